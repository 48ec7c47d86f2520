//! The backend: axum routes under `/api`, SQLite through sqlx, the built app served with a
//! SPA fallback.

pub mod codes;
pub mod db;
pub mod error;
mod extract;
pub mod rate_limit;
mod responses;
pub mod static_files;
pub mod store;
mod survey_page;
mod surveys;
pub mod writer;

use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use sqlx::SqlitePool;
use tower_http::compression::predicate::SizeAbove;
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
    pub submission_limiter: Option<Arc<rate_limit::SubmissionLimiter>>,
}

impl AppState {
    /// Open (or create) the database, run migrations, load surveys and start the writer.
    pub async fn open(database: &db::DatabaseConfig) -> anyhow::Result<Self> {
        let pool = db::connect(database).await?;
        let surveys = Arc::new(SurveyStore::load(&pool).await?);
        let writer_conn = db::connect_writer(database).await?;
        let writer = writer::spawn(writer_conn, surveys.clone());
        Ok(AppState {
            pool,
            surveys,
            writer,
            submission_limiter: None,
        })
    }

    /// Limit submissions per client address (a `per_second` of 0 switches the limit off).
    pub fn with_rate_limit(mut self, limit: rate_limit::RateLimit) -> Self {
        self.submission_limiter = rate_limit::SubmissionLimiter::new(limit);
        self
    }
}

/// The API alone: what the in-process tests drive with `oneshot`.
pub fn api(state: AppState) -> Router {
    Router::new()
        .merge(surveys::router())
        .merge(responses::router(state.submission_limiter.clone()))
        .fallback(|| async { AppError::NotFound("api") })
        // Definitions are many kilobytes of Chinese text: worth compressing on slow networks.
        // Receipts and errors are too small to gain anything.
        .layer(
            CompressionLayer::new()
                .quality(CompressionLevel::Precise(5))
                .compress_when(SizeAbove::new(1024)),
        )
        .with_state(state)
}

/// The whole HTTP application: the API under `/api` and, when given, the built browser app.
pub fn app(state: AppState, dist: Option<PathBuf>) -> Router {
    let surveys = state.surveys.clone();
    let router = Router::new().nest("/api", api(state));
    let router = match dist {
        Some(dir) => {
            let router = match survey_page::router(&dir, surveys) {
                Some(pages) => router.merge(pages),
                None => router,
            };
            router.fallback_service(static_files::service(&dir))
        }
        None => router,
    };
    router.layer(tower_http::trace::TraceLayer::new_for_http())
}
