use leptos::prelude::*;

use super::question_field::{described_by, help_view, title_view};
use super::{first_message, FieldErrorText};
use crate::app::use_lang;
use crate::domain::{Answer, FieldError, Question};

/// A native select: long lists (乡镇, 行业) stay compact and phones show their own picker.
#[component]
pub fn DropdownQuestion(
    /// The question (of kind `dropdown`).
    question: Question,
    /// The chosen option id.
    #[prop(into)]
    answer: Signal<Option<Answer>>,
    /// Called with the newly chosen option.
    on_change: Callback<Option<Answer>>,
    /// This question's errors.
    #[prop(into)]
    errors: Signal<Vec<FieldError>>,
) -> impl IntoView {
    let lang = use_lang();
    let id = question.id.clone();
    let input_id = format!("q-{id}");
    let chosen = move || {
        answer
            .get()
            .and_then(|a| a.as_text().map(str::to_string))
            .unwrap_or_default()
    };
    let options = question
        .kind
        .options()
        .iter()
        .map(|o| {
            let value = o.id.clone();
            let selected_value = value.clone();
            view! { <option value=value prop:selected=move || chosen() == selected_value>{o.label.clone()}</option> }
        })
        .collect_view();
    view! {
        <label class="q-label" for=input_id.clone()>{title_view(&question)}</label>
        {help_view(&question)}
        <select
            id=input_id
            aria-describedby=described_by(&question)
            aria-invalid=move || (!errors.get().is_empty()).to_string()
            aria-required=question.required.to_string()
            prop:value=chosen
            on:change=move |ev| {
                let value = event_target_value(&ev);
                on_change.run((!value.is_empty()).then_some(Answer::Text(value)));
            }
        >
            <option value="">{move || lang.get().pick("请选择", "Please choose")}</option>
            {options}
        </select>
        <FieldErrorText id=format!("err-{id}") message=Signal::derive(move || first_message(&errors.get(), lang.get())) />
    }
}
