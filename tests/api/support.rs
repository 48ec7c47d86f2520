//! A fresh server state per test and small request helpers.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use manyi::domain::sample::{self, SampleRng};
use manyi::domain::Survey;
use manyi::server::{self, db::DatabaseConfig, AppState};
use serde_json::{json, Value};
use tower::ServiceExt;
use uuid::Uuid;

pub struct TestServer {
    pub state: AppState,
    pub router: Router,
    _dir: tempfile::TempDir,
}

impl TestServer {
    /// A new database in a temporary directory, seeded with the three evaluations.
    pub async fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let config = DatabaseConfig::sqlite_file(&dir.path().join("test.db"));
        let state = AppState::open(&config).await.unwrap();
        state.surveys.seed_templates(&state.pool).await.unwrap();
        let router = server::api(state.clone());
        TestServer {
            state,
            router,
            _dir: dir,
        }
    }

    pub fn survey(&self, id: &str) -> Survey {
        self.state.surveys.get(id).unwrap().survey.clone()
    }

    pub async fn get(&self, path: &str) -> (StatusCode, Value) {
        let request = Request::get(path).body(Body::empty()).unwrap();
        send(&self.router, request).await
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
        sqlx::query_scalar("SELECT COUNT(*) FROM responses WHERE survey_id = ?")
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
