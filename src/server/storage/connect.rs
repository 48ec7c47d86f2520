//! Connecting: SQLite (the default, a file) or PostgreSQL, chosen by the URL's scheme; the
//! settings that make an acknowledgement durable; migrations (docs/scale.md).

use std::str::FromStr;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{ConnectOptions as _, Executor as _};

use super::{Connection, Pool};

/// Where the data lives: `sqlite://data/manyi.db` or `postgres://user@host/db`.
#[derive(Debug, Clone)]
pub struct DatabaseConfig {
    pub url: String,
}

/// The two databases, where their SQL differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

impl Dialect {
    fn of_url(url: &str) -> anyhow::Result<Self> {
        match url.split_once(':').map(|(scheme, _)| scheme) {
            Some("sqlite") => Ok(Dialect::Sqlite),
            Some("postgres" | "postgresql") => Ok(Dialect::Postgres),
            _ => anyhow::bail!(
                "DATABASE_URL must begin with sqlite:// or postgres:// (got {:?})",
                url.split(':').next().unwrap_or_default()
            ),
        }
    }

    /// The dialect of a pool's database.
    pub fn of(pool: &Pool) -> Self {
        match pool.connect_options().database_url.scheme() {
            "sqlite" => Dialect::Sqlite,
            _ => Dialect::Postgres,
        }
    }

    /// The dialect of a connection's database.
    pub fn of_connection(conn: &Connection) -> Self {
        match conn.backend_name() {
            "SQLite" => Dialect::Sqlite,
            _ => Dialect::Postgres,
        }
    }
}

impl DatabaseConfig {
    pub fn sqlite_file(path: &std::path::Path) -> Self {
        DatabaseConfig {
            url: format!("sqlite://{}", path.display()),
        }
    }

    pub fn dialect(&self) -> anyhow::Result<Dialect> {
        Dialect::of_url(&self.url)
    }

    fn options(&self) -> anyhow::Result<AnyConnectOptions> {
        sqlx::any::install_default_drivers();
        let url = match self.dialect()? {
            // Created when missing, as `manyi serve` on a new machine expects.
            Dialect::Sqlite if !self.url.contains('?') => format!("{}?mode=rwc", self.url),
            _ => self.url.clone(),
        };
        Ok(AnyConnectOptions::from_str(&url)?)
    }
}

/// What every SQLite connection is set to before its first statement.
const SQLITE_SETTINGS: &str = "\
    PRAGMA journal_mode = WAL;
    -- An acknowledged response must survive a power cut, not just a crash.
    PRAGMA synchronous = FULL;
    PRAGMA foreign_keys = ON;
    -- Deleted content is zeroed in its page: what a refused ballot or a page split leaves
    -- behind tells nothing of what came when.
    PRAGMA secure_delete = FAST;
    PRAGMA busy_timeout = 10000;";

/// PostgreSQL's defaults wait for the WAL's flush at COMMIT (`synchronous_commit` on); a
/// node warns when the server is set to acknowledge before that (docs/scale.md).
async fn check_postgres(conn: &mut Connection) -> anyhow::Result<()> {
    let (fsync, commit): (String, String) =
        sqlx::query_as("SELECT current_setting('fsync'), current_setting('synchronous_commit')")
            .fetch_one(&mut *conn)
            .await?;
    if fsync == "off" || matches!(commit.as_str(), "off" | "local" | "remote_write") {
        tracing::warn!(
            "PostgreSQL runs with fsync={fsync}, synchronous_commit={commit}: an acknowledged \
             response may be lost in a power cut or a failover"
        );
    }
    Ok(())
}

async fn prepare(conn: &mut Connection) -> Result<(), sqlx::Error> {
    if Dialect::of_connection(conn) == Dialect::Sqlite {
        conn.execute(SQLITE_SETTINGS).await?;
    }
    Ok(())
}

/// The pool for reads (and the rare staff write); runs migrations.
pub async fn connect(config: &DatabaseConfig) -> anyhow::Result<Pool> {
    let dialect = config.dialect()?;
    if dialect == Dialect::Sqlite {
        let path = config
            .url
            .trim_start_matches("sqlite://")
            .split('?')
            .next()
            .unwrap_or("");
        if let Some(dir) = std::path::Path::new(path)
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
        {
            std::fs::create_dir_all(dir)?;
        }
    }
    let pool = AnyPoolOptions::new()
        .max_connections(match dialect {
            Dialect::Sqlite => 4,
            Dialect::Postgres => 8,
        })
        .after_connect(|conn, _| Box::pin(prepare(conn)))
        .connect_with(config.options()?)
        .await?;
    match dialect {
        Dialect::Sqlite => {
            sqlx::migrate!("src/server/migrations/sqlite")
                .run(&pool)
                .await?
        }
        Dialect::Postgres => {
            sqlx::migrate!("src/server/migrations/postgres")
                .run(&pool)
                .await?;
            check_postgres(&mut *pool.acquire().await?).await?;
        }
    }
    Ok(pool)
}

/// The single connection the group-commit writer owns.
pub async fn connect_writer(config: &DatabaseConfig) -> anyhow::Result<Connection> {
    let mut conn = config.options()?.connect().await?;
    prepare(&mut conn).await?;
    Ok(conn)
}

/// After a failed write: a connection that no longer answers (the database restarted, a
/// standby was promoted behind the same address) is replaced by a new one, made with the
/// pool's settings.
pub async fn reconnect_if_broken(conn: &mut Connection, pool: &Pool) {
    if sqlx::Connection::ping(conn).await.is_ok() {
        return;
    }
    match pool.acquire().await {
        Ok(fresh) => {
            *conn = fresh.detach();
            tracing::warn!("the writer's connection was lost; it has a new one");
        }
        Err(error) => tracing::error!("the writer's connection was lost: {error}"),
    }
}

/// Milliseconds since the Unix epoch.
pub fn now_millis() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or_default()
}
