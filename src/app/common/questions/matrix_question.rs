use leptos::prelude::*;

use super::question_field::QuestionBinding;
use super::radio_options::RadioOptions;
use crate::app::common::use_lang;
use crate::domain::form_text::scale_options;
use crate::domain::{Answer, QuestionKind, Scale};

/// Several items on one scale. On a phone a grid does not fit, so each row is its own
/// group of radio buttons under the shared title.
#[component]
pub fn MatrixQuestion(
    /// The question (of kind `matrix`), its answer (row id → point) and its errors (fields
    /// `question.row`).
    binding: QuestionBinding,
) -> impl IntoView {
    let lang = use_lang();
    let (rows, scale, allow_unknown) = match &binding.question.kind {
        QuestionKind::Matrix {
            rows,
            scale,
            allow_unknown,
        } => (rows.clone(), *scale, *allow_unknown),
        _ => (Vec::new(), Scale::Satisfaction5, false),
    };
    let (answer, on_change, errors) = (binding.answer, binding.on_change, binding.errors);
    let current = move || match answer.get() {
        Some(Answer::Map(map)) => map,
        _ => Default::default(),
    };
    let options = Signal::derive(move || scale_options(scale, allow_unknown, lang.get()));
    let id = binding.id().to_string();
    let row_views = rows
        .into_iter()
        .map(|row| {
            let field = format!("{id}.{}", row.id);
            let error_field = field.clone();
            let row_invalid = move || {
                errors
                    .with(|e| e.iter().any(|e| e.field == error_field))
                    .to_string()
            };
            let (row_for_check, row_for_pick) = (row.id.clone(), row.id.clone());
            let chosen = Signal::derive(move || current().get(&row_for_check).cloned());
            let on_pick = Callback::new(move |point: String| {
                let mut map = current();
                map.insert(row_for_pick.clone(), point);
                on_change.run(Some(Answer::Map(map)));
            });
            view! {
                <fieldset
                    class="matrix-row"
                    aria-invalid=row_invalid
                    data-testid=format!("row-{field}")
                >
                    <legend>{row.label}</legend>
                    <RadioOptions
                        name=format!("q-{id}-{}", row.id)
                        options
                        chosen
                        on_pick
                        described_by=format!("err-{id}")
                        layout="scale scale-5"
                    />
                </fieldset>
            }
        })
        .collect_view();
    let title_id = format!("title-{}", binding.id());
    let labelled_by = title_id.clone();
    view! {
        <div role="group" aria-labelledby=labelled_by class="matrix">
            <p class="legend-like" id=title_id>
                {binding.title()}
            </p>
            {binding.help()}
            {row_views}
            {binding.error_text()}
        </div>
    }
}
