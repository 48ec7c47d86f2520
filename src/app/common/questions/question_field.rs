use leptos::prelude::*;

use crate::app::common::i18n::Tr;

use super::choice_question::ChoiceQuestion;
use super::dropdown_question::DropdownQuestion;
use super::matrix_question::MatrixQuestion;
use super::multiple_choice_question::MultipleChoiceQuestion;
use super::nps_question::NpsQuestion;
use super::number_question::NumberQuestion;
use super::scale_question::ScaleQuestion;
use super::text_question::TextQuestion;
use super::{first_message, FieldErrorText};
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
    let kind_name = crate::domain::survey_edit::kind_key(&question.kind);
    let testid = format!("question-{}", question.id);
    let kind = question.kind.clone();
    let binding = QuestionBinding {
        question,
        answer,
        on_change,
        errors,
    };
    let field = match kind {
        QuestionKind::SingleChoice { options } => {
            let options = options
                .into_iter()
                .map(|o| (o.id, o.label))
                .collect::<Vec<_>>();
            view! { <ChoiceQuestion binding options=Signal::stored(options) /> }.into_any()
        }
        QuestionKind::Scale {
            scale,
            allow_unknown,
        } => view! { <ScaleQuestion binding scale allow_unknown /> }.into_any(),
        QuestionKind::Nps { .. } => view! { <NpsQuestion binding /> }.into_any(),
        QuestionKind::MultipleChoice { .. } => {
            view! { <MultipleChoiceQuestion binding /> }.into_any()
        }
        QuestionKind::Dropdown { .. } => view! { <DropdownQuestion binding /> }.into_any(),
        QuestionKind::Matrix { .. } => view! { <MatrixQuestion binding /> }.into_any(),
        QuestionKind::Number { .. } => view! { <NumberQuestion binding /> }.into_any(),
        QuestionKind::ShortText { .. } | QuestionKind::LongText { .. } => {
            view! { <TextQuestion binding /> }.into_any()
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

/// What every kind of question input is given: the question, its answer, how to change the
/// answer, and its errors.
#[derive(Clone)]
pub struct QuestionBinding {
    pub question: Question,
    pub answer: Signal<Option<Answer>>,
    pub on_change: Callback<Option<Answer>>,
    pub errors: Signal<Vec<FieldError>>,
}

impl QuestionBinding {
    pub fn id(&self) -> &str {
        &self.question.id
    }

    /// `aria-invalid`, kept current.
    pub fn invalid(&self) -> impl Fn() -> String + Send + Sync + Clone + 'static {
        let errors = self.errors;
        move || (!errors.get().is_empty()).to_string()
    }

    /// The title with a required marker.
    pub fn title(&self) -> impl IntoView + use<> {
        let required = self.question.required;
        view! {
            <span class="q-title">{self.question.title.clone()}</span>
            {required
                .then(|| {
                    view! {
                        <span class="required" aria-hidden="true">
                            " *"
                        </span>
                        <span class="visually-hidden">
                            <Tr text=crate::domain::form_text::REQUIRED />
                        </span>
                    }
                })}
        }
    }

    /// The help text under the title, if any.
    pub fn help(&self) -> impl IntoView + use<> {
        let id = format!("help-{}", self.id());
        (!self.question.help.is_empty()).then(|| {
            view! {
                <p class="q-help" id=id>
                    {self.question.help.clone()}
                </p>
            }
        })
    }

    /// Ids the inputs are described by: the help and the error message.
    pub fn described_by(&self) -> String {
        if self.question.help.is_empty() {
            format!("err-{}", self.id())
        } else {
            format!("help-{0} err-{0}", self.id())
        }
    }

    /// The inline error message, in the current language.
    pub fn error_text(&self) -> impl IntoView + use<> {
        let lang = crate::app::common::use_lang();
        let errors = self.errors;
        let message = Signal::derive(move || first_message(&errors.get(), lang.get()));
        view! { <FieldErrorText id=format!("err-{}", self.id()) message /> }
    }
}
