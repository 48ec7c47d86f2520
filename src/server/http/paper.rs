//! Paper ballots (纸质测评表), entered by staff one at a time while the vote is open. Each
//! is stored exactly like an electronic ballot, with nothing telling it apart; only how
//! many came on paper is kept (and capped at 实到 minus the ballots in). The audit chain
//! logs "one more paper ballot", never its marks, in the ballot's own transaction.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::post;
use axum::{Json, Router};

use crate::domain::validation::validate;
use crate::domain::wire::{PaperBallot, Receipt, Role};
use crate::domain::{ErrorCode, QuestionKind, SurveyKind, SurveyStatus};

use crate::server::error::AppError;
use crate::server::http::auth::CurrentUser;
use crate::server::http::extract::JsonBody;
use crate::server::services::writer::{NewResponse, Outcome, ResponseKind};
use crate::server::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/staff/surveys/{id}/paper-ballots", post(enter))
}

async fn enter(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    JsonBody(ballot): JsonBody<PaperBallot>,
) -> Result<(StatusCode, Json<Receipt>), AppError> {
    user.require(Role::Staff)?;
    let stored = state.surveys.require(&id)?;
    let survey = &stored.survey;
    if survey.kind != SurveyKind::Ballot {
        return Err(AppError::NotABallot);
    }
    if stored.status != SurveyStatus::Open {
        return Err(AppError::Conflict("纸质票须在结束投票之前录入"));
    }
    // Only grades: a paper ballot's remarks stay on paper.
    let is_grade = |item: &str| {
        survey
            .question(item)
            .is_some_and(|q| matches!(q.kind, QuestionKind::Scale { .. }))
    };
    if let Some(other) = ballot.marks.keys().find(|item| !is_grade(item)) {
        return Err(AppError::field(
            &format!("marks.{other}"),
            ErrorCode::UnknownQuestion,
        ));
    }
    // A blank item is an invalid vote for that item, not a mistake in the entry.
    let problems: Vec<_> = validate(survey, &ballot.marks)
        .err()
        .unwrap_or_default()
        .into_iter()
        .filter(|e| e.error != ErrorCode::Required)
        .collect();
    if !problems.is_empty() {
        return Err(AppError::Validation(problems));
    }
    let answers_json =
        serde_json::to_string(&ballot.marks).map_err(|e| AppError::Internal(e.into()))?;
    let response = NewResponse {
        id: ballot.id,
        survey_id: survey.id.clone(),
        answers_json,
        channel: None,
        code_hash: None,
        encoded: state.live.ensure(survey).codebook.encode(&ballot.marks),
        kind: ResponseKind::PaperBallot,
        entered_by: Some(user.0.username.clone()),
    };
    Ok(match state.writer.submit(response).await? {
        Outcome::Accepted(receipt) => (StatusCode::CREATED, Json(receipt)),
        Outcome::Replayed(receipt) => (StatusCode::OK, Json(receipt)),
    })
}
