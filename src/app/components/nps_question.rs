use leptos::prelude::*;

use super::question_field::{described_by, help_view, title_view};
use super::{first_message, FieldErrorText};
use crate::app::use_lang;
use crate::domain::{Answer, FieldError, Question, QuestionKind};

/// 0–10 likelihood to recommend, as eleven radio buttons with labelled ends.
#[component]
pub fn NpsQuestion(
    /// The question (of kind `nps`).
    question: Question,
    /// The chosen score.
    #[prop(into)]
    answer: Signal<Option<Answer>>,
    /// Called with the new score.
    on_change: Callback<Option<Answer>>,
    /// This question's errors.
    #[prop(into)]
    errors: Signal<Vec<FieldError>>,
) -> impl IntoView {
    let lang = use_lang();
    let (low, high) = match &question.kind {
        QuestionKind::Nps {
            low_label,
            high_label,
        } => (low_label.clone(), high_label.clone()),
        _ => Default::default(),
    };
    let id = question.id.clone();
    let name = format!("q-{id}");
    let described = described_by(&question);
    let chosen = move || answer.get().and_then(|a| a.as_number());
    let radios = (0..=10)
        .map(|score| {
            let input_id = format!("{name}-{score}");
            view! {
                <label class="nps-point">
                    <input
                        type="radio"
                        id=input_id
                        name=name.clone()
                        value=score.to_string()
                        aria-describedby=described.clone()
                        prop:checked=move || chosen() == Some(score as f64)
                        on:change=move |_| on_change.run(Some(Answer::Number(score as f64)))
                    />
                    <span>{score}</span>
                </label>
            }
        })
        .collect_view();
    view! {
        <fieldset aria-invalid=move || (!errors.get().is_empty()).to_string()>
            <legend>{title_view(&question)}</legend>
            {help_view(&question)}
            <div class="nps">{radios}</div>
            <div class="nps-ends" aria-hidden="true">
                <span>{low}</span>
                <span>{high}</span>
            </div>
            <FieldErrorText id=format!("err-{id}") message=Signal::derive(move || first_message(&errors.get(), lang.get())) />
        </fieldset>
    }
}
