//! Closing surveys whose time window has ended: the same close staff make (the responses
//! frozen, the digest logged), done by the server so that a 截止时间 ends the survey.

use std::time::Duration;

use crate::domain::SurveyStatus;

use crate::server::services::jobs::Job;
use crate::server::services::store::StoredSurvey;
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
    let due = |s: &StoredSurvey| {
        s.status == SurveyStatus::Open && s.schedule.closes_at.is_some_and(|end| end <= now)
    };
    for listed in state.surveys.all() {
        // The turn only for a survey that looks due (with several nodes it is the
        // database's, taken by every node every few seconds otherwise).
        if !due(&listed) {
            continue;
        }
        let turn = state.lifecycle_turn().await?;
        // Read again in turn: staff or another node may have closed it meanwhile.
        let Some(stored) = state.surveys.get(&listed.survey.id) else {
            continue;
        };
        if due(&stored) {
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
