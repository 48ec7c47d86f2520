//! Reading the hash-chained audit log back: `GET /api/surveys/{id}/audit` is public
//! (anyone can verify a survey's chain), drafts' chains and the chain of actions on no
//! survey are for staff. Appending is `storage::audit`'s.

use axum::extract::{Path, State};
use axum::routing::get;
use axum::{Json, Router};

use crate::domain::audit::AuditEntry;
use crate::domain::wire::Role;

use crate::server::error::AppError;
use crate::server::http::auth::CurrentUser;
use crate::server::storage::audit::chain;
use crate::server::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/surveys/{id}/audit", get(survey_chain))
        .route("/staff/surveys/{id}/audit", get(staff_survey_chain))
        .route("/staff/audit", get(system_chain))
}

/// A survey's chain is public once the survey has opened: a draft is staff's own work.
async fn survey_chain(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Vec<AuditEntry>>, AppError> {
    state.surveys.require_public(&id)?;
    Ok(Json(chain(&state.pool, Some(&id)).await?))
}

/// Any survey's chain, drafts too, for signed-in staff.
async fn staff_survey_chain(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<Vec<AuditEntry>>, AppError> {
    user.require(Role::Viewer)?;
    state.surveys.require(&id)?;
    Ok(Json(chain(&state.pool, Some(&id)).await?))
}

/// Sign-ins and account changes: for admins only.
async fn system_chain(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Json<Vec<AuditEntry>>, AppError> {
    user.require(Role::Admin)?;
    Ok(Json(chain(&state.pool, None).await?))
}
