//! `GET /api/surveys`, `GET /api/surveys/{id}`.

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};

use crate::domain::SurveyStatus;

use crate::server::error::AppError;
use crate::server::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/surveys", get(list))
        .route("/surveys/{id}", get(detail))
}

/// The surveys open for answers.
async fn list(State(state): State<AppState>) -> impl IntoResponse {
    Json(state.surveys.summaries(&[SurveyStatus::Open]))
}

/// One survey's definition and state. Drafts are not public.
async fn detail(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<impl IntoResponse, AppError> {
    let stored = state.surveys.require_public(&id)?;
    Ok((
        [(header::CONTENT_TYPE, "application/json")],
        stored.detail_json.clone(),
    ))
}
