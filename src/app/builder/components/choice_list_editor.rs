use leptos::prelude::*;

use crate::app::builder::draft::{choices, choices_mut, Draft};
use crate::app::common::components::LabeledInput;
use crate::domain::survey_edit::{move_item, new_choice};
use crate::domain::QuestionKind;

/// A change to the list of options.
type ChoiceEdit = Box<dyn FnOnce(&mut Vec<crate::domain::Choice>)>;

/// The options of a choice question (or the rows of a matrix): text, id, "exclusive" for
/// multiple choice, move, delete, add.
#[component]
pub fn ChoiceListEditor(
    /// The survey being edited.
    draft: Draft,
    /// Section position.
    si: usize,
    /// Question position in the section.
    qi: usize,
    /// "选项" or "评价项目", for labels.
    what: &'static str,
) -> impl IntoView {
    let count = Memo::new(move |_| draft.question(si, qi, |q| choices(&q.kind).len()));
    let multiple = Memo::new(move |_| {
        draft.question(si, qi, |q| {
            matches!(q.kind, QuestionKind::MultipleChoice { .. })
        })
    });
    let edit = move |f: ChoiceEdit| {
        draft.edit_question(si, qi, |q| {
            if let Some(list) = choices_mut(&mut q.kind) {
                f(list);
            }
        });
    };
    let testid = move |i: usize, part: &str| format!("choice-{si}-{qi}-{i}-{part}");
    view! {
        <fieldset class="choices">
            <legend>{what}</legend>
            <ol>
                <For each=move || 0..count.get() key=|i| *i let:i>
                    <li class="choice-row">
                        <LabeledInput
                            label="文字"
                            testid=testid(i, "label")
                            value=Signal::derive(move || {
                                draft
                                    .question(
                                        si,
                                        qi,
                                        |q| {
                                            choices(&q.kind)
                                                .get(i)
                                                .map(|c| c.label.clone())
                                                .unwrap_or_default()
                                        },
                                    )
                            })
                            on_input=Callback::new(move |v: String| edit(
                                Box::new(move |list| {
                                    if let Some(c) = list.get_mut(i) {
                                        c.label = v;
                                    }
                                }),
                            ))
                        />
                        <LabeledInput
                            label="编号"
                            short=true
                            testid=testid(i, "id")
                            value=Signal::derive(move || {
                                draft
                                    .question(
                                        si,
                                        qi,
                                        |q| {
                                            choices(&q.kind)
                                                .get(i)
                                                .map(|c| c.id.clone())
                                                .unwrap_or_default()
                                        },
                                    )
                            })
                            on_input=Callback::new(move |v: String| edit(
                                Box::new(move |list| {
                                    if let Some(c) = list.get_mut(i) {
                                        c.id = v.trim().to_string();
                                    }
                                }),
                            ))
                        />
                        <Show when=move || multiple.get()>
                            <label class="check">
                                <input
                                    type="checkbox"
                                    prop:checked=move || {
                                        draft
                                            .question(
                                                si,
                                                qi,
                                                |q| choices(&q.kind).get(i).is_some_and(|c| c.exclusive),
                                            )
                                    }
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        edit(
                                            Box::new(move |list| {
                                                if let Some(c) = list.get_mut(i) {
                                                    c.exclusive = on;
                                                }
                                            }),
                                        )
                                    }
                                />
                                "互斥"
                            </label>
                        </Show>
                        <span class="row-actions">
                            <button
                                type="button"
                                class="small"
                                aria-label=format!("上移第 {} 个{what}", i + 1)
                                disabled=move || i == 0
                                on:click=move |_| edit(
                                    Box::new(move |list| {
                                        move_item(list, i, true);
                                    }),
                                )
                            >
                                "↑"
                            </button>
                            <button
                                type="button"
                                class="small"
                                aria-label=format!("下移第 {} 个{what}", i + 1)
                                disabled={move || i + 1 >= count.get()}
                                on:click=move |_| edit(
                                    Box::new(move |list| {
                                        move_item(list, i, false);
                                    }),
                                )
                            >
                                "↓"
                            </button>
                            <button
                                type="button"
                                class="small danger"
                                aria-label=format!("删除第 {} 个{what}", i + 1)
                                data-testid=testid(i, "remove")
                                on:click=move |_| edit(
                                    Box::new(move |list| {
                                        if i < list.len() {
                                            list.remove(i);
                                        }
                                    }),
                                )
                            >
                                "删除"
                            </button>
                        </span>
                    </li>
                </For>
            </ol>
            <button
                type="button"
                class="small"
                data-testid=format!("choice-{si}-{qi}-add")
                on:click=move |_| edit(
                    Box::new(|list| {
                        let c = new_choice(list);
                        list.push(c);
                    }),
                )
            >
                {format!("添加{what}")}
            </button>
        </fieldset>
    }
}
