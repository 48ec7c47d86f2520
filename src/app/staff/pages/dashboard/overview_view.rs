use leptos::prelude::*;

use super::context::SurveyDashboard;
use super::results_filter::ResultsFilter;
use crate::app::staff::api;
use crate::app::staff::components::{
    BallotPanel, DimensionSection, HeadlineFigures, ProgressPanel,
};
use crate::app::staff::resource::{last_ready, staff_resource};
use crate::domain::SurveyKind;

/// 概览: the headline figures, then beside each other the collection progress (or, for a
/// secret ballot, its panel: attendance, voting, the tally) and the dimension ranking.
#[component]
pub fn OverviewView() -> impl IntoView {
    let dashboard = SurveyDashboard::expect();
    let ready = dashboard.ready;
    let kind = Memo::new(move |_| dashboard.identity.with(|i| i.as_ref().map(|(_, k)| *k)));
    let hourly = Signal::derive(move || {
        ready.with(|r| r.as_ref().map(|v| v.hourly.clone()).unwrap_or_default())
    });
    let channels = Signal::derive(move || {
        ready.with(|r| r.as_ref().map(|v| v.channels.clone()).unwrap_or_default())
    });
    let target = Signal::derive(move || ready.with(|r| r.as_ref().and_then(|v| v.target)));
    view! {
        <ResultsFilter />
        <HeadlineFigures results=dashboard.results_signal() filter=dashboard.filter />
        <div class="view-columns">
            <div>
                {move || match kind.get() {
                    Some(SurveyKind::Ballot) => view! { <BallotOverview /> }.into_any(),
                    Some(SurveyKind::Questionnaire) => {
                        view! {
                            <section class="panel">
                                <h2>"回收进度"</h2>
                                <ProgressPanel hourly target channels />
                            </section>
                        }
                            .into_any()
                    }
                    None => ().into_any(),
                }}
            </div>
            <div>
                <DimensionSection results=dashboard.results_signal() />
            </div>
        </div>
    }
}

/// A secret ballot's panel, fed by the ballot's own figures (only its count while voting is
/// open). Built once the ballot first loads, not on every tally update: its forms keep what
/// staff typed and the messages they were shown.
#[component]
fn BallotOverview() -> impl IntoView {
    let dashboard = SurveyDashboard::expect();
    let (id, version) = (dashboard.id, dashboard.version);
    let ballot = staff_resource(move || {
        let id = id.get();
        version.track();
        async move { api::ballot(&id).await }
    });
    let latest = last_ready(ballot);
    let loaded = Memo::new(move |_| latest.with(Option::is_some));
    move || {
        loaded.get().then(|| {
            let first = latest.get_untracked().expect("loaded");
            let current = Signal::derive(move || latest.get().unwrap_or_else(|| first.clone()));
            view! { <BallotPanel ballot=current /> }
        })
    }
}
