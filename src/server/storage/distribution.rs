//! Named distribution channels' rows. Which name is allowed is checked by the caller.

use super::{Connection, Error, Pool};

/// The survey's channels `(id, label)`, oldest first.
pub async fn channels(pool: &Pool, survey_id: &str) -> Result<Vec<(String, String)>, Error> {
    sqlx::query_as("SELECT id, label FROM channels WHERE survey_id = $1 ORDER BY created_at, id")
        .bind(survey_id)
        .fetch_all(pool)
        .await
}

/// Add a channel; `false` when the survey has one of that id.
pub async fn add_channel(
    tx: &mut Connection,
    survey_id: &str,
    id: &str,
    label: &str,
    now: i64,
) -> Result<bool, Error> {
    let added = sqlx::query(
        "INSERT INTO channels (survey_id, id, label, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
    )
    .bind(survey_id)
    .bind(id)
    .bind(label)
    .bind(now)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    Ok(added != 0)
}
