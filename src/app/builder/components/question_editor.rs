use leptos::prelude::*;

use super::{KindEditor, ShowIfEditor};
use crate::app::builder::draft::Draft;
use crate::app::common::components::LabeledInput;
use crate::domain::survey_edit::{convert_kind, copy_question, kind_key, move_item, KINDS};

/// One question in the builder: wording, id, kind and what the kind needs, required,
/// profile, dimension, show-if; moved, copied or deleted within its section.
#[component]
pub fn QuestionEditor(
    /// The survey being edited.
    draft: Draft,
    /// Section position.
    si: usize,
    /// Question position in the section.
    qi: usize,
    /// How many questions the section has (for the move buttons).
    #[prop(into)]
    count: Signal<usize>,
) -> impl IntoView {
    let text = move |read: fn(&crate::domain::Question) -> String| {
        Signal::derive(move || draft.question(si, qi, read))
    };
    let edit =
        move |f: Box<dyn FnOnce(&mut crate::domain::Question)>| draft.edit_question(si, qi, f);
    let testid = move |part: &str| format!("question-{si}-{qi}-{part}");
    let number = Signal::derive(move || {
        draft.0.with(|s| {
            s.sections[..si.min(s.sections.len())]
                .iter()
                .map(|sec| sec.questions.len())
                .sum::<usize>()
        }) + qi
            + 1
    });
    let move_by = move |up: bool| {
        draft.edit_section(si, |s| {
            move_item(&mut s.questions, qi, up);
        })
    };
    view! {
        <article class="question-editor" data-testid=testid("editor")>
            <header class="question-editor-head">
                <h4>{move || format!("第 {} 题", number.get())}</h4>
                <span class="row-actions">
                    <button
                        type="button"
                        class="small"
                        aria-label=move || format!("上移第 {} 题", number.get())
                        disabled=move || qi == 0
                        on:click=move |_| move_by(true)
                    >
                        "↑"
                    </button>
                    <button
                        type="button"
                        class="small"
                        aria-label=move || format!("下移第 {} 题", number.get())
                        disabled={move || qi + 1 >= count.get()}
                        on:click=move |_| move_by(false)
                    >
                        "↓"
                    </button>
                    <button
                        type="button"
                        class="small"
                        data-testid=testid("copy")
                        on:click=move |_| {
                            draft
                                .0
                                .update(|s| {
                                    if let Some(q) = s
                                        .sections
                                        .get(si)
                                        .and_then(|sec| sec.questions.get(qi))
                                        .cloned()
                                    {
                                        let copy = copy_question(s, &q);
                                        s.sections[si].questions.insert(qi + 1, copy);
                                    }
                                })
                        }
                    >
                        "复制"
                    </button>
                    <button
                        type="button"
                        class="small danger"
                        data-testid=testid("remove")
                        on:click=move |_| {
                            draft
                                .edit_section(
                                    si,
                                    |s| {
                                        if qi < s.questions.len() {
                                            s.questions.remove(qi);
                                        }
                                    },
                                )
                        }
                    >
                        "删除"
                    </button>
                </span>
            </header>
            <LabeledInput
                label="题目"
                testid=testid("title")
                value=text(|q| q.title.clone())
                on_input=Callback::new(move |v: String| edit(Box::new(move |q| q.title = v)))
            />
            <div class="field-row">
                <label class="field">
                    <span class="field-label">"题型"</span>
                    <select
                        data-testid=testid("kind")
                        prop:value=move || draft.question(si, qi, |q| kind_key(&q.kind))
                        on:change=move |ev| {
                            let key = event_target_value(&ev);
                            edit(Box::new(move |q| q.kind = convert_kind(&q.kind, &key)))
                        }
                    >
                        {KINDS
                            .iter()
                            .map(|(key, label)| view! { <option value=*key>{*label}</option> })
                            .collect_view()}
                    </select>
                </label>
                <LabeledInput
                    label="编号"
                    short=true
                    testid=testid("id")
                    value=text(|q| q.id.clone())
                    on_input=Callback::new(move |v: String| edit(
                        Box::new(move |q| q.id = v.trim().to_string()),
                    ))
                />
                <label class="check">
                    <input
                        type="checkbox"
                        data-testid=testid("required")
                        prop:checked=move || draft.question(si, qi, |q| q.required)
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            edit(Box::new(move |q| q.required = on))
                        }
                    />
                    "必答"
                </label>
                <label class="check">
                    <input
                        type="checkbox"
                        data-testid=testid("profile")
                        prop:checked=move || draft.question(si, qi, |q| q.profile)
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            edit(Box::new(move |q| q.profile = on))
                        }
                    />
                    "画像题（用于分组统计）"
                </label>
            </div>
            <LabeledInput
                label="说明（可选）"
                testid=testid("help")
                value=text(|q| q.help.clone())
                on_input=Callback::new(move |v: String| edit(Box::new(move |q| q.help = v)))
            />
            <KindEditor draft si qi />
            <LabeledInput
                label="所属维度（计入维度指数，可选）"
                testid=testid("dimension")
                value=text(|q| q.dimension.clone().unwrap_or_default())
                on_input=Callback::new(move |v: String| edit(
                    Box::new(move |q| {
                        q.dimension = Some(v.trim().to_string()).filter(|d| !d.is_empty());
                    }),
                ))
            />
            <ShowIfEditor draft si qi />
        </article>
    }
}
