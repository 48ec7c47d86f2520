use leptos::prelude::*;

use super::context::SurveyDashboard;
use super::results_filter::ResultsFilter;
use crate::app::common::Session;
use crate::app::staff::components::{QuestionResults, TextReview};
use crate::domain::results::report::ResultKind;
use crate::domain::wire::Role;
use crate::domain::SurveyStatus;

/// 题目: a chart per question, narrowed by the filter; then, for staff on a survey that
/// asks for free text, the review that decides which texts may be published.
#[component]
pub fn QuestionsView() -> impl IntoView {
    let dashboard = SurveyDashboard::expect();
    let ready = dashboard.ready;
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
    view! {
        <ResultsFilter />
        <QuestionResults results=dashboard.results_signal() />
        <Show when=move || can_review.get()>
            <TextReview survey_id=dashboard.id.get_untracked() editable />
        </Show>
    }
}
