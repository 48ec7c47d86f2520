use leptos::prelude::*;

use crate::app::common::i18n::Tr;

use crate::app::common::i18n::{Lang, Preferences};
use crate::domain::form_text;

/// The bar above every page: the platform's name, the language switch and the large-text
/// switch (适老化).
#[component]
pub fn TopBar() -> impl IntoView {
    let preferences = expect_context::<Preferences>();
    let lang = preferences.lang;
    let large = preferences.large_text;
    let waiting = expect_context::<crate::app::respondent::outbox::Outbox>().waiting();
    view! {
        <header class="top-bar">
            <a class="skip-link" href="#main">
                <Tr text=form_text::SKIP_TO_CONTENT />
            </a>
            <a class="brand" href="/">
                <Tr text=form_text::BRAND />
            </a>
            <Show when=move || { waiting.get() > 0 }>
                <span class="outbox-badge" role="status" data-testid="outbox-badge">
                    {move || match lang.get() {
                        Lang::Zh => format!("{} 份待提交", waiting.get()),
                        Lang::En => format!("{} waiting to send", waiting.get()),
                    }}
                </span>
            </Show>
            <div class="top-actions">
                <button
                    type="button"
                    class="toggle"
                    data-testid="toggle-large-text"
                    aria-pressed=move || large.get().to_string()
                    on:click=move |_| large.update(|v| *v = !*v)
                >
                    <Tr text=form_text::LARGE_TEXT />
                </button>
                <button
                    type="button"
                    class="toggle"
                    data-testid="toggle-lang"
                    lang=move || if lang.get() == Lang::Zh { "en" } else { "zh-CN" }
                    on:click=move |_| {
                        lang.update(|l| *l = if *l == Lang::Zh { Lang::En } else { Lang::Zh })
                    }
                >
                    <Tr text=form_text::OTHER_LANGUAGE />
                </button>
            </div>
        </header>
    }
}
