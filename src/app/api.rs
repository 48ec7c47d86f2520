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
}

async fn read<T: serde::de::DeserializeOwned>(request: Request) -> Result<T, ApiFailure> {
    let response = request
        .send()
        .await
        .map_err(|e| ApiFailure::Retryable(e.to_string()))?;
    let status = response.status();
    if response.ok() {
        return response
            .json::<T>()
            .await
            .map_err(|e| ApiFailure::Retryable(e.to_string()));
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
pub async fn submit(survey_id: &str, submission: &Submission) -> Result<Receipt, ApiFailure> {
    let request = Request::post(&format!("/api/surveys/{survey_id}/responses"))
        .json(submission)
        .map_err(|e| ApiFailure::Retryable(e.to_string()))?;
    read(request).await
}
