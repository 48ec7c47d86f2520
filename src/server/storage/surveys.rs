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

/// A [`SurveyRow`] with the time it was last written.
type ChangedRow = (String, String, Option<i64>, Option<i64>, i64);

/// The surveys written at `since` (ms) or later, with the time of the latest write among
/// them: what another node changed (`services::nodes`).
pub async fn changed_since(pool: &Pool, since: i64) -> Result<(Vec<SurveyRow>, i64), Error> {
    let rows: Vec<ChangedRow> = sqlx::query_as(
        "SELECT definition, status, opens_at, closes_at, updated_at FROM surveys \
         WHERE updated_at >= $1",
    )
    .bind(since)
    .fetch_all(pool)
    .await?;
    let latest = rows.iter().map(|r| r.4).max().unwrap_or(since);
    Ok((
        rows.into_iter()
            .map(|(d, s, o, c, _)| (d, s, o, c))
            .collect(),
        latest,
    ))
}

/// On PostgreSQL, a transaction holding the lifecycle turn across nodes until it ends
/// (taken before the insert and append turns, never after); `None` on SQLite.
pub async fn lifecycle_turn(pool: &Pool) -> Result<Option<super::Transaction<'static>>, Error> {
    if super::Dialect::of(pool) == super::Dialect::Sqlite {
        return Ok(None);
    }
    let mut tx = pool.begin().await?;
    super::hold_turn(&mut tx, super::Turn::Lifecycle).await?;
    Ok(Some(tx))
}

/// The stored status and time window of the surveys `ids`, read inside the writer's
/// transaction on PostgreSQL: the database, not this node's memory, says whether a
/// survey still takes answers when several nodes write.
pub async fn states(
    tx: &mut Connection,
    ids: &[&str],
) -> Result<Vec<(String, String, Option<i64>, Option<i64>)>, Error> {
    let mut found = Vec::with_capacity(ids.len());
    for id in ids {
        let row: Option<(String, Option<i64>, Option<i64>)> =
            sqlx::query_as("SELECT status, opens_at, closes_at FROM surveys WHERE id = $1")
                .bind(*id)
                .fetch_optional(&mut *tx)
                .await?;
        if let Some((status, opens_at, closes_at)) = row {
            found.push((id.to_string(), status, opens_at, closes_at));
        }
    }
    Ok(found)
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
    let changed = sqlx::query(
        "UPDATE surveys SET status = $1, updated_at = $2 WHERE id = $3 AND status = $4",
    )
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
