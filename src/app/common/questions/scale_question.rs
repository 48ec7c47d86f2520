use leptos::prelude::*;

use super::choice_question::ChoiceQuestion;
use super::question_field::QuestionBinding;
use crate::app::common::use_lang;
use crate::domain::form_text::scale_options;
use crate::domain::Scale;

/// A five-point satisfaction item or a three-grade ballot item.
#[component]
pub fn ScaleQuestion(
    /// The question, its answer and its errors.
    binding: QuestionBinding,
    /// Which scale.
    scale: Scale,
    /// Offer 不了解.
    allow_unknown: bool,
) -> impl IntoView {
    let lang = use_lang();
    let options = Signal::derive(move || scale_options(scale, allow_unknown, lang.get()));
    let layout = match scale {
        Scale::Satisfaction5 => "scale scale-5",
        Scale::Ballot3 => "scale scale-3",
    };
    view! { <ChoiceQuestion binding options layout /> }
}
