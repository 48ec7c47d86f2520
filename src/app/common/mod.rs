//! What two or more of the bundles share: the typed HTTP client's core ([`api`]), a
//! request's progress ([`Loading`]), the language and text-size preferences ([`i18n`]), the
//! question widgets (the respondent's form and the builder's preview), the staff session
//! and its sign-in gate (dashboard and builder), the chart canvas and figure cards, the
//! confirmation dialog, ids, and the full-page navigation between bundles.

pub mod api;
pub mod components;
pub mod dialog;
pub mod i18n;
pub mod ids;
pub mod json;
pub mod pages;
pub mod questions;
mod session;

pub use i18n::use_lang;
pub use session::{
    go_to, load_from_server, remove_placeholder, role_label, session_ended, watch_session, Session,
};

/// A request's progress, for pages that load data.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Loading<T> {
    Pending,
    Ready(T),
    Failed(String),
}

/// What an `ErrorBoundary` caught, as its failures' messages (one, in practice).
pub(crate) fn caught(errors: &leptos::prelude::ArcRwSignal<leptos::prelude::Errors>) -> String {
    use leptos::prelude::With;
    errors.with(|errors| {
        errors
            .iter()
            .map(|(_, error)| error.to_string())
            .collect::<Vec<_>>()
            .join("；")
    })
}
