//! Opening, closing and publishing a survey: one change at a time, each written with its
//! audit entry in one transaction. Staff and the schedule both come through here.
//!
//! Changes take turns on [`AppState::lifecycle`] and then re-read the survey, so a publish
//! racing a reopen finds the survey as the other left it; the database update is also
//! conditional on the status it changes from.

use axum::extract::{Path, Query, State};
use axum::routing::post;
use axum::{Json, Router};
use tokio::sync::MutexGuard;

use crate::domain::jobs::JobStep;
use crate::domain::wire::{Role, StatusChange, StatusChanged};
use crate::domain::{ErrorCode, SurveyKind, SurveyStatus};

use super::auth::CurrentUser;
use super::error::AppError;
use super::extract::JsonBody;
use super::jobs::{Job, JobParam};
use super::store::{StoredSurvey, SurveyStore};
use super::AppState;

/// Proof that the caller holds the lifecycle turn.
pub type Turn<'a> = MutexGuard<'a, ()>;

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
        let changed = change_status(&state, &user, &id, change, &job).await;
        match &changed {
            Ok(_) => job.finish(),
            Err(error) => job.fail(&error.describe()),
        }
        changed
    });
    let changed = task.await.map_err(|e| AppError::Internal(e.into()))??;
    Ok(Json(changed))
}

async fn change_status(
    state: &AppState,
    user: &CurrentUser,
    id: &str,
    change: StatusChange,
    job: &Job,
) -> Result<StatusChanged, AppError> {
    let turn = state.lifecycle.lock().await;
    let stored = state.surveys.require(id)?;
    // Publishing says why it can't (`publish::publish`).
    let publishing = change.status == SurveyStatus::Published;
    if !publishing && !stored.status.can_become(change.status, stored.survey.kind) {
        let message = if stored.survey.kind == SurveyKind::Ballot {
            "测评票结束后不能重新开放；如需再次表决，请发起下一轮"
        } else {
            "不能从当前状态转到该状态"
        };
        return Err(AppError::field_message(
            "status",
            ErrorCode::InvalidChoice,
            message,
        ));
    }
    let actor = &user.0.username;
    let changed = match change.status {
        SurveyStatus::Published => {
            let publication = super::publish::publish(state, &turn, &stored, actor, job).await?;
            StatusChanged {
                status: SurveyStatus::Published,
                responses: Some(publication.published_responses),
                digest: Some(publication.data_digest),
            }
        }
        SurveyStatus::Closed => {
            let (responses, digest) = close(state, &turn, &stored, actor, job).await?;
            StatusChanged {
                status: SurveyStatus::Closed,
                responses: Some(responses),
                digest: Some(digest),
            }
        }
        SurveyStatus::Open => {
            open(state, &turn, &stored, actor).await?;
            StatusChanged {
                status: SurveyStatus::Open,
                responses: None,
                digest: None,
            }
        }
        SurveyStatus::Draft => unreachable!("no status becomes a draft again"),
    };
    Ok(changed)
}

async fn open(
    state: &AppState,
    _turn: &Turn<'_>,
    stored: &StoredSurvey,
    actor: &str,
) -> Result<(), AppError> {
    let id = &stored.survey.id;
    let _append = super::audit::turn().await;
    let mut tx = super::audit::begin(&state.pool).await?;
    SurveyStore::update_status(&mut tx, id, stored.status, SurveyStatus::Open).await?;
    let detail = serde_json::json!({"from": stored.status, "to": SurveyStatus::Open});
    super::audit::append(&mut tx, actor, "open", Some(id), detail).await?;
    tx.commit().await?;
    state.surveys.mark(id, SurveyStatus::Open);
    state.live.ensure(&stored.survey).touch();
    Ok(())
}

/// Close an open survey: nothing is taken after this, the responses are frozen, and the
/// count, digest (and a ballot's session) are written with the close's audit entry.
pub(super) async fn close(
    state: &AppState,
    _turn: &Turn<'_>,
    stored: &StoredSurvey,
    actor: &str,
    job: &Job,
) -> Result<(u64, String), AppError> {
    let id = &stored.survey.id;
    // From here the writer refuses this survey's submissions; those it already holds are
    // flushed into the frozen set. A ballot's counts stay sealed until the close commits.
    state.surveys.mark_closing(id);
    let closed = close_in_database(state, stored, actor, job).await;
    state.surveys.mark(
        id,
        if closed.is_ok() {
            SurveyStatus::Closed
        } else {
            stored.status
        },
    );
    let frozen = closed?;
    if frozen.session.is_some() {
        super::freeze::forget_commit_order(&state.pool).await;
    }
    state.live.ensure(&stored.survey).touch();
    Ok((frozen.responses, frozen.digest))
}

async fn close_in_database(
    state: &AppState,
    stored: &StoredSurvey,
    actor: &str,
    job: &Job,
) -> Result<super::freeze::Frozen, AppError> {
    let id = &stored.survey.id;
    let frozen = super::freeze::freeze(&state.pool, &state.writer, &stored.survey, job).await?;
    job.step(JobStep::Saving, None);
    let mut detail = serde_json::json!({
        "from": stored.status,
        "to": SurveyStatus::Closed,
        "responses": frozen.responses,
        "digest": frozen.digest,
    });
    if let Some(session) = frozen.session {
        detail["members"] = session.attendance.members.into();
        detail["present"] = session.attendance.present.into();
        detail["paper_ballots"] = session.paper_ballots.into();
    }
    let _append = super::audit::turn().await;
    let mut tx = super::audit::begin(&state.pool).await?;
    SurveyStore::update_status(&mut tx, id, stored.status, SurveyStatus::Closed).await?;
    super::freeze::record(&mut tx, id, &frozen).await?;
    super::audit::append(&mut tx, actor, "close", Some(id), detail).await?;
    tx.commit().await?;
    Ok(frozen)
}
