use leptos::prelude::*;

use super::question_field::QuestionBinding;
use crate::domain::{Answer, QuestionKind};

/// Short (one line) or long (several lines) free text, with a character counter.
#[component]
pub fn TextQuestion(
    /// The question (of kind `short_text` or `long_text`), its answer and its errors.
    binding: QuestionBinding,
) -> impl IntoView {
    let (long, max_len) = match &binding.question.kind {
        QuestionKind::LongText { max_len } => (true, *max_len),
        QuestionKind::ShortText { max_len } => (false, *max_len),
        _ => (false, 100),
    };
    let (answer, on_change) = (binding.answer, binding.on_change);
    let input_id = format!("q-{}", binding.id());
    let described = binding.described_by();
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
    let input = if long {
        view! {
            <textarea
                id=input_id.clone()
                rows="4"
                maxlength=max_len.to_string()
                aria-describedby=described
                aria-invalid=binding.invalid()
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
                aria-invalid=binding.invalid()
                on:input=changed
            />
        }
        .into_any()
    };
    view! {
        <label class="q-label" for=input_id>
            {binding.title()}
        </label>
        {binding.help()}
        {input}
        <p class="q-hint">{move || format!("{} / {max_len}", text().chars().count())}</p>
        {binding.error_text()}
    }
}
