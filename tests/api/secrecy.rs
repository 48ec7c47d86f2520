//! The secret ballot's promises (docs/trust.md), each tried as an attack: a replay of a
//! ballot's id, staff with the database or an export, a viewer polling while the vote is
//! open, a crafted definition or link.

use axum::http::StatusCode;
use manyi::domain::wire::Role;
use serde_json::{json, Value};
use uuid::Uuid;

use crate::support::{fields, responses_path, Store, TestServer};

const BALLOT: &str = "shenji-2023";
const ITEMS: [&str; 6] = [
    "report",
    "special_funds",
    "state_assets",
    "debt",
    "livelihood",
    "budget",
];
const GRADES: [&str; 3] = ["satisfied", "basic", "unsatisfied"];

/// Ballot number `n` (< 3^6) written in its marks: its grades are the base-3 digits of n,
/// so a ballot read back anywhere tells which one it was, and so in what order it came.
fn marks(n: usize) -> Value {
    let mut answers = serde_json::Map::new();
    let mut rest = n;
    for item in ITEMS {
        answers.insert(item.into(), json!(GRADES[rest % 3]));
        rest /= 3;
    }
    Value::Object(answers)
}

fn number_of(answers: &Value) -> usize {
    ITEMS.iter().rev().fold(0, |n, item| {
        let grade = answers[item].as_str().unwrap();
        n * 3 + GRADES.iter().position(|g| *g == grade).unwrap()
    })
}

/// Cast `count` ballots, numbered 0.., each with its own code; returns their submission ids.
async fn cast(server: &TestServer, count: usize) -> Vec<(Uuid, Value)> {
    let codes = server.issue_codes(BALLOT, count).await;
    let mut cast = Vec::new();
    for (n, code) in codes.iter().enumerate() {
        let id = Uuid::new_v4();
        let body = json!({"id": id, "code": code, "answers": marks(n)});
        let (status, receipt) = server.post_json(&responses_path(BALLOT), &body).await;
        assert_eq!(status, StatusCode::CREATED, "{receipt}");
        cast.push((id, receipt));
    }
    cast
}

/// True when the numbers come in rising order (the order ballots were cast).
fn in_cast_order(numbers: &[usize]) -> bool {
    numbers.windows(2).all(|w| w[0] < w[1])
}

#[tokio::test]
async fn a_ballot_keeps_no_time_no_order_and_no_submission_id() {
    let server = TestServer::new().await;
    let cast = cast(&server, 30).await;
    // The receipt confirms receipt, with no time.
    for (_, receipt) in &cast {
        assert!(receipt.get("received_at").is_none(), "{receipt}");
    }
    let rows: Vec<(String, String, i64, Option<String>)> = sqlx::query_as(
        "SELECT id, answers, received_at, channel FROM responses WHERE survey_id = $1 ORDER BY rowid",
    )
    .bind(BALLOT)
    .fetch_all(&server.state.pool)
    .await
    .unwrap();
    assert_eq!(rows.len(), 30);
    let numbers: Vec<usize> = rows
        .iter()
        .map(|(_, answers, _, _)| number_of(&serde_json::from_str(answers).unwrap()))
        .collect();
    assert!(
        !in_cast_order(&numbers),
        "row order is arrival order: {numbers:?}"
    );
    let mut by_index = numbers.clone();
    by_index.sort_by_key(|n| rows[numbers.iter().position(|m| m == n).unwrap()].0.clone());
    assert!(!in_cast_order(&by_index), "id order is arrival order");
    let dates: std::collections::HashSet<i64> = rows.iter().map(|r| r.2).collect();
    assert_eq!(dates.len(), 1, "one date for every ballot");
    let date = *dates.iter().next().unwrap();
    assert_eq!((date + 8 * 3_600_000) % 86_400_000, 0, "a Beijing midnight");
    for (id, answers, _, channel) in &rows {
        assert!(channel.is_none());
        assert!(
            cast.iter()
                .all(|(submitted, _)| submitted.to_string() != *id),
            "a submission id is stored with its ballot"
        );
        assert!(!answers.contains("code"));
    }
}

/// Staff with the database: questionnaire responses stored between ballots get rowids in
/// unbroken order, as if no ballot had come, so their times date no ballot.
#[tokio::test]
async fn responses_stored_between_ballots_date_none_of_them() {
    let server = TestServer::new().await;
    let survey = server.survey("yingshang-2023");
    let codes = server.issue_codes(BALLOT, 12).await;
    for (n, code) in codes.iter().enumerate() {
        let body = json!({"id": Uuid::new_v4(), "code": code, "answers": marks(n)});
        let (status, receipt) = server.post_json(&responses_path(BALLOT), &body).await;
        assert_eq!(status, StatusCode::CREATED, "{receipt}");
        let (status, receipt) = server
            .post_json(
                &responses_path(&survey.id),
                &crate::support::submission(&survey, n as u64),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{receipt}");
    }
    let rowids = |kind: &'static str| {
        let pool = server.state.pool.clone();
        async move {
            sqlx::query_scalar::<_, i64>(&format!(
                "SELECT rowid FROM responses WHERE survey_id {kind} $1 ORDER BY rowid"
            ))
            .bind(BALLOT)
            .fetch_all(&pool)
            .await
            .unwrap()
        }
    };
    let questionnaire = rowids("<>").await;
    assert_eq!(questionnaire.len(), 12);
    assert!(
        questionnaire.windows(2).all(|w| w[1] == w[0] + 1),
        "a ballot broke the questionnaires' rowids: {questionnaire:?}"
    );
    assert!(rowids("=").await.iter().all(|rowid| *rowid < 0));
}

#[tokio::test]
async fn a_replayed_ballot_id_says_only_that_it_was_received() {
    let server = TestServer::new().await;
    let cast = cast(&server, 2).await;
    let (id, first) = &cast[0];
    for body in [
        json!({"id": id, "code": "ZZZZ-ZZZZ", "answers": {}}),
        json!({"id": id, "code": "ZZZZ-ZZZZ", "answers": marks(5)}),
    ] {
        let (status, replay) = server.post_json(&responses_path(BALLOT), &body).await;
        assert_eq!(status, StatusCode::OK, "{replay}");
        assert_eq!(&replay, first, "the first receipt, nothing more");
        assert!(replay.get("received_at").is_none());
        assert_eq!(
            replay.as_object().unwrap().keys().collect::<Vec<_>>(),
            ["receipt_code", "response_id", "survey_id"]
        );
    }
    assert_eq!(server.response_count(BALLOT).await, 2, "no ballot added");
}

#[tokio::test]
async fn the_export_and_comments_of_a_ballot_carry_no_id_time_or_order() {
    let server = TestServer::new().await;
    let staff = server.sign_in("staff1", Role::Staff).await;
    let cast = cast(&server, 30).await;
    // A member's comment on top of their marks.
    let codes = server.issue_codes(BALLOT, 1).await;
    let mut commented = marks(40);
    commented["comments"] = json!("建议加快整改进度");
    let body = json!({"id": Uuid::new_v4(), "code": codes[0], "answers": commented});
    assert_eq!(
        server.post_json(&responses_path(BALLOT), &body).await.0,
        StatusCode::CREATED
    );
    server.set_status(&staff, BALLOT, "closed").await;

    let (status, _, bytes) = server
        .call_bytes(&format!("/staff/surveys/{BALLOT}/export.csv"), &staff)
        .await;
    assert_eq!(status, StatusCode::OK);
    let csv = String::from_utf8(bytes).unwrap();
    let header = csv.lines().next().unwrap();
    assert!(!header.contains("编号") && !header.contains("时间") && !header.contains("渠道"));
    for (id, receipt) in &cast {
        assert!(!csv.contains(&id.to_string()));
        assert!(!csv.contains(receipt["receipt_code"].as_str().unwrap()));
    }
    let year = chrono_year();
    assert!(!csv.contains(&year), "no date or time in the export");
    // Rows are in no order of arrival: read each row's number back from its grades.
    let survey = server.survey(BALLOT);
    let layout = manyi::domain::export::ExportLayout::new(&survey);
    let columns: Vec<usize> = ITEMS
        .iter()
        .map(|item| {
            let title = &survey.question(item).unwrap().title;
            layout.headers.iter().position(|h| h == title).unwrap()
        })
        .collect();
    let label = |grade: &str| match grade {
        "满意" => "satisfied",
        "基本满意" => "basic",
        _ => "unsatisfied",
    };
    let mut reader = csv::Reader::from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
    let numbers: Vec<usize> = reader
        .records()
        .map(|r| {
            let record = r.unwrap();
            let answers: serde_json::Map<String, Value> = ITEMS
                .iter()
                .zip(&columns)
                .map(|(item, c)| (item.to_string(), json!(label(&record[*c]))))
                .collect();
            number_of(&Value::Object(answers))
        })
        .collect();
    assert_eq!(numbers.len(), 31);
    assert!(!in_cast_order(&numbers), "{numbers:?}");

    let (status, texts) = server
        .call(
            "GET",
            &format!("/staff/surveys/{BALLOT}/texts"),
            &staff,
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let text = texts.to_string();
    assert!(text.contains("建议加快整改进度"));
    for (id, _) in &cast {
        assert!(!text.contains(&id.to_string()));
    }
    assert!(!text.contains(&body["id"].as_str().unwrap().to_string()));
}

/// The current year, as a date in an export would show it.
fn chrono_year() -> String {
    let now = manyi::server::storage::now_millis();
    manyi::domain::calendar::beijing_minute(now)[..4].to_string()
}

/// Staff with a copy of PostgreSQL's data: each row sits where the table ended when it was
/// written and carries its transaction's number (`ctid`, `xmin`), so while the vote is
/// open both follow the order of arrival. After the close neither does.
#[tokio::test]
async fn postgres_closing_a_ballot_leaves_no_commit_order_in_its_rows() {
    crate::support::require(Store::Postgres);
    let server = TestServer::new().await;
    let staff = server.sign_in("staff1", Role::Staff).await;
    cast(&server, 12).await;
    let physical = || async {
        let rows: Vec<(String, i64)> = sqlx::query_as(
            "SELECT answers, CAST(CAST(xmin AS TEXT) AS BIGINT) FROM responses \
             WHERE survey_id = $1 ORDER BY ctid",
        )
        .bind(BALLOT)
        .fetch_all(&server.state.pool)
        .await
        .unwrap();
        let numbers: Vec<usize> = rows
            .iter()
            .map(|(answers, _)| number_of(&serde_json::from_str(answers).unwrap()))
            .collect();
        let transactions: std::collections::HashSet<i64> = rows.iter().map(|r| r.1).collect();
        (numbers, transactions.len())
    };
    // The spent codes and the receipts carry their ballot's transaction too: the order
    // codes were used in.
    let pool = &server.state.pool;
    let transactions_of = |table: &'static str| async move {
        let sql = format!(
            "SELECT COUNT(DISTINCT CAST(CAST(xmin AS TEXT) AS BIGINT)) FROM {table} \
             WHERE survey_id = $1"
        );
        let count: i64 = sqlx::query_scalar(&sql)
            .bind(BALLOT)
            .fetch_one(pool)
            .await
            .unwrap();
        count
    };
    let (open_order, open_transactions) = physical().await;
    assert!(
        in_cast_order(&open_order),
        "the attack needs the order: {open_order:?}"
    );
    assert_eq!(open_transactions, 12);
    assert_eq!(transactions_of("ballot_receipts").await, 12);
    assert!(transactions_of("access_codes").await > 1);
    let (status, _) = server.set_status(&staff, BALLOT, "closed").await;
    assert_eq!(status, StatusCode::OK);
    let (closed_order, closed_transactions) = physical().await;
    assert_eq!(closed_order.len(), 12);
    assert!(
        !in_cast_order(&closed_order),
        "still in arrival order: {closed_order:?}"
    );
    assert_eq!(
        closed_transactions, 1,
        "one transaction wrote every ballot again"
    );
    assert_eq!(transactions_of("ballot_receipts").await, 1);
    assert_eq!(transactions_of("access_codes").await, 1);
}

#[tokio::test]
async fn sqlite_closing_a_ballot_empties_the_write_ahead_log() {
    crate::support::require(Store::Sqlite);
    let server = TestServer::new().await;
    let staff = server.sign_in("staff1", Role::Staff).await;
    cast(&server, 5).await;
    // The log holds each commit's pages in commit order: ballots, in the order they came.
    let wal = server.database_file().with_extension("db-wal");
    let holds_ballots = || {
        let bytes = std::fs::read(&wal).unwrap();
        let mark = b"\"livelihood\":\"";
        bytes.windows(mark.len()).any(|w| w == mark)
    };
    assert!(holds_ballots(), "the attack needs ballots in the log");
    server.set_status(&staff, BALLOT, "closed").await;
    assert!(
        !holds_ballots(),
        "the log's pages keep the order of commits"
    );
}

#[tokio::test]
async fn a_ballot_is_a_ballot() {
    let server = TestServer::new().await;
    let staff = server.sign_in("staff1", Role::Staff).await;
    // A definition: codes required; no profile question, no show-if.
    let mut survey = serde_json::to_value(server.survey(BALLOT)).unwrap();
    survey["id"] = json!("shenji-2024");
    survey["access"] = json!("open");
    survey["sections"][0]["questions"][1]["profile"] = json!(true);
    survey["sections"][0]["questions"][2]["show_if"] =
        json!({"op": "answered", "question": "report"});
    let (status, body) = server
        .call("POST", "/staff/surveys/new", &staff, Some(survey))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(
        fields(&body),
        [
            "access",
            "sections.0.questions.1.profile",
            "sections.0.questions.2.show_if"
        ]
    );
    assert!(body["fields"][0]["message"]
        .as_str()
        .unwrap()
        .contains("一次性测评码"));
    // No channel: a per-member link would tag the ballot.
    let (status, _) = server
        .call(
            "POST",
            &format!("/staff/surveys/{BALLOT}/channels"),
            &staff,
            Some(json!({"id": "member-1", "label": "张委员"})),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    // And no ballot without a code.
    let body = json!({"id": Uuid::new_v4(), "answers": marks(1)});
    let (status, error) = server.post_json(&responses_path(BALLOT), &body).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fields(&error), ["code"]);
}

#[tokio::test]
async fn sqlite_a_stalled_public_download_does_not_keep_the_ballots_in_the_log() {
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    crate::support::require(Store::Sqlite);
    let server = TestServer::new().await;
    let staff = server.sign_in("staff1", Role::Staff).await;
    // A published survey large enough to need more than one chunk of data.json.
    server.submit_seeds("yingshang-2023", 0..1500).await;
    server.set_status(&staff, "yingshang-2023", "closed").await;
    let (status, _) = server
        .set_status(&staff, "yingshang-2023", "published")
        .await;
    assert_eq!(status, StatusCode::OK);
    // Anyone on the internet: start the download, read one chunk, then read nothing.
    let request = axum::http::Request::get("/public/surveys/yingshang-2023/data.json")
        .body(axum::body::Body::empty())
        .unwrap();
    let mut body = server
        .router
        .clone()
        .oneshot(request)
        .await
        .unwrap()
        .into_body();
    body.frame().await.unwrap().unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    cast(&server, 6).await;
    let (status, _) = server.set_status(&staff, BALLOT, "closed").await;
    assert_eq!(status, StatusCode::OK);
    let wal = std::fs::read(server.database_file().with_extension("db-wal")).unwrap();
    let mark = b"\"livelihood\":\"";
    assert!(
        !wal.windows(mark.len()).any(|w| w == mark),
        "a stalled reader kept the ballots' commits in the log"
    );
    drop(body);
}

#[tokio::test]
async fn a_closed_ballot_never_opens_again() {
    let server = TestServer::new().await;
    let staff = server.sign_in("staff1", Role::Staff).await;
    cast(&server, 5).await;
    server.set_status(&staff, BALLOT, "closed").await;
    // Reopened, one more ballot and a second close would give that ballot's marks as the
    // difference between the two tallies (and 实到 could change after the close).
    let (status, body) = server.set_status(&staff, BALLOT, "open").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body["fields"][0]["message"]
        .as_str()
        .unwrap()
        .contains("下一轮"));
    let (status, _) = server
        .call(
            "PUT",
            &format!("/staff/surveys/{BALLOT}/attendance"),
            &staff,
            Some(json!({"members": 10, "present": 6})),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
}
