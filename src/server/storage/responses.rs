//! Stored responses: the writer's inserts (many rows per statement, or one at a time to
//! tell a retry), counts, and the streams read for the tally, the digest and the exports.
//! Whether a response may be stored is decided by the writer, not here.

use std::collections::HashMap;

use tokio_stream::Stream;
use uuid::Uuid;

use super::{Connection, Error, Executor, Pool};

/// A response row as the writer inserts it (the time is the batch's).
#[derive(Debug, Clone, Copy)]
pub struct NewRow<'a> {
    pub id: Uuid,
    pub survey_id: &'a str,
    pub answers_json: &'a str,
    pub channel: Option<&'a str>,
}

/// Insert several responses in one statement; the ids actually inserted, with their rowids
/// (a retry's id is there already and is left alone).
pub async fn insert_many(
    tx: &mut Connection,
    rows: &[NewRow<'_>],
    received_at: i64,
) -> Result<HashMap<Uuid, i64>, Error> {
    let sql = format!(
        "INSERT INTO responses (rowid, id, survey_id, answers, received_at, channel) VALUES {} \
         ON CONFLICT (id) DO NOTHING RETURNING id, rowid",
        super::values_list(rows.len(), 6)
    );
    let first = next_rowid(tx).await?;
    let mut query = sqlx::query_as::<_, (String, i64)>(&sql);
    for (n, row) in rows.iter().enumerate() {
        query = query
            .bind(first + n as i64)
            .bind(row.id.hyphenated().to_string())
            .bind(row.survey_id)
            .bind(row.answers_json)
            .bind(received_at)
            .bind(row.channel);
    }
    let ids = query.fetch_all(&mut *tx).await?;
    Ok(ids
        .iter()
        .filter_map(|(id, rowid)| Some((Uuid::parse_str(id).ok()?, *rowid)))
        .collect())
}

/// Insert one response: its rowid, or `None` when its id is stored already.
pub async fn insert_one(
    tx: &mut Connection,
    row: NewRow<'_>,
    received_at: i64,
) -> Result<Option<i64>, Error> {
    let rowid = next_rowid(tx).await?;
    let inserted: Option<i64> = sqlx::query_scalar(
        "INSERT INTO responses (rowid, id, survey_id, answers, received_at, channel) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING RETURNING rowid",
    )
    .bind(rowid)
    .bind(row.id.hyphenated().to_string())
    .bind(row.survey_id)
    .bind(row.answers_json)
    .bind(received_at)
    .bind(row.channel)
    .fetch_optional(&mut *tx)
    .await?;
    Ok(inserted)
}

/// The rowid for the next response: one past the largest, and never below 1. Given here,
/// not left to the database, which would give one past the largest of all rows: a
/// ballot's (drawn at random below zero, `storage::ballots`) when only ballots are stored,
/// telling when it came. Read under [`take_insert_turn`].
async fn next_rowid(tx: &mut Connection) -> Result<i64, Error> {
    sqlx::query_scalar(
        "SELECT CASE WHEN m > 0 THEN m + 1 ELSE 1 END \
         FROM (SELECT COALESCE(MAX(rowid), 0) AS m FROM responses) AS largest",
    )
    .fetch_one(&mut *tx)
    .await
}

/// Take the turn to insert responses, held until the transaction ends: on PostgreSQL,
/// where several nodes insert at once, so that rowids are given and committed in one order
/// (a node reading the responses after the last rowid it saw misses none). SQLite has one
/// writer at a time already.
pub async fn take_insert_turn(tx: &mut Connection) -> Result<(), Error> {
    super::hold_turn(tx, super::Turn::Insert).await
}

/// The survey and arrival time a stored response id was first received with.
pub async fn first_receipt(tx: &mut Connection, id: &Uuid) -> Result<(String, i64), Error> {
    sqlx::query_as("SELECT survey_id, received_at FROM responses WHERE id = $1")
        .bind(id.hyphenated().to_string())
        .fetch_one(&mut *tx)
        .await
}

/// Take back a response inserted in this transaction (refused after all).
pub async fn delete(tx: &mut Connection, id: &Uuid) -> Result<(), Error> {
    sqlx::query("DELETE FROM responses WHERE id = $1")
        .bind(id.hyphenated().to_string())
        .execute(&mut *tx)
        .await?;
    Ok(())
}

/// The number of a survey's stored responses.
pub async fn count<'e>(db: impl Executor<'e>, survey_id: &str) -> Result<i64, Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM responses WHERE survey_id = $1")
        .bind(survey_id)
        .fetch_one(db)
        .await
}

/// How many responses each survey has stored (a survey with none is left out).
pub async fn counts_by_survey(pool: &Pool) -> Result<Vec<(String, i64)>, Error> {
    sqlx::query_as("SELECT survey_id, COUNT(*) FROM responses GROUP BY survey_id")
        .fetch_all(pool)
        .await
}

/// A stored response as the tally reads it: answers, arrival time, channel, rowid.
pub type TallyRow = (String, i64, Option<String>, i64);

/// Every stored response for the tally, in its load order: by arrival, then by rowid (the
/// order of insertion within one commit). A ballot's rowid is drawn at random, so within
/// its day this order tells nothing.
pub fn for_tally<'a>(
    pool: &'a Pool,
    survey_id: &'a str,
) -> impl Stream<Item = Result<TallyRow, Error>> + 'a {
    sqlx::query_as::<_, TallyRow>(
        "SELECT answers, received_at, channel, rowid FROM responses WHERE survey_id = $1 \
         ORDER BY received_at, rowid",
    )
    .bind(survey_id)
    .fetch(pool)
}

/// The responses after `after` = (received_at, rowid) in the order of [`for_tally`]: what
/// a snapshot holding everything up to `after` lacks.
pub fn for_tally_after<'a>(
    pool: &'a Pool,
    survey_id: &'a str,
    after: (i64, i64),
) -> impl Stream<Item = Result<TallyRow, Error>> + 'a {
    sqlx::query_as::<_, TallyRow>(
        "SELECT answers, received_at, channel, rowid FROM responses \
         WHERE survey_id = $1 AND received_at >= $2 AND (received_at > $3 OR rowid > $4) \
         ORDER BY received_at, rowid",
    )
    .bind(survey_id)
    .bind(after.0)
    .bind(after.0)
    .bind(after.1)
    .fetch(pool)
}

/// A stored response as a node following the others reads it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct FollowedRow {
    pub rowid: i64,
    pub survey_id: String,
    pub answers: String,
    pub received_at: i64,
    pub channel: Option<String>,
}

/// Up to `limit` responses (not ballots, which are below zero) with a rowid above `after`,
/// in rowid order: on PostgreSQL the order they were committed in
/// ([`take_insert_turn`]).
pub async fn after_rowid(pool: &Pool, after: i64, limit: i64) -> Result<Vec<FollowedRow>, Error> {
    sqlx::query_as(
        "SELECT rowid, survey_id, answers, received_at, channel FROM responses \
         WHERE rowid > $1 ORDER BY rowid LIMIT $2",
    )
    .bind(after.max(0))
    .bind(limit)
    .fetch_all(pool)
    .await
}

/// The largest rowid stored (0 when none).
pub async fn largest_rowid<'e>(db: impl Executor<'e>) -> Result<i64, Error> {
    sqlx::query_scalar("SELECT COALESCE(MAX(rowid), 0) FROM responses")
        .fetch_one(db)
        .await
}

/// Every stored response's answers, sorted by SQLite (BINARY collation is byte order).
pub fn sorted_answers<'a>(
    pool: &'a Pool,
    survey_id: &'a str,
) -> impl Stream<Item = Result<(String,), Error>> + 'a {
    sqlx::query_as::<_, (String,)>(
        "SELECT answers FROM responses WHERE survey_id = $1 ORDER BY answers",
    )
    .bind(survey_id)
    .fetch(pool)
}

/// A response as exported: id, answers, arrival time, channel.
pub type ExportRow = (String, String, i64, Option<String>);

/// Rows in export order: by arrival, or by id when `by_id` (a ballot's ids are drawn at
/// random: no order of arrival to read).
pub fn for_export<'a>(
    pool: &'a Pool,
    survey_id: &'a str,
    by_id: bool,
) -> impl Stream<Item = Result<ExportRow, Error>> + 'a {
    let sql = if by_id {
        "SELECT id, answers, received_at, channel FROM responses WHERE survey_id = $1 ORDER BY id"
    } else {
        "SELECT id, answers, received_at, channel FROM responses WHERE survey_id = $1 ORDER BY received_at, id"
    };
    sqlx::query_as::<_, ExportRow>(sql)
        .bind(survey_id)
        .fetch(pool)
}
