use leptos::prelude::*;

/// The line staff pages show while their data first loads (a `Suspense`'s fallback).
#[component]
pub fn LoadingLine() -> impl IntoView {
    view! {
        <p class="loading" role="status">
            "正在加载…"
        </p>
    }
}
