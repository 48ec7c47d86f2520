//! The builder's API: create a draft, edit it in place, a new version once answers exist,
//! clear errors for bad definitions, and the optional time window.

use axum::http::StatusCode;
use manyi::domain::results::codebook::{MAX_LEVELS, MAX_MULTI_OPTIONS};
use manyi::domain::wire::Role;
use serde_json::{json, Value};

use crate::support::{fields, responses_path, submission, TestServer};

const NEW: &str = "/staff/surveys/new";

fn definition_path(id: &str) -> String {
    format!("/staff/surveys/{id}/definition")
}

/// Next year's 营商环境 survey, as staff would start it from last year's.
fn next_wave(server: &TestServer) -> Value {
    let mut survey = serde_json::to_value(server.survey("yingshang-2023")).unwrap();
    survey["id"] = json!("yingshang-2024");
    survey["wave"] = json!("2024");
    survey["title"] = json!("2024年度营商环境满意度测评");
    survey
}

/// Save the definition of yingshang-2024 (PUT).
async fn save(server: &TestServer, cookie: &str, survey: &Value) -> (StatusCode, Value) {
    server
        .call(
            "PUT",
            &definition_path("yingshang-2024"),
            cookie,
            Some(survey.clone()),
        )
        .await
}

fn actions(chain: &Value) -> Vec<String> {
    chain
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn bad_definitions_are_refused_with_every_problem_named() {
    let server = TestServer::new().await;
    let staff = server.sign_in("staff1", Role::Staff).await;
    let viewer = server.sign_in("viewer1", Role::Viewer).await;
    let survey = next_wave(&server);

    let (status, _) = server.call("POST", NEW, "", Some(survey.clone())).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _) = server
        .call("POST", NEW, &viewer, Some(survey.clone()))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    let mut broken = survey.clone();
    broken["title"] = json!("");
    let first_id = broken["sections"][0]["questions"][0]["id"].clone();
    broken["sections"][0]["questions"][1]["id"] = first_id;
    let (status, body) = server.call("POST", NEW, &staff, Some(broken)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fields(&body), ["title", "sections.0.questions.1.id"]);
    assert_eq!(body["fields"][0]["message"], "请填写测评标题");
    assert!(body["fields"][1]["message"]
        .as_str()
        .unwrap()
        .contains("重复"));

    // Not a survey at all: the JSON path of the mistake is named.
    let mut wrong_kind = survey.clone();
    wrong_kind["sections"][0]["questions"][0]["kind"] = json!("slider");
    let (status, body) = server.call("POST", NEW, &staff, Some(wrong_kind)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(fields(&body), ["sections[0].questions[0].kind"]);

    // An id already in use.
    let mut taken = survey.clone();
    taken["id"] = json!("yingshang-2023");
    let (status, body) = server.call("POST", NEW, &staff, Some(taken)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fields(&body), ["id"]);
    assert!(server.state.surveys.get("yingshang-2024").is_none());
}

/// `count` options with ids o0, o1, …
fn options(count: usize) -> Value {
    (0..count)
        .map(|i| json!({"id": format!("o{i}"), "label": format!("选项{i}")}))
        .collect()
}

#[tokio::test]
async fn more_options_than_results_count_and_a_profile_that_cannot_be_coarsened_are_refused() {
    let server = TestServer::new().await;
    let staff = server.sign_in("staff1", Role::Staff).await;
    let survey = next_wave(&server);

    // Creating: a dropdown beyond the column limit, and a profile mark on the 0–10 score.
    let mut broken = survey.clone();
    let industry = &mut broken["sections"][0]["questions"][3];
    assert_eq!(industry["kind"], "dropdown");
    industry["profile"] = json!(false);
    industry["options"] = options(MAX_LEVELS + 1);
    let nps = &mut broken["sections"][7]["questions"][1];
    assert_eq!(nps["kind"], "nps");
    nps["profile"] = json!(true);
    let (status, body) = server.call("POST", NEW, &staff, Some(broken)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(
        fields(&body),
        [
            "sections.0.questions.3.options",
            "sections.7.questions.1.profile"
        ]
    );
    assert!(
        body["fields"][0]["message"]
            .as_str()
            .unwrap()
            .contains(&format!("最多 {MAX_LEVELS} 个选项")),
        "{body}"
    );
    assert!(server.state.surveys.get("yingshang-2024").is_none());

    // Saving: a multiple choice beyond the bits of its mask.
    let (status, _) = server.call("POST", NEW, &staff, Some(survey.clone())).await;
    assert_eq!(status, StatusCode::CREATED);
    let mut broken = survey.clone();
    let improve = &mut broken["sections"][7]["questions"][3];
    assert_eq!(improve["kind"], "multiple_choice");
    // 其他 stays: 请注明 is shown on it.
    let mut many = options(MAX_MULTI_OPTIONS);
    many.as_array_mut()
        .unwrap()
        .push(json!({"id": "other", "label": "其他"}));
    improve["options"] = many;
    let (status, body) = save(&server, &staff, &broken).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(fields(&body), ["sections.7.questions.3.options"]);
    assert!(
        body["fields"][0]["message"]
            .as_str()
            .unwrap()
            .contains(&format!("最多 {MAX_MULTI_OPTIONS} 个选项")),
        "{body}"
    );
    let stored = server.survey("yingshang-2024");
    assert_eq!(
        stored.question("improve").unwrap().kind.options().len(),
        7,
        "the draft is unchanged"
    );
}

#[tokio::test]
async fn a_draft_changes_in_place_and_a_survey_with_answers_gets_a_new_version() {
    let server = TestServer::new().await;
    let staff = server.sign_in("staff1", Role::Staff).await;
    let mut survey = next_wave(&server);

    let (status, saved) = server.call("POST", NEW, &staff, Some(survey.clone())).await;
    assert_eq!(status, StatusCode::CREATED, "{saved}");
    assert_eq!(saved, json!({"id": "yingshang-2024"}));
    // A draft is not public.
    let (status, _) = server.get("/surveys/yingshang-2024").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, view) = server
        .call("GET", &definition_path("yingshang-2024"), &staff, None)
        .await;
    assert_eq!(view["status"], "draft");
    assert_eq!(view["responses"], 0);

    // Edit the draft: same id, new text.
    survey["intro"] = json!("请您根据实际感受作答。");
    let (status, saved) = save(&server, &staff, &survey).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(saved, json!({"id": "yingshang-2024"}));
    assert_eq!(
        server.survey("yingshang-2024").intro,
        "请您根据实际感受作答。"
    );

    // The id cannot change on save.
    let mut renamed = survey.clone();
    renamed["id"] = json!("other");
    let (status, body) = server
        .call(
            "PUT",
            &definition_path("yingshang-2024"),
            &staff,
            Some(renamed),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fields(&body), ["id"]);

    // Open it and take one answer.
    let (status, _) = server.set_status(&staff, "yingshang-2024", "open").await;
    assert_eq!(status, StatusCode::OK);
    let answer = submission(&server.survey("yingshang-2024"), 7);
    let (status, _) = server
        .post_json(&responses_path("yingshang-2024"), &answer)
        .await;
    assert_eq!(status, StatusCode::CREATED);

    // Saving the same definition again changes nothing.
    let (status, saved) = save(&server, &staff, &survey).await;
    assert_eq!(
        (status, saved),
        (StatusCode::OK, json!({"id": "yingshang-2024"}))
    );

    // A real change now makes a new draft version; the answered survey stays as it was.
    let before = server.survey("yingshang-2024");
    survey["sections"][0]["questions"][0]["title"] = json!("贵企业所在的乡镇（街道）");
    let (status, saved) = save(&server, &staff, &survey).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(
        saved,
        json!({"id": "yingshang-2024-v2", "version_of": "yingshang-2024"})
    );
    assert_eq!(server.survey("yingshang-2024"), before);
    let (_, view) = server
        .call("GET", &definition_path("yingshang-2024-v2"), &staff, None)
        .await;
    assert_eq!(view["status"], "draft");
    assert_eq!(view["survey"]["version_of"], "yingshang-2024");
    assert_eq!(view["survey"]["series"], before.series);
    assert_eq!(
        view["survey"]["sections"][0]["questions"][0]["title"],
        "贵企业所在的乡镇（街道）"
    );
    assert_eq!(server.response_count("yingshang-2024").await, 1);

    // Each step is in the chains: create, edit, open, new version; and the version's own.
    let (_, chain) = server.get("/surveys/yingshang-2024/audit").await;
    assert_eq!(actions(&chain), ["create", "edit", "open", "edit"]);
    let detail: Value = serde_json::from_str(chain[3]["detail"].as_str().unwrap()).unwrap();
    assert_eq!(detail["new_version"], "yingshang-2024-v2");
    // A draft's chain is staff's until the draft opens.
    let (status, _) = server.get("/surveys/yingshang-2024-v2/audit").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, chain) = server
        .call(
            "GET",
            "/staff/surveys/yingshang-2024-v2/audit",
            &staff,
            None,
        )
        .await;
    assert_eq!(actions(&chain), ["create"]);
}

#[tokio::test]
async fn answers_to_a_draft_edited_after_its_results_were_viewed_are_counted() {
    let server = TestServer::new().await;
    let staff = server.sign_in("staff1", Role::Staff).await;
    let mut survey = next_wave(&server);
    let (status, _) = server.call("POST", NEW, &staff, Some(survey.clone())).await;
    assert_eq!(status, StatusCode::CREATED);
    let results = "/staff/surveys/yingshang-2024/results";
    let (status, _) = server.call("GET", results, &staff, None).await;
    assert_eq!(status, StatusCode::OK);

    // A new first option for the town, then open and answer with it.
    let town = &mut survey["sections"][0]["questions"][0];
    assert_eq!(town["id"], "town");
    town["options"]
        .as_array_mut()
        .unwrap()
        .insert(0, json!({"id": "xincheng", "label": "新城街道"}));
    let (status, _) = save(&server, &staff, &survey).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = server.set_status(&staff, "yingshang-2024", "open").await;
    assert_eq!(status, StatusCode::OK);
    let mut answer = submission(&server.survey("yingshang-2024"), 3);
    answer["answers"]["town"] = json!("xincheng");
    let (status, body) = server
        .post_json(&responses_path("yingshang-2024"), &answer)
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");

    let (_, view) = server.call("GET", results, &staff, None).await;
    let town = view["results"]["questions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["id"] == "town")
        .unwrap();
    let xincheng = town["options"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["id"] == "xincheng")
        .unwrap();
    assert_eq!(xincheng["count"], 1, "{town}");
}

#[tokio::test]
async fn answers_are_taken_only_inside_the_time_window() {
    let server = TestServer::new().await;
    let staff = server.sign_in("staff1", Role::Staff).await;
    let survey = server.survey("shuangjian-2023");
    let path = "/staff/surveys/shuangjian-2023/schedule";
    let now = manyi::server::storage::now_millis();
    let hour = 3_600_000;

    let (status, body) = server
        .call(
            "PUT",
            path,
            &staff,
            Some(json!({"opens_at": now, "closes_at": now - hour})),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fields(&body), ["closes_at"]);

    let cases = [
        (
            json!({"opens_at": now + hour}),
            StatusCode::CONFLICT,
            "survey_not_started",
        ),
        (
            json!({"closes_at": now - hour}),
            StatusCode::CONFLICT,
            "survey_ended",
        ),
        (
            json!({"opens_at": now - hour, "closes_at": now + hour}),
            StatusCode::CREATED,
            "",
        ),
        (json!({}), StatusCode::CREATED, ""),
    ];
    for (seed, (window, expected, error)) in cases.into_iter().enumerate() {
        let (status, _) = server.call("PUT", path, &staff, Some(window.clone())).await;
        assert_eq!(status, StatusCode::OK, "{window}");
        // The respondent page learns the window with the survey.
        let (_, detail) = server.get("/surveys/shuangjian-2023").await;
        assert_eq!(
            detail["schedule"].as_object().map_or(0, |o| o.len()),
            window.as_object().unwrap().len()
        );
        let (status, body) = server
            .post_json(
                &responses_path("shuangjian-2023"),
                &submission(&survey, seed as u64),
            )
            .await;
        assert_eq!(status, expected, "{window}: {body}");
        if !error.is_empty() {
            assert_eq!(body["error"], error);
        }
    }
    assert_eq!(server.response_count("shuangjian-2023").await, 2);
    let (_, chain) = server.get("/surveys/shuangjian-2023/audit").await;
    assert_eq!(
        actions(&chain).iter().filter(|a| *a == "schedule").count(),
        4
    );

    let (status, _) = server.set_status(&staff, "shuangjian-2023", "closed").await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = server.call("PUT", path, &staff, Some(json!({}))).await;
    assert_eq!(status, StatusCode::CONFLICT);
}

#[tokio::test]
async fn the_server_closes_a_survey_when_its_window_ends() {
    let server = TestServer::new().await;
    let staff = server.sign_in("staff1", Role::Staff).await;
    let now = manyi::server::storage::now_millis();
    let survey = server.survey("shuangjian-2023");
    for seed in 0..3 {
        let (status, _) = server
            .post_json(
                &responses_path("shuangjian-2023"),
                &submission(&survey, seed),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED);
    }
    let windows = [
        ("shuangjian-2023", now - 1_000),
        ("yingshang-2023", now + 3_600_000),
    ];
    for (id, closes_at) in windows {
        let path = format!("/staff/surveys/{id}/schedule");
        let (status, _) = server
            .call(
                "PUT",
                &path,
                &staff,
                Some(json!({ "closes_at": closes_at })),
            )
            .await;
        assert_eq!(status, StatusCode::OK);
    }

    let closed = manyi::server::services::schedule::close_due(&server.state)
        .await
        .unwrap();
    assert_eq!(closed, ["shuangjian-2023"]);
    let status = |id: &str| server.state.surveys.get(id).unwrap().status;
    assert_eq!(
        status("shuangjian-2023"),
        manyi::domain::SurveyStatus::Closed
    );
    assert_eq!(status("yingshang-2023"), manyi::domain::SurveyStatus::Open);
    // Frozen like a close by staff: the count and digest are in the chain, by the schedule.
    let (_, chain) = server.get("/surveys/shuangjian-2023/audit").await;
    let close = chain
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "close")
        .unwrap();
    assert_eq!(close["actor"], manyi::server::services::schedule::ACTOR);
    let detail: Value = serde_json::from_str(close["detail"].as_str().unwrap()).unwrap();
    assert_eq!(detail["responses"], 3);
    assert_eq!(detail["digest"].as_str().unwrap().len(), 64);
    // Nothing more to close.
    assert!(manyi::server::services::schedule::close_due(&server.state)
        .await
        .unwrap()
        .is_empty());
}
