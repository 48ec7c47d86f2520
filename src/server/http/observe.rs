//! Health and metrics for whoever runs Manyi: `/healthz` (the process answers), `/readyz`
//! (the database takes writes and the writer commits) and `/metrics` (Prometheus text, for
//! a scraper on this machine or a signed-in admin). Counters and histograms are recorded
//! with the `metrics` crate where things happen; this module only installs the recorder and
//! serves what it holds. Nothing recorded names a respondent, a survey's answers or a
//! ballot.

use std::net::SocketAddr;
use std::sync::OnceLock;
use std::time::Duration;

use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};

use crate::domain::wire::Role;

use crate::server::http::auth::CurrentUser;
use crate::server::AppState;

/// Responses written per group commit.
pub const COMMIT_BATCH: &str = "manyi_commit_batch_size";
/// Seconds from BEGIN to COMMIT of a group commit.
pub const COMMIT_SECONDS: &str = "manyi_commit_seconds";
/// Submissions by outcome: `accepted`, `replayed`, or the error code of a refusal.
pub const SUBMISSIONS: &str = "manyi_submissions_total";
/// Requests refused by a rate limit.
pub const RATE_LIMITED: &str = "manyi_rate_limited_total";
/// Browsers following a dashboard's live updates.
pub const LIVE_CLIENTS: &str = "manyi_live_clients";

/// The process's recorder, installed on first use (once, however many states a test makes).
fn handle() -> &'static PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE.get_or_init(|| {
        let batch = [
            1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 128.0, 256.0, 512.0, 1024.0,
        ];
        let seconds = [
            0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0,
        ];
        PrometheusBuilder::new()
            .set_buckets_for_metric(Matcher::Full(COMMIT_BATCH.into()), &batch)
            .and_then(|b| b.set_buckets_for_metric(Matcher::Full(COMMIT_SECONDS.into()), &seconds))
            .expect("bucket lists are not empty")
            .install_recorder()
            .expect("the metrics recorder is installed once")
    })
}

/// Install the recorder before the first request records anything.
pub fn install() {
    handle();
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", get(ready))
        .route("/metrics", get(metrics_text))
}

/// 200 when the database takes a write lock and the writer has committed everything handed
/// to it; 503 naming what is not ready.
async fn ready(State(state): State<AppState>) -> Response {
    let database = match crate::server::storage::begin_write(&state.pool).await {
        Ok(tx) => tx.rollback().await.is_ok(),
        Err(_) => false,
    };
    let writer = matches!(
        tokio::time::timeout(Duration::from_secs(5), state.writer.flush()).await,
        Ok(Ok(()))
    );
    let word = |ok: bool| if ok { "ok" } else { "unavailable" };
    let status = if database && writer {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    let body = serde_json::json!({"database": word(database), "writer": word(writer)});
    (status, Json(body)).into_response()
}

/// Prometheus text, to a scraper on this machine (no proxy in between) or an admin.
async fn metrics_text(State(state): State<AppState>, request: Request) -> Response {
    let local = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .is_some_and(|c| c.0.ip().is_loopback())
        && !request.headers().contains_key("x-forwarded-for");
    let (mut parts, _) = request.into_parts();
    let admin = CurrentUser::from_request_parts(&mut parts, &state)
        .await
        .is_ok_and(|user| user.require(Role::Admin).is_ok());
    if !local && !admin {
        return crate::server::error::AppError::Forbidden.into_response();
    }
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        handle().render(),
    )
        .into_response()
}

/// Counts a live-update client for as long as it is held.
pub struct LiveClient;

impl LiveClient {
    pub fn start() -> Self {
        metrics::gauge!(LIVE_CLIENTS).increment(1.0);
        LiveClient
    }
}

impl Drop for LiveClient {
    fn drop(&mut self) {
        metrics::gauge!(LIVE_CLIENTS).decrement(1.0);
    }
}
