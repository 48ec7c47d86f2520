use leptos::prelude::*;

/// The bar above the public results pages.
#[component]
pub fn PublicBar() -> impl IntoView {
    view! {
        <header class="top-bar">
            <a class="skip-link" href="#main">"跳到正文"</a>
            <a class="brand" href="/results">"满意 · 测评结果公开"</a>
            <div class="top-actions">
                <a class="top-link" href="/">"参加测评"</a>
            </div>
        </header>
    }
}
