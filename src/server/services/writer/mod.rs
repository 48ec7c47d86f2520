//! Group commit: one task owns the write connection and commits many responses per
//! transaction. Each submitter is answered only after the COMMIT that holds its response,
//! so an acknowledged response is durable (`synchronous=FULL`), and throughput does not
//! pay one fsync per response.
//!
//! A secret ballot is stored apart (`ballots`), so that nothing keeps when or in what order
//! it came.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use tokio::sync::{mpsc, oneshot};
use uuid::Uuid;

use crate::domain::results::codebook::EncodedResponse;
use crate::domain::schedule::{Schedule, WindowState};
use crate::domain::wire::Receipt;
use crate::domain::{Survey, SurveyStatus};

use crate::server::error::AppError;
use crate::server::http::observe;
use crate::server::services::live::{Committed, LiveResults};
use crate::server::services::store::SurveyStore;
use crate::server::storage::responses::NewRow;
use crate::server::storage::{self, now_millis, Connection, Pool};

mod ballots;

/// Most responses written in one transaction.
const MAX_BATCH: usize = 1024;
/// Rows per multi-row INSERT (6 parameters each, far below either database's limit).
const ROWS_PER_STATEMENT: usize = 128;
/// Submissions waiting for the writer; beyond this, submitters wait (back-pressure).
const QUEUE_DEPTH: usize = 8192;

/// A validated response on its way to the database.
#[derive(Debug)]
pub struct NewResponse {
    /// The submission id the browser made (a retry carries it again).
    pub id: Uuid,
    pub survey_id: String,
    /// The validated answers as JSON.
    pub answers_json: String,
    pub channel: Option<String>,
    /// SHA-256 of the normalized one-time code, for surveys that need one.
    pub code_hash: Option<Vec<u8>>,
    /// The answers compiled for counting, added to the live results after COMMIT.
    pub encoded: EncodedResponse,
    pub kind: ResponseKind,
    /// The staff account that entered it (a paper ballot): logged in the audit chain in the
    /// same transaction as the ballot.
    pub entered_by: Option<String>,
}

impl NewResponse {
    /// The row the writer inserts.
    fn row(&self) -> NewRow<'_> {
        NewRow {
            id: self.id,
            survey_id: &self.survey_id,
            answers_json: &self.answers_json,
            channel: self.channel.as_deref(),
        }
    }
}

/// How a response is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResponseKind {
    /// A questionnaire's response, under its submission id, with its arrival time.
    Response,
    /// A secret ballot, cast with a one-time code.
    Ballot,
    /// A paper ballot staff entered: capped at 实到 minus the ballots in, and only counted.
    PaperBallot,
}

/// How a submission ended.
#[derive(Debug)]
pub enum Outcome {
    /// Stored now.
    Accepted(Receipt),
    /// The same id was stored before: its first receipt, nothing new stored.
    Replayed(Receipt),
}

type Reply = oneshot::Sender<Result<Outcome, AppError>>;

/// What the writer is asked to do, in order.
enum Job {
    Submit(Box<NewResponse>, Reply),
    /// Answer once everything queued before it is committed or refused.
    Flush(oneshot::Sender<()>),
    /// Rebuild these surveys' live tables from the database, between two commits, when
    /// their counts differ: then every row this writer committed is counted already, and
    /// none is counted twice (another node's rows, `services::nodes`).
    Reconcile(Vec<Survey>, oneshot::Sender<anyhow::Result<()>>),
}

#[derive(Clone)]
pub struct WriterHandle {
    jobs: mpsc::Sender<Job>,
}

impl WriterHandle {
    /// Hand a response to the writer and wait until it is committed (or refused).
    pub async fn submit(&self, response: NewResponse) -> Result<Outcome, AppError> {
        let (reply, answer) = oneshot::channel();
        self.jobs
            .send(Job::Submit(Box::new(response), reply))
            .await
            .map_err(|_| AppError::Internal(anyhow::anyhow!("the writer has stopped")))?;
        answer
            .await
            .map_err(|_| AppError::Internal(anyhow::anyhow!("the writer dropped a job")))?
    }

    /// Rebuild the live tables of `surveys` whose counts differ from the database's, in
    /// the writer's turn (`Job::Reconcile`).
    pub async fn reconcile(&self, surveys: Vec<Survey>) -> anyhow::Result<()> {
        let (done, finished) = oneshot::channel();
        self.jobs
            .send(Job::Reconcile(surveys, done))
            .await
            .map_err(|_| anyhow::anyhow!("the writer has stopped"))?;
        finished
            .await
            .map_err(|_| anyhow::anyhow!("the writer dropped a reconcile"))?
    }

    /// Wait until every submission handed over before this call is committed or refused
    /// (closing a survey freezes its responses only after this).
    pub async fn flush(&self) -> Result<(), AppError> {
        let (done, finished) = oneshot::channel();
        self.jobs
            .send(Job::Flush(done))
            .await
            .map_err(|_| AppError::Internal(anyhow::anyhow!("the writer has stopped")))?;
        finished
            .await
            .map_err(|_| AppError::Internal(anyhow::anyhow!("the writer dropped a flush")))
    }
}

/// Start the writer task on its own connection.
pub fn spawn(
    conn: Connection,
    pool: Pool,
    surveys: Arc<SurveyStore>,
    live: Arc<LiveResults>,
) -> WriterHandle {
    let (jobs, queue) = mpsc::channel(QUEUE_DEPTH);
    tokio::spawn(run(conn, pool, queue, surveys, live));
    WriterHandle { jobs }
}

async fn run(
    mut conn: Connection,
    pool: Pool,
    mut queue: mpsc::Receiver<Job>,
    surveys: Arc<SurveyStore>,
    live: Arc<LiveResults>,
) {
    let mut jobs = Vec::with_capacity(MAX_BATCH);
    let mut batch = Vec::with_capacity(MAX_BATCH);
    let mut flushes = Vec::new();
    let mut reconciles = Vec::new();
    while queue.recv_many(&mut jobs, MAX_BATCH).await > 0 {
        for job in jobs.drain(..) {
            match job {
                Job::Submit(response, reply) => batch.push((*response, reply)),
                Job::Flush(done) => flushes.push(done),
                Job::Reconcile(surveys, done) => reconciles.push((surveys, done)),
            }
        }
        if !batch.is_empty() && !write_and_answer(&mut conn, &mut batch, &surveys, &live).await {
            storage::reconnect_if_broken(&mut conn, &pool).await;
        }
        for done in flushes.drain(..) {
            let _ = done.send(());
        }
        for (surveys, done) in reconciles.drain(..) {
            let _ = done.send(live.reconcile(&pool, &surveys).await);
        }
    }
}

/// Commit a batch, count what was accepted, answer every submitter; whether it committed.
async fn write_and_answer(
    conn: &mut Connection,
    batch: &mut Vec<(NewResponse, Reply)>,
    surveys: &SurveyStore,
    live: &LiveResults,
) -> bool {
    let began = std::time::Instant::now();
    let written = write_batch(conn, batch, surveys, live).await;
    metrics::histogram!(observe::COMMIT_SECONDS).record(began.elapsed().as_secs_f64());
    metrics::histogram!(observe::COMMIT_BATCH).record(batch.len() as f64);
    match written {
        Ok(outcomes) => {
            // Counted before anyone is answered, so a receipt's holder already finds
            // the response in the results; replays are never counted again.
            let mut committed: Vec<Committed<'_>> = batch
                .iter()
                .zip(&outcomes)
                .filter_map(|((response, _), outcome)| match outcome {
                    Ok(Stored {
                        outcome: Outcome::Accepted(_),
                        at,
                        rowid,
                    }) => Some(Committed {
                        survey_id: &response.survey_id,
                        encoded: &response.encoded,
                        received_at: *at,
                        channel: response.channel.as_deref().unwrap_or(""),
                        rowid: *rowid,
                    }),
                    _ => None,
                })
                .collect();
            // In the order of insertion, as a restart loads them (a ballot has no rowid
            // to sort by and keeps the batch's order).
            committed.sort_by_key(|c| c.rowid);
            live.record(&committed);
            for ((_, reply), outcome) in batch.drain(..).zip(outcomes) {
                let _ = reply.send(outcome.map(Stored::into_outcome));
            }
            true
        }
        Err(error) => {
            tracing::error!(
                "group commit of {} responses failed: {error:#}",
                batch.len()
            );
            for (_, reply) in batch.drain(..) {
                let _ = reply.send(Err(AppError::Internal(anyhow::anyhow!("commit failed"))));
            }
            false
        }
    }
}

/// What the writer did with one response: its outcome, and the time stored with it (the
/// live tables count it under that time) and, for a response, the rowid it was inserted
/// under (the live tables keep the order a restart loads). A ballot's is never kept.
pub(super) struct Stored {
    pub(super) outcome: Outcome,
    pub(super) at: i64,
    pub(super) rowid: Option<i64>,
}

impl Stored {
    fn into_outcome(self) -> Outcome {
        self.outcome
    }
}

pub(super) type Written = Result<Stored, AppError>;

/// Write a batch in one transaction. A per-response refusal (closed survey, spent code)
/// leaves the others alone; a database error fails the whole batch, none acknowledged.
async fn write_batch(
    conn: &mut Connection,
    batch: &[(NewResponse, Reply)],
    surveys: &SurveyStore,
    live: &LiveResults,
) -> Result<Vec<Written>, storage::Error> {
    // Turn first, then the write lock, as every appender does (`audit::turn`).
    let _append = match batch.iter().any(|(r, _)| r.entered_by.is_some()) {
        true => Some(storage::audit::turn().await),
        false => None,
    };
    let mut tx = storage::begin(conn).await?;
    storage::responses::take_insert_turn(&mut tx).await?;
    // Read in turn, so that the times follow the rowids across nodes too (snapshots need
    // the load order, `services::live`), as far as their clocks agree.
    let received_at = now_millis();
    if storage::Dialect::of_connection(&tx) == storage::Dialect::Postgres {
        adopt_stored_states(&mut tx, batch, surveys).await?;
    }
    let mut outcomes: Vec<Option<Written>> = batch.iter().map(|_| None).collect();
    // The common case, many rows per statement: an open survey, no code, an id not seen
    // earlier in this batch. What is not inserted here (a retry) goes the careful way below.
    let mut seen = HashSet::new();
    let plain: Vec<usize> = (0..batch.len())
        .filter(|&i| {
            let response = &batch[i].0;
            response.code_hash.is_none()
                && response.kind == ResponseKind::Response
                && surveys
                    .get(&response.survey_id)
                    .is_some_and(|s| s.takes_answers_at(received_at))
                && seen.insert(response.id)
        })
        .collect();
    for chunk in plain.chunks(ROWS_PER_STATEMENT) {
        let inserted = insert_rows(&mut tx, batch, chunk, received_at).await?;
        for &i in chunk {
            let response = &batch[i].0;
            if let Some(rowid) = inserted.get(&response.id) {
                outcomes[i] = Some(Ok(Stored {
                    outcome: Outcome::Accepted(receipt(response, Some(received_at))),
                    at: received_at,
                    rowid: Some(*rowid),
                }));
            }
        }
    }
    for (i, (response, _)) in batch.iter().enumerate() {
        if outcomes[i].is_none() {
            outcomes[i] = Some(match response.kind {
                ResponseKind::Response => {
                    write_one(&mut tx, response, received_at, surveys).await?
                }
                ResponseKind::Ballot | ResponseKind::PaperBallot => {
                    ballots::write_ballot(&mut tx, response, received_at, surveys).await?
                }
            });
        }
    }
    // Claimed before COMMIT, so that following the other nodes' rows never counts these,
    // which `live.record` counts once the COMMIT succeeds (`LiveResults::settle`).
    let rowids: Vec<i64> = outcomes
        .iter()
        .filter_map(|o| match o {
            Some(Ok(stored)) => stored.rowid,
            _ => None,
        })
        .collect();
    live.claim(&rowids);
    let committed = tx.commit().await;
    live.settle(&rowids, committed.is_ok());
    committed?;
    Ok(outcomes
        .into_iter()
        .map(|o| o.expect("every response has an outcome"))
        .collect())
}

/// Take the batch's surveys' status and time window from the database, under the insert
/// turn: with several nodes, another may have closed a survey this node still holds open,
/// and its close committed before this turn was given (`services::nodes`).
async fn adopt_stored_states(
    tx: &mut Connection,
    batch: &[(NewResponse, Reply)],
    surveys: &SurveyStore,
) -> Result<(), storage::Error> {
    let ids: std::collections::BTreeSet<&str> =
        batch.iter().map(|(r, _)| r.survey_id.as_str()).collect();
    let ids: Vec<&str> = ids.into_iter().collect();
    for (id, status, opens_at, closes_at) in storage::surveys::states(tx, &ids).await? {
        if let Some(status) = SurveyStatus::parse(&status) {
            surveys.adopt_state(
                &id,
                status,
                Schedule {
                    opens_at,
                    closes_at,
                },
            );
        }
    }
    Ok(())
}

/// Insert several responses in one statement; returns the ids actually inserted, with
/// their rowids.
async fn insert_rows(
    tx: &mut Connection,
    batch: &[(NewResponse, Reply)],
    rows: &[usize],
    received_at: i64,
) -> Result<HashMap<Uuid, i64>, storage::Error> {
    let rows: Vec<NewRow<'_>> = rows.iter().map(|&i| batch[i].0.row()).collect();
    storage::responses::insert_many(tx, &rows, received_at).await
}

async fn write_one(
    tx: &mut Connection,
    response: &NewResponse,
    received_at: i64,
    surveys: &SurveyStore,
) -> Result<Written, storage::Error> {
    let inserted = storage::responses::insert_one(tx, response.row(), received_at).await?;
    let Some(rowid) = inserted else {
        // A retry: answer with the first receipt, whatever happened since.
        let (survey_id, first_received_at) =
            storage::responses::first_receipt(tx, &response.id).await?;
        if survey_id != response.survey_id {
            return Ok(Err(AppError::IdConflict));
        }
        return Ok(Ok(Stored {
            outcome: Outcome::Replayed(receipt(response, Some(first_received_at))),
            at: first_received_at,
            rowid: None,
        }));
    };
    let mut refusal = refusal_at(surveys, &response.survey_id, received_at);
    if refusal.is_none() {
        if let Some(hash) = &response.code_hash {
            refusal = spend_code(tx, &response.survey_id, hash).await?.err();
        }
    }
    if let Some(refusal) = refusal {
        storage::responses::delete(tx, &response.id).await?;
        return Ok(Err(refusal));
    }
    Ok(Ok(Stored {
        outcome: Outcome::Accepted(receipt(response, Some(received_at))),
        at: received_at,
        rowid: Some(rowid),
    }))
}

/// Checked in the writer, in commit order, so nothing slips in after a survey closes.
pub(super) fn refusal_at(
    surveys: &SurveyStore,
    survey_id: &str,
    received_at: i64,
) -> Option<AppError> {
    let stored = surveys.get(survey_id);
    let open = stored
        .as_ref()
        .is_some_and(|s| s.status == SurveyStatus::Open);
    match stored.map(|s| s.schedule.state_at(received_at)) {
        _ if !open => Some(AppError::SurveyClosed),
        Some(WindowState::NotYet) => Some(AppError::SurveyNotStarted),
        Some(WindowState::Ended) => Some(AppError::SurveyEnded),
        _ => None,
    }
}

/// Spend a one-time code inside the response's transaction.
pub(super) async fn spend_code(
    tx: &mut Connection,
    survey_id: &str,
    code_hash: &[u8],
) -> Result<Result<(), AppError>, storage::Error> {
    if storage::codes::spend(tx, survey_id, code_hash).await? {
        return Ok(Ok(()));
    }
    let exists = storage::codes::state(&mut *tx, survey_id, code_hash).await?;
    Ok(Err(match exists {
        Some((1, _)) => AppError::CodeSpent,
        Some(_) => AppError::CodeRevoked,
        None => AppError::CodeUnknown,
    }))
}

pub(super) fn receipt(response: &NewResponse, received_at: Option<i64>) -> Receipt {
    Receipt {
        response_id: response.id,
        survey_id: response.survey_id.clone(),
        received_at,
        receipt_code: Receipt::code_for(&response.id),
    }
}
