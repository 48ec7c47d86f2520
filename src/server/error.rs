//! One error type for every handler, mapped to HTTP in one place.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;

use crate::domain::wire::ApiError;
use crate::domain::{ErrorCode, FieldError};

/// What a handler (or a command sharing its code) returns.
pub type Result<T, E = AppError> = std::result::Result<T, E>;

/// Every way a request is refused. Each variant's `Display` is the Chinese message the API
/// answers with; [`AppError::code`] is its machine-readable `error`.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// No survey of that id (or, for the public, none past its draft).
    #[error("没有找到这份问卷，请检查链接是否正确")]
    SurveyNotFound,
    /// No staff account of that name.
    #[error("没有这个账号")]
    UserNotFound,
    /// No task of that id, or another account's.
    #[error("请求的内容不存在")]
    JobNotFound,
    /// The survey has not been published.
    #[error("请求的内容不存在")]
    PublicationNotFound,
    /// A published survey has no chart of that name (or shows none: withheld).
    #[error("请求的内容不存在")]
    ChartNotFound,
    /// No batch of one-time codes of that number for the survey.
    #[error("请求的内容不存在")]
    CodeBatchNotFound,
    /// A ballot's page (its slips, its tally) asked of a survey that is not a ballot.
    #[error("请求的内容不存在")]
    NotABallot,
    /// No API route at that path.
    #[error("请求的内容不存在")]
    RouteNotFound,
    /// The survey exists but is not taking responses.
    #[error("本次测评目前未开放，不能提交")]
    SurveyClosed,
    /// Field-level problems: 422 with every field named.
    #[error("提交的内容有误，请按提示修改")]
    Validation(Vec<FieldError>),
    /// The body is not JSON at all.
    #[error("提交的数据格式不正确：{0}")]
    MalformedJson(String),
    #[error("提交的内容过长")]
    PayloadTooLarge,
    #[error("请以 JSON 格式（Content-Type: application/json）提交")]
    UnsupportedMediaType,
    /// A one-time code that was never issued for this survey.
    #[error("测评码无效，请核对后重新输入")]
    CodeUnknown,
    /// A one-time code already used.
    #[error("该测评码已经使用过，每个测评码只能提交一次")]
    CodeSpent,
    /// A one-time code staff revoked (a lost slip).
    #[error("该测评码已作废，请向工作人员领取新的测评码")]
    CodeRevoked,
    /// The survey is open but its time window has not started.
    #[error("本次测评尚未开始，请在开始时间后提交")]
    SurveyNotStarted,
    /// The survey is open but its time window has ended.
    #[error("本次测评已截止，不能再提交")]
    SurveyEnded,
    /// A response id already used for another survey.
    #[error("提交编号已被另一份问卷使用")]
    IdConflict,
    /// Too many submissions from one address; try again after this many seconds.
    #[error("请求过于频繁，请稍后重试")]
    RateLimited { retry_after_secs: u64 },
    /// No valid staff session.
    #[error("请先登录")]
    Unauthorized,
    /// Wrong user name or password.
    #[error("用户名或密码不正确")]
    BadCredentials,
    /// Signed in, but the role is too weak.
    #[error("您的账号没有进行此操作的权限")]
    Forbidden,
    /// The right password for an account an admin has disabled.
    #[error("该账号已停用，请联系管理员")]
    AccountDisabled,
    /// A staff action sent from a page of another origin (`same_origin`).
    #[error("该操作只能在本系统的页面上进行，来自其他网页的请求已被拒绝")]
    CrossOrigin,
    /// The request clashes with what exists (the payload says what, in Chinese).
    #[error("{0}")]
    Conflict(&'static str),
    /// Anything unexpected: logged with its cause, never detailed to the client.
    #[error("服务器暂时出现问题，请稍后重试，已填写的内容不会丢失")]
    Internal(#[source] anyhow::Error),
}

impl AppError {
    pub fn status_code(&self) -> StatusCode {
        match self {
            AppError::SurveyNotFound
            | AppError::UserNotFound
            | AppError::JobNotFound
            | AppError::PublicationNotFound
            | AppError::ChartNotFound
            | AppError::CodeBatchNotFound
            | AppError::NotABallot
            | AppError::RouteNotFound => StatusCode::NOT_FOUND,
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

    /// The machine-readable `error` of the answer: what a client branches on.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::SurveyNotFound => "survey_not_found",
            AppError::UserNotFound => "user_not_found",
            AppError::JobNotFound
            | AppError::PublicationNotFound
            | AppError::ChartNotFound
            | AppError::CodeBatchNotFound
            | AppError::NotABallot
            | AppError::RouteNotFound => "not_found",
            AppError::SurveyClosed => "survey_closed",
            AppError::Validation(_) => "validation",
            AppError::MalformedJson(_) => "malformed_json",
            AppError::PayloadTooLarge => "payload_too_large",
            AppError::UnsupportedMediaType => "unsupported_media_type",
            AppError::CodeUnknown => "code_unknown",
            AppError::CodeSpent => "code_spent",
            AppError::CodeRevoked => "code_revoked",
            AppError::SurveyNotStarted => "survey_not_started",
            AppError::SurveyEnded => "survey_ended",
            AppError::IdConflict => "id_conflict",
            AppError::RateLimited { .. } => "rate_limited",
            AppError::Unauthorized => "unauthorized",
            AppError::BadCredentials => "bad_credentials",
            AppError::Forbidden => "forbidden",
            AppError::AccountDisabled => "account_disabled",
            AppError::CrossOrigin => "cross_origin",
            AppError::Conflict(_) => "conflict",
            AppError::Internal(_) => "internal",
        }
    }

    fn body(&self) -> ApiError {
        let fields = match self {
            AppError::Validation(fields) => fields.clone(),
            _ => Vec::new(),
        };
        ApiError {
            error: self.code().to_string(),
            message: self.to_string(),
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

impl From<crate::server::storage::Error> for AppError {
    fn from(error: crate::server::storage::Error) -> Self {
        AppError::Internal(error.into())
    }
}

impl From<anyhow::Error> for AppError {
    fn from(error: anyhow::Error) -> Self {
        AppError::Internal(error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_error_says_its_code_and_its_message() {
        let cases = [
            (
                AppError::SurveyNotFound,
                StatusCode::NOT_FOUND,
                "survey_not_found",
                "没有找到这份问卷，请检查链接是否正确",
            ),
            (
                AppError::UserNotFound,
                StatusCode::NOT_FOUND,
                "user_not_found",
                "没有这个账号",
            ),
            (
                AppError::JobNotFound,
                StatusCode::NOT_FOUND,
                "not_found",
                "请求的内容不存在",
            ),
            (
                AppError::MalformedJson("第 1 行".into()),
                StatusCode::BAD_REQUEST,
                "malformed_json",
                "提交的数据格式不正确：第 1 行",
            ),
            (
                AppError::Conflict("已有同名账号"),
                StatusCode::CONFLICT,
                "conflict",
                "已有同名账号",
            ),
        ];
        for (error, status, code, message) in cases {
            assert_eq!(error.status_code(), status, "{error:?}");
            let body = error.body();
            assert_eq!(
                (body.error.as_str(), body.message.as_str()),
                (code, message)
            );
            assert_eq!(error.to_string(), message);
        }
    }

    #[test]
    fn an_internal_error_keeps_its_cause_for_the_log_not_the_client() {
        let error = AppError::from(anyhow::anyhow!("disk full at /var/lib/manyi"));
        assert!(!error.body().message.contains("disk"));
        let cause = std::error::Error::source(&error).expect("the cause is kept");
        assert_eq!(cause.to_string(), "disk full at /var/lib/manyi");
    }

    #[test]
    fn the_command_line_reads_the_message_and_the_fields() {
        let error = AppError::field_message("username", ErrorCode::Required, "请填写用户名");
        assert_eq!(
            error.describe(),
            "提交的内容有误，请按提示修改 (username: 请填写用户名)"
        );
    }
}
