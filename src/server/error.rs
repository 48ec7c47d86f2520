//! One error type for every handler, mapped to HTTP in one place.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;

use crate::domain::wire::ApiError;
use crate::domain::{ErrorCode, FieldError};

#[derive(Debug)]
pub enum AppError {
    /// An unknown resource; the payload names what (e.g. "survey").
    NotFound(&'static str),
    /// The survey exists but is not taking responses.
    SurveyClosed,
    /// Field-level problems: 422 with every field named.
    Validation(Vec<FieldError>),
    /// The body is not JSON at all.
    MalformedJson(String),
    PayloadTooLarge,
    UnsupportedMediaType,
    /// A one-time code that was never issued for this survey.
    CodeUnknown,
    /// A one-time code already used.
    CodeSpent,
    /// A one-time code staff revoked (a lost slip).
    CodeRevoked,
    /// The survey is open but its time window has not started.
    SurveyNotStarted,
    /// The survey is open but its time window has ended.
    SurveyEnded,
    /// A response id already used for another survey.
    IdConflict,
    /// Too many submissions from one address; try again after this many seconds.
    RateLimited {
        retry_after_secs: u64,
    },
    /// No valid staff session.
    Unauthorized,
    /// Wrong user name or password.
    BadCredentials,
    /// Signed in, but the role is too weak.
    Forbidden,
    /// The right password for an account an admin has disabled.
    AccountDisabled,
    /// A staff action sent from a page of another origin (`same_origin`).
    CrossOrigin,
    /// The request clashes with what exists (the payload says what, in Chinese).
    Conflict(&'static str),
    /// Anything unexpected: logged, never detailed to the client.
    Internal(anyhow::Error),
}

impl AppError {
    pub fn status_code(&self) -> StatusCode {
        match self {
            AppError::NotFound(_) => StatusCode::NOT_FOUND,
            AppError::SurveyClosed
            | AppError::SurveyNotStarted
            | AppError::SurveyEnded
            | AppError::CodeSpent
            | AppError::IdConflict => StatusCode::CONFLICT,
            AppError::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::MalformedJson(_) => StatusCode::BAD_REQUEST,
            AppError::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            AppError::CodeUnknown
            | AppError::CodeRevoked
            | AppError::Forbidden
            | AppError::AccountDisabled
            | AppError::CrossOrigin => StatusCode::FORBIDDEN,
            AppError::Unauthorized | AppError::BadCredentials => StatusCode::UNAUTHORIZED,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// A single refused field.
    pub fn field(field: &str, error: ErrorCode) -> Self {
        AppError::Validation(vec![FieldError::new(field, error)])
    }

    /// The Chinese message and any field messages, for the command line.
    pub fn describe(&self) -> String {
        let body = self.body();
        let fields: Vec<String> = body
            .fields
            .iter()
            .map(|f| format!("{}: {}", f.field, f.message))
            .collect();
        if fields.is_empty() {
            body.message
        } else {
            format!("{} ({})", body.message, fields.join("; "))
        }
    }

    /// A single refused field with its own message.
    pub fn field_message(field: &str, error: ErrorCode, message: impl Into<String>) -> Self {
        let mut field_error = FieldError::new(field, error);
        field_error.message = message.into();
        AppError::Validation(vec![field_error])
    }

    fn body(&self) -> ApiError {
        let (error, message) = match self {
            AppError::NotFound("survey") => (
                "survey_not_found",
                "没有找到这份问卷，请检查链接是否正确".to_string(),
            ),
            AppError::NotFound("user") => ("user_not_found", "没有这个账号".to_string()),
            AppError::NotFound(_) => ("not_found", "请求的内容不存在".to_string()),
            AppError::SurveyClosed => ("survey_closed", "本次测评目前未开放，不能提交".to_string()),
            AppError::Validation(_) => ("validation", "提交的内容有误，请按提示修改".to_string()),
            AppError::MalformedJson(detail) => {
                ("malformed_json", format!("提交的数据格式不正确：{detail}"))
            }
            AppError::PayloadTooLarge => ("payload_too_large", "提交的内容过长".to_string()),
            AppError::UnsupportedMediaType => (
                "unsupported_media_type",
                "请以 JSON 格式（Content-Type: application/json）提交".to_string(),
            ),
            AppError::CodeUnknown => ("code_unknown", "测评码无效，请核对后重新输入".to_string()),
            AppError::CodeSpent => (
                "code_spent",
                "该测评码已经使用过，每个测评码只能提交一次".to_string(),
            ),
            AppError::CodeRevoked => (
                "code_revoked",
                "该测评码已作废，请向工作人员领取新的测评码".to_string(),
            ),
            AppError::SurveyNotStarted => (
                "survey_not_started",
                "本次测评尚未开始，请在开始时间后提交".to_string(),
            ),
            AppError::SurveyEnded => ("survey_ended", "本次测评已截止，不能再提交".to_string()),
            AppError::IdConflict => ("id_conflict", "提交编号已被另一份问卷使用".to_string()),
            AppError::RateLimited { .. } => {
                ("rate_limited", "请求过于频繁，请稍后重试".to_string())
            }
            AppError::Unauthorized => ("unauthorized", "请先登录".to_string()),
            AppError::BadCredentials => ("bad_credentials", "用户名或密码不正确".to_string()),
            AppError::Forbidden => ("forbidden", "您的账号没有进行此操作的权限".to_string()),
            AppError::AccountDisabled => {
                ("account_disabled", "该账号已停用，请联系管理员".to_string())
            }
            AppError::CrossOrigin => (
                "cross_origin",
                "该操作只能在本系统的页面上进行，来自其他网页的请求已被拒绝".to_string(),
            ),
            AppError::Conflict(what) => ("conflict", what.to_string()),
            AppError::Internal(_) => (
                "internal",
                "服务器暂时出现问题，请稍后重试，已填写的内容不会丢失".to_string(),
            ),
        };
        let fields = match self {
            AppError::Validation(fields) => fields.clone(),
            _ => Vec::new(),
        };
        ApiError {
            error: error.to_string(),
            message,
            fields,
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if let AppError::Internal(error) = &self {
            tracing::error!("internal error: {error:#}");
        }
        let body = self.body();
        let refused = Refused(body.error.clone());
        let mut response = (self.status_code(), Json(body)).into_response();
        // For the metrics: what a request was refused as (`observe`), never what it held.
        response.extensions_mut().insert(refused);
        if let AppError::RateLimited { retry_after_secs } = self {
            response
                .headers_mut()
                .insert(axum::http::header::RETRY_AFTER, retry_after_secs.into());
        }
        response
    }
}

/// The error code a response refused with, carried on the response for counting.
#[derive(Debug, Clone)]
pub struct Refused(pub String);

impl From<sqlx::Error> for AppError {
    fn from(error: sqlx::Error) -> Self {
        AppError::Internal(error.into())
    }
}

impl From<anyhow::Error> for AppError {
    fn from(error: anyhow::Error) -> Self {
        AppError::Internal(error)
    }
}
