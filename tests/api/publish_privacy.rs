//! Publication singles out nobody, through the real server: an answer shown only to some
//! profile answers does not tell which option of 其他（合并） a record stands for, and a
//! survey with too few responses publishes nothing derived from its answers.

use axum::http::StatusCode;
use manyi::domain::publication::{PublicData, MERGED, THRESHOLD};
use manyi::domain::wire::Role;
use serde_json::{json, Value};
use uuid::Uuid;

use crate::support::{responses_path, TestServer};

const SURVEY: &str = "kehou-2024";

/// A survey whose 作业量 question only parents and students see.
async fn open_survey(server: &TestServer, staff: &str) {
    let survey = json!({
        "id": SURVEY, "title": "课后服务满意度测评", "wave": "2024",
        "sections": [{"id": "s", "title": "基本情况", "questions": [
            {"id": "identity", "title": "您的身份", "kind": "single_choice", "required": true,
             "profile": true, "options": [{"id": "parent", "label": "家长"},
                {"id": "student", "label": "学生"}, {"id": "resident", "label": "居民"}]},
            {"id": "homework", "title": "作业量", "kind": "scale", "scale": "satisfaction5",
             "required": true,
             "show_if": {"op": "any_of", "question": "identity", "values": ["parent", "student"]}},
            {"id": "overall", "title": "总体满意度", "kind": "scale", "scale": "satisfaction5",
             "required": true}
        ]}]
    });
    let (status, body) = server
        .call("POST", "/staff/surveys/new", staff, Some(survey))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let (status, body) = server.set_status(staff, SURVEY, "open").await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

/// Submit `count` responses of one identity, then close and publish; returns the
/// publication and the parsed data.json.
async fn publish(
    server: &TestServer,
    staff: &str,
    identities: &[(&str, usize)],
) -> (Value, PublicData) {
    for (identity, count) in identities {
        for _ in 0..*count {
            let mut answers = json!({"identity": identity, "overall": "4"});
            if *identity != "resident" {
                answers["homework"] = json!("3");
            }
            let body = json!({"id": Uuid::new_v4(), "answers": answers});
            let (status, body) = server.post_json(&responses_path(SURVEY), &body).await;
            assert_eq!(status, StatusCode::CREATED, "{body}");
        }
    }
    for status in ["closed", "published"] {
        let (code, body) = server.set_status(staff, SURVEY, status).await;
        assert_eq!(code, StatusCode::OK, "{status}: {body}");
    }
    let (status, publication) = server.get(&format!("/public/surveys/{SURVEY}")).await;
    assert_eq!(status, StatusCode::OK);
    let (status, file) = server
        .get_bytes(&format!("/public/surveys/{SURVEY}/data.json"))
        .await;
    assert_eq!(status, StatusCode::OK);
    (publication, serde_json::from_slice(&file).unwrap())
}

#[tokio::test]
async fn a_merged_group_does_not_come_back_through_a_question_only_it_sees() {
    let server = TestServer::new().await;
    let staff = server.sign_in("staff1", Role::Staff).await;
    open_survey(&server, &staff).await;
    // Two students: merged with the residents (who never see 作业量) into 其他（合并）.
    let (publication, data) = publish(
        &server,
        &staff,
        &[("parent", 10), ("student", 2), ("resident", 10)],
    )
    .await;
    assert_eq!(
        publication["coarsening"][0]["merged"],
        json!(["学生", "居民"])
    );
    let identity = |r: &&manyi::domain::publication::PublicRecord| {
        r.answers["identity"].as_text().unwrap().to_string()
    };
    let merged: Vec<_> = data
        .records
        .iter()
        .filter(|r| identity(r) == MERGED)
        .collect();
    assert_eq!(merged.len(), 12);
    // Whoever answered 作业量 in the merged group is a student.
    let told = merged
        .iter()
        .filter(|r| r.answers.contains_key("homework"))
        .count();
    assert_eq!(told, 0, "{told} merged records are known to be students");
    // The parents' answers are all kept, and so is everyone's overall rating.
    let parents = data.records.iter().filter(|r| identity(r) == "parent");
    assert!(parents.clone().all(|r| r.answers.contains_key("homework")));
    assert_eq!(parents.count(), 10);
    assert!(data
        .records
        .iter()
        .all(|r| r.answers.contains_key("overall")));
    let homework = publication["results"]["questions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["id"] == "homework")
        .unwrap();
    assert_eq!(homework["answered"], 10);
}

#[tokio::test]
async fn a_survey_with_too_few_responses_publishes_nothing_of_its_answers() {
    let server = TestServer::new().await;
    let staff = server.sign_in("staff1", Role::Staff).await;
    open_survey(&server, &staff).await;
    let few = [("parent", 1), ("student", 2)];
    let (publication, data) = publish(&server, &staff, &few).await;
    const { assert!(3 < THRESHOLD) };
    assert_eq!(publication["withheld"], true);
    assert_eq!(publication["frozen_responses"], 3);
    assert_eq!(publication["published_responses"], 0);
    // Not which options were chosen, nor which items were answered.
    assert_eq!(publication["coarsening"], json!([]));
    assert_eq!(publication["dropped"], json!([]));
    assert_eq!(publication["groups"], json!([]));
    assert_eq!(publication["results"]["responses"], 0);
    assert!(data.records.is_empty());
    let options: Vec<&str> = data
        .header
        .survey
        .question("identity")
        .unwrap()
        .kind
        .options()
        .iter()
        .map(|o| o.id.as_str())
        .collect();
    assert_eq!(options, ["parent", "student", "resident"]);
}
