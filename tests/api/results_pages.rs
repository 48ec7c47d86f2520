//! The public results pages come from the server as complete HTML: every figure of the
//! publication, the charts inline, the head for search engines, no script but the audit
//! check; an unknown or unpublished survey is a 404 page.

use axum::body::Body;
use axum::http::{header, HeaderMap, Request, StatusCode};
use http_body_util::BodyExt;
use manyi::domain::stats::{one_decimal, percent};
use manyi::domain::wire::Role;
use serde_json::{json, Value};
use tower::ServiceExt;

use crate::support::TestServer;

async fn get_page(
    server: &TestServer,
    path: &str,
    etag: Option<&str>,
) -> (StatusCode, HeaderMap, String) {
    let app = manyi::server::app(server.state.clone(), None);
    let mut request = Request::get(path);
    if let Some(tag) = etag {
        request = request.header(header::IF_NONE_MATCH, tag);
    }
    let response = app
        .oneshot(request.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let (parts, body) = response.into_parts();
    let bytes = body.collect().await.unwrap().to_bytes();
    (
        parts.status,
        parts.headers,
        String::from_utf8(bytes.to_vec()).unwrap(),
    )
}

/// The text inside the element marked `data-testid="{testid}"`, tags stripped.
fn text_of(html: &str, testid: &str) -> String {
    let marker = format!("data-testid=\"{testid}\"");
    let at = html.find(&marker).unwrap_or_else(|| panic!("no {testid}"));
    let start = at + html[at..].find('>').unwrap() + 1;
    let (mut depth, mut text, mut rest) = (0i32, String::new(), &html[start..]);
    while let Some(open) = rest.find('<') {
        text.push_str(&rest[..open]);
        let close = open + rest[open..].find('>').unwrap();
        let tag = &rest[open + 1..close];
        depth += if tag.starts_with('/') { -1 } else { 1 };
        if depth < 0 {
            break;
        }
        rest = &rest[close + 1..];
    }
    text.trim().to_string()
}

/// Each `<script …>` opening tag with its text.
fn scripts(html: &str) -> Vec<(String, String)> {
    html.split("<script")
        .skip(1)
        .map(|s| {
            let (tag, rest) = s.split_once('>').unwrap();
            (
                tag.to_string(),
                rest.split("</script>").next().unwrap().to_string(),
            )
        })
        .collect()
}

async fn publish(server: &TestServer, staff: &str, id: &str) -> Value {
    assert_eq!(
        server.set_status(staff, id, "closed").await.0,
        StatusCode::OK
    );
    assert_eq!(
        server.set_status(staff, id, "published").await.0,
        StatusCode::OK
    );
    server.get(&format!("/public/surveys/{id}")).await.1
}

#[tokio::test]
async fn a_published_survey_is_a_complete_page_without_javascript() {
    let server = TestServer::new().await;
    let staff = server.sign_in("staff1", Role::Staff).await;
    server.submit_seeds("yingshang-2023", 0..30).await;
    let p = publish(&server, &staff, "yingshang-2023").await;

    let (status, headers, html) = get_page(&server, "/results/yingshang-2023", None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    assert_eq!(headers[header::CACHE_CONTROL], "no-cache");
    let csp = headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
    assert!(
        csp.contains("script-src 'self';") && csp.contains("frame-ancestors *"),
        "{csp}"
    );
    assert!(!csp.contains("unsafe-inline"), "{csp}");

    // Every headline figure as the publication has it.
    assert_eq!(text_of(&html, "public-title"), p["title"].as_str().unwrap());
    assert_eq!(text_of(&html, "public-responses"), "30");
    let index = p["results"]["index"]["value"].as_f64().unwrap();
    assert_eq!(text_of(&html, "public-index"), one_decimal(index));
    for d in p["results"]["dimensions"].as_array().unwrap() {
        let name = d["name"].as_str().unwrap();
        let value = d["index"]["value"].as_f64().unwrap();
        assert_eq!(
            text_of(&html, &format!("public-dimension-{name}")),
            one_decimal(value)
        );
    }
    let overall = p["results"]["questions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["id"] == "overall")
        .unwrap();
    let rate = overall["items"][0]["satisfaction"]["value"]
        .as_f64()
        .unwrap();
    assert_eq!(text_of(&html, "public-overall-rate"), percent(rate));
    for g in p["groups"].as_array().unwrap() {
        for row in g["groups"].as_array().unwrap() {
            let testid = format!(
                "group-n-{}-{}",
                g["by"].as_str().unwrap(),
                row["id"].as_str().unwrap()
            );
            assert_eq!(text_of(&html, &testid), row["responses"].to_string());
        }
    }
    assert_eq!(
        text_of(&html, "data-digest"),
        p["data_digest"].as_str().unwrap()
    );
    assert_eq!(
        text_of(&html, "frozen-digest"),
        p["frozen_digest"].as_str().unwrap()
    );
    assert_eq!(
        text_of(&html, "audit-head"),
        p["audit_head"]["hash"].as_str().unwrap()
    );
    assert!(text_of(&html, "suppression-note").contains("其他（合并）"));

    // The charts inline, each with its figures in words.
    assert!(
        html.contains(r#"<svg role="img" aria-label="政务服务"#)
            || html.matches(r#"<svg role="img" aria-label=""#).count() > 3
    );
    assert!(html.contains(r#"data-testid="chart-dimensions""#));
    assert!(html.contains("下载图表（SVG）"));

    // The head: title, description, Open Graph, the data set with its files and digest.
    assert!(html.starts_with("<!DOCTYPE html><html lang=\"zh-CN\">"));
    assert!(html.contains(&format!(
        "<title>{} · 满意</title>",
        p["title"].as_str().unwrap()
    )));
    for property in ["og:title", "og:description", "og:url", "og:type"] {
        assert!(
            html.contains(&format!("property=\"{property}\"")),
            "{property}"
        );
    }
    assert!(html.contains("<meta name=\"description\""));
    // Nothing runs but the audit check: the structured data is data.
    let found = scripts(&html);
    assert_eq!(found.len(), 2, "{found:?}");
    let data: Value = found
        .iter()
        .find(|(tag, _)| tag.contains("application/ld+json"))
        .map(|(_, text)| serde_json::from_str(text).unwrap())
        .unwrap();
    assert!(found
        .iter()
        .any(|(tag, text)| tag.contains("src=\"/results/audit.js\"") && text.is_empty()));
    assert_eq!(data["@type"], "Dataset");
    assert_eq!(data["creator"]["name"], p["organizer"]);
    assert_eq!(data["distribution"].as_array().unwrap().len(), 4);
    assert_eq!(
        data["distribution"][0]["contentUrl"],
        "/api/public/surveys/yingshang-2023/data.json"
    );
    assert_eq!(data["distribution"][0]["sha256"], p["data_digest"]);

    // Revalidated by its tag; the audit check is a file of its own.
    let etag = headers[header::ETAG].to_str().unwrap().to_string();
    let (status, _, _) = get_page(&server, "/results/yingshang-2023", Some(&etag)).await;
    assert_eq!(status, StatusCode::NOT_MODIFIED);
    let (status, headers, script) = get_page(&server, "/results/audit.js", None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("text/javascript"));
    assert!(script.contains("crypto.subtle.digest('SHA-256'"));

    // The list links to it.
    let (status, _, list) = get_page(&server, "/results", None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(list.contains(r#"href="/results/yingshang-2023""#));
    assert!(text_of(&list, "published-yingshang-2023").contains(p["title"].as_str().unwrap()));
}

#[tokio::test]
async fn an_unknown_or_unpublished_survey_is_not_found() {
    let server = TestServer::new().await;
    for path in ["/results/no-such-survey", "/results/yingshang-2023"] {
        let (status, headers, html) = get_page(&server, path, None).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert!(headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/html"));
        assert!(html.contains("没有找到这项测评结果"), "{path}");
    }
    let (status, _, list) = get_page(&server, "/results", None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(list.contains("尚未公布任何测评结果"));
}

#[tokio::test]
async fn a_published_ballot_shows_its_verdicts_and_attendance() {
    let server = TestServer::new().await;
    let staff = server.sign_in("staff1", Role::Staff).await;
    server.vote_shenji(&staff, json!({})).await;
    let p = publish(&server, &staff, "shenji-2023").await;
    let (status, _, html) = get_page(&server, "/results/shenji-2023", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(text_of(&html, "verdict-report"), "满意");
    assert_eq!(text_of(&html, "public-responses"), "5");
    assert!(text_of(&html, "public-attendance").starts_with("应到 7 人，实到 5 人"));
    assert!(html.contains(r#"data-testid="chart-ballot""#));
    assert!(
        !html.contains(r#"data-testid="public-index""#),
        "a ballot has no index"
    );
    for item in p["ballot"]["items"].as_array().unwrap() {
        let id = item["id"].as_str().unwrap();
        assert!(
            html.contains(&format!("data-testid=\"verdict-{id}\"")),
            "{id}"
        );
    }
}
