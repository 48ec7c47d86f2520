//! Connecting to SQLite: WAL, `synchronous=FULL`, migrations.

use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{ConnectOptions, SqliteConnection, SqlitePool};

/// Where the data lives: a SQLite URL such as `sqlite://data/manyi.db`.
#[derive(Debug, Clone)]
pub struct DatabaseConfig {
    pub url: String,
}

impl DatabaseConfig {
    pub fn sqlite_file(path: &std::path::Path) -> Self {
        DatabaseConfig {
            url: format!("sqlite://{}", path.display()),
        }
    }
}

fn options(config: &DatabaseConfig) -> anyhow::Result<SqliteConnectOptions> {
    Ok(SqliteConnectOptions::from_str(&config.url)?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        // An acknowledged response must survive a power cut, not just a crash.
        .synchronous(SqliteSynchronous::Full)
        .foreign_keys(true)
        // Deleted content is zeroed in its page: what a refused ballot or a page split leaves
        // behind tells nothing of what came when.
        .pragma("secure_delete", "fast")
        .busy_timeout(Duration::from_secs(10)))
}

/// The pool for reads (and the rare staff write); runs migrations.
pub async fn connect(config: &DatabaseConfig) -> anyhow::Result<SqlitePool> {
    if let Some(path) = config.url.strip_prefix("sqlite://") {
        if let Some(dir) = std::path::Path::new(path)
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
        {
            std::fs::create_dir_all(dir)?;
        }
    }
    let pool = SqlitePoolOptions::new()
        .max_connections(4)
        .connect_with(options(config)?)
        .await?;
    sqlx::migrate!("src/server/migrations").run(&pool).await?;
    Ok(pool)
}

/// The single connection the group-commit writer owns.
pub async fn connect_writer(config: &DatabaseConfig) -> anyhow::Result<SqliteConnection> {
    Ok(options(config)?.connect().await?)
}

/// Milliseconds since the Unix epoch.
pub fn now_millis() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or_default()
}
