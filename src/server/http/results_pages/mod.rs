//! The published results as complete pages from the server (`/results`, `/results/{id}`):
//! every figure with its n and interval, the charts as inline SVG drawn by the same
//! functions as the downloads, tables, the method, the downloads with their digests and
//! the audit chain, all readable with JavaScript off. The one script is the audit check
//! (`/results/audit.js`), run only when asked.
//!
//! Each page carries its own policy: no script but the site's own files, the one inlined
//! stylesheet by its hash, and framing by anyone (news sites may embed a result).

mod layout;
mod list;
mod notes;
mod page;
mod sections;

use std::sync::LazyLock;

use axum::extract::{Path, State};
use axum::http::header::{
    HeaderValue, CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE, ETAG, IF_NONE_MATCH,
    REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS,
};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use base64::Engine;
use maud::Markup;
use sha2::{Digest, Sha256};
use tower_http::compression::{CompressionLayer, CompressionLevel};

use crate::server::error::AppError;
use crate::server::AppState;

/// The pages' stylesheet, inlined into each page.
const STYLE: &str = include_str!("../../../../style/results.css");
/// The audit check, served as a file (the policy runs no inline script).
const AUDIT_JS: &str = include_str!("audit.js");
/// Where the audit check is served.
pub const AUDIT_JS_PATH: &str = "/results/audit.js";

fn sha256_base64(text: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(Sha256::digest(text.as_bytes()))
}

/// The pages' Content-Security-Policy: the site's own scripts, the inlined stylesheet by its
/// hash, the charts inline (SVG needs no source), framing allowed.
static POLICY: LazyLock<HeaderValue> = LazyLock::new(|| {
    let policy = format!(
        "default-src 'none'; script-src 'self'; style-src 'sha256-{}'; img-src 'self' data:; \
         connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors *",
        sha256_base64(STYLE)
    );
    HeaderValue::from_str(&policy).expect("a policy is plain ASCII")
});

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/results", get(list_page))
        .route("/results/", get(list_page))
        .route(AUDIT_JS_PATH, get(audit_js))
        .route("/results/{id}", get(publication_page))
        .layer(CompressionLayer::new().quality(CompressionLevel::Precise(9)))
}

async fn list_page(State(state): State<AppState>, headers: HeaderMap) -> Response {
    match crate::server::http::public::summaries(&state.pool).await {
        Ok(items) => {
            let origin = state.public_origin.as_deref().unwrap_or("");
            html(StatusCode::OK, list::render(&items, origin), &headers)
        }
        Err(error) => error.into_response(),
    }
}

async fn publication_page(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    let loaded = async {
        let Some(p) = crate::server::services::publish::load(&state.pool, &id).await? else {
            return Ok(None);
        };
        let chain = crate::server::storage::audit::chain(&state.pool, Some(&id)).await?;
        Ok::<_, AppError>(Some((p, chain)))
    };
    match loaded.await {
        Ok(Some((p, chain))) => {
            let origin = state.public_origin.as_deref().unwrap_or("");
            html(StatusCode::OK, page::render(&p, &chain, origin), &headers)
        }
        Ok(None) => html(StatusCode::NOT_FOUND, layout::not_found(), &headers),
        Err(error) => error.into_response(),
    }
}

async fn audit_js(headers: HeaderMap) -> Response {
    respond(
        StatusCode::OK,
        "text/javascript; charset=utf-8",
        AUDIT_JS.to_string(),
        &headers,
    )
}

fn html(status: StatusCode, page: Markup, request: &HeaderMap) -> Response {
    let mut response = respond(
        status,
        "text/html; charset=utf-8",
        page.into_string(),
        request,
    );
    let headers = response.headers_mut();
    headers.insert(CONTENT_SECURITY_POLICY, POLICY.clone());
    response
}

/// A body revalidated on every use (`no-cache`) by its entity tag: weak, since the
/// compression layer may encode it.
fn respond(status: StatusCode, content_type: &str, body: String, request: &HeaderMap) -> Response {
    let digest = Sha256::digest(body.as_bytes());
    let etag = format!("W/\"{}\"", hex::encode(&digest[..12]));
    let unchanged = status == StatusCode::OK
        && request
            .get(IF_NONE_MATCH)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|tags| tags.split(',').any(|t| t.trim() == etag || t.trim() == "*"));
    let mut headers = HeaderMap::new();
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    headers.insert(ETAG, HeaderValue::from_str(&etag).expect("hex in quotes"));
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    if unchanged {
        return (StatusCode::NOT_MODIFIED, headers).into_response();
    }
    headers.insert(
        CONTENT_TYPE,
        HeaderValue::from_str(content_type).expect("a plain type"),
    );
    (status, headers, body).into_response()
}
