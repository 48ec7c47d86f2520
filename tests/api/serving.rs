//! The whole app as served: compressed API answers, precompressed files, the SPA fallback.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use tower::ServiceExt;

use crate::support::TestServer;

#[tokio::test]
async fn survey_definitions_are_compressed_when_the_browser_accepts_it() {
    let server = TestServer::new().await;
    let request = Request::get("/surveys/yingshang-2023")
        .header(header::ACCEPT_ENCODING, "br, gzip")
        .body(Body::empty())
        .unwrap();
    let response = server.router.clone().oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response
            .headers()
            .get(header::CONTENT_ENCODING)
            .map(|v| v.to_str().unwrap()),
        Some("br"),
        "{:?}",
        response.headers()
    );
}

#[tokio::test]
async fn the_app_is_served_precompressed_with_a_spa_fallback() {
    let server = TestServer::new().await;
    let dist = tempfile::tempdir().unwrap();
    let write = |path: &str, content: &[u8]| {
        let path = dist.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, content).unwrap();
    };
    write("index.html", b"<html>manyi</html>");
    write("index.html.br", b"fake-brotli");
    write("manyi-app-0123456789abcdef_bg.wasm", b"\0asm");
    write("staff/index.html", b"<html>staff</html>");
    write("builder/index.html", b"<html>builder</html>");
    let app = manyi::server::app(server.state.clone(), Some(apps_in(dist.path())));

    // A client route gets index.html, brotli-encoded when accepted, never cached stale.
    let request = Request::get("/done/R-1234")
        .header(header::ACCEPT_ENCODING, "gzip, br")
        .body(Body::empty())
        .unwrap();
    let response = app.clone().oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[header::CONTENT_ENCODING], "br");
    assert_eq!(response.headers()[header::CACHE_CONTROL], "no-cache");
    assert_eq!(response.headers()[header::VARY], "accept-encoding");
    let etag = response.headers()[header::ETAG].clone();
    assert_eq!(body_text(response).await, "fake-brotli");

    // Revalidating the same variant costs no body, also through a proxy's weak tag.
    let weak = format!("W/{}", etag.to_str().unwrap());
    for tag in [etag.to_str().unwrap(), &weak] {
        let request = Request::get("/done/R-1234")
            .header(header::ACCEPT_ENCODING, "br")
            .header(header::IF_NONE_MATCH, tag)
            .body(Body::empty())
            .unwrap();
        let response = app.clone().oneshot(request).await.unwrap();
        assert_eq!(response.status(), StatusCode::NOT_MODIFIED, "{tag}");
    }

    // A client route that looks like a hashed name is still the page: never cached long.
    let request = Request::get("/done/0123456789abcdef01")
        .body(Body::empty())
        .unwrap();
    let response = app.clone().oneshot(request).await.unwrap();
    assert_eq!(response.headers()[header::CACHE_CONTROL], "no-cache");

    // A browser without brotli gets the page as built, under another tag.
    let request = Request::get("/done/R-1234").body(Body::empty()).unwrap();
    let response = app.clone().oneshot(request).await.unwrap();
    assert!(response.headers().get(header::CONTENT_ENCODING).is_none());
    assert_ne!(response.headers()[header::ETAG], etag);
    assert_eq!(body_text(response).await, "<html>manyi</html>");

    // A hashed asset is cached for a year, with the type that lets it compile streaming.
    let request = Request::get("/manyi-app-0123456789abcdef_bg.wasm")
        .body(Body::empty())
        .unwrap();
    let response = app.clone().oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[header::CONTENT_TYPE], "application/wasm");
    assert!(response.headers()[header::CACHE_CONTROL]
        .to_str()
        .unwrap()
        .contains("immutable"));
    // Revalidated, it stays cached for the year.
    let etag = response.headers()[header::ETAG].clone();
    let request = Request::get("/manyi-app-0123456789abcdef_bg.wasm")
        .header(header::IF_NONE_MATCH, etag)
        .body(Body::empty())
        .unwrap();
    let response = app.clone().oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::NOT_MODIFIED);
    assert!(response.headers()[header::CACHE_CONTROL]
        .to_str()
        .unwrap()
        .contains("immutable"));

    // A file of another release is missing, not a page, and not cached as missing.
    for path in [
        "/manyi-app-fedcba9876543210_bg.wasm",
        "/staff/old-0123456789abcdef.js",
    ] {
        let request = Request::get(path).body(Body::empty()).unwrap();
        let response = app.clone().oneshot(request).await.unwrap();
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
        assert_eq!(
            response.headers()[header::CACHE_CONTROL],
            "no-cache",
            "{path}"
        );
    }

    // The second bundle: the dashboard, not for search engines.
    let request = Request::get("/staff/s/yingshang-2023")
        .body(Body::empty())
        .unwrap();
    let response = app.clone().oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.headers().get("x-robots-tag").is_some());
    assert_eq!(body_text(response).await, "<html>staff</html>");

    // The public results are pages from the server (for everyone), in no bundle: a survey
    // not published is not found.
    for (path, status) in [
        ("/results", StatusCode::OK),
        ("/results/yingshang-2023", StatusCode::NOT_FOUND),
    ] {
        let request = Request::get(path).body(Body::empty()).unwrap();
        let response = app.clone().oneshot(request).await.unwrap();
        assert_eq!(response.status(), status, "{path}");
        assert!(response.headers().get("x-robots-tag").is_none(), "{path}");
        let body = body_text(response).await;
        assert!(
            body.starts_with("<!DOCTYPE html>") && !body.contains("staff"),
            "{path}"
        );
    }

    // The third bundle: the builder, at its two pages, its files under /builder/.
    for (path, body) in [
        ("/staff/new", "<html>builder</html>"),
        ("/staff/s/yingshang-2023/edit", "<html>builder</html>"),
        ("/builder/index.html", "<html>builder</html>"),
        ("/staff/s/yingshang-2023/tally", "<html>staff</html>"),
    ] {
        let request = Request::get(path).body(Body::empty()).unwrap();
        let response = app.clone().oneshot(request).await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        if path.starts_with("/staff") {
            assert!(response.headers().get("x-robots-tag").is_some(), "{path}");
        }
        assert_eq!(body_text(response).await, body, "{path}");
    }

    // HEAD answers the headers alone, with the length a GET would send; other methods
    // are refused.
    let request = Request::head("/staff/").body(Body::empty()).unwrap();
    let response = app.clone().oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let length = "<html>staff</html>".len().to_string();
    assert_eq!(response.headers()[header::CONTENT_LENGTH], length.as_str());
    assert_eq!(body_text(response).await, "");
    let request = Request::post("/staff/").body(Body::empty()).unwrap();
    let response = app.clone().oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);

    // The API keeps its JSON 404s.
    let request = Request::get("/api/nothing").body(Body::empty()).unwrap();
    let response = app.oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(response.headers()[header::CONTENT_TYPE], "application/json");
}

#[tokio::test]
async fn a_survey_link_carries_its_definition_inline() {
    let server = TestServer::new().await;
    let dist = tempfile::tempdir().unwrap();
    std::fs::write(
        dist.path().join("index.html"),
        "<html><head><title>t</title></head><body>\
         <div id=boot class=boot role=status><p>正在加载测评……</p></div></body></html>",
    )
    .unwrap();
    let app = manyi::server::app(server.state.clone(), Some(apps_in(dist.path())));

    let response = app
        .clone()
        .oneshot(
            Request::get("/s/yingshang-2023")
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[header::CACHE_CONTROL], "no-cache");
    let html = body_text(response).await;
    let start = html
        .find(r#"<script id="manyi-survey" type="application/json">"#)
        .expect("inlined")
        + 50;
    let json = &html[start..html[start..].find("</script>").unwrap() + start];
    let detail: manyi::domain::wire::SurveyDetail = serde_json::from_str(json).unwrap();
    assert_eq!(detail.survey.id, "yingshang-2023");
    assert!(html.find("manyi-survey").unwrap() < html.find("</head>").unwrap());
    // The first screen is in the page, in place of the placeholder: readable at once.
    assert!(!html.contains("正在加载测评"), "{html}");
    assert!(
        html.contains("<h1>2023年度全区营商环境满意度测评</h1>"),
        "{html}"
    );
    assert!(html.contains(r#"data-testid="question-town""#));
    assert!(html.contains("<noscript>"));

    // The home page is the server's: the open evaluations as links.
    let response = app
        .clone()
        .oneshot(Request::get("/").body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let html = body_text(response).await;
    assert!(html.contains(r#"href="/s/yingshang-2023""#), "{html}");
    assert!(!html.contains("正在加载测评"));

    // An unknown survey gets the server's notice, and no definition.
    let response = app
        .oneshot(Request::get("/s/nope").body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let html = body_text(response).await;
    assert!(!html.contains("manyi-survey"));
    assert!(html.contains("没有找到这份问卷"), "{html}");
}

async fn body_text(response: axum::response::Response) -> String {
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    String::from_utf8(bytes.to_vec()).unwrap()
}

/// The start-up script Trunk writes into a page, in the form of its output.
fn trunk_page(app: &str) -> String {
    format!(
        "<!DOCTYPE html><html><head><style type=\"text/css\">body{{margin:0}}</style>\
         <link rel=\"modulepreload\" href=\"/{app}-0123456789abcdef.js\"></head><body>\
         <script type=\"module\">\nimport init, * as bindings from '/{app}-0123456789abcdef.js';\n\
         const wasm = await init({{ module_or_path: '/{app}-0123456789abcdef_bg.wasm' }});\n\
         window.wasmBindings = bindings;\n</script></body></html>"
    )
}

/// `'sha256-…'` of the one inline script of a page, computed here on its own.
fn script_hash(html: &str) -> String {
    use base64::Engine;
    use sha2::Digest;
    let start = html.find("<script type=\"module\">").unwrap() + 22;
    let end = html[start..].find("</script>").unwrap() + start;
    let digest = sha2::Sha256::digest(&html.as_bytes()[start..end]);
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

#[tokio::test]
async fn pages_files_and_api_answers_carry_security_headers() {
    let server = TestServer::new().await;
    let dist = tempfile::tempdir().unwrap();
    let respondents = trunk_page("manyi-app");
    let staff = trunk_page("manyi-staff");
    std::fs::write(dist.path().join("index.html"), &respondents).unwrap();
    std::fs::write(
        dist.path().join("manyi-app-0123456789abcdef_bg.wasm"),
        b"\0asm",
    )
    .unwrap();
    std::fs::create_dir(dist.path().join("staff")).unwrap();
    std::fs::write(dist.path().join("staff/index.html"), &staff).unwrap();
    let app = manyi::server::app(server.state.clone(), Some(apps_in(dist.path())));
    let get = |path: &'static str| {
        let app = app.clone();
        async move {
            let response = app
                .oneshot(Request::get(path).body(Body::empty()).unwrap())
                .await
                .unwrap();
            assert_eq!(response.status(), StatusCode::OK, "{path}");
            response.headers().clone()
        }
    };
    let policy = |headers: &header::HeaderMap| {
        headers[header::CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap()
            .to_string()
    };

    // A survey page (the definition inlined into it) and a staff page: only the pages'
    // own start-up scripts run, WebAssembly may start, nothing may frame them.
    for (path, page) in [
        ("/s/yingshang-2023", &respondents),
        ("/staff/s/yingshang-2023", &staff),
    ] {
        let headers = get(path).await;
        let csp = policy(&headers);
        let scripts = csp
            .split(';')
            .map(str::trim)
            .find(|d| d.starts_with("script-src "))
            .unwrap_or_else(|| panic!("{path}: no script-src in {csp}"));
        assert!(scripts.contains(&script_hash(page)), "{path}: {csp}");
        assert!(scripts.contains("'wasm-unsafe-eval'"), "{path}: {csp}");
        assert!(!scripts.contains("'unsafe-inline'"), "{path}: {csp}");
        assert!(!scripts.contains("'unsafe-eval'"), "{path}: {csp}");
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert_eq!(headers[header::X_FRAME_OPTIONS], "DENY", "{path}");
        assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff", "{path}");
        assert_eq!(headers[header::REFERRER_POLICY], "no-referrer", "{path}");
    }

    // The public results pages may be embedded by other sites; they run only the site's
    // own files (no inline script, no WebAssembly).
    let headers = get("/results").await;
    let csp = policy(&headers);
    assert!(csp.contains("script-src 'self';"), "{csp}");
    assert!(
        !csp.contains("unsafe") && csp.ends_with("frame-ancestors *"),
        "{csp}"
    );
    assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert!(headers.get(header::X_FRAME_OPTIONS).is_none());
    assert_eq!(headers[header::REFERRER_POLICY], "no-referrer");

    // A file of the app is never sniffed as anything else.
    let headers = get("/manyi-app-0123456789abcdef_bg.wasm").await;
    assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");

    // The API's answers: nothing to run, nothing to sniff, no framing.
    let headers = get("/api/surveys").await;
    assert_eq!(headers[header::CONTENT_TYPE], "application/json");
    assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert_eq!(headers[header::REFERRER_POLICY], "no-referrer");
    assert_eq!(
        policy(&headers),
        "default-src 'none'; frame-ancestors 'none'"
    );
}

fn apps_in(dir: &std::path::Path) -> manyi::server::http::assets::Assets {
    manyi::server::http::assets::Assets::from_dir(dir).unwrap()
}
