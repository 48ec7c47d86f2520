use axum::http::StatusCode;
use serde_json::json;

use crate::support::{responses_path, submission, TestServer};

#[tokio::test]
async fn a_valid_response_is_stored_and_receipted() {
    let server = TestServer::new().await;
    let survey = server.survey("yingshang-2023");
    let body = submission(&survey, 1);
    let (status, receipt) = server.post_json(&responses_path(&survey.id), &body).await;
    assert_eq!(status, StatusCode::CREATED, "{receipt}");
    assert_eq!(receipt["response_id"], body["id"]);
    assert_eq!(receipt["survey_id"], "yingshang-2023");
    assert!(receipt["received_at"].as_i64().unwrap() > 0);
    assert_eq!(receipt["receipt_code"].as_str().unwrap().len(), 9);
    assert_eq!(server.response_count(&survey.id).await, 1);
}

#[tokio::test]
async fn each_evaluation_accepts_complete_responses() {
    let server = TestServer::new().await;
    for id in ["yingshang-2023", "shuangjian-2023"] {
        let survey = server.survey(id);
        for seed in 0..20 {
            let (status, body) = server
                .post_json(&responses_path(id), &submission(&survey, seed))
                .await;
            assert_eq!(status, StatusCode::CREATED, "{id} seed {seed}: {body}");
        }
        assert_eq!(server.response_count(id).await, 20);
    }
}

#[tokio::test]
async fn a_retry_returns_the_first_receipt_and_stores_nothing_new() {
    let server = TestServer::new().await;
    let survey = server.survey("shuangjian-2023");
    let body = submission(&survey, 5);
    let (first_status, first) = server.post_json(&responses_path(&survey.id), &body).await;
    let (again_status, again) = server.post_json(&responses_path(&survey.id), &body).await;
    assert_eq!(first_status, StatusCode::CREATED);
    assert_eq!(again_status, StatusCode::OK);
    assert_eq!(first, again);
    assert_eq!(server.response_count(&survey.id).await, 1);
}

#[tokio::test]
async fn twenty_concurrent_retries_of_one_id_store_one_row() {
    let server = TestServer::new().await;
    let survey = server.survey("yingshang-2023");
    let body = submission(&survey, 9);
    let path = responses_path(&survey.id);
    let tasks: Vec<_> = (0..20)
        .map(|_| {
            let router = server.router.clone();
            let request = axum::http::Request::post(&path)
                .header("content-type", "application/json")
                .body(axum::body::Body::from(body.to_string()))
                .unwrap();
            tokio::spawn(async move { crate::support::send(&router, request).await })
        })
        .collect();
    let mut created = 0;
    let mut receipts = std::collections::HashSet::new();
    for task in tasks {
        let (status, receipt) = task.await.unwrap();
        assert!(
            status == StatusCode::CREATED || status == StatusCode::OK,
            "{status}"
        );
        created += usize::from(status == StatusCode::CREATED);
        receipts.insert(receipt.to_string());
    }
    assert_eq!(created, 1);
    assert_eq!(receipts.len(), 1, "every retry sees the same receipt");
    assert_eq!(server.response_count(&survey.id).await, 1);
}

#[tokio::test]
async fn answers_to_hidden_questions_are_stored_pruned_of_blanks_only() {
    let server = TestServer::new().await;
    let survey = server.survey("shuangjian-2023");
    let mut body = submission(&survey, 3);
    body["answers"]["suggestions"] = json!("");
    let (status, _) = server.post_json(&responses_path(&survey.id), &body).await;
    assert_eq!(status, StatusCode::CREATED);
    let stored: String = sqlx::query_scalar("SELECT answers FROM responses")
        .fetch_one(&server.state.pool)
        .await
        .unwrap();
    let stored: serde_json::Value = serde_json::from_str(&stored).unwrap();
    assert!(stored.get("suggestions").is_none());
    assert_eq!(stored["overall"], body["answers"]["overall"]);
}
