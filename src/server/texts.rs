//! Reviewing free-text answers: nothing anyone wrote is published unless staff approve it,
//! one answer at a time. Decisions are logged (counts only, never the text).

use axum::extract::{Path, Query, State};
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;

use crate::domain::wire::{Role, TextAnswer, TextDecision};
use crate::domain::{Answers, ErrorCode, SurveyStatus};

use super::auth::CurrentUser;
use super::db::now_millis;
use super::error::AppError;
use super::extract::JsonBody;
use super::AppState;

/// Answers listed per request.
const PAGE: i64 = 200;

pub fn router() -> Router<AppState> {
    Router::new().route("/staff/surveys/{id}/texts", get(list).put(decide))
}

#[derive(Debug, Default, Deserialize)]
struct Page {
    #[serde(default)]
    offset: i64,
}

type Row = (String, String, Option<i64>, Option<String>);

async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    Query(page): Query<Page>,
) -> Result<Json<Vec<TextAnswer>>, AppError> {
    user.require(Role::Staff)?;
    let stored = state.surveys.require(&id)?;
    if stored.ballot_sealed() {
        return Err(AppError::Conflict("投票结束前不能查看测评票的意见"));
    }
    let text_questions: Vec<_> = stored
        .survey
        .questions()
        .filter(|q| q.kind.is_text())
        .collect();
    if text_questions.is_empty() {
        return Ok(Json(Vec::new()));
    }
    // One row per (response, text question) that has an answer; reviews joined in. A
    // ballot's rows share one date and have ids the server drew at random, so their
    // order says nothing of arrival.
    let mut answers = Vec::new();
    for q in &text_questions {
        let path = format!("$.\"{}\"", q.id.replace('"', ""));
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT r.id, json_extract(r.answers, ?), t.approved, t.question_id FROM responses r \
             LEFT JOIN text_reviews t ON t.response_id = r.id AND t.question_id = ? \
             WHERE r.survey_id = ? AND json_extract(r.answers, ?) IS NOT NULL \
             ORDER BY r.received_at, r.id LIMIT ? OFFSET ?",
        )
        .bind(&path)
        .bind(&q.id)
        .bind(&id)
        .bind(&path)
        .bind(PAGE)
        .bind(page.offset.max(0))
        .fetch_all(&state.pool)
        .await?;
        for (response_id, text, approved, _) in rows {
            answers.push(TextAnswer {
                response_id,
                question: q.id.clone(),
                title: q.title.clone(),
                text,
                approved: approved.map(|a| a == 1),
            });
        }
    }
    Ok(Json(answers))
}

async fn decide(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    JsonBody(decisions): JsonBody<Vec<TextDecision>>,
) -> Result<Json<serde_json::Value>, AppError> {
    user.require(Role::Staff)?;
    // In turn with publishing, which reads the approved answers.
    let _turn = state.lifecycle.lock().await;
    let stored = state.surveys.require(&id)?;
    if stored.status == SurveyStatus::Published {
        return Err(AppError::Conflict("结果已公布，不能再更改文字意见的审核"));
    }
    let _append = super::audit::turn().await;
    let mut tx = super::audit::begin(&state.pool).await?;
    let now = now_millis();
    for (i, d) in decisions.iter().enumerate() {
        let is_text = stored
            .survey
            .question(&d.question)
            .is_some_and(|q| q.kind.is_text());
        let answers: Option<(String,)> =
            sqlx::query_as("SELECT answers FROM responses WHERE id = ? AND survey_id = ?")
                .bind(&d.response_id)
                .bind(&id)
                .fetch_optional(&mut *tx)
                .await?;
        let answered = answers
            .and_then(|(json,)| serde_json::from_str::<Answers>(&json).ok())
            .is_some_and(|a| a.get(&d.question).is_some_and(|x| !x.is_blank()));
        if !is_text || !answered {
            return Err(AppError::field_message(
                &format!("{i}.response_id"),
                ErrorCode::InvalidChoice,
                "没有这条文字意见",
            ));
        }
        sqlx::query(
            "INSERT INTO text_reviews (response_id, question_id, approved, reviewer, reviewed_at) VALUES (?, ?, ?, ?, ?) \
             ON CONFLICT (response_id, question_id) DO UPDATE SET approved = excluded.approved, \
             reviewer = excluded.reviewer, reviewed_at = excluded.reviewed_at",
        )
        .bind(&d.response_id)
        .bind(&d.question)
        .bind(d.approved as i64)
        .bind(&user.0.username)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    }
    let approved = decisions.iter().filter(|d| d.approved).count();
    let detail = serde_json::json!({"approved": approved, "rejected": decisions.len() - approved});
    super::audit::append(
        &mut tx,
        &user.0.username,
        "text_review",
        Some(&id),
        detail.clone(),
    )
    .await?;
    tx.commit().await?;
    Ok(Json(detail))
}
