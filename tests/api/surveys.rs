use axum::http::StatusCode;

use crate::support::TestServer;

#[tokio::test]
async fn lists_the_three_open_evaluations() {
    let server = TestServer::new().await;
    let (status, body) = server.get("/surveys").await;
    assert_eq!(status, StatusCode::OK);
    let mut ids: Vec<&str> = body
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    ids.sort();
    assert_eq!(ids, ["shenji-2023", "shuangjian-2023", "yingshang-2023"]);
}

#[tokio::test]
async fn serves_a_definition_and_404s_an_unknown_one() {
    let server = TestServer::new().await;
    let (status, body) = server.get("/surveys/yingshang-2023").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["status"], "open");
    assert_eq!(body["survey"]["title"], "2023年度全区营商环境满意度测评");

    let (status, body) = server.get("/surveys/no-such-survey").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["error"], "survey_not_found");
    assert!(body["message"].as_str().unwrap().contains("问卷"));
}

#[tokio::test]
async fn unknown_api_paths_answer_json_404() {
    let server = TestServer::new().await;
    let (status, body) = server.get("/nothing-here").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["error"], "not_found");
}
