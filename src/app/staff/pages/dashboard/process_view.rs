use leptos::prelude::*;

use super::context::SurveyDashboard;
use crate::app::staff::api;
use crate::app::staff::components::{AuditTrail, LifecyclePanel};
use crate::app::staff::resource::staff_resource;

/// 流程与记录: where the survey is in its life and the next step (open, close, publish),
/// beside the log of every staff action on it, its hash chain checked here.
#[component]
pub fn ProcessView() -> impl IntoView {
    let dashboard = SurveyDashboard::expect();
    let (id, version) = (dashboard.id, dashboard.version);
    let status = dashboard.status();
    let audit = staff_resource(move || {
        let id = id.get();
        version.track();
        async move { api::staff_audit_chain(&id).await }
    });
    let entries = Signal::derive(move || match audit.get() {
        Some(Ok(entries)) => entries,
        _ => Vec::new(),
    });
    view! {
        <div class="view-columns">
            <div>
                {move || {
                    dashboard
                        .identity
                        .get()
                        .map(|(survey_id, kind)| view! { <LifecyclePanel survey_id kind status /> })
                }}
            </div>
            <div>
                <AuditTrail entries />
            </div>
        </div>
    }
}
