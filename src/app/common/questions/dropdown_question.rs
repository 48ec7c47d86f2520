use leptos::prelude::*;

use crate::app::common::i18n::Tr;

use super::question_field::QuestionBinding;
use crate::domain::Answer;

/// A native select: long lists (乡镇, 行业) stay compact and phones show their own picker.
#[component]
pub fn DropdownQuestion(
    /// The question (of kind `dropdown`), its answer and its errors.
    binding: QuestionBinding,
) -> impl IntoView {
    let (answer, on_change) = (binding.answer, binding.on_change);
    let input_id = format!("q-{}", binding.id());
    let chosen = move || {
        answer
            .get()
            .and_then(|a| a.as_text().map(str::to_string))
            .unwrap_or_default()
    };
    let options = binding
        .question
        .kind
        .options()
        .iter()
        .map(|o| {
            let value = o.id.clone();
            let selected_value = value.clone();
            view! {
                <option value=value prop:selected=move || chosen() == selected_value>
                    {o.label.clone()}
                </option>
            }
        })
        .collect_view();
    view! {
        <label class="q-label" for=input_id.clone()>
            {binding.title()}
        </label>
        {binding.help()}
        <select
            id=input_id
            aria-describedby=binding.described_by()
            aria-invalid=binding.invalid()
            aria-required=binding.question.required.to_string()
            prop:value=chosen
            on:change=move |ev| {
                let value = event_target_value(&ev);
                on_change.run((!value.is_empty()).then_some(Answer::Text(value)));
            }
        >
            <option value="">
                <Tr text=crate::domain::form_text::CHOOSE />
            </option>
            {options}
        </select>
        {binding.error_text()}
    }
}
