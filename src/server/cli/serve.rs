//! `manyi serve`: the API and the browser apps on one address until SIGTERM or Ctrl-C.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Args;
use ipnet::IpNet;

use crate::domain::SurveyStatus;
use crate::server::http::assets::Assets;
use crate::server::http::proxy::{parse_proxy, TrustedProxies};
use crate::server::http::rate_limit::RateLimit;
use crate::server::{self, AppState};

use super::Context;

#[derive(Args)]
pub struct ServeArgs {
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
}

/// Where the browser apps come from.
enum AppSource {
    Embedded,
    Dir(PathBuf),
    None,
}

/// Open the database, seed the bundled evaluations if it is new, and serve. `embedded`
/// gives the apps built into the binary (`src/bin/manyi/embedded.rs`), read only when they are served.
pub async fn run(
    context: &Context,
    args: ServeArgs,
    embedded: fn() -> Assets,
) -> anyhow::Result<()> {
    let mut proxies = TrustedProxies::new(args.trusted_proxies);
    if args.trust_forwarded_for {
        proxies = proxies.with_loopback();
    }
    if !proxies.is_empty() {
        tracing::info!("client addresses are read from X-Forwarded-For behind {proxies}");
    }
    let limit = RateLimit {
        per_second: args.rate_per_second,
        burst: args.rate_burst,
        proxies: proxies.clone(),
    };
    let state = AppState::open(&context.database)
        .await?
        .with_rate_limit(limit)
        .with_login_limit(args.login_per_minute, proxies)
        .with_secure_cookies(args.secure_cookies)
        .with_session_limits(context.sessions)
        .with_public_origin(args.public_origin)?;
    let apps = match args.dist {
        _ if args.api_only => AppSource::None,
        Some(dir) => AppSource::Dir(dir),
        None => AppSource::Embedded,
    };
    serve(state, args.addr, apps, embedded, context.seed_as).await
}

async fn serve(
    state: AppState,
    addr: SocketAddr,
    apps: AppSource,
    embedded: fn() -> Assets,
    seed_as: SurveyStatus,
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
            Assets::from_dir(&dir)
                .map_err(|e| anyhow::anyhow!("cannot read the apps in {}: {e}", dir.display()))?,
        ),
        AppSource::Embedded => Some(embedded()),
    };
    if let Some(missing) = apps.as_ref().map(|a| a.missing_bundles()) {
        anyhow::ensure!(
            missing.is_empty(),
            "the browser apps lack {missing:?}: build them with .ci/build.sh (a binary built \
             before them embeds none), pass --dist DIR, or serve --api-only"
        );
    }
    let listener = tokio::net::TcpListener::bind(addr).await?;
    server::services::schedule::spawn(state.clone());
    println!("Manyi is running at http://{addr}/");
    for summary in state.surveys.summaries(&[SurveyStatus::Open]) {
        println!("  {}  http://{addr}/s/{}", summary.title, summary.id);
    }
    let stopping = state.stopping.clone();
    let (pool, live, writer) = (state.pool.clone(), state.live.clone(), state.writer.clone());
    server::services::live::spawn_snapshots(pool.clone(), live.clone(), stopping.subscribe());
    let app = server::app(state, apps).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(async move {
            shutdown_signal().await;
            tracing::info!("stopping: finishing the requests under way");
            stopping.send_replace(true);
        })
        .await?;
    // Every table as it stands, so the next start reads snapshots and no JSON.
    writer.flush().await?;
    let written = live.snapshot(&pool, 1).await?;
    tracing::info!("stopped: {written} live tables snapshotted");
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
