//! Closing freezes the response set: its count and SHA-256 digest are recorded (and put in
//! the audit chain), every response acknowledged before the close is in it, none after.

use axum::http::StatusCode;
use manyi::domain::wire::Role;
use serde_json::json;
use sha2::{Digest, Sha256};

use crate::support::{responses_path, submission, TestServer};

/// The digest computed here from the stored rows, independently of the server's code.
async fn expected_digest(server: &TestServer, survey: &str) -> (u64, String) {
    let rows: Vec<(String,)> = sqlx::query_as("SELECT answers FROM responses WHERE survey_id = $1")
        .bind(survey)
        .fetch_all(&server.state.pool)
        .await
        .unwrap();
    // The stored answers, one per line, in byte order (Rust's String order is byte order).
    let mut lines: Vec<String> = rows.into_iter().map(|(answers,)| answers).collect();
    lines.sort();
    let text: String = lines.iter().map(|answers| format!("{answers}\n")).collect();
    let hash = Sha256::digest(text.as_bytes());
    (
        lines.len() as u64,
        hash.iter().map(|b| format!("{b:02x}")).collect(),
    )
}

#[tokio::test]
async fn closing_records_the_count_and_digest_of_what_is_stored() {
    let server = TestServer::new().await;
    let staff = server.sign_in("staff1", Role::Staff).await;
    let survey = server.survey("yingshang-2023");
    for seed in 0..12 {
        let (status, _) = server
            .post_json(
                &responses_path("yingshang-2023"),
                &submission(&survey, seed),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED);
    }
    let (status, closed) = server.set_status(&staff, "yingshang-2023", "closed").await;
    assert_eq!(status, StatusCode::OK);
    let (count, digest) = expected_digest(&server, "yingshang-2023").await;
    assert_eq!(count, 12);
    assert_eq!(
        closed,
        json!({"status": "closed", "responses": 12, "digest": digest})
    );

    let (status, _) = server
        .post_json(&responses_path("yingshang-2023"), &submission(&survey, 99))
        .await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "a closed survey takes nothing more"
    );
    assert_eq!(expected_digest(&server, "yingshang-2023").await.1, digest);

    let (_, chain) = server
        .call("GET", "/surveys/yingshang-2023/audit", "", None)
        .await;
    let close = chain
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "close")
        .unwrap();
    let detail: serde_json::Value =
        serde_json::from_str(close["detail"].as_str().unwrap()).unwrap();
    assert_eq!(detail["digest"], digest);
    assert_eq!(detail["responses"], 12);
}

#[tokio::test]
async fn every_response_acknowledged_before_the_close_is_in_the_frozen_set() {
    let server = std::sync::Arc::new(TestServer::new().await);
    let staff = server.sign_in("staff1", Role::Staff).await;
    let survey = server.survey("yingshang-2023");
    let mut submitters = Vec::new();
    for seed in 0..60 {
        let (server, body) = (server.clone(), submission(&survey, seed));
        submitters.push(tokio::spawn(async move {
            server
                .post_json(&responses_path("yingshang-2023"), &body)
                .await
                .0
        }));
    }
    tokio::task::yield_now().await;
    let (status, closed) = server.set_status(&staff, "yingshang-2023", "closed").await;
    assert_eq!(status, StatusCode::OK);
    let mut accepted = 0;
    for task in submitters {
        match task.await.unwrap() {
            StatusCode::CREATED => accepted += 1,
            StatusCode::CONFLICT => {}
            other => panic!("unexpected {other}"),
        }
    }
    assert_eq!(closed["responses"], accepted, "frozen = acknowledged");
    assert_eq!(
        expected_digest(&server, "yingshang-2023").await,
        (accepted, closed["digest"].as_str().unwrap().to_string())
    );
}

#[tokio::test]
async fn publishing_refuses_responses_changed_after_the_close() {
    let server = TestServer::new().await;
    let staff = server.sign_in("staff1", Role::Staff).await;
    server.submit_seeds("yingshang-2023", 0..8).await;
    server.set_status(&staff, "yingshang-2023", "closed").await;
    // Someone with the database changes one stored answer behind the server's back.
    sqlx::query(
        "UPDATE responses SET answers = replace(answers, '\"5\"', '\"1\"') \
         WHERE rowid = (SELECT rowid FROM responses WHERE survey_id = 'yingshang-2023' \
                        AND answers LIKE '%\"5\"%' LIMIT 1)",
    )
    .execute(&server.state.pool)
    .await
    .unwrap();
    let (status, body) = server
        .set_status(&staff, "yingshang-2023", "published")
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert!(body["message"].as_str().unwrap().contains("摘要"), "{body}");
    let (status, _) = server.get("/public/surveys/yingshang-2023").await;
    assert_eq!(status, StatusCode::NOT_FOUND, "nothing was published");
}
