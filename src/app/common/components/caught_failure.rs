use leptos::prelude::*;

use crate::app::common::caught;

/// What an `ErrorBoundary` caught, as a warning (an `ErrorBoundary`'s fallback).
#[component]
pub fn CaughtFailure(
    /// The errors the boundary caught.
    errors: ArcRwSignal<Errors>,
) -> impl IntoView {
    view! {
        <p class="notice notice-warn" role="alert">
            {move || caught(&errors)}
        </p>
    }
}
