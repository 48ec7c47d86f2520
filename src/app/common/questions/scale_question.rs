use leptos::prelude::*;

use super::choice_question::ChoiceQuestion;
use super::question_field::QuestionBinding;
use crate::app::common::i18n::Lang;
use crate::app::common::use_lang;
use crate::domain::survey::{UNKNOWN, UNKNOWN_LABEL_EN, UNKNOWN_LABEL_ZH};
use crate::domain::Scale;

/// The labels of a scale's points in `lang`, with 不了解 last when offered.
pub(super) fn scale_options(
    scale: Scale,
    allow_unknown: bool,
    lang: Lang,
) -> Vec<(String, String)> {
    let mut options: Vec<(String, String)> = scale
        .points()
        .iter()
        .map(|p| {
            (
                p.id.to_string(),
                lang.pick(p.label_zh, p.label_en).to_string(),
            )
        })
        .collect();
    if allow_unknown {
        options.push((
            UNKNOWN.to_string(),
            lang.pick(UNKNOWN_LABEL_ZH, UNKNOWN_LABEL_EN).to_string(),
        ));
    }
    options
}

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
