//! Every CSV download opens in a spreadsheet without running anything: a cell that starts
//! like a formula gets a leading `'`, plain numbers stay numbers, the XLSX keeps text as
//! text.

use axum::http::StatusCode;
use manyi::domain::sample::{answers, SampleRng};
use manyi::domain::wire::Role;
use manyi::domain::Answer;
use serde_json::json;
use uuid::Uuid;

use crate::support::{first_sheet_xml, responses_path, submission, TestServer};

const LINK: &str = r#"=HYPERLINK("http://x","y")"#;

/// The rows of a CSV download (after its byte-order mark), the header first.
fn rows(body: &[u8]) -> Vec<Vec<String>> {
    let text = std::str::from_utf8(body).unwrap();
    let text = text.strip_prefix('\u{feff}').expect("a BOM for Excel");
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

/// No cell a spreadsheet would run: formula-like cells start with `'`, unless a plain number.
fn assert_no_formula(rows: &[Vec<String>]) {
    for cell in rows.iter().flatten() {
        let number = cell.trim_start_matches(['+', '-']).parse::<f64>().is_ok()
            && !cell.contains(['e', 'E', 'i', 'n', 'N']);
        assert!(
            !cell.starts_with(['=', '+', '-', '@', '\t', '\r']) || number,
            "{cell:?} would run as a formula"
        );
    }
}

#[tokio::test]
async fn free_text_that_looks_like_a_formula_is_quoted_in_the_staff_csv() {
    let server = TestServer::new().await;
    let staff = server.sign_in("staff1", Role::Staff).await;
    let survey = server.survey("yingshang-2023");
    let mut a = answers(&survey, &mut SampleRng::new(1));
    a.insert("suggestions".into(), Answer::Text(LINK.into()));
    a.insert("nps_reason".into(), Answer::Text("-3".into()));
    let body = json!({"id": Uuid::new_v4(), "answers": a});
    let (status, body) = server
        .post_json(&responses_path("yingshang-2023"), &body)
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");

    let (status, _, csv) = server
        .call_bytes("/staff/surveys/yingshang-2023/export.csv", &staff)
        .await;
    assert_eq!(status, StatusCode::OK);
    let rows = rows(&csv);
    let column = |question: &str| {
        let title = &survey.question(question).unwrap().title;
        rows[0].iter().position(|h| h == title).unwrap()
    };
    assert_eq!(rows[1][column("suggestions")], format!("'{LINK}"));
    assert_eq!(
        rows[1][column("nps_reason")],
        "-3",
        "a plain number is left"
    );
    assert_no_formula(&rows);

    // The workbook writes the same answer as a string, never as a formula.
    let (status, _, xlsx) = server
        .call_bytes("/staff/surveys/yingshang-2023/export.xlsx", &staff)
        .await;
    assert_eq!(status, StatusCode::OK);
    let sheet = first_sheet_xml(xlsx);
    assert!(sheet.contains(&format!(r#"t="inlineStr"><is><t>{LINK}</t>"#)));
    assert!(!sheet.contains("<f>"), "no formula cell");
}

#[tokio::test]
async fn titles_that_look_like_formulas_are_quoted_in_the_public_csvs() {
    let server = TestServer::new().await;
    let staff = server.sign_in("staff1", Role::Staff).await;
    // Next year's survey, two of its titles written by someone careless or hostile.
    let mut definition = serde_json::to_value(server.survey("yingshang-2023")).unwrap();
    definition["id"] = json!("yingshang-2024");
    definition["wave"] = json!("2024");
    definition["sections"][1]["questions"][0]["title"] = json!(LINK);
    definition["sections"][1]["questions"][1]["title"] = json!("-网上办事");
    let (status, body) = server
        .call("POST", "/staff/surveys/new", &staff, Some(definition))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let survey = server.survey("yingshang-2024");
    assert_eq!(survey.question("zwfw_efficiency").unwrap().title, LINK);
    assert_eq!(
        server.set_status(&staff, "yingshang-2024", "open").await.0,
        StatusCode::OK
    );
    for seed in 0..12 {
        let (status, body) = server
            .post_json(
                &responses_path("yingshang-2024"),
                &submission(&survey, seed),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
    }
    for status in ["closed", "published"] {
        let (code, body) = server.set_status(&staff, "yingshang-2024", status).await;
        assert_eq!(code, StatusCode::OK, "{status}: {body}");
    }

    let (status, data) = server
        .get_bytes("/public/surveys/yingshang-2024/data.csv")
        .await;
    assert_eq!(status, StatusCode::OK);
    let data = rows(&data);
    assert!(data[0].contains(&format!("'{LINK}")), "{:?}", data[0]);
    assert!(data[0].contains(&"'-网上办事".to_string()));
    assert_no_formula(&data);

    let (status, figures) = server
        .get_bytes("/public/surveys/yingshang-2024/figures.csv")
        .await;
    assert_eq!(status, StatusCode::OK);
    let figures = rows(&figures);
    assert!(figures.iter().any(|row| row[1] == format!("'{LINK}")));
    assert!(figures.iter().any(|row| row[1] == "'-网上办事"));
    assert_no_formula(&figures);
}

#[tokio::test]
async fn the_code_batch_csv_is_quoted_like_every_other() {
    let server = TestServer::new().await;
    let staff = server.sign_in("staff1", Role::Staff).await;
    let (status, batch) = server
        .call(
            "POST",
            "/staff/surveys/shenji-2023/code-batches",
            &staff,
            Some(json!({"count": 3, "origin": "https://manyi.example", "label": "=1+1"})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{batch}");
    let rows = rows(batch["csv"].as_str().unwrap().as_bytes());
    assert_eq!(rows.len(), 4);
    assert_eq!(rows[1][1], batch["codes"][0]["code"].as_str().unwrap());
    assert_no_formula(&rows);
}
