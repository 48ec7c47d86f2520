//! Results kept current in memory: each survey's responses in compact form with their
//! counts maintained as the writer commits, so the results endpoint never re-reads the
//! database. Loaded once at start-up.

use std::collections::HashMap;
use std::sync::{Arc, RwLock, RwLockReadGuard};

use tokio::sync::watch;
use tokio_stream::StreamExt;

use crate::domain::answer::Answers;
use crate::domain::results::codebook::EncodedResponse;
use crate::domain::results::{Codebook, ResponseTable};
use crate::domain::Survey;
use crate::server::storage::{self, Pool};

/// One survey's table and a signal that ticks on every change.
pub struct LiveSurvey {
    /// The same codebook as the table's, outside the lock for encoding submissions.
    pub codebook: Codebook,
    table: RwLock<ResponseTable>,
    changes: watch::Sender<u64>,
}

impl LiveSurvey {
    fn new(survey: &Survey) -> Self {
        let codebook = Codebook::new(survey);
        LiveSurvey {
            table: RwLock::new(ResponseTable::new(codebook.clone())),
            codebook,
            changes: watch::channel(0).0,
        }
    }

    pub fn read(&self) -> RwLockReadGuard<'_, ResponseTable> {
        self.table.read().unwrap_or_else(|e| e.into_inner())
    }

    /// A receiver that sees the response count (and status changes) as they happen.
    pub fn subscribe(&self) -> watch::Receiver<u64> {
        self.changes.subscribe()
    }

    /// Wake every subscriber (e.g. the survey was closed).
    pub fn touch(&self) {
        self.changes.send_modify(|v| *v = v.wrapping_add(1));
    }
}

#[derive(Default)]
pub struct LiveResults {
    surveys: RwLock<HashMap<String, Arc<LiveSurvey>>>,
}

/// A committed response for the live tables.
pub struct Committed<'a> {
    pub survey_id: &'a str,
    pub encoded: &'a EncodedResponse,
    pub received_at: i64,
    pub channel: &'a str,
}

impl LiveResults {
    /// Read every stored response once, streaming (never all JSON in memory at once).
    pub async fn load(pool: &Pool, surveys: &[Survey]) -> anyhow::Result<Self> {
        let live = LiveResults::default();
        for survey in surveys {
            let entry = live.ensure(survey);
            // Filled outside the lock (no guard across awaits), then put in place.
            let mut table = ResponseTable::new(entry.codebook.clone());
            let count = storage::responses::count(pool, &survey.id).await?;
            table.reserve(count as usize);
            let mut rows = std::pin::pin!(storage::responses::for_tally(pool, &survey.id));
            while let Some(row) = rows.next().await {
                let (json, received_at, channel) = row?;
                let answers: Answers = serde_json::from_str(&json)?;
                let encoded = table.codebook.encode(&answers);
                table.push(&encoded, received_at, channel.as_deref().unwrap_or(""));
            }
            *entry.table.write().unwrap_or_else(|e| e.into_inner()) = table;
        }
        Ok(live)
    }

    /// The live entry of a survey, made empty when the survey is new.
    pub fn ensure(&self, survey: &Survey) -> Arc<LiveSurvey> {
        if let Some(found) = self.get(&survey.id) {
            return found;
        }
        let mut map = self.surveys.write().unwrap_or_else(|e| e.into_inner());
        map.entry(survey.id.clone())
            .or_insert_with(|| Arc::new(LiveSurvey::new(survey)))
            .clone()
    }

    /// Start over, empty, for a changed definition (a draft edited before any answer): the
    /// table's codebook is made from the definition.
    pub fn reset(&self, survey: &Survey) {
        let fresh = Arc::new(LiveSurvey::new(survey));
        let old = self
            .surveys
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .insert(survey.id.clone(), fresh);
        // A page watching the old entry reloads what it shows once more.
        if let Some(old) = old {
            old.touch();
        }
    }

    pub fn get(&self, survey_id: &str) -> Option<Arc<LiveSurvey>> {
        self.surveys
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .get(survey_id)
            .cloned()
    }

    /// Count responses just committed (called by the writer after COMMIT, once per
    /// response, never for a replay).
    pub fn record(&self, committed: &[Committed<'_>]) {
        let mut by_survey: HashMap<&str, Vec<&Committed<'_>>> = HashMap::new();
        for c in committed {
            by_survey.entry(c.survey_id).or_default().push(c);
        }
        for (survey_id, rows) in by_survey {
            let Some(entry) = self.get(survey_id) else {
                continue;
            };
            {
                let mut table = entry.table.write().unwrap_or_else(|e| e.into_inner());
                for c in &rows {
                    table.push(c.encoded, c.received_at, c.channel);
                }
            }
            entry.touch();
        }
    }

    pub fn responses(&self, survey_id: &str) -> u64 {
        self.get(survey_id)
            .map(|s| s.read().len() as u64)
            .unwrap_or(0)
    }
}
