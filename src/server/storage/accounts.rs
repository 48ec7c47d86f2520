//! Staff accounts and their sessions: the `users` and `sessions` rows. Who may do what,
//! and which session is still live, is decided by the callers (`services::accounts`,
//! `http::auth`); this module never checks a password or a role.

use super::{Connection, Error, Pool};

/// An account as listed: name, role, disabled at, created at, last sign-in, live sessions.
pub type AccountRow = (String, String, Option<i64>, i64, Option<i64>, i64);

/// Add an account; `false` when the name is taken.
pub async fn insert_user(
    tx: &mut Connection,
    username: &str,
    password_hash: &str,
    role: &str,
    now: i64,
) -> Result<bool, Error> {
    let inserted = sqlx::query(
        "INSERT INTO users (username, password_hash, role, created_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (username) DO NOTHING",
    )
    .bind(username)
    .bind(password_hash)
    .bind(role)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    Ok(inserted.rows_affected() == 1)
}

/// An account's role and when it was disabled.
pub async fn role_of(
    tx: &mut Connection,
    username: &str,
) -> Result<Option<(String, Option<i64>)>, Error> {
    sqlx::query_as("SELECT role, disabled_at FROM users WHERE username = $1")
        .bind(username)
        .fetch_optional(&mut *tx)
        .await
}

pub async fn count(pool: &Pool) -> Result<i64, Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM users")
        .fetch_one(pool)
        .await
}

/// What signing in checks: the password hash, the role, when it was disabled.
pub async fn credentials(
    pool: &Pool,
    username: &str,
) -> Result<Option<(String, String, Option<i64>)>, Error> {
    sqlx::query_as("SELECT password_hash, role, disabled_at FROM users WHERE username = $1")
        .bind(username)
        .fetch_optional(pool)
        .await
}

/// The password hash and disabled time, read again in the sign-in's transaction.
pub async fn current_hash(
    tx: &mut Connection,
    username: &str,
) -> Result<Option<(String, Option<i64>)>, Error> {
    sqlx::query_as("SELECT password_hash, disabled_at FROM users WHERE username = $1")
        .bind(username)
        .fetch_optional(&mut *tx)
        .await
}

/// Forget the sessions signed in before `oldest_sign_in` or last used before `oldest_use`.
pub async fn delete_ended_sessions(
    tx: &mut Connection,
    oldest_sign_in: i64,
    oldest_use: i64,
) -> Result<(), Error> {
    sqlx::query("DELETE FROM sessions WHERE created_at <= $1 OR last_seen_at <= $2")
        .bind(oldest_sign_in)
        .bind(oldest_use)
        .execute(&mut *tx)
        .await?;
    Ok(())
}

/// A new session (only the token's hash), and the account's last sign-in.
pub async fn insert_session(
    tx: &mut Connection,
    token_hash: &[u8],
    username: &str,
    now: i64,
) -> Result<(), Error> {
    sqlx::query(
        "INSERT INTO sessions (token_hash, username, created_at, last_seen_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(token_hash)
    .bind(username)
    .bind(now)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    sqlx::query("UPDATE users SET last_sign_in_at = $1 WHERE username = $2")
        .bind(now)
        .bind(username)
        .execute(&mut *tx)
        .await?;
    Ok(())
}

pub async fn delete_session(pool: &Pool, token_hash: &[u8]) -> Result<(), Error> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(token_hash)
        .execute(pool)
        .await?;
    Ok(())
}

/// The enabled account of a session live since `oldest_sign_in` and `oldest_use`: its
/// name, role and the session's last use.
pub async fn session_user(
    pool: &Pool,
    token_hash: &[u8],
    oldest_sign_in: i64,
    oldest_use: i64,
) -> Result<Option<(String, String, i64)>, Error> {
    sqlx::query_as(
        "SELECT users.username, users.role, sessions.last_seen_at \
         FROM sessions JOIN users USING (username) \
         WHERE sessions.token_hash = $1 AND users.disabled_at IS NULL \
         AND sessions.created_at > $2 AND sessions.last_seen_at > $3",
    )
    .bind(token_hash)
    .bind(oldest_sign_in)
    .bind(oldest_use)
    .fetch_optional(pool)
    .await
}

/// Record a session's use.
pub async fn touch_session(pool: &Pool, token_hash: &[u8], now: i64) -> Result<(), Error> {
    sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2")
        .bind(now)
        .bind(token_hash)
        .execute(pool)
        .await?;
    Ok(())
}

/// Every account by name, counting its sessions live since `oldest_sign_in`, `oldest_use`.
pub async fn list(
    pool: &Pool,
    oldest_sign_in: i64,
    oldest_use: i64,
) -> Result<Vec<AccountRow>, Error> {
    sqlx::query_as(
        "SELECT u.username, u.role, u.disabled_at, u.created_at, u.last_sign_in_at, \
         (SELECT COUNT(*) FROM sessions s WHERE s.username = u.username \
          AND s.created_at > $1 AND s.last_seen_at > $2) \
         FROM users u ORDER BY u.username",
    )
    .bind(oldest_sign_in)
    .bind(oldest_use)
    .fetch_all(pool)
    .await
}

pub async fn disable(tx: &mut Connection, username: &str, at: i64) -> Result<(), Error> {
    sqlx::query("UPDATE users SET disabled_at = $1 WHERE username = $2")
        .bind(at)
        .bind(username)
        .execute(&mut *tx)
        .await?;
    Ok(())
}

pub async fn enable(tx: &mut Connection, username: &str) -> Result<(), Error> {
    sqlx::query("UPDATE users SET disabled_at = NULL WHERE username = $1")
        .bind(username)
        .execute(&mut *tx)
        .await?;
    Ok(())
}

/// Store a new password hash; `false` when there is no such account.
pub async fn set_password_hash(
    tx: &mut Connection,
    username: &str,
    password_hash: &str,
) -> Result<bool, Error> {
    let updated = sqlx::query("UPDATE users SET password_hash = $1 WHERE username = $2")
        .bind(password_hash)
        .bind(username)
        .execute(&mut *tx)
        .await?;
    Ok(updated.rows_affected() != 0)
}

/// Enabled admins other than `username`.
pub async fn other_enabled_admins(tx: &mut Connection, username: &str) -> Result<i64, Error> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM users WHERE role = 'admin' AND disabled_at IS NULL AND username <> $1",
    )
    .bind(username)
    .fetch_one(&mut *tx)
    .await
}

/// Delete the account's sessions but `keep`; how many ended.
pub async fn end_sessions(
    tx: &mut Connection,
    username: &str,
    keep: Option<&[u8]>,
) -> Result<u64, Error> {
    let deleted =
        sqlx::query("DELETE FROM sessions WHERE username = $1 AND token_hash IS DISTINCT FROM $2")
            .bind(username)
            .bind(keep)
            .execute(&mut *tx)
            .await?;
    Ok(deleted.rows_affected())
}
