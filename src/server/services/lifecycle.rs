//! Opening, closing and publishing a survey: one change at a time, each written with its
//! audit entry in one transaction. Staff and the schedule both come through here.
//!
//! Changes take turns on [`AppState::lifecycle`] and then re-read the survey, so a publish
//! racing a reopen finds the survey as the other left it; the database update is also
//! conditional on the status it changes from. Knows neither HTTP (`http::lifecycle`
//! answers for it) nor SQL.

use crate::domain::jobs::JobStep;
use crate::domain::wire::{StatusChange, StatusChanged};
use crate::domain::{ErrorCode, SurveyKind, SurveyStatus};

use crate::server::error::AppError;
use crate::server::services::jobs::Job;
use crate::server::services::store::{StoredSurvey, SurveyStore};
use crate::server::services::{freeze, publish};
use crate::server::storage;
use crate::server::AppState;

/// Proof that the caller holds the lifecycle turn.
pub type Turn<'a> = crate::server::services::nodes::LifecycleTurn<'a>;

/// Change a survey's status as `actor` asks (publishing says why it can't), with `job`
/// following the close or the publication.
pub async fn change_status(
    state: &AppState,
    actor: &str,
    id: &str,
    change: StatusChange,
    job: &Job,
) -> Result<StatusChanged, AppError> {
    let turn = state.lifecycle_turn().await?;
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
    let changed = match change.status {
        SurveyStatus::Published => {
            let publication = publish::publish(state, &turn, &stored, actor, job).await?;
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
    let _append = storage::audit::turn().await;
    let mut tx = storage::audit::begin(&state.pool).await?;
    SurveyStore::update_status(&mut tx, id, stored.status, SurveyStatus::Open).await?;
    let detail = serde_json::json!({"from": stored.status, "to": SurveyStatus::Open});
    storage::audit::append(&mut tx, actor, "open", Some(id), detail).await?;
    tx.commit().await?;
    state.surveys.mark(id, SurveyStatus::Open);
    state.live.ensure(&stored.survey).touch();
    Ok(())
}

/// Close an open survey: nothing is taken after this, the responses are frozen, and the
/// count, digest (and a ballot's session) are written with the close's audit entry.
pub async fn close(
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
        freeze::forget_commit_order(&state.pool).await;
    }
    state.live.ensure(&stored.survey).touch();
    Ok((frozen.responses, frozen.digest))
}

async fn close_in_database(
    state: &AppState,
    stored: &StoredSurvey,
    actor: &str,
    job: &Job,
) -> Result<freeze::Frozen, AppError> {
    let id = &stored.survey.id;
    state.writer.flush().await?;
    let (frozen, _append, mut tx) =
        if storage::Dialect::of(&state.pool) == storage::Dialect::Postgres {
            // Several nodes: the insert turn is held from before the digest to the COMMIT, so
            // every response any node acknowledged before is frozen, and any after finds the
            // survey closed (the writer reads the status in its turn).
            // The insert turn before the append turn, as the writer takes them.
            let append = storage::audit::turn().await;
            let mut tx = state.pool.begin().await?;
            storage::responses::take_insert_turn(&mut tx).await?;
            (
                freeze::freeze(&state.pool, &stored.survey, job).await?,
                append,
                tx,
            )
        } else {
            // One writer, which refuses this survey already: digest before taking the write
            // lock, while the other surveys go on taking answers.
            let frozen = freeze::freeze(&state.pool, &stored.survey, job).await?;
            let append = storage::audit::turn().await;
            (frozen, append, storage::audit::begin(&state.pool).await?)
        };
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
    SurveyStore::update_status(&mut tx, id, stored.status, SurveyStatus::Closed).await?;
    freeze::record(&mut tx, id, &frozen).await?;
    let postgres = storage::Dialect::of(&state.pool) == storage::Dialect::Postgres;
    if frozen.session.is_some() && postgres {
        // With the close, or not at all: a ballot's rows never keep their commit order.
        storage::ballots::rewrite(&mut tx, id).await?;
    }
    storage::audit::append(&mut tx, actor, "close", Some(id), detail).await?;
    tx.commit().await?;
    Ok(frozen)
}
