//! Status changes take turns and are written with their audit entries: a publish racing a
//! reopen leaves one consistent state, an action whose entry cannot be written does not
//! happen, the system's actor names are no one's, and a publication names the chain's head.

use axum::http::StatusCode;
use manyi::domain::audit::AuditEntry;
use manyi::domain::wire::Role;
use serde_json::{json, Value};

use crate::support::TestServer;

const SURVEY: &str = "yingshang-2023";

#[tokio::test]
async fn a_publish_racing_a_reopen_leaves_one_consistent_state() {
    let server = TestServer::new().await;
    let staff = server.sign_in("staff1", Role::Staff).await;
    server.submit_seeds(SURVEY, 0..12).await;
    for round in 0..12 {
        let (status, body) = server.set_status(&staff, SURVEY, "closed").await;
        assert_eq!(status, StatusCode::OK, "round {round}: {body}");
        let (publish, reopen) = tokio::join!(
            server.set_status(&staff, SURVEY, "published"),
            server.set_status(&staff, SURVEY, "open"),
        );
        // Exactly one of them happened.
        assert_ne!(
            publish.0.is_success(),
            reopen.0.is_success(),
            "round {round}: {publish:?} {reopen:?}"
        );
        let (_, listed) = server.call("GET", "/staff/surveys", &staff, None).await;
        let status = listed
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["id"] == SURVEY)
            .unwrap()["status"]
            .clone();
        let stored: String = sqlx::query_scalar("SELECT status FROM surveys WHERE id = $1")
            .bind(SURVEY)
            .fetch_one(&server.state.pool)
            .await
            .unwrap();
        assert_eq!(status, json!(stored), "memory and database agree");
        let published = server.get("/public/surveys/yingshang-2023").await.0 == StatusCode::OK;
        assert_eq!(published, stored == "published", "round {round}");
        if published {
            return;
        }
        assert_eq!(stored, "open");
    }
}

/// Make the database refuse every new audit entry, as a full disk or a fault would.
async fn break_the_audit_log(server: &TestServer) {
    let refuse = match crate::support::on_postgres() {
        // The schema's own refusing function (migrations/postgres), on inserts this time.
        true => {
            "CREATE TRIGGER audit_log_refuses BEFORE INSERT ON audit_log \
                 FOR EACH ROW EXECUTE FUNCTION manyi_refuse('audit log unavailable')"
        }
        false => {
            "CREATE TRIGGER audit_log_refuses BEFORE INSERT ON audit_log \
                  BEGIN SELECT RAISE(ABORT, 'audit log unavailable'); END"
        }
    };
    sqlx::query(refuse)
        .execute(&server.state.pool)
        .await
        .unwrap();
}

#[tokio::test]
async fn an_action_whose_audit_entry_cannot_be_written_does_not_happen() {
    let server = TestServer::new().await;
    let staff = server.sign_in("staff1", Role::Staff).await;
    server.submit_seeds(SURVEY, 0..6).await;
    break_the_audit_log(&server).await;
    let status_of = || async {
        sqlx::query_scalar::<_, String>("SELECT status FROM surveys WHERE id = $1")
            .bind(SURVEY)
            .fetch_one(&server.state.pool)
            .await
            .unwrap()
    };
    let (status, _) = server.set_status(&staff, SURVEY, "closed").await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(status_of().await, "open");
    let closures: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM closures")
        .fetch_one(&server.state.pool)
        .await
        .unwrap();
    assert_eq!(closures, 0, "no closure without its entry");
    // Still open, in memory too: it takes answers.
    server.submit_seeds(SURVEY, 6..7).await;
    // Attendance, and a paper ballot, likewise.
    let (status, _) = server.set_attendance(&staff, "shenji-2023", 7, 5).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    let attendance: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM ballot_attendance")
        .fetch_one(&server.state.pool)
        .await
        .unwrap();
    assert_eq!(attendance, 0);
    // A channel, a sheet of codes, a time window, a new draft: none without its entry.
    let channel = json!({"id": "chengguan", "label": "城关镇"});
    let batch = json!({"count": 3, "label": "会议", "origin": "https://rd.example.cn"});
    let window = json!({"opens_at": 0, "closes_at": 4_102_444_800_000i64});
    let mut draft = serde_json::to_value(server.survey(SURVEY)).unwrap();
    draft["id"] = json!("yingshang-2099");
    for (method, path, body) in [
        ("POST", format!("/staff/surveys/{SURVEY}/channels"), channel),
        (
            "POST",
            "/staff/surveys/shenji-2023/code-batches".to_string(),
            batch,
        ),
        ("PUT", format!("/staff/surveys/{SURVEY}/schedule"), window),
        ("POST", "/staff/surveys/new".to_string(), draft),
    ] {
        let (status, _) = server.call(method, &path, &staff, Some(body)).await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR, "{path}");
    }
    for table in ["channels", "code_batches", "access_codes"] {
        let rows: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
            .fetch_one(&server.state.pool)
            .await
            .unwrap();
        assert_eq!(rows, 0, "{table}");
    }
    let (windowed, drafted): (Option<i64>, i64) = sqlx::query_as(
        "SELECT (SELECT closes_at FROM surveys WHERE id = $1), \
                (SELECT COUNT(*) FROM surveys WHERE id = 'yingshang-2099')",
    )
    .bind(SURVEY)
    .fetch_one(&server.state.pool)
    .await
    .unwrap();
    assert_eq!((windowed, drafted), (None, 0));
    assert!(server.state.surveys.get("yingshang-2099").is_none());
}

#[tokio::test]
async fn a_paper_ballot_whose_audit_entry_cannot_be_written_is_not_counted() {
    let server = TestServer::new().await;
    let staff = server.sign_in("staff1", Role::Staff).await;
    let (status, _) = server.set_attendance(&staff, "shenji-2023", 7, 5).await;
    assert_eq!(status, StatusCode::OK);
    break_the_audit_log(&server).await;
    let entry = json!({"id": uuid::Uuid::new_v4(), "marks": {"report": "satisfied"}});
    let (status, _) = server
        .call(
            "POST",
            "/staff/surveys/shenji-2023/paper-ballots",
            &staff,
            Some(entry),
        )
        .await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(server.response_count("shenji-2023").await, 0);
    let paper: i64 = sqlx::query_scalar("SELECT paper FROM ballot_attendance")
        .fetch_one(&server.state.pool)
        .await
        .unwrap();
    assert_eq!(paper, 0);
}

#[tokio::test]
async fn the_system_actors_names_are_no_ones() {
    let server = TestServer::new().await;
    let admin = server.sign_in("admin1", Role::Admin).await;
    // Lookalikes too: a Cyrillic с, full-width letters.
    for name in [
        "schedule",
        "CLI",
        "System",
        "sсhedule",
        "ｓｃｈｅｄｕｌｅ",
        "сli",
    ] {
        let user = json!({"username": name, "password": "a long enough password", "role": "staff"});
        let (status, body) = server
            .call("POST", "/staff/users", &admin, Some(user))
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{name}: {body}");
        assert_eq!(body["fields"][0]["field"], "username");
    }
}

#[tokio::test]
async fn a_publication_names_the_head_of_its_chain() {
    let server = TestServer::new().await;
    let staff = server.sign_in("staff1", Role::Staff).await;
    server.submit_seeds(SURVEY, 0..8).await;
    server.set_status(&staff, SURVEY, "closed").await;
    let (status, _) = server.set_status(&staff, SURVEY, "published").await;
    assert_eq!(status, StatusCode::OK);
    let (_, publication) = server.get("/public/surveys/yingshang-2023").await;
    let (_, chain) = server.get("/surveys/yingshang-2023/audit").await;
    let chain: Vec<AuditEntry> = serde_json::from_value(chain).unwrap();
    let publish = chain.iter().position(|e| e.action == "publish").unwrap();
    let before = &chain[publish - 1];
    assert_eq!(before.action, "close");
    let head: Value = publication["audit_head"].clone();
    assert_eq!(head, json!({"seq": before.seq, "hash": before.hash}));
}
