//! The `manyi` command line: what each subcommand accepts (parsed by clap in
//! `src/bin/manyi/main.rs`) and the work it does. One module a command, or a few alike:
//! [`serve`], [`user`], [`surveys`] (survey-add, codes, sample, stats), [`backup`] (backup,
//! restore) and [`verify`].

pub mod backup;
pub mod serve;
pub mod surveys;
pub mod user;
pub mod verify;

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::domain::SurveyStatus;

use crate::server::services::accounts::SessionLimits;
use crate::server::services::store::SurveyStore;
use crate::server::storage::DatabaseConfig;

#[derive(Parser)]
#[command(
    name = "manyi",
    version,
    about = "满意 Manyi satisfaction-evaluation server"
)]
pub struct Cli {
    #[command(flatten)]
    pub globals: Globals,
    #[command(subcommand)]
    pub command: Command,
}

/// The options every subcommand takes.
#[derive(Args)]
pub struct Globals {
    /// SQLite database URL.
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "sqlite://data/manyi.db",
        global = true
    )]
    database_url: String,
    /// On a new database, seed the three bundled evaluations open (a demonstration) instead
    /// of as drafts that staff open when ready.
    #[arg(long, env = "MANYI_SEED_OPEN", global = true)]
    seed_open: bool,
    /// A staff session ends after this many minutes unused (read by `serve`, and by
    /// `user list` to count live sessions).
    #[arg(
        long,
        env = "MANYI_SESSION_IDLE_MINUTES",
        value_parser = clap::value_parser!(u32).range(1..),
        default_value_t = 120,
        global = true
    )]
    session_idle_minutes: u32,
    /// A staff session ends this many hours after sign-in, however busy.
    #[arg(
        long,
        env = "MANYI_SESSION_MAX_HOURS",
        value_parser = clap::value_parser!(u32).range(1..),
        default_value_t = 12,
        global = true
    )]
    session_max_hours: u32,
}

#[derive(Subcommand)]
pub enum Command {
    /// Serve the API and the built app.
    Serve(serve::ServeArgs),
    /// Staff accounts.
    User {
        #[command(subcommand)]
        action: user::UserCommand,
    },
    /// Issue one-time codes for a survey and print them, one per line (they are shown once).
    Codes {
        #[arg(long)]
        survey: String,
        #[arg(long, default_value_t = 10)]
        count: usize,
    },
    /// Print the number of stored responses per survey, as JSON.
    Stats,
    /// Add a survey from a definition file (JSON), checked before it is stored; an existing
    /// survey of the same id is replaced only while it has no responses.
    SurveyAdd {
        file: PathBuf,
        /// draft or open.
        #[arg(long, default_value = "draft")]
        status: String,
    },
    /// Copy the database into FILE (which must not exist), consistent while the server
    /// serves and takes responses: every response acknowledged before it began is in it.
    Backup { file: PathBuf },
    /// Put a backup in place of the database. Stop the server first; the replaced database
    /// is kept beside it.
    Restore { file: PathBuf },
    /// Check a published survey from its public files alone: the audit chain and the head
    /// the publication names, the digests, and every figure recomputed from the published
    /// records (e.g. `manyi verify https://rd.example.cn/results/yingshang-2023`). Exits 1
    /// when a check fails.
    Verify {
        /// The results page's link.
        link: String,
    },
    /// Print valid synthetic answers for a survey, one JSON object per line (for tests and
    /// demonstrations; they are not stored).
    Sample {
        #[arg(long)]
        survey: String,
        #[arg(long, default_value_t = 10)]
        count: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
}

/// What every command works with, from the global options.
pub struct Context {
    pub database: DatabaseConfig,
    /// How the bundled evaluations are seeded into a new database.
    pub seed_as: SurveyStatus,
    pub sessions: SessionLimits,
}

impl Globals {
    pub fn context(self) -> anyhow::Result<Context> {
        Ok(Context {
            database: DatabaseConfig {
                url: self.database_url,
            },
            seed_as: if self.seed_open {
                SurveyStatus::Open
            } else {
                SurveyStatus::Draft
            },
            sessions: SessionLimits::new(self.session_idle_minutes, self.session_max_hours)?,
        })
    }
}

/// Log to standard output, `info` unless RUST_LOG says otherwise.
pub fn init_tracing() {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn".into()),
        )
        .init();
}

/// The database and its surveys (templates seeded) without loading any response or
/// starting the writer: all a one-shot command needs, quick even with millions stored.
async fn open_surveys(
    context: &Context,
) -> anyhow::Result<(crate::server::storage::Pool, SurveyStore)> {
    let pool = crate::server::storage::connect(&context.database).await?;
    let surveys = SurveyStore::load(&pool).await?;
    surveys.seed_templates(&pool, context.seed_as).await?;
    Ok((pool, surveys))
}
