use leptos::prelude::*;

use super::question_field::QuestionBinding;
use crate::app::common::use_lang;
use crate::domain::form_text;
use crate::domain::{Answer, QuestionKind};

/// Checkboxes with an optional min/max; an exclusive option clears the others.
#[component]
pub fn MultipleChoiceQuestion(
    /// The question (of kind `multiple_choice`), its answer and its errors.
    binding: QuestionBinding,
) -> impl IntoView {
    let lang = use_lang();
    let (options, max) = match &binding.question.kind {
        QuestionKind::MultipleChoice { options, max, .. } => (options.clone(), *max),
        _ => Default::default(),
    };
    let (answer, on_change) = (binding.answer, binding.on_change);
    let described = binding.described_by();
    let chosen = move || match answer.get() {
        Some(Answer::List(items)) => items,
        _ => Vec::new(),
    };
    let exclusive_ids: Vec<String> = options
        .iter()
        .filter(|o| o.exclusive)
        .map(|o| o.id.clone())
        .collect();
    let boxes = options
        .into_iter()
        .map(|option| {
            let value = option.id.clone();
            let is_exclusive = option.exclusive;
            let exclusive_ids = exclusive_ids.clone();
            let checked_value = value.clone();
            let toggle = move |checked: bool| {
                let mut items = chosen();
                items.retain(|i| i != &value);
                if checked {
                    if is_exclusive {
                        items.clear();
                    } else {
                        items.retain(|i| !exclusive_ids.contains(i));
                    }
                    items.push(value.clone());
                }
                on_change.run((!items.is_empty()).then_some(Answer::List(items)));
            };
            view! {
                <label class="option">
                    <input
                        type="checkbox"
                        id=format!("q-{}-{}", binding.id(), option.id)
                        value=option.id.clone()
                        aria-describedby=described.clone()
                        prop:checked=move || chosen().contains(&checked_value)
                        on:change=move |ev| toggle(event_target_checked(&ev))
                    />
                    <span>{option.label}</span>
                </label>
            }
        })
        .collect_view();
    let hint = move || {
        let count = chosen().len();
        max.map(|max| form_text::chosen_of(lang.get(), count, max))
    };
    view! {
        <fieldset aria-invalid=binding.invalid()>
            <legend>{binding.title()}</legend>
            {binding.help()}
            <div class="options">{boxes}</div>
            <p class="q-hint" aria-live="polite">
                {hint}
            </p>
            {binding.error_text()}
        </fieldset>
    }
}
