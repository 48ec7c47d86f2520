//! Ingest load generator: N concurrent clients, each on its own keep-alive connection, POST
//! valid responses of one survey to a running server for a fixed time, then report
//! throughput and latency percentiles. Loopback only.
//!
//! `manyi-loadgen --url http://127.0.0.1:8080 --survey yingshang-2023 --clients 200 --seconds 10`
//!
//! Several `--url`s (nodes on one PostgreSQL) share the clients in turn.

use std::time::{Duration, Instant};

use clap::Parser;
use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper::Request;
use hyper_util::rt::TokioIo;
use manyi::domain::sample::{self, SampleRng};
use manyi::domain::wire::SurveyDetail;

#[derive(Parser)]
struct Args {
    /// The server, or several nodes of one (the clients are spread over them in turn).
    #[arg(long, default_value = "http://127.0.0.1:8080")]
    url: Vec<String>,
    #[arg(long, default_value = "yingshang-2023")]
    survey: String,
    #[arg(long, default_value_t = 200)]
    clients: usize,
    #[arg(long, default_value_t = 10)]
    seconds: u64,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let authorities: Vec<String> = args
        .url
        .iter()
        .map(|url| {
            url.trim_start_matches("http://")
                .trim_end_matches('/')
                .to_string()
        })
        .collect();
    for authority in &authorities {
        anyhow::ensure!(
            authority.starts_with("127.")
                || authority.starts_with("localhost")
                || authority.starts_with("[::1]"),
            "the load generator only targets loopback addresses"
        );
    }
    let authority = authorities[0].clone();
    let detail: SurveyDetail = {
        let (status, body) = request(
            &authority,
            "GET",
            &format!("/api/surveys/{}", args.survey),
            None,
        )
        .await?;
        anyhow::ensure!(status == 200, "survey {} not found ({status})", args.survey);
        serde_json::from_slice(&body)?
    };
    // Distinct valid answer sets, made before the clock starts.
    let mut rng = SampleRng::new(42);
    let answer_sets: Vec<String> = (0..1000)
        .map(|_| serde_json::to_string(&sample::answers(&detail.survey, &mut rng)).unwrap())
        .collect();
    let path = format!("/api/surveys/{}/responses", args.survey);
    let deadline = Instant::now() + Duration::from_secs(args.seconds);
    let started = Instant::now();
    let clients: Vec<_> = (0..args.clients)
        .map(|client| {
            let authority = authorities[client % authorities.len()].clone();
            let (path, sets) = (path.clone(), answer_sets.clone());
            tokio::spawn(
                async move { run_client(client, &authority, &path, &sets, deadline).await },
            )
        })
        .collect();
    let mut latencies = Vec::new();
    let mut failures = 0usize;
    for client in clients {
        let (lat, failed) = client.await??;
        latencies.extend(lat);
        failures += failed;
    }
    let elapsed = started.elapsed().as_secs_f64();
    latencies.sort_unstable();
    let pct = |p: f64| {
        latencies
            .get(((latencies.len() as f64 * p) as usize).min(latencies.len().saturating_sub(1)))
            .copied()
            .unwrap_or_default()
    };
    println!(
        "{} clients on {} node(s), {:.1} s: {} acknowledged ({:.0}/s), {} failed; latency p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        args.clients,
        authorities.len(),
        elapsed,
        latencies.len(),
        latencies.len() as f64 / elapsed,
        failures,
        pct(0.50).as_secs_f64() * 1e3,
        pct(0.99).as_secs_f64() * 1e3,
        latencies.last().copied().unwrap_or_default().as_secs_f64() * 1e3,
    );
    Ok(())
}

async fn run_client(
    client: usize,
    authority: &str,
    path: &str,
    answer_sets: &[String],
    deadline: Instant,
) -> anyhow::Result<(Vec<Duration>, usize)> {
    let stream = tokio::net::TcpStream::connect(authority).await?;
    stream.set_nodelay(true)?;
    let (mut sender, connection) =
        hyper::client::conn::http1::handshake(TokioIo::new(stream)).await?;
    tokio::spawn(connection);
    let mut latencies = Vec::new();
    let mut failures = 0;
    let mut n = client;
    while Instant::now() < deadline {
        let body = format!(
            r#"{{"id":"{}","answers":{}}}"#,
            uuid::Uuid::new_v4(),
            answer_sets[n % answer_sets.len()]
        );
        n += 1;
        let req = Request::post(path)
            .header("host", authority)
            .header("content-type", "application/json")
            .body(Full::new(Bytes::from(body)))?;
        let sent = Instant::now();
        let response = sender.send_request(req).await?;
        let status = response.status();
        response.into_body().collect().await?;
        if status == 201 {
            latencies.push(sent.elapsed());
        } else {
            failures += 1;
        }
    }
    Ok((latencies, failures))
}

async fn request(
    authority: &str,
    method: &str,
    path: &str,
    body: Option<String>,
) -> anyhow::Result<(u16, Bytes)> {
    let stream = tokio::net::TcpStream::connect(authority).await?;
    let (mut sender, connection) =
        hyper::client::conn::http1::handshake(TokioIo::new(stream)).await?;
    tokio::spawn(connection);
    let req = Request::builder()
        .method(method)
        .uri(path)
        .header("host", authority)
        .body(Full::new(Bytes::from(body.unwrap_or_default())))?;
    let response = sender.send_request(req).await?;
    let status = response.status().as_u16();
    Ok((status, response.into_body().collect().await?.to_bytes()))
}
