//! Submissions and sign-ins are limited per client address: 429 with Retry-After, others
//! unaffected. Behind a trusted proxy the client is the address the proxy appended to
//! `X-Forwarded-For`; what the client wrote there itself buys nothing.

use std::net::SocketAddr;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, Request, StatusCode};
use manyi::server::http::proxy::{parse_proxy, TrustedProxies};
use manyi::server::http::rate_limit::RateLimit;

use crate::support::{responses_path, send, submission, TestServer};

const SURVEY: &str = "yingshang-2023";

fn from(address: &str, body: &serde_json::Value) -> Request<Body> {
    post_from(&responses_path(SURVEY), address, None, body)
}

/// A POST from the peer `address`, with an `X-Forwarded-For` line when given.
fn post_from(
    path: &str,
    address: &str,
    forwarded_for: Option<&str>,
    body: &serde_json::Value,
) -> Request<Body> {
    let mut request = Request::post(path).header("content-type", "application/json");
    if let Some(list) = forwarded_for {
        request = request.header("x-forwarded-for", list);
    }
    let mut request = request.body(Body::from(body.to_string())).unwrap();
    let peer: SocketAddr = address.parse().unwrap();
    request.extensions_mut().insert(ConnectInfo(peer));
    request
}

/// A reverse proxy on this machine.
fn local_proxy() -> TrustedProxies {
    TrustedProxies::new(vec![parse_proxy("127.0.0.1").unwrap()])
}

#[tokio::test]
async fn an_address_over_its_burst_gets_429_and_others_do_not() {
    let server = TestServer::new().await;
    let limit = RateLimit {
        per_second: 1,
        burst: 3,
        proxies: TrustedProxies::default(),
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

#[tokio::test]
async fn a_made_up_forwarded_for_does_not_escape_the_submission_limit() {
    let server = TestServer::new().await;
    let limit = RateLimit {
        per_second: 1,
        burst: 3,
        proxies: local_proxy(),
    };
    let router = manyi::server::api(server.state.clone().with_rate_limit(limit));
    let survey = server.survey(SURVEY);
    let path = responses_path(SURVEY);
    // One client behind the proxy writes a new address in front of the proxy's each time.
    let mut statuses = Vec::new();
    for seed in 0..5u8 {
        let list = format!("10.9.9.{seed}, 198.51.100.7");
        let request = post_from(
            &path,
            "127.0.0.1:5000",
            Some(&list),
            &submission(&survey, seed.into()),
        );
        statuses.push(send(&router, request).await.0);
    }
    assert_eq!(
        statuses,
        [
            StatusCode::CREATED,
            StatusCode::CREATED,
            StatusCode::CREATED,
            StatusCode::TOO_MANY_REQUESTS,
            StatusCode::TOO_MANY_REQUESTS
        ]
    );
    // Another client behind the same proxy is not affected.
    let request = post_from(
        &path,
        "127.0.0.1:5000",
        Some("198.51.100.8"),
        &submission(&survey, 9),
    );
    assert_eq!(send(&router, request).await.0, StatusCode::CREATED);
    // A client that is not the proxy is its own address, whatever it writes.
    for seed in 10..13 {
        let request = post_from(
            &path,
            "203.0.113.5:5000",
            Some(&format!("198.51.100.{seed}")),
            &submission(&survey, seed),
        );
        assert_eq!(send(&router, request).await.0, StatusCode::CREATED);
    }
    let request = post_from(
        &path,
        "203.0.113.5:5000",
        Some("198.51.100.99"),
        &submission(&survey, 20),
    );
    assert_eq!(
        send(&router, request).await.0,
        StatusCode::TOO_MANY_REQUESTS
    );
}

#[tokio::test]
async fn a_made_up_forwarded_for_does_not_escape_the_sign_in_limit() {
    let server = TestServer::new().await;
    let router = manyi::server::api(server.state.clone().with_login_limit(1, local_proxy()));
    let guess = serde_json::json!({"username": "admin", "password": "guess guess guess"});
    let mut statuses = Vec::new();
    for attempt in 0..4 {
        let list = format!("10.9.9.{attempt},198.51.100.7");
        let request = post_from("/auth/login", "127.0.0.1:5000", Some(&list), &guess);
        statuses.push(send(&router, request).await.0);
    }
    assert_eq!(
        statuses,
        [
            StatusCode::UNAUTHORIZED,
            StatusCode::UNAUTHORIZED,
            StatusCode::TOO_MANY_REQUESTS,
            StatusCode::TOO_MANY_REQUESTS
        ],
        "a burst of two, then refused"
    );
}
