//! `manyi`: the backend server and its command-line tasks.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Parser, Subcommand};

mod embedded;
use ipnet::IpNet;

// Every request allocates many small strings and maps; mimalloc handles that better than glibc.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use manyi::domain::audit::CLI_ACTOR;
use manyi::server::proxy::{parse_proxy, TrustedProxies};
use manyi::server::{self, db::DatabaseConfig, rate_limit::RateLimit, AppState};

#[derive(Parser)]
#[command(
    name = "manyi",
    version,
    about = "满意 Manyi satisfaction-evaluation server"
)]
struct Cli {
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
    #[command(subcommand)]
    command: Command,
}

/// How the bundled evaluations are seeded into a new database.
fn seeded_status(open: bool) -> manyi::domain::SurveyStatus {
    if open {
        manyi::domain::SurveyStatus::Open
    } else {
        manyi::domain::SurveyStatus::Draft
    }
}

#[derive(Subcommand)]
enum Command {
    /// Serve the API and the built app.
    Serve {
        #[arg(long, env = "MANYI_ADDR", default_value = "127.0.0.1:8080")]
        addr: SocketAddr,
        /// Serve the browser apps from this directory (as Trunk builds them, for
        /// development) instead of the ones embedded in this binary.
        #[arg(long, env = "MANYI_DIST")]
        dist: Option<PathBuf>,
        /// Serve the API alone, without the browser apps (load and crash tests, or apps
        /// served from elsewhere); wins over --dist.
        #[arg(long)]
        api_only: bool,
        /// Sustained submissions per second from one address (0: no limit).
        #[arg(long, env = "MANYI_RATE_PER_SECOND", default_value_t = 10)]
        rate_per_second: u32,
        /// Submissions one address may make at once (a meeting room behind one NAT address).
        #[arg(long, env = "MANYI_RATE_BURST", default_value_t = 200)]
        rate_burst: u32,
        /// Reverse proxies, by address or network, comma separated (127.0.0.1,10.0.0.0/8):
        /// for a request from one of them the client is the rightmost X-Forwarded-For address
        /// that is not itself a trusted proxy.
        #[arg(long, env = "MANYI_TRUSTED_PROXIES", value_delimiter = ',', value_parser = parse_proxy)]
        trusted_proxies: Vec<IpNet>,
        /// Shorthand for a reverse proxy on this machine: trusts 127.0.0.0/8 and ::1 as above.
        #[arg(long, env = "MANYI_TRUST_FORWARDED_FOR")]
        trust_forwarded_for: bool,
        /// Sign-in attempts per minute from one address (after a burst of twice that).
        #[arg(long, env = "MANYI_LOGIN_PER_MINUTE", default_value_t = 10)]
        login_per_minute: u32,
        /// Mark the session cookie Secure: set this when the site is served over HTTPS.
        #[arg(long, env = "MANYI_SECURE_COOKIES")]
        secure_cookies: bool,
        /// The site's public address (https://host): links, QR codes and code slips point
        /// there, whatever address staff reach the server by; https marks cookies Secure.
        #[arg(long, env = "MANYI_PUBLIC_ORIGIN")]
        public_origin: Option<String>,
    },
    /// Staff accounts.
    User {
        #[command(subcommand)]
        action: server::user_command::UserCommand,
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
    let sessions =
        server::auth::SessionLimits::new(cli.session_idle_minutes, cli.session_max_hours)?;
    match cli.command {
        Command::Serve {
            addr,
            dist,
            api_only,
            rate_per_second,
            rate_burst,
            trusted_proxies,
            trust_forwarded_for,
            login_per_minute,
            secure_cookies,
            public_origin,
        } => {
            let mut proxies = TrustedProxies::new(trusted_proxies);
            if trust_forwarded_for {
                proxies = proxies.with_loopback();
            }
            if !proxies.is_empty() {
                tracing::info!("client addresses are read from X-Forwarded-For behind {proxies}");
            }
            let limit = RateLimit {
                per_second: rate_per_second,
                burst: rate_burst,
                proxies: proxies.clone(),
            };
            let state = AppState::open(&database)
                .await?
                .with_rate_limit(limit)
                .with_login_limit(login_per_minute, proxies)
                .with_secure_cookies(secure_cookies)
                .with_session_limits(sessions)
                .with_public_origin(public_origin)?;
            let apps = match dist {
                _ if api_only => AppSource::None,
                Some(dir) => AppSource::Dir(dir),
                None => AppSource::Embedded,
            };
            serve(state, addr, apps, seeded_status(cli.seed_open)).await
        }
        Command::User { action } => server::user_command::run(&database, sessions, action).await,
        Command::Backup { file } => {
            let summary = server::backup::backup(&database, &file).await?;
            println!(
                "backed up {} surveys, {} responses into {} ({} bytes)",
                summary.surveys,
                summary.responses,
                file.display(),
                summary.bytes
            );
            Ok(())
        }
        Command::Restore { file } => {
            let summary = server::backup::restore(&database, &file).await?;
            println!(
                "restored {} surveys, {} responses from {}",
                summary.surveys,
                summary.responses,
                file.display()
            );
            Ok(())
        }
        Command::Verify { link } => {
            let passed = tokio::task::spawn_blocking(move || server::verify::run(&link)).await??;
            if !passed {
                std::process::exit(1);
            }
            Ok(())
        }
        Command::SurveyAdd { file, status } => {
            let survey: manyi::domain::Survey =
                serde_json::from_str(&std::fs::read_to_string(&file)?)
                    .map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
            let status = match status.as_str() {
                "draft" => manyi::domain::SurveyStatus::Draft,
                "open" => manyi::domain::SurveyStatus::Open,
                other => anyhow::bail!("status must be draft or open, not {other}"),
            };
            // Seeding first: a first survey must not stop the bundled evaluations being seeded.
            let (pool, _) = open_surveys(&database, seeded_status(cli.seed_open)).await?;
            let id = survey.id.clone();
            server::definitions::add_survey(&pool, &survey, status, CLI_ACTOR).await?;
            println!("added {id} ({})", status.as_str());
            Ok(())
        }
        Command::Sample {
            survey,
            count,
            seed,
        } => {
            let (_, surveys) = open_surveys(&database, seeded_status(cli.seed_open)).await?;
            let stored = surveys
                .get(&survey)
                .ok_or_else(|| anyhow::anyhow!("no survey {survey}"))?;
            let mut rng = manyi::domain::sample::SampleRng::new(seed);
            for _ in 0..count {
                println!(
                    "{}",
                    serde_json::to_string(&manyi::domain::sample::answers(
                        &stored.survey,
                        &mut rng
                    ))?
                );
            }
            Ok(())
        }
        Command::Codes { survey, count } => {
            let (pool, surveys) = open_surveys(&database, seeded_status(cli.seed_open)).await?;
            if surveys.get(&survey).is_none() {
                anyhow::bail!("no survey {survey}");
            }
            // The batch is logged with it, by `cli`.
            let (_, codes) =
                server::codes::issue(&pool, &survey, count, "命令行生成", CLI_ACTOR).await?;
            for code in codes {
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

/// The database and its surveys (templates seeded) without loading any response or
/// starting the writer: all a one-shot command needs, quick even with millions stored.
async fn open_surveys(
    database: &DatabaseConfig,
    seed_as: manyi::domain::SurveyStatus,
) -> anyhow::Result<(sqlx::SqlitePool, server::store::SurveyStore)> {
    let pool = server::db::connect(database).await?;
    let surveys = server::store::SurveyStore::load(&pool).await?;
    surveys.seed_templates(&pool, seed_as).await?;
    Ok((pool, surveys))
}

/// Where the browser apps come from.
enum AppSource {
    Embedded,
    Dir(PathBuf),
    None,
}

async fn serve(
    state: AppState,
    addr: SocketAddr,
    apps: AppSource,
    seed_as: manyi::domain::SurveyStatus,
) -> anyhow::Result<()> {
    let seeded = state.surveys.seed_templates(&state.pool, seed_as).await?;
    if seeded > 0 {
        tracing::info!("seeded {seeded} evaluation templates");
    }
    match &apps {
        AppSource::Embedded => tracing::info!("serving the apps built into this binary"),
        AppSource::Dir(dir) => tracing::info!("serving the apps in {}", dir.display()),
        AppSource::None => tracing::info!("serving the API only"),
    }
    let apps = match apps {
        AppSource::None => None,
        AppSource::Dir(dir) => Some(
            server::assets::Assets::from_dir(&dir)
                .map_err(|e| anyhow::anyhow!("cannot read the apps in {}: {e}", dir.display()))?,
        ),
        AppSource::Embedded => Some(embedded::apps()),
    };
    if let Some(missing) = apps.as_ref().map(|a| a.missing_bundles()) {
        anyhow::ensure!(
            missing.is_empty(),
            "the browser apps lack {missing:?}: build them with .ci/build.sh (a binary built \
             before them embeds none), pass --dist DIR, or serve --api-only"
        );
    }
    let listener = tokio::net::TcpListener::bind(addr).await?;
    server::schedule::spawn(state.clone());
    println!("Manyi is running at http://{addr}/");
    for summary in state
        .surveys
        .summaries(&[manyi::domain::SurveyStatus::Open])
    {
        println!("  {}  http://{addr}/s/{}", summary.title, summary.id);
    }
    let state_stopping = state.stopping.clone();
    let app = server::app(state, apps).into_make_service_with_connect_info::<SocketAddr>();
    let stopping = state_stopping;
    axum::serve(listener, app)
        .with_graceful_shutdown(async move {
            shutdown_signal().await;
            tracing::info!("stopping: finishing the requests under way");
            stopping.send_replace(true);
        })
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
