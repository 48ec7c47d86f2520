use leptos::prelude::*;

use super::JobStatus;
use crate::app::common::dialog::confirm;
use crate::app::common::ids::new_job_id;
use crate::app::common::{watch_session, Session};
use crate::app::staff::api;
use crate::domain::wire::StatusChange;
use crate::domain::{SurveyKind, SurveyStatus};

/// Where a survey is in its life (草稿 → 进行中 → 已结束 → 已公布) and the next step:
/// open, close (which freezes the responses) or publish. A ballot opens and closes in its
/// own panel, in the meeting.
#[component]
pub fn LifecyclePanel(
    /// The survey's id.
    #[prop(into)]
    survey_id: String,
    /// Questionnaire or ballot.
    kind: SurveyKind,
    /// Its current state.
    #[prop(into)]
    status: Signal<SurveyStatus>,
) -> impl IntoView {
    let session = use_context::<Session>();
    let id = StoredValue::new(survey_id.clone());
    // The state to move to and the task's id; the outcome is what was done (a close's or a
    // publication's digest) or the problem.
    let step = Action::new_local(move |(to, job_id): &(SurveyStatus, String)| {
        let (change, job_id) = (StatusChange { status: *to }, job_id.clone());
        async move {
            let changed = api::set_status(&id.get_value(), &change, Some(&job_id)).await;
            match watch_session(session, changed) {
                Ok(changed) => Ok(match (changed.status, changed.digest) {
                    (SurveyStatus::Closed, Some(d)) => Some(format!(
                        "已结束，冻结答卷 {} 份，摘要 SHA-256：{d}",
                        changed.responses.unwrap_or(0)
                    )),
                    (SurveyStatus::Published, Some(d)) => Some(format!(
                        "已公布，公开数据 {} 份，数据文件摘要 SHA-256：{d}",
                        changed.responses.unwrap_or(0)
                    )),
                    _ => None,
                }),
                Err(failure) => Err(failure.message()),
            }
        }
    });
    let busy = step.pending();
    // Closing and publishing a large survey take a while: the page follows them.
    let job = Signal::derive(move || step.input().get().map(|(_, job)| job));
    // The last step's outcome, not while the next one runs.
    let outcome = move || (!busy.get()).then(|| step.value().get()).flatten();
    let done = move || outcome().and_then(Result::ok).flatten();
    let problem = move || outcome().and_then(Result::err);
    let change = move |to: SurveyStatus, question: &'static str| {
        if confirm(question) {
            step.dispatch_local((to, new_job_id()));
        }
    };
    let questionnaire = kind == SurveyKind::Questionnaire;
    view! {
        <section class="panel" aria-labelledby="lifecycle-heading" data-testid="lifecycle">
            <h2 id="lifecycle-heading">"测评流程"</h2>
            <ol class="steps">
                {[
                    SurveyStatus::Draft,
                    SurveyStatus::Open,
                    SurveyStatus::Closed,
                    SurveyStatus::Published,
                ]
                    .into_iter()
                    .map(|step| {
                        view! {
                            <li
                                class:current=move || status.get() == step
                                aria-current=move || (status.get() == step).then_some("step")
                            >
                                {step.label_zh()}
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
            <div class="actions">
                <Show when=move || {
                    questionnaire && status.get().can_become(SurveyStatus::Open, kind)
                }>
                    <button
                        type="button"
                        data-testid="open-survey"
                        disabled=move || busy.get()
                        on:click=move |_| change(
                            SurveyStatus::Open,
                            "确定开放测评、开始接收答卷吗？",
                        )
                    >
                        "开放测评"
                    </button>
                </Show>
                <Show when=move || {
                    questionnaire && status.get().can_become(SurveyStatus::Closed, kind)
                }>
                    <button
                        type="button"
                        data-testid="close-survey"
                        disabled=move || busy.get()
                        on:click=move |_| change(
                            SurveyStatus::Closed,
                            "确定结束测评吗？结束后不再接收答卷，全部答卷将被冻结并记录摘要。",
                        )
                    >
                        "结束测评"
                    </button>
                </Show>
                <Show when=move || status.get().can_become(SurveyStatus::Published, kind)>
                    <button
                        type="button"
                        class="primary"
                        data-testid="publish-survey"
                        disabled=move || busy.get()
                        on:click=move |_| change(
                            SurveyStatus::Published,
                            "确定公布结果吗？公布后结果和数据将向社会公开，不能撤回。",
                        )
                    >
                        "公布结果"
                    </button>
                </Show>
                <Show when=move || status.get() == SurveyStatus::Published>
                    <a
                        class="button"
                        href=format!("/results/{survey_id}")
                        rel="external"
                        data-testid="public-link"
                    >
                        "查看公开结果页"
                    </a>
                </Show>
            </div>
            <JobStatus job=job />
            {move || {
                done()
                    .map(|d| {
                        view! {
                            <p class="notice" role="status" data-testid="lifecycle-done">
                                {d}
                            </p>
                        }
                    })
            }}
            {move || {
                problem()
                    .map(|p| {
                        view! {
                            <p class="notice notice-warn" role="alert">
                                {p}
                            </p>
                        }
                    })
            }}
        </section>
    }
}
