//! Each kind of question as the app's widgets render it before anyone answers
//! (`app::common::questions`): the same elements, ids, names and classes, so the app takes
//! the markup over without moving anything. Inputs work before the app arrives; what was
//! ticked or typed is replayed into it (`app::respondent::hand_over`).

use maud::{html, Markup};

use crate::domain::form_text::{self, scale_options, Lang};
use crate::domain::survey_edit::kind_key;
use crate::domain::{Question, QuestionKind, Scale};

/// The language of the first screen: always Chinese (a respondent's English choice is read
/// by the app from their phone's storage).
const LANG: Lang = Lang::Zh;

/// One question of any kind, as `QuestionField` renders it.
pub fn question(q: &Question) -> Markup {
    let field = match &q.kind {
        QuestionKind::SingleChoice { options } => {
            let options: Vec<(String, String)> = options
                .iter()
                .map(|o| (o.id.clone(), o.label.clone()))
                .collect();
            choice(q, &options, "")
        }
        QuestionKind::Scale {
            scale,
            allow_unknown,
        } => {
            let layout = match scale {
                Scale::Satisfaction5 => "scale scale-5",
                Scale::Ballot3 => "scale scale-3",
            };
            choice(q, &scale_options(*scale, *allow_unknown, LANG), layout)
        }
        QuestionKind::Nps {
            low_label,
            high_label,
        } => nps(q, low_label, high_label),
        QuestionKind::MultipleChoice { options, max, .. } => {
            let described = described_by(q);
            html! {
                fieldset aria-invalid="false" {
                    legend { (title(q)) }
                    (help(q))
                    div.options {
                        @for option in options {
                            label.option {
                                input type="checkbox" id={ "q-" (q.id) "-" (option.id) }
                                    value=(option.id) aria-describedby=(described);
                                span { (option.label) }
                            }
                        }
                    }
                    p.q-hint aria-live="polite" {
                        @if let Some(max) = max { (form_text::chosen_of(LANG, 0, *max)) }
                    }
                    (error(q))
                }
            }
        }
        QuestionKind::Dropdown { options } => {
            let input_id = format!("q-{}", q.id);
            html! {
                label.q-label for=(input_id) { (title(q)) }
                (help(q))
                select id=(input_id) aria-describedby=(described_by(q)) aria-invalid="false"
                    aria-required=(q.required) {
                    option value="" { (LANG.text(form_text::CHOOSE)) }
                    @for option in options { option value=(option.id) { (option.label) } }
                }
                (error(q))
            }
        }
        QuestionKind::Matrix {
            rows,
            scale,
            allow_unknown,
        } => {
            let options = scale_options(*scale, *allow_unknown, LANG);
            let title_id = format!("title-{}", q.id);
            html! {
                div role="group" aria-labelledby=(title_id) class="matrix" {
                    p.legend-like id=(title_id) { (title(q)) }
                    (help(q))
                    @for row in rows {
                        fieldset.matrix-row aria-invalid="false"
                            data-testid={ "row-" (q.id) "." (row.id) } {
                            legend { (row.label) }
                            (radios(&format!("q-{}-{}", q.id, row.id), &options,
                                &format!("err-{}", q.id), "scale scale-5"))
                        }
                    }
                    (error(q))
                }
            }
        }
        QuestionKind::Number { integer, unit, .. } => {
            let input_id = format!("q-{}", q.id);
            html! {
                label.q-label for=(input_id) { (title(q)) }
                (help(q))
                div.number-input {
                    input type="text" id=(input_id)
                        inputmode=(if *integer { "numeric" } else { "decimal" })
                        autocomplete="off" value="" aria-describedby=(described_by(q))
                        aria-invalid="false";
                    span.unit { (unit) }
                }
                (error(q))
            }
        }
        QuestionKind::ShortText { max_len } | QuestionKind::LongText { max_len } => {
            let input_id = format!("q-{}", q.id);
            let long = matches!(q.kind, QuestionKind::LongText { .. });
            html! {
                label.q-label for=(input_id) { (title(q)) }
                (help(q))
                @if long {
                    textarea id=(input_id) rows="4" maxlength=(max_len)
                        aria-describedby=(described_by(q)) aria-invalid="false" {}
                } @else {
                    input type="text" id=(input_id) maxlength=(max_len) value=""
                        aria-describedby=(described_by(q)) aria-invalid="false";
                }
                p.q-hint { "0 / " (max_len) }
                (error(q))
            }
        }
    };
    html! {
        div.question data-testid={ "question-" (q.id) } data-kind=(kind_key(&q.kind)) { (field) }
    }
}

/// A single choice, a scale or a ballot item: `ChoiceQuestion`.
fn choice(q: &Question, options: &[(String, String)], layout: &str) -> Markup {
    html! {
        fieldset aria-invalid="false" {
            legend { (title(q)) }
            (help(q))
            (radios(&format!("q-{}", q.id), options, &described_by(q), layout))
            (error(q))
        }
    }
}

/// `RadioOptions`.
fn radios(name: &str, options: &[(String, String)], described_by: &str, layout: &str) -> Markup {
    html! {
        div class={ "options " (layout) } {
            @for (value, label) in options {
                label.option {
                    input type="radio" id={ (name) "-" (value) } name=(name) value=(value)
                        aria-describedby=(described_by);
                    span { (label) }
                }
            }
        }
    }
}

/// `NpsQuestion`: eleven radio buttons with labelled ends.
fn nps(q: &Question, low: &str, high: &str) -> Markup {
    let name = format!("q-{}", q.id);
    let described = described_by(q);
    html! {
        fieldset aria-invalid="false" {
            legend { (title(q)) }
            (help(q))
            div.nps {
                @for score in 0..=10 {
                    label.nps-point {
                        input type="radio" id={ (name) "-" (score) } name=(name) value=(score)
                            aria-describedby=(described);
                        span { (score) }
                    }
                }
            }
            div.nps-ends aria-hidden="true" { span { (low) } span { (high) } }
            (error(q))
        }
    }
}

/// The title with its required marker (`QuestionBinding::title`).
fn title(q: &Question) -> Markup {
    html! {
        span.q-title { (q.title) }
        @if q.required {
            span.required aria-hidden="true" { " *" }
            span.visually-hidden { (LANG.text(form_text::REQUIRED)) }
        }
    }
}

fn help(q: &Question) -> Markup {
    html! {
        @if !q.help.is_empty() { p.q-help id={ "help-" (q.id) } { (q.help) } }
    }
}

fn described_by(q: &Question) -> String {
    if q.help.is_empty() {
        format!("err-{}", q.id)
    } else {
        format!("help-{0} err-{0}", q.id)
    }
}

/// The inline error's place, empty and hidden until the app has something to say.
fn error(q: &Question) -> Markup {
    html! { p.field-error id={ "err-" (q.id) } role="alert" hidden {} }
}
