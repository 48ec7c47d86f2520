use std::collections::BTreeMap;

use crate::app::common::components::LoadingLine;
use leptos::prelude::*;

use crate::app::common::api::ApiFailure;
use crate::app::common::{caught, watch_session, Session};
use crate::app::staff::api;
use crate::domain::wire::TextDecision;

/// Free-text answers to approve or reject one by one: only approved ones are published,
/// apart from the responses they came with.
#[component]
pub fn TextReview(
    /// The survey's id.
    #[prop(into)]
    survey_id: String,
    /// Whether decisions can still change (not once published).
    #[prop(into)]
    editable: Signal<bool>,
) -> impl IntoView {
    let session = use_context::<Session>();
    let id = StoredValue::new(survey_id);
    // (response, question) → approved, as chosen on this page; as on record once loaded.
    let chosen = RwSignal::new(BTreeMap::<(String, String), bool>::new());
    // Not read with `.get()` (in an effect, say): outside its own Transition that would hold
    // the whole page in the sign-in gate's Suspense while it loads.
    let answers = LocalResource::new(move || async move {
        let list = watch_session(session, api::text_answers(&id.get_value()).await)?;
        chosen.set(
            list.iter()
                .filter_map(|a| {
                    a.approved
                        .map(|ok| ((a.response_id.clone(), a.question.clone()), ok))
                })
                .collect(),
        );
        Ok::<_, ApiFailure>(list)
    });
    // The decisions sent; the outcome is the message shown.
    let save = Action::new_local(move |decisions: &Vec<TextDecision>| {
        let decisions = decisions.clone();
        async move {
            let saved = api::review_texts(&id.get_value(), &decisions).await;
            match watch_session(session, saved) {
                Ok(_) => {
                    answers.refetch();
                    let approved = decisions.iter().filter(|d| d.approved).count();
                    (
                        true,
                        format!(
                            "已保存：同意公开 {approved} 条，不公开 {} 条",
                            decisions.len() - approved
                        ),
                    )
                }
                Err(failure) => (false, failure.message()),
            }
        }
    });
    let on_save = move |_| {
        save.dispatch_local(chosen.with(|c| {
            c.iter()
                .map(|((response_id, question), approved)| TextDecision {
                    response_id: response_id.clone(),
                    question: question.clone(),
                    approved: *approved,
                })
                .collect()
        }));
    };
    view! {
        <section class="panel" aria-labelledby="texts-heading">
            <h2 id="texts-heading">"文字意见审核"</h2>
            <p class="muted">
                "文字意见只有经逐条审核同意后才会公开，公开时与答卷分开列出，不附任何身份信息。"
            </p>
            <Transition fallback=LoadingLine>
                <ErrorBoundary fallback=|errors| {
                    view! {
                        <p class="notice notice-warn" role="status">
                            {move || caught(&errors)}
                        </p>
                    }
                }>
                    {move || Suspend::new(async move {
                        answers
                            .await
                            .map(|list| {
                                if list.is_empty() {
                                    return view! { <p class="muted">"暂无文字意见。"</p> }
                                        .into_any();
                                }
                                view! {
                                    <ul class="text-review" data-testid="text-review">
                                        {list
                                            .into_iter()
                                            .enumerate()
                                            .map(|(i, a)| {
                                                let key = (a.response_id.clone(), a.question.clone());
                                                let key_yes = key.clone();
                                                let key_no = key.clone();
                                                let key_read = key.clone();
                                                let state = move || {
                                                    chosen.with(|c| c.get(&key_read).copied())
                                                };
                                                let state_no = state.clone();
                                                view! {
                                                    <li>
                                                        <fieldset disabled=move || !editable.get()>
                                                            <legend>
                                                                <span class="muted">{a.title.clone()}"："</span>
                                                                {a.text.clone()}
                                                            </legend>
                                                            <label>
                                                                <input
                                                                    type="radio"
                                                                    name=format!("text-{i}")
                                                                    data-testid=format!("approve-{i}")
                                                                    prop:checked=move || state() == Some(true)
                                                                    on:change=move |_| {
                                                                        chosen
                                                                            .update(|c| {
                                                                                c.insert(key_yes.clone(), true);
                                                                            })
                                                                    }
                                                                />
                                                                "同意公开"
                                                            </label>
                                                            <label>
                                                                <input
                                                                    type="radio"
                                                                    name=format!("text-{i}")
                                                                    data-testid=format!("reject-{i}")
                                                                    prop:checked=move || state_no() == Some(false)
                                                                    on:change=move |_| {
                                                                        chosen
                                                                            .update(|c| {
                                                                                c.insert(key_no.clone(), false);
                                                                            })
                                                                    }
                                                                />
                                                                "不公开"
                                                            </label>
                                                        </fieldset>
                                                    </li>
                                                }
                                            })
                                            .collect_view()}
                                    </ul>
                                    <Show when=move || editable.get()>
                                        <button
                                            type="button"
                                            data-testid="save-text-review"
                                            disabled=move || save.pending().get()
                                            on:click=on_save
                                        >
                                            "保存审核结果"
                                        </button>
                                    </Show>
                                }
                                    .into_any()
                            })
                    })}
                </ErrorBoundary>
            </Transition>
            {move || {
                save.value()
                    .get()
                    .map(|(ok, m)| {
                        view! {
                            <p class=if ok { "notice" } else { "notice notice-warn" } role="status">
                                {m}
                            </p>
                        }
                    })
            }}
        </section>
    }
}
