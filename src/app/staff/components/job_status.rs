use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::app::api::{self, ApiFailure};
use crate::domain::jobs::{JobProgress, JobState};

/// How often a running task is asked about.
const POLL_MS: u32 = 500;
/// How many times a task not yet known to the server is asked about before giving up (the
/// download or request that starts it may still be on its way).
const UNKNOWN_POLLS: u32 = 20;

/// How far a long task (an export, a close, a publication) has got, followed from its id
/// until it ends: the step, a progress bar and the count, or why it stopped.
#[component]
pub fn JobStatus(
    /// The task's id; a new id follows a new task, `None` shows nothing.
    #[prop(into)]
    job: Signal<Option<String>>,
) -> impl IntoView {
    let shown = RwSignal::new(None::<JobProgress>);
    Effect::new(move |_| {
        shown.set(None);
        if let Some(id) = job.get() {
            spawn_local(follow(id, job, shown));
        }
    });
    move || {
        shown.get().map(|progress| {
            let failed = matches!(progress.state, JobState::Failed { .. });
            let value = progress
                .fraction()
                .filter(|_| progress.state == JobState::Running)
                .map(|f| format!("{f:.3}"));
            let finished = progress.state == JobState::Finished;
            view! {
                <div class="progress" class:notice-warn=failed role="status" data-testid="job-status">
                    <Show when=move || !finished>
                        <progress max="1" value=value.clone() aria-label="任务进度"></progress>
                    </Show>
                    <span data-testid="job-summary">{progress.summary()}</span>
                </div>
            }
        })
    }
}

/// Ask about `id` until it ends, the component is gone or another task replaced it.
async fn follow(id: String, job: Signal<Option<String>>, shown: RwSignal<Option<JobProgress>>) {
    let mut unknown = 0;
    loop {
        let current = job.try_get_untracked().flatten();
        if current.as_deref() != Some(id.as_str()) {
            return;
        }
        match api::job_progress(&id).await {
            Ok(progress) => {
                let running = progress.state == JobState::Running;
                if shown.try_set(Some(progress)).is_some() || !running {
                    return;
                }
            }
            Err(ApiFailure::Refused { status: 404, .. }) if unknown < UNKNOWN_POLLS => {
                unknown += 1;
            }
            Err(_) => return,
        }
        TimeoutFuture::new(POLL_MS).await;
    }
}
