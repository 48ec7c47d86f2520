use leptos::prelude::*;

use crate::domain::stats::{self, Estimate};

/// One headline figure with its interval and n, e.g. the survey index.
#[component]
pub fn FigureCard(
    /// What the figure is, e.g. 总体满意度指数.
    #[prop(into)]
    label: String,
    /// The estimate shown.
    #[prop(into)]
    estimate: Signal<Estimate>,
    /// Show as a percentage of a 0–1 share (otherwise one decimal).
    #[prop(optional)]
    percent: bool,
    /// The test id of the value.
    #[prop(into)]
    testid: String,
) -> impl IntoView {
    let format = move |v: f64| {
        if percent {
            stats::percent(v)
        } else {
            stats::one_decimal(v)
        }
    };
    view! {
        <div class="figure-card">
            <span class="figure-label">{label}</span>
            <span class="figure-value" data-testid=testid>
                {move || format(estimate.get().value)}
            </span>
            <span class="figure-note">
                {move || {
                    let e = estimate.get();
                    if e.is_empty() {
                        "尚无数据".to_string()
                    } else {
                        format!("95% 区间 {}–{} · n={}", format(e.low), format(e.high), e.n)
                    }
                }}
            </span>
        </div>
    }
}
