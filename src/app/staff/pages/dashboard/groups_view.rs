use leptos::prelude::*;

use super::context::{DashboardView, SurveyDashboard};
use super::results_filter::ResultsFilter;
use crate::app::staff::api;
use crate::app::staff::components::{BreakdownSection, WaveSection};
use crate::app::staff::resource::{loading_of, staff_resource};
use crate::domain::results::Filter;

/// 分组与对比: the figures by group of a profile question (the first one until staff choose),
/// and this wave against the earlier ones, side by side on a wide screen.
#[component]
pub fn GroupsView() -> impl IntoView {
    let dashboard = SurveyDashboard::expect();
    let (id, version, filter) = (dashboard.id, dashboard.version, dashboard.filter);
    let questions = dashboard.profile_questions();
    let by = RwSignal::new(String::new());
    Effect::new(move |_| {
        if by.with_untracked(String::is_empty) {
            if let Some(first) = dashboard.ready.with(|r| {
                r.as_ref().and_then(|v| {
                    v.results
                        .questions
                        .iter()
                        .find(|q| q.profile)
                        .map(|q| q.id.clone())
                })
            }) {
                by.set(first);
            }
        }
    });
    // Which index the breakdown compares: "" (the survey's), `dimension:NAME` or `item:ID`.
    let figure = RwSignal::new(String::new());
    let groups = staff_resource(move || {
        let (id, by, filter) = (id.get(), by.get(), filter.with(Filter::to_query));
        version.track();
        async move {
            if by.is_empty() {
                return Ok(None);
            }
            api::breakdown(&id, &by, &filter).await.map(Some)
        }
    });
    let waves = staff_resource(move || {
        let id = id.get();
        version.track();
        async move { api::waves(&id).await }
    });
    // A secret ballot has no profile (its tab is not shown; this is its address typed in).
    let is_ballot = move || {
        dashboard.identity.with(|i| {
            i.as_ref()
                .is_some_and(|(_, kind)| !DashboardView::Groups.applies_to(*kind))
        })
    };
    let not_for_ballots = || {
        view! { <p class="notice">"无记名测评不分组：各轮次的结果见概览。"</p> }
    };
    view! {
        <Show when=move || !is_ballot() fallback=not_for_ballots>
            <ResultsFilter />
            <div class="view-columns">
                <div>
                    <BreakdownSection
                        results=dashboard.results_signal()
                        questions
                        by
                        figure
                        groups=loading_of(groups)
                    />
                </div>
                <div>
                    <WaveSection waves=loading_of(waves) />
                </div>
            </div>
        </Show>
    }
}
