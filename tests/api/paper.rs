//! Paper ballots: entered by staff while the vote is open, capped at 实到 minus the ballots
//! in, stored exactly like electronic ones (only their number is kept), stored once however
//! often an entry is retried, and logged as one more paper ballot, never their marks.

use axum::http::StatusCode;
use manyi::domain::wire::Role;
use serde_json::json;
use uuid::Uuid;

use crate::support::{responses_path, TestServer};

const PATH: &str = "/staff/surveys/shenji-2023/paper-ballots";

#[tokio::test]
async fn paper_ballots_are_capped_merged_stored_once_and_logged_without_marks() {
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

    // No paper ballot before 实到 is entered: it is what caps them.
    let refused_by_the_cap = || async {
        let (status, body) = server
            .call(
                "POST",
                PATH,
                &staff,
                Some(entry(json!({"report": "basic"}))),
            )
            .await;
        status == StatusCode::CONFLICT && body["message"].as_str().unwrap().contains("实到")
    };
    assert!(refused_by_the_cap().await);
    let (status, _) = server.set_attendance(&staff, "shenji-2023", 7, 4).await;
    assert_eq!(status, StatusCode::OK);

    // Two paper ballots (the second left 预算管理 blank), one retried; two electronic.
    let first = entry(json!({"report": "satisfied", "budget": "basic"}));
    for expected in [StatusCode::CREATED, StatusCode::OK] {
        let (status, receipt) = server.call("POST", PATH, &staff, Some(first.clone())).await;
        assert_eq!(status, expected);
        assert!(receipt.get("received_at").is_none(), "{receipt}");
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
    let codes = server.issue_codes("shenji-2023", 2).await;
    for code in &codes {
        let body = json!({"id": Uuid::new_v4(), "code": code, "answers": {"report": "satisfied", "budget": "satisfied"}});
        let (status, _) = server
            .post_json(&responses_path("shenji-2023"), &body)
            .await;
        assert_eq!(status, StatusCode::CREATED);
    }
    // Four present, four ballots in: no fifth on paper.
    assert!(refused_by_the_cap().await);
    // Nobody can pass an electronic ballot off as paper, or tag it with a channel.
    for channel in ["paper", "member-7"] {
        let forged =
            json!({"id": Uuid::new_v4(), "channel": channel, "answers": {"report": "satisfied"}});
        let (status, body) = server
            .post_json(&responses_path("shenji-2023"), &forged)
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(body["fields"][0]["field"], "channel");
    }

    // While open: how many ballots of each kind, nothing of what they say.
    let (_, ballot) = server
        .call("GET", "/staff/surveys/shenji-2023/ballot", &staff, None)
        .await;
    assert_eq!(ballot["outcome"], json!(null));
    assert_eq!(
        (
            ballot["progress"]["electronic_ballots"].as_u64(),
            ballot["progress"]["paper_ballots"].as_u64()
        ),
        (Some(2), Some(2))
    );

    // The chain holds one entry per paper ballot, without a mark.
    let (_, chain) = server.get("/surveys/shenji-2023/audit").await;
    let logged: Vec<_> = chain
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "paper_ballot")
        .collect();
    assert_eq!(logged.len(), 2, "each paper ballot once");
    assert_eq!(logged[0]["actor"], "staff1");
    for entry in &logged {
        let detail = entry["detail"].as_str().unwrap();
        for mark in ["report", "budget", "satisfied", "basic"] {
            assert!(!detail.contains(mark), "{detail}");
        }
    }

    // Stored, a paper ballot is an electronic one: one date, no channel, for every ballot.
    let stored: Vec<(Option<String>, i64)> = sqlx::query_as(
        "SELECT DISTINCT channel, received_at FROM responses WHERE survey_id = 'shenji-2023'",
    )
    .fetch_all(&server.state.pool)
    .await
    .unwrap();
    assert_eq!(stored.len(), 1, "{stored:?}");
    assert_eq!(stored[0].0, None);
    assert_eq!(stored[0].1 % 3_600_000, 0, "a date, not a time");

    server.set_status(&staff, "shenji-2023", "closed").await;
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
    // Paper and electronic marks are only ever counted together.
    let report = &outcome["items"][0];
    assert!(report.get("paper").is_none() && report.get("electronic").is_none());
    assert_eq!(
        report["total"],
        json!({"satisfied": 3, "basic": 0, "unsatisfied": 1, "invalid": 0})
    );
    // 3 满意 of 7 members is not more than half; 3 满意 + 0 基本满意 neither: 不满意.
    assert_eq!(report["verdict"], "unsatisfied");
    let budget = &outcome["items"][1];
    assert_eq!(
        budget["total"],
        json!({"satisfied": 2, "basic": 1, "unsatisfied": 0, "invalid": 1})
    );

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
