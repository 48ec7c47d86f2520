//! The real `manyi` binary on loopback. Killing the server at any moment loses no
//! acknowledged response, and a retry after the restart is never counted twice: many
//! clients post, the server is SIGKILLed mid-load, then the database is read. And a plain
//! `serve` on a new database puts nothing in public.

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper_util::rt::TokioIo;
use manyi::domain::sample::{self, SampleRng};
use manyi::domain::templates;
use sqlx::sqlite::SqlitePoolOptions;
use uuid::Uuid;

const SURVEY: &str = "yingshang-2023";

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn start(db: &str, port: u16) -> Child {
    start_with(db, port, &["--seed-open"])
}

fn start_with(db: &str, port: u16, extra: &[&str]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_manyi"))
        .args([
            "--database-url",
            db,
            "serve",
            "--addr",
            &format!("127.0.0.1:{port}"),
            "--rate-per-second",
            "0",
        ])
        .args(extra)
        .arg("--api-only")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

async fn wait_until_up(port: u16) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .is_err()
    {
        assert!(Instant::now() < deadline, "server did not start");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// POST one body; the status, or None when the connection died.
async fn post(port: u16, body: String) -> Option<u16> {
    let stream = tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .ok()?;
    let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .ok()?;
    tokio::spawn(connection);
    let request = hyper::Request::post(format!("/api/surveys/{SURVEY}/responses"))
        .header("host", "127.0.0.1")
        .header("content-type", "application/json")
        .body(Full::new(Bytes::from(body)))
        .unwrap();
    let response = sender.send_request(request).await.ok()?;
    let status = response.status().as_u16();
    response.into_body().collect().await.ok()?;
    Some(status)
}

/// One request on a fresh connection; the connection is kept by the response's body.
async fn send(
    port: u16,
    request: hyper::Request<Full<Bytes>>,
) -> hyper::Response<hyper::body::Incoming> {
    let stream = tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .unwrap();
    let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .unwrap();
    tokio::spawn(connection);
    sender.send_request(request).await.unwrap()
}

/// A dashboard's live updates never end on their own; stopping the server (SIGTERM, as
/// systemd does) ends them, so the server exits at once instead of waiting to be killed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stopping_server_ends_live_updates_and_exits() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("stop.db").display());
    let added = Command::new(env!("CARGO_BIN_EXE_manyi"))
        .args([
            "--database-url",
            &db,
            "user",
            "add",
            "zhao",
            "--role",
            "viewer",
        ])
        .env("MANYI_PASSWORD", "a long viewer password")
        .output()
        .unwrap();
    assert!(added.status.success(), "{added:?}");
    let port = free_port();
    let mut server = start(&db, port);
    wait_until_up(port).await;
    let login = hyper::Request::post("/api/auth/login")
        .header("host", "127.0.0.1")
        .header("content-type", "application/json")
        .body(Full::new(Bytes::from(
            r#"{"username":"zhao","password":"a long viewer password"}"#,
        )))
        .unwrap();
    let signed_in = send(port, login).await;
    assert_eq!(signed_in.status(), 200);
    let cookie = signed_in.headers()["set-cookie"].to_str().unwrap();
    let cookie = cookie.split(';').next().unwrap().to_string();
    let events = hyper::Request::get(format!("/api/staff/surveys/{SURVEY}/events"))
        .header("host", "127.0.0.1")
        .header("cookie", cookie)
        .body(Full::new(Bytes::new()))
        .unwrap();
    let live = send(port, events).await;
    assert_eq!(live.status(), 200);
    let reading = tokio::spawn(live.into_body().collect());

    let stopped = Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status()
        .unwrap();
    assert!(stopped.success());
    let deadline = Instant::now() + Duration::from_secs(10);
    let exit = loop {
        if let Some(status) = server.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            server.kill().unwrap();
            panic!("the server still runs 10 s after SIGTERM with a dashboard connected");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert!(exit.success(), "{exit:?}");
    // The stream ended cleanly, as a complete response.
    assert!(reading.await.unwrap().is_ok());
}

/// A plain `manyi serve` on a new database seeds the three evaluations as drafts: nothing
/// goes public unasked (the demonstration passes `--seed-open`).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_plain_serve_seeds_the_evaluations_as_drafts() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("fresh.db").display());
    let port = free_port();
    let mut server = start_with(&db, port, &[]);
    wait_until_up(port).await;
    let status = post(
        port,
        format!(r#"{{"id":"{}","answers":{{}}}}"#, Uuid::new_v4()),
    )
    .await;
    server.kill().unwrap();
    server.wait().unwrap();
    assert_eq!(
        status,
        Some(404),
        "a draft takes no answers and is not public"
    );
    let pool = SqlitePoolOptions::new().connect(&db).await.unwrap();
    let statuses: Vec<String> = sqlx::query_scalar("SELECT DISTINCT status FROM surveys")
        .fetch_all(&pool)
        .await
        .unwrap();
    assert_eq!(statuses, ["draft"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_server_keeps_every_acknowledged_response() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("crash.db").display());
    let port = free_port();
    let mut server = start(&db, port);
    wait_until_up(port).await;

    let survey = templates::bundled()
        .unwrap()
        .into_iter()
        .find(|s| s.id == SURVEY)
        .unwrap();
    let bodies: Vec<(Uuid, String)> = {
        let mut rng = SampleRng::new(3);
        (0..8_000)
            .map(|_| {
                let id = Uuid::new_v4();
                let answers = serde_json::to_string(&sample::answers(&survey, &mut rng)).unwrap();
                (id, format!(r#"{{"id":"{id}","answers":{answers}}}"#))
            })
            .collect()
    };

    // 32 clients post until the server dies under them.
    let chunks: Vec<Vec<(Uuid, String)>> = bodies
        .chunks(bodies.len() / 32)
        .map(|c| c.to_vec())
        .collect();
    let clients: Vec<_> = chunks
        .into_iter()
        .map(|chunk| {
            tokio::spawn(async move {
                let mut acknowledged = Vec::new();
                for (id, body) in chunk {
                    match post(port, body).await {
                        Some(201) => acknowledged.push(id),
                        Some(status) => panic!("unexpected status {status}"),
                        None => break,
                    }
                }
                acknowledged
            })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(1500)).await;
    server.kill().unwrap(); // SIGKILL: no shutdown, no flush
    server.wait().unwrap();
    let mut acknowledged = Vec::new();
    for client in clients {
        acknowledged.extend(client.await.unwrap());
    }
    assert!(
        acknowledged.len() > 100,
        "the load ran before the kill ({})",
        acknowledged.len()
    );
    eprintln!(
        "{} responses acknowledged before the kill",
        acknowledged.len()
    );

    let pool = SqlitePoolOptions::new()
        .max_connections(1)
        .connect(&db)
        .await
        .unwrap();
    let stored: Vec<String> = sqlx::query_scalar("SELECT id FROM responses")
        .fetch_all(&pool)
        .await
        .unwrap();
    let stored: std::collections::HashSet<Uuid> =
        stored.iter().map(|s| Uuid::parse_str(s).unwrap()).collect();
    let lost: Vec<_> = acknowledged
        .iter()
        .filter(|id| !stored.contains(id))
        .collect();
    assert!(
        lost.is_empty(),
        "{} acknowledged responses lost of {}",
        lost.len(),
        acknowledged.len()
    );
    pool.close().await;

    // After a restart, retrying acknowledged submissions stores nothing new.
    let mut server = start(&db, port);
    wait_until_up(port).await;
    let by_id: std::collections::HashMap<Uuid, &String> =
        bodies.iter().map(|(id, b)| (*id, b)).collect();
    for id in acknowledged.iter().take(50) {
        assert_eq!(post(port, by_id[id].clone()).await, Some(200));
    }
    server.kill().unwrap();
    server.wait().unwrap();
    let pool = SqlitePoolOptions::new()
        .max_connections(1)
        .connect(&db)
        .await
        .unwrap();
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM responses")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(count as usize, stored.len());
}
