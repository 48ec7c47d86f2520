//! Surveys from the command line: `manyi survey-add`, `codes`, `sample` and `stats`.

use std::collections::BTreeMap;
use std::path::Path;

use crate::domain::audit::CLI_ACTOR;
use crate::domain::sample::{answers, SampleRng};
use crate::domain::{Survey, SurveyStatus};
use crate::server::services::codes;
use crate::server::services::store::add_survey;
use crate::server::storage;

use super::{open_surveys, Context};

/// `manyi survey-add FILE --status draft|open`: checked and stored as staff's builder stores it.
pub async fn add(context: &Context, file: &Path, status: &str) -> anyhow::Result<()> {
    let survey: Survey = serde_json::from_str(&std::fs::read_to_string(file)?)
        .map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
    let status = match status {
        "draft" => SurveyStatus::Draft,
        "open" => SurveyStatus::Open,
        other => anyhow::bail!("status must be draft or open, not {other}"),
    };
    // Seeding first: a first survey must not stop the bundled evaluations being seeded.
    let (pool, _) = open_surveys(context).await?;
    add_survey(&pool, &survey, status, CLI_ACTOR).await?;
    println!("added {} ({})", survey.id, status.as_str());
    Ok(())
}

/// `manyi codes --survey ID --count N`: a batch of one-time codes, printed once.
pub async fn issue_codes(context: &Context, survey: &str, count: usize) -> anyhow::Result<()> {
    let (pool, surveys) = open_surveys(context).await?;
    if surveys.get(survey).is_none() {
        anyhow::bail!("no survey {survey}");
    }
    // The batch is logged with it, by `cli`.
    let (_, codes) = codes::issue(&pool, survey, count, "命令行生成", CLI_ACTOR).await?;
    for code in codes {
        println!("{code}");
    }
    Ok(())
}

/// `manyi sample --survey ID --count N --seed S`: valid synthetic answers, never stored.
pub async fn sample(
    context: &Context,
    survey: &str,
    count: usize,
    seed: u64,
) -> anyhow::Result<()> {
    let (_, surveys) = open_surveys(context).await?;
    let stored = surveys
        .get(survey)
        .ok_or_else(|| anyhow::anyhow!("no survey {survey}"))?;
    let mut rng = SampleRng::new(seed);
    for _ in 0..count {
        println!(
            "{}",
            serde_json::to_string(&answers(&stored.survey, &mut rng))?
        );
    }
    Ok(())
}

/// `manyi stats`: the stored responses per survey, as one JSON object.
pub async fn stats(context: &Context) -> anyhow::Result<()> {
    let pool = storage::connect(&context.database).await?;
    println!("{}", serde_json::to_string(&stored_counts(&pool).await?)?);
    Ok(())
}

/// How many responses each survey has stored (a survey with none is left out).
pub async fn stored_counts(pool: &storage::Pool) -> Result<BTreeMap<String, i64>, storage::Error> {
    let rows = storage::responses::counts_by_survey(pool).await?;
    Ok(rows.into_iter().collect())
}
