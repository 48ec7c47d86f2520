//! `POST /api/surveys/{id}/responses`: validate against the stored definition, then hand the
//! response to the group-commit writer and answer after COMMIT.

use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{middleware, Json, Router};
use std::sync::Arc;

use crate::domain::distribution::is_channel_id;
use crate::domain::publication::PAPER_CHANNEL;
use crate::domain::validation::validate;
use crate::domain::wire::{Submission, MAX_SUBMISSION_BYTES};
use crate::domain::{Access, ErrorCode, SurveyKind};

use crate::server::error::{AppError, Refused};
use crate::server::http::extract::JsonBody;
use crate::server::http::observe;
use crate::server::http::rate_limit::{self, AddressLimiter};
use crate::server::services::codes;
use crate::server::services::writer::{NewResponse, Outcome, ResponseKind};
use crate::server::AppState;

pub fn router(limiter: Option<Arc<AddressLimiter>>) -> Router<AppState> {
    let router = Router::new()
        .route("/surveys/{id}/responses", post(submit))
        .layer(DefaultBodyLimit::max(MAX_SUBMISSION_BYTES))
        .layer(middleware::from_fn(count_outcome));
    match limiter {
        Some(limiter) => {
            router.route_layer(middleware::from_fn_with_state(limiter, rate_limit::limit))
        }
        None => router,
    }
}

/// Count each submission by how it ended (`observe::SUBMISSIONS`): accepted, replayed, or
/// the code it was refused with (a malformed body too, refused before the handler).
async fn count_outcome(request: axum::extract::Request, next: middleware::Next) -> Response {
    let response = next.run(request).await;
    let outcome = match (response.status(), response.extensions().get::<Refused>()) {
        (_, Some(Refused(code))) => code.clone(),
        (StatusCode::CREATED, None) => "accepted".to_string(),
        (StatusCode::OK, None) => "replayed".to_string(),
        (status, None) => status.as_str().to_string(),
    };
    metrics::counter!(observe::SUBMISSIONS, "outcome" => outcome).increment(1);
    response
}

async fn submit(
    State(state): State<AppState>,
    Path(survey_id): Path<String>,
    JsonBody(submission): JsonBody<Submission>,
) -> Result<impl IntoResponse, AppError> {
    let stored = state.surveys.require_public(&survey_id)?;
    let survey = &stored.survey;
    validate(survey, &submission.answers).map_err(AppError::Validation)?;
    let ballot = survey.kind == SurveyKind::Ballot;
    if ballot && submission.channel.is_some() {
        // A per-member link would tag the ballot with its voter.
        return Err(AppError::field_message(
            "channel",
            ErrorCode::WrongType,
            "测评票不接受渠道参数",
        ));
    }
    if let Some(channel) = &submission.channel {
        // `paper` is for ballots staff enter from paper: no one submits as that channel.
        if !is_channel_id(channel) || channel == PAPER_CHANNEL {
            return Err(AppError::field("channel", ErrorCode::WrongType));
        }
    }
    let code_hash = match survey.access {
        Access::Open => None,
        Access::OneTimeCode => {
            let code = submission
                .code
                .as_deref()
                .map(codes::normalize)
                .unwrap_or_default();
            if code.is_empty() {
                return Err(AppError::field("code", ErrorCode::Required));
            }
            Some(codes::hash(&survey.id, &code))
        }
    };
    // Validation refused every non-blank answer to a hidden question: only blanks remain to drop.
    let mut answers = submission.answers;
    answers.retain(|_, answer| !answer.is_blank());
    let encoded = state.live.ensure(survey).codebook.encode(&answers);
    let response = NewResponse {
        id: submission.id,
        survey_id: survey.id.clone(),
        answers_json: serde_json::to_string(&answers).map_err(|e| AppError::Internal(e.into()))?,
        channel: submission.channel,
        code_hash,
        encoded,
        kind: if ballot {
            ResponseKind::Ballot
        } else {
            ResponseKind::Response
        },
        entered_by: None,
    };
    Ok(match state.writer.submit(response).await? {
        Outcome::Accepted(receipt) => (StatusCode::CREATED, Json(receipt)),
        Outcome::Replayed(receipt) => (StatusCode::OK, Json(receipt)),
    })
}
