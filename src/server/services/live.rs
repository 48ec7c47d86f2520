//! Results kept current in memory: each survey's responses in compact form with their
//! counts maintained as the writer commits, so the results endpoint never re-reads the
//! database. Loaded once at start-up: from the survey's snapshot and the responses stored
//! after it when the snapshot matches them, else from every stored response.
//!
//! A snapshot (`domain::results::snapshot`) holds the table up to one response, named by
//! its (received_at, rowid), the order the table loads in. It is used only when it was
//! made with the survey's codebook and it and the responses after it add up to the stored
//! count; otherwise (an edited draft, a snapshot older than a crash lost or newer than a
//! restored database) the table is rebuilt from the JSON, so nothing is counted twice or
//! lost. Snapshots are written every [`SNAPSHOT_EVERY`] and at a graceful stop, never for
//! a secret ballot (two snapshots would tell which ballots came between them).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock, RwLockReadGuard};
use std::time::Duration;

use tokio::sync::watch;
use tokio_stream::{Stream, StreamExt};

use crate::domain::answer::Answers;
use crate::domain::results::codebook::EncodedResponse;
use crate::domain::results::{Codebook, ResponseTable};
use crate::domain::{Survey, SurveyKind};
use crate::server::storage::responses::TallyRow;
use crate::server::storage::snapshots::StoredSnapshot;
use crate::server::storage::{self, Pool};

/// How often the live tables are snapshotted (those with [`SNAPSHOT_AFTER`] new responses):
/// after a crash, start-up parses at most what came since.
pub const SNAPSHOT_EVERY: Duration = Duration::from_secs(60);
/// New responses that make a periodic snapshot worth its write (a million responses make
/// tens of megabytes).
pub const SNAPSHOT_AFTER: usize = 10_000;

/// One survey's table and a signal that ticks on every change.
pub struct LiveSurvey {
    /// The same codebook as the table's, outside the lock for encoding submissions.
    pub codebook: Codebook,
    table: RwLock<ResponseTable>,
    /// Where the table stands for snapshots; locked after `table`, never before.
    cursor: Mutex<Cursor>,
    /// A secret ballot: never snapshotted.
    secret: bool,
    changes: watch::Sender<u64>,
}

/// What a snapshot of the table needs besides the table.
#[derive(Debug, Clone, Copy, Default)]
struct Cursor {
    /// The last response in the table, as (received_at, rowid); `None` when empty.
    last: Option<(i64, i64)>,
    /// Whether the table is in load order; a clock set back breaks it until a restart,
    /// and no snapshot is written meanwhile.
    in_order: bool,
    /// The responses the stored snapshot holds.
    snapshotted: usize,
}

impl Cursor {
    /// Note a response appended at `key` (`None`: a ballot, never in order).
    fn advance(&mut self, key: Option<(i64, i64)>) {
        self.in_order &= key.is_some() && key > self.last;
        self.last = key.or(self.last);
    }
}

impl LiveSurvey {
    fn new(survey: &Survey) -> Self {
        let codebook = Codebook::new(survey);
        LiveSurvey {
            table: RwLock::new(ResponseTable::new(codebook.clone())),
            codebook,
            cursor: Mutex::new(Cursor {
                in_order: survey.kind != SurveyKind::Ballot,
                ..Cursor::default()
            }),
            secret: survey.kind == SurveyKind::Ballot,
            changes: watch::channel(0).0,
        }
    }

    pub fn read(&self) -> RwLockReadGuard<'_, ResponseTable> {
        self.table.read().unwrap_or_else(|e| e.into_inner())
    }

    fn cursor(&self) -> std::sync::MutexGuard<'_, Cursor> {
        self.cursor.lock().unwrap_or_else(|e| e.into_inner())
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
    /// Following the rows other nodes write (`services::nodes`): what was read up to where,
    /// and the rows this node's writer counts itself.
    followed: Mutex<Followed>,
}

/// Where following the stored responses stands (several nodes on PostgreSQL).
#[derive(Debug, Default)]
struct Followed {
    on: bool,
    /// Every response with a rowid up to here is counted.
    up_to: i64,
    /// Rowids above `up_to` this node's writer inserted: `false` while their COMMIT is
    /// under way, `true` once it succeeded (the writer counts them).
    own: std::collections::BTreeMap<i64, bool>,
}

/// A response another node stored, as following reads it.
pub type FollowedRow = storage::responses::FollowedRow;

/// A committed response for the live tables.
pub struct Committed<'a> {
    pub survey_id: &'a str,
    pub encoded: &'a EncodedResponse,
    pub received_at: i64,
    pub channel: &'a str,
    /// The rowid it was stored under; `None` for a ballot.
    pub rowid: Option<i64>,
}

impl LiveResults {
    /// Load every survey's table: from its snapshot and the responses after it when they
    /// add up, else from every stored response (streaming, never all JSON in memory).
    pub async fn load(pool: &Pool, surveys: &[Survey]) -> anyhow::Result<Self> {
        let live = LiveResults::default();
        for survey in surveys {
            let entry = live.ensure(survey);
            // Filled outside the lock (no guard across awaits), then put in place.
            let (table, cursor) = load_table(pool, survey, &entry).await?;
            *entry.table.write().unwrap_or_else(|e| e.into_inner()) = table;
            *entry.cursor() = cursor;
        }
        Ok(live)
    }

    /// The table as a restart without any snapshot builds it: every stored response's JSON
    /// (the reference the snapshot path is checked against).
    pub async fn rebuild_from_json(pool: &Pool, survey: &Survey) -> anyhow::Result<ResponseTable> {
        let count = storage::responses::count(pool, &survey.id).await? as usize;
        let rows = storage::responses::for_tally(pool, &survey.id);
        let (table, _) = fill(Codebook::new(survey), count, Cursor::default(), rows).await?;
        Ok(table)
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
                let mut cursor = entry.cursor();
                for c in &rows {
                    table.push(c.encoded, c.received_at, c.channel);
                    cursor.advance(c.rowid.map(|rowid| (c.received_at, rowid)));
                }
            }
            entry.touch();
        }
    }

    /// Start following from `up_to`: every response at or below it is in the tables.
    pub fn follow_from(&self, up_to: i64) {
        let mut followed = self.followed.lock().unwrap_or_else(|e| e.into_inner());
        *followed = Followed {
            on: true,
            up_to,
            own: Default::default(),
        };
    }

    /// Note rowids this node's writer is about to commit (nothing unless following):
    /// following stops short of them until the writer says how the COMMIT went.
    pub fn claim(&self, rowids: &[i64]) {
        let mut followed = self.followed.lock().unwrap_or_else(|e| e.into_inner());
        if followed.on {
            followed
                .own
                .extend(rowids.iter().map(|&rowid| (rowid, false)));
        }
    }

    /// The writer's COMMIT of claimed rowids: committed, the writer counts them and
    /// following skips them; failed, following counts whatever is stored under them (the
    /// COMMIT may have gone through with its answer lost, or another node may have used
    /// the rowids since).
    pub fn settle(&self, rowids: &[i64], committed: bool) {
        let mut followed = self.followed.lock().unwrap_or_else(|e| e.into_inner());
        for rowid in rowids {
            if committed {
                if let Some(done) = followed.own.get_mut(rowid) {
                    *done = true;
                }
            } else {
                followed.own.remove(rowid);
            }
        }
    }

    /// Where following stands: every response at or below it is counted.
    pub fn followed_up_to(&self) -> i64 {
        self.followed
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .up_to
    }

    /// Count responses read after [`LiveResults::followed_up_to`], in rowid order, except
    /// those this node's writer counts; stops before a rowid whose COMMIT this node has not
    /// settled yet. Whether every row was taken (`false`: read again from there later).
    pub fn record_followed(&self, rows: &[FollowedRow]) -> anyhow::Result<bool> {
        let (theirs, whole) = {
            let mut followed = self.followed.lock().unwrap_or_else(|e| e.into_inner());
            let mut theirs: Vec<&FollowedRow> = Vec::new();
            let mut whole = true;
            let from = followed.up_to;
            for row in rows.iter().filter(|r| r.rowid > from) {
                match followed.own.get(&row.rowid) {
                    Some(false) => {
                        whole = false;
                        break;
                    }
                    Some(true) => {}
                    None => theirs.push(row),
                }
                followed.up_to = row.rowid;
            }
            let above = followed.up_to + 1;
            followed.own = followed.own.split_off(&above);
            (theirs, whole)
        };
        let mut by_survey: HashMap<&str, Vec<&FollowedRow>> = HashMap::new();
        for row in &theirs {
            by_survey
                .entry(row.survey_id.as_str())
                .or_default()
                .push(row);
        }
        for (survey_id, rows) in by_survey {
            let Some(entry) = self.get(survey_id) else {
                continue;
            };
            let encoded: Vec<_> = rows
                .iter()
                .map(|r| Ok(entry.codebook.encode(&serde_json::from_str(&r.answers)?)))
                .collect::<anyhow::Result<_>>()?;
            {
                let mut table = entry.table.write().unwrap_or_else(|e| e.into_inner());
                let mut cursor = entry.cursor();
                for (row, encoded) in rows.iter().zip(&encoded) {
                    table.push(
                        encoded,
                        row.received_at,
                        row.channel.as_deref().unwrap_or(""),
                    );
                    cursor.advance(Some((row.received_at, row.rowid)));
                }
            }
            entry.touch();
        }
        Ok(whole)
    }

    /// Rebuild from the database the tables of `surveys` whose counts differ from it (a
    /// ballot another node took votes for, whose rows are not followed; a definition
    /// another node changed). Run by the writer between commits (`writer::Job::Reconcile`).
    ///
    /// A questionnaire's table gets the rows following has passed and this writer's own
    /// (all committed: the writer is between commits), and following adds the rest.
    pub async fn reconcile(&self, pool: &Pool, surveys: &[Survey]) -> anyhow::Result<()> {
        for survey in surveys {
            let entry = self.ensure(survey);
            let stored = storage::responses::count(pool, &survey.id).await? as usize;
            if entry.read().len() == stored {
                continue;
            }
            let (up_to, own): (i64, std::collections::BTreeSet<i64>) = {
                let followed = self.followed.lock().unwrap_or_else(|e| e.into_inner());
                (followed.up_to, followed.own.keys().copied().collect())
            };
            let secret = entry.secret;
            let rows = storage::responses::for_tally(pool, &survey.id).filter(move |row| {
                secret
                    || row
                        .as_ref()
                        .map_or(true, |r| r.3 <= up_to || own.contains(&r.3))
            });
            let cursor = Cursor {
                in_order: !secret,
                ..Cursor::default()
            };
            let (table, cursor) = fill(entry.codebook.clone(), stored, cursor, rows).await?;
            *entry.table.write().unwrap_or_else(|e| e.into_inner()) = table;
            *entry.cursor() = cursor;
            entry.touch();
        }
        Ok(())
    }

    pub fn responses(&self, survey_id: &str) -> u64 {
        self.get(survey_id)
            .map(|s| s.read().len() as u64)
            .unwrap_or(0)
    }

    /// How many of the survey's responses its stored snapshot holds, as far as this
    /// server knows: 0 until one is written, or when start-up did not use it.
    pub fn in_snapshot(&self, survey_id: &str) -> usize {
        self.get(survey_id).map_or(0, |s| s.cursor().snapshotted)
    }

    /// Snapshot every table (not a ballot's) with at least `new_responses` (at least one)
    /// responses more than its stored snapshot; the number written.
    pub async fn snapshot(&self, pool: &Pool, new_responses: usize) -> anyhow::Result<usize> {
        let entries: Vec<(String, Arc<LiveSurvey>)> = {
            let map = self.surveys.read().unwrap_or_else(|e| e.into_inner());
            map.iter().map(|(id, e)| (id.clone(), e.clone())).collect()
        };
        let mut written = 0;
        for (survey_id, entry) in entries {
            let Some(snapshot) = take_snapshot(&entry, new_responses.max(1)) else {
                continue;
            };
            storage::snapshots::put(pool, &survey_id, &snapshot).await?;
            // Never lowered: a snapshot taken later may have been stored first.
            let mut cursor = entry.cursor();
            cursor.snapshotted = cursor.snapshotted.max(snapshot.responses as usize);
            written += 1;
        }
        Ok(written)
    }
}

/// Snapshot the live tables every [`SNAPSHOT_EVERY`] until the server stops (the stop
/// itself writes a last one, `cli/serve.rs`).
pub fn spawn_snapshots(pool: Pool, live: Arc<LiveResults>, mut stopping: watch::Receiver<bool>) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(SNAPSHOT_EVERY);
        every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        // The first tick is at once: the tables were just loaded.
        every.tick().await;
        loop {
            tokio::select! {
                _ = every.tick() => {}
                _ = stopping.changed() => return,
            }
            if let Err(error) = live.snapshot(&pool, SNAPSHOT_AFTER).await {
                // The next tick tries again; a restart meanwhile reads more JSON, no less.
                tracing::warn!("writing the live tables' snapshots failed: {error:#}");
            }
        }
    });
}

/// The table's snapshot when it is worth writing: in load order, not a ballot, with
/// `new_responses` more than the stored one.
fn take_snapshot(entry: &LiveSurvey, new_responses: usize) -> Option<StoredSnapshot> {
    if entry.secret {
        return None;
    }
    // The table's read lock first, then the cursor, as `record` takes them: the bytes and
    // the last response they hold are of one moment.
    let table = entry.read();
    let cursor = *entry.cursor();
    if !cursor.in_order || table.len() < cursor.snapshotted + new_responses {
        return None;
    }
    Some(StoredSnapshot {
        last: cursor.last?,
        responses: table.len() as i64,
        data: table.to_snapshot(),
    })
}

/// One survey's table and cursor: its snapshot and the responses after it when they add up
/// to the stored count, else every stored response.
async fn load_table(
    pool: &Pool,
    survey: &Survey,
    entry: &LiveSurvey,
) -> anyhow::Result<(ResponseTable, Cursor)> {
    let began = std::time::Instant::now();
    // The count runs on its own connection's thread while the snapshot is read and decoded.
    let counting = storage::responses::count(pool, &survey.id);
    let reading = async {
        if entry.secret {
            return Ok(None);
        }
        let Some(stored) = storage::snapshots::get(pool, &survey.id).await? else {
            return Ok(None);
        };
        let decoded = ResponseTable::from_snapshot(entry.codebook.clone(), &stored.data);
        tracing::debug!(
            "survey {}: snapshot read and decoded in {:?}",
            survey.id,
            began.elapsed()
        );
        Ok::<_, storage::Error>(Some((stored, decoded)))
    };
    let (count, stored) = tokio::try_join!(counting, reading)?;
    let count = count as usize;
    if let Some((stored, decoded)) = stored {
        match decoded {
            Ok(table) if table.len() as i64 == stored.responses && table.len() <= count => {
                let cursor = Cursor {
                    last: Some(stored.last),
                    in_order: true,
                    snapshotted: table.len(),
                };
                let rows = storage::responses::for_tally_after(pool, &survey.id, stored.last);
                let (table, cursor) = extend(table, count, cursor, rows).await?;
                if table.len() == count {
                    tracing::info!(
                        "survey {}: {} responses from the snapshot and {} after it in {:?}",
                        survey.id,
                        cursor.snapshotted,
                        count - cursor.snapshotted,
                        began.elapsed()
                    );
                    return Ok((table, cursor));
                }
                tracing::warn!(
                    "survey {}: the snapshot and the responses after it make {} of {count}; \
                     counting every response again",
                    survey.id,
                    table.len()
                );
            }
            Ok(_) => tracing::warn!(
                "survey {}: the snapshot holds more responses than are stored; counting every \
                 response again",
                survey.id
            ),
            Err(why) => tracing::info!(
                "survey {}: snapshot not used ({why}); counting every response again",
                survey.id
            ),
        }
    }
    let cursor = Cursor {
        in_order: !entry.secret,
        ..Cursor::default()
    };
    let rows = storage::responses::for_tally(pool, &survey.id);
    let loaded = fill(entry.codebook.clone(), count, cursor, rows).await?;
    if count > 0 {
        tracing::info!(
            "survey {}: {count} responses from their JSON in {:?}",
            survey.id,
            began.elapsed()
        );
    }
    Ok(loaded)
}

/// A new table of `count` responses read from `rows`.
async fn fill(
    codebook: Codebook,
    count: usize,
    cursor: Cursor,
    rows: impl Stream<Item = Result<TallyRow, storage::Error>>,
) -> anyhow::Result<(ResponseTable, Cursor)> {
    let mut table = ResponseTable::new(codebook);
    table.reserve(count);
    extend(table, count, cursor, rows).await
}

/// Append `rows` (stored responses in load order) to `table`, up to `count` in all.
async fn extend(
    mut table: ResponseTable,
    count: usize,
    mut cursor: Cursor,
    rows: impl Stream<Item = Result<TallyRow, storage::Error>>,
) -> anyhow::Result<(ResponseTable, Cursor)> {
    table.reserve(count.saturating_sub(table.len()));
    let mut rows = std::pin::pin!(rows);
    let in_order = cursor.in_order;
    while let Some(row) = rows.next().await {
        let (json, received_at, channel, rowid) = row?;
        let answers: Answers = serde_json::from_str(&json)?;
        let encoded = table.codebook.encode(&answers);
        table.push(&encoded, received_at, channel.as_deref().unwrap_or(""));
        if in_order {
            // A ballot's rowid is not even kept in memory.
            cursor.advance(Some((received_at, rowid)));
        }
    }
    // Loaded in load order by definition; a ballot's stays out of order (never snapshotted).
    cursor.in_order = in_order;
    Ok((table, cursor))
}
