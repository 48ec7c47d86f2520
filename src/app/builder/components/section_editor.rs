use leptos::prelude::*;

use super::QuestionEditor;
use crate::app::builder::draft::Draft;
use crate::app::common::components::LabeledInput;
use crate::app::common::dialog::confirm;
use crate::domain::survey_edit::{move_item, new_question};

/// One section (one screen for the respondent): its title, description and questions.
#[component]
pub fn SectionEditor(
    /// The survey being edited.
    draft: Draft,
    /// Section position.
    si: usize,
    /// How many sections there are (for the move buttons).
    #[prop(into)]
    count: Signal<usize>,
) -> impl IntoView {
    let questions = Memo::new(move |_| draft.section(si, |s| s.questions.len()));
    let testid = move |part: &str| format!("section-{si}-{part}");
    view! {
        <section class="section-editor panel" data-testid=testid("editor")>
            <header class="question-editor-head">
                <h3>{format!("第 {} 部分", si + 1)}</h3>
                <span class="row-actions">
                    <button
                        type="button"
                        class="small"
                        aria-label=format!("上移第 {} 部分", si + 1)
                        disabled=si == 0
                        on:click=move |_| {
                            draft
                                .0
                                .update(|s| {
                                    move_item(&mut s.sections, si, true);
                                })
                        }
                    >
                        "↑"
                    </button>
                    <button
                        type="button"
                        class="small"
                        aria-label=format!("下移第 {} 部分", si + 1)
                        disabled={move || si + 1 >= count.get()}
                        on:click=move |_| {
                            draft
                                .0
                                .update(|s| {
                                    move_item(&mut s.sections, si, false);
                                })
                        }
                    >
                        "↓"
                    </button>
                    <button
                        type="button"
                        class="small danger"
                        data-testid=testid("remove")
                        on:click=move |_| {
                            let questions = questions.get_untracked();
                            if confirm(
                                &format!(
                                    "确定删除第 {} 部分及其中的 {questions} 道题吗？",
                                    si + 1,
                                ),
                            ) {
                                draft
                                    .0
                                    .update(|s| {
                                        if si < s.sections.len() {
                                            s.sections.remove(si);
                                        }
                                    });
                            }
                        }
                    >
                        "删除本部分"
                    </button>
                </span>
            </header>
            <div class="field-row">
                <LabeledInput
                    label="标题"
                    testid=testid("title")
                    value=Signal::derive(move || draft.section(si, |s| s.title.clone()))
                    on_input=Callback::new(move |v: String| draft.edit_section(si, |s| s.title = v))
                />
                <LabeledInput
                    label="编号"
                    short=true
                    testid=testid("id")
                    value=Signal::derive(move || draft.section(si, |s| s.id.clone()))
                    on_input=Callback::new(move |v: String| {
                        draft.edit_section(si, |s| s.id = v.trim().to_string())
                    })
                />
            </div>
            <LabeledInput
                label="说明（可选）"
                multiline=true
                testid=testid("description")
                value=Signal::derive(move || draft.section(si, |s| s.description.clone()))
                on_input=Callback::new(move |v: String| {
                    draft.edit_section(si, |s| s.description = v)
                })
            />
            <For each=move || 0..questions.get() key=|qi| *qi let:qi>
                <QuestionEditor draft si qi count=questions />
            </For>
            <button
                type="button"
                data-testid=testid("add-question")
                on:click=move |_| {
                    draft
                        .0
                        .update(|s| {
                            let q = new_question(s);
                            if let Some(sec) = s.sections.get_mut(si) {
                                sec.questions.push(q);
                            }
                        })
                }
            >
                "添加题目"
            </button>
        </section>
    }
}
