use leptos::prelude::*;

use super::question_field::{described_by, help_view, title_view};
use super::{first_message, FieldErrorText};
use crate::app::i18n::Lang;
use crate::app::use_lang;
use crate::domain::{Answer, FieldError, Question, QuestionKind};

/// Checkboxes with an optional min/max; an exclusive option clears the others.
#[component]
pub fn MultipleChoiceQuestion(
    /// The question (of kind `multiple_choice`).
    question: Question,
    /// The chosen option ids.
    #[prop(into)]
    answer: Signal<Option<Answer>>,
    /// Called with the new list of chosen ids.
    on_change: Callback<Option<Answer>>,
    /// This question's errors.
    #[prop(into)]
    errors: Signal<Vec<FieldError>>,
) -> impl IntoView {
    let lang = use_lang();
    let (options, max) = match &question.kind {
        QuestionKind::MultipleChoice { options, max, .. } => (options.clone(), *max),
        _ => Default::default(),
    };
    let id = question.id.clone();
    let described = described_by(&question);
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
            let input_id = format!("q-{id}-{}", option.id);
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
                        id=input_id
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
        max.map(|max| match lang.get() {
            Lang::Zh => format!("已选 {count} 项，最多 {max} 项"),
            Lang::En => format!("{count} chosen, at most {max}"),
        })
    };
    view! {
        <fieldset aria-invalid=move || (!errors.get().is_empty()).to_string()>
            <legend>{title_view(&question)}</legend>
            {help_view(&question)}
            <div class="options">{boxes}</div>
            <p class="q-hint" aria-live="polite">{hint}</p>
            <FieldErrorText id=format!("err-{id}") message=Signal::derive(move || first_message(&errors.get(), lang.get())) />
        </fieldset>
    }
}
