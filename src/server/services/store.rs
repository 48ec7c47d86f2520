//! Survey definitions kept in memory: they change rarely and are read on every request.
//! Written through `storage::surveys`, then held here once the write commits; never
//! re-read per request.

use std::collections::BTreeMap;
use std::sync::{Arc, RwLock};

use crate::domain::ballot::counts_visible;
use crate::domain::definition_check::check_definition;
use crate::domain::schedule::{Schedule, WindowState};
use crate::domain::wire::{SurveyDetail, SurveySummary};
use crate::domain::{Survey, SurveyKind, SurveyStatus};

use crate::server::error::{AppError, Result};
use crate::server::storage::{self, now_millis, Connection, Pool};

/// One survey with its state and its detail JSON serialized once.
#[derive(Debug)]
pub struct StoredSurvey {
    pub survey: Survey,
    pub status: SurveyStatus,
    pub schedule: Schedule,
    pub detail_json: String,
    /// Being closed: no longer taking answers, not yet frozen (a ballot's counts stay
    /// sealed until the close commits, and for good if it fails).
    closing: bool,
}

impl StoredSurvey {
    fn new(survey: Survey, status: SurveyStatus, schedule: Schedule) -> Self {
        let detail = SurveyDetail {
            status,
            survey,
            schedule,
        };
        let detail_json = serde_json::to_string(&detail).expect("a survey always serializes");
        StoredSurvey {
            survey: detail.survey,
            status,
            schedule,
            detail_json,
            closing: false,
        }
    }

    /// A secret ballot still taking votes: only the number of ballots may show, not what
    /// any of them says (`domain::ballot::counts_visible`).
    pub fn ballot_sealed(&self) -> bool {
        self.survey.kind == SurveyKind::Ballot && (self.closing || !counts_visible(self.status))
    }

    /// Open, and inside its time window if it has one.
    pub fn takes_answers_at(&self, now_ms: i64) -> bool {
        self.status == SurveyStatus::Open && self.schedule.state_at(now_ms) == WindowState::Within
    }
}

/// What [`SurveyStore::adopt`] changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Adopted {
    Unchanged,
    /// Status or time window.
    State,
    /// A new survey, or a new definition (its live table starts over).
    Definition,
}

#[derive(Debug, Default)]
pub struct SurveyStore {
    surveys: RwLock<BTreeMap<String, Arc<StoredSurvey>>>,
}

impl SurveyStore {
    pub async fn load(pool: &Pool) -> anyhow::Result<Self> {
        let rows = storage::surveys::all(pool).await?;
        let mut surveys = BTreeMap::new();
        for row in rows {
            let (survey, status, schedule) = parse_row(row)?;
            surveys.insert(
                survey.id.clone(),
                Arc::new(StoredSurvey::new(survey, status, schedule)),
            );
        }
        Ok(SurveyStore {
            surveys: RwLock::new(surveys),
        })
    }

    /// Every survey, in id order.
    pub fn all(&self) -> Vec<Arc<StoredSurvey>> {
        self.surveys
            .read()
            .expect("survey store lock")
            .values()
            .cloned()
            .collect()
    }

    pub fn get(&self, id: &str) -> Option<Arc<StoredSurvey>> {
        self.surveys
            .read()
            .expect("survey store lock")
            .get(id)
            .cloned()
    }

    /// A survey the public may see (anything but a draft).
    pub fn public(&self, id: &str) -> Option<Arc<StoredSurvey>> {
        self.get(id).filter(|s| s.status != SurveyStatus::Draft)
    }

    /// The survey a staff request names, drafts included, or [`AppError::SurveyNotFound`].
    pub fn require(&self, id: &str) -> Result<Arc<StoredSurvey>> {
        self.get(id).ok_or(AppError::SurveyNotFound)
    }

    /// The survey a public request names: a draft is as unknown as a survey never made.
    pub fn require_public(&self, id: &str) -> Result<Arc<StoredSurvey>> {
        self.public(id).ok_or(AppError::SurveyNotFound)
    }

    /// Summaries of every survey in one of `statuses`.
    pub fn summaries(&self, statuses: &[SurveyStatus]) -> Vec<SurveySummary> {
        self.surveys
            .read()
            .expect("survey store lock")
            .values()
            .filter(|s| statuses.contains(&s.status))
            .map(|s| SurveySummary::of(&s.survey, s.status))
            .collect()
    }

    pub fn is_empty(&self) -> bool {
        self.surveys.read().expect("survey store lock").is_empty()
    }

    /// Store a new survey (or replace one that has no responses yet) in the database and here.
    pub async fn insert(
        &self,
        pool: &Pool,
        survey: Survey,
        status: SurveyStatus,
    ) -> anyhow::Result<()> {
        let mut conn = pool.acquire().await?;
        Self::write(&mut conn, &survey, status).await?;
        self.put(survey, status);
        Ok(())
    }

    /// Write a new survey (or replace one without responses) inside the caller's
    /// transaction; [`SurveyStore::put`] it here once that commits.
    pub async fn write(
        tx: &mut Connection,
        survey: &Survey,
        status: SurveyStatus,
    ) -> anyhow::Result<()> {
        if let Err(problems) = check_definition(survey) {
            anyhow::bail!(
                "survey {} is not well formed: {}",
                survey.id,
                problems
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("; ")
            );
        }
        let definition = serde_json::to_string(survey)?;
        storage::surveys::upsert(tx, &survey.id, &definition, status.as_str(), now_millis())
            .await?;
        Ok(())
    }

    /// Hold here a survey as another node left it in the database (`services::nodes`):
    /// what changed, if anything. A survey this node is closing keeps that state until
    /// its own close ends.
    pub fn adopt(&self, survey: Survey, status: SurveyStatus, schedule: Schedule) -> Adopted {
        let mut surveys = self.surveys.write().expect("survey store lock");
        let adopted = match surveys.get(&survey.id) {
            Some(current) if current.closing => return Adopted::Unchanged,
            Some(current) if current.survey != survey => Adopted::Definition,
            Some(current) if current.status == status && current.schedule == schedule => {
                return Adopted::Unchanged
            }
            Some(_) => Adopted::State,
            None => Adopted::Definition,
        };
        let id = survey.id.clone();
        surveys.insert(id, Arc::new(StoredSurvey::new(survey, status, schedule)));
        adopted
    }

    /// Hold here the status and time window the database has for a survey (the writer on
    /// PostgreSQL, inside its transaction); a survey this node is closing stays closing.
    pub fn adopt_state(&self, id: &str, status: SurveyStatus, schedule: Schedule) {
        let mut surveys = self.surveys.write().expect("survey store lock");
        if let Some(current) = surveys.get(id) {
            if !current.closing && (current.status != status || current.schedule != schedule) {
                let updated = StoredSurvey::new(current.survey.clone(), status, schedule);
                surveys.insert(id.to_string(), Arc::new(updated));
            }
        }
    }

    /// Hold here a survey already written to the database.
    pub fn put(&self, survey: Survey, status: SurveyStatus) {
        let id = survey.id.clone();
        let schedule = self.get(&id).map(|s| s.schedule).unwrap_or_default();
        self.surveys
            .write()
            .expect("survey store lock")
            .insert(id, Arc::new(StoredSurvey::new(survey, status, schedule)));
    }

    /// Seed the bundled evaluations into an empty installation, as drafts (staff open them
    /// when ready) or open (a demonstration).
    pub async fn seed_templates(&self, pool: &Pool, status: SurveyStatus) -> anyhow::Result<usize> {
        if !self.is_empty() {
            return Ok(0);
        }
        let templates = crate::domain::templates::bundled().map_err(anyhow::Error::msg)?;
        let count = templates.len();
        for survey in templates {
            self.insert(pool, survey, status).await?;
        }
        Ok(count)
    }
}

impl SurveyStore {
    /// Move a survey to another lifecycle state.
    /// Change a survey's status inside the caller's transaction, only from `from`: a change
    /// that lost a race to another finds a different status, changes nothing and is
    /// refused. The caller marks the store once the transaction commits.
    pub async fn update_status(
        tx: &mut Connection,
        id: &str,
        from: SurveyStatus,
        to: SurveyStatus,
    ) -> Result<(), AppError> {
        let now = now_millis();
        if storage::surveys::update_status(tx, id, from.as_str(), to.as_str(), now).await? {
            Ok(())
        } else {
            Err(AppError::Conflict("测评状态已被另一操作改变，请刷新后重试"))
        }
    }

    /// Set or clear the time window inside the caller's transaction;
    /// [`SurveyStore::mark_schedule`] it here once that commits.
    pub async fn write_schedule(
        tx: &mut Connection,
        id: &str,
        schedule: Schedule,
    ) -> Result<(), storage::Error> {
        let (opens_at, closes_at) = (schedule.opens_at, schedule.closes_at);
        storage::surveys::set_schedule(tx, id, opens_at, closes_at, now_millis()).await
    }

    /// Hold here a time window already written to the database.
    pub fn mark_schedule(&self, id: &str, schedule: Schedule) {
        let mut surveys = self.surveys.write().expect("survey store lock");
        if let Some(current) = surveys.get(id) {
            let updated = Arc::new(StoredSurvey::new(
                current.survey.clone(),
                current.status,
                schedule,
            ));
            surveys.insert(id.to_string(), updated);
        }
    }

    /// Record here a state already committed to the database.
    /// Stop taking answers while a close is under way (the writer refuses from here on).
    pub fn mark_closing(&self, id: &str) {
        let mut surveys = self.surveys.write().expect("survey store lock");
        if let Some(current) = surveys.get(id) {
            let mut closing = StoredSurvey::new(
                current.survey.clone(),
                SurveyStatus::Closed,
                current.schedule,
            );
            closing.closing = true;
            surveys.insert(id.to_string(), Arc::new(closing));
        }
    }

    pub fn mark(&self, id: &str, status: SurveyStatus) {
        let mut surveys = self.surveys.write().expect("survey store lock");
        if let Some(current) = surveys.get(id) {
            let updated = Arc::new(StoredSurvey::new(
                current.survey.clone(),
                status,
                current.schedule,
            ));
            surveys.insert(id.to_string(), updated);
        }
    }
}

/// A stored survey row read back: the definition, its status and its time window.
pub fn parse_row(
    row: storage::surveys::SurveyRow,
) -> anyhow::Result<(Survey, SurveyStatus, Schedule)> {
    let (definition, status, opens_at, closes_at) = row;
    let survey: Survey = serde_json::from_str(&definition)?;
    let status = SurveyStatus::parse(&status)
        .ok_or_else(|| anyhow::anyhow!("survey {}: unknown status {status}", survey.id))?;
    Ok((
        survey,
        status,
        Schedule {
            opens_at,
            closes_at,
        },
    ))
}

/// Add a survey from a definition file (the command line): written and logged as
/// `survey_add` in one transaction; a survey of the same id is replaced only while it has
/// no responses.
pub async fn add_survey(
    pool: &Pool,
    survey: &Survey,
    status: SurveyStatus,
    actor: &str,
) -> anyhow::Result<()> {
    let _append = storage::audit::turn().await;
    let mut tx = storage::audit::begin(pool)
        .await
        .map_err(|e| anyhow::anyhow!("{}", AppError::from(e).describe()))?;
    let stored = storage::responses::count(&mut *tx, &survey.id).await?;
    if stored > 0 {
        anyhow::bail!(
            "survey {} already has responses: give the new version another id",
            survey.id
        );
    }
    SurveyStore::write(&mut tx, survey, status).await?;
    let detail = serde_json::json!({"status": status});
    storage::audit::append(&mut tx, actor, "survey_add", Some(&survey.id), detail).await?;
    tx.commit().await?;
    Ok(())
}
