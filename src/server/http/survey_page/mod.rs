//! `GET /s/{id}`: the app's index.html with the survey's first screen rendered in place of
//! the loading placeholder (readable at once, and without JavaScript) and its definition
//! inlined, so a phone on a slow network starts the survey without one more round trip
//! after the wasm.

mod first_screen;
mod home;
mod questions;

use std::sync::Arc;

use axum::extract::{Path as UrlPath, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use tower_http::compression::predicate::SizeAbove;
use tower_http::compression::{CompressionLayer, CompressionLevel};

use crate::domain::SurveyStatus;
use crate::server::error::AppError;
use crate::server::http::assets::Assets;
use crate::server::services::store::SurveyStore;
use crate::server::storage::now_millis;

/// The id of the script element the app reads the definition from.
pub const INLINE_SURVEY_ID: &str = "manyi-survey";

#[derive(Clone)]
struct PageState {
    index_html: Arc<str>,
    /// Where the placeholder is in `index_html` (start and end byte), if it has one.
    placeholder: Option<(usize, usize)>,
    surveys: Arc<SurveyStore>,
}

/// The route, when the respondents' app has an index.html.
pub fn router(apps: &Assets, surveys: Arc<SurveyStore>) -> Option<Router> {
    let index_html: Arc<str> = apps.index_html("")?.into();
    let placeholder = find_placeholder(&index_html);
    let compression = CompressionLayer::new()
        .quality(CompressionLevel::Precise(5))
        .compress_when(SizeAbove::new(1024));
    Some(
        Router::new()
            .route("/", get(home_page))
            .route("/s/{id}", get(page))
            .layer(compression)
            .with_state(PageState {
                index_html,
                placeholder,
                surveys,
            }),
    )
}

async fn page(State(state): State<PageState>, UrlPath(id): UrlPath<String>) -> Response {
    match state.surveys.public(&id) {
        Some(stored) => {
            let first = first_screen::render(&stored, now_millis());
            html_page(inline_into(
                &state.in_placeholder(first),
                &stored.detail_json,
            ))
            .into_response()
        }
        None => {
            let message = AppError::SurveyNotFound.to_string();
            let notice = state.in_placeholder(Some(home::not_found(&message)));
            (StatusCode::NOT_FOUND, html_page(notice)).into_response()
        }
    }
}

async fn home_page(State(state): State<PageState>) -> impl IntoResponse {
    let open = state.surveys.summaries(&[SurveyStatus::Open]);
    html_page(state.in_placeholder(Some(home::render(&open))))
}

fn html_page(html: String) -> impl IntoResponse {
    (
        [
            (CONTENT_TYPE, "text/html; charset=utf-8"),
            (CACHE_CONTROL, "no-cache"),
        ],
        html,
    )
}

impl PageState {
    /// index.html with `content` in place of its placeholder (as it is without either).
    fn in_placeholder(&self, content: Option<maud::Markup>) -> String {
        match (self.placeholder, content) {
            (Some((start, end)), Some(content)) => format!(
                "{}{}{}",
                &self.index_html[..start],
                content.into_string(),
                &self.index_html[end..]
            ),
            _ => self.index_html.to_string(),
        }
    }
}

/// The placeholder `<div id="boot">…</div>` of the built index.html (however Trunk's
/// minifier quoted it): it holds no other `div`, so it ends at the first `</div>`.
fn find_placeholder(index_html: &str) -> Option<(usize, usize)> {
    let id = [r#"id="boot""#, "id=boot"]
        .iter()
        .find_map(|needle| index_html.find(needle))?;
    let start = index_html[..id].rfind("<div")?;
    let end = id + index_html[id..].find("</div>")? + "</div>".len();
    Some((start, end))
}

/// Put the JSON in a non-executed script element before `</head>`. Every `<` is escaped
/// (`\u003c`, the same string to a JSON parser), so no text in a definition can close the
/// element early or put the parser in a state where its end no longer closes it.
fn inline_into(index_html: &str, json: &str) -> String {
    let safe = json.replace('<', "\\u003c");
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
    fn the_placeholder_is_found_quoted_or_not() {
        for html in [
            r#"<body><div id="boot" class="boot" role="status"><p>…</p></div><x></body>"#,
            "<body><div class=boot id=boot role=status><p>…</p></div><x></body>",
        ] {
            let (start, end) = super::find_placeholder(html).unwrap();
            assert_eq!(&html[..start], "<body>");
            assert_eq!(&html[end..], "<x></body>");
        }
        assert_eq!(super::find_placeholder("<body></body>"), None);
    }

    #[test]
    fn json_cannot_close_the_script_element() {
        let html = super::inline_into(
            "<html><head></head><body></body></html>",
            r#"{"t":"</script><b><!--<script>"}"#,
        );
        assert_eq!(html.matches("</script>").count(), 1);
        assert!(html
            .contains(r#"{"t":"\u003c/script>\u003cb>\u003c!--\u003cscript>"}</script></head>"#));
    }
}
