//! Storing a secret ballot (docs/trust.md): under an id the server draws, with the vote's
//! date for a time, no channel and a random rowid, so nothing keeps when or in what order
//! it came; the member's submission id kept apart, only to answer a retry; a paper ballot
//! counted and capped, and logged in the same transaction.

use uuid::Uuid;

use crate::domain::ballot::paper_ballot_allowed;
use crate::domain::calendar::beijing_day_start;

use super::{receipt, refusal_at, spend_code, NewResponse, Outcome, ResponseKind, Stored, Written};
use crate::server::error::AppError;
use crate::server::services::store::SurveyStore;
use crate::server::storage::{self, Connection};

/// Store a ballot (electronic or paper) so that nothing tells when or in what order it
/// came, or which submission brought it.
pub(super) async fn write_ballot(
    tx: &mut Connection,
    response: &NewResponse,
    received_at: i64,
    surveys: &SurveyStore,
) -> Result<Written, storage::Error> {
    let submission_id = response.id.hyphenated().to_string();
    let first = storage::ballots::insert_receipt(tx, &submission_id, &response.survey_id).await?;
    let vote_day = beijing_day_start(received_at);
    if !first {
        // A retry says only that the ballot is in: no time, nothing of what it says.
        let survey_id = storage::ballots::receipt_survey(tx, &submission_id).await?;
        if survey_id != response.survey_id {
            return Ok(Err(AppError::IdConflict));
        }
        return Ok(Ok(Stored {
            outcome: Outcome::Replayed(receipt(response, None)),
            at: vote_day,
            rowid: None,
        }));
    }
    let mut refusal = refusal_at(surveys, &response.survey_id, received_at);
    if refusal.is_none() {
        refusal = match (response.kind, &response.code_hash) {
            (ResponseKind::PaperBallot, _) => {
                count_paper_ballot(tx, &response.survey_id).await?.err()
            }
            (_, Some(hash)) => spend_code(tx, &response.survey_id, hash).await?.err(),
            (_, None) => Some(AppError::field("code", crate::domain::ErrorCode::Required)),
        };
    }
    if let Some(refusal) = refusal {
        storage::ballots::delete_receipt(tx, &submission_id).await?;
        return Ok(Err(refusal));
    }
    if let Some(staff) = &response.entered_by {
        // One more paper ballot, never its marks.
        let detail = serde_json::json!({"paper_ballots": "+1"});
        storage::audit::append(tx, staff, "paper_ballot", Some(&response.survey_id), detail)
            .await?;
    }
    // A random rowid: the table and its index are in no order of arrival. Below zero, where
    // no other response's is (`storage::responses::next_rowid`): among theirs (the largest
    // plus one), a ballot drawing the largest would make the next one's tell when it came.
    let rowid: i64 = -1 - (rand::random::<i64>() & i64::MAX);
    let id = Uuid::new_v4().hyphenated().to_string();
    let answers = &response.answers_json;
    storage::ballots::insert_ballot(tx, rowid, &id, &response.survey_id, answers, vote_day).await?;
    Ok(Ok(Stored {
        outcome: Outcome::Accepted(receipt(response, None)),
        at: vote_day,
        rowid: None,
    }))
}

/// One more paper ballot, if 实到 leaves room for it (`domain::ballot::paper_ballot_allowed`).
async fn count_paper_ballot(
    tx: &mut Connection,
    survey_id: &str,
) -> Result<Result<(), AppError>, storage::Error> {
    let attendance = storage::ballots::attendance(tx, survey_id).await?;
    let received = storage::responses::count(&mut *tx, survey_id).await?;
    if let Err(refusal) = paper_ballot_allowed(attendance, received as u64) {
        return Ok(Err(AppError::Conflict(refusal.message_zh())));
    }
    storage::ballots::add_paper_ballot(tx, survey_id).await?;
    Ok(Ok(()))
}
