//! A fresh server state per test and small request helpers.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use manyi::domain::sample::{self, SampleRng};
use manyi::domain::Survey;
use manyi::server::{self, storage::DatabaseConfig, AppState};
use serde_json::{json, Value};
use tower::ServiceExt;
use uuid::Uuid;

pub struct TestServer {
    pub state: AppState,
    pub router: Router,
    /// The database this server opened (the test's own).
    pub config: DatabaseConfig,
    _dir: tempfile::TempDir,
}

/// The variable naming a PostgreSQL server to run the tests on instead of SQLite, such as
/// `postgres://manyi@127.0.0.1:55432/manyi_test` (`.ci/postgres.sh` starts one).
pub const POSTGRES_VARIABLE: &str = "MANYI_TEST_POSTGRES";

/// A database no other test uses: a SQLite file in `dir`, or a new schema on the
/// PostgreSQL server [`POSTGRES_VARIABLE`] names.
pub async fn fresh_database(dir: &std::path::Path) -> DatabaseConfig {
    let Ok(base) = std::env::var(POSTGRES_VARIABLE) else {
        return DatabaseConfig::sqlite_file(&dir.join("test.db"));
    };
    sqlx::any::install_default_drivers();
    let schema = format!("t_{}", Uuid::new_v4().simple());
    let mut admin = <sqlx::AnyConnection as sqlx::Connection>::connect(&base)
        .await
        .unwrap_or_else(|e| panic!("{POSTGRES_VARIABLE}={base}: {e}"));
    sqlx::query(&format!("CREATE SCHEMA {schema}"))
        .execute(&mut admin)
        .await
        .unwrap();
    let joiner = if base.contains('?') { '&' } else { '?' };
    DatabaseConfig {
        url: format!("{base}{joiner}options=-c%20search_path%3D{schema}"),
    }
}

/// Whether the tests run on PostgreSQL.
pub fn on_postgres() -> bool {
    std::env::var_os(POSTGRES_VARIABLE).is_some()
}

/// The two stores the suite runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Store {
    Sqlite,
    Postgres,
}

/// A test of one store's own files or tools is named `sqlite_…` or `postgres_…`, and the
/// run on the other store leaves it out by name (`--skip`, `.ci/test.sh`), so it is
/// reported as filtered out, not as passed; run on the wrong store anyway, it fails.
pub fn require(store: Store) {
    let running = if on_postgres() {
        Store::Postgres
    } else {
        Store::Sqlite
    };
    assert_eq!(
        running, store,
        "a test of {store:?} only, run on {running:?}"
    );
}

impl TestServer {
    /// A new database in a temporary directory, seeded with the three evaluations.
    pub async fn new() -> Self {
        Self::with(|state| state).await
    }

    /// A new server whose state is first adjusted (a setting, as `manyi serve` takes one).
    pub async fn with(adjust: impl FnOnce(AppState) -> AppState) -> Self {
        // The server's logs (a 5xx's cause) go to the failing test's output.
        let _ = tracing_subscriber::fmt()
            .with_env_filter("warn")
            .with_test_writer()
            .try_init();
        let dir = tempfile::tempdir().unwrap();
        let config = fresh_database(dir.path()).await;
        let state = adjust(AppState::open(&config).await.unwrap());
        state
            .surveys
            .seed_templates(&state.pool, manyi::domain::SurveyStatus::Open)
            .await
            .unwrap();
        let router = server::api(state.clone());
        TestServer {
            state,
            router,
            config,
            _dir: dir,
        }
    }

    /// The SQLite file (its `-wal` lies beside it); only for tests of SQLite's files.
    pub fn database_file(&self) -> std::path::PathBuf {
        assert!(!on_postgres(), "no database file on PostgreSQL");
        self._dir.path().join("test.db")
    }

    pub fn survey(&self, id: &str) -> Survey {
        self.state.surveys.get(id).unwrap().survey.clone()
    }

    pub async fn get(&self, path: &str) -> (StatusCode, Value) {
        let request = Request::get(path).body(Body::empty()).unwrap();
        send(&self.router, request).await
    }

    /// Status and raw body bytes of a GET without a session (downloads).
    pub async fn get_bytes(&self, path: &str) -> (StatusCode, Vec<u8>) {
        let request = Request::get(path).body(Body::empty()).unwrap();
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        (
            status,
            response
                .into_body()
                .collect()
                .await
                .unwrap()
                .to_bytes()
                .to_vec(),
        )
    }

    pub async fn post_json(&self, path: &str, body: &Value) -> (StatusCode, Value) {
        self.post_raw(path, "application/json", body.to_string().into_bytes())
            .await
    }

    pub async fn post_raw(
        &self,
        path: &str,
        content_type: &str,
        body: Vec<u8>,
    ) -> (StatusCode, Value) {
        let request = Request::post(path)
            .header("content-type", content_type)
            .body(Body::from(body))
            .unwrap();
        send(&self.router, request).await
    }

    pub async fn response_count(&self, survey_id: &str) -> i64 {
        sqlx::query_scalar("SELECT COUNT(*) FROM responses WHERE survey_id = $1")
            .bind(survey_id)
            .fetch_one(&self.state.pool)
            .await
            .unwrap()
    }
}

pub async fn send(router: &Router, request: Request<Body>) -> (StatusCode, Value) {
    let response = router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let value = if bytes.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&bytes).unwrap()
    };
    (status, value)
}

/// A valid submission for `survey` with a fresh id.
pub fn submission(survey: &Survey, seed: u64) -> Value {
    let answers = sample::answers(survey, &mut SampleRng::new(seed));
    json!({"id": Uuid::new_v4(), "answers": answers})
}

pub fn responses_path(survey_id: &str) -> String {
    format!("/surveys/{survey_id}/responses")
}

/// The field names of a 422 body.
pub fn fields(body: &Value) -> Vec<String> {
    body["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap().to_string())
        .collect()
}

/// Status, headers and JSON body of one request.
pub async fn send_full(
    router: &Router,
    request: Request<Body>,
) -> (StatusCode, axum::http::HeaderMap, Value) {
    let response = router.clone().oneshot(request).await.unwrap();
    let (parts, body) = response.into_parts();
    let bytes = body.collect().await.unwrap().to_bytes();
    let value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    (parts.status, parts.headers, value)
}

impl TestServer {
    /// Create an account with `role` and sign in; returns the `Cookie` header value.
    pub async fn sign_in(&self, username: &str, role: manyi::domain::wire::Role) -> String {
        let user = manyi::domain::wire::NewUser {
            username: username.into(),
            password: "correct horse battery".into(),
            role,
        };
        server::services::accounts::create_user(&self.state.pool, &user, "test")
            .await
            .unwrap();
        let (status, cookie, body) = self.log_in(username, "correct horse battery").await;
        assert_eq!(status, StatusCode::OK, "{body}");
        cookie.unwrap()
    }

    /// Sign in to an existing account: the status, the `Cookie` header value a success
    /// sets, and the body.
    pub async fn log_in(
        &self,
        username: &str,
        password: &str,
    ) -> (StatusCode, Option<String>, Value) {
        let (status, headers, body) = self.login_response(username, password).await;
        let cookie = headers
            .get("set-cookie")
            .map(|v| v.to_str().unwrap().split(';').next().unwrap().to_string());
        (status, cookie, body)
    }

    /// `POST /auth/login`: status, headers and body.
    pub async fn login_response(
        &self,
        username: &str,
        password: &str,
    ) -> (StatusCode, axum::http::HeaderMap, Value) {
        let request = Request::post("/auth/login")
            .header("content-type", "application/json")
            .body(Body::from(
                json!({"username": username, "password": password}).to_string(),
            ))
            .unwrap();
        send_full(&self.router, request).await
    }

    /// A request as a signed-in user (`cookie` from [`TestServer::sign_in`], or "" for none).
    pub async fn call(
        &self,
        method: &str,
        path: &str,
        cookie: &str,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut request = Request::builder().method(method).uri(path);
        if !cookie.is_empty() {
            request = request.header("cookie", cookie);
        }
        let request = match body {
            Some(body) => request
                .header("content-type", "application/json")
                .body(Body::from(body.to_string())),
            None => request.body(Body::empty()),
        };
        send(&self.router, request.unwrap()).await
    }

    /// Submit the sample response of each seed (`submission`), each accepted.
    pub async fn submit_seeds(&self, survey_id: &str, seeds: std::ops::Range<u64>) {
        let survey = self.survey(survey_id);
        for seed in seeds {
            let body = submission(&survey, seed);
            let (status, answer) = self.post_json(&responses_path(survey_id), &body).await;
            assert_eq!(status, StatusCode::CREATED, "{answer}");
        }
    }

    /// The committee ballot of shenji-2023 as `staff` runs it: 7 members, 5 present, 5
    /// ballots by code; 4 满意 on the report (more than half of the members: 满意), 1 不满意,
    /// 基本满意 on the budget; `extra` answers added to each.
    pub async fn vote_shenji(&self, staff: &str, extra: Value) {
        let codes = self.issue_codes("shenji-2023", 5).await;
        self.set_attendance(staff, "shenji-2023", 7, 5).await;
        for (i, code) in codes.iter().enumerate() {
            let report = if i < 4 { "satisfied" } else { "unsatisfied" };
            let mut answers = json!({"report": report, "budget": "basic"});
            for (k, v) in extra.as_object().into_iter().flatten() {
                answers[k] = v.clone();
            }
            let body = json!({"id": Uuid::new_v4(), "code": code, "answers": answers});
            let (status, body) = self.post_json(&responses_path("shenji-2023"), &body).await;
            assert_eq!(status, StatusCode::CREATED, "{body}");
        }
    }

    /// One-time codes for a survey, as the command line issues them.
    pub async fn issue_codes(&self, survey_id: &str, count: usize) -> Vec<String> {
        manyi::server::services::codes::issue(&self.state.pool, survey_id, count, "test", "test")
            .await
            .unwrap()
            .1
    }

    /// 应到 and 实到 of a ballot, entered as a signed-in user.
    pub async fn set_attendance(
        &self,
        cookie: &str,
        survey_id: &str,
        members: u32,
        present: u32,
    ) -> (StatusCode, Value) {
        let path = format!("/staff/surveys/{survey_id}/attendance");
        let body = json!({"members": members, "present": present});
        self.call("PUT", &path, cookie, Some(body)).await
    }

    /// The detail of the latest entry for `action` in a survey's public audit chain.
    pub async fn audit_detail(&self, survey_id: &str, action: &str) -> Value {
        let (_, chain) = self.get(&format!("/surveys/{survey_id}/audit")).await;
        let entry = chain
            .as_array()
            .unwrap()
            .iter()
            .rev()
            .find(|e| e["action"] == action)
            .unwrap_or_else(|| panic!("no {action} entry"));
        serde_json::from_str(entry["detail"].as_str().unwrap()).unwrap()
    }

    /// Move a survey to `status` (open, closed, published) as a signed-in user.
    pub async fn set_status(
        &self,
        cookie: &str,
        survey_id: &str,
        status: &str,
    ) -> (StatusCode, Value) {
        let path = format!("/staff/surveys/{survey_id}/status");
        self.call("POST", &path, cookie, Some(json!({ "status": status })))
            .await
    }

    /// A signed-in GET of something that is not JSON: status, content type and bytes.
    pub async fn call_bytes(&self, path: &str, cookie: &str) -> (StatusCode, String, Vec<u8>) {
        let request = Request::get(path)
            .header("cookie", cookie)
            .body(Body::empty())
            .unwrap();
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let content_type = response
            .headers()
            .get("content-type")
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        (status, content_type, bytes.to_vec())
    }
}

/// Assert two results agree (floating-point sums may differ in the last bit).
pub fn assert_same_figures(a: &Value, b: &Value) {
    if let Some(difference) = manyi::domain::verify::json_difference(a, b, "$") {
        panic!("figures differ at {difference}");
    }
}

/// The XML of a workbook's first sheet.
pub fn first_sheet_xml(xlsx: Vec<u8>) -> String {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).unwrap();
    let mut sheet = String::new();
    archive
        .by_name("xl/worksheets/sheet1.xml")
        .unwrap()
        .read_to_string(&mut sheet)
        .unwrap();
    sheet
}
