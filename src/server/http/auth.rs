//! Staff sign-in over HTTP: the session token in an HttpOnly, SameSite=Strict cookie
//! (only its SHA-256 is stored, `services::accounts`), roles checked per request by the
//! [`CurrentUser`] extractor. A session ends when unused for the idle limit, at the
//! maximum age since sign-in, or when its account is disabled or given a new password.

use std::sync::Arc;

use axum::extract::{FromRef, FromRequestParts, State};
use axum::http::header::{COOKIE, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{middleware, Json, Router};
use cookie::{Cookie, SameSite};

use crate::domain::wire::{LoginRequest, Role, StaffUser};
use crate::server::error::AppError;
use crate::server::http::extract::JsonBody;
use crate::server::http::rate_limit::{self, AddressLimiter};
pub use crate::server::services::accounts::SessionLimits;
use crate::server::services::accounts::{self, hash_password, token_hash};
use crate::server::storage::{self, now_millis};
use crate::server::AppState;

pub const SESSION_COOKIE: &str = "manyi_session";

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

/// The stored hash of the session a request carries, if it carries one.
pub(crate) fn session_hash(headers: &HeaderMap) -> Option<Vec<u8>> {
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
    let limits = state.auth.sessions;
    let (token, role) =
        accounts::sign_in(&state.pool, &request, &state.auth.decoy_hash, limits).await?;
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
        storage::accounts::delete_session(&state.pool, &token_hash(&token)).await?;
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
    pub(super) decoy_hash: String,
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
        let row =
            storage::accounts::session_user(&state.pool, &hash, oldest_sign_in, oldest_use).await?;
        let (username, role, last_seen_at) = row.ok_or(AppError::Unauthorized)?;
        let role = Role::parse(&role).ok_or(AppError::Unauthorized)?;
        if now - last_seen_at >= limits.touch_after_millis() {
            // Best effort: a read must not wait on (or fail for) a long write such as a
            // publication; the next request records the use instead.
            let touch = storage::accounts::touch_session(&state.pool, &hash, now);
            match tokio::time::timeout(std::time::Duration::from_millis(250), touch).await {
                Ok(Ok(_)) => {}
                Ok(Err(error)) => tracing::debug!("session use not recorded: {error}"),
                Err(_) => tracing::debug!("session use not recorded: the database is busy"),
            }
        }
        Ok(CurrentUser(StaffUser { username, role }))
    }
}
