//! The typed HTTP client's core, shared by every bundle: how a request is sent and its
//! answer read ([`ApiFailure`] when it is not the wanted one), and the calls two bundles
//! make (staff sign-in, a survey's definition). Each audience's own calls live beside it:
//! `respondent::api`, `staff::api`, `builder::api`. Types come from `domain::wire`, shared
//! with the server; the staff session cookie travels with same-origin requests.

use gloo_net::http::Request;

use crate::domain::distribution::DefinitionView;
use crate::domain::wire::{ApiError, LoginRequest, StaffUser};

/// Why a request did not give the wanted answer.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiFailure {
    /// No answer at all (offline, timeout) or a server-side failure: worth retrying.
    Retryable(String),
    /// The server refused the request: retrying the same request cannot help.
    Refused { status: u16, error: ApiError },
}

impl ApiFailure {
    /// A message for people, in Chinese.
    pub fn message(&self) -> String {
        match self {
            ApiFailure::Retryable(_) => "网络连接不可用，请检查网络后重试".into(),
            ApiFailure::Refused { error, .. } => error.message.clone(),
        }
    }

    /// The message of the first field the server named, else [`message`](Self::message):
    /// for a form that shows one line.
    pub fn field_message(&self) -> String {
        match self {
            ApiFailure::Refused { error, .. } => error
                .fields
                .first()
                .map(|f| f.message.clone())
                .unwrap_or_else(|| error.message.clone()),
            other => other.message(),
        }
    }
}

/// The [`message`](ApiFailure::message), so that a failed load can end in an `ErrorBoundary`.
impl std::fmt::Display for ApiFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for ApiFailure {}

pub(crate) async fn read<T: serde::de::DeserializeOwned>(
    request: Request,
) -> Result<T, ApiFailure> {
    let response = request
        .send()
        .await
        .map_err(|e| ApiFailure::Retryable(e.to_string()))?;
    let status = response.status();
    if response.ok() {
        // An answer that does not read is not a network problem: say so, do not retry.
        let body = response.text().await.unwrap_or_default();
        return super::json::from_str::<T>(&body).map_err(|e| ApiFailure::Refused {
            status,
            error: ApiError {
                error: "unreadable".into(),
                message: format!("服务器返回的数据无法读取：{e}"),
                fields: vec![],
            },
        });
    }
    // 408, 429 and 5xx are passing troubles; other 4xx are final.
    if status >= 500 || status == 408 || status == 429 {
        return Err(ApiFailure::Retryable(format!("HTTP {status}")));
    }
    let body = response.text().await.unwrap_or_default();
    match super::json::from_str::<ApiError>(&body) {
        Ok(error) => Err(ApiFailure::Refused { status, error }),
        Err(_) => Err(ApiFailure::Refused {
            status,
            error: ApiError {
                error: "http".into(),
                message: format!("请求失败（HTTP {status}）"),
                fields: vec![],
            },
        }),
    }
}

pub(crate) async fn get<T: serde::de::DeserializeOwned>(url: &str) -> Result<T, ApiFailure> {
    let request = Request::get(url)
        .build()
        .map_err(|e| ApiFailure::Retryable(e.to_string()))?;
    read(request).await
}

pub(crate) async fn send_json<B: serde::Serialize, T: serde::de::DeserializeOwned>(
    method: &str,
    url: &str,
    body: &B,
) -> Result<T, ApiFailure> {
    let builder = match method {
        "PUT" => Request::put(url),
        _ => Request::post(url),
    };
    let body = to_json(body)?;
    let request = builder
        .header("content-type", "application/json")
        .body(body)
        .map_err(|e| ApiFailure::Retryable(e.to_string()))?;
    read(request).await
}

/// A POST of a ballot, padded (`domain::wire::padded_body`).
pub(crate) fn post_padded<T: serde::Serialize>(url: &str, body: &T) -> Result<Request, ApiFailure> {
    post_json_text(url, crate::domain::wire::pad_body(to_json(body)?))
}

/// A POST of `body` as JSON.
pub(crate) fn post_json<T: serde::Serialize>(url: &str, body: &T) -> Result<Request, ApiFailure> {
    post_json_text(url, to_json(body)?)
}

fn to_json<T: serde::Serialize>(body: &T) -> Result<String, ApiFailure> {
    super::json::to_string(body).map_err(ApiFailure::Retryable)
}

fn post_json_text(url: &str, body: String) -> Result<Request, ApiFailure> {
    Request::post(url)
        .header("content-type", "application/json")
        .body(body)
        .map_err(|e| ApiFailure::Retryable(e.to_string()))
}

/// Percent-encode a query value or a path segment (filters carry `:`, `|` and `;`, a user
/// name may carry `@`).
pub(crate) fn query_value(text: &str) -> String {
    js_sys::encode_uri_component(text).into()
}

// ---- staff sign-in (the dashboard and the builder) ----

pub async fn login(request: &LoginRequest) -> Result<StaffUser, ApiFailure> {
    send_json("POST", "/api/auth/login", request).await
}

pub async fn logout() -> Result<serde_json::Value, ApiFailure> {
    send_json("POST", "/api/auth/logout", &serde_json::json!({})).await
}

pub async fn me() -> Result<StaffUser, ApiFailure> {
    get("/api/auth/me").await
}

// ---- the definition (the dashboard's distribution panel and the builder) ----

/// A survey's definition, state, window and response count, drafts included (staff).
pub async fn definition(survey_id: &str) -> Result<DefinitionView, ApiFailure> {
    get(&format!("/api/staff/surveys/{survey_id}/definition")).await
}
