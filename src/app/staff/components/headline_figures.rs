use leptos::prelude::*;

use crate::app::common::components::FigureCard;
use crate::domain::results::Filter;
use crate::domain::stats::Estimate;
use crate::domain::wire::ResultsView;

/// The headline figures: responses (those matching the filter, against the target), the
/// satisfaction index and the overall satisfaction rate.
#[component]
pub fn HeadlineFigures(
    /// The survey's results, once loaded.
    #[prop(into)]
    results: Signal<Option<ResultsView>>,
    /// The filter the results are narrowed by.
    #[prop(into)]
    filter: Signal<Filter>,
) -> impl IntoView {
    let pick = move |f: fn(&ResultsView) -> Estimate| {
        Signal::derive(move || results.with(|r| r.as_ref().map(f).unwrap_or_else(Estimate::empty)))
    };
    let index = pick(|v| v.results.index);
    let overall = pick(|v| {
        v.results
            .question("overall")
            .and_then(|q| q.items.first())
            .map(|i| i.satisfaction)
            .unwrap_or_else(Estimate::empty)
    });
    let label = move || {
        if filter.with(Filter::is_empty) {
            "已收答卷"
        } else {
            "符合筛选的答卷"
        }
    };
    let responses = move || results.with(|r| r.as_ref().map(|v| v.results.responses).unwrap_or(0));
    let target = move || {
        results.with(|r| {
            r.as_ref()
                .and_then(|v| v.target)
                .map(|t| format!("目标 {t} 份"))
                .unwrap_or_default()
        })
    };
    view! {
        <div class="figure-row">
            <div class="figure-card">
                <span class="figure-label">{label}</span>
                <span class="figure-value" data-testid="figure-responses">
                    {responses}
                </span>
                <span class="figure-note">{target}</span>
            </div>
            <Show when=move || !index.get().is_empty()>
                <FigureCard
                    label="满意度指数（0–100）"
                    estimate=index
                    testid="figure-index"
                />
            </Show>
            <Show when=move || !overall.get().is_empty()>
                <FigureCard
                    label="总体满意率"
                    estimate=overall
                    percent=true
                    testid="figure-overall-rate"
                />
            </Show>
        </div>
    }
}
