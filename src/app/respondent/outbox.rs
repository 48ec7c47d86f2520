//! The outbox: every submission goes here first (saved locally), then to the server. When
//! the network is down it is retried with backoff, and at once when the browser says it is
//! back online. The response id makes every retry safe.

use gloo_timers::callback::Timeout;
use leptos::prelude::*;
use leptos::task::spawn_local;
use uuid::Uuid;

use super::api;
use super::storage::{self, OutboxEntry, Refusal};
use crate::app::common::api::ApiFailure;
use crate::domain::wire::{Receipt, Submission};

const FIRST_RETRY_MS: f64 = 2_000.0;
const LONGEST_RETRY_MS: f64 = 60_000.0;

/// Where a submission stands, for the receipt page.
#[derive(Debug, Clone, PartialEq)]
pub enum Delivery {
    Waiting { attempts: u32 },
    Delivered(Receipt),
    Refused(Refusal),
    Unknown,
}

#[derive(Clone, Copy)]
pub struct Outbox {
    entries: RwSignal<Vec<OutboxEntry>>,
    receipts: RwSignal<Vec<Receipt>>,
    refusals: RwSignal<Vec<Refusal>>,
    sending: RwSignal<bool>,
    /// The one pending retry timer; replacing it cancels the old one.
    timer: StoredValue<Option<Timeout>, LocalStorage>,
}

impl Outbox {
    pub fn load() -> Self {
        Outbox {
            entries: RwSignal::new(storage::load_outbox()),
            receipts: RwSignal::new(storage::load_receipts()),
            refusals: RwSignal::new(storage::load_refusals()),
            sending: RwSignal::new(false),
            timer: StoredValue::new_local(None),
        }
    }

    /// Deliver what an earlier visit left behind, and retry at once when back online.
    pub fn start(self) {
        let _ = window_event_listener(leptos::ev::online, move |_| self.retry_now());
        self.kick();
    }

    /// Queue a submission (saved before any network use) and try to send it. A `secret`
    /// ballot's code and marks are forgotten as soon as the server has answered.
    pub fn enqueue(self, survey_id: String, submission: Submission, secret: bool) {
        let id = submission.id;
        self.refusals
            .update(|r| r.retain(|x| x.submission.id != id));
        storage::save_refusals(&self.refusals.get_untracked());
        self.entries.update(|entries| {
            entries.retain(|e| e.submission.id != id);
            entries.push(OutboxEntry {
                survey_id,
                submission,
                attempts: 0,
                next_attempt_at: 0.0,
                secret,
            });
        });
        storage::save_outbox(&self.entries.get_untracked());
        self.kick();
    }

    /// How many submissions wait for the network.
    pub fn waiting(self) -> Signal<usize> {
        Signal::derive(move || self.entries.with(|e| e.len()))
    }

    /// Where the submission with this id stands (reactive).
    pub fn delivery(self, id: Uuid) -> Delivery {
        if let Some(receipt) = self
            .receipts
            .with(|r| r.iter().find(|r| r.response_id == id).cloned())
        {
            return Delivery::Delivered(receipt);
        }
        if let Some(entry) = self
            .entries
            .with(|e| e.iter().find(|e| e.submission.id == id).cloned())
        {
            return Delivery::Waiting {
                attempts: entry.attempts,
            };
        }
        if let Some(refusal) = self
            .refusals
            .with(|r| r.iter().find(|r| r.submission.id == id).cloned())
        {
            return Delivery::Refused(refusal);
        }
        Delivery::Unknown
    }

    /// Forget a refusal once the respondent has taken the answers back to correct them.
    pub fn take_refusal(self, id: Uuid) -> Option<Refusal> {
        let refusal = self
            .refusals
            .with_untracked(|r| r.iter().find(|r| r.submission.id == id).cloned());
        self.refusals
            .update(|r| r.retain(|x| x.submission.id != id));
        storage::save_refusals(&self.refusals.get_untracked());
        refusal
    }

    fn retry_now(self) {
        self.entries
            .update(|entries| entries.iter_mut().for_each(|e| e.next_attempt_at = 0.0));
        self.kick();
    }

    fn kick(self) {
        if self.sending.get_untracked() || self.entries.with_untracked(|e| e.is_empty()) {
            return;
        }
        self.sending.set(true);
        // A task, not an Action: a delivery loop that outlives any page and is started
        // again by a timer and by the browser coming back online.
        spawn_local(async move {
            self.deliver_due().await;
            self.sending.set(false);
            self.schedule_next();
        });
    }

    async fn deliver_due(self) {
        loop {
            let now = js_sys::Date::now();
            let due = self
                .entries
                .with_untracked(|e| e.iter().find(|e| e.next_attempt_at <= now).cloned());
            let Some(entry) = due else { break };
            let id = entry.submission.id;
            match api::submit(&entry.survey_id, &entry.submission, entry.secret).await {
                Ok(receipt) => {
                    self.remove(id);
                    self.receipts.update(|r| r.push(receipt));
                    storage::save_receipts(&self.receipts.get_untracked());
                }
                Err(ApiFailure::Refused { error, .. }) => {
                    self.remove(id);
                    let mut submission = entry.submission;
                    if entry.secret {
                        // Kept, a refused ballot's marks and code would tell anyone holding
                        // the phone how its owner voted: the member fills it in again.
                        submission.answers.clear();
                        submission.code = None;
                    }
                    let refusal = Refusal {
                        survey_id: entry.survey_id,
                        submission,
                        error,
                        secret: entry.secret,
                    };
                    self.refusals.update(|r| r.push(refusal));
                    storage::save_refusals(&self.refusals.get_untracked());
                }
                Err(ApiFailure::Retryable(_)) => {
                    let attempts = entry.attempts + 1;
                    let wait =
                        (FIRST_RETRY_MS * 2f64.powi(attempts as i32 - 1)).min(LONGEST_RETRY_MS);
                    self.entries.update(|entries| {
                        if let Some(e) = entries.iter_mut().find(|e| e.submission.id == id) {
                            e.attempts = attempts;
                            e.next_attempt_at = js_sys::Date::now() + wait;
                        }
                    });
                    storage::save_outbox(&self.entries.get_untracked());
                }
            }
        }
    }

    fn remove(self, id: Uuid) {
        self.entries
            .update(|entries| entries.retain(|e| e.submission.id != id));
        storage::save_outbox(&self.entries.get_untracked());
    }

    fn schedule_next(self) {
        let next = self
            .entries
            .with_untracked(|e| e.iter().map(|e| e.next_attempt_at).reduce(f64::min));
        if let Some(at) = next {
            let delay = (at - js_sys::Date::now()).clamp(0.0, LONGEST_RETRY_MS) as u32;
            self.timer
                .set_value(Some(Timeout::new(delay, move || self.kick())));
        }
    }
}
