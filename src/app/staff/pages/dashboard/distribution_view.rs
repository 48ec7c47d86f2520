use leptos::prelude::*;

use super::context::SurveyDashboard;
use crate::app::staff::components::DistributionPanel;

/// 发放: getting the survey to people — its link and QR code, the time window, channels,
/// one-time codes.
#[component]
pub fn DistributionView() -> impl IntoView {
    let dashboard = SurveyDashboard::expect();
    let status = dashboard.status();
    move || {
        dashboard
            .identity
            .get()
            .map(|(survey_id, _)| view! { <DistributionPanel survey_id status /> })
    }
}
