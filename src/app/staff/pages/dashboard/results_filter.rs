use leptos::prelude::*;

use super::context::SurveyDashboard;
use crate::app::staff::components::FilterBar;

/// The filter bar of the views that show figures, when the survey has profile questions to
/// narrow by; the filter itself is the dashboard's, so it holds across views.
#[component]
pub fn ResultsFilter() -> impl IntoView {
    let dashboard = SurveyDashboard::expect();
    let questions = dashboard.profile_questions();
    view! {
        <Show when=move || questions.with(|q| !q.is_empty())>
            <FilterBar questions filter=dashboard.filter />
        </Show>
    }
}
