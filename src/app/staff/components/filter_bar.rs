use leptos::prelude::*;

use crate::domain::results::query::FilterClause;
use crate::domain::results::{Filter, QuestionResult};

/// A select per profile question; choosing an answer narrows every figure and chart.
#[component]
pub fn FilterBar(
    /// The profile questions (single choice) with their options.
    #[prop(into)]
    questions: Signal<Vec<QuestionResult>>,
    /// The filter being applied; written when a select changes.
    filter: RwSignal<Filter>,
) -> impl IntoView {
    let chosen = move |question: &str| -> String {
        filter.with(|f| {
            f.clauses
                .iter()
                .find(|c| c.question == question)
                .and_then(|c| c.options.first().cloned())
                .unwrap_or_default()
        })
    };
    let choose = move |question: String, option: String| {
        filter.update(|f| {
            f.clauses.retain(|c| c.question != question);
            if !option.is_empty() {
                f.clauses.push(FilterClause {
                    question,
                    options: vec![option],
                });
            }
        });
    };
    view! {
        <form
            class="filter-bar"
            aria-label="按样本特征筛选"
            on:submit=|ev| ev.prevent_default()
        >
            <For each=move || questions.get() key=|q| q.id.clone() let:question>
                {
                    let id = question.id.clone();
                    let select_id = format!("filter-{}", question.id);
                    let for_change = id.clone();
                    let for_value = id.clone();
                    view! {
                        <label for=select_id.clone()>{question.title.clone()}</label>
                        <select
                            id=select_id
                            data-testid=format!("filter-{}", id)
                            prop:value=move || chosen(&for_value)
                            on:change=move |ev| choose(for_change.clone(), event_target_value(&ev))
                        >
                            <option value="">"全部"</option>
                            {question
                                .options
                                .iter()
                                .map(|o| {
                                    view! { <option value=o.id.clone()>{o.label.clone()}</option> }
                                })
                                .collect_view()}
                        </select>
                    }
                }
            </For>
            <button
                type="button"
                class="toggle"
                data-testid="filter-clear"
                disabled=move || filter.with(Filter::is_empty)
                on:click=move |_| filter.set(Filter::default())
            >
                "清除筛选"
            </button>
        </form>
    }
}
