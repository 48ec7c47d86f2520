//! Publishing a closed survey (docs/trust.md#publication): the anonymised records are drawn
//! from the frozen responses in a shuffled order, the figures are computed from those records
//! alone, and both are written once, with the survey's new status, in one transaction.
//! Knows neither HTTP nor SQL.

use rand::seq::SliceRandom;
use sha2::{Digest, Sha256};

use crate::domain::ballot::{item_histories, BallotOutcome};
use crate::domain::digest::hex;
use crate::domain::jobs::JobStep;
use crate::domain::publication::{
    figures, public_table, published_definition, push_record, ApprovedTexts, ProfilePlan,
    PublicDataHeader, Publication, DATA_TAIL, THRESHOLD,
};
use crate::domain::{Answers, Survey, SurveyStatus};

use crate::server::error::AppError;
use crate::server::services::jobs::Job;
use crate::server::services::lifecycle::Turn;
use crate::server::services::store::{StoredSurvey, SurveyStore};
use crate::server::storage::{self, now_millis, Pool};
use crate::server::AppState;

/// Records written per statement.
const BATCH: usize = 200;

/// Free-text answers staff approved, per question, in a random order.
async fn approved_texts(pool: &Pool, survey: &Survey) -> Result<Vec<ApprovedTexts>, AppError> {
    let rows = storage::texts::approved(pool, &survey.id).await?;
    let mut texts: Vec<ApprovedTexts> = survey
        .questions()
        .filter(|q| q.kind.is_text())
        .map(|q| ApprovedTexts {
            question: q.id.clone(),
            title: q.title.clone(),
            answers: Vec::new(),
        })
        .collect();
    for (question, json) in rows {
        let answers: Answers =
            serde_json::from_str(&json).map_err(|e| AppError::Internal(e.into()))?;
        let text = answers
            .get(&question)
            .and_then(|a| a.as_text())
            .map(str::trim);
        if let (Some(text), Some(group)) = (text, texts.iter_mut().find(|t| t.question == question))
        {
            if !text.is_empty() {
                group.answers.push(text.to_string());
            }
        }
    }
    let mut rng = rand::rngs::OsRng;
    for group in &mut texts {
        group.answers.shuffle(&mut rng);
    }
    texts.retain(|t| !t.answers.is_empty());
    Ok(texts)
}

/// A published ballot's earlier rounds, from their own publications, newest first.
async fn earlier_rounds(state: &AppState, survey: &Survey) -> Result<Vec<BallotOutcome>, AppError> {
    let mut rounds = Vec::new();
    let mut previous = survey.ballot.as_ref().and_then(|b| b.previous.clone());
    while let Some(id) = previous.take() {
        let Some(earlier) = load(&state.pool, &id).await? else {
            break;
        };
        rounds.extend(earlier.ballot);
        if rounds.len() > 20 {
            break;
        }
        previous = state
            .surveys
            .get(&id)
            .and_then(|s| s.survey.ballot.as_ref().and_then(|b| b.previous.clone()));
    }
    Ok(rounds)
}

/// A stored publication.
pub async fn load(pool: &Pool, survey_id: &str) -> Result<Option<Publication>, AppError> {
    let json = storage::publications::publication_json(pool, survey_id).await?;
    json.map(|json| serde_json::from_str(&json).map_err(|e| AppError::Internal(e.into())))
        .transpose()
}

/// Publish a closed survey; returns what the public page shows.
pub async fn publish(
    state: &AppState,
    _turn: &Turn<'_>,
    stored: &StoredSurvey,
    actor: &str,
    job: &Job,
) -> Result<Publication, AppError> {
    let survey = &stored.survey;
    if stored.status != SurveyStatus::Closed {
        return Err(AppError::Conflict("只能公布已结束的测评"));
    }
    let (closed_at, frozen) = storage::publications::latest_closure(&state.pool, &survey.id)
        .await?
        .ok_or(AppError::Conflict("测评尚未结束，不能公布"))?;
    // What is published must be what was frozen: the stored set is digested again.
    job.step(JobStep::Digesting, Some(frozen.responses));
    let again = crate::server::services::freeze::digest_of(
        &state.pool,
        survey,
        frozen.session.as_ref(),
        job,
    )
    .await?;
    if again != (frozen.responses, frozen.digest.clone()) {
        tracing::error!(
            "survey {}: stored responses {:?} differ from those frozen at close ({}, {})",
            survey.id,
            again,
            frozen.responses,
            frozen.digest
        );
        return Err(AppError::Conflict(
            "已存储的答卷与结束时封存的不一致（摘要不符），不能公布",
        ));
    }
    let (frozen_responses, frozen_digest) = (frozen.responses, frozen.digest.clone());
    let live = state.live.ensure(survey);
    let (plan, published, order) = {
        let table = live.read();
        if table.len() as u64 != frozen_responses {
            return Err(AppError::Internal(anyhow::anyhow!(
                "survey {}: {} responses in memory, {} frozen",
                survey.id,
                table.len(),
                frozen_responses
            )));
        }
        let plan = ProfilePlan::new(survey, &table, THRESHOLD);
        let published = published_definition(survey, &table, &plan);
        let mut order: Vec<u32> = plan.rows().map(|i| i as u32).collect();
        order.shuffle(&mut rand::rngs::OsRng);
        (plan, published, order)
    };
    let withheld = plan.withheld();
    let texts = if withheld {
        Vec::new()
    } else {
        approved_texts(&state.pool, survey).await?
    };
    let header = PublicDataHeader {
        survey: published.clone(),
        threshold: THRESHOLD,
        frozen_responses,
        frozen_digest: frozen_digest.clone(),
        session: frozen.session,
        texts: texts.clone(),
    };
    let head = header.file_head();
    let mut file_hash = Sha256::new();
    file_hash.update(head.as_bytes());
    let mut public = public_table(&published);
    // The records, the figures, the status and the audit entry commit together or not at all.
    let _append = storage::audit::turn().await;
    let mut tx = storage::audit::begin(&state.pool).await?;
    let audit_head = storage::audit::head(&mut tx, Some(&survey.id)).await?;
    job.step(JobStep::Writing, Some(order.len() as u64));
    for (batch_no, batch) in order.chunks(BATCH).enumerate() {
        let lines: Vec<String> = {
            let table = live.read();
            batch
                .iter()
                .map(|i| {
                    let record = plan.record(&table, *i as usize);
                    push_record(&mut public, &record);
                    serde_json::to_string(&record).expect("a record always serializes")
                })
                .collect()
        };
        storage::publications::insert_records(&mut tx, &survey.id, batch_no * BATCH, &lines)
            .await?;
        for (k, line) in lines.iter().enumerate() {
            if batch_no + k > 0 {
                file_hash.update(b",");
            }
            file_hash.update(line.as_bytes());
        }
        job.advance(lines.len() as u64);
    }
    job.step(JobStep::Saving, None);
    file_hash.update(DATA_TAIL.as_bytes());
    let data_digest = hex(&file_hash.finalize());
    let figures = figures(&published, &public, frozen.session.unwrap_or_default());
    let history = match &figures.ballot {
        Some(current) => {
            let mut rounds = vec![current.clone()];
            rounds.extend(earlier_rounds(state, survey).await?);
            item_histories(&rounds)
        }
        None => Vec::new(),
    };
    let published_at = now_millis();
    let publication = Publication {
        survey_id: survey.id.clone(),
        title: survey.title.clone(),
        organizer: survey.organizer.clone(),
        wave: survey.wave.clone(),
        kind: survey.kind,
        closed_at,
        published_at,
        threshold: THRESHOLD,
        frozen_responses,
        frozen_digest: frozen_digest.clone(),
        data_digest: data_digest.clone(),
        published_responses: order.len() as u64,
        withheld,
        coarsening: plan.coarsening.clone(),
        dropped: plan.dropped.clone(),
        results: figures.results,
        groups: figures.groups,
        ballot: figures.ballot,
        history,
        texts,
        audit_head,
    };
    let publication_json =
        serde_json::to_string(&publication).map_err(|e| AppError::Internal(e.into()))?;
    storage::publications::insert_publication(
        &mut tx,
        &survey.id,
        published_at,
        &publication_json,
        &head,
        &data_digest,
    )
    .await?;
    SurveyStore::update_status(
        &mut tx,
        &survey.id,
        SurveyStatus::Closed,
        SurveyStatus::Published,
    )
    .await?;
    let detail = serde_json::json!({
        "published_responses": publication.published_responses,
        "frozen_digest": frozen_digest,
        "data_digest": data_digest,
    });
    storage::audit::append(&mut tx, actor, "publish", Some(&survey.id), detail).await?;
    tx.commit().await?;
    state.surveys.mark(&survey.id, SurveyStatus::Published);
    live.touch();
    Ok(publication)
}
