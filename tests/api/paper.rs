//! Paper ballots: entered by staff while the vote is open, counted apart from the
//! electronic ones, stored once however often an entry is retried, and each one logged.

use axum::http::StatusCode;
use manyi::domain::wire::Role;
use serde_json::json;
use uuid::Uuid;

use crate::support::{responses_path, TestServer};

const PATH: &str = "/staff/surveys/shenji-2023/paper-ballots";

#[tokio::test]
async fn paper_ballots_are_counted_apart_stored_once_and_logged() {
    let server = TestServer::new().await;
    let staff = server.sign_in("staff1", Role::Staff).await;
    let viewer = server.sign_in("viewer1", Role::Viewer).await;
    let entry = |marks: serde_json::Value| json!({"id": Uuid::new_v4(), "marks": marks});

    let (status, _) = server
        .call(
            "POST",
            PATH,
            &viewer,
            Some(entry(json!({"report": "satisfied"}))),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = server
        .call(
            "POST",
            "/staff/surveys/yingshang-2023/paper-ballots",
            &staff,
            Some(entry(json!({}))),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "a questionnaire has no paper ballots"
    );
    for (marks, field) in [
        (json!({"report": "excellent"}), "report"),
        (json!({"comments": "写在纸上的意见"}), "marks.comments"),
        (json!({"nonsense": "satisfied"}), "marks.nonsense"),
    ] {
        let (status, body) = server.call("POST", PATH, &staff, Some(entry(marks))).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(body["fields"][0]["field"], field);
    }

    // Two paper ballots (the second left 预算管理 blank), one retried; two electronic.
    let first = entry(json!({"report": "satisfied", "budget": "basic"}));
    for expected in [StatusCode::CREATED, StatusCode::OK] {
        let (status, _) = server.call("POST", PATH, &staff, Some(first.clone())).await;
        assert_eq!(status, expected);
    }
    let (status, _) = server
        .call(
            "POST",
            PATH,
            &staff,
            Some(entry(json!({"report": "unsatisfied"}))),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let codes = manyi::server::codes::issue(&server.state.pool, "shenji-2023", 2, "test", "test")
        .await
        .unwrap()
        .1;
    for code in &codes {
        let body = json!({"id": Uuid::new_v4(), "code": code, "answers": {"report": "satisfied", "budget": "satisfied"}});
        let (status, _) = server
            .post_json(&responses_path("shenji-2023"), &body)
            .await;
        assert_eq!(status, StatusCode::CREATED);
    }
    // Nobody can pass an electronic ballot off as paper.
    let forged =
        json!({"id": Uuid::new_v4(), "channel": "paper", "answers": {"report": "satisfied"}});
    let (status, body) = server
        .post_json(&responses_path("shenji-2023"), &forged)
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["fields"][0]["field"], "channel");

    server
        .call(
            "PUT",
            "/staff/surveys/shenji-2023/attendance",
            &staff,
            Some(json!({"members": 7, "present": 6})),
        )
        .await;
    let (_, ballot) = server
        .call("GET", "/staff/surveys/shenji-2023/ballot", &staff, None)
        .await;
    let outcome = &ballot["outcome"];
    assert_eq!(
        (
            outcome["electronic_ballots"].as_u64(),
            outcome["paper_ballots"].as_u64()
        ),
        (Some(2), Some(2))
    );
    let report = &outcome["items"][0];
    assert_eq!(
        report["paper"],
        json!({"satisfied": 1, "basic": 0, "unsatisfied": 1, "invalid": 0})
    );
    assert_eq!(
        report["electronic"],
        json!({"satisfied": 2, "basic": 0, "unsatisfied": 0, "invalid": 0})
    );
    // 3 满意 of 7 members is not more than half; 3 满意 + 0 基本满意 neither: 不满意.
    assert_eq!(report["verdict"], "unsatisfied");
    let budget = &outcome["items"][1];
    assert_eq!(
        budget["paper"],
        json!({"satisfied": 0, "basic": 1, "unsatisfied": 0, "invalid": 1})
    );

    let (_, chain) = server.get("/surveys/shenji-2023/audit").await;
    let logged: Vec<_> = chain
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "paper_ballot")
        .collect();
    assert_eq!(logged.len(), 2, "each paper ballot once");
    assert_eq!(logged[0]["actor"], "staff1");

    server.set_status(&staff, "shenji-2023", "closed").await;
    let (status, _) = server
        .call(
            "POST",
            PATH,
            &staff,
            Some(entry(json!({"report": "satisfied"}))),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "not after the vote is closed");
}
