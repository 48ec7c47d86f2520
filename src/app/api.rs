//! The one typed HTTP client of the app. Types come from `domain::wire`, shared with the
//! server.

use gloo_net::http::Request;

use crate::domain::wire::{ApiError, Receipt, Submission, SurveyDetail, SurveySummary};

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

async fn read<T: serde::de::DeserializeOwned>(request: Request) -> Result<T, ApiFailure> {
    let response = request
        .send()
        .await
        .map_err(|e| ApiFailure::Retryable(e.to_string()))?;
    let status = response.status();
    if response.ok() {
        // An answer that does not read is not a network problem: say so, do not retry.
        return response.json::<T>().await.map_err(|e| ApiFailure::Refused {
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
    match response.json::<ApiError>().await {
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

async fn get<T: serde::de::DeserializeOwned>(url: &str) -> Result<T, ApiFailure> {
    let request = Request::get(url)
        .build()
        .map_err(|e| ApiFailure::Retryable(e.to_string()))?;
    read(request).await
}

pub async fn list_surveys() -> Result<Vec<SurveySummary>, ApiFailure> {
    get("/api/surveys").await
}

pub async fn get_survey(id: &str) -> Result<SurveyDetail, ApiFailure> {
    get(&format!("/api/surveys/{id}")).await
}

/// Submit a response; the same submission may be sent any number of times.
/// Send a response; a `secret` ballot's body is padded so its length tells nothing.
pub async fn submit(
    survey_id: &str,
    submission: &Submission,
    secret: bool,
) -> Result<Receipt, ApiFailure> {
    let url = format!("/api/surveys/{survey_id}/responses");
    let request = if secret {
        post_padded(&url, submission)
    } else {
        Request::post(&url).json(submission)
    }
    .map_err(|e| ApiFailure::Retryable(e.to_string()))?;
    read(request).await
}

/// A POST of a ballot, padded (`domain::wire::padded_body`).
fn post_padded<T: serde::Serialize>(
    url: &str,
    body: &T,
) -> Result<gloo_net::http::Request, gloo_net::Error> {
    Request::post(url)
        .header("content-type", "application/json")
        .body(crate::domain::wire::padded_body(body))
}

// ---- staff: sign-in and results (the session cookie travels with same-origin requests) ----

use crate::domain::results::{Breakdown, WaveComparison};
use crate::domain::wire::{
    AttendanceInput, BallotView, LoginRequest, ResultsView, StaffSurvey, StaffUser, StatusChange,
};

/// Percent-encode a query value or a path segment (filters carry `:`, `|` and `;`, a user
/// name may carry `@`).
fn query_value(text: &str) -> String {
    js_sys::encode_uri_component(text).into()
}

async fn send_json<B: serde::Serialize, T: serde::de::DeserializeOwned>(
    method: &str,
    url: &str,
    body: &B,
) -> Result<T, ApiFailure> {
    let builder = match method {
        "PUT" => Request::put(url),
        _ => Request::post(url),
    };
    let request = builder
        .json(body)
        .map_err(|e| ApiFailure::Retryable(e.to_string()))?;
    read(request).await
}

pub async fn login(request: &LoginRequest) -> Result<StaffUser, ApiFailure> {
    send_json("POST", "/api/auth/login", request).await
}

pub async fn logout() -> Result<serde_json::Value, ApiFailure> {
    send_json("POST", "/api/auth/logout", &serde_json::json!({})).await
}

pub async fn me() -> Result<StaffUser, ApiFailure> {
    get("/api/auth/me").await
}

pub async fn staff_surveys() -> Result<Vec<StaffSurvey>, ApiFailure> {
    get("/api/staff/surveys").await
}

pub async fn results(survey_id: &str, filter: &str) -> Result<ResultsView, ApiFailure> {
    get(&format!(
        "/api/staff/surveys/{survey_id}/results?filter={}",
        query_value(filter)
    ))
    .await
}

pub async fn breakdown(survey_id: &str, by: &str, filter: &str) -> Result<Breakdown, ApiFailure> {
    get(&format!(
        "/api/staff/surveys/{survey_id}/breakdown?by={}&filter={}",
        query_value(by),
        query_value(filter)
    ))
    .await
}

pub async fn waves(survey_id: &str) -> Result<WaveComparison, ApiFailure> {
    get(&format!("/api/staff/surveys/{survey_id}/waves")).await
}

pub async fn ballot(survey_id: &str) -> Result<BallotView, ApiFailure> {
    get(&format!("/api/staff/surveys/{survey_id}/ballot")).await
}

pub async fn set_attendance(
    survey_id: &str,
    attendance: &AttendanceInput,
) -> Result<AttendanceInput, ApiFailure> {
    send_json(
        "PUT",
        &format!("/api/staff/surveys/{survey_id}/attendance"),
        attendance,
    )
    .await
}

/// A status change, followed under `job` (see [`job_progress`]) when one is given.
pub async fn set_status(
    survey_id: &str,
    change: &StatusChange,
    job: Option<&str>,
) -> Result<crate::domain::wire::StatusChanged, ApiFailure> {
    let query = job.map(|id| format!("?job={id}")).unwrap_or_default();
    send_json(
        "POST",
        &format!("/api/staff/surveys/{survey_id}/status{query}"),
        change,
    )
    .await
}

/// How far a long task started with `?job=…` has got.
pub async fn job_progress(job: &str) -> Result<crate::domain::jobs::JobProgress, ApiFailure> {
    get(&format!("/api/staff/jobs/{job}")).await
}

/// The server-sent event stream that ticks when a survey's responses change.
pub fn events_url(survey_id: &str) -> String {
    format!("/api/staff/surveys/{survey_id}/events")
}

/// Any survey's audit chain, a draft's too (signed-in staff).
pub async fn staff_audit_chain(
    survey_id: &str,
) -> Result<Vec<crate::domain::audit::AuditEntry>, ApiFailure> {
    get(&format!("/api/staff/surveys/{survey_id}/audit")).await
}

// ---- publication ----

use crate::domain::wire::{TextAnswer, TextDecision};

/// Free-text answers with their review state (staff).
pub async fn text_answers(survey_id: &str) -> Result<Vec<TextAnswer>, ApiFailure> {
    get(&format!("/api/staff/surveys/{survey_id}/texts")).await
}

pub async fn review_texts(
    survey_id: &str,
    decisions: &[TextDecision],
) -> Result<serde_json::Value, ApiFailure> {
    send_json(
        "PUT",
        &format!("/api/staff/surveys/{survey_id}/texts"),
        &decisions,
    )
    .await
}

/// Enter one paper ballot (staff); retrying the same ballot stores it once.
pub async fn enter_paper_ballot(
    survey_id: &str,
    ballot: &crate::domain::wire::PaperBallot,
) -> Result<Receipt, ApiFailure> {
    let url = format!("/api/staff/surveys/{survey_id}/paper-ballots");
    let request = post_padded(&url, ballot).map_err(|e| ApiFailure::Retryable(e.to_string()))?;
    read(request).await
}

// ---- builder and distribution ----

use crate::domain::distribution::{
    ChannelInfo, CodeBatchInfo, CodeBatchIssued, CodeBatchRequest, DefinitionSaved, DefinitionView,
    NewChannel, RevokeCode, Revoked,
};
use crate::domain::schedule::Schedule;
use crate::domain::Survey;

/// A survey's definition, state, window and response count, drafts included (staff).
pub async fn definition(survey_id: &str) -> Result<DefinitionView, ApiFailure> {
    get(&format!("/api/staff/surveys/{survey_id}/definition")).await
}

/// A new draft survey.
pub async fn create_survey(survey: &Survey) -> Result<DefinitionSaved, ApiFailure> {
    send_json("POST", "/api/staff/surveys/new", survey).await
}

/// Save an edited definition; the answer names a new version if one was made.
pub async fn save_definition(survey: &Survey) -> Result<DefinitionSaved, ApiFailure> {
    send_json(
        "PUT",
        &format!("/api/staff/surveys/{}/definition", survey.id),
        survey,
    )
    .await
}

pub async fn set_schedule(survey_id: &str, schedule: &Schedule) -> Result<Schedule, ApiFailure> {
    send_json(
        "PUT",
        &format!("/api/staff/surveys/{survey_id}/schedule"),
        schedule,
    )
    .await
}

pub async fn channels(survey_id: &str) -> Result<Vec<ChannelInfo>, ApiFailure> {
    get(&format!("/api/staff/surveys/{survey_id}/channels")).await
}

pub async fn add_channel(survey_id: &str, channel: &NewChannel) -> Result<NewChannel, ApiFailure> {
    send_json(
        "POST",
        &format!("/api/staff/surveys/{survey_id}/channels"),
        channel,
    )
    .await
}

/// The QR code (SVG) of a survey's link or a channel's, for `<img>` and download.
pub fn qr_url(survey_id: &str, origin: &str, channel: &str) -> String {
    format!(
        "/api/staff/surveys/{survey_id}/qr.svg?origin={}&channel={}",
        query_value(origin),
        query_value(channel)
    )
}

/// A new batch of one-time codes: the only time they are ever shown.
pub async fn issue_codes(
    survey_id: &str,
    request: &CodeBatchRequest,
) -> Result<CodeBatchIssued, ApiFailure> {
    send_json(
        "POST",
        &format!("/api/staff/surveys/{survey_id}/code-batches"),
        request,
    )
    .await
}

pub async fn code_batches(survey_id: &str) -> Result<Vec<CodeBatchInfo>, ApiFailure> {
    get(&format!("/api/staff/surveys/{survey_id}/code-batches")).await
}

pub async fn revoke_batch(survey_id: &str, batch: u32) -> Result<Revoked, ApiFailure> {
    send_json(
        "POST",
        &format!("/api/staff/surveys/{survey_id}/code-batches/{batch}/revoke"),
        &serde_json::json!({}),
    )
    .await
}

pub async fn revoke_code(survey_id: &str, code: &str) -> Result<Revoked, ApiFailure> {
    send_json(
        "POST",
        &format!("/api/staff/surveys/{survey_id}/codes/revoke"),
        &RevokeCode { code: code.into() },
    )
    .await
}

// ---- accounts (admins) ----

use crate::domain::wire::{Account, AccountState, NewPassword, NewUser, PasswordSet};

/// Every staff account with its state and live sessions.
pub async fn accounts() -> Result<Vec<Account>, ApiFailure> {
    get("/api/staff/users").await
}

pub async fn add_account(user: &NewUser) -> Result<StaffUser, ApiFailure> {
    send_json("POST", "/api/staff/users", user).await
}

/// Disable (`true`) or enable an account; disabling ends its sessions at once.
pub async fn set_account_disabled(
    username: &str,
    disable: bool,
) -> Result<AccountState, ApiFailure> {
    let action = if disable { "disable" } else { "enable" };
    let url = format!("/api/staff/users/{}/{action}", query_value(username));
    send_json("POST", &url, &serde_json::json!({})).await
}

/// Set a password (`None`: the server generates one, returned this once); the account's
/// sessions end.
pub async fn set_account_password(
    username: &str,
    password: &NewPassword,
) -> Result<PasswordSet, ApiFailure> {
    let url = format!("/api/staff/users/{}/password", query_value(username));
    send_json("POST", &url, password).await
}
