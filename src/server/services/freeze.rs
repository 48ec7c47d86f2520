//! Closing a survey freezes its responses: wait for the writer to finish what was handed
//! to it, then record the count and digest of the stored set (and, for a ballot, the
//! session frozen with it: 应到, 实到, paper ballots). Knows neither HTTP nor SQL.

use tokio_stream::StreamExt;

use crate::domain::ballot::BallotSession;
use crate::domain::digest::{ballot_digest, ResponseSetDigest};
use crate::domain::jobs::JobStep;
use crate::domain::{Answers, Survey, SurveyKind};

use crate::server::error::AppError;
use crate::server::services::jobs::Job;
pub use crate::server::storage::publications::Frozen;
use crate::server::storage::{self, now_millis, Connection, Pool};

/// Digest every stored response of a survey (`domain::digest`). A questionnaire's lines
/// are the stored answers, sorted by SQLite (BINARY collation is byte order) and streamed;
/// a ballot's are its marks without free text and its session line, few enough to sort here.
/// Each response digested counts on `job`.
pub async fn digest_of(
    pool: &Pool,
    survey: &Survey,
    session: Option<&BallotSession>,
    job: &Job,
) -> Result<(u64, String), AppError> {
    let mut rows = std::pin::pin!(storage::responses::sorted_answers(pool, &survey.id));
    if let Some(session) = session {
        let mut ballots = Vec::new();
        while let Some(row) = rows.next().await {
            let answers: Answers =
                serde_json::from_str(&row?.0).map_err(|e| AppError::Internal(e.into()))?;
            ballots.push(answers);
            job.advance(1);
        }
        return Ok(ballot_digest(survey, &ballots, session));
    }
    let mut digest = ResponseSetDigest::new();
    while let Some(row) = rows.next().await {
        digest.add(&row?.0);
        job.advance(1);
    }
    Ok(digest.finish())
}

/// Called once the survey no longer takes responses and the writer has been flushed:
/// digest what is stored (and read a ballot's session). Nothing is written: [`record`]
/// does that, in the close's transaction.
pub async fn freeze(pool: &Pool, survey: &Survey, job: &Job) -> Result<Frozen, AppError> {
    job.step(
        JobStep::Digesting,
        Some(stored_count(pool, &survey.id).await?),
    );
    let session = if survey.kind == SurveyKind::Ballot {
        Some(storage::ballots::session(pool, &survey.id).await?)
    } else {
        None
    };
    let (responses, digest) = digest_of(pool, survey, session.as_ref(), job).await?;
    Ok(Frozen {
        responses,
        digest,
        session,
    })
}

/// The number of a survey's stored responses.
pub async fn stored_count(pool: &Pool, survey_id: &str) -> Result<u64, AppError> {
    Ok(storage::responses::count(pool, survey_id).await? as u64)
}

/// Write the closure: what the close froze, the latest row being the frozen set.
pub async fn record(tx: &mut Connection, survey_id: &str, frozen: &Frozen) -> Result<(), AppError> {
    storage::publications::insert_closure(tx, survey_id, now_millis(), frozen).await?;
    Ok(())
}

/// What the database keeps of the order a closed ballot's ballots came in, forgotten
/// (docs/trust.md, the secret ballot).
///
/// SQLite's write-ahead log holds pages in commit order: copy it into the database and
/// empty it. A reader still in the log (a long export) keeps it from being emptied; then
/// it is tried again until it is, in the background so the close need not wait for that
/// reader.
///
/// PostgreSQL appends each row where the table ends and stamps it with its transaction:
/// the close's own transaction wrote the ballots again (`storage::ballots::rewrite`); the
/// rows they replaced are vacuumed away here, in the background.
pub async fn forget_commit_order(pool: &Pool) {
    if storage::Dialect::of(pool) == storage::Dialect::Postgres {
        let pool = pool.clone();
        tokio::spawn(async move {
            if let Err(error) = storage::ballots::vacuum(&pool).await {
                tracing::warn!("closed ballot: vacuuming the rows written again failed: {error}");
            }
        });
        return;
    }
    if truncate_wal(pool).await {
        return;
    }
    let pool = pool.clone();
    tokio::spawn(async move {
        for attempt in 1u32.. {
            tokio::time::sleep(std::time::Duration::from_secs(2)).await;
            if truncate_wal(&pool).await {
                tracing::info!("closed ballot: the WAL was emptied after {attempt} retries");
                return;
            }
            if attempt % 30 == 0 {
                tracing::warn!("closed ballot: a reader still keeps the WAL; retrying");
            }
        }
    });
}

/// One `wal_checkpoint(TRUNCATE)`: did it empty the log?
async fn truncate_wal(pool: &Pool) -> bool {
    match storage::backup::truncate_wal(pool).await {
        Ok((busy, _, _)) => busy == 0,
        Err(error) => {
            tracing::warn!("WAL checkpoint failed: {error}");
            false
        }
    }
}
