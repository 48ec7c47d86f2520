//! Account administration for admins in the dashboard (`/api/staff/users…`): list
//! accounts, add one, disable and enable one, set a password. The rules and the audit
//! entries are `services::accounts`'s; this module only answers HTTP.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{Json, Router};

use crate::domain::wire::{
    Account, AccountState, NewPassword, NewUser, PasswordSet, Role, StaffUser,
};
use crate::server::error::AppError;
use crate::server::http::auth::{self, CurrentUser};
use crate::server::http::extract::JsonBody;
use crate::server::services::accounts;
use crate::server::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/staff/users", get(list_accounts).post(add_account))
        .route(
            "/staff/users/{name}/disable",
            post(|state, user, name| change_account(state, user, name, true)),
        )
        .route(
            "/staff/users/{name}/enable",
            post(|state, user, name| change_account(state, user, name, false)),
        )
        .route("/staff/users/{name}/password", post(set_account_password))
}

async fn list_accounts(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Json<Vec<Account>>, AppError> {
    user.require(Role::Admin)?;
    Ok(Json(
        accounts::list(&state.pool, state.auth.sessions).await?,
    ))
}

async fn add_account(
    State(state): State<AppState>,
    user: CurrentUser,
    JsonBody(new_user): JsonBody<NewUser>,
) -> Result<impl IntoResponse, AppError> {
    user.require(Role::Admin)?;
    accounts::create_user(&state.pool, &new_user, &user.0.username).await?;
    Ok((
        StatusCode::CREATED,
        Json(StaffUser {
            username: new_user.username,
            role: new_user.role,
        }),
    ))
}

/// `POST …/disable` (`disable`) or `…/enable`.
async fn change_account(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(name): Path<String>,
    disable: bool,
) -> Result<Json<AccountState>, AppError> {
    user.require(Role::Admin)?;
    let changed = accounts::set_disabled(&state.pool, &name, disable, &user.0.username).await?;
    Ok(Json(changed))
}

/// The given password, or a generated one returned this once. An admin setting their own
/// password keeps the session they do it from; every other session of the account ends.
async fn set_account_password(
    State(state): State<AppState>,
    user: CurrentUser,
    headers: HeaderMap,
    Path(name): Path<String>,
    JsonBody(body): JsonBody<NewPassword>,
) -> Result<Json<PasswordSet>, AppError> {
    user.require(Role::Admin)?;
    let generated = body.password.is_none();
    let password = body.password.unwrap_or_else(accounts::random_password);
    let keep = (name == user.0.username)
        .then(|| auth::session_hash(&headers))
        .flatten();
    let actor = &user.0.username;
    let ended = accounts::set_password(
        &state.pool,
        &name,
        &password,
        generated,
        actor,
        keep.as_deref(),
    )
    .await?;
    Ok(Json(PasswordSet {
        username: name,
        generated: generated.then_some(password),
        sessions_ended: ended,
    }))
}
