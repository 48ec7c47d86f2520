//! Appending staff actions to the hash-chained audit log, and reading a chain back
//! (`GET /api/surveys/{id}/audit` is public: anyone can verify a survey's chain).

use axum::extract::{Path, State};
use axum::routing::get;
use axum::{Json, Router};
use sqlx::SqlitePool;

use crate::domain::audit::AuditEntry;
use crate::domain::wire::Role;

use super::auth::CurrentUser;
use super::db::now_millis;
use super::error::AppError;
use super::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/surveys/{id}/audit", get(survey_chain))
        .route("/staff/audit", get(system_chain))
}

type Row = (i64, i64, String, String, String, String, String);

fn entry(scope: &str, row: Row) -> AuditEntry {
    let (seq, at, actor, action, detail, prev_hash, hash) = row;
    AuditEntry {
        seq: seq as u64,
        at,
        actor,
        action,
        survey_id: (!scope.is_empty()).then(|| scope.to_string()),
        detail,
        prev_hash,
        hash,
    }
}

/// A whole chain, oldest first (`None`: the chain of actions on no survey).
pub async fn chain(
    pool: &SqlitePool,
    survey_id: Option<&str>,
) -> Result<Vec<AuditEntry>, AppError> {
    let scope = survey_id.unwrap_or("");
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT seq, at, actor, action, detail, prev_hash, hash FROM audit_log WHERE scope = ? ORDER BY seq",
    )
    .bind(scope)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(|r| entry(scope, r)).collect())
}

/// Appends in this process, one at a time, so concurrent actions do not race for the head.
static APPENDING: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// Append one action. Within the server, appends take turns; another process (the command
/// line) appending at the same moment makes the insert hit the primary key, and it simply
/// tries again on the new head.
pub async fn record(
    pool: &SqlitePool,
    actor: &str,
    action: &str,
    survey_id: Option<&str>,
    detail: serde_json::Value,
) -> Result<AuditEntry, AppError> {
    let scope = survey_id.unwrap_or("");
    let detail = detail.to_string();
    let _turn = APPENDING.lock().await;
    for _ in 0..8 {
        let head: Option<Row> = sqlx::query_as(
            "SELECT seq, at, actor, action, detail, prev_hash, hash FROM audit_log WHERE scope = ? ORDER BY seq DESC LIMIT 1",
        )
        .bind(scope)
        .fetch_optional(pool)
        .await?;
        let previous = head.map(|r| entry(scope, r));
        let next = AuditEntry::next(
            previous.as_ref(),
            now_millis(),
            actor,
            action,
            survey_id,
            &detail,
        );
        let inserted = sqlx::query(
            "INSERT INTO audit_log (scope, seq, at, actor, action, detail, prev_hash, hash) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (scope, seq) DO NOTHING",
        )
        .bind(scope)
        .bind(next.seq as i64)
        .bind(next.at)
        .bind(&next.actor)
        .bind(&next.action)
        .bind(&next.detail)
        .bind(&next.prev_hash)
        .bind(&next.hash)
        .execute(pool)
        .await?;
        if inserted.rows_affected() == 1 {
            return Ok(next);
        }
    }
    Err(AppError::Internal(anyhow::anyhow!(
        "audit log: could not append after 8 tries"
    )))
}

async fn survey_chain(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Vec<AuditEntry>>, AppError> {
    state.surveys.get(&id).ok_or(AppError::NotFound("survey"))?;
    Ok(Json(chain(&state.pool, Some(&id)).await?))
}

/// Sign-ins and account changes: for admins only.
async fn system_chain(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Json<Vec<AuditEntry>>, AppError> {
    user.require(Role::Admin)?;
    Ok(Json(chain(&state.pool, None).await?))
}
