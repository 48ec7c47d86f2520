//! `domain::verify` on what a server publishes: every check passes on the real files, and
//! each kind of tampering (a record, a figure, the chain) fails the check it should.

use axum::http::StatusCode;
use manyi::domain::audit::AuditEntry;
use manyi::domain::publication::Publication;
use manyi::domain::verify::verify_publication;
use manyi::domain::wire::Role;
use serde_json::json;
use uuid::Uuid;

use crate::support::{responses_path, TestServer};

async fn published(server: &TestServer, id: &str) -> (Publication, Vec<u8>, Vec<AuditEntry>) {
    let (status, publication) = server.get(&format!("/public/surveys/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    let (_, data) = server
        .get_bytes(&format!("/public/surveys/{id}/data.json"))
        .await;
    let (_, chain) = server.get(&format!("/surveys/{id}/audit")).await;
    (
        serde_json::from_value(publication).unwrap(),
        data,
        serde_json::from_value(chain).unwrap(),
    )
}

fn failed(checks: &[manyi::domain::verify::Check]) -> Vec<String> {
    checks
        .iter()
        .filter(|c| !c.passed)
        .map(|c| c.what.clone())
        .collect()
}

#[tokio::test]
async fn a_questionnaire_as_published_passes_every_check_and_tampering_fails_them() {
    let server = TestServer::new().await;
    let staff = server.sign_in("staff1", Role::Staff).await;
    server.submit_seeds("yingshang-2023", 0..30).await;
    server.set_status(&staff, "yingshang-2023", "closed").await;
    server
        .set_status(&staff, "yingshang-2023", "published")
        .await;
    let (publication, data, chain) = published(&server, "yingshang-2023").await;
    let checks = verify_publication(&publication, &data, &chain);
    assert!(checks.len() >= 7, "{checks:?}");
    assert_eq!(failed(&checks), Vec::<String>::new(), "{checks:?}");

    // A figure on the page that the data does not give.
    let mut doctored = publication.clone();
    doctored.results.index.value += 1.0;
    let failures = failed(&verify_publication(&doctored, &data, &chain));
    assert_eq!(failures, ["每个公布的数字都能由公开数据重新算出"]);
    // A record changed in the file.
    let text = String::from_utf8(data.clone()).unwrap();
    let changed = text.replacen("\"5\"", "\"1\"", 1).into_bytes();
    let failures = failed(&verify_publication(&publication, &changed, &chain));
    assert!(failures.contains(&"公开数据文件（data.json）的 SHA-256 与公布的一致".to_string()));
    assert!(failures.contains(&"每个公布的数字都能由公开数据重新算出".to_string()));
    // An entry of the chain rewritten; or a whole new chain, consistent in itself, served
    // in place of the one published.
    let mut rewritten = chain.clone();
    rewritten[0].actor = "someone else".into();
    assert!(failed(&verify_publication(&publication, &data, &rewritten))
        .contains(&"操作记录链完整（每条的哈希与前后衔接都对）".to_string()));
    let first = &chain[0];
    let forged = vec![AuditEntry::next(
        None,
        first.at,
        &first.actor,
        &first.action,
        first.survey_id.as_deref(),
        "{}",
    )];
    let failures = failed(&verify_publication(&publication, &data, &forged));
    assert!(failures.contains(&"公布时的记录链头仍在记录链中".to_string()));
    assert!(!failures.contains(&"操作记录链完整（每条的哈希与前后衔接都对）".to_string()));
}

#[tokio::test]
async fn a_ballot_as_published_recomputes_its_frozen_digest_with_its_session() {
    let server = TestServer::new().await;
    let staff = server.sign_in("staff1", Role::Staff).await;
    let (status, _) = server.set_attendance(&staff, "shenji-2023", 9, 7).await;
    assert_eq!(status, StatusCode::OK);
    let codes = server.issue_codes("shenji-2023", 5).await;
    for code in &codes {
        let body = json!({"id": Uuid::new_v4(), "code": code, "answers": {"report": "basic"}});
        let (status, _) = server
            .post_json(&responses_path("shenji-2023"), &body)
            .await;
        assert_eq!(status, StatusCode::CREATED);
    }
    let paper = json!({"id": Uuid::new_v4(), "marks": {"report": "satisfied"}});
    server
        .call(
            "POST",
            "/staff/surveys/shenji-2023/paper-ballots",
            &staff,
            Some(paper),
        )
        .await;
    server.set_status(&staff, "shenji-2023", "closed").await;
    server.set_status(&staff, "shenji-2023", "published").await;
    let (publication, data, chain) = published(&server, "shenji-2023").await;
    let checks = verify_publication(&publication, &data, &chain);
    assert_eq!(failed(&checks), Vec::<String>::new(), "{checks:?}");
    assert!(checks.iter().any(|c| c.what.contains("重算的冻结摘要")));
    // 实到 rewritten in the file (and its digest with it): the frozen digest says no.
    let text = String::from_utf8(data)
        .unwrap()
        .replace("\"present\":7", "\"present\":8");
    let failures = failed(&verify_publication(&publication, text.as_bytes(), &chain));
    assert!(
        failures.iter().any(|f| f.contains("重算的冻结摘要")),
        "{failures:?}"
    );
}
