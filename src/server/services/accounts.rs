//! Staff accounts: adding one, signing in, listing, disabling and enabling one, setting a
//! password, for admins in the dashboard (`http::accounts`), sign-in (`http::auth`) and the
//! command line (`manyi user …`). Passwords are argon2id hashes, session tokens are stored
//! as their SHA-256. Disabling an account or setting its password ends its sessions in the
//! same transaction, and every change is an entry in the audit chain of actions on no
//! survey (never with a password or a hash in it). Knows neither HTTP nor SQL.

use std::time::Duration;

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::domain::audit::is_system_actor;
use crate::domain::wire::{Account, AccountState, LoginRequest, NewUser, Role};
use crate::domain::ErrorCode;
use crate::server::error::AppError;
use crate::server::storage::{self, now_millis, Connection, Pool};

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
    pub fn touch_after_millis(&self) -> i64 {
        (self.idle.as_millis() as i64 / 4).min(60_000)
    }
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
pub async fn hash_in_background(password: String) -> Result<String, AppError> {
    Ok(
        tokio::task::spawn_blocking(move || hash_password(&password))
            .await
            .map_err(|e| AppError::Internal(e.into()))??,
    )
}

/// Refuse a password too weak to set, naming the `password` field.
pub fn check_password(password: &str) -> Result<(), AppError> {
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
pub async fn create_user(pool: &Pool, user: &NewUser, actor: &str) -> Result<(), AppError> {
    check_new_user(user)?;
    let hash = hash_in_background(user.password.clone()).await?;
    let _append = storage::audit::turn().await;
    let mut tx = storage::audit::begin(pool).await?;
    ensure_still_admin(&mut tx, actor).await?;
    let role = user.role.as_str();
    if !storage::accounts::insert_user(&mut tx, &user.username, &hash, role, now_millis()).await? {
        return Err(AppError::Conflict("用户名已存在"));
    }
    let detail = serde_json::json!({"username": user.username, "role": user.role});
    storage::audit::append(&mut tx, actor, "user_add", None, detail).await?;
    tx.commit().await?;
    Ok(())
}

/// Inside an account change's transaction: an acting account must still be an enabled
/// admin (it may have been disabled or demoted since its request was let in). The command
/// line and other system actors are not accounts.
pub async fn ensure_still_admin(tx: &mut Connection, actor: &str) -> Result<(), AppError> {
    if is_system_actor(actor) {
        return Ok(());
    }
    match storage::accounts::role_of(tx, actor).await? {
        Some((role, None)) if role == Role::Admin.as_str() => Ok(()),
        Some(_) => Err(AppError::Forbidden),
        // Not an account (a test's or a tool's own name): nothing to re-check.
        None => Ok(()),
    }
}

pub async fn user_count(pool: &Pool) -> Result<i64, AppError> {
    Ok(storage::accounts::count(pool).await?)
}

/// A password for a first admin: 20 characters from an unambiguous alphabet (~100 bits).
pub fn random_password() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    let mut rng = rand::thread_rng();
    (0..20)
        .map(|_| ALPHABET[(rng.next_u32() as usize) % ALPHABET.len()] as char)
        .collect()
}

/// What is stored of a session token: its SHA-256.
pub fn token_hash(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

/// Sign in with a name and password: a new session's token and the account's role. The
/// password is checked against a real hash (`decoy_hash` for an unknown name) so that
/// timing does not tell which names exist; the session and its `sign_in` entry commit
/// together, and only for the account as it was verified.
pub async fn sign_in(
    pool: &Pool,
    request: &LoginRequest,
    decoy_hash: &str,
    limits: SessionLimits,
) -> Result<(String, Role), AppError> {
    let row = storage::accounts::credentials(pool, &request.username).await?;
    // Verify against a real hash even for an unknown name, so timing does not tell
    // which names exist.
    let (stored, role, disabled_at) =
        row.unwrap_or_else(|| (decoy_hash.to_string(), String::new(), None));
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
    let mut token = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut token);
    let token = hex::encode(token);
    let now = now_millis();
    // The session and its `sign_in` entry commit together.
    let _append = storage::audit::turn().await;
    let mut tx = storage::audit::begin(pool).await?;
    // A reset or a disable may have committed while the password was being checked: the
    // session is made only for the account as it was verified.
    match storage::accounts::current_hash(&mut tx, &request.username).await? {
        Some((hash, None)) if hash == stored => {}
        Some((hash, Some(_))) if hash == stored => return Err(AppError::AccountDisabled),
        _ => return Err(AppError::BadCredentials),
    }
    let (oldest_sign_in, oldest_use) = limits.live_since(now);
    storage::accounts::delete_ended_sessions(&mut tx, oldest_sign_in, oldest_use).await?;
    storage::accounts::insert_session(&mut tx, &token_hash(&token), &request.username, now).await?;
    let detail = serde_json::json!({});
    storage::audit::append(&mut tx, &request.username, "sign_in", None, detail).await?;
    tx.commit().await?;
    Ok((token, role))
}

/// Every account by name, with its state and its sessions live under `limits`.
pub async fn list(pool: &Pool, limits: SessionLimits) -> Result<Vec<Account>, AppError> {
    let (oldest_sign_in, oldest_use) = limits.live_since(now_millis());
    let rows = storage::accounts::list(pool, oldest_sign_in, oldest_use).await?;
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
    pool: &Pool,
    username: &str,
    disable: bool,
    actor: &str,
) -> Result<AccountState, AppError> {
    let _append = storage::audit::turn().await;
    let mut tx = storage::audit::begin(pool).await?;
    ensure_still_admin(&mut tx, actor).await?;
    let row = storage::accounts::role_of(&mut tx, username).await?;
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
        if role == Role::Admin.as_str()
            && storage::accounts::other_enabled_admins(&mut tx, username).await? == 0
        {
            return Err(AppError::Conflict(
                "这是最后一个可用的管理员账号，停用后将无人能管理账号，请先启用或添加其他管理员",
            ));
        }
        storage::accounts::disable(&mut tx, username, now_millis()).await?;
        state.sessions_ended = storage::accounts::end_sessions(&mut tx, username, None).await?;
        let detail = serde_json::json!({
            "username": username,
            "role": role,
            "sessions_ended": state.sessions_ended,
        });
        storage::audit::append(&mut tx, actor, "user_disable", None, detail).await?;
    } else {
        storage::accounts::enable(&mut tx, username).await?;
        let detail = serde_json::json!({"username": username, "role": role});
        storage::audit::append(&mut tx, actor, "user_enable", None, detail).await?;
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
    pool: &Pool,
    username: &str,
    password: &str,
    generated: bool,
    actor: &str,
    keep: Option<&[u8]>,
) -> Result<u64, AppError> {
    check_password(password)?;
    let hash = hash_in_background(password.to_string()).await?;
    let _append = storage::audit::turn().await;
    let mut tx = storage::audit::begin(pool).await?;
    ensure_still_admin(&mut tx, actor).await?;
    if !storage::accounts::set_password_hash(&mut tx, username, &hash).await? {
        return Err(AppError::UserNotFound);
    }
    let ended = storage::accounts::end_sessions(&mut tx, username, keep).await?;
    let detail = serde_json::json!({
        "username": username,
        "generated": generated,
        "sessions_ended": ended,
    });
    storage::audit::append(&mut tx, actor, "user_password", None, detail).await?;
    tx.commit().await?;
    Ok(ended)
}
