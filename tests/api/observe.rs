//! Health and metrics: `/healthz`, `/readyz` (503 once the database is gone) and
//! `/metrics` (Prometheus text, for this machine or an admin only), counting what happened.

use std::net::SocketAddr;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use manyi::domain::wire::Role;
use tower::ServiceExt;

use crate::support::TestServer;

async fn get(
    router: &axum::Router,
    path: &str,
    setup: impl FnOnce(&mut Request<Body>),
) -> (StatusCode, String) {
    let mut request = Request::get(path).body(Body::empty()).unwrap();
    setup(&mut request);
    let response = router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8_lossy(&body).into_owned())
}

fn from(address: &str) -> impl FnOnce(&mut Request<Body>) + '_ {
    move |request| {
        let peer: SocketAddr = address.parse().unwrap();
        request.extensions_mut().insert(ConnectInfo(peer));
    }
}

#[tokio::test]
async fn health_readiness_and_metrics_answer_and_metrics_are_not_public() {
    let server = TestServer::new().await;
    let admin = server.sign_in("admin1", Role::Admin).await;
    let viewer = server.sign_in("viewer1", Role::Viewer).await;
    let app = manyi::server::app(server.state.clone(), None);
    server.submit_seeds("yingshang-2023", 0..3).await;
    let twice = crate::support::submission(&server.survey("yingshang-2023"), 99);
    for _ in 0..2 {
        server
            .post_json(&crate::support::responses_path("yingshang-2023"), &twice)
            .await;
    }
    server
        .post_json(
            "/surveys/yingshang-2023/responses",
            &serde_json::json!({"id": "not a uuid", "answers": {}}),
        )
        .await;

    assert_eq!(
        get(&app, "/healthz", |_| {}).await,
        (StatusCode::OK, "ok".into())
    );
    let (status, ready) = get(&app, "/readyz", |_| {}).await;
    assert_eq!(status, StatusCode::OK, "{ready}");
    assert_eq!(ready, r#"{"database":"ok","writer":"ok"}"#);

    // Metrics: from this machine, or for an admin; not from elsewhere, a proxy or a viewer.
    assert_eq!(
        get(&app, "/metrics", from("203.0.113.9:5000")).await.0,
        StatusCode::FORBIDDEN
    );
    let proxied = |r: &mut Request<Body>| {
        from("127.0.0.1:5000")(r);
        r.headers_mut()
            .insert("x-forwarded-for", "203.0.113.9".parse().unwrap());
    };
    assert_eq!(
        get(&app, "/metrics", proxied).await.0,
        StatusCode::FORBIDDEN
    );
    let as_viewer = |r: &mut Request<Body>| {
        r.headers_mut().insert("cookie", viewer.parse().unwrap());
    };
    assert_eq!(
        get(&app, "/metrics", as_viewer).await.0,
        StatusCode::FORBIDDEN
    );
    let as_admin = |r: &mut Request<Body>| {
        r.headers_mut().insert("cookie", admin.parse().unwrap());
    };
    let (status, text) = get(&app, "/metrics", as_admin).await;
    assert_eq!(status, StatusCode::OK);
    let (status, local) = get(&app, "/metrics", from("127.0.0.1:5000")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(local.contains("manyi_submissions_total"));
    // The recorder is the process's: other tests add to these counts, never take away.
    let count = |outcome: &str| -> f64 {
        text.lines()
            .find(|l| l.starts_with(&format!("manyi_submissions_total{{outcome=\"{outcome}\"}}")))
            .and_then(|l| l.rsplit(' ').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or(0.0)
    };
    assert!(count("accepted") >= 3.0, "{text}");
    assert!(count("replayed") >= 1.0, "{text}");
    assert!(
        count("malformed_json") + count("validation") >= 1.0,
        "{text}"
    );
    assert!(text.contains("manyi_commit_batch_size_bucket"), "{text}");
    assert!(text.contains("manyi_commit_seconds_bucket"), "{text}");

    // Once the database is gone, not ready.
    server.state.pool.close().await;
    let (status, ready) = get(&app, "/readyz", |_| {}).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(ready.contains(r#""database":"unavailable""#), "{ready}");
}
