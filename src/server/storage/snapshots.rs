//! Snapshots of the live tables (`services/live.rs`): one row per survey, replaced as a
//! whole. What is in the bytes, and whether they may be used, is decided outside SQL.

use super::{Error, Pool};

/// A survey's snapshot as stored: the bytes and the last response they hold.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredSnapshot {
    /// The last response held, as (received_at, rowid): the tally's load order.
    pub last: (i64, i64),
    pub responses: i64,
    pub data: Vec<u8>,
}

/// The survey's snapshot, if one was written.
pub async fn get(pool: &Pool, survey_id: &str) -> Result<Option<StoredSnapshot>, Error> {
    let row: Option<(i64, i64, i64, Vec<u8>)> = sqlx::query_as(
        "SELECT last_received_at, last_rowid, responses, data FROM live_snapshots WHERE survey_id = $1",
    )
    .bind(survey_id)
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|(at, rowid, responses, data)| StoredSnapshot {
        last: (at, rowid),
        responses,
        data,
    }))
}

/// Put the survey's snapshot in place of the one before (one statement: a crash leaves
/// the old or the new one).
pub async fn put(pool: &Pool, survey_id: &str, snapshot: &StoredSnapshot) -> Result<(), Error> {
    sqlx::query(
        "INSERT INTO live_snapshots (survey_id, last_received_at, last_rowid, responses, data) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (survey_id) DO UPDATE SET \
         last_received_at = excluded.last_received_at, last_rowid = excluded.last_rowid, \
         responses = excluded.responses, data = excluded.data",
    )
    .bind(survey_id)
    .bind(snapshot.last.0)
    .bind(snapshot.last.1)
    .bind(snapshot.responses)
    .bind(&snapshot.data)
    .execute(pool)
    .await?;
    Ok(())
}
