//! Results benchmarks (docs/architecture.md#budgets), reported as medians:
//! 1. full aggregation of 1,000,000 synthetic 营商环境 responses on one core;
//! 2. the results endpoint over HTTP with 100,000 stored responses;
//! 3. server memory (RSS) after loading 1,000,000 stored responses, then the time and peak
//!    memory of exporting them all as CSV and as XLSX (streamed), of closing (the frozen
//!    digest) and of publishing them.
//!
//! Run: `cargo bench --profile server --features server --bench results`
//! (`bash .ci/bench.sh`). `MANYI_BENCH_ONLY=aggregation|endpoint|memory` runs one.

use std::time::{Duration, Instant};

use axum::body::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::Request;
use hyper_util::rt::TokioIo;
use manyi::domain::answer::Answers;
use manyi::domain::results::{breakdown, compute, Codebook, Filter, ResponseTable};
use manyi::domain::sample::{answers, SampleRng};
use manyi::domain::templates::bundled;
use manyi::domain::wire::{NewUser, Role};
use manyi::domain::Survey;
use manyi::server::{self, storage::DatabaseConfig, AppState};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const SURVEY: &str = "yingshang-2023";
/// Distinct synthetic responses, repeated to reach the sizes measured: generating a
/// million with show-if logic would take longer than everything measured here.
const DISTINCT: usize = 20_000;

fn survey() -> Survey {
    bundled()
        .unwrap()
        .into_iter()
        .find(|s| s.id == SURVEY)
        .unwrap()
}

fn samples(survey: &Survey) -> Vec<Answers> {
    let mut rng = SampleRng::new(2023);
    (0..DISTINCT).map(|_| answers(survey, &mut rng)).collect()
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 * p) as usize).min(sorted.len() - 1)]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn aggregation(survey: &Survey, samples: &[Answers]) {
    let n = 1_000_000;
    let codebook = Codebook::new(survey);
    let encoded: Vec<_> = samples.iter().map(|a| codebook.encode(a)).collect();
    let mut table = ResponseTable::new(codebook);
    table.reserve(n);
    let start = Instant::now();
    for i in 0..n {
        table.push(
            &encoded[i % encoded.len()],
            1_700_000_000_000 + i as i64 * 1_000,
            "",
        );
    }
    println!(
        "append 1,000,000 encoded responses (maintaining the tally): {} ({} bytes per response)",
        ms(start.elapsed()),
        table.bytes_per_response()
    );
    let encode_start = Instant::now();
    for a in samples {
        std::hint::black_box(table.codebook.encode(a));
    }
    let per_encode = encode_start.elapsed() / samples.len() as u32;
    println!(
        "encode one response from its answers: {:.2} µs",
        per_encode.as_secs_f64() * 1e6
    );

    let runs = 7;
    let full = median(
        (0..runs)
            .map(|_| {
                let t = Instant::now();
                let tally = table.recount();
                std::hint::black_box(compute(survey, &table.codebook, &tally));
                t.elapsed()
            })
            .collect(),
    );
    println!("full aggregation of 1,000,000 responses (recount + every figure), median of {runs}: {}  [budget 1 s, goal 0.3 s]", ms(full));
    let maintained = median(
        (0..runs)
            .map(|_| {
                let t = Instant::now();
                std::hint::black_box(compute(survey, &table.codebook, table.total()));
                t.elapsed()
            })
            .collect(),
    );
    println!("figures from the maintained tally: {}", ms(maintained));
    let filter = Filter::parse("ent_size:small|micro;town:dongcheng")
        .unwrap()
        .resolve(&table)
        .unwrap();
    let filtered = median(
        (0..runs)
            .map(|_| {
                let t = Instant::now();
                let tally = table.tally(&filter);
                std::hint::black_box(compute(survey, &table.codebook, &tally));
                t.elapsed()
            })
            .collect(),
    );
    println!(
        "filtered aggregation (2 clauses) of 1,000,000: {}",
        ms(filtered)
    );
    let by = median(
        (0..runs)
            .map(|_| {
                let t = Instant::now();
                std::hint::black_box(
                    breakdown(survey, &table, "industry", &Filter::default()).unwrap(),
                );
                t.elapsed()
            })
            .collect(),
    );
    println!("breakdown by 所属行业 (11 groups) of 1,000,000: {}", ms(by));
}

/// Fill a fresh database with `n` stored responses, straight through SQL.
async fn fill(state: &AppState, samples: &[Answers], n: usize) {
    let json: Vec<String> = samples
        .iter()
        .map(|a| serde_json::to_string(a).unwrap())
        .collect();
    let mut tx = state.pool.begin().await.unwrap();
    for chunk_start in (0..n).step_by(200) {
        let rows = (n - chunk_start).min(200);
        let values: Vec<String> = (0..rows)
            .map(|r| {
                let p = r * 5;
                format!(
                    "(${}, ${}, ${}, ${}, ${})",
                    p + 1,
                    p + 2,
                    p + 3,
                    p + 4,
                    p + 5
                )
            })
            .collect();
        let sql = format!(
            "INSERT INTO responses (rowid, id, survey_id, answers, received_at) VALUES {}",
            values.join(", ")
        );
        let mut q = sqlx::query(&sql);
        for i in chunk_start..chunk_start + rows {
            q = q
                .bind(i as i64 + 1)
                .bind(uuid::Uuid::new_v4().to_string())
                .bind(SURVEY)
                .bind(&json[i % json.len()])
                .bind(1_700_000_000_000i64 + i as i64 * 1_000);
        }
        q.execute(&mut *tx).await.unwrap();
        if chunk_start % 100_000 == 0 && chunk_start > 0 {
            tx.commit().await.unwrap();
            tx = state.pool.begin().await.unwrap();
        }
    }
    tx.commit().await.unwrap();
}

async fn get(authority: &str, path: &str, cookie: &str) -> (u16, usize) {
    let stream = tokio::net::TcpStream::connect(authority).await.unwrap();
    stream.set_nodelay(true).unwrap();
    let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .unwrap();
    tokio::spawn(connection);
    let req = Request::get(path)
        .header("host", authority)
        .header("cookie", cookie)
        .body(Full::new(Bytes::new()))
        .unwrap();
    let response = sender.send_request(req).await.unwrap();
    let status = response.status().as_u16();
    (
        status,
        response
            .into_body()
            .collect()
            .await
            .unwrap()
            .to_bytes()
            .len(),
    )
}

async fn endpoint(samples: &[Answers]) {
    let n = 100_000;
    let dir = tempfile::tempdir().unwrap();
    // A PostgreSQL server instead of a SQLite file (`.ci/bench-nodes.sh` sets it).
    let config = match std::env::var("MANYI_BENCH_POSTGRES") {
        Ok(url) => DatabaseConfig { url },
        Err(_) => DatabaseConfig::sqlite_file(&dir.path().join("bench.db")),
    };
    println!(
        "results endpoint on {}",
        config.url.split(':').next().unwrap_or("")
    );
    {
        let state = AppState::open(&config).await.unwrap();
        state
            .surveys
            .seed_templates(&state.pool, manyi::domain::SurveyStatus::Open)
            .await
            .unwrap();
        fill(&state, samples, n).await;
    }
    let load = Instant::now();
    let state = AppState::open(&config).await.unwrap();
    println!(
        "start-up load of {n} stored responses: {}",
        ms(load.elapsed())
    );
    let user = NewUser {
        username: "bench".into(),
        password: "benchmark password".into(),
        role: Role::Viewer,
    };
    server::services::accounts::create_user(&state.pool, &user, "bench")
        .await
        .unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let authority = listener.local_addr().unwrap().to_string();
    let app = server::app(state, None);
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });

    let stream = tokio::net::TcpStream::connect(&authority).await.unwrap();
    let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .unwrap();
    tokio::spawn(connection);
    let login = Request::post("/api/auth/login")
        .header("host", &authority)
        .header("content-type", "application/json")
        .body(Full::new(Bytes::from(
            r#"{"username":"bench","password":"benchmark password"}"#,
        )))
        .unwrap();
    let response = sender.send_request(login).await.unwrap();
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();

    for (label, path, count) in [
        (
            "results, all responses",
            "/api/staff/surveys/yingshang-2023/results",
            500,
        ),
        (
            "results filtered by 企业规模 (scans the 100,000)",
            "/api/staff/surveys/yingshang-2023/results?filter=ent_size:small",
            100,
        ),
        (
            "breakdown by 企业规模",
            "/api/staff/surveys/yingshang-2023/breakdown?by=ent_size",
            100,
        ),
    ] {
        let (status, bytes) = get(&authority, path, &cookie).await;
        assert_eq!(status, 200, "{path}");
        let mut times = Vec::with_capacity(count);
        for _ in 0..count {
            let t = Instant::now();
            get(&authority, path, &cookie).await;
            times.push(t.elapsed());
        }
        times.sort();
        println!(
            "GET {label} ({n} stored, {bytes} bytes): p50 {}  p90 {}  p99 {}  [budget p50 20 ms, goal 2 ms]",
            ms(percentile(&times, 0.5)),
            ms(percentile(&times, 0.9)),
            ms(percentile(&times, 0.99))
        );
    }
}

fn memory(samples: &[Answers]) {
    let n = 1_000_000;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("memory.db");
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let fill_time = Instant::now();
    runtime.block_on(async {
        let state = AppState::open(&DatabaseConfig::sqlite_file(&path))
            .await
            .unwrap();
        state
            .surveys
            .seed_templates(&state.pool, manyi::domain::SurveyStatus::Open)
            .await
            .unwrap();
        fill(&state, samples, n).await;
    });
    drop(runtime);
    println!(
        "stored {n} responses in {:.1} s",
        fill_time.elapsed().as_secs_f64()
    );
    // A fresh process, so nothing of the filling above is counted.
    let output = std::process::Command::new(std::env::current_exe().unwrap())
        .env("MANYI_BENCH_LOAD", &path)
        .env("MANYI_BENCH_EXPORT", "1")
        .output()
        .unwrap();
    print!("{}", String::from_utf8_lossy(&output.stdout));
    eprint!("{}", String::from_utf8_lossy(&output.stderr));
}

/// Child process: start the server state on the database, then report memory.
fn load_and_report(path: &str) {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let start = Instant::now();
    let state = runtime
        .block_on(AppState::open(&DatabaseConfig::sqlite_file(
            std::path::Path::new(path),
        )))
        .unwrap();
    let loaded = state.live.responses(SURVEY);
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .map(|l| l[name.len()..].trim().to_string())
            .unwrap_or_default()
    };
    println!(
        "server state with {loaded} stored responses loaded in {:.1} s: RSS {} (peak {})  [budget 200 MB, goal 100 MB]",
        start.elapsed().as_secs_f64(),
        field("VmRSS:"),
        field("VmHWM:")
    );
    if std::env::var("MANYI_BENCH_EXPORT").is_ok() {
        runtime.block_on(export_all(state));
    }
}

/// Export every stored response as CSV and as XLSX through the real router, reading the
/// body as a client would, and report the time and the process's peak memory.
async fn export_all(state: AppState) {
    use tower::ServiceExt;
    let user = NewUser {
        username: "bench".into(),
        password: "benchmark password".into(),
        role: Role::Staff,
    };
    server::services::accounts::create_user(&state.pool, &user, "bench")
        .await
        .unwrap();
    let router = server::api(state);
    let login = axum::http::Request::post("/auth/login")
        .header("content-type", "application/json")
        .body(axum::body::Body::from(
            r#"{"username":"bench","password":"benchmark password"}"#,
        ))
        .unwrap();
    let response = router.clone().oneshot(login).await.unwrap();
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    for format in ["csv", "xlsx"] {
        let start = Instant::now();
        let request = axum::http::Request::get(format!("/staff/surveys/{SURVEY}/export.{format}"))
            .header("cookie", &cookie)
            .body(axum::body::Body::empty())
            .unwrap();
        let response = router.clone().oneshot(request).await.unwrap();
        assert_eq!(response.status(), 200);
        let mut body = response.into_body();
        let mut bytes = 0usize;
        while let Some(frame) = body.frame().await {
            if let Ok(data) = frame.unwrap().into_data() {
                bytes += data.len();
            }
        }
        let peak = peak_rss();
        println!(
            "export {format} of every stored response: {:.1} s, {:.1} MB; process peak RSS so far {peak}",
            start.elapsed().as_secs_f64(),
            bytes as f64 / 1e6
        );
    }
    // Close (freeze and digest every response), then publish (anonymise, write the public
    // records and figures in one transaction).
    for status in ["closed", "published"] {
        let start = Instant::now();
        let request = axum::http::Request::post(format!("/staff/surveys/{SURVEY}/status"))
            .header("cookie", &cookie)
            .header("content-type", "application/json")
            .body(axum::body::Body::from(format!(
                r#"{{"status":"{status}"}}"#
            )))
            .unwrap();
        let response = router.clone().oneshot(request).await.unwrap();
        assert_eq!(response.status(), 200, "{status}");
        println!(
            "{status} with every stored response: {:.1} s; process peak RSS so far {}",
            start.elapsed().as_secs_f64(),
            peak_rss()
        );
    }
}

fn peak_rss() -> String {
    std::fs::read_to_string("/proc/self/status")
        .unwrap()
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .unwrap_or("")
        .trim_start_matches("VmHWM:")
        .trim()
        .to_string()
}

fn main() {
    if let Ok(path) = std::env::var("MANYI_BENCH_LOAD") {
        return load_and_report(&path);
    }
    let only = std::env::var("MANYI_BENCH_ONLY").unwrap_or_default();
    let survey = survey();
    let samples = samples(&survey);
    if only.is_empty() || only == "aggregation" {
        aggregation(&survey, &samples);
    }
    if only.is_empty() || only == "endpoint" {
        tokio::runtime::Runtime::new()
            .unwrap()
            .block_on(endpoint(&samples));
    }
    if only.is_empty() || only == "memory" {
        memory(&samples);
    }
}
