use leptos::prelude::*;

use crate::app::common::components::ChartCanvas;
use crate::app::common::Loading;
use crate::charts::{group_breakdown, size, GroupFigure};
use crate::domain::results::{Breakdown, QuestionResult};
use crate::domain::wire::ResultsView;

/// The comparison between groups: which profile question splits the responses, which index
/// is compared, and the chart; shown only when the survey has profile questions.
#[component]
pub fn BreakdownSection(
    /// The survey's results, once loaded.
    #[prop(into)]
    results: Signal<Option<ResultsView>>,
    /// The profile questions that can split the responses.
    #[prop(into)]
    questions: Signal<Vec<QuestionResult>>,
    /// The id of the profile question chosen.
    by: RwSignal<String>,
    /// Which index is compared: "" (the survey's), `dimension:NAME` or `item:ID`.
    figure: RwSignal<String>,
    /// The breakdown by the chosen question, as it loads.
    #[prop(into)]
    groups: Signal<Loading<Option<Breakdown>>>,
) -> impl IntoView {
    let group_figure = Memo::new(move |_| {
        figure.with(|key| match key.split_once(':') {
            Some(("dimension", name)) => GroupFigure::Dimension(name.to_string()),
            Some(("item", id)) => GroupFigure::Item(id.to_string()),
            _ => GroupFigure::SurveyIndex,
        })
    });
    let question_options = move || {
        questions
            .get()
            .into_iter()
            .map(|q| view! { <option value=q.id.clone()>{q.title}</option> })
            .collect_view()
    };
    let figure_options = move || {
        results.with(|r| {
            r.as_ref().map(|v| {
                let dimensions = v
                    .results
                    .dimensions
                    .iter()
                    .map(|d| (format!("dimension:{}", d.name), format!("{}指数", d.name)));
                let overall = v
                    .results
                    .question("overall")
                    .and_then(|q| q.items.first())
                    .map(|i| (format!("item:{}", i.id), "总体满意度指数".to_string()));
                dimensions
                    .chain(overall)
                    .map(|(key, label)| view! { <option value=key>{label}</option> })
                    .collect_view()
            })
        })
    };
    let height = Signal::derive(move || {
        size::groups(groups.with(|g| match g {
            Loading::Ready(Some(b)) => b.groups.len(),
            _ => 1,
        }))
    });
    let summary = Signal::derive(move || {
        groups.with(|g| match g {
            Loading::Ready(Some(b)) => b
                .groups
                .iter()
                .map(|x| {
                    let value = group_figure.get().of(&x.results).value;
                    format!("{} {:.1}（n={}）", x.label, value, x.results.responses)
                })
                .collect::<Vec<_>>()
                .join("；"),
            _ => String::new(),
        })
    });
    view! {
        <Show when=move || !questions.with(Vec::is_empty)>
            <section class="panel">
                <h2>"分组比较"</h2>
                <label for="breakdown-by">"按"</label>
                <select
                    id="breakdown-by"
                    data-testid="breakdown-by"
                    prop:value=move || by.get()
                    on:change=move |ev| by.set(event_target_value(&ev))
                >
                    {question_options}
                </select>
                <label for="breakdown-figure">"分组，比较"</label>
                <select
                    id="breakdown-figure"
                    data-testid="breakdown-figure"
                    prop:value=move || figure.get()
                    on:change=move |ev| figure.set(event_target_value(&ev))
                >
                    <option value="">"满意度指数"</option>
                    {figure_options}
                </select>
                <ChartCanvas
                    height
                    summary
                    testid="chart-breakdown"
                    draw=move |area, style| {
                        let figure = group_figure.get();
                        groups
                            .with(|g| {
                                if let Loading::Ready(Some(b)) = g {
                                    let _ = group_breakdown(area, &figure.bars(b), style);
                                }
                            });
                    }
                />
            </section>
        </Show>
    }
}
