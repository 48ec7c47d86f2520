//! The backend, in three layers: `http` (axum routes under `/api`, the pages and the built
//! apps), `services` (what the server does, knowing neither HTTP nor SQL) and `storage`
//! (every SQL statement, SQLite or PostgreSQL through sqlx). `cli` is the command line; [`AppState`] is
//! what they share.

pub mod cli;
pub mod error;
pub mod http;
pub mod services;
pub mod storage;

use std::sync::Arc;

pub use error::AppError;
pub use http::{api, app};
use http::{auth, observe, proxy, rate_limit};
use services::store::SurveyStore;
use services::writer::WriterHandle;
use services::{jobs, live, writer};

/// Everything a request handler needs. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub pool: storage::Pool,
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
    pub async fn open(database: &storage::DatabaseConfig) -> anyhow::Result<Self> {
        observe::install();
        let pool = storage::connect(database).await?;
        let surveys = Arc::new(SurveyStore::load(&pool).await?);
        let live = Arc::new(services::nodes::load_live(&pool, &surveys).await?);
        let writer_conn = storage::connect_writer(database).await?;
        let writer = writer::spawn(writer_conn, pool.clone(), surveys.clone(), live.clone());
        let state = AppState {
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
        };
        services::nodes::spawn_following(state.clone());
        Ok(state)
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
