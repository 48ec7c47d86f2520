//! Storing a secret ballot (docs/trust.md): under an id the server draws, with the vote's
//! date for a time, no channel and a random rowid, so nothing keeps when or in what order
//! it came; the member's submission id kept apart, only to answer a retry; a paper ballot
//! counted and capped, and logged in the same transaction.

use sqlx::SqliteConnection;
use uuid::Uuid;

use crate::domain::ballot::{paper_ballot_allowed, Attendance};
use crate::domain::calendar::beijing_day_start;

use super::super::error::AppError;
use super::super::store::SurveyStore;
use super::{receipt, refusal_at, spend_code, NewResponse, Outcome, ResponseKind, Stored, Written};

/// Store a ballot (electronic or paper) so that nothing tells when or in what order it
/// came, or which submission brought it.
pub(super) async fn write_ballot(
    tx: &mut SqliteConnection,
    response: &NewResponse,
    received_at: i64,
    surveys: &SurveyStore,
) -> Result<Written, sqlx::Error> {
    let submission_id = response.id.hyphenated().to_string();
    let first = sqlx::query(
        "INSERT INTO ballot_receipts (id, survey_id) VALUES (?, ?) ON CONFLICT (id) DO NOTHING",
    )
    .bind(&submission_id)
    .bind(&response.survey_id)
    .execute(&mut *tx)
    .await?
    .rows_affected()
        == 1;
    let vote_day = beijing_day_start(received_at);
    if !first {
        // A retry says only that the ballot is in: no time, nothing of what it says.
        let survey_id: String =
            sqlx::query_scalar("SELECT survey_id FROM ballot_receipts WHERE id = ?")
                .bind(&submission_id)
                .fetch_one(&mut *tx)
                .await?;
        if survey_id != response.survey_id {
            return Ok(Err(AppError::IdConflict));
        }
        return Ok(Ok(Stored {
            outcome: Outcome::Replayed(receipt(response, None)),
            at: vote_day,
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
        sqlx::query("DELETE FROM ballot_receipts WHERE id = ?")
            .bind(&submission_id)
            .execute(&mut *tx)
            .await?;
        return Ok(Err(refusal));
    }
    if let Some(staff) = &response.entered_by {
        // One more paper ballot, never its marks.
        let detail = serde_json::json!({"paper_ballots": "+1"});
        super::super::audit::append_entry(
            tx,
            staff,
            "paper_ballot",
            Some(&response.survey_id),
            detail,
        )
        .await?;
    }
    // A random rowid: the table and its index are in no order of arrival.
    let rowid: i64 = rand::random::<i64>() & i64::MAX;
    sqlx::query(
        "INSERT INTO responses (rowid, id, survey_id, answers, received_at, channel)          VALUES (?, ?, ?, ?, ?, NULL)",
    )
    .bind(rowid)
    .bind(Uuid::new_v4().hyphenated().to_string())
    .bind(&response.survey_id)
    .bind(&response.answers_json)
    .bind(vote_day)
    .execute(&mut *tx)
    .await?;
    Ok(Ok(Stored {
        outcome: Outcome::Accepted(receipt(response, None)),
        at: vote_day,
    }))
}

/// One more paper ballot, if 实到 leaves room for it (`domain::ballot::paper_ballot_allowed`).
async fn count_paper_ballot(
    tx: &mut SqliteConnection,
    survey_id: &str,
) -> Result<Result<(), AppError>, sqlx::Error> {
    let attendance: Option<(i64, i64)> =
        sqlx::query_as("SELECT members, present FROM ballot_attendance WHERE survey_id = ?")
            .bind(survey_id)
            .fetch_optional(&mut *tx)
            .await?;
    let attendance = attendance
        .map(|(members, present)| Attendance {
            members: members as u32,
            present: present as u32,
        })
        .unwrap_or_default();
    let received: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM responses WHERE survey_id = ?")
        .bind(survey_id)
        .fetch_one(&mut *tx)
        .await?;
    if let Err(refusal) = paper_ballot_allowed(attendance, received as u64) {
        return Ok(Err(AppError::Conflict(refusal.message_zh())));
    }
    sqlx::query("UPDATE ballot_attendance SET paper = paper + 1 WHERE survey_id = ?")
        .bind(survey_id)
        .execute(&mut *tx)
        .await?;
    Ok(Ok(()))
}
