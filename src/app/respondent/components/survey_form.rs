use std::collections::BTreeSet;

use leptos::html;
use leptos::prelude::*;

use crate::app::common::i18n::Tr;

use super::code_input::{CodeInput, CODE_FIELD};
use super::ProgressBar;
use crate::app::common::ids::new_response_id;
use crate::app::common::questions::QuestionField;
use crate::app::common::use_lang;
use crate::app::respondent::hand_over;
use crate::app::respondent::outbox::Outbox;
use crate::app::respondent::route::use_location;
use crate::app::respondent::storage::{self, Draft};
use crate::domain::schedule::Availability;
use crate::domain::validation::{
    check_question, prune_hidden, shown_sections, validate, validate_section, visible_questions,
};
use crate::domain::wire::{Submission, SurveyDetail};
use crate::domain::{
    form_text, Access, Answer, Answers, ErrorCode, FieldError, Question, SurveyKind,
};

/// The fill page's form: one section per screen, answers autosaved as a local draft,
/// submission through the outbox.
#[component]
pub fn SurveyForm(
    /// The survey and its state, as served.
    detail: SurveyDetail,
    /// A one-time code carried by the link (QR slip), if any.
    code_from_link: Option<String>,
    /// The distribution channel carried by the link, if any.
    channel: Option<String>,
) -> impl IntoView {
    let lang = use_lang();
    let outbox = expect_context::<Outbox>();
    let survey = StoredValue::new(detail.survey);
    let survey_id = survey.with_value(|s| s.id.clone());
    let needs_code = survey.with_value(|s| s.access == Access::OneTimeCode);
    let availability =
        Availability::at(detail.status, &detail.schedule, js_sys::Date::now() as i64);
    let open = availability.takes_answers;
    let says_not_open = availability.says_not_open();
    let window_note = availability.window_note;

    // What was ticked on the server's first screen is replayed into the form once it is on
    // the page (`hand_over`); a restored draft keeps what it holds.
    let mut draft = storage::load_draft(&survey_id).unwrap_or_else(|| Draft {
        response_id: new_response_id(),
        answers: Answers::new(),
        section: 0,
        code: String::new(),
    });
    let restored = !draft.answers.is_empty();
    if !restored {
        draft.section = 0;
    }
    let response_id = draft.response_id;
    let answers = RwSignal::new(draft.answers);
    let section = RwSignal::new(
        draft
            .section
            .min(survey.with_value(|s| s.sections.len().saturating_sub(1))),
    );
    let code = RwSignal::new(
        code_from_link
            .filter(|c| !c.is_empty())
            .unwrap_or(draft.code),
    );
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let heading = NodeRef::<html::H2>::new();

    // Autosave on every change: a reload, a crash or a flat battery loses nothing.
    let draft_key = survey_id.clone();
    Effect::new(move |_| {
        let draft = Draft {
            response_id,
            answers: answers.get(),
            section: section.get(),
            code: code.get(),
        };
        storage::save_draft(&draft_key, &draft);
    });

    let visible = Memo::new(move |_| {
        survey.with_value(|s| {
            let mut shown = BTreeSet::new();
            for id in visible_questions(s, &answers.get()) {
                shown.insert(id.to_string());
            }
            shown
        })
    });
    // Sections with at least one question shown for the current answers.
    let steps =
        Memo::new(move |_| visible.with(|shown| survey.with_value(|s| shown_sections(s, shown))));
    let step_position =
        move || steps.with(|st| st.iter().position(|&i| i == section.get()).unwrap_or(0));
    let is_last = move || steps.with(|st| st.last().is_none_or(|&last| section.get() >= last));

    let go_to = move |index: usize| {
        section.set(index);
        window().scroll_to_with_x_and_y(0.0, 0.0);
        if let Some(h) = heading.get() {
            let _ = h.focus();
        }
    };
    let show_errors = move |found: Vec<FieldError>| {
        let first = found
            .first()
            .map(|e| e.field.split('.').next().unwrap_or_default().to_string());
        errors.set(found);
        if let Some(field) = first {
            focus_question(&field);
        }
    };
    let code_errors = move || -> Vec<FieldError> {
        if needs_code && code.get_untracked().trim().is_empty() {
            vec![FieldError::new(CODE_FIELD, ErrorCode::Required)]
        } else {
            vec![]
        }
    };
    let next = move |_| {
        let current = section.get_untracked();
        let pruned = survey.with_value(|s| prune_hidden(s, &answers.get_untracked()));
        let mut found = survey.with_value(|s| validate_section(s, current, &pruned));
        if current == steps.with_untracked(|st| st.first().copied().unwrap_or(0)) {
            found.splice(0..0, code_errors());
        }
        if !found.is_empty() {
            show_errors(found);
            return;
        }
        errors.set(vec![]);
        if let Some(&following) = steps
            .with_untracked(|st| st.iter().find(|&&i| i > current).copied())
            .as_ref()
        {
            go_to(following);
        }
    };
    let previous = move |_| {
        let current = section.get_untracked();
        if let Some(before) =
            steps.with_untracked(|st| st.iter().rev().find(|&&i| i < current).copied())
        {
            errors.set(vec![]);
            go_to(before);
        }
    };
    let location = use_location();
    let submit_survey_id = survey_id.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !is_last() {
            next(());
            return;
        }
        let pruned = survey.with_value(|s| prune_hidden(s, &answers.get_untracked()));
        let mut found = code_errors();
        if let Err(more) = survey.with_value(|s| validate(s, &pruned)) {
            found.extend(more);
        }
        if let Some(first) = found.first() {
            // Go back to the screen holding the first problem.
            let field = first
                .field
                .split('.')
                .next()
                .unwrap_or_default()
                .to_string();
            let at = survey.with_value(|s| {
                s.sections
                    .iter()
                    .position(|sec| sec.questions.iter().any(|q| q.id == field))
            });
            let target = if field == CODE_FIELD {
                steps.with_untracked(|st| st.first().copied())
            } else {
                at
            };
            if let Some(index) = target.filter(|&i| i != section.get_untracked()) {
                section.set(index);
            }
            show_errors(found);
            return;
        }
        let submission = Submission {
            id: response_id,
            answers: pruned,
            code: needs_code.then(|| code.get_untracked().trim().to_string()),
            channel: channel.clone(),
        };
        let secret = survey.with_value(|s| s.kind == SurveyKind::Ballot);
        outbox.enqueue(submit_survey_id.clone(), submission, secret);
        storage::clear_draft(&submit_survey_id);
        location.navigate(&format!("/s/{}/done/{}", submit_survey_id, response_id));
    };

    let set_answer = move |question_id: String, value: Option<Answer>| {
        answers.update(|a| match value {
            Some(v) => {
                a.insert(question_id.clone(), v);
            }
            None => {
                a.remove(&question_id);
            }
        });
        // Inline validation: once a question has shown an error, re-check it as it changes.
        if errors.with_untracked(|e| e.iter().any(|e| belongs_to(e, &question_id))) {
            let fresh = survey.with_value(|s| {
                let pruned = prune_hidden(s, &answers.get_untracked());
                let shown = visible_questions(s, &pruned);
                s.question(&question_id)
                    .map(|q| check_question(q, pruned.get(&question_id), &shown))
                    .unwrap_or_default()
            });
            errors.update(|e| {
                e.retain(|e| !belongs_to(e, &question_id));
                e.extend(fresh);
            });
        }
    };

    let questions_view = move || {
        let index = section.get();
        let shown = visible.get();
        // While the app is built off the page, a few questions per task (`hand_over`).
        let building = hand_over::building();
        survey.with_value(|s| {
            let questions: Vec<Question> = s.sections[index]
                .questions
                .iter()
                .filter(|q| shown.contains(&q.id))
                .cloned()
                .collect();
            if building {
                hand_over::screen_has(questions.len());
            }
            questions
                .into_iter()
                .enumerate()
                .map(|(position, q)| {
                    let field = move || {
                        let id = q.id.clone();
                        let answer_id = id.clone();
                        let error_id = id.clone();
                        view! {
                            <QuestionField
                                question=q.clone()
                                answer=Signal::derive(move || {
                                    answers.with(|a| a.get(&answer_id).cloned())
                                })
                                on_change=Callback::new(move |v| set_answer(id.clone(), v))
                                errors=Signal::derive(move || {
                                    errors
                                        .with(|e| {
                                            e.iter()
                                                .filter(|e| belongs_to(e, &error_id))
                                                .cloned()
                                                .collect::<Vec<_>>()
                                        })
                                })
                            />
                        }
                    };
                    if building {
                        let due = hand_over::step_due(hand_over::question_step(position));
                        (move || due.get().then(field.clone())).into_any()
                    } else {
                        field().into_any()
                    }
                })
                .collect_view()
        })
    };
    let section_title = move || survey.with_value(|s| s.sections[section.get()].title.clone());
    let section_description =
        move || survey.with_value(|s| s.sections[section.get()].description.clone());
    let on_first = move || steps.with(|st| st.first().is_none_or(|&f| section.get() <= f));
    let error_count = move || errors.with(|e| e.len());

    let (title, organizer, intro) =
        survey.with_value(|s| (s.title.clone(), s.organizer.clone(), s.intro.clone()));
    view! {
        <article class="survey" data-testid="survey-form">
            <header class="survey-head">
                <h1>{title}</h1>
                <p class="organizer">{organizer}</p>
            </header>
            {window_note
                .map(|note| {
                    view! {
                        <p class="notice" role="status" data-testid="survey-window">
                            {note}
                        </p>
                    }
                })}
            <Show when=move || says_not_open>
                <p class="notice notice-warn" role="status" data-testid="survey-not-open">
                    <Tr text=form_text::NOT_OPEN />
                </p>
            </Show>
            <Show when=move || restored>
                <p class="notice" role="status" data-testid="draft-restored">
                    {move || {
                        lang.get()
                            .pick(
                                "已恢复您上次未提交的填写内容。",
                                "Your unsent answers were restored.",
                            )
                    }}
                </p>
            </Show>
            <Show when=move || on_first()>
                <p class="intro">{intro.clone()}</p>
            </Show>
            <ProgressBar
                current=Signal::derive(move || step_position() + 1)
                total=Signal::derive(move || steps.with(|s| s.len()))
            />
            <form novalidate on:submit=submit>
                <h2 node_ref=heading tabindex="-1" data-testid="section-title">
                    {section_title}
                </h2>
                {move || {
                    (!section_description().is_empty())
                        .then(|| view! { <p class="section-desc">{section_description()}</p> })
                }}
                <Show when=move || needs_code && on_first()>
                    <CodeInput code errors />
                </Show>
                {questions_view}
                <p
                    class="form-errors"
                    role="alert"
                    data-testid="form-errors"
                    hidden=move || error_count() == 0
                >
                    {move || form_text::errors_left(lang.get(), error_count())}
                </p>
                <div class="nav-buttons">
                    <button
                        type="button"
                        class="secondary"
                        data-testid="prev"
                        on:click=previous
                        hidden=on_first
                    >
                        <Tr text=form_text::PREVIOUS />
                    </button>
                    <Show
                        when=is_last
                        fallback=move || {
                            view! {
                                <button
                                    type="button"
                                    class="primary"
                                    data-testid="next"
                                    on:click=move |_| next(())
                                >
                                    <Tr text=form_text::NEXT />
                                </button>
                            }
                        }
                    >
                        <button
                            type="submit"
                            class="primary"
                            data-testid="submit"
                            disabled=move || !open
                        >
                            <Tr text=form_text::SUBMIT />
                        </button>
                    </Show>
                </div>
            </form>
        </article>
    }
}

fn belongs_to(error: &FieldError, question_id: &str) -> bool {
    error.field == question_id
        || error
            .field
            .strip_prefix(question_id)
            .is_some_and(|rest| rest.starts_with('.'))
}

/// Move focus to the first input of a question, so keyboard and screen-reader users land on it.
fn focus_question(question_id: &str) {
    let selector = if question_id == CODE_FIELD {
        "#access-code".to_string()
    } else {
        format!("[data-testid=\"question-{question_id}\"] input, [data-testid=\"question-{question_id}\"] select, [data-testid=\"question-{question_id}\"] textarea")
    };
    let target = document().query_selector(&selector).ok().flatten();
    if let Some(element) =
        target.and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
    {
        let _ = element.focus();
    }
}
