use leptos::prelude::*;

use super::question_field::{described_by, help_view, title_view};
use super::{first_message, FieldErrorText};
use crate::app::use_lang;
use crate::domain::{Answer, FieldError, Question};

/// A group of radio buttons: single choice, rating scales and the ballot.
#[component]
pub fn ChoiceQuestion(
    /// The question.
    question: Question,
    /// (id, label) of every option, in the current language.
    #[prop(into)]
    options: Signal<Vec<(String, String)>>,
    /// The chosen option id.
    #[prop(into)]
    answer: Signal<Option<Answer>>,
    /// Called with the newly chosen option.
    on_change: Callback<Option<Answer>>,
    /// This question's errors.
    #[prop(into)]
    errors: Signal<Vec<FieldError>>,
    /// Extra class for the option list (e.g. a horizontal scale).
    #[prop(optional)]
    layout: &'static str,
) -> impl IntoView {
    let lang = use_lang();
    let id = question.id.clone();
    let name = format!("q-{id}");
    let described = described_by(&question);
    let chosen = move || answer.get().and_then(|a| a.as_text().map(str::to_string));
    let radios = move || {
        options
            .get()
            .into_iter()
            .map(|(value, label)| {
                let input_id = format!("{name}-{value}");
                let checked_value = value.clone();
                let sent_value = value.clone();
                view! {
                    <label class="option">
                        <input
                            type="radio"
                            id=input_id
                            name=name.clone()
                            value=value
                            aria-describedby=described.clone()
                            prop:checked=move || chosen().as_deref() == Some(checked_value.as_str())
                            on:change=move |_| on_change.run(Some(Answer::Text(sent_value.clone())))
                        />
                        <span>{label}</span>
                    </label>
                }
            })
            .collect_view()
    };
    view! {
        <fieldset aria-invalid=move || (!errors.get().is_empty()).to_string()>
            <legend>{title_view(&question)}</legend>
            {help_view(&question)}
            <div class=format!("options {layout}")>{radios}</div>
            <FieldErrorText id=format!("err-{id}") message=Signal::derive(move || first_message(&errors.get(), lang.get())) />
        </fieldset>
    }
}
