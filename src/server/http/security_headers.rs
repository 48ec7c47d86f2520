//! Security headers on every response: no content-type sniffing, no `Referer` (a survey
//! link may carry its one-time code), and a Content-Security-Policy.
//!
//! The pages' policy lets only the app run: its own files, the inline start-up script
//! Trunk writes into each index.html (allowed by its SHA-256, computed from the built files
//! at start-up, so that no injected inline script runs) and the WebAssembly it starts
//! (`'wasm-unsafe-eval'`; browsers older than Chrome 97, Safari 16 and Firefox 102 do not
//! know it and refuse the app's WebAssembly). Styles may be inline: the CSS is inlined into
//! each page and the app sets style attributes at run time, which no hash can name; all
//! page text is escaped, so this only ever applies the app's own styles. Images may be
//! `data:` URLs (the code sheet's QR codes). Nothing may frame a page (clickjacking a vote),
//! except the public results pages, which news sites may embed.
//!
//! API answers (JSON, CSV, SVG) get a policy that allows nothing: opened on their own they
//! run nothing and load nothing.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::header::{
    HeaderName, HeaderValue, CONTENT_SECURITY_POLICY, REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS,
    X_FRAME_OPTIONS,
};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::Router;
use base64::Engine;
use sha2::{Digest, Sha256};
use tower_http::set_header::SetResponseHeaderLayer;

use crate::server::http::assets::Assets;
use crate::server::http::static_files::is_results_page;

const API_POLICY: &str = "default-src 'none'; frame-ancestors 'none'";

/// The headers of the API's answers.
pub fn api<S: Clone + Send + Sync + 'static>(router: Router<S>) -> Router<S> {
    let header = |name: HeaderName, value: &'static str| {
        SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value))
    };
    router
        .layer(header(X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(header(REFERRER_POLICY, "no-referrer"))
        .layer(header(CONTENT_SECURITY_POLICY, API_POLICY))
}

/// The headers of the apps' pages and files.
pub fn pages(router: Router, apps: &Assets) -> Router {
    let hashes: Vec<String> = apps.index_pages().flat_map(inline_script_hashes).collect();
    let policy = |framing: &str| {
        HeaderValue::from_str(&page_policy(&hashes, framing)).expect("a policy is plain ASCII")
    };
    let policies = Arc::new(PagePolicies {
        unframed: policy("'none'"),
        embeddable: policy("*"),
    });
    router.layer(middleware::from_fn_with_state(policies, page_headers))
}

struct PagePolicies {
    unframed: HeaderValue,
    embeddable: HeaderValue,
}

async fn page_headers(
    State(policies): State<Arc<PagePolicies>>,
    req: Request,
    next: Next,
) -> Response {
    let embeddable = is_results_page(req.uri().path());
    let mut response = next.run(req).await;
    let headers = response.headers_mut();
    // The API's answers carry their own.
    if headers.contains_key(CONTENT_SECURITY_POLICY) {
        return response;
    }
    let policy = if embeddable {
        policies.embeddable.clone()
    } else {
        headers.insert(X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
        policies.unframed.clone()
    };
    headers.insert(CONTENT_SECURITY_POLICY, policy);
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    response
}

/// The pages' policy: scripts from the site and the inline ones with these hashes.
fn page_policy(script_hashes: &[String], frame_ancestors: &str) -> String {
    let scripts: String = script_hashes.iter().map(|h| format!(" '{h}'")).collect();
    format!(
        "default-src 'self'; script-src 'self'{scripts} 'wasm-unsafe-eval'; \
         style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; \
         object-src 'none'; base-uri 'none'; form-action 'self'; \
         frame-ancestors {frame_ancestors}"
    )
}

/// `sha256-…` of each inline `<script>` in a page, as a policy names it: the digest of the
/// exact text between the tags. Reads what Trunk writes; a script with `src` has no text.
pub fn inline_script_hashes(html: &str) -> Vec<String> {
    let lower = html.to_ascii_lowercase();
    let mut hashes = Vec::new();
    let mut from = 0;
    while let Some(open) = lower[from..].find("<script").map(|at| from + at) {
        let Some(body) = lower[open..].find('>').map(|at| open + at + 1) else {
            break;
        };
        let Some(close) = lower[body..].find("</script").map(|at| body + at) else {
            break;
        };
        let text = &html[body..close];
        if !text.is_empty() {
            let digest = Sha256::digest(text.as_bytes());
            let encoded = base64::engine::general_purpose::STANDARD.encode(digest);
            hashes.push(format!("sha256-{encoded}"));
        }
        from = close;
    }
    hashes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_inline_script_is_hashed_as_written() {
        // The example of the CSP specification: `alert('Hello, world.');`.
        let html = "<html><head><script>alert('Hello, world.');</script>\
                    <SCRIPT type=\"module\" src=\"/app.js\"></SCRIPT></head></html>";
        assert_eq!(
            inline_script_hashes(html),
            ["sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng="]
        );
        assert!(inline_script_hashes("<p>no script</p>").is_empty());
        assert_eq!(
            inline_script_hashes("<script>\n x \n</script><script>y</script>").len(),
            2
        );
    }

    #[test]
    fn the_page_policy_names_every_hash_and_the_framing() {
        let policy = page_policy(&["sha256-a".into(), "sha256-b".into()], "'none'");
        assert!(policy.contains("script-src 'self' 'sha256-a' 'sha256-b' 'wasm-unsafe-eval';"));
        assert!(policy.ends_with("frame-ancestors 'none'"));
        assert!(
            !policy.contains("'unsafe-eval'") && !policy.contains("script-src 'unsafe-inline'")
        );
    }
}
