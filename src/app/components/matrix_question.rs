use leptos::prelude::*;

use super::question_field::{help_view, title_view};
use super::scale_question::scale_options;
use super::{first_message, FieldErrorText};
use crate::app::use_lang;
use crate::domain::{Answer, FieldError, Question, QuestionKind, Scale};

/// Several items on one scale. On a phone a grid does not fit, so each row is its own
/// group of radio buttons under the shared title.
#[component]
pub fn MatrixQuestion(
    /// The question (of kind `matrix`).
    question: Question,
    /// Row id → chosen point.
    #[prop(into)]
    answer: Signal<Option<Answer>>,
    /// Called with the new map of rows.
    on_change: Callback<Option<Answer>>,
    /// This question's errors (fields `question.row`).
    #[prop(into)]
    errors: Signal<Vec<FieldError>>,
) -> impl IntoView {
    let lang = use_lang();
    let (rows, scale, allow_unknown) = match &question.kind {
        QuestionKind::Matrix {
            rows,
            scale,
            allow_unknown,
        } => (rows.clone(), *scale, *allow_unknown),
        _ => (Vec::new(), Scale::Satisfaction5, false),
    };
    let id = question.id.clone();
    let current = move || match answer.get() {
        Some(Answer::Map(map)) => map,
        _ => Default::default(),
    };
    let row_views = rows
        .into_iter()
        .map(|row| {
            let field = format!("{id}.{}", row.id);
            let name = format!("q-{id}-{}", row.id);
            let row_id = row.id.clone();
            let err_id = format!("err-{id}");
            let error_field = field.clone();
            let row_invalid = move || errors.get().iter().any(|e| e.field == error_field).to_string();
            let radios = move || {
                scale_options(scale, allow_unknown, lang.get())
                    .into_iter()
                    .map(|(value, label)| {
                        let input_id = format!("{name}-{value}");
                        let row_for_check = row_id.clone();
                        let row_for_change = row_id.clone();
                        let checked_value = value.clone();
                        let sent_value = value.clone();
                        let err_id = err_id.clone();
                        view! {
                            <label class="option">
                                <input
                                    type="radio"
                                    id=input_id
                                    name=name.clone()
                                    value=value
                                    aria-describedby=err_id.clone()
                                    prop:checked=move || current().get(&row_for_check) == Some(&checked_value)
                                    on:change=move |_| {
                                        let mut map = current();
                                        map.insert(row_for_change.clone(), sent_value.clone());
                                        on_change.run(Some(Answer::Map(map)));
                                    }
                                />
                                <span>{label}</span>
                            </label>
                        }
                    })
                    .collect_view()
            };
            view! {
                <fieldset class="matrix-row" aria-invalid=row_invalid data-testid=format!("row-{field}")>
                    <legend>{row.label}</legend>
                    <div class="options scale scale-5">{radios}</div>
                </fieldset>
            }
        })
        .collect_view();
    let title_id = format!("title-{}", question.id);
    let labelled_by = title_id.clone();
    view! {
        <div role="group" aria-labelledby=labelled_by class="matrix">
            <p class="legend-like" id=title_id>{title_view(&question)}</p>
            {help_view(&question)}
            {row_views}
            <FieldErrorText
                id=format!("err-{}", question.id)
                message=Signal::derive(move || first_message(&errors.get(), lang.get()))
            />
        </div>
    }
}
