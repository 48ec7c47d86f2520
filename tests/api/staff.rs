//! Staff sign-in and the results endpoints: no figure without a session of the right role,
//! and the figures equal an independent count of what was submitted.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use manyi::domain::answer::Answers;
use manyi::domain::results::{compute, Codebook, ResponseTable};
use manyi::domain::wire::Role;
use manyi::server::AppState;
use serde_json::{json, Value};
use uuid::Uuid;

use crate::support::{assert_same_figures, responses_path, send_full, submission, TestServer};

const STAFF_READS: [&str; 6] = [
    "/staff/surveys",
    "/staff/surveys/yingshang-2023/results",
    "/staff/surveys/yingshang-2023/breakdown?by=ent_size",
    "/staff/surveys/yingshang-2023/waves",
    "/staff/surveys/shenji-2023/ballot",
    "/staff/surveys/yingshang-2023/events",
];

#[tokio::test]
async fn no_results_without_a_session() {
    let server = TestServer::new().await;
    for path in STAFF_READS {
        let (status, body) = server.call("GET", path, "", None).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{path}");
        assert_eq!(body["error"], "unauthorized");
        let (status, _) = server.call("GET", path, "manyi_session=forged", None).await;
        assert_eq!(
            status,
            StatusCode::UNAUTHORIZED,
            "{path} with a forged cookie"
        );
    }
    let (status, _) = server.set_status("", "shenji-2023", "closed").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn roles_decide_what_a_session_may_do() {
    let server = TestServer::new().await;
    let viewer = server.sign_in("viewer1", Role::Viewer).await;
    let staff = server.sign_in("staff1", Role::Staff).await;
    for path in STAFF_READS.iter().filter(|p| !p.ends_with("events")) {
        let (status, _) = server.call("GET", path, &viewer, None).await;
        assert_eq!(status, StatusCode::OK, "viewer reads {path}");
    }
    let close = json!({"status": "closed"});
    let (status, body) = server
        .call(
            "POST",
            "/staff/surveys/shenji-2023/status",
            &viewer,
            Some(close.clone()),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(body["error"], "forbidden");
    let attendance = json!({"members": 40, "present": 30});
    let (status, _) = server
        .call(
            "PUT",
            "/staff/surveys/shenji-2023/attendance",
            &viewer,
            Some(attendance.clone()),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = server
        .call(
            "PUT",
            "/staff/surveys/shenji-2023/attendance",
            &staff,
            Some(attendance),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = server
        .call(
            "POST",
            "/staff/surveys/shenji-2023/status",
            &staff,
            Some(close),
        )
        .await;
    assert_eq!(status, StatusCode::OK);

    let new_user =
        json!({"username": "viewer2", "password": "long enough password", "role": "viewer"});
    let (status, _) = server
        .call("POST", "/staff/users", &staff, Some(new_user.clone()))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "only an admin adds accounts");
    let admin = server.sign_in("admin1", Role::Admin).await;
    let (status, _) = server
        .call("POST", "/staff/users", &admin, Some(new_user.clone()))
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, _) = server
        .call("POST", "/staff/users", &admin, Some(new_user))
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    let weak = json!({"username": "viewer3", "password": "short", "role": "viewer"});
    let (status, body) = server
        .call("POST", "/staff/users", &admin, Some(weak))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["fields"][0]["field"], "password");
}

#[tokio::test]
async fn sign_in_sets_a_strict_http_only_cookie_and_sign_out_ends_it() {
    let server = TestServer::new().await;
    let cookie = server.sign_in("staff1", Role::Staff).await;
    let (status, me) = server.call("GET", "/auth/me", &cookie, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(me, json!({"username": "staff1", "role": "staff"}));

    let login = |password: &str| {
        Request::post("/auth/login")
            .header("content-type", "application/json")
            .body(Body::from(
                json!({"username": "staff1", "password": password}).to_string(),
            ))
            .unwrap()
    };
    let (status, headers, _) = send_full(&server.router, login("correct horse battery")).await;
    assert_eq!(status, StatusCode::OK);
    let set_cookie = headers["set-cookie"].to_str().unwrap();
    for flag in ["HttpOnly", "SameSite=Strict", "Path=/api"] {
        assert!(set_cookie.contains(flag), "{set_cookie} lacks {flag}");
    }
    let (status, _, body) = send_full(&server.router, login("wrong password!")).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["error"], "bad_credentials");
    let unknown = Request::post("/auth/login")
        .header("content-type", "application/json")
        .body(Body::from(
            json!({"username": "nobody", "password": "x"}).to_string(),
        ))
        .unwrap();
    let (status, _, body) = send_full(&server.router, unknown).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("bad_credentials"))
    );

    let (status, _) = server.call("POST", "/auth/logout", &cookie, None).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = server.call("GET", "/auth/me", &cookie, None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sessions WHERE token_hash = $1")
        .bind(cookie.trim_start_matches("manyi_session=").as_bytes())
        .fetch_one(&server.state.pool)
        .await
        .unwrap();
    assert_eq!(stored, 0, "tokens are never stored in clear");
}

/// Submit `count` sample responses; return their answers as the server validated them.
async fn submit_samples(
    server: &TestServer,
    survey_id: &str,
    count: u64,
    channel: Option<&str>,
) -> Vec<Answers> {
    let survey = server.survey(survey_id);
    let mut sent = Vec::new();
    for seed in 0..count {
        let mut body = submission(&survey, seed + 1000);
        if let Some(c) = channel {
            body["channel"] = json!(c);
        }
        let (status, _) = server.post_json(&responses_path(survey_id), &body).await;
        assert_eq!(status, StatusCode::CREATED);
        let mut answers: Answers = serde_json::from_value(body["answers"].clone()).unwrap();
        answers.retain(|_, a| !a.is_blank());
        sent.push(answers);
    }
    sent
}

fn independent_results(server: &TestServer, survey_id: &str, answers: &[Answers]) -> Value {
    let survey = server.survey(survey_id);
    let mut table = ResponseTable::new(Codebook::new(&survey));
    for a in answers {
        table.push(&table.codebook.encode(a), 0, "");
    }
    serde_json::to_value(compute(&survey, &table.codebook, table.total())).unwrap()
}

#[tokio::test]
async fn results_equal_an_independent_count_and_survive_a_restart() {
    let server = TestServer::new().await;
    let viewer = server.sign_in("viewer1", Role::Viewer).await;
    let mut sent = submit_samples(&server, "yingshang-2023", 60, None).await;
    sent.extend(submit_samples(&server, "yingshang-2023", 15, Some("dongcheng")).await);

    // A retry of an acknowledged response is not counted again.
    let survey = server.survey("yingshang-2023");
    let mut retry = submission(&survey, 1000);
    retry["id"] = json!(Uuid::new_v4());
    let (status, _) = server
        .post_json(&responses_path("yingshang-2023"), &retry)
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, _) = server
        .post_json(&responses_path("yingshang-2023"), &retry)
        .await;
    assert_eq!(status, StatusCode::OK);
    let mut answers: Answers = serde_json::from_value(retry["answers"].clone()).unwrap();
    answers.retain(|_, a| !a.is_blank());
    sent.push(answers);

    let (status, view) = server
        .call(
            "GET",
            "/staff/surveys/yingshang-2023/results",
            &viewer,
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(view["results"]["responses"], 76);
    assert_same_figures(
        &view["results"],
        &independent_results(&server, "yingshang-2023", &sent),
    );
    assert_eq!(
        view["channels"],
        json!([{"channel": "", "responses": 61}, {"channel": "dongcheng", "responses": 15}])
    );
    let hourly: u64 = view["hourly"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["count"].as_u64().unwrap())
        .sum();
    assert_eq!(hourly, 76);

    // The same figures after a restart, rebuilt from the database.
    let reopened = AppState::open(&server.config).await.unwrap();
    let table_len = reopened.live.responses("yingshang-2023");
    assert_eq!(table_len, 76);
    let live = reopened.live.get("yingshang-2023").unwrap();
    let table = live.read();
    let again = serde_json::to_value(compute(&survey, &table.codebook, table.total())).unwrap();
    assert_same_figures(&again, &view["results"]);
}

#[tokio::test]
async fn filters_and_breakdowns_count_subsets_and_refuse_bad_questions() {
    let server = TestServer::new().await;
    let viewer = server.sign_in("viewer1", Role::Viewer).await;
    let sent = submit_samples(&server, "yingshang-2023", 80, None).await;
    let small: Vec<Answers> = sent
        .iter()
        .filter(|a| a["ent_size"].as_text() == Some("small"))
        .cloned()
        .collect();
    assert!(!small.is_empty() && small.len() < sent.len());

    let (status, view) = server
        .call(
            "GET",
            "/staff/surveys/yingshang-2023/results?filter=ent_size:small",
            &viewer,
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(view["filter"], "ent_size:small");
    assert_same_figures(
        &view["results"],
        &independent_results(&server, "yingshang-2023", &small),
    );

    let (status, b) = server
        .call(
            "GET",
            "/staff/surveys/yingshang-2023/breakdown?by=ent_size",
            &viewer,
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let total: u64 = b["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["results"]["responses"].as_u64().unwrap())
        .sum();
    assert_eq!(total, 80);
    let small_group = b["groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["id"] == "small")
        .unwrap();
    assert_same_figures(&small_group["results"], &view["results"]);

    let bad: [(&str, &str); 4] = [
        (
            "/staff/surveys/yingshang-2023/results?filter=ent_size:huge",
            "filter",
        ),
        (
            "/staff/surveys/yingshang-2023/results?filter=nonsense",
            "filter",
        ),
        (
            "/staff/surveys/yingshang-2023/breakdown?by=suggestions",
            "by",
        ),
        ("/staff/surveys/yingshang-2023/breakdown", "by"),
    ];
    for (path, field) in bad {
        let (status, body) = server.call("GET", path, &viewer, None).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{path}");
        assert_eq!(body["fields"][0]["field"], field, "{path}");
        assert!(!body["fields"][0]["message"].as_str().unwrap().is_empty());
    }
    let (status, _) = server
        .call("GET", "/staff/surveys/nope/results", &viewer, None)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn waves_compare_the_surveys_of_one_series() {
    let server = TestServer::new().await;
    let viewer = server.sign_in("viewer1", Role::Viewer).await;
    let mut last_year = server.survey("yingshang-2023");
    last_year.id = "yingshang-2022".into();
    last_year.wave = "2022".into();
    server
        .state
        .surveys
        .insert(
            &server.state.pool,
            last_year,
            manyi::domain::SurveyStatus::Open,
        )
        .await
        .unwrap();
    submit_samples(&server, "yingshang-2022", 10, None).await;
    submit_samples(&server, "yingshang-2023", 20, None).await;
    let (status, c) = server
        .call("GET", "/staff/surveys/yingshang-2023/waves", &viewer, None)
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        c["waves"],
        json!([
            {"survey_id": "yingshang-2022", "wave": "2022", "responses": 10},
            {"survey_id": "yingshang-2023", "wave": "2023", "responses": 20}
        ])
    );
    assert_eq!(c["figures"][0]["id"], "index");
    assert_eq!(c["figures"][0]["values"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn the_ballot_tally_follows_the_rule_and_closing_gives_the_verdict() {
    let server = TestServer::new().await;
    let staff = server.sign_in("staff1", Role::Staff).await;
    let codes = server.issue_codes("shenji-2023", 5).await;
    let (status, body) = server.set_attendance(&staff, "shenji-2023", 7, 9).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["fields"][0]["field"], "present");
    let (status, _) = server.set_attendance(&staff, "shenji-2023", 7, 5).await;
    assert_eq!(status, StatusCode::OK);
    // report: 4 满意 of 7 members (> 3.5) → 满意; budget: 2 满意 + 2 基本满意, 1 blank → 基本满意.
    let ballots = [
        ("satisfied", Some("satisfied")),
        ("satisfied", Some("satisfied")),
        ("satisfied", Some("basic")),
        ("satisfied", Some("basic")),
        ("unsatisfied", None),
    ];
    for (code, (report, budget)) in codes.iter().zip(ballots) {
        let mut answers = json!({"report": report});
        if let Some(b) = budget {
            answers["budget"] = json!(b);
        }
        let body = json!({"id": Uuid::new_v4(), "answers": answers, "code": code});
        let (status, _) = server
            .post_json(&responses_path("shenji-2023"), &body)
            .await;
        assert_eq!(status, StatusCode::CREATED);
    }
    // While the vote is open, only the number of ballots shows: two looks around one
    // arrival must not tell what it said. Nor do the results, a filter or a breakdown.
    let (_, open) = server
        .call("GET", "/staff/surveys/shenji-2023/ballot", &staff, None)
        .await;
    assert_eq!(open["status"], "open");
    assert_eq!(open["outcome"], json!(null));
    assert_eq!(open["progress"]["electronic_ballots"], 5);
    assert_eq!(open["progress"]["attendance"]["present"], 5);
    let (status, results) = server
        .call("GET", "/staff/surveys/shenji-2023/results", &staff, None)
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(results["results"]["responses"], 5);
    for question in results["results"]["questions"].as_array().unwrap() {
        assert_eq!(
            question["answered"], 0,
            "no per-item count while open: {question}"
        );
    }
    for path in [
        "/staff/surveys/shenji-2023/results?filter=report:satisfied",
        "/staff/surveys/shenji-2023/breakdown?by=report",
        "/staff/surveys/shenji-2023/export.csv",
        "/staff/surveys/shenji-2023/texts",
    ] {
        let (status, _) = server.call("GET", path, &staff, None).await;
        assert_eq!(status, StatusCode::CONFLICT, "{path}");
    }

    let (status, closed_now) = server.set_status(&staff, "shenji-2023", "closed").await;
    assert_eq!(status, StatusCode::OK);
    // Attendance is frozen with the ballots: part of the close entry, refused after it.
    let (status, _) = server.set_attendance(&staff, "shenji-2023", 7, 7).await;
    assert_eq!(status, StatusCode::CONFLICT);
    let detail = server.audit_detail("shenji-2023", "close").await;
    assert_eq!(
        (&detail["members"], &detail["present"]),
        (&json!(7), &json!(5))
    );
    assert_eq!(detail["digest"], closed_now["digest"]);
    let (_, closed) = server
        .call("GET", "/staff/surveys/shenji-2023/ballot", &staff, None)
        .await;
    assert_eq!(closed["status"], "closed");
    assert_eq!(closed["outcome"]["electronic_ballots"], 5);
    assert_eq!(closed["outcome"]["quorum"], true);
    let items = closed["outcome"]["items"].as_array().unwrap();
    assert_eq!(
        items[0]["total"],
        json!({"satisfied": 4, "basic": 0, "unsatisfied": 1, "invalid": 0})
    );
    assert_eq!(items[0]["verdict"], "satisfied");
    assert_eq!(
        items[1]["total"],
        json!({"satisfied": 2, "basic": 2, "unsatisfied": 0, "invalid": 1})
    );
    assert_eq!(items[1]["verdict"], "basic");
    assert_eq!(items[2]["total"]["invalid"], 5);
    let (_, closed) = server
        .call("GET", "/staff/surveys/shenji-2023/ballot", &staff, None)
        .await;
    assert_eq!(closed["status"], "closed");
    assert_eq!(closed["history"][0]["rounds"], json!([[1, "satisfied"]]));
    let (status, _) = server
        .call("GET", "/staff/surveys/yingshang-2023/ballot", &staff, None)
        .await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "a questionnaire has no ballot"
    );
}

#[tokio::test]
async fn the_event_stream_announces_new_responses() {
    let server = TestServer::new().await;
    let viewer = server.sign_in("viewer1", Role::Viewer).await;
    let request = Request::get("/staff/surveys/yingshang-2023/events")
        .header("cookie", &viewer)
        .body(Body::empty())
        .unwrap();
    let response = tower::ServiceExt::oneshot(server.router.clone(), request)
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "text/event-stream");
    let mut body = response.into_body();
    let first = next_event(&mut body).await;
    assert!(first.contains("event: change"), "{first}");
    submit_samples(&server, "yingshang-2023", 1, None).await;
    let second = next_event(&mut body).await;
    assert!(
        second.contains("event: change") && second.contains("data: 1"),
        "{second}"
    );
}

async fn next_event(body: &mut Body) -> String {
    use http_body_util::BodyExt;
    let frame = tokio::time::timeout(std::time::Duration::from_secs(5), body.frame())
        .await
        .expect("an event within 5 s")
        .unwrap()
        .unwrap();
    String::from_utf8(frame.into_data().unwrap().to_vec()).unwrap()
}

#[tokio::test]
async fn a_new_round_keeps_the_history_of_each_item() {
    let server = TestServer::new().await;
    let staff = server.sign_in("staff1", Role::Staff).await;
    let mut second = server.survey("shenji-2023");
    second.id = "shenji-2023-r2".into();
    second.ballot = Some(manyi::domain::survey::BallotRule {
        round: 2,
        previous: Some("shenji-2023".into()),
        ..Default::default()
    });
    for section in &mut second.sections {
        section.questions.retain(|q| q.id == "budget");
    }
    server
        .state
        .surveys
        .insert(
            &server.state.pool,
            second,
            manyi::domain::SurveyStatus::Open,
        )
        .await
        .unwrap();
    // Round 1: budget gets 1 满意 of 3 members → 不满意; round 2: 2 满意 → 满意.
    for (survey, grades) in [
        ("shenji-2023", ["unsatisfied", "satisfied"]),
        ("shenji-2023-r2", ["satisfied", "satisfied"]),
    ] {
        let attendance = json!({"members": 3, "present": 2});
        let path = format!("/staff/surveys/{survey}/attendance");
        assert_eq!(
            server.call("PUT", &path, &staff, Some(attendance)).await.0,
            StatusCode::OK
        );
        let codes = server.issue_codes(survey, 2).await;
        for (code, grade) in codes.iter().zip(grades) {
            let body = json!({"id": Uuid::new_v4(), "answers": {"budget": grade}, "code": code});
            assert_eq!(
                server.post_json(&responses_path(survey), &body).await.0,
                StatusCode::CREATED
            );
        }
    }
    for survey in ["shenji-2023", "shenji-2023-r2"] {
        assert_eq!(
            server.set_status(&staff, survey, "closed").await.0,
            StatusCode::OK
        );
    }
    let (status, view) = server
        .call("GET", "/staff/surveys/shenji-2023-r2/ballot", &staff, None)
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(view["outcome"]["round"], 2);
    let budget = view["history"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["id"] == "budget")
        .unwrap();
    assert_eq!(
        budget["rounds"],
        json!([[1, "unsatisfied"], [2, "satisfied"]])
    );
    let report = view["history"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["id"] == "report")
        .unwrap();
    assert_eq!(
        report["rounds"].as_array().unwrap().len(),
        1,
        "the report was voted once"
    );
}
