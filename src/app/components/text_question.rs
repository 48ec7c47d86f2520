use leptos::prelude::*;

use super::question_field::{described_by, help_view, title_view};
use super::{first_message, FieldErrorText};
use crate::app::use_lang;
use crate::domain::{Answer, FieldError, Question, QuestionKind};

/// Short (one line) or long (several lines) free text, with a character counter.
#[component]
pub fn TextQuestion(
    /// The question (of kind `short_text` or `long_text`).
    question: Question,
    /// The current text.
    #[prop(into)]
    answer: Signal<Option<Answer>>,
    /// Called with the new text, or None when cleared.
    on_change: Callback<Option<Answer>>,
    /// This question's errors.
    #[prop(into)]
    errors: Signal<Vec<FieldError>>,
) -> impl IntoView {
    let lang = use_lang();
    let (long, max_len) = match &question.kind {
        QuestionKind::LongText { max_len } => (true, *max_len),
        QuestionKind::ShortText { max_len } => (false, *max_len),
        _ => (false, 100),
    };
    let id = question.id.clone();
    let input_id = format!("q-{id}");
    let described = described_by(&question);
    let text = move || {
        answer
            .get()
            .and_then(|a| a.as_text().map(str::to_string))
            .unwrap_or_default()
    };
    let initial = text();
    let changed = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        on_change.run((!value.trim().is_empty()).then_some(Answer::Text(value)));
    };
    let invalid = move || (!errors.get().is_empty()).to_string();
    let input = if long {
        view! {
            <textarea
                id=input_id.clone()
                rows="4"
                maxlength=max_len.to_string()
                aria-describedby=described
                aria-invalid=invalid
                on:input=changed
            >
                {initial}
            </textarea>
        }
        .into_any()
    } else {
        view! {
            <input
                type="text"
                id=input_id.clone()
                maxlength=max_len.to_string()
                value=initial
                aria-describedby=described
                aria-invalid=invalid
                on:input=changed
            />
        }
        .into_any()
    };
    view! {
        <label class="q-label" for=input_id>{title_view(&question)}</label>
        {help_view(&question)}
        {input}
        <p class="q-hint">{move || format!("{} / {max_len}", text().chars().count())}</p>
        <FieldErrorText id=format!("err-{id}") message=Signal::derive(move || first_message(&errors.get(), lang.get())) />
    }
}
