//! Account administration through the API: an admin disables, enables and sets passwords;
//! a disabled account or a new password ends the account's sessions at once; nobody can
//! lock the admins out; every change is in the audit chain and no password is.

use axum::http::StatusCode;
use manyi::domain::audit::{verify_chain, AuditEntry, CLI_ACTOR};
use manyi::domain::wire::Role;
use manyi::server::services::accounts;
use serde_json::{json, Value};

use crate::support::TestServer;

const PASSWORD: &str = "correct horse battery";

async fn me(server: &TestServer, cookie: &str) -> StatusCode {
    server.call("GET", "/auth/me", cookie, None).await.0
}

async fn act(server: &TestServer, admin: &str, user: &str, action: &str) -> (StatusCode, Value) {
    let path = format!("/staff/users/{user}/{action}");
    server.call("POST", &path, admin, Some(json!({}))).await
}

async fn account(server: &TestServer, admin: &str, user: &str) -> Value {
    let (status, list) = server.call("GET", "/staff/users", admin, None).await;
    assert_eq!(status, StatusCode::OK);
    list.as_array()
        .unwrap()
        .iter()
        .find(|a| a["username"] == user)
        .cloned()
        .unwrap_or_else(|| panic!("{user} is not listed"))
}

#[tokio::test]
async fn account_disable_ends_sessions_and_blocks_sign_in_until_enabled() {
    let server = TestServer::new().await;
    let admin = server.sign_in("admin1", Role::Admin).await;
    let laptop = server.sign_in("staff1", Role::Staff).await;
    let (_, phone, _) = server.log_in("staff1", PASSWORD).await;
    let phone = phone.unwrap();
    assert_eq!(me(&server, &laptop).await, StatusCode::OK);
    let listed = account(&server, &admin, "staff1").await;
    assert_eq!(
        (&listed["role"], &listed["disabled_at"], &listed["sessions"]),
        (&json!("staff"), &Value::Null, &json!(2))
    );
    assert!(listed["last_sign_in_at"].as_i64().unwrap() >= listed["created_at"].as_i64().unwrap());

    let (status, body) = act(&server, &admin, "staff1", "disable").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        body,
        json!({"username": "staff1", "disabled": true, "sessions_ended": 2})
    );
    for cookie in [&laptop, &phone] {
        assert_eq!(me(&server, cookie).await, StatusCode::UNAUTHORIZED);
        let (status, _) = server.call("GET", "/staff/surveys", cookie, None).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    // The right password learns that the account is disabled; a wrong one learns nothing
    // an unknown name would not.
    let (status, cookie, body) = server.log_in("staff1", PASSWORD).await;
    assert_eq!((status, cookie), (StatusCode::FORBIDDEN, None));
    assert_eq!(body["error"], "account_disabled");
    assert_eq!(body["message"], "该账号已停用，请联系管理员");
    let (status, _, body) = server.log_in("staff1", "a wrong password").await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("bad_credentials"))
    );
    let listed = account(&server, &admin, "staff1").await;
    assert!(listed["disabled_at"].is_i64());
    assert_eq!(listed["sessions"], 0);

    // Disabling again changes nothing; enabling lets the account sign in again.
    let (status, body) = act(&server, &admin, "staff1", "disable").await;
    assert_eq!(
        (status, &body["sessions_ended"]),
        (StatusCode::OK, &json!(0))
    );
    let (status, body) = act(&server, &admin, "staff1", "enable").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["disabled"], false);
    let (status, cookie, _) = server.log_in("staff1", PASSWORD).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(me(&server, &cookie.unwrap()).await, StatusCode::OK);
    assert_eq!(
        me(&server, &laptop).await,
        StatusCode::UNAUTHORIZED,
        "ended for good"
    );

    let (status, body) = act(&server, &admin, "nobody", "disable").await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::NOT_FOUND, Some("user_not_found"))
    );
}

#[tokio::test]
async fn a_new_password_ends_the_sessions_and_only_it_signs_in() {
    let server = TestServer::new().await;
    let admin = server.sign_in("admin1", Role::Admin).await;
    let staff = server.sign_in("staff1", Role::Staff).await;
    let path = "/staff/users/staff1/password";

    let weak = json!({"password": "short"});
    let (status, body) = server.call("POST", path, &admin, Some(weak)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["fields"][0]["field"], "password");
    assert_eq!(
        me(&server, &staff).await,
        StatusCode::OK,
        "a refused change ends nothing"
    );

    let chosen = json!({"password": "a brand new password"});
    let (status, body) = server.call("POST", path, &admin, Some(chosen)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body, json!({"username": "staff1", "sessions_ended": 1}));
    assert_eq!(me(&server, &staff).await, StatusCode::UNAUTHORIZED);
    assert_eq!(
        server.log_in("staff1", PASSWORD).await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        server.log_in("staff1", "a brand new password").await.0,
        StatusCode::OK
    );

    // No password given: the server makes one up and shows it this once.
    let (status, body) = server.call("POST", path, &admin, Some(json!({}))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["sessions_ended"], 1);
    let generated = body["generated"].as_str().unwrap();
    assert_eq!(generated.chars().count(), 20);
    assert_eq!(
        server.log_in("staff1", "a brand new password").await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(server.log_in("staff1", generated).await.0, StatusCode::OK);

    let (status, _) = server
        .call(
            "POST",
            "/staff/users/nobody/password",
            &admin,
            Some(json!({})),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn an_admin_setting_their_own_password_keeps_only_the_session_they_use() {
    let server = TestServer::new().await;
    let here = server.sign_in("admin1", Role::Admin).await;
    let (_, elsewhere, _) = server.log_in("admin1", PASSWORD).await;
    let elsewhere = elsewhere.unwrap();
    let body = json!({"password": "my own new password"});
    let (status, answer) = server
        .call("POST", "/staff/users/admin1/password", &here, Some(body))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(answer["sessions_ended"], 1);
    assert_eq!(me(&server, &here).await, StatusCode::OK);
    assert_eq!(me(&server, &elsewhere).await, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn only_admins_manage_accounts() {
    let server = TestServer::new().await;
    let viewer = server.sign_in("viewer1", Role::Viewer).await;
    let staff = server.sign_in("staff1", Role::Staff).await;
    for (cookie, expected) in [
        ("", StatusCode::UNAUTHORIZED),
        (viewer.as_str(), StatusCode::FORBIDDEN),
        (staff.as_str(), StatusCode::FORBIDDEN),
    ] {
        assert_eq!(
            server.call("GET", "/staff/users", cookie, None).await.0,
            expected
        );
        for action in ["disable", "enable", "password"] {
            let (status, _) = act(&server, cookie, "viewer1", action).await;
            assert_eq!(status, expected, "{action}");
        }
    }
    assert_eq!(
        me(&server, &viewer).await,
        StatusCode::OK,
        "nothing was done"
    );
    assert_eq!(server.log_in("viewer1", PASSWORD).await.0, StatusCode::OK);
}

#[tokio::test]
async fn nobody_disables_their_own_account_or_the_last_admin() {
    let server = TestServer::new().await;
    let admin = server.sign_in("admin1", Role::Admin).await;
    let other = server.sign_in("admin2", Role::Admin).await;
    let (status, body) = act(&server, &admin, "admin1", "disable").await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(body["message"], "不能停用自己正在使用的账号");
    assert_eq!(me(&server, &admin).await, StatusCode::OK);

    // Another admin may be disabled while one stays enabled …
    assert_eq!(
        act(&server, &admin, "admin2", "disable").await.0,
        StatusCode::OK
    );
    assert_eq!(me(&server, &other).await, StatusCode::UNAUTHORIZED);
    // … but not the last one, from the command line either.
    let refused = accounts::set_disabled(&server.state.pool, "admin1", true, CLI_ACTOR)
        .await
        .unwrap_err();
    assert_eq!(refused.status_code(), StatusCode::CONFLICT);
    assert!(
        refused.describe().contains("最后一个可用的管理员"),
        "{}",
        refused.describe()
    );
    assert_eq!(me(&server, &admin).await, StatusCode::OK);
    // Once another admin is enabled again, the command line may disable this one.
    accounts::set_disabled(&server.state.pool, "admin2", false, CLI_ACTOR)
        .await
        .unwrap();
    accounts::set_disabled(&server.state.pool, "admin1", true, CLI_ACTOR)
        .await
        .unwrap();
    assert_eq!(me(&server, &admin).await, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn every_account_change_is_in_the_audit_chain_and_no_password_is() {
    let server = TestServer::new().await;
    let admin = server.sign_in("admin1", Role::Admin).await;
    let added = json!({"username": "staff1", "password": "first password given", "role": "staff"});
    let (status, _) = server
        .call("POST", "/staff/users", &admin, Some(added))
        .await;
    assert_eq!(status, StatusCode::CREATED);
    server.log_in("staff1", "first password given").await;
    act(&server, &admin, "staff1", "disable").await;
    act(&server, &admin, "staff1", "enable").await;
    let chosen = json!({"password": "second password given"});
    let path = "/staff/users/staff1/password";
    server.call("POST", path, &admin, Some(chosen)).await;
    let (_, generated) = server.call("POST", path, &admin, Some(json!({}))).await;
    let generated = generated["generated"].as_str().unwrap().to_string();

    let (status, chain) = server.call("GET", "/staff/audit", &admin, None).await;
    assert_eq!(status, StatusCode::OK);
    let chain: Vec<AuditEntry> = serde_json::from_value(chain).unwrap();
    assert_eq!(verify_chain(&chain), Ok(()));
    let changes: Vec<(&str, &str, Value)> = chain
        .iter()
        .filter(|e| e.action.starts_with("user_") && e.actor == "admin1")
        .map(|e| {
            (
                e.action.as_str(),
                e.actor.as_str(),
                serde_json::from_str(&e.detail).unwrap(),
            )
        })
        .collect();
    assert_eq!(
        changes,
        vec![
            (
                "user_add",
                "admin1",
                json!({"username": "staff1", "role": "staff"})
            ),
            (
                "user_disable",
                "admin1",
                json!({"username": "staff1", "role": "staff", "sessions_ended": 1})
            ),
            (
                "user_enable",
                "admin1",
                json!({"username": "staff1", "role": "staff"})
            ),
            (
                "user_password",
                "admin1",
                json!({"username": "staff1", "generated": false, "sessions_ended": 0})
            ),
            (
                "user_password",
                "admin1",
                json!({"username": "staff1", "generated": true, "sessions_ended": 0})
            ),
        ]
    );
    let hashes: Vec<String> = sqlx::query_scalar("SELECT password_hash FROM users")
        .fetch_all(&server.state.pool)
        .await
        .unwrap();
    let secrets = [
        PASSWORD,
        "first password given",
        "second password given",
        &generated,
        "$argon2",
    ];
    for entry in &chain {
        for secret in secrets
            .iter()
            .copied()
            .chain(hashes.iter().map(String::as_str))
        {
            assert!(
                !entry.detail.contains(secret),
                "{} holds a secret",
                entry.action
            );
        }
    }
}

/// A page of another origin on the same site (another port of the host, a sibling
/// subdomain) carries the admin's `SameSite=Strict` cookie; its form posts are refused.
#[tokio::test]
async fn account_changes_from_another_page_of_the_site_are_refused() {
    use axum::body::Body;
    use axum::http::Request;

    let server = TestServer::new().await;
    let admin = server.sign_in("admin1", Role::Admin).await;
    server.sign_in("staff1", Role::Staff).await;
    let forged = |site: &str, origin: &str| {
        Request::post("/staff/users/staff1/disable")
            .header("cookie", admin.as_str())
            .header("host", "rd.example:8080")
            .header("origin", origin)
            .header("sec-fetch-site", site)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(Body::empty())
            .unwrap()
    };
    for site in ["same-site", "cross-site"] {
        let request = forged(site, "http://rd.example:9000");
        let (status, body) = crate::support::send(&server.router, request).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{site}");
        assert_eq!(body["error"], "cross_origin");
    }
    assert_eq!(
        account(&server, &admin, "staff1").await["disabled_at"],
        Value::Null
    );
    // The dashboard's own request passes.
    let request = forged("same-origin", "http://rd.example:8080");
    let (status, body) = crate::support::send(&server.router, request).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["disabled"], true);
}

/// An admin disabled while a request of theirs was on its way changes nothing with it.
#[tokio::test]
async fn a_disabled_admin_changes_no_account() {
    let server = TestServer::new().await;
    server.sign_in("admin1", Role::Admin).await;
    server.sign_in("admin2", Role::Admin).await;
    server.sign_in("staff1", Role::Staff).await;
    accounts::set_disabled(&server.state.pool, "admin2", true, "admin1")
        .await
        .unwrap();
    // admin2's request was let in before the disable; its change is made after it.
    let refused = accounts::set_disabled(&server.state.pool, "staff1", true, "admin2").await;
    assert!(matches!(refused, Err(manyi::server::AppError::Forbidden)));
    let refused = accounts::set_password(
        &server.state.pool,
        "admin1",
        "a new long password",
        false,
        "admin2",
        None,
    )
    .await;
    assert!(matches!(refused, Err(manyi::server::AppError::Forbidden)));
}
