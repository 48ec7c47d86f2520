use leptos::prelude::*;

use super::QuestionChart;
use crate::domain::results::report::ResultKind;
use crate::domain::results::QuestionResult;
use crate::domain::wire::ResultsView;

/// An empty result, shown for a question while the results that held it are replaced.
fn placeholder(id: &str) -> QuestionResult {
    QuestionResult {
        id: id.to_string(),
        title: String::new(),
        kind: ResultKind::Text,
        profile: false,
        answered: 0,
        options: Vec::new(),
        items: Vec::new(),
        nps: None,
        mean: None,
    }
}

/// A chart per question, in the survey's order; each keeps its canvas across live updates.
#[component]
pub fn QuestionResults(
    /// The survey's results, once loaded.
    #[prop(into)]
    results: Signal<Option<ResultsView>>,
) -> impl IntoView {
    let question_ids = Signal::derive(move || {
        results.with(|r| {
            r.as_ref()
                .map(|v| {
                    v.results
                        .questions
                        .iter()
                        .map(|q| q.id.clone())
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    });
    let question = move |qid: String| {
        Signal::derive(move || {
            results.with(|r| {
                r.as_ref()
                    .and_then(|v| v.results.question(&qid).cloned())
                    .unwrap_or_else(|| placeholder(&qid))
            })
        })
    };
    view! {
        <section class="panel">
            <h2>"逐题结果"</h2>
            <div class="question-list">
                <For each=move || question_ids.get() key=|qid| qid.clone() let:qid>
                    <QuestionChart question=question(qid) />
                </For>
            </div>
        </section>
    }
}
