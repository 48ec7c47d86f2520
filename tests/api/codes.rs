//! One-time codes: spent in the response's transaction, once, and never linked to it.

use axum::http::StatusCode;
use serde_json::json;

use crate::support::{fields, responses_path, submission, TestServer};

const BALLOT: &str = "shenji-2023";

async fn issue(server: &TestServer, count: usize) -> Vec<String> {
    manyi::server::services::codes::issue(&server.state.pool, BALLOT, count, "test", "test")
        .await
        .unwrap()
        .1
}

fn ballot(server: &TestServer, seed: u64, code: Option<&str>) -> serde_json::Value {
    let mut body = submission(&server.survey(BALLOT), seed);
    if let Some(code) = code {
        body["code"] = json!(code);
    }
    body
}

#[tokio::test]
async fn a_ballot_needs_a_code() {
    let server = TestServer::new().await;
    let (status, error) = server
        .post_json(&responses_path(BALLOT), &ballot(&server, 1, None))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fields(&error), ["code"]);
}

#[tokio::test]
async fn an_unknown_code_is_403_and_a_spent_code_is_409() {
    let server = TestServer::new().await;
    let codes = issue(&server, 2).await;
    let (status, error) = server
        .post_json(
            &responses_path(BALLOT),
            &ballot(&server, 1, Some("AAAA-AAAA")),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(error["error"], "code_unknown");

    // Typed in lower case with a space: still the same code.
    let typed = codes[0].to_lowercase().replace('-', " ");
    let first = ballot(&server, 2, Some(&typed));
    assert_eq!(
        server.post_json(&responses_path(BALLOT), &first).await.0,
        StatusCode::CREATED
    );
    let (status, error) = server
        .post_json(
            &responses_path(BALLOT),
            &ballot(&server, 3, Some(&codes[0])),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(error["error"], "code_spent");
    // The voter's own retry still gets the receipt.
    assert_eq!(
        server.post_json(&responses_path(BALLOT), &first).await.0,
        StatusCode::OK
    );
    assert_eq!(server.response_count(BALLOT).await, 1);
}

#[tokio::test]
async fn two_concurrent_uses_of_one_code_accept_one() {
    let server = TestServer::new().await;
    let code = issue(&server, 1).await.remove(0);
    let path = responses_path(BALLOT);
    let tasks: Vec<_> = (0..2)
        .map(|seed| {
            let router = server.router.clone();
            let body = ballot(&server, seed, Some(&code));
            let request = axum::http::Request::post(&path)
                .header("content-type", "application/json")
                .body(axum::body::Body::from(body.to_string()))
                .unwrap();
            tokio::spawn(async move { crate::support::send(&router, request).await.0 })
        })
        .collect();
    let mut statuses = Vec::new();
    for task in tasks {
        statuses.push(task.await.unwrap());
    }
    statuses.sort();
    assert_eq!(statuses, [StatusCode::CREATED, StatusCode::CONFLICT]);
    assert_eq!(server.response_count(BALLOT).await, 1);
}

#[tokio::test]
async fn nothing_stored_links_a_code_to_its_ballot() {
    let server = TestServer::new().await;
    let code = issue(&server, 1).await.remove(0);
    let body = ballot(&server, 4, Some(&code));
    assert_eq!(
        server.post_json(&responses_path(BALLOT), &body).await.0,
        StatusCode::CREATED
    );
    let row: (String, Option<String>) = sqlx::query_as("SELECT answers, channel FROM responses")
        .fetch_one(&server.state.pool)
        .await
        .unwrap();
    assert!(!row.0.contains(&code) && !row.0.contains("code"));
    let list_columns = match crate::support::on_postgres() {
        true => {
            "SELECT CAST(column_name AS TEXT) FROM information_schema.columns \
                 WHERE table_schema = current_schema() AND table_name = 'access_codes' \
                 ORDER BY ordinal_position"
        }
        false => "SELECT name FROM pragma_table_info('access_codes')",
    };
    let columns: Vec<String> = sqlx::query_scalar(list_columns)
        .fetch_all(&server.state.pool)
        .await
        .unwrap();
    // The printed sheet it came from and whether it was revoked: nothing about the ballot.
    assert_eq!(
        columns,
        ["survey_id", "code_hash", "spent", "batch", "revoked"]
    );
}
