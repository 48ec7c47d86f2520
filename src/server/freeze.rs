//! Closing a survey freezes its responses: wait for the writer to finish what was handed
//! to it, then record the count and digest of the stored set.

use sqlx::SqlitePool;
use tokio_stream::StreamExt;

use crate::domain::digest::{ballot_marks, digest_of_lines, ResponseSetDigest};
use crate::domain::{Answers, Survey, SurveyKind};

use super::db::now_millis;
use super::error::AppError;
use super::writer::WriterHandle;

/// Digest every stored response of a survey (`domain::digest`). A questionnaire's lines
/// are the stored answers, sorted by SQLite (BINARY collation is byte order) and streamed;
/// a ballot's are its marks without free text, few enough to sort here.
pub async fn digest_of(pool: &SqlitePool, survey: &Survey) -> Result<(u64, String), AppError> {
    let mut rows = sqlx::query_as::<_, (String,)>(
        "SELECT answers FROM responses WHERE survey_id = ? ORDER BY answers",
    )
    .bind(&survey.id)
    .fetch(pool);
    if survey.kind == SurveyKind::Ballot {
        let mut lines = Vec::new();
        while let Some(row) = rows.next().await {
            let answers: Answers =
                serde_json::from_str(&row?.0).map_err(|e| AppError::Internal(e.into()))?;
            let marks = ballot_marks(survey, &answers);
            lines.push(serde_json::to_string(&marks).map_err(|e| AppError::Internal(e.into()))?);
        }
        return Ok(digest_of_lines(lines));
    }
    let mut digest = ResponseSetDigest::new();
    while let Some(row) = rows.next().await {
        digest.add(&row?.0);
    }
    Ok(digest.finish())
}

/// Called once the survey no longer takes responses: flush the writer, then record and
/// return (responses, digest).
pub async fn freeze(
    pool: &SqlitePool,
    writer: &WriterHandle,
    survey: &Survey,
) -> Result<(u64, String), AppError> {
    writer.flush().await?;
    let (responses, digest) = digest_of(pool, survey).await?;
    sqlx::query(
        "INSERT INTO closures (survey_id, closed_at, responses, digest) VALUES (?, ?, ?, ?)",
    )
    .bind(&survey.id)
    .bind(now_millis())
    .bind(responses as i64)
    .bind(&digest)
    .execute(pool)
    .await?;
    Ok((responses, digest))
}
