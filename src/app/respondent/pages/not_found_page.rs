use leptos::prelude::*;

use crate::app::common::i18n::{Text, Tr};

/// Any address the app does not know.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    view! {
        <section class="notice">
            <h1>
                <Tr text=Text::new("页面不存在", "Page not found") />
            </h1>
            <p>
                <a href="/">
                    <Tr text=Text::new("返回测评列表", "Back to the list") />
                </a>
            </p>
        </section>
    }
}
