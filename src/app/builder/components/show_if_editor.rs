use leptos::prelude::*;

use crate::app::builder::draft::Draft;
use crate::domain::survey::{UNKNOWN, UNKNOWN_LABEL_ZH};
use crate::domain::{Condition, QuestionKind, Survey};

/// An earlier question a condition can test: (id, title, its answers as (value, label)).
type Earlier = (String, String, Vec<(String, String)>);

/// Every earlier question a condition can test for one answer.
fn earlier_choices(survey: &Survey, si: usize, qi: usize) -> Vec<Earlier> {
    let mut list = Vec::new();
    for (s, section) in survey.sections.iter().enumerate() {
        for (q, question) in section.questions.iter().enumerate() {
            if (s, q) >= (si, qi) {
                return list;
            }
            let values: Vec<(String, String)> = match &question.kind {
                QuestionKind::Scale {
                    scale,
                    allow_unknown,
                } => scale
                    .points()
                    .iter()
                    .map(|p| (p.id.to_string(), p.label_zh.to_string()))
                    .chain(
                        allow_unknown.then(|| (UNKNOWN.to_string(), UNKNOWN_LABEL_ZH.to_string())),
                    )
                    .collect(),
                kind => kind
                    .options()
                    .iter()
                    .map(|o| (o.id.clone(), o.label.clone()))
                    .collect(),
            };
            if !values.is_empty() {
                list.push((question.id.clone(), question.title.clone(), values));
            }
        }
    }
    list
}

/// "Show this question only when an earlier one was answered so": the common condition
/// (one answer to one question) edited here; anything richer is kept and shown as is.
#[component]
pub fn ShowIfEditor(
    /// The survey being edited.
    draft: Draft,
    /// Section position.
    si: usize,
    /// Question position in the section.
    qi: usize,
) -> impl IntoView {
    let earlier = Memo::new(move |_| draft.0.with(|s| earlier_choices(s, si, qi)));
    let condition = Memo::new(move |_| draft.question(si, qi, |q| q.show_if.clone()));
    let simple = move || match condition.get() {
        None => Some((String::new(), String::new())),
        Some(Condition::Equals { question, value }) => Some((question, value)),
        Some(_) => None,
    };
    let set =
        move |show_if: Option<Condition>| draft.edit_question(si, qi, |q| q.show_if = show_if);
    let testid = move |part: &str| format!("show-if-{si}-{qi}-{part}");
    view! {
        <fieldset class="show-if">
            <legend>"显示条件"</legend>
            {move || match simple() {
                None => {
                    view! {
                        <p class="muted">
                            "此题使用组合条件（可在导出的 JSON 中编辑）。"
                        </p>
                        <button type="button" class="small" on:click=move |_| set(None)>
                            "改为始终显示"
                        </button>
                    }
                        .into_any()
                }
                Some((question, value)) => {
                    let values = earlier
                        .with(|list| {
                            list.iter()
                                .find(|(id, ..)| *id == question)
                                .map(|(.., v)| v.clone())
                                .unwrap_or_default()
                        });
                    let chosen_question = question.clone();
                    view! {
                        <div class="field-row">
                            <label class="field">
                                <span class="field-label">"当前面的题目"</span>
                                <select
                                    data-testid=testid("question")
                                    prop:value=question.clone()
                                    on:change=move |ev| {
                                        let picked = event_target_value(&ev);
                                        if picked.is_empty() {
                                            set(None);
                                        } else {
                                            let first = earlier
                                                .with_untracked(|list| {
                                                    list.iter()
                                                        .find(|(id, ..)| *id == picked)
                                                        .and_then(|(.., v)| {
                                                            v.first().map(|(value, _)| value.clone())
                                                        })
                                                        .unwrap_or_default()
                                                });
                                            set(
                                                Some(Condition::Equals {
                                                    question: picked,
                                                    value: first,
                                                }),
                                            );
                                        }
                                    }
                                >
                                    <option value="">"（始终显示）"</option>
                                    {earlier
                                        .get()
                                        .into_iter()
                                        .map(|(id, title, _)| {
                                            let selected = id == question;
                                            view! {
                                                <option value=id.clone() selected=selected>
                                                    {format!("{title}（{id}）")}
                                                </option>
                                            }
                                        })
                                        .collect_view()}
                                </select>
                            </label>
                            <Show when={
                                let q = question.clone();
                                move || !q.is_empty()
                            }>
                                <label class="field">
                                    <span class="field-label">"选择了"</span>
                                    <select
                                        data-testid=testid("value")
                                        prop:value=value.clone()
                                        on:change={
                                            let q = chosen_question.clone();
                                            move |ev| set(
                                                Some(Condition::Equals {
                                                    question: q.clone(),
                                                    value: event_target_value(&ev),
                                                }),
                                            )
                                        }
                                    >
                                        {values
                                            .iter()
                                            .map(|(v, label)| {
                                                let selected = *v == value;
                                                view! {
                                                    <option value=v.clone() selected=selected>
                                                        {label.clone()}
                                                    </option>
                                                }
                                            })
                                            .collect_view()}
                                    </select>
                                </label>
                            </Show>
                        </div>
                    }
                        .into_any()
                }
            }}
        </fieldset>
    }
}
