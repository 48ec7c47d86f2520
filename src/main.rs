//! `manyi`: the backend server and its command-line tasks.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Parser, Subcommand};

// Every request allocates many small strings and maps; mimalloc handles that better than glibc.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use manyi::server::{self, db::DatabaseConfig, AppState};

#[derive(Parser)]
#[command(name = "manyi", about = "满意 Manyi satisfaction-evaluation server")]
struct Cli {
    /// SQLite database URL.
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "sqlite://data/manyi.db",
        global = true
    )]
    database_url: String,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the API and the built app.
    Serve {
        #[arg(long, env = "MANYI_ADDR", default_value = "127.0.0.1:8080")]
        addr: SocketAddr,
        /// The directory Trunk built the app into.
        #[arg(long, env = "MANYI_DIST", default_value = "dist")]
        dist: PathBuf,
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
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn".into()),
        )
        .init();
    let cli = Cli::parse();
    let database = DatabaseConfig {
        url: cli.database_url,
    };
    match cli.command {
        Command::Serve { addr, dist } => serve(&database, addr, dist).await,
        Command::Codes { survey, count } => {
            let state = AppState::open(&database).await?;
            state.surveys.seed_templates(&state.pool).await?;
            if state.surveys.get(&survey).is_none() {
                anyhow::bail!("no survey {survey}");
            }
            for code in server::codes::issue(&state.pool, &survey, count).await? {
                println!("{code}");
            }
            Ok(())
        }
        Command::Stats => {
            let pool = server::db::connect(&database).await?;
            let rows: Vec<(String, i64)> =
                sqlx::query_as("SELECT survey_id, COUNT(*) FROM responses GROUP BY survey_id")
                    .fetch_all(&pool)
                    .await?;
            let counts: std::collections::BTreeMap<_, _> = rows.into_iter().collect();
            println!("{}", serde_json::to_string(&counts)?);
            Ok(())
        }
    }
}

async fn serve(database: &DatabaseConfig, addr: SocketAddr, dist: PathBuf) -> anyhow::Result<()> {
    let state = AppState::open(database).await?;
    let seeded = state.surveys.seed_templates(&state.pool).await?;
    if seeded > 0 {
        tracing::info!("seeded {seeded} evaluation templates");
    }
    if !dist.join("index.html").exists() {
        tracing::warn!(
            "{} has no index.html: only the API is served",
            dist.display()
        );
    }
    let listener = tokio::net::TcpListener::bind(addr).await?;
    println!("Manyi is running at http://{addr}/");
    for summary in state
        .surveys
        .summaries(&[manyi::domain::SurveyStatus::Open])
    {
        println!("  {}  http://{addr}/s/{}", summary.title, summary.id);
    }
    axum::serve(listener, server::app(state, Some(dist)))
        .with_graceful_shutdown(shutdown_signal())
        .await?;
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let terminate = async {
        if let Ok(mut signal) =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            signal.recv().await;
        }
    };
    tokio::select! { _ = ctrl_c => {}, _ = terminate => {} }
}
