//! Publication: only a closed survey, by staff; the published data recomputes every
//! published figure and matches its digest; small groups appear nowhere public; free text
//! only when approved; a ballot's published ballots recompute the frozen digest.

use axum::http::StatusCode;
use manyi::domain::ballot::BallotSession;
use manyi::domain::digest::{digest_of_lines, session_line, sha256_hex};
use manyi::domain::publication::{figures, public_table, push_record, PublicData, THRESHOLD};
use manyi::domain::sample::{answers, SampleRng};
use manyi::domain::wire::Role;
use manyi::domain::Answer;
use serde_json::{json, Value};
use uuid::Uuid;

use crate::support::{assert_same_figures, responses_path, TestServer};

/// 40 responses; the first two from 高新区 (高新技术产业开发区, too few to show), the first three
/// with a suggestion.
async fn submit_yingshang(server: &TestServer) -> Vec<String> {
    let survey = server.survey("yingshang-2023");
    let mut ids = Vec::new();
    for i in 0..40u64 {
        let mut a = answers(&survey, &mut SampleRng::new(100 + i));
        let town = if i < 2 {
            "gaoxin"
        } else if i % 2 == 0 {
            "chengguan"
        } else {
            "dongcheng"
        };
        a.insert("town".into(), Answer::Text(town.into()));
        // (improve_other is required when 其他 is ticked: left as sampled.)
        for text in ["nps_reason", "suggestions"] {
            a.remove(text);
        }
        if i < 3 {
            a.insert(
                "suggestions".into(),
                Answer::Text(format!("第{i}条建议：窗口再多开几个")),
            );
        }
        let id = Uuid::new_v4().to_string();
        let (status, body) = server
            .post_json(
                &responses_path("yingshang-2023"),
                &json!({"id": id, "answers": a}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        ids.push(id);
    }
    ids
}

#[tokio::test]
async fn only_staff_publish_and_only_a_closed_survey() {
    let server = TestServer::new().await;
    let viewer = server.sign_in("viewer1", Role::Viewer).await;
    let staff = server.sign_in("staff1", Role::Staff).await;
    submit_yingshang(&server).await;
    assert_eq!(
        server.set_status("", "yingshang-2023", "published").await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        server
            .set_status(&viewer, "yingshang-2023", "published")
            .await
            .0,
        StatusCode::FORBIDDEN
    );
    let (status, body) = server
        .set_status(&staff, "yingshang-2023", "published")
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "an open survey: {body}");
    assert_eq!(
        server.get_bytes("/public/surveys/yingshang-2023").await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        server
            .set_status(&staff, "yingshang-2023", "closed")
            .await
            .0,
        StatusCode::OK
    );
    let (status, body) = server
        .set_status(&staff, "yingshang-2023", "published")
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["status"], "published");
    assert_eq!(body["responses"], 40);
    let (status, _) = server
        .set_status(&staff, "yingshang-2023", "published")
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "published once");
    let (status, _) = server.set_status(&staff, "yingshang-2023", "open").await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a published survey stays published"
    );
    // Written once: the database refuses to change a publication.
    for sql in [
        "UPDATE publications SET data_digest = 'x'",
        "DELETE FROM public_records",
        "UPDATE public_records SET record = '{}'",
    ] {
        assert!(
            sqlx::query(sql).execute(&server.state.pool).await.is_err(),
            "{sql}"
        );
    }
    let (_, list) = server.get("/public/surveys").await;
    assert_eq!(list[0]["survey_id"], "yingshang-2023");
    assert_eq!(list[0]["published_responses"], 40);
}

#[tokio::test]
async fn the_published_data_recomputes_every_figure_and_hides_small_groups() {
    let server = TestServer::new().await;
    let staff = server.sign_in("staff1", Role::Staff).await;
    let ids = submit_yingshang(&server).await;
    // Text review: one approved, one rejected, one never reviewed.
    let (status, texts) = server
        .call("GET", "/staff/surveys/yingshang-2023/texts", &staff, None)
        .await;
    assert_eq!(status, StatusCode::OK);
    let suggestions = texts
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["question"] == "suggestions");
    assert_eq!(suggestions.count(), 3);
    let decisions = json!([
        {"response_id": ids[0], "question": "suggestions", "approved": true},
        {"response_id": ids[1], "question": "suggestions", "approved": false},
    ]);
    let (status, _) = server
        .call(
            "PUT",
            "/staff/surveys/yingshang-2023/texts",
            &staff,
            Some(decisions),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let bad = json!([{"response_id": ids[5], "question": "suggestions", "approved": true}]);
    let (status, body) = server
        .call(
            "PUT",
            "/staff/surveys/yingshang-2023/texts",
            &staff,
            Some(bad),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "no suggestion in that response"
    );
    assert_eq!(body["fields"][0]["field"], "0.response_id");

    let (_, closed) = server.set_status(&staff, "yingshang-2023", "closed").await;
    let (status, _) = server
        .set_status(&staff, "yingshang-2023", "published")
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, publication) = server.get("/public/surveys/yingshang-2023").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(publication["frozen_digest"], closed["digest"]);
    assert_eq!(publication["frozen_responses"], 40);
    assert_eq!(publication["threshold"], THRESHOLD);

    // data.json is the file the digest was taken of, and the audit chain says so too.
    let (status, file) = server
        .get_bytes("/public/surveys/yingshang-2023/data.json")
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(publication["data_digest"], sha256_hex(&file));
    let (_, chain) = server.get("/surveys/yingshang-2023/audit").await;
    let publish = chain
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "publish")
        .unwrap();
    let detail: Value = serde_json::from_str(publish["detail"].as_str().unwrap()).unwrap();
    assert_eq!(detail["data_digest"], publication["data_digest"]);
    assert_eq!(detail["frozen_digest"], closed["digest"]);

    // Every published figure, recomputed from the data alone.
    let data: PublicData = serde_json::from_slice(&file).unwrap();
    assert_eq!(data.records.len(), 40);
    let mut table = public_table(&data.header.survey);
    for record in &data.records {
        push_record(&mut table, record);
    }
    let again = figures(&data.header.survey, &table, BallotSession::default());
    assert_same_figures(
        &serde_json::to_value(&again.results).unwrap(),
        &publication["results"],
    );
    assert_same_figures(
        &serde_json::to_value(&again.groups).unwrap(),
        &publication["groups"],
    );
    // The ratings are the submitted ones (only the profile is coarsened).
    let index = publication["results"]["index"]["value"].as_f64().unwrap();
    assert!(index > 0.0 && index < 100.0);

    // 高新技术产业开发区 (2 responses) is nowhere public; the town it was merged with shows.
    let town_groups = publication["groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["by"] == "town")
        .unwrap();
    for group in town_groups["groups"].as_array().unwrap() {
        assert!(group["responses"].as_u64().unwrap() >= THRESHOLD, "{group}");
        assert_ne!(group["id"], "gaoxin");
    }
    // The method note names the options merged into 其他（合并） (a group of at least 5 of
    // at least two options); no figure of them is anywhere.
    let merged = &publication["coarsening"][0];
    assert_eq!(merged["question"], "town");
    assert!(merged["merged"]
        .as_array()
        .unwrap()
        .contains(&json!("高新技术产业开发区")));
    let mut figures_only = publication.clone();
    figures_only.as_object_mut().unwrap().remove("coarsening");
    let mut public_files = vec![figures_only.to_string().into_bytes(), file.clone()];
    for path in [
        "data.csv",
        "figures.csv",
        "figures.xlsx",
        "charts/groups-town.svg",
        "charts/question-town.svg",
        "charts/dimensions.svg",
    ] {
        let (status, bytes) = server
            .get_bytes(&format!("/public/surveys/yingshang-2023/{path}"))
            .await;
        assert_eq!(status, StatusCode::OK, "{path}");
        public_files.push(if path.ends_with(".xlsx") {
            xlsx_text(&bytes)
        } else {
            bytes
        });
    }
    for (i, bytes) in public_files.iter().enumerate() {
        let text = String::from_utf8_lossy(bytes);
        assert!(
            !text.contains("高新技术产业开发区") && !text.contains("\"gaoxin\""),
            "file {i} shows the small town"
        );
        assert!(
            !text.contains("第1条建议") && !text.contains("第2条建议"),
            "file {i} shows unapproved text"
        );
    }
    // The approved suggestion is published, apart from any record.
    assert_eq!(
        publication["texts"][0]["answers"],
        json!(["第0条建议：窗口再多开几个"])
    );
    assert!(!String::from_utf8_lossy(&file).contains("\"suggestions\":\"第0条"));
    let figures_csv = String::from_utf8(public_files[3].clone()).unwrap();
    assert!(figures_csv.starts_with('\u{feff}'));
    assert!(figures_csv.contains("其他（合并）"));
    let svg = String::from_utf8(public_files[5].clone()).unwrap();
    assert!(svg.starts_with("<svg") && svg.contains("其他（合并）"));
}

/// The shared strings of a workbook (where its text is), for searching.
fn xlsx_text(bytes: &[u8]) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut text = Vec::new();
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).unwrap();
        if file.name().starts_with("xl/") {
            std::io::copy(&mut file, &mut text).unwrap();
        }
    }
    assert!(!text.is_empty());
    text
}

#[tokio::test]
async fn published_ballots_recompute_the_frozen_digest_and_the_verdicts() {
    let server = TestServer::new().await;
    let staff = server.sign_in("staff1", Role::Staff).await;
    server
        .vote_shenji(&staff, json!({"comments": "我是某某委员"}))
        .await;
    let (_, closed) = server.set_status(&staff, "shenji-2023", "closed").await;
    let (_, ballot) = server
        .call("GET", "/staff/surveys/shenji-2023/ballot", &staff, None)
        .await;
    let (status, _) = server.set_status(&staff, "shenji-2023", "published").await;
    assert_eq!(status, StatusCode::OK);
    let (_, publication) = server.get("/public/surveys/shenji-2023").await;
    let (_, file) = server
        .get_bytes("/public/surveys/shenji-2023/data.json")
        .await;
    let data: PublicData = serde_json::from_slice(&file).unwrap();
    // Sorted, the published ballots and the published session are exactly the frozen set.
    let session = data.header.session.expect("a ballot publishes its session");
    assert_eq!(
        (
            session.attendance.members,
            session.attendance.present,
            session.paper_ballots
        ),
        (7, 5, 0)
    );
    let mut lines: Vec<String> = data
        .records
        .iter()
        .map(|r| serde_json::to_string(&r.answers).unwrap())
        .collect();
    lines.push(session_line(&session));
    assert_eq!(digest_of_lines(lines).1, closed["digest"].as_str().unwrap());
    assert!(
        !String::from_utf8_lossy(&file).contains("委员"),
        "a comment could name the member"
    );
    assert!(
        !String::from_utf8_lossy(&file).contains("received"),
        "no times"
    );
    assert_eq!(publication["ballot"]["items"], ballot["outcome"]["items"]);
    assert_eq!(publication["ballot"]["items"][0]["verdict"], "satisfied");
    let (status, svg) = server
        .get_bytes("/public/surveys/shenji-2023/charts/ballot.svg")
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(String::from_utf8_lossy(&svg).contains("满意"));
}

/// A respondent may type any character, NUL included (stored as `\u0000` in the JSON, which
/// PostgreSQL's JSON functions refuse): the list of answers staff review still shows every
/// answer, that one exactly as typed.
#[tokio::test]
async fn a_text_answer_with_a_nul_lists_as_typed_beside_the_others() {
    let server = TestServer::new().await;
    let staff = server.sign_in("staff1", Role::Staff).await;
    let survey = server.survey("yingshang-2023");
    let typed = ["窗口\u{0}再多开几个", "延长办公时间"];
    for (i, text) in typed.iter().enumerate() {
        let mut a = answers(&survey, &mut SampleRng::new(7 + i as u64));
        a.insert("suggestions".into(), Answer::Text(text.to_string()));
        let body = json!({"id": Uuid::new_v4(), "answers": a});
        let (status, answer) = server
            .post_json(&responses_path("yingshang-2023"), &body)
            .await;
        assert_eq!(status, StatusCode::CREATED, "{answer}");
    }
    let (status, texts) = server
        .call("GET", "/staff/surveys/yingshang-2023/texts", &staff, None)
        .await;
    assert_eq!(status, StatusCode::OK, "{texts}");
    let mut listed: Vec<&str> = texts
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["question"] == "suggestions")
        .map(|t| t["text"].as_str().unwrap())
        .collect();
    listed.sort();
    let mut expected = typed.to_vec();
    expected.sort();
    assert_eq!(listed, expected);
}
