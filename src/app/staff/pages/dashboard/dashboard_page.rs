use crate::app::common::components::LoadingLine;
use leptos::prelude::*;
use leptos_router::components::Outlet;
use leptos_router::hooks::use_params_map;

use super::context::SurveyDashboard;
use crate::app::staff::api;
use crate::app::staff::components::{DashboardHeading, DashboardTabs};
use crate::app::staff::live::live_version;
use crate::app::staff::resource::{last_ready, staff_resource};
use crate::domain::results::Filter;

/// One survey's dashboard: its heading and the tabs of its views (概览, 题目, 分组与对比,
/// 发放, 流程与记录), the view the address names below them.
///
/// Under a `Transition`, so the loading line shows only until the first results: a refetch
/// (every live update, every filter change) keeps the page as it is, focus and scrolling
/// included. Built anew when the route's survey changes: the router keeps the page when
/// only `:id` does, and the event stream, the filter and the text review belong to one
/// survey.
#[component]
pub fn DashboardPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").unwrap_or_default());
    view! {
        <section class="dashboard">
            <nav class="crumbs" aria-label="位置">
                <a href="/staff/">"测评结果"</a>
            </nav>
            <Transition fallback=LoadingLine>
                {move || view! { <SurveyDashboardBody id=id.get() /> }}
            </Transition>
        </section>
    }
}

/// The dashboard of survey `id`. Its results load here, once, narrowed by the filter and
/// refetched as responses arrive; every view reads them from [`SurveyDashboard`], so
/// moving between views keeps the filter and loads nothing twice.
#[component]
fn SurveyDashboardBody(
    /// The survey's id, from the route.
    id: String,
) -> impl IntoView {
    let version = live_version(&id);
    let id = Memo::new(move |_| id.clone());
    let filter = RwSignal::new(Filter::default());
    let results = staff_resource(move || {
        let (id, filter) = (id.get(), filter.with(Filter::to_query));
        version.track();
        async move { api::results(&id, &filter).await }
    });
    let ready = last_ready(results);
    let identity = Memo::new(move |_| {
        ready.with(|r| r.as_ref().map(|v| (v.results.survey_id.clone(), v.kind)))
    });
    provide_context(SurveyDashboard {
        id,
        version,
        filter,
        ready,
        identity,
    });
    // A failed refetch says so above the figures it could not update.
    let failure = move || {
        results.get().and_then(Result::err).map(|failure| {
            view! {
                <p class="notice notice-warn" role="alert">
                    {failure.message()}
                </p>
            }
        })
    };
    view! {
        {failure}
        <Show when=move || identity.with(Option::is_some)>
            <DashboardHeading />
            <DashboardTabs />
            <Outlet />
        </Show>
    }
}
