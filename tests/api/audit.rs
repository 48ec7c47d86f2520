//! The audit log: staff actions land in a per-survey hash chain that anyone can fetch and
//! verify; the database refuses edits, and an edit made behind its back is detected.

use axum::http::StatusCode;
use manyi::domain::audit::{verify_chain, AuditEntry, BreakReason};
use manyi::domain::wire::Role;
use serde_json::json;

use crate::support::TestServer;

async fn chain_of(server: &TestServer, survey: &str) -> Vec<AuditEntry> {
    let (status, body) = server
        .call("GET", &format!("/surveys/{survey}/audit"), "", None)
        .await;
    assert_eq!(status, StatusCode::OK, "the chain of a survey is public");
    serde_json::from_value(body).unwrap()
}

#[tokio::test]
async fn staff_actions_form_a_public_chain_that_verifies() {
    let server = TestServer::new().await;
    let staff = server.sign_in("staff1", Role::Staff).await;
    let steps = [
        (
            "PUT",
            "/staff/surveys/shenji-2023/attendance",
            json!({"members": 40, "present": 31}),
        ),
        (
            "POST",
            "/staff/surveys/shenji-2023/status",
            json!({"status": "closed"}),
        ),
        (
            "POST",
            "/staff/surveys/shenji-2023/status",
            json!({"status": "published"}),
        ),
    ];
    for (method, path, body) in steps {
        assert_eq!(
            server.call(method, path, &staff, Some(body)).await.0,
            StatusCode::OK
        );
    }
    let chain = chain_of(&server, "shenji-2023").await;
    let actions: Vec<(&str, &str)> = chain
        .iter()
        .map(|e| (e.actor.as_str(), e.action.as_str()))
        .collect();
    assert_eq!(
        actions,
        vec![
            ("staff1", "attendance"),
            ("staff1", "close"),
            ("staff1", "publish")
        ]
    );
    assert_eq!(chain[0].detail, r#"{"members":40,"present":31}"#);
    assert_eq!(verify_chain(&chain), Ok(()));
    assert!(chain_of(&server, "yingshang-2023").await.is_empty());
    let (status, _) = server.call("GET", "/surveys/nope/audit", "", None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn sign_ins_are_logged_for_admins_only() {
    let server = TestServer::new().await;
    let viewer = server.sign_in("viewer1", Role::Viewer).await;
    let admin = server.sign_in("admin1", Role::Admin).await;
    assert_eq!(
        server.call("GET", "/staff/audit", "", None).await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        server.call("GET", "/staff/audit", &viewer, None).await.0,
        StatusCode::FORBIDDEN
    );
    let (status, body) = server.call("GET", "/staff/audit", &admin, None).await;
    assert_eq!(status, StatusCode::OK);
    let chain: Vec<AuditEntry> = serde_json::from_value(body).unwrap();
    let signed_in: Vec<&str> = chain
        .iter()
        .filter(|e| e.action == "sign_in")
        .map(|e| e.actor.as_str())
        .collect();
    assert_eq!(signed_in, vec!["viewer1", "admin1"]);
    assert_eq!(verify_chain(&chain), Ok(()));
}

#[tokio::test]
async fn the_database_refuses_edits_and_an_edit_behind_its_back_is_found() {
    let server = TestServer::new().await;
    let staff = server.sign_in("staff1", Role::Staff).await;
    for (members, present) in [(40, 31), (40, 33), (41, 33)] {
        let body = json!({"members": members, "present": present});
        server
            .call(
                "PUT",
                "/staff/surveys/shenji-2023/attendance",
                &staff,
                Some(body),
            )
            .await;
    }
    let pool = &server.state.pool;
    let refused =
        sqlx::query("UPDATE audit_log SET detail = '{}' WHERE scope = 'shenji-2023' AND seq = 2")
            .execute(pool)
            .await;
    assert!(refused.unwrap_err().to_string().contains("append-only"));
    assert!(sqlx::query("DELETE FROM audit_log")
        .execute(pool)
        .await
        .is_err());
    if crate::support::on_postgres() {
        let emptied = sqlx::query("TRUNCATE audit_log").execute(pool).await;
        assert!(emptied.unwrap_err().to_string().contains("append-only"));
    }

    // Someone with the database file (or its owner's password) drops the guard and
    // rewrites the second entry.
    let drop_guard = match crate::support::on_postgres() {
        true => "DROP TRIGGER audit_log_no_update ON audit_log",
        false => "DROP TRIGGER audit_log_no_update",
    };
    sqlx::query(drop_guard).execute(pool).await.unwrap();
    sqlx::query(r#"UPDATE audit_log SET detail = '{"members":40,"present":21}' WHERE scope = 'shenji-2023' AND seq = 2"#)
        .execute(pool)
        .await
        .unwrap();
    let found = verify_chain(&chain_of(&server, "shenji-2023").await).unwrap_err();
    assert_eq!((found.seq, found.reason), (2, BreakReason::Altered));
}

#[tokio::test]
async fn concurrent_actions_still_make_one_unbroken_chain() {
    let server = TestServer::new().await;
    let mut tasks = Vec::new();
    for i in 0..20 {
        let pool = server.state.pool.clone();
        tasks.push(tokio::spawn(async move {
            manyi::server::storage::audit::record(
                &pool,
                "staff1",
                "attendance",
                Some("shenji-2023"),
                json!({"i": i}),
            )
            .await
            .unwrap()
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    let chain = chain_of(&server, "shenji-2023").await;
    assert_eq!(chain.len(), 20);
    assert_eq!(verify_chain(&chain), Ok(()));
}
