//! One-time codes' rows: batches, the codes' hashes (never a code), spending and revoking.
//! Which code may be spent or revoked is decided by the callers.

use super::{Connection, Error, Executor, Pool};

/// A batch as listed: number, label, made by, made at, codes, spent, revoked unused.
pub type BatchRow = (i64, String, String, i64, i64, i64, i64);

/// Add the survey's next batch; its number.
pub async fn insert_batch(
    tx: &mut Connection,
    survey_id: &str,
    label: &str,
    actor: &str,
    now: i64,
) -> Result<i64, Error> {
    let batch: i64 = sqlx::query_scalar(
        "SELECT COALESCE(MAX(batch), 0) + 1 FROM code_batches WHERE survey_id = $1",
    )
    .bind(survey_id)
    .fetch_one(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO code_batches (survey_id, batch, label, created_by, created_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(survey_id)
    .bind(batch)
    .bind(label)
    .bind(actor)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    Ok(batch)
}

/// Store one code's hash in a batch; `false` when the hash is there already.
pub async fn insert_code(
    tx: &mut Connection,
    survey_id: &str,
    code_hash: &[u8],
    batch: i64,
) -> Result<bool, Error> {
    let added = sqlx::query(
        "INSERT INTO access_codes (survey_id, code_hash, batch) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
    )
    .bind(survey_id)
    .bind(code_hash)
    .bind(batch)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    Ok(added == 1)
}

/// Spend a code neither spent nor revoked; `false` when there was none to spend.
pub async fn spend(tx: &mut Connection, survey_id: &str, code_hash: &[u8]) -> Result<bool, Error> {
    let spent_now = sqlx::query(
        "UPDATE access_codes SET spent = 1 \
         WHERE survey_id = $1 AND code_hash = $2 AND spent = 0 AND revoked = 0",
    )
    .bind(survey_id)
    .bind(code_hash)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    Ok(spent_now == 1)
}

/// A code's `(spent, revoked)`, if the survey has it.
pub async fn state<'e>(
    db: impl Executor<'e>,
    survey_id: &str,
    code_hash: &[u8],
) -> Result<Option<(i64, i64)>, Error> {
    sqlx::query_as(
        "SELECT spent, revoked FROM access_codes WHERE survey_id = $1 AND code_hash = $2",
    )
    .bind(survey_id)
    .bind(code_hash)
    .fetch_optional(db)
    .await
}

/// Revoke the codes not revoked yet, of one batch or the one with `code_hash`; used codes
/// too when `used_too`. How many.
pub async fn revoke(
    tx: &mut Connection,
    survey_id: &str,
    batch: Option<u32>,
    code_hash: Option<&[u8]>,
    used_too: bool,
) -> Result<u64, Error> {
    Ok(sqlx::query(
        "UPDATE access_codes SET revoked = 1 \
         WHERE survey_id = $1 AND (spent = 0 OR $4) AND revoked = 0 \
           AND ($2 IS NULL OR batch = $2) AND ($3 IS NULL OR code_hash = $3)",
    )
    .bind(survey_id)
    .bind(batch.map(i64::from))
    .bind(code_hash)
    .bind(used_too)
    .execute(&mut *tx)
    .await?
    .rows_affected())
}

pub async fn batch_exists(pool: &Pool, survey_id: &str, batch: u32) -> Result<bool, Error> {
    let exists: Option<i64> =
        sqlx::query_scalar("SELECT batch FROM code_batches WHERE survey_id = $1 AND batch = $2")
            .bind(survey_id)
            .bind(batch as i64)
            .fetch_optional(pool)
            .await?;
    Ok(exists.is_some())
}

/// The survey's batches with their counts, in order.
pub async fn batches(pool: &Pool, survey_id: &str) -> Result<Vec<BatchRow>, Error> {
    sqlx::query_as(
        "SELECT b.batch, b.label, b.created_by, b.created_at, COUNT(c.code_hash), \
                CAST(COALESCE(SUM(c.spent), 0) AS BIGINT), \
                CAST(COALESCE(SUM(c.revoked * (1 - c.spent)), 0) AS BIGINT) \
         FROM code_batches b LEFT JOIN access_codes c ON c.survey_id = b.survey_id AND c.batch = b.batch \
         WHERE b.survey_id = $1 GROUP BY b.survey_id, b.batch ORDER BY b.batch",
    )
    .bind(survey_id)
    .fetch_all(pool)
    .await
}
