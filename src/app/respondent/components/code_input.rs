use leptos::prelude::*;

use crate::app::common::i18n::Tr;

use crate::app::common::use_lang;
use crate::domain::{form_text, FieldError};

/// The field name of the one-time code in error lists.
pub const CODE_FIELD: &str = "code";

/// The one-time code field of a ballot.
#[component]
pub fn CodeInput(
    /// The code typed or carried by the link.
    code: RwSignal<String>,
    /// Form errors; the code's are those with field `code`.
    errors: RwSignal<Vec<FieldError>>,
) -> impl IntoView {
    let lang = use_lang();
    let message = Signal::derive(move || {
        let mine: Vec<FieldError> = errors.with(|e| {
            e.iter()
                .filter(|e| e.field == CODE_FIELD)
                .cloned()
                .collect()
        });
        crate::app::common::questions::first_message(&mine, lang.get())
    });
    view! {
        <div class="question code-field" data-testid="question-code">
            <label class="q-label" for="access-code">
                <span class="q-title">
                    <Tr text=form_text::CODE_TITLE />
                </span>
                <span class="required" aria-hidden="true">
                    " *"
                </span>
            </label>
            <p class="q-help" id="help-code">
                <Tr text=form_text::CODE_HELP />
            </p>
            <input
                id="access-code"
                type="text"
                data-testid="code-input"
                autocomplete="off"
                autocapitalize="characters"
                spellcheck="false"
                required
                aria-describedby="help-code err-code"
                aria-invalid=move || message.get().is_some().to_string()
                prop:value=move || code.get()
                on:input=move |ev| {
                    code.set(event_target_value(&ev));
                    errors.update(|e| e.retain(|e| e.field != CODE_FIELD));
                }
            />
            <crate::app::common::questions::FieldErrorText id="err-code".to_string() message />
        </div>
    }
}
