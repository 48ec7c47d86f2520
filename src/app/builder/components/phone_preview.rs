use leptos::prelude::*;

use crate::app::builder::draft::Draft;
use crate::app::common::i18n::{Lang, Preferences};
use crate::app::common::questions::QuestionField;
use crate::domain::validation::visible_questions;
use crate::domain::{Answer, Answers};

/// The survey as a respondent's phone shows it (390 px wide), one section at a time, with
/// show-if conditions working on the answers tried here. Nothing is saved or sent.
#[component]
pub fn PhonePreview(
    /// The survey being edited.
    draft: Draft,
) -> impl IntoView {
    provide_context(Preferences {
        lang: RwSignal::new(Lang::Zh),
        large_text: RwSignal::new(false),
    });
    let section = RwSignal::new(0usize);
    let answers = RwSignal::new(Answers::new());
    let sections = Memo::new(move |_| draft.0.with(|s| s.sections.len()));
    let page = move || section.get().min(sections.get().saturating_sub(1));
    let questions = move || {
        let index = page();
        draft.0.with(|survey| {
            let shown = answers.with(|a| {
                visible_questions(survey, a)
                    .into_iter()
                    .map(str::to_string)
                    .collect::<std::collections::HashSet<_>>()
            });
            survey.sections.get(index).map(|s| {
                s.questions
                    .iter()
                    .filter(|q| shown.contains(&q.id))
                    .map(|q| {
                        let id = q.id.clone();
                        let read_id = id.clone();
                        view! {
                            <QuestionField
                                question=q.clone()
                                answer=Signal::derive(move || {
                                    answers.with(|a| a.get(&read_id).cloned())
                                })
                                on_change=Callback::new(move |v: Option<Answer>| {
                                    answers
                                        .update(|a| match v {
                                            Some(v) => {
                                                a.insert(id.clone(), v);
                                            }
                                            None => {
                                                a.remove(&id);
                                            }
                                        })
                                })
                                errors=Signal::derive(Vec::new)
                            />
                        }
                    })
                    .collect_view()
            })
        })
    };
    view! {
        <aside class="preview" aria-labelledby="preview-heading">
            <h2 id="preview-heading">"手机预览"</h2>
            <div class="field-row">
                <label class="field">
                    <span class="field-label">"预览页"</span>
                    <select
                        data-testid="preview-section"
                        prop:value=move || page().to_string()
                        on:change=move |ev| {
                            section.set(event_target_value(&ev).parse().unwrap_or(0))
                        }
                    >
                        {move || {
                            (0..sections.get())
                                .map(|i| {
                                    let title = draft.section(i, |s| s.title.clone());
                                    view! {
                                        <option value=i
                                            .to_string()>
                                            {format!("第 {} 部分 {title}", i + 1)}
                                        </option>
                                    }
                                })
                                .collect_view()
                        }}
                    </select>
                </label>
                <button type="button" class="small" on:click=move |_| answers.set(Answers::new())>
                    "清空预览作答"
                </button>
            </div>
            <div class="phone" data-testid="phone-preview">
                <article class="survey">
                    <header class="survey-head">
                        <h1>{move || draft.0.with(|s| s.title.clone())}</h1>
                        <p class="organizer">{move || draft.0.with(|s| s.organizer.clone())}</p>
                    </header>
                    <Show when=move || page() == 0>
                        <p class="intro">{move || draft.0.with(|s| s.intro.clone())}</p>
                    </Show>
                    <h2>{move || draft.section(page(), |s| s.title.clone())}</h2>
                    {questions}
                </article>
            </div>
        </aside>
    }
}
