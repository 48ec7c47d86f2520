//! Local storage: the draft of each survey, the outbox, receipts. Everything here survives a
//! reload, a crash or a flat battery.

use gloo_storage::{LocalStorage, Storage};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::app::common::json;

use crate::domain::wire::{ApiError, Receipt, Submission};
use crate::domain::Answers;

/// What the respondent has filled in so far.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    /// Fixed when the respondent starts, so every retry of the submission carries it.
    pub response_id: Uuid,
    pub answers: Answers,
    pub section: usize,
    #[serde(default)]
    pub code: String,
}

/// A submission waiting for the network.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutboxEntry {
    pub survey_id: String,
    pub submission: Submission,
    pub attempts: u32,
    /// Milliseconds since the epoch; not before this.
    pub next_attempt_at: f64,
    /// A secret ballot: once accepted or refused, the device keeps neither its code nor its
    /// marks.
    #[serde(default)]
    pub secret: bool,
}

/// A submission the server refused, kept so the respondent can correct it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Refusal {
    pub survey_id: String,
    /// For a secret ballot, without its code and marks.
    pub submission: Submission,
    pub error: ApiError,
    #[serde(default)]
    pub secret: bool,
}

const OUTBOX: &str = "manyi:outbox";
const RECEIPTS: &str = "manyi:receipts";
const REFUSALS: &str = "manyi:refusals";
/// Receipts kept on the device.
const KEEP_RECEIPTS: usize = 50;

fn draft_key(survey_id: &str) -> String {
    format!("manyi:draft:{survey_id}")
}

pub fn load_draft(survey_id: &str) -> Option<Draft> {
    json::stored(&draft_key(survey_id))
}

pub fn save_draft(survey_id: &str, draft: &Draft) {
    let _ = json::store(&draft_key(survey_id), draft);
}

pub fn clear_draft(survey_id: &str) {
    LocalStorage::delete(draft_key(survey_id));
}

pub fn load_outbox() -> Vec<OutboxEntry> {
    json::stored(OUTBOX).unwrap_or_default()
}

pub fn save_outbox(entries: &[OutboxEntry]) {
    let _ = json::store(OUTBOX, entries);
}

pub fn load_receipts() -> Vec<Receipt> {
    json::stored(RECEIPTS).unwrap_or_default()
}

pub fn save_receipts(receipts: &[Receipt]) {
    let start = receipts.len().saturating_sub(KEEP_RECEIPTS);
    let _ = json::store(RECEIPTS, &receipts[start..]);
}

pub fn load_refusals() -> Vec<Refusal> {
    json::stored(REFUSALS).unwrap_or_default()
}

pub fn save_refusals(refusals: &[Refusal]) {
    let _ = json::store(REFUSALS, refusals);
}
