//! Closing a survey freezes its responses: wait for the writer to finish what was handed
//! to it, then record the count and digest of the stored set.

use sqlx::SqlitePool;
use tokio_stream::StreamExt;

use crate::domain::digest::ResponseSetDigest;

use super::db::now_millis;
use super::error::AppError;
use super::writer::WriterHandle;

/// Digest every stored response of a survey, in id order, streaming.
pub async fn digest_of(pool: &SqlitePool, survey_id: &str) -> Result<(u64, String), AppError> {
    let mut digest = ResponseSetDigest::new();
    let mut rows = sqlx::query_as::<_, (String, String)>(
        "SELECT id, answers FROM responses WHERE survey_id = ? ORDER BY id",
    )
    .bind(survey_id)
    .fetch(pool);
    while let Some(row) = rows.next().await {
        let (id, answers) = row?;
        digest.add(&id, &answers);
    }
    Ok(digest.finish())
}

/// Called once the survey no longer takes responses: flush the writer, then record and
/// return (responses, digest).
pub async fn freeze(
    pool: &SqlitePool,
    writer: &WriterHandle,
    survey_id: &str,
) -> Result<(u64, String), AppError> {
    writer.flush().await?;
    let (responses, digest) = digest_of(pool, survey_id).await?;
    sqlx::query(
        "INSERT INTO closures (survey_id, closed_at, responses, digest) VALUES (?, ?, ?, ?)",
    )
    .bind(survey_id)
    .bind(now_millis())
    .bind(responses as i64)
    .bind(&digest)
    .execute(pool)
    .await?;
    Ok((responses, digest))
}
