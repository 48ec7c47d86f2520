//! Serving the built app: precompressed files (brotli, gzip) and the SPA fallback.

use std::path::Path;

use axum::extract::Request;
use axum::http::header::{HeaderValue, CACHE_CONTROL};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::Router;
use tower_http::services::{ServeDir, ServeFile};

/// The built apps, each with its own index.html: the respondents' at the root of `dist`,
/// the staff dashboard (with the public results pages) and the builder.
pub const BUNDLES: [&str; 3] = ["", "staff", "builder"];

/// The public results pages: `/results` and `/results/…`, routes of the staff app.
pub fn is_results_page(path: &str) -> bool {
    path == "/results" || path.starts_with("/results/")
}

/// The app's files under `dist`; any other path gets index.html so client routes load.
/// The staff dashboard is its own app under `/staff/` with its own index.html; the public
/// results pages under `/results/` are routes of that same app. The builder is a third app
/// (files under `/builder/`), served at its two pages.
pub fn service(dist: &Path) -> Router {
    let index_of = |app: &str| {
        ServeFile::new(dist.join(app).join("index.html"))
            .precompressed_br()
            .precompressed_gzip()
    };
    let staff_index = index_of("staff");
    let builder_index = index_of("builder");
    Router::new()
        .route_service("/staff/new", builder_index.clone())
        .route_service("/staff/s/{id}/edit", builder_index)
        .nest_service("/builder", spa(&dist.join("builder")))
        .nest_service("/staff", spa(&dist.join("staff")))
        .route_service("/results", staff_index.clone())
        .route_service("/results/{*page}", staff_index)
        .fallback_service(spa(dist))
        .layer(middleware::from_fn(cache_headers))
}

fn spa(dir: &Path) -> ServeDir<ServeFile> {
    let index = ServeFile::new(dir.join("index.html"))
        .precompressed_br()
        .precompressed_gzip();
    ServeDir::new(dir)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(index)
}

/// Trunk names assets by content hash, so they never change: cache them for a year. The
/// HTML must always be revalidated so a new release is picked up.
async fn cache_headers(req: Request, next: Next) -> Response {
    let hashed = is_hashed_asset(req.uri().path());
    // The dashboard is for staff; the results pages from the same bundle are for everyone.
    let staff = req.uri().path().starts_with("/staff");
    let mut response = next.run(req).await;
    if staff {
        response
            .headers_mut()
            .insert("x-robots-tag", HeaderValue::from_static("noindex"));
    }
    let policy = if hashed {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    response
        .headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static(policy));
    response
}

fn is_hashed_asset(path: &str) -> bool {
    let file = path.rsplit('/').next().unwrap_or_default();
    let stem = file.split('.').next().unwrap_or_default();
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit('-')
        .next()
        .is_some_and(|h| h.len() >= 16 && h.chars().all(|c| c.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    #[test]
    fn hashed_assets_are_recognized() {
        assert!(super::is_hashed_asset(
            "/manyi-app-3f2a9c0d1e2b3c4d_bg.wasm"
        ));
        assert!(super::is_hashed_asset("/style-0123456789abcdef.css"));
        assert!(!super::is_hashed_asset("/index.html"));
        assert!(!super::is_hashed_asset("/s/yingshang-2023"));
    }
}
