//! `GET /s/{id}`: the app's index.html with the survey's definition inlined, so a phone on a
//! slow network starts the survey without waiting for one more round trip after the wasm.

use std::sync::Arc;

use axum::extract::{Path as UrlPath, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use tower_http::compression::predicate::SizeAbove;
use tower_http::compression::{CompressionLayer, CompressionLevel};

use crate::server::http::assets::Assets;
use crate::server::services::store::SurveyStore;

/// The id of the script element the app reads the definition from.
pub const INLINE_SURVEY_ID: &str = "manyi-survey";

#[derive(Clone)]
struct PageState {
    index_html: Arc<str>,
    surveys: Arc<SurveyStore>,
}

/// The route, when the respondents' app has an index.html.
pub fn router(apps: &Assets, surveys: Arc<SurveyStore>) -> Option<Router> {
    let index_html: Arc<str> = apps.index_html("")?.into();
    let compression = CompressionLayer::new()
        .quality(CompressionLevel::Precise(5))
        .compress_when(SizeAbove::new(1024));
    Some(
        Router::new()
            .route("/s/{id}", get(page))
            .layer(compression)
            .with_state(PageState {
                index_html,
                surveys,
            }),
    )
}

async fn page(State(state): State<PageState>, UrlPath(id): UrlPath<String>) -> impl IntoResponse {
    let inline = state.surveys.public(&id).map(|s| s.detail_json.clone());
    let html = match inline {
        Some(json) => inline_into(&state.index_html, &json),
        None => state.index_html.to_string(),
    };
    (
        [
            (CONTENT_TYPE, "text/html; charset=utf-8"),
            (CACHE_CONTROL, "no-cache"),
        ],
        html,
    )
}

/// Put the JSON in a non-executed script element before `</head>`. `</` is escaped so no
/// answer text can close the element early (`<\/` is the same string to a JSON parser).
fn inline_into(index_html: &str, json: &str) -> String {
    let safe = json.replace("</", "<\\/");
    let element =
        format!(r#"<script id="{INLINE_SURVEY_ID}" type="application/json">{safe}</script>"#);
    match index_html.find("</head>") {
        Some(at) => format!("{}{element}{}", &index_html[..at], &index_html[at..]),
        None => format!("{element}{index_html}"),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn json_cannot_close_the_script_element() {
        let html = super::inline_into(
            "<html><head></head><body></body></html>",
            r#"{"t":"</script><b>"}"#,
        );
        assert_eq!(html.matches("</script>").count(), 1);
        assert!(html.contains(r#"{"t":"<\/script><b>"}</script></head>"#));
    }
}
