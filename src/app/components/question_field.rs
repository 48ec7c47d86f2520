use leptos::prelude::*;

use super::choice_question::ChoiceQuestion;
use super::dropdown_question::DropdownQuestion;
use super::matrix_question::MatrixQuestion;
use super::multiple_choice_question::MultipleChoiceQuestion;
use super::nps_question::NpsQuestion;
use super::number_question::NumberQuestion;
use super::scale_question::ScaleQuestion;
use super::text_question::TextQuestion;
use crate::domain::{Answer, FieldError, Question, QuestionKind};

/// One question of any kind, with its inline error.
#[component]
pub fn QuestionField(
    /// The question to render (definitions do not change while filling).
    question: Question,
    /// The current answer.
    #[prop(into)]
    answer: Signal<Option<Answer>>,
    /// Called with the new answer (None when cleared).
    on_change: Callback<Option<Answer>>,
    /// This question's validation errors.
    #[prop(into)]
    errors: Signal<Vec<FieldError>>,
) -> impl IntoView {
    let kind_name = kind_name(&question.kind);
    let testid = format!("question-{}", question.id);
    let field = match question.kind.clone() {
        QuestionKind::SingleChoice { options } => {
            let options = options
                .into_iter()
                .map(|o| (o.id, o.label))
                .collect::<Vec<_>>();
            view! { <ChoiceQuestion question options=Signal::stored(options) answer on_change errors /> }
                .into_any()
        }
        QuestionKind::Scale {
            scale,
            allow_unknown,
        } => view! { <ScaleQuestion question scale allow_unknown answer on_change errors /> }
            .into_any(),
        QuestionKind::Nps { .. } => {
            view! { <NpsQuestion question answer on_change errors /> }.into_any()
        }
        QuestionKind::MultipleChoice { .. } => {
            view! { <MultipleChoiceQuestion question answer on_change errors /> }.into_any()
        }
        QuestionKind::Dropdown { .. } => {
            view! { <DropdownQuestion question answer on_change errors /> }.into_any()
        }
        QuestionKind::Matrix { .. } => {
            view! { <MatrixQuestion question answer on_change errors /> }.into_any()
        }
        QuestionKind::Number { .. } => {
            view! { <NumberQuestion question answer on_change errors /> }.into_any()
        }
        QuestionKind::ShortText { .. } | QuestionKind::LongText { .. } => {
            view! { <TextQuestion question answer on_change errors /> }.into_any()
        }
    };
    view! {
        <div
            class="question"
            class:has-error=move || !errors.get().is_empty()
            data-testid=testid
            data-kind=kind_name
        >
            {field}
        </div>
    }
}

fn kind_name(kind: &QuestionKind) -> &'static str {
    match kind {
        QuestionKind::SingleChoice { .. } => "single_choice",
        QuestionKind::MultipleChoice { .. } => "multiple_choice",
        QuestionKind::Dropdown { .. } => "dropdown",
        QuestionKind::Scale { .. } => "scale",
        QuestionKind::Nps { .. } => "nps",
        QuestionKind::Matrix { .. } => "matrix",
        QuestionKind::Number { .. } => "number",
        QuestionKind::ShortText { .. } => "short_text",
        QuestionKind::LongText { .. } => "long_text",
    }
}

/// The title, a required marker and the help text's id, shared by every kind.
pub(super) fn title_view(question: &Question) -> impl IntoView + use<> {
    let lang = crate::app::use_lang();
    let required = question.required;
    view! {
        <span class="q-title">{question.title.clone()}</span>
        {required.then(|| view! {
            <span class="required" aria-hidden="true">" *"</span>
            <span class="visually-hidden">{move || lang.get().pick("（必答）", " (required)")}</span>
        })}
    }
}

/// The help text under the title, if any.
pub(super) fn help_view(question: &Question) -> impl IntoView + use<> {
    (!question.help.is_empty()).then(|| {
        view! { <p class="q-help" id=format!("help-{}", question.id)>{question.help.clone()}</p> }
    })
}

/// Ids the inputs are described by: the help and the error message.
pub(super) fn described_by(question: &Question) -> String {
    if question.help.is_empty() {
        format!("err-{}", question.id)
    } else {
        format!("help-{0} err-{0}", question.id)
    }
}
