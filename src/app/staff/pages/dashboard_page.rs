use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::app::common::{Loading, Session};
use crate::app::staff::api;
use crate::app::staff::components::{
    AuditTrail, BallotPanel, BreakdownSection, DashboardHeading, DimensionSection, FilterBar,
    HeadlineFigures, ProgressPanel, QuestionResults, SurveyActions, TextReview, WaveSection,
};
use crate::app::staff::live::live_version;
use crate::app::staff::load::load_into;
use crate::domain::audit::AuditEntry;
use crate::domain::results::report::ResultKind;
use crate::domain::results::{Breakdown, Filter, WaveComparison};
use crate::domain::wire::{BallotView, ResultsView, Role};
use crate::domain::{SurveyKind, SurveyStatus};

/// One survey's results for the committee: headline figures, collection progress, the
/// ballot tally, dimension ranking, breakdown by group, waves and a chart per question,
/// all narrowed by the filter and updated live as responses arrive.
#[component]
pub fn DashboardPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").unwrap_or_default());
    let version = live_version(&id.get_untracked());
    let filter = RwSignal::new(Filter::default());

    let view_data = RwSignal::new(Loading::<ResultsView>::Pending);
    load_into(view_data, move || {
        let (id, filter) = (id.get(), filter.with(Filter::to_query));
        version.track();
        async move { api::results(&id, &filter).await }
    });
    let ready = Memo::new(move |_| match view_data.get() {
        Loading::Ready(v) => Some(v),
        _ => None,
    });

    let by = RwSignal::new(String::new());
    Effect::new(move |_| {
        if by.with_untracked(String::is_empty) {
            if let Some(first) = ready.with(|r| {
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
    let figure_key = RwSignal::new(String::new());
    let groups = RwSignal::new(Loading::<Option<Breakdown>>::Pending);
    load_into(groups, move || {
        let (id, by, filter) = (id.get(), by.get(), filter.with(Filter::to_query));
        version.track();
        async move {
            if by.is_empty() {
                return Ok(None);
            }
            api::breakdown(&id, &by, &filter).await.map(Some)
        }
    });
    let waves = RwSignal::new(Loading::<WaveComparison>::Pending);
    load_into(waves, move || {
        let id = id.get();
        version.track();
        async move { api::waves(&id).await }
    });
    let ballot = RwSignal::new(Loading::<Option<BallotView>>::Pending);
    load_into(ballot, move || {
        let id = id.get();
        let is_ballot = ready.with(|r| r.as_ref().map(|v| v.kind == SurveyKind::Ballot));
        version.track();
        async move {
            match is_ballot {
                Some(true) => api::ballot(&id).await.map(Some),
                _ => Ok(None),
            }
        }
    });

    let audit = RwSignal::new(Loading::<Vec<AuditEntry>>::Pending);
    load_into(audit, move || {
        let id = id.get();
        version.track();
        async move { api::staff_audit_chain(&id).await }
    });

    let profile_questions = Signal::derive(move || {
        ready.with(|r| {
            r.as_ref()
                .map(|v| {
                    v.results
                        .questions
                        .iter()
                        .filter(|q| q.profile && q.kind == ResultKind::Choice)
                        .cloned()
                        .collect()
                })
                .unwrap_or_default()
        })
    });

    let has_ballot = Memo::new(move |_| ballot.with(|b| matches!(b, Loading::Ready(Some(_)))));
    // Built once the ballot is known, not on every tally update: its forms keep what staff
    // typed and the messages they were shown.
    let ballot_panel = move || {
        has_ballot.get().then(|| match ballot.get_untracked() {
            Loading::Ready(Some(b)) => {
                let latest = Signal::derive(move || match ballot.get() {
                    Loading::Ready(Some(b)) => b,
                    _ => b.clone(),
                });
                view! { <BallotPanel ballot=latest /> }.into_any()
            }
            _ => ().into_any(),
        })
    };
    // Which survey this is changes only with the route: the lifecycle panel (and the
    // message it shows after a step) must not be rebuilt on every live update.
    let identity = Memo::new(move |_| {
        ready.with(|r| r.as_ref().map(|v| (v.results.survey_id.clone(), v.kind)))
    });
    // Reviewing free text is for staff (a viewer only reads), on surveys that ask for it.
    let session = expect_context::<Session>();
    let can_review = Memo::new(move |_| {
        let staff = session
            .user
            .with(|u| u.as_ref().is_some_and(|u| u.role >= Role::Staff));
        staff
            && ready.with(|r| {
                r.as_ref().is_some_and(|v| {
                    v.results
                        .questions
                        .iter()
                        .any(|q| q.kind == ResultKind::Text)
                })
            })
    });
    let editable = Signal::derive(move || {
        ready.with(|r| {
            r.as_ref()
                .is_some_and(|v| v.status != SurveyStatus::Published)
        })
    });
    let is_questionnaire = move || {
        ready.with(|r| {
            r.as_ref()
                .is_some_and(|v| v.kind == SurveyKind::Questionnaire)
        })
    };
    let hourly = Signal::derive(move || {
        ready.with(|r| r.as_ref().map(|v| v.hourly.clone()).unwrap_or_default())
    });
    let target = Signal::derive(move || ready.with(|r| r.as_ref().and_then(|v| v.target)));
    let channels = Signal::derive(move || {
        ready.with(|r| r.as_ref().map(|v| v.channels.clone()).unwrap_or_default())
    });
    let entries = Signal::derive(move || match audit.get() {
        Loading::Ready(e) => e,
        _ => Vec::new(),
    });

    let status = Signal::derive(move || {
        ready.with(|r| r.as_ref().map(|v| v.status).unwrap_or(SurveyStatus::Draft))
    });
    view! {
        <section class="dashboard">
            <nav class="crumbs" aria-label="位置"><a href="/staff/">"测评结果"</a></nav>
            <DashboardHeading results=view_data />
            <SurveyActions identity status />
            <Show when=move || ready.with(Option::is_some)>
                <FilterBar questions=profile_questions filter />
                <HeadlineFigures results=ready filter />
                {ballot_panel}
                <Show when=is_questionnaire>
                    <section class="panel">
                        <h2>"回收进度"</h2>
                        <ProgressPanel hourly target channels />
                    </section>
                </Show>
                <DimensionSection results=ready />
                <BreakdownSection results=ready questions=profile_questions by figure=figure_key groups />
                <WaveSection waves />
                <Show when=move || can_review.get()>
                    <TextReview survey_id=id.get_untracked() editable />
                </Show>
                <AuditTrail entries />
                <QuestionResults results=ready />
            </Show>
        </section>
    }
}
