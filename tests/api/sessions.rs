//! Session limits: a session unused for the idle limit ends, one older than the maximum age
//! ends however busy, use keeps a session alive without a write on every request, and the
//! cookie lasts the maximum age. Time is moved by backdating the stored session.

use std::time::Duration;

use axum::http::StatusCode;
use manyi::domain::wire::Role;
use manyi::server::services::accounts::SessionLimits;

use crate::support::TestServer;

const MINUTE: i64 = 60_000;

/// Pretend the account's sessions were last used (or begun) `millis` earlier than stored.
async fn backdate(server: &TestServer, username: &str, column: &str, millis: i64) {
    let sql = format!("UPDATE sessions SET {column} = {column} - $1 WHERE username = $2");
    sqlx::query(&sql)
        .bind(millis)
        .bind(username)
        .execute(&server.state.pool)
        .await
        .unwrap();
}

async fn last_seen(server: &TestServer, username: &str) -> i64 {
    sqlx::query_scalar("SELECT last_seen_at FROM sessions WHERE username = $1")
        .bind(username)
        .fetch_one(&server.state.pool)
        .await
        .unwrap()
}

async fn me(server: &TestServer, cookie: &str) -> StatusCode {
    server.call("GET", "/auth/me", cookie, None).await.0
}

#[tokio::test]
async fn an_unused_session_ends_after_the_idle_limit_and_use_keeps_one_alive() {
    // The default: two hours unused.
    let server = TestServer::new().await;
    let idle = 120 * MINUTE;
    let resting = server.sign_in("staff1", Role::Staff).await;
    let busy = server.sign_in("staff2", Role::Staff).await;

    // A request soon after the last one does not write the session again.
    let seen = last_seen(&server, "staff2").await;
    assert_eq!(me(&server, &busy).await, StatusCode::OK);
    assert_eq!(last_seen(&server, "staff2").await, seen);

    backdate(&server, "staff1", "last_seen_at", idle + 1000).await;
    assert_eq!(me(&server, &resting).await, StatusCode::UNAUTHORIZED);

    // Used every (idle − 5 minutes): each use records itself, so twice that is no end.
    for _ in 0..3 {
        backdate(&server, "staff2", "last_seen_at", idle - 5 * MINUTE).await;
        assert_eq!(me(&server, &busy).await, StatusCode::OK);
    }
}

#[tokio::test]
async fn a_session_ends_at_the_maximum_age_however_busy() {
    // The default: twelve hours from sign-in.
    let server = TestServer::new().await;
    let cookie = server.sign_in("staff1", Role::Staff).await;
    backdate(&server, "staff1", "created_at", 12 * 60 * MINUTE - MINUTE).await;
    assert_eq!(me(&server, &cookie).await, StatusCode::OK);
    backdate(&server, "staff1", "created_at", 2 * MINUTE).await;
    assert_eq!(me(&server, &cookie).await, StatusCode::UNAUTHORIZED);
    assert_eq!(
        server.call("GET", "/staff/surveys", &cookie, None).await.0,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn the_limits_are_settings_and_the_cookie_lasts_the_maximum_age() {
    let limits = SessionLimits::new(5, 3).unwrap();
    assert_eq!(
        limits,
        SessionLimits {
            idle: Duration::from_secs(300),
            max_age: Duration::from_secs(3 * 3600)
        }
    );
    assert!(SessionLimits::new(0, 3).is_err());
    assert!(SessionLimits::new(5, 0).is_err());
    let server = TestServer::with(|state| state.with_session_limits(limits)).await;
    let first = server.sign_in("staff1", Role::Staff).await;
    let (_, headers, _) = server
        .login_response("staff1", "correct horse battery")
        .await;
    let set_cookie = headers["set-cookie"].to_str().unwrap();
    assert!(set_cookie.contains("Max-Age=10800"), "{set_cookie}");
    let second = set_cookie.split(';').next().unwrap().to_string();
    assert_eq!(me(&server, &second).await, StatusCode::OK);

    // Six minutes unused is past a five-minute limit (well within the default two hours).
    backdate(&server, "staff1", "last_seen_at", 6 * MINUTE).await;
    assert_eq!(me(&server, &first).await, StatusCode::UNAUTHORIZED);
    assert_eq!(me(&server, &second).await, StatusCode::UNAUTHORIZED);

    // Four hours after sign-in is past a three-hour maximum (not the default twelve),
    // though just used.
    let (_, third, _) = server.log_in("staff1", "correct horse battery").await;
    let third = third.unwrap();
    assert_eq!(me(&server, &third).await, StatusCode::OK);
    backdate(&server, "staff1", "created_at", 4 * 60 * MINUTE).await;
    assert_eq!(me(&server, &third).await, StatusCode::UNAUTHORIZED);
}
