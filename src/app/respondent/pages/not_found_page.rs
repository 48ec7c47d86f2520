use leptos::prelude::*;

use crate::app::common::use_lang;

/// Any address the app does not know.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    let lang = use_lang();
    view! {
        <section class="notice">
            <h1>{move || lang.get().pick("页面不存在", "Page not found")}</h1>
            <p>
                <a href="/">{move || lang.get().pick("返回测评列表", "Back to the list")}</a>
            </p>
        </section>
    }
}
