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
    // The answer as text: SQLite takes a JSON path, PostgreSQL the key itself.
    let (sql, key) = match Dialect::of(pool) {
        Dialect::Sqlite => (
            "SELECT r.id, json_extract(r.answers, $1), t.approved, t.question_id FROM responses r \
             LEFT JOIN text_reviews t ON t.response_id = r.id AND t.question_id = $2 \
             WHERE r.survey_id = $3 AND json_extract(r.answers, $1) IS NOT NULL \
             ORDER BY r.received_at, r.id LIMIT $4 OFFSET $5",
            format!("$.\"{}\"", question_id.replace('"', "")),
        ),
        Dialect::Postgres => (
            "SELECT r.id, CAST(r.answers AS JSON) ->> $1, t.approved, t.question_id FROM responses r \
             LEFT JOIN text_reviews t ON t.response_id = r.id AND t.question_id = $2 \
             WHERE r.survey_id = $3 AND CAST(r.answers AS JSON) ->> $1 IS NOT NULL \
             ORDER BY r.received_at, r.id LIMIT $4 OFFSET $5",
            question_id.to_string(),
        ),
    };
    sqlx::query_as(sql)
        .bind(key)
        .bind(question_id)
        .bind(survey_id)
        .bind(limit)
        .bind(offset)
        .fetch_all(pool)
        .await
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
