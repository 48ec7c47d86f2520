use leptos::prelude::*;

use super::question_field::QuestionBinding;
use super::radio_options::RadioOptions;
use crate::domain::Answer;

/// A single-choice question as a group of radio buttons; also renders scales and the ballot.
#[component]
pub fn ChoiceQuestion(
    /// The question, its answer and its errors.
    binding: QuestionBinding,
    /// (id, label) of every option, in the current language.
    #[prop(into)]
    options: Signal<Vec<(String, String)>>,
    /// Extra class for the option list (e.g. a horizontal scale).
    #[prop(optional)]
    layout: &'static str,
) -> impl IntoView {
    let answer = binding.answer;
    let on_change = binding.on_change;
    let chosen = Signal::derive(move || answer.get().and_then(|a| a.as_text().map(str::to_string)));
    view! {
        <fieldset aria-invalid=binding.invalid()>
            <legend>{binding.title()}</legend>
            {binding.help()}
            <RadioOptions
                name=format!("q-{}", binding.id())
                options
                chosen
                on_pick=Callback::new(move |id| on_change.run(Some(Answer::Text(id))))
                described_by=binding.described_by()
                layout
            />
            {binding.error_text()}
        </fieldset>
    }
}
