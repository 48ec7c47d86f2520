//! Submissions are limited per client address: 429 with Retry-After, others unaffected.

use std::net::SocketAddr;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, Request, StatusCode};
use manyi::server::rate_limit::RateLimit;

use crate::support::{responses_path, send, submission, TestServer};

const SURVEY: &str = "yingshang-2023";

fn from(address: &str, body: &serde_json::Value) -> Request<Body> {
    let mut request = Request::post(responses_path(SURVEY))
        .header("content-type", "application/json")
        .body(Body::from(body.to_string()))
        .unwrap();
    let peer: SocketAddr = address.parse().unwrap();
    request.extensions_mut().insert(ConnectInfo(peer));
    request
}

#[tokio::test]
async fn an_address_over_its_burst_gets_429_and_others_do_not() {
    let server = TestServer::new().await;
    let limit = RateLimit {
        per_second: 1,
        burst: 3,
        trust_forwarded_for: false,
    };
    let router = manyi::server::api(server.state.clone().with_rate_limit(limit));
    let survey = server.survey(SURVEY);
    for seed in 0..3 {
        let (status, _) = send(&router, from("10.1.1.1:5000", &submission(&survey, seed))).await;
        assert_eq!(status, StatusCode::CREATED);
    }
    let response = tower::ServiceExt::oneshot(
        router.clone(),
        from("10.1.1.1:5001", &submission(&survey, 9)),
    )
    .await
    .unwrap();
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(
        response.headers()[header::RETRY_AFTER]
            .to_str()
            .unwrap()
            .parse::<u64>()
            .unwrap()
            >= 1
    );

    let (status, _) = send(&router, from("10.2.2.2:5000", &submission(&survey, 10))).await;
    assert_eq!(
        status,
        StatusCode::CREATED,
        "another address is not affected"
    );
    assert_eq!(server.response_count(SURVEY).await, 4);
}
