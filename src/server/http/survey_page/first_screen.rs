//! The fill page's first screen as HTML, painted from the first response while the
//! WebAssembly is still on its way: the top bar, the survey's head and intro, the progress
//! bar and the first screen's questions, as `TopBar` and `SurveyForm` render them for a
//! respondent with no answers yet. The app replaces it in one step with identical markup,
//! so nothing moves. Its buttons are disabled until then (a tap on one could not do
//! anything yet); its inputs are live, and the app keeps what they hold.

use maud::{html, Markup};

use super::questions::question;
use crate::domain::form_text::{self, Lang};
use crate::domain::schedule::Availability;
use crate::domain::validation::{shown_sections, visible_questions};
use crate::domain::{Access, Answers};
use crate::server::services::store::StoredSurvey;

const LANG: Lang = Lang::Zh;

/// The id of the element the app replaces (the placeholder of pages it alone renders).
pub const BOOT_ID: &str = "boot";

/// What a browser without JavaScript shows above the questions.
pub const NOSCRIPT_NOTE: &str = "本测评需要启用 JavaScript 才能填写和提交。请在浏览器设置中开启 JavaScript 后刷新本页，或用手机自带的浏览器、微信打开本链接。";

/// The whole first screen, in place of the placeholder (none for a survey without a
/// section, which the app reports).
pub fn render(stored: &StoredSurvey, now_ms: i64) -> Option<Markup> {
    let form = survey_form(stored, now_ms)?;
    Some(html! {
        div id=(BOOT_ID) {
            (top_bar())
            main id="main" tabindex="-1" { (form) }
        }
    })
}

/// `TopBar`, before any answer is waiting in the outbox.
fn top_bar() -> Markup {
    html! {
        header.top-bar {
            a.skip-link href="#main" { (LANG.text(form_text::SKIP_TO_CONTENT)) }
            a.brand href="/" { (LANG.text(form_text::BRAND)) }
            div.top-actions {
                button.toggle type="button" data-testid="toggle-large-text" aria-pressed="false"
                    disabled { (LANG.text(form_text::LARGE_TEXT)) }
                button.toggle type="button" data-testid="toggle-lang" lang="en" disabled {
                    (LANG.text(form_text::OTHER_LANGUAGE))
                }
            }
        }
    }
}

/// `SurveyForm` on its first screen with no answers.
fn survey_form(stored: &StoredSurvey, now_ms: i64) -> Option<Markup> {
    let survey = &stored.survey;
    let availability = Availability::at(stored.status, &stored.schedule, now_ms);
    let shown = visible_questions(survey, &Answers::new());
    let steps = shown_sections(survey, &shown);
    // As `SurveyForm` decides it for its first screen (section 0).
    let is_last = steps.last().is_none_or(|&last| last == 0);
    let first = survey.sections.first()?;
    Some(html! {
        article.survey data-testid="first-screen" {
            header.survey-head {
                h1 { (survey.title) }
                p.organizer { (survey.organizer) }
            }
            @if let Some(note) = &availability.window_note {
                p.notice role="status" data-testid="survey-window" { (note) }
            }
            @if availability.says_not_open() {
                p.notice.notice-warn role="status" data-testid="survey-not-open" {
                    (LANG.text(form_text::NOT_OPEN))
                }
            }
            noscript {
                p.notice.notice-warn data-testid="noscript-note" { (NOSCRIPT_NOTE) }
            }
            p.intro { (survey.intro) }
            (progress(1, steps.len()))
            form novalidate {
                h2 tabindex="-1" data-testid="section-title" { (first.title) }
                @if !first.description.is_empty() { p.section-desc { (first.description) } }
                @if survey.access == Access::OneTimeCode { (code_field()) }
                @for q in first.questions.iter().filter(|q| shown.contains(q.id.as_str())) {
                    (question(q))
                }
                p.form-errors role="alert" data-testid="form-errors" hidden {
                    (form_text::errors_left(LANG, 0))
                }
                div.nav-buttons {
                    button.secondary type="button" data-testid="prev" hidden {
                        (LANG.text(form_text::PREVIOUS))
                    }
                    // Both a disabled submit button: the form's default button, which keeps
                    // Enter in a text field from submitting the form (as a GET carrying
                    // the answers in the address) before the app takes it over.
                    @if is_last {
                        button.primary type="submit" data-testid="submit" disabled {
                            (LANG.text(form_text::SUBMIT))
                        }
                    } @else {
                        button.primary type="submit" data-testid="next" disabled {
                            (LANG.text(form_text::NEXT))
                        }
                    }
                }
            }
        }
    })
}

/// `ProgressBar`.
fn progress(current: usize, total: usize) -> Markup {
    let label = form_text::page_of(LANG, current, total);
    html! {
        div.progress data-testid="progress" {
            span.progress-label { (label) }
            progress max=(total) value=(current) aria-label=(label) {}
        }
    }
}

/// `CodeInput`, empty: a code carried after `#` never reaches the server.
fn code_field() -> Markup {
    html! {
        div.question.code-field data-testid="question-code" {
            label.q-label for="access-code" {
                span.q-title { (LANG.text(form_text::CODE_TITLE)) }
                span.required aria-hidden="true" { " *" }
            }
            p.q-help id="help-code" { (LANG.text(form_text::CODE_HELP)) }
            input id="access-code" type="text" data-testid="code-input" autocomplete="off"
                autocapitalize="characters" spellcheck="false" required
                aria-describedby="help-code err-code" aria-invalid="false";
            p.field-error id="err-code" role="alert" hidden {}
        }
    }
}
