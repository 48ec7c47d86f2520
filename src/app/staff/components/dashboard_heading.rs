use leptos::prelude::*;

use super::ExportButtons;
use crate::app::staff::pages::SurveyDashboard;

/// The dashboard's heading, above every view: the survey's title, wave and state, the link
/// to edit it, and its exports (built once per survey, so a download's progress survives
/// live updates).
#[component]
pub fn DashboardHeading() -> impl IntoView {
    let dashboard = SurveyDashboard::expect();
    let ready = dashboard.ready;
    let title = move || ready.with(|r| r.as_ref().map(|v| v.results.title.clone()));
    let meta = move || {
        ready.with(|r| {
            r.as_ref()
                .map(|v| format!("{}年度 · {}", v.results.wave, v.status.label_zh()))
        })
    };
    view! {
        <h1 data-testid="dashboard-title">{title}</h1>
        <p class="meta">
            {meta} <span class="live" title="新答卷到达时自动更新">
                " · 实时更新"
            </span>
        </p>
        {move || {
            dashboard
                .identity
                .get()
                .map(|(survey_id, _)| {
                    view! {
                        <div class="heading-actions">
                            <a href=format!("/staff/s/{survey_id}/edit") data-testid="edit-survey">
                                "编辑问卷"
                            </a>
                            <ExportButtons survey_id />
                        </div>
                    }
                })
        }}
    }
}
