//! Account administration, for admins in the dashboard (`/api/staff/users…`) and at the
//! command line (`manyi user …`): list accounts, add one, disable and enable one, set a
//! password. Disabling an account or setting its password ends its sessions in the same
//! transaction, and every change is an entry in the audit chain of actions on no survey
//! (never with a password or a hash in it).

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{Json, Router};
use sqlx::{SqliteConnection, SqlitePool};

use crate::domain::calendar::beijing_minute;
use crate::domain::wire::{
    Account, AccountState, NewPassword, NewUser, PasswordSet, Role, StaffUser,
};

use super::auth::{self, CurrentUser, SessionLimits};
use super::db::now_millis;
use super::error::AppError;
use super::extract::JsonBody;
use super::AppState;

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

type AccountRow = (String, String, Option<i64>, i64, Option<i64>, i64);

/// Every account by name, with its state and its sessions live under `limits`.
pub async fn list(pool: &SqlitePool, limits: SessionLimits) -> Result<Vec<Account>, AppError> {
    let (oldest_sign_in, oldest_use) = limits.live_since(now_millis());
    let rows: Vec<AccountRow> = sqlx::query_as(
        "SELECT u.username, u.role, u.disabled_at, u.created_at, u.last_sign_in_at, \
         (SELECT COUNT(*) FROM sessions s WHERE s.username = u.username \
          AND s.created_at > ? AND s.last_seen_at > ?) \
         FROM users u ORDER BY u.username",
    )
    .bind(oldest_sign_in)
    .bind(oldest_use)
    .fetch_all(pool)
    .await?;
    rows.into_iter()
        .map(
            |(username, role, disabled_at, created_at, last_sign_in_at, sessions)| {
                Ok(Account {
                    role: Role::parse(&role)
                        .ok_or_else(|| anyhow::anyhow!("unknown role {role} of {username}"))?,
                    username,
                    disabled_at,
                    created_at,
                    last_sign_in_at,
                    sessions: sessions as u64,
                })
            },
        )
        .collect()
}

/// Disable an account (it can no longer sign in, its sessions end at once) or enable it
/// again, logged as `user_disable` or `user_enable` by `actor`. Nobody disables their own
/// account or the last enabled admin: someone must be left to administer. Asking for the
/// state an account is already in changes and logs nothing.
pub async fn set_disabled(
    pool: &SqlitePool,
    username: &str,
    disable: bool,
    actor: &str,
) -> Result<AccountState, AppError> {
    let _append = super::audit::turn().await;
    let mut tx = super::audit::begin(pool).await?;
    auth::ensure_still_admin(&mut tx, actor).await?;
    let row: Option<(String, Option<i64>)> =
        sqlx::query_as("SELECT role, disabled_at FROM users WHERE username = ?")
            .bind(username)
            .fetch_optional(&mut *tx)
            .await?;
    let (role, disabled_at) = row.ok_or(AppError::UserNotFound)?;
    let mut state = AccountState {
        username: username.to_string(),
        disabled: disabled_at.is_some(),
        sessions_ended: 0,
    };
    if state.disabled == disable {
        return Ok(state);
    }
    if disable {
        if username == actor {
            return Err(AppError::Conflict("不能停用自己正在使用的账号"));
        }
        if role == Role::Admin.as_str() && other_enabled_admins(&mut tx, username).await? == 0 {
            return Err(AppError::Conflict(
                "这是最后一个可用的管理员账号，停用后将无人能管理账号，请先启用或添加其他管理员",
            ));
        }
        sqlx::query("UPDATE users SET disabled_at = ? WHERE username = ?")
            .bind(now_millis())
            .bind(username)
            .execute(&mut *tx)
            .await?;
        state.sessions_ended = end_sessions(&mut tx, username, None).await?;
        let detail = serde_json::json!({
            "username": username,
            "role": role,
            "sessions_ended": state.sessions_ended,
        });
        super::audit::append(&mut tx, actor, "user_disable", None, detail).await?;
    } else {
        sqlx::query("UPDATE users SET disabled_at = NULL WHERE username = ?")
            .bind(username)
            .execute(&mut *tx)
            .await?;
        let detail = serde_json::json!({"username": username, "role": role});
        super::audit::append(&mut tx, actor, "user_enable", None, detail).await?;
    }
    tx.commit().await?;
    state.disabled = disable;
    Ok(state)
}

/// Give an account a new password (checked as a new account's is), logged as
/// `user_password` by `actor`: `generated` says whether the server made it up, the password
/// itself is never logged. Every session of the account ends, except `keep` (the session of
/// an admin setting their own password).
pub async fn set_password(
    pool: &SqlitePool,
    username: &str,
    password: &str,
    generated: bool,
    actor: &str,
    keep: Option<&[u8]>,
) -> Result<u64, AppError> {
    auth::check_password(password)?;
    let hash = auth::hash_in_background(password.to_string()).await?;
    let _append = super::audit::turn().await;
    let mut tx = super::audit::begin(pool).await?;
    auth::ensure_still_admin(&mut tx, actor).await?;
    let updated = sqlx::query("UPDATE users SET password_hash = ? WHERE username = ?")
        .bind(hash)
        .bind(username)
        .execute(&mut *tx)
        .await?;
    if updated.rows_affected() == 0 {
        return Err(AppError::UserNotFound);
    }
    let ended = end_sessions(&mut tx, username, keep).await?;
    let detail = serde_json::json!({
        "username": username,
        "generated": generated,
        "sessions_ended": ended,
    });
    super::audit::append(&mut tx, actor, "user_password", None, detail).await?;
    tx.commit().await?;
    Ok(ended)
}

async fn other_enabled_admins(tx: &mut SqliteConnection, username: &str) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar(
        "SELECT COUNT(*) FROM users WHERE role = 'admin' AND disabled_at IS NULL AND username <> ?",
    )
    .bind(username)
    .fetch_one(&mut *tx)
    .await?)
}

/// Delete the account's sessions but `keep`; how many ended.
async fn end_sessions(
    tx: &mut SqliteConnection,
    username: &str,
    keep: Option<&[u8]>,
) -> Result<u64, AppError> {
    let deleted = sqlx::query("DELETE FROM sessions WHERE username = ? AND token_hash IS NOT ?")
        .bind(username)
        .bind(keep)
        .execute(&mut *tx)
        .await?;
    Ok(deleted.rows_affected())
}

/// The accounts as a table for people (`manyi user list`), times in Beijing time.
pub fn table(accounts: &[Account]) -> String {
    let when = |ms: Option<i64>| ms.map(beijing_minute).unwrap_or_else(|| "-".into());
    let mut rows = vec![[
        "USERNAME".to_string(),
        "ROLE".into(),
        "STATE".into(),
        "CREATED".into(),
        "LAST SIGN-IN".into(),
        "SESSIONS".into(),
    ]];
    for a in accounts {
        let state = match a.disabled_at {
            Some(at) => format!("disabled {}", beijing_minute(at)),
            None => "enabled".into(),
        };
        rows.push([
            a.username.clone(),
            a.role.as_str().into(),
            state,
            when(Some(a.created_at)),
            when(a.last_sign_in_at),
            a.sessions.to_string(),
        ]);
    }
    let widths: Vec<usize> = (0..6)
        .map(|i| rows.iter().map(|r| r[i].chars().count()).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    for row in rows {
        let cells: Vec<String> = row
            .iter()
            .zip(&widths)
            .map(|(cell, width)| format!("{cell:width$}"))
            .collect();
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
    }
    out
}

async fn list_accounts(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Json<Vec<Account>>, AppError> {
    user.require(Role::Admin)?;
    Ok(Json(list(&state.pool, state.auth.sessions).await?))
}

async fn add_account(
    State(state): State<AppState>,
    user: CurrentUser,
    JsonBody(new_user): JsonBody<NewUser>,
) -> Result<impl IntoResponse, AppError> {
    user.require(Role::Admin)?;
    auth::create_user(&state.pool, &new_user, &user.0.username).await?;
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
    let changed = set_disabled(&state.pool, &name, disable, &user.0.username).await?;
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
    let password = body.password.unwrap_or_else(auth::random_password);
    let keep = (name == user.0.username)
        .then(|| auth::session_hash(&headers))
        .flatten();
    let actor = &user.0.username;
    let ended = set_password(
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
