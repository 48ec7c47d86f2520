//! Reviewing free-text answers: nothing anyone wrote is published unless staff approve it,
//! one answer at a time. Decisions are logged (counts only, never the text).

use axum::extract::{Path, Query, State};
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;

use crate::domain::wire::{Role, TextAnswer, TextDecision};
use crate::domain::{Answers, ErrorCode, SurveyStatus};

use crate::server::error::AppError;
use crate::server::http::auth::CurrentUser;
use crate::server::http::extract::JsonBody;
use crate::server::storage::{self, now_millis};
use crate::server::AppState;

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
        let offset = page.offset.max(0);
        let rows = storage::texts::answers(&state.pool, &id, &q.id, PAGE, offset).await?;
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
    let _turn = state.lifecycle_turn().await?;
    let stored = state.surveys.require(&id)?;
    if stored.status == SurveyStatus::Published {
        return Err(AppError::Conflict("结果已公布，不能再更改文字意见的审核"));
    }
    let _append = storage::audit::turn().await;
    let mut tx = storage::audit::begin(&state.pool).await?;
    let now = now_millis();
    for (i, d) in decisions.iter().enumerate() {
        let is_text = stored
            .survey
            .question(&d.question)
            .is_some_and(|q| q.kind.is_text());
        let answers = storage::texts::response_answers(&mut tx, &d.response_id, &id).await?;
        let answered = answers
            .and_then(|json| serde_json::from_str::<Answers>(&json).ok())
            .is_some_and(|a| a.get(&d.question).is_some_and(|x| !x.is_blank()));
        if !is_text || !answered {
            return Err(AppError::field_message(
                &format!("{i}.response_id"),
                ErrorCode::InvalidChoice,
                "没有这条文字意见",
            ));
        }
        let reviewer = &user.0.username;
        storage::texts::review(
            &mut tx,
            &d.response_id,
            &d.question,
            d.approved,
            reviewer,
            now,
        )
        .await?;
    }
    let approved = decisions.iter().filter(|d| d.approved).count();
    let detail = serde_json::json!({"approved": approved, "rejected": decisions.len() - approved});
    storage::audit::append(
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
