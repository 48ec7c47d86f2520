use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::app::common::{session_ended, Session};
use crate::app::staff::api;
use crate::domain::jobs::{JobProgress, JobState};

/// How often a running task is asked about.
const POLL_MS: u32 = 500;
/// How many times in a row an answer may be missing before the page stops asking: the
/// task may not be known yet (its request is on its way) or the network may blink.
const MISSED_POLLS: u32 = 20;

/// How far a long task (an export, a close, a publication) has got, followed from its id
/// until it ends: the step, a progress bar and the count, or why it stopped.
#[component]
pub fn JobStatus(
    /// The task's id; a new id follows a new task, `None` shows nothing.
    #[prop(into)]
    job: Signal<Option<String>>,
) -> impl IntoView {
    let shown = RwSignal::new(None::<JobProgress>);
    let lost = RwSignal::new(false);
    let session = use_context::<Session>();
    Effect::new(move |_| {
        shown.set(None);
        lost.set(false);
        if let Some(id) = job.get() {
            // A polling loop that lives as long as the task, not a load or a submission.
            spawn_local(follow(id, job, shown, lost, session));
        }
    });
    let lost_note = move || {
        lost.get().then(|| {
            view! {
                <p class="notice notice-warn" role="status" data-testid="job-lost">
                    "暂时无法获取进度；任务仍在服务器上进行，请稍后刷新页面查看结果"
                </p>
            }
        })
    };
    let bar = move || {
        shown.get().map(|progress| {
            let failed = matches!(progress.state, JobState::Failed { .. });
            let value = progress
                .fraction()
                .filter(|_| progress.state == JobState::Running)
                .map(|f| format!("{f:.3}"));
            let finished = progress.state == JobState::Finished;
            view! {
                <div
                    class="progress"
                    class:notice-warn=failed
                    role="status"
                    data-testid="job-status"
                >
                    <Show when=move || !finished>
                        <progress max="1" value=value.clone() aria-label="任务进度"></progress>
                    </Show>
                    <span data-testid="job-summary">{progress.summary()}</span>
                </div>
            }
        })
    };
    view! {
        {bar}
        {lost_note}
    }
}

/// Ask about `id` until it ends, the component is gone or another task replaced it. A 401
/// shows the sign-in page; other failures are retried a while, then said.
async fn follow(
    id: String,
    job: Signal<Option<String>>,
    shown: RwSignal<Option<JobProgress>>,
    lost: RwSignal<bool>,
    session: Option<Session>,
) {
    let mut missed = 0;
    loop {
        let current = job.try_get_untracked().flatten();
        if current.as_deref() != Some(id.as_str()) {
            return;
        }
        match api::job_progress(&id).await {
            Ok(progress) => {
                missed = 0;
                let running = progress.state == JobState::Running;
                if shown.try_set(Some(progress)).is_some() || !running {
                    return;
                }
            }
            Err(failure) if session_ended(session, &failure) => return,
            Err(_) if missed < MISSED_POLLS => missed += 1,
            Err(_) => {
                lost.try_set(true);
                return;
            }
        }
        TimeoutFuture::new(POLL_MS).await;
    }
}
