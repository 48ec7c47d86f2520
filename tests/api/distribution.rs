//! Distribution: channels with their own links and QR codes, code batches with a sheet and
//! a CSV, revocation of a slip or a batch.

use axum::http::StatusCode;
use manyi::domain::wire::Role;
use serde_json::{json, Value};

use crate::support::{fields, responses_path, submission, TestServer};

const BALLOT: &str = "shenji-2023";
const ORIGIN: &str = "https://rd.example.cn";

fn with_channel(mut body: Value, channel: &str) -> Value {
    body["c"] = Value::Null;
    body["channel"] = json!(channel);
    body
}

/// The QR code of a link as the `qrcode` crate draws it, independently of the server.
fn qr_of(link: &str) -> String {
    qrcode::QrCode::with_error_correction_level(link, qrcode::EcLevel::M)
        .unwrap()
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(160, 160)
        .build()
}

#[tokio::test]
async fn each_channel_has_its_link_qr_code_and_count() {
    let server = TestServer::new().await;
    let staff = server.sign_in("staff1", Role::Staff).await;
    let viewer = server.sign_in("viewer1", Role::Viewer).await;
    let id = "shuangjian-2023";
    let path = format!("/staff/surveys/{id}/channels");

    let town = json!({"id": "chengguan", "label": "城关镇"});
    let (status, _) = server
        .call("POST", &path, &viewer, Some(town.clone()))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, body) = server.call("POST", &path, &staff, Some(town.clone())).await;
    assert_eq!((status, body), (StatusCode::CREATED, town.clone()));
    let refused = [
        json!({"id": "chengguan", "label": "又一个"}),
        json!({"id": "城关", "label": "城关镇"}),
        json!({"id": "paper", "label": "纸质"}),
        json!({"id": "xinzhen", "label": " "}),
    ];
    for (body, field) in refused.iter().zip(["id", "id", "id", "label"]) {
        let (status, error) = server.call("POST", &path, &staff, Some(body.clone())).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(fields(&error), [field]);
    }

    let survey = server.survey(id);
    for (seed, channel) in [
        (1, Some("chengguan")),
        (2, Some("chengguan")),
        (3, Some("fair")),
        (4, None),
    ] {
        let mut body = submission(&survey, seed);
        if let Some(channel) = channel {
            body = with_channel(body, channel);
        }
        let (status, _) = server.post_json(&responses_path(id), &body).await;
        assert_eq!(status, StatusCode::CREATED);
    }
    let (status, list) = server.call("GET", &path, &viewer, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        list,
        json!([
            {"id": "chengguan", "label": "城关镇", "responses": 2},
            {"id": "fair", "label": "fair", "responses": 1},
        ])
    );

    // The QR code encodes exactly the channel's link.
    let qr = format!("/staff/surveys/{id}/qr.svg?origin={ORIGIN}&channel=chengguan");
    let (status, content_type, svg) = server.call_bytes(&qr, &viewer).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(content_type, "image/svg+xml");
    assert_eq!(
        String::from_utf8(svg).unwrap(),
        qr_of(&format!("{ORIGIN}/s/{id}?c=chengguan"))
    );
    let (status, _, _) = server
        .call_bytes(
            &format!("/staff/surveys/{id}/qr.svg?origin=javascript:alert(1)"),
            &viewer,
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (_, chain) = server.get(&format!("/surveys/{id}/audit")).await;
    assert!(chain.to_string().contains("\"action\":\"channel\""));
}

async fn issue(server: &TestServer, cookie: &str, count: u32, label: &str) -> Value {
    let (status, batch) = server
        .call(
            "POST",
            &format!("/staff/surveys/{BALLOT}/code-batches"),
            cookie,
            Some(json!({"count": count, "label": label, "origin": ORIGIN})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{batch}");
    batch
}

fn codes_of(batch: &Value) -> Vec<String> {
    batch["codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["code"].as_str().unwrap().to_string())
        .collect()
}

async fn vote(server: &TestServer, seed: u64, code: &str) -> (StatusCode, Value) {
    let mut body = submission(&server.survey(BALLOT), seed);
    body["code"] = json!(code);
    server.post_json(&responses_path(BALLOT), &body).await
}

#[tokio::test]
async fn code_batches_are_printed_once_counted_and_revocable() {
    let server = TestServer::new().await;
    let staff = server.sign_in("staff1", Role::Staff).await;
    let viewer = server.sign_in("viewer1", Role::Viewer).await;
    let batches = format!("/staff/surveys/{BALLOT}/code-batches");

    let good = json!({"count": 3, "label": "第二十次会议", "origin": ORIGIN});
    let (status, _) = server
        .call("POST", &batches, &viewer, Some(good.clone()))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    for (body, field) in [
        (json!({"count": 0, "origin": ORIGIN}), "count"),
        (json!({"count": 2001, "origin": ORIGIN}), "count"),
        (json!({"count": 3, "origin": "rd.example.cn"}), "origin"),
    ] {
        let (status, error) = server.call("POST", &batches, &staff, Some(body)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(fields(&error), [field]);
    }
    // A survey anyone may answer by its link has no codes.
    let (status, _) = server
        .call(
            "POST",
            "/staff/surveys/shuangjian-2023/code-batches",
            &staff,
            Some(good.clone()),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);

    let first = issue(&server, &staff, 3, "第二十次会议").await;
    assert_eq!(first["batch"], 1);
    let codes = codes_of(&first);
    assert_eq!(codes.len(), 3);
    for code in &first["codes"].as_array().unwrap()[..] {
        let text = code["code"].as_str().unwrap();
        assert_eq!(code["link"], format!("{ORIGIN}/s/{BALLOT}#code={text}"));
        assert!(code["qr_svg"].as_str().unwrap().contains("<svg"));
    }
    let csv = first["csv"].as_str().unwrap();
    assert!(csv.starts_with("\u{feff}序号,测评码,链接\n"), "{csv}");
    for (i, code) in codes.iter().enumerate() {
        assert!(csv.contains(&format!(
            "{},{code},{ORIGIN}/s/{BALLOT}#code={code}\n",
            i + 1
        )));
    }
    let second = issue(&server, &staff, 2, "备用").await;
    assert_eq!(second["batch"], 2);
    let spare = codes_of(&second);

    // Vote with one; revoke another slip; a revoked code is refused.
    let (status, _) = vote(&server, 1, &codes[0]).await;
    assert_eq!(status, StatusCode::CREATED);
    let revoke = format!("/staff/surveys/{BALLOT}/codes/revoke");
    let (status, body) = server
        .call(
            "POST",
            &revoke,
            &staff,
            Some(json!({"code": codes[1].to_lowercase()})),
        )
        .await;
    assert_eq!((status, body), (StatusCode::OK, json!({"revoked": 1})));
    let (status, body) = vote(&server, 2, &codes[1]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(body["error"], "code_revoked");
    // While the vote is open, revoking a used code answers as for an unused one: staff
    // cannot ask, slip by slip, who has voted. Its ballot stays counted.
    let (status, body) = server
        .call("POST", &revoke, &staff, Some(json!({"code": codes[0]})))
        .await;
    assert_eq!((status, body), (StatusCode::OK, json!({"revoked": 1})));
    let (status, body) = server
        .call("POST", &revoke, &staff, Some(json!({"code": "AAAA-AAAA"})))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fields(&body), ["code"]);

    // Revoke the spare sheet whole.
    let (status, body) = server
        .call("POST", &format!("{batches}/2/revoke"), &staff, None)
        .await;
    assert_eq!((status, body), (StatusCode::OK, json!({"revoked": 2})));
    let (status, _) = vote(&server, 3, &spare[0]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = server
        .call("POST", &format!("{batches}/9/revoke"), &staff, None)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // The unused third code of the first sheet still works.
    let (status, _) = vote(&server, 4, &codes[2]).await;
    assert_eq!(status, StatusCode::CREATED);

    // While the vote is open no batch tells how many of its codes were used or revoked: a
    // sheet of one slip would tell when its member voted.
    let (status, list) = server.call("GET", &batches, &viewer, None).await;
    assert_eq!(status, StatusCode::OK);
    for batch in list.as_array().unwrap() {
        assert_eq!(
            (&batch["spent"], &batch["revoked"]),
            (&json!(null), &json!(null))
        );
    }
    server.set_status(&staff, BALLOT, "closed").await;
    // Once closed, a used code cannot be revoked: its ballot is counted.
    let (status, _) = server
        .call("POST", &revoke, &staff, Some(json!({"code": codes[2]})))
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "a used code stays counted");
    let (status, list) = server.call("GET", &batches, &viewer, None).await;
    assert_eq!(status, StatusCode::OK);
    let summary: Vec<_> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            (
                b["batch"].clone(),
                b["label"].clone(),
                b["count"].clone(),
                b["spent"].clone(),
                b["revoked"].clone(),
                b["created_by"].clone(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (
                json!(1),
                json!("第二十次会议"),
                json!(3),
                json!(2),
                json!(1),
                json!("staff1")
            ),
            (
                json!(2),
                json!("备用"),
                json!(2),
                json!(0),
                json!(2),
                json!("staff1")
            ),
        ]
    );
    assert_eq!(server.response_count(BALLOT).await, 2);

    // The chain records the batches and revocations, never a code.
    let (_, chain) = server.get(&format!("/surveys/{BALLOT}/audit")).await;
    let text = chain.to_string();
    assert_eq!(text.matches("\"action\":\"code_batch\"").count(), 2);
    assert_eq!(text.matches("\"action\":\"code_revoke\"").count(), 3);
    for code in codes.iter().chain(&spare) {
        assert!(!text.contains(code.as_str()) && !text.contains(&code.replace('-', "")));
    }
}

#[tokio::test]
async fn a_public_origin_is_what_links_qr_codes_and_slips_use() {
    const PUBLIC: &str = "https://rd.example.gov.cn";
    let server = TestServer::with(|state| {
        state
            .with_public_origin(Some(format!("{PUBLIC}/")))
            .unwrap()
    })
    .await;
    let staff = server.sign_in("staff1", Role::Staff).await;
    // An https origin marks the session cookie Secure.
    let user = manyi::domain::wire::NewUser {
        username: "staff2".into(),
        password: "correct horse battery".into(),
        role: Role::Staff,
    };
    manyi::server::services::accounts::create_user(&server.state.pool, &user, "test")
        .await
        .unwrap();
    let request = axum::http::Request::post("/auth/login")
        .header("content-type", "application/json")
        .body(axum::body::Body::from(
            json!({"username": "staff2", "password": "correct horse battery"}).to_string(),
        ))
        .unwrap();
    let (_, headers, _) = crate::support::send_full(&server.router, request).await;
    let cookie = headers["set-cookie"].to_str().unwrap();
    assert!(cookie.contains("Secure"), "{cookie}");

    // Whatever address staff reached the server by, slips point to the public origin.
    let batch = json!({"count": 2, "label": "会议", "origin": "http://10.0.0.5:8080"});
    let (status, issued) = server
        .call(
            "POST",
            &format!("/staff/surveys/{BALLOT}/code-batches"),
            &staff,
            Some(batch),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{issued}");
    for code in issued["codes"].as_array().unwrap() {
        let expected = format!(
            "{PUBLIC}/s/{BALLOT}#code={}",
            code["code"].as_str().unwrap()
        );
        assert_eq!(code["link"], expected);
    }
    let (status, _, svg) = server
        .call_bytes(
            "/staff/surveys/yingshang-2023/qr.svg?origin=http://10.0.0.5:8080",
            &staff,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        String::from_utf8(svg).unwrap(),
        qr_of(&format!("{PUBLIC}/s/yingshang-2023"))
    );
    // The builder's and the dashboard's view of a survey names it too.
    let (_, view) = server
        .call(
            "GET",
            "/staff/surveys/yingshang-2023/definition",
            &staff,
            None,
        )
        .await;
    assert_eq!(view["public_origin"], PUBLIC);
}
