//! Survey definitions for the builder: read, create, save (a new version once answers
//! exist) and the time window. Every change is logged in the survey's audit chain.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, post, put};
use axum::{Json, Router};

use crate::domain::definition_check::check_definition;
use crate::domain::distribution::{next_version_id, DefinitionSaved, DefinitionView};
use crate::domain::schedule::Schedule;
use crate::domain::wire::Role;
use crate::domain::{ErrorCode, FieldError, Survey, SurveyStatus};

use crate::server::error::AppError;
use crate::server::http::auth::CurrentUser;
use crate::server::http::extract::JsonBody;
use crate::server::services::store::SurveyStore;
use crate::server::storage;
use crate::server::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/staff/surveys/new", post(create))
        .route("/staff/surveys/{id}/definition", get(read).put(save))
        .route("/staff/surveys/{id}/schedule", put(set_schedule))
}

/// The definition's problems as field errors named by their path, then its links.
fn checked(state: &AppState, survey: &Survey) -> Result<(), AppError> {
    check_definition(survey).map_err(|problems| {
        AppError::Validation(
            problems
                .into_iter()
                .map(|p| {
                    let mut error = FieldError::new(p.path, ErrorCode::InvalidDefinition);
                    error.message = p.message;
                    error
                })
                .collect(),
        )
    })?;
    check_links(state, survey)
}

/// A version link must name a survey that exists (a ballot's earlier round likewise).
fn check_links(state: &AppState, survey: &Survey) -> Result<(), AppError> {
    let previous = survey.ballot.as_ref().and_then(|b| b.previous.as_deref());
    if let Some(previous) = previous {
        if previous == survey.id || state.surveys.get(previous).is_none() {
            return Err(AppError::field_message(
                "ballot.previous",
                ErrorCode::InvalidDefinition,
                format!("上一轮表决“{previous}”不存在"),
            ));
        }
    }
    Ok(())
}

async fn read(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<DefinitionView>, AppError> {
    user.require(Role::Viewer)?;
    let stored = state.surveys.require(&id)?;
    Ok(Json(DefinitionView {
        survey: stored.survey.clone(),
        status: stored.status,
        schedule: stored.schedule,
        responses: state.live.responses(&id),
        public_origin: state.public_origin.clone(),
    }))
}

/// Store `survey` as a draft and log `action` with its title and size (and `version_of`),
/// in one transaction; `then` logs more in it (the old survey's `edit` for a new version).
async fn store_draft(
    state: &AppState,
    user: &CurrentUser,
    survey: Survey,
    action: &str,
    then: Option<(&str, serde_json::Value)>,
) -> Result<(), AppError> {
    let id = survey.id.clone();
    let mut detail =
        serde_json::json!({"title": survey.title, "questions": survey.question_count()});
    if let Some(of) = &survey.version_of {
        detail["version_of"] = serde_json::json!(of);
    }
    let actor = &user.0.username;
    let _append = storage::audit::turn().await;
    let mut tx = storage::audit::begin(&state.pool).await?;
    SurveyStore::write(&mut tx, &survey, SurveyStatus::Draft).await?;
    storage::audit::append(&mut tx, actor, action, Some(&id), detail).await?;
    if let Some((earlier, edit)) = then {
        storage::audit::append(&mut tx, actor, "edit", Some(earlier), edit).await?;
    }
    tx.commit().await?;
    state.surveys.put(survey, SurveyStatus::Draft);
    Ok(())
}

fn saved(
    status: StatusCode,
    id: String,
    version_of: Option<String>,
) -> (StatusCode, Json<DefinitionSaved>) {
    (status, Json(DefinitionSaved { id, version_of }))
}

/// A new survey, as a draft.
async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    JsonBody(survey): JsonBody<Survey>,
) -> Result<(StatusCode, Json<DefinitionSaved>), AppError> {
    user.require(Role::Staff)?;
    checked(&state, &survey)?;
    if state.surveys.get(&survey.id).is_some() {
        return Err(AppError::field_message(
            "id",
            ErrorCode::InvalidDefinition,
            format!("测评编号“{}”已被使用，请换一个", survey.id),
        ));
    }
    let id = survey.id.clone();
    store_draft(&state, &user, survey, "create", None).await?;
    Ok(saved(StatusCode::CREATED, id, None))
}

/// Save an edited definition. A draft without answers changes in place; anything else
/// keeps its definition and gets a new draft version beside it.
async fn save(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    JsonBody(mut survey): JsonBody<Survey>,
) -> Result<(StatusCode, Json<DefinitionSaved>), AppError> {
    user.require(Role::Staff)?;
    // In turn with opening: a draft is edited in place only while it is still a draft.
    let _turn = state.lifecycle_turn().await?;
    let stored = state.surveys.require(&id)?;
    if survey.id != id {
        return Err(AppError::field_message(
            "id",
            ErrorCode::InvalidDefinition,
            "保存时不能修改测评编号；如需新编号，请复制为新测评",
        ));
    }
    checked(&state, &survey)?;
    if survey == stored.survey {
        return Ok(saved(StatusCode::OK, id, None));
    }
    let responses = state.live.responses(&id);
    if stored.status == SurveyStatus::Draft && responses == 0 {
        // Answers are encoded by the definition's codebook: a changed draft needs a new one.
        state.live.reset(&survey);
        store_draft(&state, &user, survey, "edit", None).await?;
        return Ok(saved(StatusCode::OK, id, None));
    }
    let new_id = next_version_id(&id, |candidate| state.surveys.get(candidate).is_some());
    survey.id = new_id.clone();
    survey.version_of = Some(id.clone());
    if survey.series.is_empty() {
        // Versions of one survey line up in the wave comparison.
        survey.series = stored.survey.series.clone();
    }
    let edit = serde_json::json!({"new_version": new_id, "responses": responses});
    store_draft(&state, &user, survey, "create", Some((&id, edit))).await?;
    Ok(saved(StatusCode::CREATED, new_id, Some(id)))
}

async fn set_schedule(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    JsonBody(schedule): JsonBody<Schedule>,
) -> Result<Json<Schedule>, AppError> {
    user.require(Role::Staff)?;
    let _turn = state.lifecycle_turn().await?;
    let stored = state.surveys.require(&id)?;
    if matches!(
        stored.status,
        SurveyStatus::Closed | SurveyStatus::Published
    ) {
        return Err(AppError::Conflict("测评已结束，不能再修改时间"));
    }
    schedule
        .check()
        .map_err(|e| AppError::Validation(vec![e]))?;
    let detail =
        serde_json::json!({"opens_at": schedule.opens_at, "closes_at": schedule.closes_at});
    let _append = storage::audit::turn().await;
    let mut tx = storage::audit::begin(&state.pool).await?;
    SurveyStore::write_schedule(&mut tx, &id, schedule).await?;
    storage::audit::append(&mut tx, &user.0.username, "schedule", Some(&id), detail).await?;
    tx.commit().await?;
    state.surveys.mark_schedule(&id, schedule);
    state.live.ensure(&stored.survey).touch();
    Ok(Json(schedule))
}
