//! Several nodes on one PostgreSQL behave as one Manyi (docs/scale.md). Each node keeps the
//! surveys and live tables in memory, as one node does; here each follows what the others
//! write, and the changes that must happen once take a turn in the database.
//!
//! - Responses other nodes commit are read in rowid order, which is commit order (the
//!   insert turn, `storage::responses::take_insert_turn`), and counted, except those this
//!   node's writer counts itself (`LiveResults::claim`).
//! - A secret ballot's rows are not in that order (their rowids are random, below zero):
//!   a ballot table whose count differs from the database's is rebuilt from it.
//! - Surveys another node created, edited, opened, closed or published are taken in.
//! - Status changes take the lifecycle turn, local and then the database's, and read the
//!   surveys again inside it.
//!
//! On SQLite (one node) none of this runs and [`LifecycleTurn`] is the local turn only.

use std::time::Duration;

use tokio::sync::MutexGuard;

use crate::domain::{SurveyKind, SurveyStatus};

use crate::server::services::live::LiveResults;
use crate::server::services::store::{self, Adopted, SurveyStore};
use crate::server::storage::{self, Dialect, Pool, Transaction};
use crate::server::AppState;

/// How often a node reads what the others wrote: the live results of every node include
/// every node's responses within about this.
pub const FOLLOW_EVERY: Duration = Duration::from_millis(200);
/// Rows read per query while catching up.
const FOLLOW_BATCH: i64 = 5_000;
/// How far back survey changes are read again, for nodes whose clocks differ (kept within
/// this by NTP) and commits slow to show (taking a change in twice changes nothing).
const CLOCK_SLACK_MS: i64 = 60_000;

/// The right to change a survey's status, its window or what depends on them: this
/// node's turn, and on PostgreSQL the database's, held until dropped (the transaction
/// that holds it rolls back and the lock goes with it).
pub struct LifecycleTurn<'a> {
    _local: MutexGuard<'a, ()>,
    /// In a mutex only so the turn may be shared (`&Turn` crosses `.await`s in spawned
    /// tasks); never locked.
    _cluster: std::sync::Mutex<Option<Transaction<'static>>>,
}

impl AppState {
    /// Take the lifecycle turn; on PostgreSQL the surveys are then read again, so the
    /// change starts from what another node may have just done.
    pub async fn lifecycle_turn(&self) -> Result<LifecycleTurn<'_>, storage::Error> {
        let local = self.lifecycle.lock().await;
        let cluster = storage::surveys::lifecycle_turn(&self.pool).await?;
        if cluster.is_some() {
            if let Err(error) = adopt_surveys(self, 0).await {
                tracing::warn!("reading the surveys again failed: {error:#}");
            }
        }
        Ok(LifecycleTurn {
            _local: local,
            _cluster: std::sync::Mutex::new(cluster),
        })
    }
}

/// Load the live tables on PostgreSQL under the insert turn, so no node commits while they
/// are read, and follow from the largest rowid they hold.
pub async fn load_live(pool: &Pool, surveys: &SurveyStore) -> anyhow::Result<LiveResults> {
    let definitions: Vec<_> = surveys.all().iter().map(|s| s.survey.clone()).collect();
    if Dialect::of(pool) == Dialect::Sqlite {
        return LiveResults::load(pool, &definitions).await;
    }
    let mut turn = pool.begin().await?;
    storage::responses::take_insert_turn(&mut turn).await?;
    let up_to = storage::responses::largest_rowid(&mut *turn).await?;
    let live = LiveResults::load(pool, &definitions).await?;
    turn.rollback().await?;
    live.follow_from(up_to);
    Ok(live)
}

/// Follow the other nodes until the server stops (PostgreSQL only).
pub fn spawn_following(state: AppState) {
    if Dialect::of(&state.pool) != Dialect::Postgres {
        return;
    }
    let mut stopping = state.stopping.subscribe();
    tokio::spawn(async move {
        let mut since = 0;
        let mut ticks = tokio::time::interval(FOLLOW_EVERY);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                _ = ticks.tick() => {}
                _ = stopping.changed() => return,
            }
            match follow_once(&state, since).await {
                Ok(latest) => since = latest,
                Err(error) => tracing::warn!("following the other nodes: {error:#}"),
            }
        }
    });
}

/// One round: surveys written since `since` (ms), then responses, then ballots; the time
/// of the latest survey write seen.
pub async fn follow_once(state: &AppState, since: i64) -> anyhow::Result<i64> {
    let latest = adopt_surveys(state, since).await?;
    let live = &state.live;
    loop {
        let rows =
            storage::responses::after_rowid(&state.pool, live.followed_up_to(), FOLLOW_BATCH)
                .await?;
        if rows.is_empty() || !live.record_followed(&rows)? || (rows.len() as i64) < FOLLOW_BATCH {
            break;
        }
    }
    // An open ballot's votes, from any node (a closed ballot's were taken in as it closed).
    let ballots: Vec<_> = state
        .surveys
        .all()
        .iter()
        .filter(|s| s.survey.kind == SurveyKind::Ballot && s.status == SurveyStatus::Open)
        .map(|s| s.survey.clone())
        .collect();
    if !ballots.is_empty() {
        state.writer.reconcile(ballots).await?;
    }
    Ok(latest)
}

/// Take in the surveys written since `since` (ms, less some slack); the latest write seen.
async fn adopt_surveys(state: &AppState, since: i64) -> anyhow::Result<i64> {
    let (rows, latest) =
        storage::surveys::changed_since(&state.pool, since - CLOCK_SLACK_MS).await?;
    let mut redefined = Vec::new();
    for row in rows {
        let (survey, status, schedule) = store::parse_row(row)?;
        match state.surveys.adopt(survey.clone(), status, schedule) {
            Adopted::Unchanged => {}
            // A ballot another node closed: its last votes.
            Adopted::State if survey.kind == SurveyKind::Ballot => redefined.push(survey),
            Adopted::State => state.live.ensure(&survey).touch(),
            Adopted::Definition => {
                state.live.reset(&survey);
                redefined.push(survey);
            }
        }
    }
    if !redefined.is_empty() {
        state.writer.reconcile(redefined).await?;
    }
    Ok(latest.max(since))
}
