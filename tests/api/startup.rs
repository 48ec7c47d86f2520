//! Start-up from snapshots (services/live.rs): whatever a crash, an edit or an older
//! version left in the database, the live tables a restart builds are equal, rows, order
//! and counts, to the ones every stored response's JSON builds.

use manyi::domain::Survey;
use manyi::server::services::live::LiveResults;
use manyi::server::AppState;
use serde_json::json;

use crate::support::*;

const ID: &str = "yingshang-2023";
const CHANNELS: [Option<&str>; 4] = [None, Some("wechat"), Some("street-3"), None];

/// Submit through the writer, over a mix of channels.
async fn submit(server: &TestServer, seeds: std::ops::Range<u64>) {
    let survey = server.survey(ID);
    for seed in seeds {
        let mut body = submission(&survey, seed);
        if let Some(channel) = CHANNELS[seed as usize % 4] {
            body["channel"] = json!(channel);
        }
        let (status, answer) = server.post_json(&responses_path(ID), &body).await;
        assert_eq!(status, axum::http::StatusCode::CREATED, "{answer}");
    }
}

/// Store responses as another process or an older version would: straight through SQL,
/// at the hours given (ms since the epoch), through another channel.
async fn store_directly(state: &AppState, seeds: std::ops::Range<u64>, at: impl Fn(u64) -> i64) {
    let survey = state.surveys.get(ID).unwrap().survey.clone();
    for seed in seeds {
        let answers = submission(&survey, seed)["answers"].to_string();
        sqlx::query(
            "INSERT INTO responses (rowid, id, survey_id, answers, received_at, channel) \
             VALUES ((SELECT COALESCE(MAX(rowid), 0) + 1 FROM responses), $1, $2, $3, $4, $5)",
        )
        .bind(uuid::Uuid::new_v4().to_string())
        .bind(ID)
        .bind(answers)
        .bind(at(seed))
        .bind((seed % 2 == 0).then_some("hall"))
        .execute(&state.pool)
        .await
        .unwrap();
    }
}

fn definitions(state: &AppState) -> Vec<Survey> {
    state
        .surveys
        .all()
        .iter()
        .map(|s| s.survey.clone())
        .collect()
}

/// A restart's tables (snapshot and tail, or JSON), each equal to the JSON's.
async fn assert_restart_equals_json(state: &AppState, surveys: &[Survey]) -> LiveResults {
    let restarted = LiveResults::load(&state.pool, surveys).await.unwrap();
    for survey in surveys {
        let json = LiveResults::rebuild_from_json(&state.pool, survey)
            .await
            .unwrap();
        let loaded = restarted.get(&survey.id).unwrap();
        assert!(
            *loaded.read() == json,
            "survey {}: the restart differs",
            survey.id
        );
    }
    restarted
}

async fn snapshots_of(state: &AppState, survey_id: &str) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM live_snapshots WHERE survey_id = $1")
        .bind(survey_id)
        .fetch_one(&state.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_restart_builds_what_every_responses_json_builds() {
    let server = TestServer::new().await;
    let state = &server.state;
    let hour = 3_600_000;
    // Rows of an older version at earlier hours, then the writer's: the live table keeps
    // the order a restart loads in.
    store_directly(state, 0..12, |seed| {
        1_700_000_000_000 + (seed as i64 % 4) * hour
    })
    .await;
    let restarted = assert_restart_equals_json(state, &definitions(state)).await;
    submit(&server, 100..140).await;
    let json = LiveResults::rebuild_from_json(&state.pool, &server.survey(ID))
        .await
        .unwrap();
    assert!(
        *restarted.get(ID).unwrap().read() != json,
        "the writer's rows went to the server's own tables"
    );
    // On one SQLite file the server counts what its writer stores; on PostgreSQL it
    // follows every row any process stores (several nodes, `services::nodes`).
    let own = state.live.get(ID).unwrap();
    tokio::time::sleep(2 * manyi::server::services::nodes::FOLLOW_EVERY).await;
    let counted = if crate::support::on_postgres() {
        52
    } else {
        40
    };
    assert_eq!(
        own.read().len(),
        counted,
        "what the server's own tables count"
    );

    // A restart over 52 rows, no snapshot yet (JSON), then one from a snapshot of the
    // restarted tables.
    let restarted = assert_restart_equals_json(state, &definitions(state)).await;
    assert_eq!(
        restarted.snapshot(&state.pool, 1).await.unwrap(),
        1,
        "only the survey with responses"
    );
    assert_eq!(
        restarted.snapshot(&state.pool, 1).await.unwrap(),
        0,
        "nothing new: nothing written"
    );
    let restarted = assert_restart_equals_json(state, &definitions(state)).await;
    assert_eq!(
        restarted.in_snapshot(ID),
        52,
        "read from the snapshot alone"
    );

    // After the snapshot, as a SIGKILL leaves it: more through the writer and later rows
    // straight in, read after the snapshot, each once.
    submit(&server, 200..230).await;
    store_directly(state, 300..310, |seed| {
        1_900_000_000_000 + seed as i64 * hour
    })
    .await;
    let restarted = assert_restart_equals_json(state, &definitions(state)).await;
    assert_eq!(restarted.get(ID).unwrap().read().len(), 12 + 40 + 30 + 10);
    assert_eq!(
        restarted.in_snapshot(ID),
        52,
        "read from the snapshot and the rows after it"
    );

    // The snapshot holds a response no longer stored (an older backup restored under it):
    // more than is stored, so the JSON is counted.
    assert_eq!(restarted.snapshot(&state.pool, 1).await.unwrap(), 1);
    sqlx::query(
        "DELETE FROM responses WHERE received_at = (SELECT MAX(received_at) FROM responses)",
    )
    .execute(&state.pool)
    .await
    .unwrap();
    let restarted = assert_restart_equals_json(state, &definitions(state)).await;
    assert_eq!(restarted.get(ID).unwrap().read().len(), 91);
    assert_eq!(restarted.in_snapshot(ID), 0, "the snapshot was not used");

    // A row stored before the snapshot's last one (another process, a clock set back): the
    // snapshot and what follows it no longer add up, and the JSON is counted.
    assert_eq!(restarted.snapshot(&state.pool, 1).await.unwrap(), 1);
    store_directly(state, 400..401, |_| 1_700_000_000_000).await;
    let restarted = assert_restart_equals_json(state, &definitions(state)).await;
    assert_eq!(restarted.get(ID).unwrap().read().len(), 92);
    assert_eq!(restarted.in_snapshot(ID), 0, "the snapshot was not used");
}

#[tokio::test]
async fn a_snapshot_made_with_another_definition_is_not_used() {
    let server = TestServer::new().await;
    let state = &server.state;
    submit(&server, 0..30).await;
    // The writer's own table is in the order a restart loads.
    let json = LiveResults::rebuild_from_json(&state.pool, &server.survey(ID))
        .await
        .unwrap();
    assert!(*state.live.get(ID).unwrap().read() == json);
    assert_eq!(state.live.snapshot(&state.pool, 1).await.unwrap(), 1);
    // The definition changed since (as a draft's edit resets its table): another codebook.
    let mut surveys = definitions(state);
    let edited = surveys.iter_mut().find(|s| s.id == ID).unwrap();
    edited.sections.last_mut().unwrap().questions.pop();
    let edited = edited.clone();
    let restarted = assert_restart_equals_json(state, &surveys).await;
    let table = restarted.get(ID).unwrap();
    assert_eq!(table.read().len(), 30);
    assert_eq!(restarted.in_snapshot(ID), 0, "the snapshot was not used");
    let unchanged = assert_restart_equals_json(state, &definitions(state)).await;
    assert_eq!(
        unchanged.in_snapshot(ID),
        30,
        "the same definition reads it"
    );
    assert_eq!(
        table.read().codebook,
        manyi::domain::results::Codebook::new(&edited)
    );
    // And a reset table starts over: its next snapshot is made with the new codebook.
    restarted.reset(&edited);
    assert_eq!(
        restarted.snapshot(&state.pool, 1).await.unwrap(),
        0,
        "an empty table"
    );
}

#[tokio::test]
async fn a_secret_ballot_is_never_snapshotted() {
    let server = TestServer::new().await;
    let staff = server
        .sign_in("staff1", manyi::domain::wire::Role::Staff)
        .await;
    server.vote_shenji(&staff, json!({})).await;
    assert_eq!(server.state.live.responses("shenji-2023"), 5);
    assert_eq!(
        server
            .state
            .live
            .snapshot(&server.state.pool, 1)
            .await
            .unwrap(),
        0
    );
    assert_eq!(snapshots_of(&server.state, "shenji-2023").await, 0);
    // A restart counts its ballots from their JSON, as ever.
    assert_restart_equals_json(&server.state, &definitions(&server.state)).await;
}
