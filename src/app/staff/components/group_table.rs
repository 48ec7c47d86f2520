use leptos::prelude::*;

use super::ChartCanvas;
use crate::charts::{group_breakdown, size, GroupBar};
use crate::domain::publication::GroupTable as Groups;

fn one(v: f64) -> String {
    if v.is_finite() {
        format!("{v:.1}")
    } else {
        "—".into()
    }
}

/// A published breakdown: the survey index per group as a chart, and every group's n and
/// indices as a table.
#[component]
pub fn GroupTable(
    /// The breakdown.
    #[prop(into)]
    groups: Signal<Groups>,
    /// Where its SVG can be downloaded.
    #[prop(into)]
    svg_href: String,
) -> impl IntoView {
    let by = groups.with_untracked(|g| g.by.clone());
    let by_for_rows = by.clone();
    let bars = Signal::derive(move || {
        groups.with(|g| {
            g.groups
                .iter()
                .map(|row| GroupBar {
                    label: row.label.clone(),
                    responses: row.responses,
                    estimate: row.index,
                })
                .collect::<Vec<_>>()
        })
    });
    let summary = Signal::derive(move || {
        bars.with(|b| {
            b.iter()
                .map(|bar| {
                    format!(
                        "{} {}（n={}）",
                        bar.label,
                        one(bar.estimate.value),
                        bar.responses
                    )
                })
                .collect::<Vec<_>>()
                .join("；")
        })
    });
    view! {
        <article class="question-result" data-testid=format!("groups-{by}")>
            <h3>{move || groups.with(|g| format!("按{}分组", g.title))}</h3>
            <ChartCanvas height=Signal::derive(move || size::groups(bars.with(Vec::len))) summary testid=format!("chart-groups-{by}")
                draw=move |area, style| { let _ = bars.with(|b| group_breakdown(area, b, style)); } />
            <p class="chart-links"><a href=svg_href download>"下载图表（SVG）"</a></p>
            <div class="table-scroll" tabindex="0" role="region" aria-label=move || groups.with(|g| format!("按{}分组的指数表", g.title))>
                <table class="channel-table">
                    <thead>
                        <tr>
                            <th scope="col">"分组"</th><th scope="col">"答卷数 n"</th><th scope="col">"满意度指数（95% 区间）"</th>
                            {move || groups.with(|g| g.dimensions.iter().map(|d| view! { <th scope="col">{format!("{d}指数")}</th> }).collect_view())}
                        </tr>
                    </thead>
                    <tbody>
                        {move || groups.with(|g| g.groups.iter().map(|row| {
                            let by_for_rows = by_for_rows.clone();
                            view! {
                            <tr>
                                <th scope="row">{row.label.clone()}</th>
                                <td class="num" data-testid=format!("group-n-{by_for_rows}-{}", row.id)>{row.responses}</td>
                                <td class="num">{format!("{}（{}–{}）", one(row.index.value), one(row.index.low), one(row.index.high))}</td>
                                {row.dimensions.iter().map(|e| view! { <td class="num">{one(e.value)}</td> }).collect_view()}
                            </tr>
                        }}).collect_view())}
                    </tbody>
                </table>
            </div>
        </article>
    }
}
