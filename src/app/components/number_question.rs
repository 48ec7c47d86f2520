use leptos::prelude::*;

use super::question_field::{described_by, help_view, title_view};
use super::{first_message, FieldErrorText};
use crate::app::use_lang;
use crate::domain::{Answer, ErrorCode, FieldError, Question, QuestionKind};

/// A number with its unit. Text that is not a number is reported, not silently dropped.
#[component]
pub fn NumberQuestion(
    /// The question (of kind `number`).
    question: Question,
    /// The current number.
    #[prop(into)]
    answer: Signal<Option<Answer>>,
    /// Called with the new number, or None when cleared.
    on_change: Callback<Option<Answer>>,
    /// This question's errors.
    #[prop(into)]
    errors: Signal<Vec<FieldError>>,
) -> impl IntoView {
    let lang = use_lang();
    let (min, max, integer, unit) = match &question.kind {
        QuestionKind::Number {
            min,
            max,
            integer,
            unit,
        } => (*min, *max, *integer, unit.clone()),
        _ => (None, None, false, String::new()),
    };
    let id = question.id.clone();
    let input_id = format!("q-{id}");
    let typo = RwSignal::new(false);
    let message = Signal::derive(move || {
        if typo.get() {
            let e = ErrorCode::WrongType;
            return Some(match lang.get() {
                crate::app::i18n::Lang::Zh => "请输入数字".to_string(),
                crate::app::i18n::Lang::En => e.message_en(),
            });
        }
        first_message(&errors.get(), lang.get())
    });
    let initial = answer
        .get_untracked()
        .and_then(|a| a.as_number())
        .map(|n| n.to_string())
        .unwrap_or_default();
    view! {
        <label class="q-label" for=input_id.clone()>{title_view(&question)}</label>
        {help_view(&question)}
        <div class="number-input">
            <input
                type="text"
                id=input_id
                inputmode=if integer { "numeric" } else { "decimal" }
                autocomplete="off"
                value=initial
                min=min.map(|m| m.to_string())
                max=max.map(|m| m.to_string())
                aria-describedby=described_by(&question)
                aria-invalid=move || message.get().is_some().to_string()
                on:input=move |ev| {
                    let text = event_target_value(&ev);
                    let trimmed = text.trim();
                    if trimmed.is_empty() {
                        typo.set(false);
                        on_change.run(None);
                    } else if let Ok(n) = trimmed.parse::<f64>() {
                        typo.set(false);
                        on_change.run(Some(Answer::Number(n)));
                    } else {
                        typo.set(true);
                        on_change.run(None);
                    }
                }
            />
            <span class="unit">{unit}</span>
        </div>
        <FieldErrorText id=format!("err-{id}") message />
    }
}
