//! Every bad input (`server/error.rs`, docs/architecture.md#the-path-of-a-submission): its
//! own status, a JSON body naming the field, nothing stored.

use axum::http::StatusCode;
use serde_json::json;

use crate::support::{fields, responses_path, submission, TestServer};

const SURVEY: &str = "yingshang-2023";

#[tokio::test]
async fn a_missing_required_answer_is_422_naming_the_field() {
    let server = TestServer::new().await;
    let mut body = submission(&server.survey(SURVEY), 1);
    body["answers"].as_object_mut().unwrap().remove("overall");
    let (status, error) = server.post_json(&responses_path(SURVEY), &body).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error["error"], "validation");
    assert_eq!(fields(&error), ["overall"]);
    assert_eq!(error["fields"][0]["code"], "required");
    assert_eq!(error["fields"][0]["message"], "此题为必答题，请作答");
    assert_eq!(server.response_count(SURVEY).await, 0);
}

#[tokio::test]
async fn out_of_range_and_unknown_answers_are_422() {
    let server = TestServer::new().await;
    let mut body = submission(&server.survey(SURVEY), 2);
    body["answers"]["nps"] = json!(11);
    body["answers"]["improve"] = json!(["zwfw", "scbj", "ysbz", "fzhj"]);
    body["answers"]["ghost"] = json!("x");
    body["answers"]["zwfw_online"] = json!("7");
    let (status, error) = server.post_json(&responses_path(SURVEY), &body).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let mut named = fields(&error);
    named.sort();
    assert_eq!(named, ["ghost", "improve", "nps", "zwfw_online"]);
    assert_eq!(server.response_count(SURVEY).await, 0);
}

#[tokio::test]
async fn an_answer_to_a_hidden_question_is_422() {
    let server = TestServer::new().await;
    let mut body = submission(&server.survey(SURVEY), 3);
    body["answers"]["improve"] = json!(["zwfw"]);
    body["answers"]["improve_other"] = json!("别的");
    let (status, error) = server.post_json(&responses_path(SURVEY), &body).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fields(&error), ["improve_other"]);
    assert_eq!(error["fields"][0]["code"], "hidden_answered");
}

#[tokio::test]
async fn a_body_of_the_wrong_shape_is_422_naming_the_path() {
    let server = TestServer::new().await;
    let (status, error) = server
        .post_json(
            &responses_path(SURVEY),
            &json!({"id": "not-a-uuid", "answers": {}}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fields(&error), ["id"]);
    let (status, error) = server
        .post_json(
            &responses_path(SURVEY),
            &json!({"id": uuid::Uuid::new_v4()}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fields(&error), ["body"], "{error}");
    // A channel is named as staff can name one (`domain::distribution::is_channel_id`).
    let too_long = "d".repeat(33);
    for channel in ["东城 街道", "Dongcheng", too_long.as_str(), "paper"] {
        let mut body = submission(&server.survey(SURVEY), 4);
        body["channel"] = json!(channel);
        let (status, error) = server.post_json(&responses_path(SURVEY), &body).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{channel}");
        assert_eq!(fields(&error), ["channel"], "{channel}");
    }
    assert_eq!(server.response_count(SURVEY).await, 0);
}

#[tokio::test]
async fn malformed_json_is_400() {
    let server = TestServer::new().await;
    let (status, error) = server
        .post_raw(
            &responses_path(SURVEY),
            "application/json",
            b"{\"id\": ".to_vec(),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(error["error"], "malformed_json");
}

#[tokio::test]
async fn an_oversized_body_is_413() {
    let server = TestServer::new().await;
    let mut body = submission(&server.survey(SURVEY), 5);
    body["answers"]["suggestions"] = json!("很".repeat(40_000));
    let (status, error) = server.post_json(&responses_path(SURVEY), &body).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(error["error"], "payload_too_large");
    assert_eq!(server.response_count(SURVEY).await, 0);
}

#[tokio::test]
async fn a_wrong_content_type_is_415() {
    let server = TestServer::new().await;
    let body = submission(&server.survey(SURVEY), 6)
        .to_string()
        .into_bytes();
    let (status, error) = server
        .post_raw(&responses_path(SURVEY), "text/plain", body)
        .await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(error["error"], "unsupported_media_type");
}

#[tokio::test]
async fn an_unknown_survey_is_404() {
    let server = TestServer::new().await;
    let body = submission(&server.survey(SURVEY), 7);
    let (status, error) = server
        .post_json(&responses_path("no-such-survey"), &body)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(error["error"], "survey_not_found");
}

#[tokio::test]
async fn a_closed_survey_is_409_but_an_earlier_receipt_still_replays() {
    let server = TestServer::new().await;
    let survey = server.survey(SURVEY);
    let early = submission(&survey, 8);
    let (status, first) = server.post_json(&responses_path(SURVEY), &early).await;
    assert_eq!(status, StatusCode::CREATED);
    let staff = server
        .sign_in("staff1", manyi::domain::wire::Role::Staff)
        .await;
    server.set_status(&staff, SURVEY, "closed").await;

    let (status, error) = server
        .post_json(&responses_path(SURVEY), &submission(&survey, 9))
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(error["error"], "survey_closed");
    let (status, replay) = server.post_json(&responses_path(SURVEY), &early).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(replay, first);
    assert_eq!(server.response_count(SURVEY).await, 1);
}

#[tokio::test]
async fn one_id_cannot_answer_two_surveys() {
    let server = TestServer::new().await;
    let body = submission(&server.survey(SURVEY), 10);
    assert_eq!(
        server.post_json(&responses_path(SURVEY), &body).await.0,
        StatusCode::CREATED
    );
    let mut other = submission(&server.survey("shuangjian-2023"), 10);
    other["id"] = body["id"].clone();
    let (status, error) = server
        .post_json(&responses_path("shuangjian-2023"), &other)
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(error["error"], "id_conflict");
    assert_eq!(server.response_count("shuangjian-2023").await, 0);
}
