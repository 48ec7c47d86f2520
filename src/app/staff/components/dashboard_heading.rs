use leptos::prelude::*;

use super::ExportButtons;
use crate::app::common::Loading;
use crate::domain::wire::ResultsView;

/// The dashboard's heading: the survey's title, wave and state, and its exports; a loading
/// line or the failure until the results are in.
#[component]
pub fn DashboardHeading(
    /// The survey's results as they load.
    #[prop(into)]
    results: Signal<Loading<ResultsView>>,
) -> impl IntoView {
    move || match results.get() {
        Loading::Pending => view! {
            <p class="loading" role="status">
                "正在加载…"
            </p>
        }
        .into_any(),
        Loading::Failed(message) => view! {
            <p class="notice notice-warn" role="alert">
                {message}
            </p>
        }
        .into_any(),
        Loading::Ready(v) => view! {
            <h1 data-testid="dashboard-title">{v.results.title.clone()}</h1>
            <p class="meta">
                {v.results.wave.clone()}"年度 · "{v.status.label_zh()}
                <span class="live" title="新答卷到达时自动更新">
                    " · 实时更新"
                </span>
            </p>
            <ExportButtons survey_id=v.results.survey_id.clone() />
        }
        .into_any(),
    }
}
