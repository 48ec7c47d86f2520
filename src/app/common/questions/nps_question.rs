use leptos::prelude::*;

use super::question_field::QuestionBinding;
use crate::domain::{Answer, QuestionKind};

/// 0–10 likelihood to recommend, as eleven radio buttons with labelled ends.
#[component]
pub fn NpsQuestion(
    /// The question (of kind `nps`), its answer and its errors.
    binding: QuestionBinding,
) -> impl IntoView {
    let (low, high) = match &binding.question.kind {
        QuestionKind::Nps {
            low_label,
            high_label,
        } => (low_label.clone(), high_label.clone()),
        _ => Default::default(),
    };
    let (answer, on_change) = (binding.answer, binding.on_change);
    let name = format!("q-{}", binding.id());
    let described = binding.described_by();
    let chosen = move || answer.get().and_then(|a| a.as_number());
    let radios = (0..=10)
        .map(|score| {
            view! {
                <label class="nps-point">
                    <input
                        type="radio"
                        id=format!("{name}-{score}")
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
        <fieldset aria-invalid=binding.invalid()>
            <legend>{binding.title()}</legend>
            {binding.help()}
            <div class="nps">{radios}</div>
            <div class="nps-ends" aria-hidden="true">
                <span>{low}</span>
                <span>{high}</span>
            </div>
            {binding.error_text()}
        </fieldset>
    }
}
