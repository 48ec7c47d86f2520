//! Progress of long tasks (exports, close, publish) for the dashboard that started them
//! (`domain::jobs`). Kept in memory, per process: a task is followed from the node that
//! runs it, and forgotten ten minutes after it ends. `http::jobs` answers for them.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::domain::jobs::{JobProgress, JobState, JobStep};

use crate::server::error::AppError;

/// How long an ended task stays readable.
const KEEP_ENDED: Duration = Duration::from_secs(600);
/// Tasks one account may have followed at once (running, or ended and still kept); its
/// oldest ended ones make room.
const PER_ACCOUNT: usize = 32;

struct Entry {
    owner: String,
    started: Instant,
    done: AtomicU64,
    shown: Mutex<Shown>,
}

struct Shown {
    step: JobStep,
    total: Option<u64>,
    state: JobState,
    ended: Option<Instant>,
}

/// Every followed task of this process.
#[derive(Default)]
pub struct Jobs {
    entries: Mutex<HashMap<String, Arc<Entry>>>,
}

impl Jobs {
    /// Follow a task under the browser's id; a task without an id is done unfollowed.
    /// 409 when the id is already taken.
    pub fn start(&self, id: Option<&str>, owner: &str, step: JobStep) -> Result<Job, AppError> {
        let Some(id) = id else {
            return Ok(Job(None));
        };
        let mut entries = self.entries.lock().expect("jobs lock");
        entries.retain(|_, e| e.ended().is_none_or(|at| at.elapsed() < KEEP_ENDED));
        if entries.contains_key(id) {
            return Err(AppError::Conflict("任务编号已被使用"));
        }
        make_room(&mut entries, owner)?;
        let entry = Arc::new(Entry {
            owner: owner.to_string(),
            started: Instant::now(),
            done: AtomicU64::new(0),
            shown: Mutex::new(Shown {
                step,
                total: None,
                state: JobState::Running,
                ended: None,
            }),
        });
        entries.insert(id.to_string(), entry.clone());
        Ok(Job(Some(entry)))
    }

    /// A task's progress, for the account that started it only.
    pub fn progress(&self, id: &str, owner: &str) -> Option<JobProgress> {
        let entry = self.entries.lock().expect("jobs lock").get(id).cloned()?;
        if entry.owner != owner {
            return None;
        }
        let shown = entry.shown.lock().expect("job lock");
        Some(JobProgress {
            step: shown.step,
            done: entry.done.load(Ordering::Relaxed),
            total: shown.total,
            state: shown.state.clone(),
        })
    }
}

/// Drop the owner's oldest ended tasks while it has too many; 409 if all are running.
fn make_room(entries: &mut HashMap<String, Arc<Entry>>, owner: &str) -> Result<(), AppError> {
    let mine: Vec<(String, Option<Instant>, Instant)> = entries
        .iter()
        .filter(|(_, e)| e.owner == owner)
        .map(|(id, e)| (id.clone(), e.ended(), e.started))
        .collect();
    let excess = (mine.len() + 1).saturating_sub(PER_ACCOUNT);
    let mut ended: Vec<_> = mine.into_iter().filter(|(_, e, _)| e.is_some()).collect();
    if ended.len() < excess {
        return Err(AppError::Conflict(
            "进行中的任务过多，请等已有任务完成后再试",
        ));
    }
    ended.sort_by_key(|(_, _, started)| *started);
    for (id, _, _) in ended.into_iter().take(excess) {
        entries.remove(&id);
    }
    Ok(())
}

impl Entry {
    fn ended(&self) -> Option<Instant> {
        self.shown.lock().expect("job lock").ended
    }
}

/// Counts for a job from another task than the one that will end it.
pub struct JobCounter(Option<Arc<Entry>>);

impl JobCounter {
    pub fn advance(&self, n: u64) {
        if let Some(entry) = &self.0 {
            entry.done.fetch_add(n, Ordering::Relaxed);
        }
    }
}

/// The handle a task reports through. Dropped while still running (an error, or the
/// browser went away mid-download), the task shows as failed.
pub struct Job(Option<Arc<Entry>>);

impl Job {
    /// A task nobody follows.
    pub fn unfollowed() -> Job {
        Job(None)
    }

    /// Begin a step; its count starts at zero.
    pub fn step(&self, step: JobStep, total: Option<u64>) {
        if let Some(entry) = &self.0 {
            let mut shown = entry.shown.lock().expect("job lock");
            shown.step = step;
            shown.total = total;
            entry.done.store(0, Ordering::Relaxed);
        }
    }

    /// A counter for this job's current step, for another task.
    pub fn counter(&self) -> JobCounter {
        JobCounter(self.0.clone())
    }

    /// Done so far in this step.
    pub fn done(&self) -> u64 {
        self.0
            .as_ref()
            .map_or(0, |entry| entry.done.load(Ordering::Relaxed))
    }

    /// Count `n` more done in this step.
    pub fn advance(&self, n: u64) {
        if let Some(entry) = &self.0 {
            entry.done.fetch_add(n, Ordering::Relaxed);
        }
    }

    pub fn finish(self) {
        self.end(JobState::Finished);
    }

    pub fn fail(self, message: &str) {
        self.end(JobState::Failed {
            message: message.to_string(),
        });
    }

    fn end(&self, state: JobState) {
        if let Some(entry) = &self.0 {
            let mut shown = entry.shown.lock().expect("job lock");
            if shown.ended.is_none() {
                shown.state = state;
                shown.ended = Some(Instant::now());
            }
        }
    }
}

impl Drop for Job {
    fn drop(&mut self) {
        self.end(JobState::Failed {
            message: "任务中断（浏览器已断开或服务器出错）".to_string(),
        });
    }
}
