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
    let label = move || crate::domain::form_text::page_of(lang.get(), current.get(), total.get());
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
