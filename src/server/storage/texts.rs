//! Free-text answers and staff's reviews of them (`text_reviews`). What may be listed or
//! published is decided by the callers.

use super::{Connection, Dialect, Error, Pool};

/// A text answer as listed: response id, the text, its review (1 approved) and question.
pub type TextRow = (String, String, Option<i64>, Option<String>);

/// The answers to one text question, with their reviews, a page at a time.
pub async fn answers(
    pool: &Pool,
    survey_id: &str,
    question_id: &str,
    limit: i64,
    offset: i64,
) -> Result<Vec<TextRow>, Error> {
    if Dialect::of(pool) == Dialect::Postgres {
        return answers_on_postgres(pool, survey_id, question_id, limit, offset).await;
    }
    sqlx::query_as(
        "SELECT r.id, json_extract(r.answers, $1), t.approved, t.question_id FROM responses r \
         LEFT JOIN text_reviews t ON t.response_id = r.id AND t.question_id = $2 \
         WHERE r.survey_id = $3 AND json_extract(r.answers, $1) IS NOT NULL \
         ORDER BY r.received_at, r.id LIMIT $4 OFFSET $5",
    )
    .bind(format!("$.\"{}\"", question_id.replace('"', "")))
    .bind(question_id)
    .bind(survey_id)
    .bind(limit)
    .bind(offset)
    .fetch_all(pool)
    .await
}

/// [`answers`] on PostgreSQL, whose JSON refuses the escaped NUL (`\u0000`) a respondent
/// may type: the rows with the answer are found in JSON where it stands for U+FFFD, and
/// the answer itself is read from the stored JSON here, exactly as typed.
async fn answers_on_postgres(
    pool: &Pool,
    survey_id: &str,
    question_id: &str,
    limit: i64,
    offset: i64,
) -> Result<Vec<TextRow>, Error> {
    let rows: Vec<(String, String, Option<i64>, Option<String>)> = sqlx::query_as(
        "SELECT r.id, r.answers, t.approved, t.question_id FROM responses r \
         LEFT JOIN text_reviews t ON t.response_id = r.id AND t.question_id = $1 \
         WHERE r.survey_id = $2 \
           AND CAST(replace(r.answers, '\\u0000', '\\ufffd') AS JSON) ->> $1 IS NOT NULL \
         ORDER BY r.received_at, r.id LIMIT $3 OFFSET $4",
    )
    .bind(question_id)
    .bind(survey_id)
    .bind(limit)
    .bind(offset)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, answers, approved, reviewed)| {
            let answers: serde_json::Value = serde_json::from_str(&answers).unwrap_or_default();
            let text = match &answers[question_id] {
                serde_json::Value::String(text) => text.clone(),
                other => other.to_string(),
            };
            (id, text, approved, reviewed)
        })
        .collect())
}

/// A stored response's answers (JSON), if the survey has it.
pub async fn response_answers(
    tx: &mut Connection,
    response_id: &str,
    survey_id: &str,
) -> Result<Option<String>, Error> {
    let row: Option<(String,)> =
        sqlx::query_as("SELECT answers FROM responses WHERE id = $1 AND survey_id = $2")
            .bind(response_id)
            .bind(survey_id)
            .fetch_optional(&mut *tx)
            .await?;
    Ok(row.map(|(json,)| json))
}

/// Record (or change) a review.
pub async fn review(
    tx: &mut Connection,
    response_id: &str,
    question_id: &str,
    approved: bool,
    reviewer: &str,
    now: i64,
) -> Result<(), Error> {
    sqlx::query(
        "INSERT INTO text_reviews (response_id, question_id, approved, reviewer, reviewed_at) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (response_id, question_id) DO UPDATE SET approved = excluded.approved, \
         reviewer = excluded.reviewer, reviewed_at = excluded.reviewed_at",
    )
    .bind(response_id)
    .bind(question_id)
    .bind(approved as i64)
    .bind(reviewer)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// `(question, answers JSON)` of every approved text answer of a survey.
pub async fn approved(pool: &Pool, survey_id: &str) -> Result<Vec<(String, String)>, Error> {
    sqlx::query_as(
        "SELECT t.question_id, r.answers FROM text_reviews t JOIN responses r ON r.id = t.response_id \
         WHERE r.survey_id = $1 AND t.approved = 1",
    )
    .bind(survey_id)
    .fetch_all(pool)
    .await
}
