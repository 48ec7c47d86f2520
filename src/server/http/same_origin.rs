//! Staff actions come from Manyi's own pages. The session cookie is `SameSite=Strict`,
//! which keeps other sites out but not another page of the same site (another service on
//! the same host at another port, a sibling subdomain), and some staff actions take no
//! JSON body a form could not forge. So a state-changing staff or sign-in request that a
//! browser marks as coming from anywhere but this origin is refused. Clients that send
//! neither `Sec-Fetch-Site` nor `Origin` (the command line, scripts) are not browsers
//! acting for someone, and pass.

use axum::extract::Request;
use axum::http::header::{HOST, ORIGIN};
use axum::http::{HeaderMap, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::server::error::AppError;

/// The middleware, for the API router.
pub async fn refuse_cross_origin_writes(request: Request, next: Next) -> Response {
    let writes = !matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    let path = request.uri().path();
    let path = path.strip_prefix("/api").unwrap_or(path);
    let staff = path.starts_with("/staff/") || path.starts_with("/auth/");
    if writes && staff && !from_this_origin(request.headers()) {
        return AppError::CrossOrigin.into_response();
    }
    next.run(request).await
}

/// Whether the browser says the request comes from a page of this origin (or says nothing).
fn from_this_origin(headers: &HeaderMap) -> bool {
    let header = |name| headers.get(name).and_then(|v| v.to_str().ok());
    if let Some(site) = header("sec-fetch-site") {
        // "none": typed or bookmarked by the user, never a page's doing.
        return site == "same-origin" || site == "none";
    }
    match (header(ORIGIN.as_str()), header(HOST.as_str())) {
        (Some(origin), Some(host)) => origin.split_once("://").map(|(_, rest)| rest) == Some(host),
        (Some(_), None) => false,
        (None, _) => true,
    }
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    #[test]
    fn only_this_origin_or_no_browser_passes() {
        let cases: [(&[(&str, &str)], bool); 7] = [
            (&[], true),
            (&[("sec-fetch-site", "same-origin")], true),
            (&[("sec-fetch-site", "same-site")], false),
            (&[("sec-fetch-site", "cross-site")], false),
            (
                &[
                    ("origin", "http://rd.example:8080"),
                    ("host", "rd.example:8080"),
                ],
                true,
            ),
            (
                &[
                    ("origin", "http://rd.example:9000"),
                    ("host", "rd.example:8080"),
                ],
                false,
            ),
            (&[("origin", "null"), ("host", "rd.example")], false),
        ];
        for (given, expected) in cases {
            let mut headers = HeaderMap::new();
            for (name, value) in given {
                headers.insert(*name, HeaderValue::from_str(value).unwrap());
            }
            assert_eq!(from_this_origin(&headers), expected, "{given:?}");
        }
    }
}
