//! Serving the built apps from the in-memory file table: precompressed variants by what
//! the browser accepts, entity tags, and each app's index.html for its client routes.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::header::{
    HeaderValue, ACCEPT_ENCODING, CACHE_CONTROL, CONTENT_ENCODING, CONTENT_LENGTH, CONTENT_TYPE,
    ETAG, IF_NONE_MATCH, VARY,
};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;

use crate::server::http::assets::{index_path, Assets, Encoding};

/// The built apps, each with its own index.html: the respondents' at the root, the staff
/// dashboard under `staff/` and the builder under `builder/`.
pub const BUNDLES: [&str; 3] = ["", "staff", "builder"];

/// The public results pages: `/results` and `/results/…`, pages from the server
/// (`results_pages`) that other sites may embed.
pub fn is_results_page(path: &str) -> bool {
    path == "/results" || path.starts_with("/results/")
}

/// The apps' files; a client route gets its app's index.html. The staff dashboard is its
/// own app under `/staff/`. The builder is a third app (files under `/builder/`), served at its two pages.
pub fn service(assets: Arc<Assets>) -> Router {
    Router::new().fallback(serve).with_state(assets)
}

async fn serve(State(assets): State<Arc<Assets>>, request: Request) -> Response {
    let mut response = answer(&assets, &request);
    // The dashboard is for staff, not for search engines.
    if request.uri().path().starts_with("/staff") {
        response
            .headers_mut()
            .insert("x-robots-tag", HeaderValue::from_static("noindex"));
    }
    response
}

fn answer(assets: &Assets, request: &Request) -> Response {
    let method = request.method();
    if method != Method::GET && method != Method::HEAD {
        return not_cached(StatusCode::METHOD_NOT_ALLOWED);
    }
    let Some(path) = file_for(request.uri().path(), assets) else {
        return not_cached(StatusCode::NOT_FOUND);
    };
    let Some(asset) = assets.get(&path) else {
        return not_cached(StatusCode::NOT_FOUND);
    };
    let (encoding, body) = asset.variant(&accepted_encodings(request.headers()));
    let etag = asset.etag(encoding);
    let mut headers = HeaderMap::new();
    headers.insert(CACHE_CONTROL, HeaderValue::from_static(cache_policy(&path)));
    headers.insert(CONTENT_TYPE, asset.content_type.clone());
    headers.insert(ETAG, HeaderValue::from_str(&etag).expect("hex in quotes"));
    if asset.is_negotiated() {
        headers.insert(VARY, HeaderValue::from_static("accept-encoding"));
    }
    if let Some(name) = encoding.header() {
        headers.insert(CONTENT_ENCODING, HeaderValue::from_static(name));
    }
    let unchanged = request
        .headers()
        .get(IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|tags| {
            // Weak comparison: a proxy that compressed the file marks its tag `W/`.
            tags.split(',')
                .map(|t| t.trim().trim_start_matches("W/"))
                .any(|t| t == etag || t == "*")
        });
    if unchanged {
        return (StatusCode::NOT_MODIFIED, headers).into_response();
    }
    headers.insert(CONTENT_LENGTH, body.len().into());
    let body = if method == Method::HEAD {
        Body::empty()
    } else {
        Body::from(body)
    };
    (headers, body).into_response()
}

fn not_cached(status: StatusCode) -> Response {
    (status, [(CACHE_CONTROL, "no-cache")]).into_response()
}

/// Trunk names the apps' files by content hash, so they never change: cached for a year.
/// Each index.html must always be revalidated so that a new release is picked up. The
/// policy follows the file served, not the address asked (a client route gets index.html).
fn cache_policy(served: &str) -> &'static str {
    if is_hashed_asset(served) {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    }
}

/// The table entry a URL path is answered with: the file itself when it exists, else the
/// index.html of the app whose route it is. A missing file (a name with an extension, e.g.
/// a script of a release the server no longer holds) is not a route: none.
fn file_for(url_path: &str, assets: &Assets) -> Option<String> {
    let path = url_path.trim_start_matches('/');
    if path == "staff/new" || is_builder_edit_page(path) {
        return Some(index_path("builder"));
    }
    if assets.get(path).is_some() {
        return Some(path.to_string());
    }
    let bundle = ["staff", "builder"]
        .into_iter()
        .find(|b| path == *b || path.starts_with(&format!("{b}/")))
        .unwrap_or("");
    let last = path.rsplit('/').next().unwrap_or_default();
    let names_a_file = last.rsplit_once('.').is_some_and(|(_, ext)| {
        !ext.is_empty() && ext.len() <= 5 && ext.chars().all(|c| c.is_ascii_alphanumeric())
    });
    (!names_a_file).then(|| index_path(bundle))
}

/// `/staff/s/{id}/edit`: the builder's page for one survey.
fn is_builder_edit_page(path: &str) -> bool {
    path.strip_prefix("staff/s/")
        .and_then(|rest| rest.strip_suffix("/edit"))
        .is_some_and(|id| !id.is_empty() && !id.contains('/'))
}

/// The encodings the request accepts (`q=0` refuses one). Their order does not matter:
/// brotli, the smaller, is sent whenever it is accepted.
fn accepted_encodings(headers: &HeaderMap) -> Vec<Encoding> {
    let accept = headers
        .get(ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    accept
        .split(',')
        .filter_map(|item| {
            let mut parts = item.split(';');
            let name = parts.next()?.trim().to_ascii_lowercase();
            let refused = parts.any(|p| {
                p.trim()
                    .strip_prefix("q=")
                    .and_then(|q| q.parse::<f32>().ok())
                    .is_some_and(|q| q == 0.0)
            });
            let encoding = match name.as_str() {
                "br" => Encoding::Brotli,
                "gzip" => Encoding::Gzip,
                _ => return None,
            };
            (!refused).then_some(encoding)
        })
        .collect()
}

fn is_hashed_asset(path: &str) -> bool {
    let file = path.rsplit('/').next().unwrap_or_default();
    let stem = file.split('.').next().unwrap_or_default();
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    // Trunk writes its 64-bit content hash in hex without leading zeros: one name in
    // sixteen has 15 digits, fewer are rarer still.
    stem.rsplit('-')
        .next()
        .is_some_and(|h| (12..=16).contains(&h.len()) && h.chars().all(|c| c.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;

    use super::*;

    #[test]
    fn paths_map_to_files_or_their_apps_index() {
        let assets = Assets::from_files(
            [
                "index.html",
                "a.js",
                "staff/index.html",
                "staff/s.js",
                "builder/index.html",
            ]
            .map(|p| (p.to_string(), Cow::Borrowed(&b"x"[..]))),
        );
        let cases = [
            ("/", Some("index.html")),
            ("/a.js", Some("a.js")),
            ("/s/yingshang-2023", Some("index.html")),
            ("/missing-0123456789abcdef.js", None),
            ("/staff/", Some("staff/index.html")),
            ("/staff", Some("staff/index.html")),
            ("/staff/s.js", Some("staff/s.js")),
            ("/staff/s/yingshang-2023", Some("staff/index.html")),
            ("/staff/s/yingshang-2023/edit", Some("builder/index.html")),
            ("/staff/new", Some("builder/index.html")),
            ("/builder/gone.wasm", None),
            ("/../etc/passwd", Some("index.html")),
        ];
        for (url, expected) in cases {
            assert_eq!(file_for(url, &assets).as_deref(), expected, "{url}");
        }
    }

    #[test]
    fn accepted_encodings_honour_refusals() {
        let accepts = |value: &str| {
            let mut headers = HeaderMap::new();
            headers.insert(ACCEPT_ENCODING, HeaderValue::from_str(value).unwrap());
            accepted_encodings(&headers)
        };
        assert_eq!(
            accepts("gzip, deflate, br"),
            [Encoding::Gzip, Encoding::Brotli]
        );
        assert_eq!(accepts("br;q=0, gzip;q=0.5"), [Encoding::Gzip]);
        assert_eq!(accepts("identity"), []);
    }

    #[test]
    fn hashed_assets_are_recognized() {
        assert!(super::is_hashed_asset(
            "/manyi-app-3f2a9c0d1e2b3c4d_bg.wasm"
        ));
        assert!(super::is_hashed_asset("/style-0123456789abcdef.css"));
        // A hash whose leading hex digit was zero.
        assert!(super::is_hashed_asset("/manyi-builder-b352652e2b1fa83.js"));
        assert!(!super::is_hashed_asset("/index.html"));
        assert!(!super::is_hashed_asset("/s/yingshang-2023"));
    }
}
