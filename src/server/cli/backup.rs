//! `manyi backup FILE` and `manyi restore FILE`: a consistent copy of the database taken
//! while the server serves and takes responses, and bringing one back.
//!
//! The copy is SQLite's `VACUUM INTO`: one read transaction, so it holds every response
//! committed (acknowledged) before it began and none half-written, in a fresh file with no
//! write-ahead log. Its pages are rebuilt in key order, so — unlike a copy of the database
//! files — it keeps no commit order, even while a secret ballot is open (docs/trust.md).

use std::path::{Path, PathBuf};

use crate::server::storage::{self, DatabaseConfig};
use anyhow::{bail, Context as _};

use super::Context;

/// What a backup or a restore holds, for the operator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub surveys: i64,
    pub responses: i64,
    pub bytes: u64,
}

/// `manyi backup FILE`: the copy, and what it holds on standard output.
pub async fn run_backup(context: &Context, file: &Path) -> anyhow::Result<()> {
    let summary = backup(&context.database, file).await?;
    println!(
        "backed up {} surveys, {} responses into {} ({} bytes)",
        summary.surveys,
        summary.responses,
        file.display(),
        summary.bytes
    );
    Ok(())
}

/// `manyi restore FILE`: the backup put in place, and what it held.
pub async fn run_restore(context: &Context, file: &Path) -> anyhow::Result<()> {
    let summary = restore(&context.database, file).await?;
    println!(
        "restored {} surveys, {} responses from {}",
        summary.surveys,
        summary.responses,
        file.display()
    );
    Ok(())
}

/// Copy the database into `file`, which must not exist yet.
pub async fn backup(database: &DatabaseConfig, file: &Path) -> anyhow::Result<Summary> {
    if file.exists() {
        bail!("{} exists already: give a new file", file.display());
    }
    refuse_postgres(database)?;
    let pool = storage::connect(database).await?;
    let target = file
        .to_str()
        .context("the backup file's path must be valid UTF-8")?;
    storage::backup::vacuum_into(&pool, target)
        .await
        .with_context(|| format!("writing {}", file.display()))?;
    pool.close().await;
    summarise(file).await
}

/// `manyi backup` and `restore` copy a SQLite file; PostgreSQL has its own tools, which
/// docs/scale.md names.
fn refuse_postgres(database: &DatabaseConfig) -> anyhow::Result<()> {
    if database.dialect()? == storage::Dialect::Postgres {
        bail!(
            "manyi backup and restore work on a SQLite database; on PostgreSQL use pg_dump and \
             pg_restore, or a streaming replica (docs/scale.md)"
        );
    }
    Ok(())
}

/// The file a SQLite database URL names (`sqlite://path`, with or without options).
fn database_file(database: &DatabaseConfig) -> anyhow::Result<PathBuf> {
    let path = database
        .url
        .strip_prefix("sqlite://")
        .context("restore works on a SQLite database (sqlite://path)")?;
    Ok(PathBuf::from(path.split('?').next().unwrap_or(path)))
}

/// Put the backup `file` in place of the database. The server must be stopped: a running
/// server would go on writing to the file it has open. The database it replaces is kept
/// beside it as `…restore-old-<ms>`.
pub async fn restore(database: &DatabaseConfig, file: &Path) -> anyhow::Result<Summary> {
    refuse_postgres(database)?;
    let summary = summarise(file).await.context("the backup cannot be read")?;
    let target = database_file(database)?;
    let beside = |suffix: &str| PathBuf::from(format!("{}{suffix}", target.display()));
    let staged = beside(".restoring");
    std::fs::copy(file, &staged).with_context(|| format!("copying to {}", staged.display()))?;
    std::fs::File::open(&staged)?.sync_all()?;
    if target.exists() {
        // Fold its write-ahead log in first, so the kept copy is whole on its own.
        storage::backup::fold_wal(&target).await?;
        let kept = beside(&format!(".restore-old-{}", storage::now_millis()));
        std::fs::rename(&target, &kept)?;
        eprintln!("the database it replaces is kept as {}", kept.display());
    }
    for stale in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(beside(stale));
    }
    std::fs::rename(&staged, &target)?;
    // Migrations a newer server knows run on the restored file at once.
    storage::connect(database).await?.close().await;
    Ok(summary)
}

/// Open a backup read-only and count what it holds; fails unless it is a whole Manyi database.
async fn summarise(file: &Path) -> anyhow::Result<Summary> {
    let (surveys, responses) = storage::backup::contents(file).await?;
    Ok(Summary {
        surveys,
        responses,
        bytes: std::fs::metadata(file)?.len(),
    })
}
