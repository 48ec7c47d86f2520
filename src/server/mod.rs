//! The backend: axum routes under `/api`, SQLite through sqlx, the built app served with a
//! SPA fallback.

pub mod accounts;
pub mod assets;
pub mod audit;
pub mod auth;
pub mod cli;
pub mod codes;
pub mod db;
pub mod definitions;
mod distribution;
pub mod error;
pub mod export;
mod extract;
pub mod freeze;
pub mod jobs;
pub mod lifecycle;
pub mod live;
pub mod observe;
mod paper;
pub mod proxy;
mod public;
mod publish;
pub mod rate_limit;
mod responses;
mod results;
mod results_pages;
mod same_origin;
pub mod schedule;
pub mod security_headers;
pub mod static_files;
pub mod store;
mod survey_page;
mod surveys;
mod texts;
pub mod writer;

use std::sync::Arc;

use axum::Router;
use sqlx::SqlitePool;
use tower_http::compression::predicate::{NotForContentType, Predicate, SizeAbove};
use tower_http::compression::{CompressionLayer, CompressionLevel};

pub use error::AppError;
use store::SurveyStore;
use writer::WriterHandle;

/// Everything a request handler needs. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub pool: SqlitePool,
    pub surveys: Arc<SurveyStore>,
    pub writer: WriterHandle,
    /// Per-address limit on submissions; none in tests that do not exercise it.
    pub submission_limiter: Option<Arc<rate_limit::AddressLimiter>>,
    /// Per-address limit on sign-in attempts.
    pub login_limiter: Option<Arc<rate_limit::AddressLimiter>>,
    pub live: Arc<live::LiveResults>,
    pub auth: auth::AuthConfig,
    /// Status changes (open, close, publish) and what depends on the status (attendance,
    /// editing in place, the time window) take turns (`lifecycle`).
    pub lifecycle: Arc<tokio::sync::Mutex<()>>,
    /// Scheme and host that links, QR codes and code slips use (`--public-origin`); `None`:
    /// the origin the staff page was reached by.
    pub public_origin: Option<String>,
    /// Progress of the long tasks staff started (exports, close, publish).
    pub jobs: Arc<jobs::Jobs>,
    /// Set when the server is stopping: live-update streams end, so that a graceful
    /// shutdown does not wait for dashboards that never disconnect.
    pub stopping: Arc<tokio::sync::watch::Sender<bool>>,
}

impl AppState {
    /// Open (or create) the database, run migrations, load surveys and start the writer.
    pub async fn open(database: &db::DatabaseConfig) -> anyhow::Result<Self> {
        observe::install();
        let pool = db::connect(database).await?;
        let surveys = Arc::new(SurveyStore::load(&pool).await?);
        let definitions: Vec<_> = surveys.all().iter().map(|s| s.survey.clone()).collect();
        let live = Arc::new(live::LiveResults::load(&pool, &definitions).await?);
        let writer_conn = db::connect_writer(database).await?;
        let writer = writer::spawn(writer_conn, surveys.clone(), live.clone());
        Ok(AppState {
            pool,
            surveys,
            writer,
            submission_limiter: None,
            login_limiter: None,
            live,
            auth: auth::AuthConfig::new(auth::CookiePolicy::default())?,
            lifecycle: Arc::default(),
            jobs: Arc::default(),
            stopping: Arc::new(tokio::sync::watch::Sender::new(false)),
            public_origin: None,
        })
    }

    /// Limit submissions per client address (a `per_second` of 0 switches the limit off).
    pub fn with_rate_limit(mut self, limit: rate_limit::RateLimit) -> Self {
        self.submission_limiter = rate_limit::AddressLimiter::new(limit);
        self
    }

    /// Limit sign-in attempts per client address (guessing passwords).
    pub fn with_login_limit(mut self, per_minute: u32, proxies: proxy::TrustedProxies) -> Self {
        self.login_limiter =
            rate_limit::AddressLimiter::per_minute(per_minute, per_minute * 2, proxies);
        self
    }

    /// The site's public origin (`https://host`): links, QR codes and code slips point there,
    /// and an https origin marks the session cookie `Secure`.
    pub fn with_public_origin(mut self, origin: Option<String>) -> anyhow::Result<Self> {
        if let Some(origin) = &origin {
            let origin = origin.trim_end_matches('/');
            if !crate::domain::distribution::is_origin(origin) {
                anyhow::bail!("--public-origin must be http(s)://host[:port], not {origin}");
            }
            if origin.starts_with("https://") {
                self.auth.cookies.secure = true;
            }
            self.public_origin = Some(origin.to_string());
        }
        Ok(self)
    }

    /// How long a session may go unused and how long it may last at all.
    pub fn with_session_limits(mut self, limits: auth::SessionLimits) -> Self {
        self.auth.sessions = limits;
        self
    }

    /// Mark the session cookie `Secure` (the site is served over HTTPS).
    pub fn with_secure_cookies(mut self, secure: bool) -> Self {
        self.auth.cookies.secure = secure;
        self
    }
}

/// The API alone: what the in-process tests drive with `oneshot`.
pub fn api(state: AppState) -> Router {
    let router = Router::new()
        .merge(surveys::router())
        .merge(responses::router(state.submission_limiter.clone()))
        .merge(auth::router(state.login_limiter.clone()))
        .merge(accounts::router())
        .merge(results::router())
        .merge(lifecycle::router())
        .merge(jobs::router())
        .merge(audit::router())
        .merge(export::router())
        .merge(public::router())
        .merge(paper::router())
        .merge(texts::router())
        .merge(definitions::router())
        .merge(distribution::router())
        .fallback(|| async { AppError::RouteNotFound });
    let router = router.layer(axum::middleware::from_fn(
        same_origin::refuse_cross_origin_writes,
    ));
    security_headers::api(router)
        // Definitions are many kilobytes of Chinese text: worth compressing on slow networks.
        // Receipts and errors are too small to gain anything.
        .layer(
            CompressionLayer::new()
                .quality(CompressionLevel::Precise(5))
                .compress_when(
                    SizeAbove::new(1024)
                        .and(NotForContentType::const_new("text/event-stream"))
                        // A workbook is a zip already; sent as is, it keeps its length.
                        .and(NotForContentType::const_new(export::XLSX)),
                ),
        )
        .with_state(state)
}

/// The whole HTTP application: the API under `/api` and, when given, the built browser apps.
pub fn app(state: AppState, apps: Option<assets::Assets>) -> Router {
    let surveys = state.surveys.clone();
    let router = Router::new()
        .merge(observe::router().with_state(state.clone()))
        .merge(results_pages::router().with_state(state.clone()))
        .nest("/api", api(state));
    let router = match apps {
        Some(apps) => {
            let apps = Arc::new(apps);
            let router = match survey_page::router(&apps, surveys) {
                Some(pages) => router.merge(pages),
                None => router,
            };
            let router = router.fallback_service(static_files::service(apps.clone()));
            security_headers::pages(router, &apps)
        }
        None => router,
    };
    router.layer(tower_http::trace::TraceLayer::new_for_http())
}
