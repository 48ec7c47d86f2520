//! `manyi backup` while the server takes responses, then `manyi restore`: every response
//! acknowledged before the backup began is in it, and every closed survey's frozen digest
//! recomputes from the restored database.

use std::sync::{Arc, Mutex};

use axum::http::StatusCode;
use manyi::domain::wire::Role;
use manyi::server::cli::backup::{backup, restore};
use manyi::server::services::freeze::digest_of;
use manyi::server::services::jobs::Job;
use manyi::server::storage::DatabaseConfig;
use uuid::Uuid;

use crate::support::{responses_path, submission, Store, TestServer};

const LOADED: &str = "yingshang-2023";
const CLOSED: &str = "shuangjian-2023";

/// On PostgreSQL the database's own tools back up (docs/scale.md): both commands say so and
/// touch nothing.
#[tokio::test]
async fn postgres_backup_and_restore_send_the_operator_to_its_own_tools() {
    crate::support::require(Store::Postgres);
    let server = TestServer::new().await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("backup.db");
    let refused = backup(&server.config, &file).await.unwrap_err().to_string();
    assert!(refused.contains("pg_dump"), "{refused}");
    assert!(!file.exists());
    std::fs::write(&file, b"not a database").unwrap();
    let refused = restore(&server.config, &file)
        .await
        .unwrap_err()
        .to_string();
    assert!(refused.contains("pg_dump"), "{refused}");
    assert_eq!(server.response_count(LOADED).await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_a_backup_under_load_restores_every_acknowledged_response_and_frozen_digest() {
    crate::support::require(Store::Sqlite);
    let server = TestServer::new().await;
    let staff = server.sign_in("staff1", Role::Staff).await;
    server.submit_seeds(CLOSED, 0..20).await;
    let (_, closed) = server.set_status(&staff, CLOSED, "closed").await;

    // Eight clients submit until told to stop; each acknowledged id is noted with the
    // moment its acknowledgement arrived.
    let acknowledged: Arc<Mutex<Vec<(Uuid, std::time::Instant)>>> = Arc::default();
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let survey = server.survey(LOADED);
    let mut clients = Vec::new();
    for client in 0..8u64 {
        let (router, survey) = (server.router.clone(), survey.clone());
        let (acknowledged, stop) = (acknowledged.clone(), stop.clone());
        clients.push(tokio::spawn(async move {
            let mut seed = client * 100_000;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let body = submission(&survey, seed);
                seed += 1;
                let request = axum::http::Request::post(responses_path(LOADED))
                    .header("content-type", "application/json")
                    .body(axum::body::Body::from(body.to_string()))
                    .unwrap();
                let (status, _) = crate::support::send(&router, request).await;
                assert_eq!(status, StatusCode::CREATED);
                let id = Uuid::parse_str(body["id"].as_str().unwrap()).unwrap();
                acknowledged
                    .lock()
                    .unwrap()
                    .push((id, std::time::Instant::now()));
            }
        }));
    }
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("backup.db");
    let live = DatabaseConfig::sqlite_file(&server.database_file());
    let began = std::time::Instant::now();
    let summary = backup(&live, &file).await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    for client in clients {
        client.await.unwrap();
    }
    let before: Vec<Uuid> = acknowledged
        .lock()
        .unwrap()
        .iter()
        .filter(|(_, at)| *at < began)
        .map(|(id, _)| *id)
        .collect();
    let total = acknowledged.lock().unwrap().len();
    assert!(
        before.len() > 10 && total > before.len(),
        "{} of {total}",
        before.len()
    );
    assert!(summary.responses >= before.len() as i64 + 20);
    // A second backup into the same file is refused.
    assert!(backup(&live, &file).await.is_err());

    // Restored in place of a new database.
    let restored = DatabaseConfig::sqlite_file(&dir.path().join("restored.db"));
    let again = restore(&restored, &file).await.unwrap();
    assert_eq!(again.responses, summary.responses);
    let state = manyi::server::AppState::open(&restored).await.unwrap();
    for id in &before {
        let found: Option<String> = sqlx::query_scalar("SELECT id FROM responses WHERE id = $1")
            .bind(id.hyphenated().to_string())
            .fetch_optional(&state.pool)
            .await
            .unwrap();
        assert!(found.is_some(), "acknowledged {id} missing from the backup");
    }
    let stored = state.surveys.get(CLOSED).unwrap();
    let recomputed = digest_of(&state.pool, &stored.survey, None, &Job::unfollowed())
        .await
        .unwrap();
    assert_eq!(recomputed.1, closed["digest"].as_str().unwrap());
    assert_eq!(recomputed.0, 20);

    // Restoring over a database keeps the one it replaces beside it.
    state.pool.close().await;
    restore(&restored, &file).await.unwrap();
    let kept = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains(".restore-old-"))
        .count();
    assert_eq!(kept, 1);
    // A file that is not a Manyi database is refused and nothing is replaced.
    let junk = dir.path().join("junk.db");
    std::fs::write(&junk, b"not a database").unwrap();
    assert!(restore(&restored, &junk).await.is_err());
}
