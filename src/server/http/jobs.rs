//! `GET /api/staff/jobs/{id}`: the progress of a long task (an export, a close, a
//! publication) for the account that started it, and the `?job=…` parameter by which a
//! request names the task it starts (`services::jobs`).

use axum::extract::{Path, Query, State};
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;

use crate::domain::jobs::{is_job_id, JobProgress};
use crate::domain::ErrorCode;
use crate::server::error::AppError;
use crate::server::http::auth::CurrentUser;
use crate::server::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/staff/jobs/{id}", get(progress))
}

async fn progress(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<JobProgress>, AppError> {
    // Only the account that started a task sees it.
    state
        .jobs
        .progress(&id, &user.0.username)
        .map(Json)
        .ok_or(AppError::JobNotFound)
}

/// `?job=…` on a request that does a long task.
#[derive(Debug, Default, Deserialize)]
pub struct JobQuery {
    pub job: Option<String>,
}

impl JobQuery {
    /// The id, checked; 422 naming `job` when it is malformed.
    pub fn id(&self) -> Result<Option<&str>, AppError> {
        match self.job.as_deref() {
            Some(id) if !is_job_id(id) => Err(AppError::field_message(
                "job",
                ErrorCode::WrongType,
                "任务编号格式不正确",
            )),
            other => Ok(other),
        }
    }
}

/// The query extractor for [`JobQuery`].
pub type JobParam = Query<JobQuery>;
