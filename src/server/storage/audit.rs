//! The hash-chained audit log's rows: appending an entry after the chain's head, reading
//! a chain back. The entry's hash is made by `domain::audit`; this module only stores it.
//! Never appends outside the caller's transaction or without the [`turn`].

use crate::domain::audit::{AuditEntry, AuditHead};

use super::{now_millis, Connection, Error, Pool, Transaction};

type Row = (i64, i64, String, String, String, String, String);

fn entry(scope: &str, row: Row) -> AuditEntry {
    let (seq, at, actor, action, detail, prev_hash, hash) = row;
    AuditEntry {
        seq: seq as u64,
        at,
        actor,
        action,
        survey_id: (!scope.is_empty()).then(|| scope.to_string()),
        detail,
        prev_hash,
        hash,
    }
}

/// A whole chain, oldest first (`None`: the chain of actions on no survey).
pub async fn chain(pool: &Pool, survey_id: Option<&str>) -> Result<Vec<AuditEntry>, Error> {
    let scope = survey_id.unwrap_or("");
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT seq, at, actor, action, detail, prev_hash, hash FROM audit_log WHERE scope = $1 ORDER BY seq",
    )
    .bind(scope)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(|r| entry(scope, r)).collect())
}

/// Appends in this process, one at a time, so concurrent actions do not race for the head.
static APPENDING: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// The right to append, taken before the transaction that appends begins (always in this
/// order, the turn then the database's write lock, so two appenders never wait on each
/// other).
pub async fn turn() -> tokio::sync::MutexGuard<'static, ()> {
    APPENDING.lock().await
}

/// A transaction in which what is read is still so when it is written, the chain's head
/// included, whatever another process (the command line, another node) does: SQLite's
/// write lock from the first statement, PostgreSQL's append turn from the first statement.
/// (A transaction that also takes the insert turn begins otherwise and takes that first.)
pub async fn begin(pool: &Pool) -> Result<Transaction<'static>, Error> {
    let mut tx = super::begin_write(pool).await?;
    super::hold_turn(&mut tx, super::Turn::Append).await?;
    Ok(tx)
}

/// Append one action inside the caller's transaction (begun by [`begin`], or one that has
/// already written), while holding the [`turn`]: the entry commits with the action it
/// records, or neither does.
pub async fn append(
    tx: &mut Connection,
    actor: &str,
    action: &str,
    survey_id: Option<&str>,
    detail: serde_json::Value,
) -> Result<AuditEntry, Error> {
    let scope = survey_id.unwrap_or("");
    super::hold_turn(tx, super::Turn::Append).await?;
    let head: Option<Row> = sqlx::query_as(
        "SELECT seq, at, actor, action, detail, prev_hash, hash FROM audit_log WHERE scope = $1 ORDER BY seq DESC LIMIT 1",
    )
    .bind(scope)
    .fetch_optional(&mut *tx)
    .await?;
    let previous = head.map(|r| entry(scope, r));
    let next = AuditEntry::next(
        previous.as_ref(),
        now_millis(),
        actor,
        action,
        survey_id,
        &detail.to_string(),
    );
    sqlx::query(
        "INSERT INTO audit_log (scope, seq, at, actor, action, detail, prev_hash, hash) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(scope)
    .bind(next.seq as i64)
    .bind(next.at)
    .bind(&next.actor)
    .bind(&next.action)
    .bind(&next.detail)
    .bind(&next.prev_hash)
    .bind(&next.hash)
    .execute(&mut *tx)
    .await?;
    Ok(next)
}

/// The last entry of a chain (sequence and hash), read in the caller's transaction.
pub async fn head(
    tx: &mut Connection,
    survey_id: Option<&str>,
) -> Result<Option<AuditHead>, Error> {
    let row: Option<(i64, String)> = sqlx::query_as(
        "SELECT seq, hash FROM audit_log WHERE scope = $1 ORDER BY seq DESC LIMIT 1",
    )
    .bind(survey_id.unwrap_or(""))
    .fetch_optional(&mut *tx)
    .await?;
    Ok(row.map(|(seq, hash)| AuditHead {
        seq: seq as u64,
        hash,
    }))
}

/// Log an action that wrote nothing else (a sign-in, an export), in a transaction of its own.
pub async fn record(
    pool: &Pool,
    actor: &str,
    action: &str,
    survey_id: Option<&str>,
    detail: serde_json::Value,
) -> Result<AuditEntry, Error> {
    let _turn = turn().await;
    let mut tx = begin(pool).await?;
    let entry = append(&mut tx, actor, action, survey_id, detail).await?;
    tx.commit().await?;
    Ok(entry)
}
