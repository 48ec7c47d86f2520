use leptos::prelude::*;

use super::question_field::QuestionBinding;
use super::{first_message, FieldErrorText};
use crate::app::common::use_lang;
use crate::domain::{Answer, QuestionKind};

/// A number with its unit. Text that is not a number is reported, not silently dropped.
#[component]
pub fn NumberQuestion(
    /// The question (of kind `number`), its answer and its errors.
    binding: QuestionBinding,
) -> impl IntoView {
    let lang = use_lang();
    let (integer, unit) = match &binding.question.kind {
        QuestionKind::Number { integer, unit, .. } => (*integer, unit.clone()),
        _ => (false, String::new()),
    };
    let (answer, on_change, errors) = (binding.answer, binding.on_change, binding.errors);
    let input_id = format!("q-{}", binding.id());
    let not_a_number = RwSignal::new(false);
    let message = Signal::derive(move || {
        if not_a_number.get() {
            return Some(
                lang.get()
                    .pick("请输入数字", "Please enter a number")
                    .to_string(),
            );
        }
        first_message(&errors.get(), lang.get())
    });
    let initial = answer
        .get_untracked()
        .and_then(|a| a.as_number())
        .map(|n| n.to_string())
        .unwrap_or_default();
    view! {
        <label class="q-label" for=input_id.clone()>
            {binding.title()}
        </label>
        {binding.help()}
        <div class="number-input">
            <input
                type="text"
                id=input_id
                inputmode=if integer { "numeric" } else { "decimal" }
                autocomplete="off"
                value=initial
                aria-describedby=binding.described_by()
                aria-invalid=move || message.get().is_some().to_string()
                on:input=move |ev| {
                    let text = event_target_value(&ev);
                    let trimmed = text.trim();
                    let parsed = super::parse_number(trimmed);
                    not_a_number.set(!trimmed.is_empty() && parsed.is_none());
                    on_change.run(parsed.map(Answer::Number));
                }
            />
            <span class="unit">{unit}</span>
        </div>
        <FieldErrorText id=format!("err-{}", binding.id()) message />
    }
}
