//! Three real `manyi serve` processes on one PostgreSQL behave as one Manyi
//! (docs/scale.md): submissions, retries and one-time codes spread over the nodes, one node
//! SIGKILLed mid-load, then a close on one node while another takes answers. Checked in the
//! database: every acknowledged response stored once, each code spent once, the surviving
//! nodes' results equal to a recount, and the close frozen with exactly what was stored.
//!
//! Needs `MANYI_TEST_POSTGRES` (`.ci/postgres.sh` starts a server); the SQLite run leaves
//! it out by name (`postgres_`).

use std::collections::HashSet;
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper_util::rt::TokioIo;
use manyi::domain::sample::{self, SampleRng};
use manyi::domain::templates;
use manyi::server::storage::{self, DatabaseConfig};
use serde_json::{json, Value};
use uuid::Uuid;

const SURVEY: &str = "yingshang-2023";
const BALLOT: &str = "shenji-2023";
const PASSWORD: &str = "a long staff password";

fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

/// A schema of its own on the test server: the database URL the nodes share.
async fn fresh_database() -> String {
    let base = std::env::var("MANYI_TEST_POSTGRES")
        .expect("MANYI_TEST_POSTGRES names the PostgreSQL server (.ci/postgres.sh)");
    sqlx::any::install_default_drivers();
    let schema = format!("nodes_{}", Uuid::new_v4().simple());
    let mut admin = <sqlx::AnyConnection as sqlx::Connection>::connect(&base)
        .await
        .unwrap();
    sqlx::query(&format!("CREATE SCHEMA {schema}"))
        .execute(&mut admin)
        .await
        .unwrap();
    let joiner = if base.contains('?') { '&' } else { '?' };
    format!("{base}{joiner}options=-c%20search_path%3D{schema}")
}

struct Node {
    port: u16,
    child: Child,
}

impl Drop for Node {
    /// A failing test leaves no node running.
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(db: &str) -> Node {
    let port = free_port();
    let child = Command::new(env!("CARGO_BIN_EXE_manyi"))
        .args(["--database-url", db, "serve", "--addr"])
        .arg(format!("127.0.0.1:{port}"))
        .args(["--rate-per-second", "0", "--seed-open", "--api-only"])
        .env("RUST_LOG", "error")
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    Node { port, child }
}

async fn wait_until_up(node: &Node) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while tokio::net::TcpStream::connect(("127.0.0.1", node.port))
        .await
        .is_err()
    {
        assert!(Instant::now() < deadline, "a node did not start");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// One request on a fresh connection: status and JSON body, or `None` when the
/// connection failed (a killed node).
async fn call(
    port: u16,
    method: &str,
    path: &str,
    cookie: Option<&str>,
    body: Option<&Value>,
) -> Option<(u16, Value)> {
    let stream = tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .ok()?;
    let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .ok()?;
    tokio::spawn(connection);
    let mut request = hyper::Request::builder()
        .method(method)
        .uri(format!("/api{path}"))
        .header("host", "127.0.0.1")
        .header("content-type", "application/json");
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    let bytes = body.map(|b| b.to_string()).unwrap_or_default();
    let request = request.body(Full::new(Bytes::from(bytes))).unwrap();
    let response = sender.send_request(request).await.ok()?;
    let status = response.status().as_u16();
    let cookie = response
        .headers()
        .get("set-cookie")
        .map(|c| c.to_str().unwrap().split(';').next().unwrap().to_string());
    let bytes = response.into_body().collect().await.ok()?.to_bytes();
    let mut value: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    if let (Some(cookie), Value::Object(map)) = (cookie, &mut value) {
        map.insert("__cookie".into(), cookie.into());
    }
    Some((status, value))
}

/// The survey's audit chain as a node serves it, checked link by link.
async fn verified_chain(port: u16) -> Vec<manyi::domain::audit::AuditEntry> {
    let (status, chain) = call(port, "GET", &format!("/surveys/{SURVEY}/audit"), None, None)
        .await
        .unwrap();
    assert_eq!(status, 200, "{chain}");
    let chain: Vec<manyi::domain::audit::AuditEntry> = serde_json::from_value(chain).unwrap();
    manyi::domain::audit::verify_chain(&chain).unwrap();
    chain
}

/// One of the bundled evaluations, as the nodes seed it.
fn template(id: &str) -> manyi::domain::Survey {
    templates::bundled()
        .unwrap()
        .into_iter()
        .find(|s| s.id == id)
        .unwrap()
}

fn acknowledged(status: u16) -> bool {
    status == 200 || status == 201
}

/// Clients post until told to stop, each to the nodes in turn; one submission in five
/// is sent to two nodes at once (a retry racing itself). The ids acknowledged, with when.
fn spawn_clients(
    ports: Vec<u16>,
    clients: usize,
    stop: Arc<std::sync::atomic::AtomicBool>,
    acked: Arc<Mutex<Vec<(Uuid, Instant)>>>,
) -> Vec<tokio::task::JoinHandle<()>> {
    let survey = template(SURVEY);
    (0..clients)
        .map(|client| {
            let (ports, stop, acked, survey) =
                (ports.clone(), stop.clone(), acked.clone(), survey.clone());
            tokio::spawn(async move {
                let mut n = client;
                let mut rng = SampleRng::new(client as u64);
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    let id = Uuid::new_v4();
                    let body = json!({"id": id, "answers": sample::answers(&survey, &mut rng)});
                    let path = format!("/surveys/{SURVEY}/responses");
                    let first = ports[n % ports.len()];
                    let second = ports[(n + 1) % ports.len()];
                    let statuses = if n % 5 == 0 {
                        let (a, b) = tokio::join!(
                            call(first, "POST", &path, None, Some(&body)),
                            call(second, "POST", &path, None, Some(&body))
                        );
                        vec![a, b]
                    } else {
                        vec![call(first, "POST", &path, None, Some(&body)).await]
                    };
                    // No node fails a submission; the same one sent to two nodes is
                    // acknowledged by both (stored now, 201, or found stored, 200) or by
                    // neither (the survey closed).
                    let answered: Vec<&(u16, Value)> = statuses.iter().flatten().collect();
                    for (status, body) in &answered {
                        assert!(*status < 500, "{status}: {body}");
                    }
                    if answered.len() == 2 {
                        let acks = answered.iter().filter(|(s, _)| acknowledged(*s)).count();
                        assert!(
                            acks != 1,
                            "one node only acknowledged a retry: {answered:?}"
                        );
                    }
                    if statuses.iter().flatten().any(|(s, _)| acknowledged(*s)) {
                        acked.lock().unwrap().push((id, Instant::now()));
                    }
                    n += 1;
                }
            })
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn postgres_three_nodes_keep_every_acknowledged_response_once_and_close_once() {
    let db = fresh_database().await;
    let added = Command::new(env!("CARGO_BIN_EXE_manyi"))
        .args([
            "--database-url",
            &db,
            "user",
            "add",
            "li",
            "--role",
            "staff",
        ])
        .env("MANYI_PASSWORD", PASSWORD)
        .env("RUST_LOG", "error")
        .output()
        .unwrap();
    assert!(added.status.success(), "{added:?}");
    // The first node seeds the evaluations (open); the others find them.
    let mut nodes = vec![start(&db)];
    wait_until_up(&nodes[0]).await;
    nodes.push(start(&db));
    nodes.push(start(&db));
    for node in &nodes {
        wait_until_up(node).await;
    }
    let ports: Vec<u16> = nodes.iter().map(|n| n.port).collect();

    // A session made on one node is good on every node.
    let login = json!({"username": "li", "password": PASSWORD});
    let (status, body) = call(ports[0], "POST", "/auth/login", None, Some(&login))
        .await
        .unwrap();
    assert_eq!(status, 200, "{body}");
    let cookie = body["__cookie"].as_str().unwrap().to_string();
    for &port in &ports {
        let (status, _) = call(port, "GET", "/auth/me", Some(&cookie), None)
            .await
            .unwrap();
        assert_eq!(status, 200, "the session works on the node at {port}");
    }

    // One-time codes: each used at two nodes at once is accepted once.
    let config = DatabaseConfig { url: db.clone() };
    let pool = storage::connect(&config).await.unwrap();
    let (_, codes) = manyi::server::services::codes::issue(&pool, BALLOT, 12, "test", "test")
        .await
        .unwrap();
    let ballot = template(BALLOT);
    let mut accepted_codes = 0;
    for (n, code) in codes.iter().enumerate() {
        let path = format!("/surveys/{BALLOT}/responses");
        let answers = sample::answers(&ballot, &mut SampleRng::new(n as u64));
        let a = json!({"id": Uuid::new_v4(), "code": code, "answers": answers});
        let b = json!({"id": Uuid::new_v4(), "code": code, "answers": answers});
        let (first, second) = tokio::join!(
            call(ports[n % 3], "POST", &path, None, Some(&a)),
            call(ports[(n + 1) % 3], "POST", &path, None, Some(&b))
        );
        let statuses = [first.unwrap().0, second.unwrap().0];
        let accepted = statuses.iter().filter(|s| acknowledged(**s)).count();
        assert_eq!(accepted, 1, "code {n}: {statuses:?}");
        assert!(statuses.contains(&409), "code {n}: {statuses:?}");
        accepted_codes += accepted;
    }

    // Load on all three; the third node is killed mid-load.
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let acked: Arc<Mutex<Vec<(Uuid, Instant)>>> = Arc::default();
    let clients = spawn_clients(ports.clone(), 12, stop.clone(), acked.clone());
    tokio::time::sleep(Duration::from_millis(1500)).await;
    nodes[2].child.kill().unwrap();
    nodes[2].child.wait().unwrap();
    let killed_at = acked.lock().unwrap().len();
    tokio::time::sleep(Duration::from_millis(1500)).await;
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    for client in clients {
        client.await.unwrap();
    }
    let acked_ids: HashSet<Uuid> = acked.lock().unwrap().iter().map(|(id, _)| *id).collect();
    assert!(
        killed_at > 50 && acked_ids.len() > killed_at + 50,
        "load before ({killed_at}) and after the kill ({})",
        acked_ids.len()
    );
    let stored: Vec<String> = sqlx::query_scalar("SELECT id FROM responses WHERE survey_id = $1")
        .bind(SURVEY)
        .fetch_all(&pool)
        .await
        .unwrap();
    let stored_ids: HashSet<Uuid> = stored.iter().map(|s| Uuid::parse_str(s).unwrap()).collect();
    let lost: Vec<_> = acked_ids.difference(&stored_ids).collect();
    assert!(lost.is_empty(), "acknowledged but not stored: {lost:?}");
    let spent: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM access_codes WHERE survey_id = $1 AND spent = 1")
            .bind(BALLOT)
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!((spent, accepted_codes), (12, 12));
    eprintln!(
        "acknowledged {} responses ({killed_at} before the kill), {} stored, 12 codes spent once",
        acked_ids.len(),
        stored.len()
    );
    let ballots = storage::responses::count(&pool, BALLOT).await.unwrap();
    assert_eq!(ballots, 12, "one ballot per code");

    // Within a second every surviving node's results are the recount's.
    tokio::time::sleep(Duration::from_secs(1)).await;
    let recount =
        manyi::server::services::live::LiveResults::rebuild_from_json(&pool, &template(SURVEY))
            .await
            .unwrap();
    let mut figures = Vec::new();
    for &port in &ports[..2] {
        let path = format!("/staff/surveys/{SURVEY}/results");
        let (status, view) = call(port, "GET", &path, Some(&cookie), None).await.unwrap();
        assert_eq!(status, 200, "{view}");
        assert_eq!(
            view["results"]["responses"].as_u64().unwrap() as usize,
            recount.len(),
            "node at {port}"
        );
        assert_eq!(recount.len(), stored.len());
        figures.push(view["results"].clone());
    }
    assert_eq!(figures[0], figures[1], "the two nodes' figures differ");

    // A close on one node while the other takes answers: the frozen set is exactly what
    // was stored, every acknowledgement included, and nothing is stored after it.
    acked.lock().unwrap().clear();
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let clients = spawn_clients(vec![ports[1]], 6, stop.clone(), acked.clone());
    tokio::time::sleep(Duration::from_millis(800)).await;
    let path = format!("/staff/surveys/{SURVEY}/status");
    let (status, closed) = call(
        ports[0],
        "POST",
        &path,
        Some(&cookie),
        Some(&json!({"status": "closed"})),
    )
    .await
    .unwrap();
    assert_eq!(status, 200, "{closed}");
    let closed_at = Instant::now();
    tokio::time::sleep(Duration::from_millis(500)).await;
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    for client in clients {
        client.await.unwrap();
    }
    let after: Vec<_> = acked
        .lock()
        .unwrap()
        .iter()
        .filter(|(_, at)| *at > closed_at + Duration::from_millis(100))
        .map(|(id, _)| *id)
        .collect();
    assert!(after.is_empty(), "acknowledged after the close: {after:?}");
    let frozen = closed["responses"].as_u64().unwrap();
    let stored_now = storage::responses::count(&pool, SURVEY).await.unwrap() as u64;
    eprintln!(
        "closed on one node with {frozen} frozen; the other node acknowledged {} meanwhile",
        acked.lock().unwrap().len()
    );
    assert_eq!(frozen, stored_now, "the frozen count is what is stored");
    assert!(
        frozen as usize > stored.len(),
        "the second node's answers came in"
    );
    let digest = manyi::server::services::freeze::digest_of(
        &pool,
        &template(SURVEY),
        None,
        &manyi::server::services::jobs::Job::unfollowed(),
    )
    .await
    .unwrap();
    assert_eq!(digest.1, closed["digest"].as_str().unwrap());
    let acked_while_closing: Vec<Uuid> = acked.lock().unwrap().iter().map(|(id, _)| *id).collect();
    for id in &acked_while_closing {
        let found: Option<String> = sqlx::query_scalar("SELECT id FROM responses WHERE id = $1")
            .bind(id.to_string())
            .fetch_optional(&pool)
            .await
            .unwrap();
        assert!(
            found.is_some(),
            "{id} acknowledged before the close, not frozen"
        );
    }

    // The other node knows within a second: it refuses, and its audit chain is the one.
    tokio::time::sleep(Duration::from_secs(1)).await;
    let survey_view = call(ports[1], "GET", &format!("/surveys/{SURVEY}"), None, None)
        .await
        .unwrap();
    assert_eq!(survey_view.1["status"], "closed", "{}", survey_view.1);
    let chain = verified_chain(ports[1]).await;
    assert_eq!(chain.last().unwrap().action, "close");

    // Published from two nodes at once: once.
    let publish = json!({"status": "published"});
    let (first, second) = tokio::join!(
        call(ports[0], "POST", &path, Some(&cookie), Some(&publish)),
        call(ports[1], "POST", &path, Some(&cookie), Some(&publish))
    );
    let mut statuses = [first.unwrap().0, second.unwrap().0];
    statuses.sort();
    assert_eq!(statuses[0], 200, "{statuses:?}");
    assert!((400..500).contains(&statuses[1]), "{statuses:?}");
    let publications: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM publications")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(publications, 1);
    let chain = verified_chain(ports[0]).await;
    let published = chain.iter().filter(|e| e.action == "publish").count();
    assert_eq!(published, 1, "one publication in the chain");

    for node in &mut nodes[..2] {
        assert!(
            node.child.try_wait().unwrap().is_none(),
            "a node stopped by itself"
        );
    }
}
