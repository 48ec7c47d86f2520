//! Closing surveys whose time window has ended: the same close staff make (the responses
//! frozen, the digest logged), done by the server so that a 截止时间 ends the survey.

use std::time::Duration;

use crate::domain::SurveyStatus;

use crate::server::services::jobs::Job;
use crate::server::storage::now_millis;
use crate::server::AppState;

/// The name the audit chain gives the server acting on the schedule.
pub use crate::domain::audit::SCHEDULE_ACTOR as ACTOR;

/// How often the server looks for ended windows.
const EVERY: Duration = Duration::from_secs(15);

/// Close every open survey whose window has ended; the ids closed.
pub async fn close_due(state: &AppState) -> anyhow::Result<Vec<String>> {
    let now = now_millis();
    let mut closed = Vec::new();
    for listed in state.surveys.all() {
        let turn = state.lifecycle_turn().await?;
        // Read again in turn: staff may have closed it meanwhile.
        let Some(stored) = state.surveys.get(&listed.survey.id) else {
            continue;
        };
        let ended = stored.schedule.closes_at.is_some_and(|end| end <= now);
        if stored.status == SurveyStatus::Open && ended {
            crate::server::services::lifecycle::close(
                state,
                &turn,
                &stored,
                ACTOR,
                &Job::unfollowed(),
            )
            .await
            .map_err(|e| anyhow::anyhow!("closing {}: {}", stored.survey.id, e.describe()))?;
            closed.push(stored.survey.id.clone());
        }
    }
    Ok(closed)
}

/// Look for ended windows every few seconds for as long as the server runs.
pub fn spawn(state: AppState) {
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(EVERY);
        loop {
            ticks.tick().await;
            match close_due(&state).await {
                Ok(closed) => {
                    for id in closed {
                        tracing::info!("survey {id} closed: its time window ended");
                    }
                }
                Err(error) => tracing::error!("scheduled close failed: {error:#}"),
            }
        }
    });
}
