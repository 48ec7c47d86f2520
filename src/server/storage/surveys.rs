//! Survey rows: the definition (JSON), the status and the time window. Whether a
//! definition is well formed or a change allowed is decided by the callers
//! (`services::store`, `services::lifecycle`).

use super::{Connection, Error, Pool};

/// A stored survey: definition JSON, status, opens at, closes at.
pub type SurveyRow = (String, String, Option<i64>, Option<i64>);

pub async fn all(pool: &Pool) -> Result<Vec<SurveyRow>, Error> {
    sqlx::query_as("SELECT definition, status, opens_at, closes_at FROM surveys")
        .fetch_all(pool)
        .await
}

/// Write a new survey, or replace the definition and status of one.
pub async fn upsert(
    tx: &mut Connection,
    id: &str,
    definition_json: &str,
    status: &str,
    now: i64,
) -> Result<(), Error> {
    sqlx::query(
        "INSERT INTO surveys (id, definition, status, created_at, updated_at) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (id) DO UPDATE SET definition = excluded.definition, status = excluded.status, \
         updated_at = excluded.updated_at",
    )
    .bind(id)
    .bind(definition_json)
    .bind(status)
    .bind(now)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Change the status only from `from`; `false` when the survey had another status.
pub async fn update_status(
    tx: &mut Connection,
    id: &str,
    from: &str,
    to: &str,
    now: i64,
) -> Result<bool, Error> {
    let changed =
        sqlx::query("UPDATE surveys SET status = $1, updated_at = $2 WHERE id = $3 AND status = $4")
            .bind(to)
            .bind(now)
            .bind(id)
            .bind(from)
            .execute(&mut *tx)
            .await?
            .rows_affected();
    Ok(changed == 1)
}

/// Set or clear the time window.
pub async fn set_schedule(
    tx: &mut Connection,
    id: &str,
    opens_at: Option<i64>,
    closes_at: Option<i64>,
    now: i64,
) -> Result<(), Error> {
    sqlx::query("UPDATE surveys SET opens_at = $1, closes_at = $2, updated_at = $3 WHERE id = $4")
        .bind(opens_at)
        .bind(closes_at)
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    Ok(())
}
