//! Staff sign-in: argon2id password hashes, random session tokens in an HttpOnly,
//! SameSite=Strict cookie (only their SHA-256 is stored), roles checked per request. A
//! session ends when unused for the idle limit, at the maximum age since sign-in, or when
//! its account is disabled or given a new password (`accounts`).

use std::sync::Arc;
use std::time::Duration;

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use axum::extract::{FromRef, FromRequestParts, State};
use axum::http::header::{COOKIE, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{middleware, Json, Router};
use cookie::{Cookie, SameSite};
use rand::RngCore;
use sha2::{Digest, Sha256};
use sqlx::SqlitePool;

use crate::domain::audit::is_system_actor;
use crate::domain::wire::{LoginRequest, NewUser, Role, StaffUser};
use crate::domain::ErrorCode;

use super::db::now_millis;
use super::error::AppError;
use super::extract::JsonBody;
use super::rate_limit::{self, AddressLimiter};
use super::AppState;

pub const SESSION_COOKIE: &str = "manyi_session";

/// How long a session lasts (`manyi serve --session-idle-minutes`, `--session-max-hours`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionLimits {
    /// A session unused this long has ended.
    pub idle: Duration,
    /// A session has ended this long after sign-in, however busy it is.
    pub max_age: Duration,
}

impl Default for SessionLimits {
    /// Two hours unused; twelve hours at most (a long working day).
    fn default() -> Self {
        SessionLimits {
            idle: Duration::from_secs(120 * 60),
            max_age: Duration::from_secs(12 * 3600),
        }
    }
}

impl SessionLimits {
    /// From the command line's minutes and hours; each must be at least 1.
    pub fn new(idle_minutes: u32, max_hours: u32) -> anyhow::Result<Self> {
        if idle_minutes == 0 || max_hours == 0 {
            anyhow::bail!("--session-idle-minutes and --session-max-hours must be at least 1");
        }
        Ok(SessionLimits {
            idle: Duration::from_secs(u64::from(idle_minutes) * 60),
            max_age: Duration::from_secs(u64::from(max_hours) * 3600),
        })
    }

    /// The oldest sign-in and the oldest use (milliseconds) of a session live at `now`.
    pub fn live_since(&self, now: i64) -> (i64, i64) {
        (
            now - self.max_age.as_millis() as i64,
            now - self.idle.as_millis() as i64,
        )
    }

    /// How old the last use may be before a request records a new one: a minute, or a
    /// quarter of the idle limit if that is shorter. The dashboard polls; not every request
    /// needs to write to the database, and a session ends at most this much earlier.
    fn touch_after_millis(&self) -> i64 {
        (self.idle.as_millis() as i64 / 4).min(60_000)
    }
}

/// Cookie settings chosen at start-up.
#[derive(Debug, Clone, Copy, Default)]
pub struct CookiePolicy {
    /// Mark the cookie `Secure` (serve over HTTPS, directly or behind a proxy).
    pub secure: bool,
}

pub fn router(login_limiter: Option<Arc<AddressLimiter>>) -> Router<AppState> {
    let login = Router::new().route("/auth/login", post(login));
    let login = match login_limiter {
        Some(limiter) => {
            login.route_layer(middleware::from_fn_with_state(limiter, rate_limit::limit))
        }
        None => login,
    };
    login
        .route("/auth/logout", post(logout))
        .route("/auth/me", get(me))
}

/// Hash a password with argon2id and a random salt (PHC string).
pub fn hash_password(password: &str) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("hashing failed: {e}"))
}

fn verify_password(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored)
        .map(|hash| {
            Argon2::default()
                .verify_password(password.as_bytes(), &hash)
                .is_ok()
        })
        .unwrap_or(false)
}

/// Hash off the async threads: argon2 is slow on purpose.
pub(super) async fn hash_in_background(password: String) -> Result<String, AppError> {
    Ok(
        tokio::task::spawn_blocking(move || hash_password(&password))
            .await
            .map_err(|e| AppError::Internal(e.into()))??,
    )
}

/// Refuse a password too weak to set, naming the `password` field.
pub(super) fn check_password(password: &str) -> Result<(), AppError> {
    if password.chars().count() < 10 {
        return Err(AppError::field_message(
            "password",
            ErrorCode::WrongType,
            "密码至少需要 10 个字符",
        ));
    }
    Ok(())
}

/// Refuse weak account details with field errors.
fn check_new_user(user: &NewUser) -> Result<(), AppError> {
    let name_ok = (2..=40).contains(&user.username.chars().count())
        && user
            .username
            .chars()
            // ASCII only: a lookalike letter (Cyrillic с in "sсhedule") could pass one name
            // for another in the audit chain.
            .all(|c| c.is_ascii_alphanumeric() || "._-@".contains(c));
    if !name_ok {
        return Err(AppError::field("username", ErrorCode::WrongType));
    }
    if is_system_actor(&user.username) {
        return Err(AppError::field_message(
            "username",
            ErrorCode::WrongType,
            "该用户名留给系统使用（审计记录中的系统操作者），请换一个",
        ));
    }
    check_password(&user.password)
}

/// Create an account (command line, setup step, or an admin in the app), logged as
/// `user_add` by `actor` in the same transaction.
pub async fn create_user(pool: &SqlitePool, user: &NewUser, actor: &str) -> Result<(), AppError> {
    check_new_user(user)?;
    let hash = hash_in_background(user.password.clone()).await?;
    let _append = super::audit::turn().await;
    let mut tx = super::audit::begin(pool).await?;
    ensure_still_admin(&mut tx, actor).await?;
    let inserted = sqlx::query(
        "INSERT INTO users (username, password_hash, role, created_at) VALUES (?, ?, ?, ?) \
         ON CONFLICT (username) DO NOTHING",
    )
    .bind(&user.username)
    .bind(hash)
    .bind(user.role.as_str())
    .bind(now_millis())
    .execute(&mut *tx)
    .await?;
    if inserted.rows_affected() == 0 {
        return Err(AppError::Conflict("用户名已存在"));
    }
    let detail = serde_json::json!({"username": user.username, "role": user.role});
    super::audit::append(&mut tx, actor, "user_add", None, detail).await?;
    tx.commit().await?;
    Ok(())
}

/// Inside an account change's transaction: an acting account must still be an enabled
/// admin (it may have been disabled or demoted since its request was let in). The command
/// line and other system actors are not accounts.
pub async fn ensure_still_admin(
    tx: &mut sqlx::SqliteConnection,
    actor: &str,
) -> Result<(), AppError> {
    if is_system_actor(actor) {
        return Ok(());
    }
    let row: Option<(String, Option<i64>)> =
        sqlx::query_as("SELECT role, disabled_at FROM users WHERE username = ?")
            .bind(actor)
            .fetch_optional(&mut *tx)
            .await?;
    match row {
        Some((role, None)) if role == Role::Admin.as_str() => Ok(()),
        Some(_) => Err(AppError::Forbidden),
        // Not an account (a test's or a tool's own name): nothing to re-check.
        None => Ok(()),
    }
}

pub async fn user_count(pool: &SqlitePool) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM users")
        .fetch_one(pool)
        .await?)
}

/// A password for a first admin: 20 characters from an unambiguous alphabet (~100 bits).
pub fn random_password() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    let mut rng = rand::thread_rng();
    (0..20)
        .map(|_| ALPHABET[(rng.next_u32() as usize) % ALPHABET.len()] as char)
        .collect()
}

fn token_hash(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

/// The stored hash of the session a request carries, if it carries one.
pub(super) fn session_hash(headers: &HeaderMap) -> Option<Vec<u8>> {
    session_token(headers).map(|token| token_hash(&token))
}

fn session_token(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| Cookie::split_parse(v.to_string()).filter_map(Result::ok))
        .find(|c| c.name() == SESSION_COOKIE)
        .map(|c| c.value().to_string())
}

fn session_cookie(value: String, max_age_secs: i64, policy: CookiePolicy) -> HeaderValue {
    let cookie = Cookie::build((SESSION_COOKIE, value))
        .path("/api")
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(policy.secure)
        .max_age(cookie::time::Duration::seconds(max_age_secs))
        .build();
    HeaderValue::from_str(&cookie.to_string()).expect("a cookie is a valid header")
}

async fn login(
    State(state): State<AppState>,
    JsonBody(request): JsonBody<LoginRequest>,
) -> Result<impl IntoResponse, AppError> {
    let row: Option<(String, String, Option<i64>)> =
        sqlx::query_as("SELECT password_hash, role, disabled_at FROM users WHERE username = ?")
            .bind(&request.username)
            .fetch_optional(&state.pool)
            .await?;
    // Verify against a real hash even for an unknown name, so timing does not tell
    // which names exist.
    let (stored, role, disabled_at) =
        row.unwrap_or_else(|| (state.auth.decoy_hash.clone(), String::new(), None));
    let password = request.password.clone();
    let verified = stored.clone();
    let matches = tokio::task::spawn_blocking(move || verify_password(&password, &verified))
        .await
        .map_err(|e| AppError::Internal(e.into()))?;
    let role = Role::parse(&role)
        .filter(|_| matches)
        .ok_or(AppError::BadCredentials)?;
    // Only someone who knows the password learns that the account is disabled.
    if disabled_at.is_some() {
        return Err(AppError::AccountDisabled);
    }
    let limits = state.auth.sessions;
    let mut token = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut token);
    let token = hex::encode(token);
    let now = now_millis();
    // The session and its `sign_in` entry commit together.
    let _append = super::audit::turn().await;
    let mut tx = super::audit::begin(&state.pool).await?;
    // A reset or a disable may have committed while the password was being checked: the
    // session is made only for the account as it was verified.
    let current: Option<(String, Option<i64>)> =
        sqlx::query_as("SELECT password_hash, disabled_at FROM users WHERE username = ?")
            .bind(&request.username)
            .fetch_optional(&mut *tx)
            .await?;
    match current {
        Some((hash, None)) if hash == stored => {}
        Some((hash, Some(_))) if hash == stored => return Err(AppError::AccountDisabled),
        _ => return Err(AppError::BadCredentials),
    }
    let (oldest_sign_in, oldest_use) = limits.live_since(now);
    sqlx::query("DELETE FROM sessions WHERE created_at <= ? OR last_seen_at <= ?")
        .bind(oldest_sign_in)
        .bind(oldest_use)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO sessions (token_hash, username, created_at, last_seen_at) VALUES (?, ?, ?, ?)",
    )
    .bind(token_hash(&token))
    .bind(&request.username)
    .bind(now)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    sqlx::query("UPDATE users SET last_sign_in_at = ? WHERE username = ?")
        .bind(now)
        .bind(&request.username)
        .execute(&mut *tx)
        .await?;
    let detail = serde_json::json!({});
    super::audit::append(&mut tx, &request.username, "sign_in", None, detail).await?;
    tx.commit().await?;
    let mut headers = HeaderMap::new();
    headers.insert(
        SET_COOKIE,
        session_cookie(token, limits.max_age.as_secs() as i64, state.auth.cookies),
    );
    Ok((
        headers,
        Json(StaffUser {
            username: request.username,
            role,
        }),
    ))
}

async fn logout(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<impl IntoResponse, AppError> {
    if let Some(token) = session_token(&headers) {
        sqlx::query("DELETE FROM sessions WHERE token_hash = ?")
            .bind(token_hash(&token))
            .execute(&state.pool)
            .await?;
    }
    let mut out = HeaderMap::new();
    out.insert(
        SET_COOKIE,
        session_cookie(String::new(), 0, state.auth.cookies),
    );
    Ok((out, Json(serde_json::json!({"signed_out": true}))))
}

async fn me(user: CurrentUser) -> Json<StaffUser> {
    Json(user.0)
}

/// Settings and a decoy hash for sign-in.
#[derive(Debug, Clone)]
pub struct AuthConfig {
    pub cookies: CookiePolicy,
    pub sessions: SessionLimits,
    decoy_hash: String,
}

impl AuthConfig {
    pub fn new(cookies: CookiePolicy) -> anyhow::Result<Self> {
        Ok(AuthConfig {
            cookies,
            sessions: SessionLimits::default(),
            decoy_hash: hash_password("decoy password that matches nothing")?,
        })
    }
}

/// The signed-in staff member; 401 without a live session of an enabled account.
#[derive(Debug, Clone)]
pub struct CurrentUser(pub StaffUser);

impl CurrentUser {
    /// 403 unless the user's role is at least `role`.
    pub fn require(&self, role: Role) -> Result<(), AppError> {
        if self.0.role >= role {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }
}

impl<S> FromRequestParts<S> for CurrentUser
where
    AppState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        let state = AppState::from_ref(state);
        let hash = session_hash(&parts.headers).ok_or(AppError::Unauthorized)?;
        let limits = state.auth.sessions;
        let now = now_millis();
        let (oldest_sign_in, oldest_use) = limits.live_since(now);
        let row: Option<(String, String, i64)> = sqlx::query_as(
            "SELECT users.username, users.role, sessions.last_seen_at \
             FROM sessions JOIN users USING (username) \
             WHERE sessions.token_hash = ? AND users.disabled_at IS NULL \
             AND sessions.created_at > ? AND sessions.last_seen_at > ?",
        )
        .bind(&hash)
        .bind(oldest_sign_in)
        .bind(oldest_use)
        .fetch_optional(&state.pool)
        .await?;
        let (username, role, last_seen_at) = row.ok_or(AppError::Unauthorized)?;
        let role = Role::parse(&role).ok_or(AppError::Unauthorized)?;
        if now - last_seen_at >= limits.touch_after_millis() {
            // Best effort: a read must not wait on (or fail for) a long write such as a
            // publication; the next request records the use instead.
            let touch = sqlx::query("UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?")
                .bind(now)
                .bind(&hash)
                .execute(&state.pool);
            match tokio::time::timeout(std::time::Duration::from_millis(250), touch).await {
                Ok(Ok(_)) => {}
                Ok(Err(error)) => tracing::debug!("session use not recorded: {error}"),
                Err(_) => tracing::debug!("session use not recorded: the database is busy"),
            }
        }
        Ok(CurrentUser(StaffUser { username, role }))
    }
}
