//! Staff exports: CSV and XLSX of every response, for staff only, with labels under
//! question titles, and logged in the audit chain.

use axum::http::StatusCode;
use manyi::domain::wire::Role;

use crate::support::{first_sheet_xml, responses_path, submission, TestServer};

async fn seed(server: &TestServer, count: u64) {
    let survey = server.survey("yingshang-2023");
    for seed in 0..count {
        let (status, _) = server
            .post_json(
                &responses_path("yingshang-2023"),
                &submission(&survey, seed),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED);
    }
}

#[tokio::test]
async fn exports_are_for_staff_only() {
    let server = TestServer::new().await;
    let viewer = server.sign_in("viewer1", Role::Viewer).await;
    for path in [
        "/staff/surveys/yingshang-2023/export.csv",
        "/staff/surveys/yingshang-2023/export.xlsx",
    ] {
        assert_eq!(
            server.call_bytes(path, "").await.0,
            StatusCode::UNAUTHORIZED,
            "{path}"
        );
        assert_eq!(
            server.call_bytes(path, &viewer).await.0,
            StatusCode::FORBIDDEN,
            "{path}"
        );
    }
}

#[tokio::test]
async fn the_csv_has_a_row_per_response_with_labels_under_titles() {
    let server = TestServer::new().await;
    let staff = server.sign_in("staff1", Role::Staff).await;
    seed(&server, 25).await;
    let (status, content_type, body) = server
        .call_bytes("/staff/surveys/yingshang-2023/export.csv", &staff)
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(content_type, "text/csv; charset=utf-8");
    assert!(body.starts_with("\u{feff}".as_bytes()), "a BOM for Excel");
    let mut reader = csv::Reader::from_reader(&body[3..]);
    let headers = reader.headers().unwrap().clone();
    assert_eq!(&headers[0], "答卷编号");
    let type_column = headers.iter().position(|h| h == "企业类型").unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 25);
    let labels = [
        "国有企业",
        "民营企业",
        "外资企业（含港澳台）",
        "个体工商户",
        "其他",
    ];
    assert!(
        rows.iter().all(|r| labels.contains(&&r[type_column])),
        "labels, not ids"
    );
    let stored: Vec<String> =
        sqlx::query_scalar("SELECT id FROM responses ORDER BY received_at, id")
            .fetch_all(&server.state.pool)
            .await
            .unwrap();
    let exported: Vec<String> = rows.iter().map(|r| r[0].to_string()).collect();
    assert_eq!(exported, stored);
    let (_, chain) = server
        .call("GET", "/surveys/yingshang-2023/audit", "", None)
        .await;
    assert_eq!(chain[0]["action"], "export");
}

#[tokio::test]
async fn the_xlsx_holds_the_same_rows() {
    let server = TestServer::new().await;
    let staff = server.sign_in("staff1", Role::Staff).await;
    seed(&server, 30).await;
    let (status, content_type, body) = server
        .call_bytes("/staff/surveys/yingshang-2023/export.xlsx", &staff)
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(content_type.contains("spreadsheetml"));
    let sheet = first_sheet_xml(body);
    assert_eq!(
        sheet.matches("<row ").count(),
        31,
        "a header and 30 responses"
    );
    assert!(sheet.contains("企业类型"));
    assert!(sheet.contains("非常满意") || sheet.contains("满意"));
}
