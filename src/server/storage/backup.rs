//! The database as files: a consistent copy (`VACUUM INTO`), a copy's check and contents,
//! and emptying the write-ahead log (which holds pages in commit order). What to copy
//! where, and when, is decided by `cli::backup` and `services::freeze`.

use std::path::Path;

use anyhow::{bail, Context as _};
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection as _};

use super::{Error, Pool};

/// Copy the database into the file `target` in one read transaction.
pub async fn vacuum_into(pool: &Pool, target: &str) -> Result<(), Error> {
    sqlx::query("VACUUM INTO $1")
        .bind(target)
        .execute(pool)
        .await?;
    Ok(())
}

/// Fold the write-ahead log of the database file `file` into it.
pub async fn fold_wal(file: &Path) -> Result<(), Error> {
    let mut old = SqliteConnectOptions::new().filename(file).connect().await?;
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
        .execute(&mut old)
        .await?;
    old.close().await
}

/// Open a copy read-only and count its surveys and responses; fails unless it is a whole
/// Manyi database.
pub async fn contents(file: &Path) -> anyhow::Result<(i64, i64)> {
    let mut conn = SqliteConnectOptions::new()
        .filename(file)
        .read_only(true)
        .connect()
        .await?;
    let check: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&mut conn)
        .await?;
    if check != "ok" {
        bail!("{} is damaged: {check}", file.display());
    }
    let counts: (i64, i64) =
        sqlx::query_as("SELECT (SELECT COUNT(*) FROM surveys), (SELECT COUNT(*) FROM responses)")
            .fetch_one(&mut conn)
            .await
            .context("not a Manyi database")?;
    conn.close().await?;
    Ok(counts)
}

/// One `wal_checkpoint(TRUNCATE)`: `(busy, log pages, pages checkpointed)`; busy 0 means
/// the log was emptied.
pub async fn truncate_wal(pool: &Pool) -> Result<(i64, i64, i64), Error> {
    sqlx::query_as("PRAGMA wal_checkpoint(TRUNCATE)")
        .fetch_one(pool)
        .await
}
