//! HTTP: one router per resource, merged in [`api`] under `/api`, and the plumbing only
//! HTTP needs (extractors, the same-origin check, security headers, rate limits behind
//! trusted proxies, static files, the server-rendered results and survey pages, the
//! observe endpoints). Handlers check who asks and what they sent, then call `services`
//! and `storage`: they never write SQL.

pub mod accounts;
pub mod assets;
pub mod audit;
pub mod auth;
pub mod definitions;
mod distribution;
pub mod export;
mod extract;
mod jobs;
mod lifecycle;
pub mod observe;
mod paper;
pub mod proxy;
mod public;
pub mod rate_limit;
mod responses;
mod results;
mod results_pages;
mod same_origin;
pub mod security_headers;
pub mod static_files;
mod survey_page;
mod surveys;
mod texts;

use std::sync::Arc;

use axum::Router;
use tower_http::compression::predicate::{NotForContentType, Predicate, SizeAbove};
use tower_http::compression::{CompressionLayer, CompressionLevel};

use crate::server::{AppError, AppState};

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
