use leptos::prelude::*;

use crate::app::common::components::ChartCanvas;
use crate::charts::{dimension_ranking, size};
use crate::domain::wire::ResultsView;

/// The satisfaction index of each dimension, as a ranked chart and as figures; shown only
/// when the survey has dimensions.
#[component]
pub fn DimensionSection(
    /// The survey's results, once loaded.
    #[prop(into)]
    results: Signal<Option<ResultsView>>,
) -> impl IntoView {
    let has_dimensions =
        move || results.with(|r| r.as_ref().is_some_and(|v| !v.results.dimensions.is_empty()));
    let height = Signal::derive(move || {
        size::dimensions(
            results.with(|r| r.as_ref().map(|v| v.results.dimensions.len()).unwrap_or(0)),
        )
    });
    let summary = Signal::derive(move || {
        results.with(|r| {
            r.as_ref()
                .map(|v| {
                    v.results
                        .dimensions
                        .iter()
                        .map(|d| format!("{} {:.1}", d.name, d.index.value))
                        .collect::<Vec<_>>()
                        .join("；")
                })
                .unwrap_or_default()
        })
    });
    let figures = move || {
        results.with(|r| {
            r.as_ref().map(|v| {
                v.results
                    .dimensions
                    .iter()
                    .map(|d| {
                        view! {
                            <li>
                                {d.name.clone()}" "
                                <strong data-testid=format!(
                                    "figure-dimension-{}",
                                    d.name,
                                )>{format!("{:.1}", d.index.value)}</strong>
                            </li>
                        }
                    })
                    .collect_view()
            })
        })
    };
    view! {
        <Show when=has_dimensions>
            <section class="panel">
                <h2>"各维度满意度指数"</h2>
                <ChartCanvas
                    height
                    summary
                    testid="chart-dimensions"
                    draw=move |area, style| {
                        results
                            .with(|r| {
                                if let Some(v) = r {
                                    let _ = dimension_ranking(area, &v.results.dimensions, style);
                                }
                            });
                    }
                />
                <ul class="dimension-figures">{figures}</ul>
            </section>
        </Show>
    }
}
