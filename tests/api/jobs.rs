//! Long tasks report their progress: an export's rows and bytes, a close's digest, a
//! publication's records — while they run, when they finish, when they are refused or cut
//! off — to the account that started them and no one else.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use manyi::domain::wire::Role;
use serde_json::{json, Value};
use tower::ServiceExt;

use crate::support::TestServer;

const SURVEY: &str = "yingshang-2023";

fn job_id(n: u32) -> String {
    format!("5b0f7c1e-2a8d-4c3b-9e6f-{n:012}")
}

async fn progress(server: &TestServer, cookie: &str, job: &str) -> (StatusCode, Value) {
    server
        .call("GET", &format!("/staff/jobs/{job}"), cookie, None)
        .await
}

/// The response of a signed-in GET, body not yet read.
async fn open(server: &TestServer, path: &str, cookie: &str) -> axum::response::Response {
    let request = Request::get(path)
        .header("cookie", cookie)
        .body(Body::empty())
        .unwrap();
    server.router.clone().oneshot(request).await.unwrap()
}

#[tokio::test]
async fn an_export_reports_rows_then_finishes() {
    let server = TestServer::new().await;
    let staff = server.sign_in("staff1", Role::Staff).await;
    server.submit_seeds(SURVEY, 0..40).await;
    let job = job_id(1);
    let path = format!("/staff/surveys/{SURVEY}/export.csv?job={job}");
    let (status, _, body) = server.call_bytes(&path, &staff).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!body.is_empty());
    let (status, shown) = progress(&server, &staff, &job).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        shown,
        json!({"step": "reading", "done": 40, "total": 40, "state": "finished"})
    );
}

#[tokio::test]
async fn a_workbook_reports_the_bytes_sent_and_a_cut_download_fails() {
    let server = TestServer::new().await;
    let staff = server.sign_in("staff1", Role::Staff).await;
    server.submit_seeds(SURVEY, 0..60).await;

    // Followed while it is being downloaded: the rows are read, the bytes go out.
    let job = job_id(2);
    let path = format!("/staff/surveys/{SURVEY}/export.xlsx?job={job}");
    let response = open(&server, &path, &staff).await;
    assert_eq!(response.status(), StatusCode::OK);
    let length: u64 = response.headers()["content-length"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    let (_, shown) = progress(&server, &staff, &job).await;
    assert_eq!(
        shown,
        json!({"step": "sending", "done": 0, "total": length, "state": "running"})
    );
    let mut body = response.into_body();
    let first = body.frame().await.unwrap().unwrap().into_data().unwrap();
    let (_, shown) = progress(&server, &staff, &job).await;
    assert_eq!(shown["done"], first.len() as u64);
    assert!(
        (first.len() as u64) < length,
        "the workbook comes in pieces"
    );
    // The HTTP layer stops reading at Content-Length, without asking for an end: the last
    // byte handed on finishes the job.
    let mut sent = first.len() as u64;
    while sent < length {
        sent += body
            .frame()
            .await
            .unwrap()
            .unwrap()
            .into_data()
            .unwrap()
            .len() as u64;
    }
    assert_eq!(sent, length);
    let (_, shown) = progress(&server, &staff, &job).await;
    assert_eq!(shown["state"], "finished", "{shown}");
    assert_eq!(shown["done"], length);
    drop(body);
    assert_eq!(progress(&server, &staff, &job).await.1["state"], "finished");

    // The browser goes away mid-download: the job says it did not finish.
    let job = job_id(3);
    let path = format!("/staff/surveys/{SURVEY}/export.xlsx?job={job}");
    let mut body = open(&server, &path, &staff).await.into_body();
    body.frame().await.unwrap().unwrap();
    drop(body);
    let (_, shown) = progress(&server, &staff, &job).await;
    assert_eq!(shown["state"], "failed", "{shown}");
    assert!(shown["message"].as_str().unwrap().contains("中断"));
}

#[tokio::test]
async fn a_refused_task_says_why_and_jobs_are_private() {
    let server = TestServer::new().await;
    let staff = server.sign_in("staff1", Role::Staff).await;
    let other = server.sign_in("staff2", Role::Staff).await;
    let viewer = server.sign_in("viewer1", Role::Viewer).await;

    // A viewer may not export: the download fails, and its job tells the page why.
    let job = job_id(4);
    let path = format!("/staff/surveys/{SURVEY}/export.csv?job={job}");
    assert_eq!(
        server.call_bytes(&path, &viewer).await.0,
        StatusCode::FORBIDDEN
    );
    let (status, shown) = progress(&server, &viewer, &job).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(shown["state"], "failed");
    assert_eq!(shown["message"], "您的账号没有进行此操作的权限");

    // Another account cannot read it, nor anyone signed out; an unknown id is unknown.
    assert_eq!(
        progress(&server, &staff, &job).await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        progress(&server, "", &job).await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        progress(&server, &other, &job_id(99)).await.0,
        StatusCode::NOT_FOUND
    );

    // An id is taken once (and the refused export is not logged); a malformed one is
    // refused by name.
    let exports = || async {
        let (_, chain) = server.get(&format!("/surveys/{SURVEY}/audit")).await;
        let entries = chain.as_array().cloned().unwrap_or_default();
        entries.iter().filter(|e| e["action"] == "export").count()
    };
    let (_, _, _) = server
        .call_bytes(
            &format!("/staff/surveys/{SURVEY}/export.csv?job={}", job_id(5)),
            &staff,
        )
        .await;
    assert_eq!(
        server
            .call_bytes(
                &format!("/staff/surveys/{SURVEY}/export.csv?job={}", job_id(5)),
                &other
            )
            .await
            .0,
        StatusCode::CONFLICT
    );
    assert_eq!(exports().await, 1, "the refused export is not logged");
    let (status, body) = server
        .call(
            "GET",
            &format!("/staff/surveys/{SURVEY}/export.csv?job=../x"),
            &staff,
            None,
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["fields"][0]["field"], "job");
}

#[tokio::test]
async fn closing_and_publishing_report_each_step() {
    let server = TestServer::new().await;
    let staff = server.sign_in("staff1", Role::Staff).await;
    server.submit_seeds(SURVEY, 0..30).await;
    let status_path = |job: &str| format!("/staff/surveys/{SURVEY}/status?job={job}");

    let close = job_id(6);
    let (status, _) = server
        .call(
            "POST",
            &status_path(&close),
            &staff,
            Some(json!({"status": "closed"})),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (_, shown) = progress(&server, &staff, &close).await;
    assert_eq!(shown["state"], "finished");

    let publish = job_id(7);
    let (status, published) = server
        .call(
            "POST",
            &status_path(&publish),
            &staff,
            Some(json!({"status": "published"})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{published}");
    let (_, shown) = progress(&server, &staff, &publish).await;
    assert_eq!(shown["state"], "finished");

    // Publishing twice is refused, and the job carries the reason.
    let again = job_id(8);
    let (status, refusal) = server
        .call(
            "POST",
            &status_path(&again),
            &staff,
            Some(json!({"status": "published"})),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (_, shown) = progress(&server, &staff, &again).await;
    assert_eq!(shown["state"], "failed");
    assert_eq!(shown["message"], refusal["message"]);
}

/// A close whose browser goes away while it waits its turn still happens, whole: the
/// survey is never left between states, and the job tells how it ended.
#[tokio::test]
async fn a_close_goes_on_when_the_browser_goes_away() {
    let server = TestServer::new().await;
    let staff = server.sign_in("staff1", Role::Staff).await;
    server.submit_seeds(SURVEY, 0..5).await;
    let job = job_id(10);
    let request = Request::post(format!("/staff/surveys/{SURVEY}/status?job={job}"))
        .header("cookie", &staff)
        .header("content-type", "application/json")
        .body(Body::from(json!({"status": "closed"}).to_string()))
        .unwrap();
    let turn = server.state.lifecycle.lock().await;
    let asked = server.router.clone().oneshot(request);
    let cut = tokio::time::timeout(std::time::Duration::from_millis(300), asked).await;
    assert!(cut.is_err(), "the close waits for its turn");
    assert_eq!(progress(&server, &staff, &job).await.1["step"], "waiting");
    drop(turn);
    let mut shown = Value::Null;
    for _ in 0..100 {
        shown = progress(&server, &staff, &job).await.1;
        if shown["state"] != "running" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert_eq!(shown["state"], "finished", "{shown}");
    let stored: String = sqlx::query_scalar("SELECT status FROM surveys WHERE id = $1")
        .bind(SURVEY)
        .fetch_one(&server.state.pool)
        .await
        .unwrap();
    assert_eq!(stored, "closed");
    let held = server.state.surveys.get(SURVEY).unwrap();
    assert_eq!(held.status, manyi::domain::SurveyStatus::Closed);
}

#[tokio::test]
async fn an_account_follows_a_bounded_number_of_tasks() {
    let server = TestServer::new().await;
    let staff = server.sign_in("staff1", Role::Staff).await;
    // Ended tasks make room for new ones: far more than the bound, one after another.
    for n in 0..100 {
        let path = format!("/staff/surveys/{SURVEY}/export.csv?job={}", job_id(100 + n));
        assert_eq!(server.call_bytes(&path, &staff).await.0, StatusCode::OK);
    }
    assert_eq!(
        progress(&server, &staff, &job_id(199)).await.1["state"],
        "finished"
    );
    assert_eq!(
        progress(&server, &staff, &job_id(100)).await.0,
        StatusCode::NOT_FOUND,
        "the oldest ended task made room"
    );
}
