use leptos::prelude::*;

use crate::app::common::use_lang;

/// "第 2 / 8 页" with a bar, for the respondent to see how far they are.
#[component]
pub fn ProgressBar(
    /// 1-based number of the current screen.
    #[prop(into)]
    current: Signal<usize>,
    /// How many screens there are for the current answers.
    #[prop(into)]
    total: Signal<usize>,
) -> impl IntoView {
    let lang = use_lang();
    let label = move || {
        let (c, t) = (current.get(), total.get());
        match lang.get() {
            crate::app::common::i18n::Lang::Zh => format!("第 {c} / {t} 页"),
            crate::app::common::i18n::Lang::En => format!("Page {c} of {t}"),
        }
    };
    view! {
        <div class="progress" data-testid="progress">
            <span class="progress-label">{label}</span>
            <progress
                max=move || total.get().to_string()
                value=move || current.get().to_string()
                aria-label=label
            ></progress>
        </div>
    }
}
