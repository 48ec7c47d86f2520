//! What every view of one survey's dashboard reads, loaded once by [`super::DashboardPage`]
//! and kept while staff move between the views: the results (narrowed by the filter and
//! refetched on every live update), the filter itself, and the live-update counter.

use leptos::prelude::*;

use crate::domain::results::report::ResultKind;
use crate::domain::results::{Filter, QuestionResult};
use crate::domain::wire::ResultsView;
use crate::domain::{SurveyKind, SurveyStatus};

/// The views of a survey's dashboard, one per task, each its own address under
/// `/staff/s/{id}/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DashboardView {
    /// 概览: the headline figures, progress or the ballot, the dimension ranking.
    Overview,
    /// 题目: a chart per question, free-text review.
    Questions,
    /// 分组与对比: breakdown by a profile question, waves compared.
    Groups,
    /// 发放: links, QR codes, channels, the time window, one-time codes.
    Distribution,
    /// 流程与记录: open, close, publish; the audit chain.
    Process,
}

impl DashboardView {
    pub const ALL: [DashboardView; 5] = [
        DashboardView::Overview,
        DashboardView::Questions,
        DashboardView::Groups,
        DashboardView::Distribution,
        DashboardView::Process,
    ];

    /// The view's name, its last path segment (the overview is at the survey's own address).
    pub fn name(self) -> &'static str {
        match self {
            DashboardView::Overview => "overview",
            DashboardView::Questions => "questions",
            DashboardView::Groups => "groups",
            DashboardView::Distribution => "distribution",
            DashboardView::Process => "process",
        }
    }

    /// The tab's label.
    pub fn label_zh(self) -> &'static str {
        match self {
            DashboardView::Overview => "概览",
            DashboardView::Questions => "题目",
            DashboardView::Groups => "分组与对比",
            DashboardView::Distribution => "发放",
            DashboardView::Process => "流程与记录",
        }
    }

    /// The view's address for survey `id`.
    pub fn href(self, id: &str) -> String {
        match self {
            DashboardView::Overview => format!("/staff/s/{id}"),
            view => format!("/staff/s/{id}/{}", view.name()),
        }
    }

    /// Whether a survey of `kind` has this view: a secret ballot has no profile to break
    /// down by (its rounds are in its overview).
    pub fn applies_to(self, kind: SurveyKind) -> bool {
        !(kind == SurveyKind::Ballot && self == DashboardView::Groups)
    }
}

/// One survey's dashboard, shared by its views through context.
#[derive(Clone, Copy)]
pub struct SurveyDashboard {
    /// The survey's id, from the route.
    pub id: Memo<String>,
    /// Ticks when responses arrive or the survey changes state.
    pub version: ReadSignal<u64>,
    /// What the figures are narrowed to; kept across views.
    pub filter: RwSignal<Filter>,
    /// The last results that loaded, kept through a failed refetch.
    pub ready: Memo<Option<ResultsView>>,
    /// Which survey this is (id and kind): changes only with the route, so panels built
    /// from it keep what staff typed and the messages they were shown.
    pub identity: Memo<Option<(String, SurveyKind)>>,
}

impl SurveyDashboard {
    /// The dashboard of the current route's survey, provided by the page.
    pub fn expect() -> Self {
        expect_context::<SurveyDashboard>()
    }

    /// The survey's lifecycle state (a draft until the results say otherwise).
    pub fn status(self) -> Signal<SurveyStatus> {
        let ready = self.ready;
        Signal::derive(move || {
            ready.with(|r| r.as_ref().map(|v| v.status).unwrap_or(SurveyStatus::Draft))
        })
    }

    /// The single-choice profile questions, which the filter and the breakdown use.
    pub fn profile_questions(self) -> Signal<Vec<QuestionResult>> {
        let ready = self.ready;
        Signal::derive(move || {
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
        })
    }

    /// The results, for components that take them as a signal.
    pub fn results_signal(self) -> Signal<Option<ResultsView>> {
        self.ready.into()
    }
}
