//! `POST /api/staff/surveys/{id}/status`: staff open, close and publish a survey; the
//! change itself is `services::lifecycle`'s. With `?job=…` its progress can be followed.

use axum::extract::{Path, Query, State};
use axum::routing::post;
use axum::{Json, Router};

use crate::domain::jobs::JobStep;
use crate::domain::wire::{Role, StatusChange, StatusChanged};
use crate::server::error::AppError;
use crate::server::http::auth::CurrentUser;
use crate::server::http::extract::JsonBody;
use crate::server::http::jobs::JobParam;
use crate::server::services::lifecycle::change_status;
use crate::server::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/staff/surveys/{id}/status", post(set_status))
}

/// A status change; with `?job=…` its progress can be followed (`jobs`).
async fn set_status(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    Query(job): JobParam,
    JsonBody(change): JsonBody<StatusChange>,
) -> Result<Json<StatusChanged>, AppError> {
    let job = state
        .jobs
        .start(job.id()?, &user.0.username, JobStep::Waiting)?;
    if let Err(error) = user.require(Role::Staff) {
        job.fail(&error.describe());
        return Err(error);
    }
    // Run to the end even if the browser goes away: a close or a publication cut off
    // halfway would leave the survey between states. The page follows it by its job.
    let task = tokio::spawn(async move {
        let changed = change_status(&state, &user.0.username, &id, change, &job).await;
        match &changed {
            Ok(_) => job.finish(),
            Err(error) => job.fail(&error.describe()),
        }
        changed
    });
    let changed = task.await.map_err(|e| AppError::Internal(e.into()))??;
    Ok(Json(changed))
}
