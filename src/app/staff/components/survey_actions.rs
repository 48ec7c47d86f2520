use leptos::prelude::*;

use super::{DistributionPanel, LifecyclePanel};
use crate::domain::{SurveyKind, SurveyStatus};

/// What staff do with the survey: the link to edit it, its lifecycle and its distribution.
/// Built once per survey, not on every live update, so the panels keep their messages.
#[component]
pub fn SurveyActions(
    /// Which survey this is (id and kind), once known; changes only with the route.
    #[prop(into)]
    identity: Signal<Option<(String, SurveyKind)>>,
    /// The survey's lifecycle state.
    #[prop(into)]
    status: Signal<SurveyStatus>,
) -> impl IntoView {
    move || {
        identity.get().map(|(survey_id, kind)| {
            view! {
                <p class="page-actions">
                    <a href=format!("/staff/s/{survey_id}/edit") data-testid="edit-survey">"编辑问卷"</a>
                </p>
                <LifecyclePanel survey_id=survey_id.clone() kind status=status />
                <DistributionPanel survey_id status=status />
            }
        })
    }
}
