//! The document around every results page: its head (title, description, Open Graph,
//! structured data), the inlined stylesheet, the bar on top.

use maud::{html, Markup, PreEscaped, DOCTYPE};
use serde_json::{json, Value};

use super::STYLE;
use crate::domain::calendar::beijing_minute;
use crate::domain::publication::Publication;
use crate::domain::SurveyKind;

/// What a page says about itself to browsers, search engines and link previews.
pub struct Head<'a> {
    pub title: &'a str,
    pub description: &'a str,
    /// The page's path, e.g. `/results/yingshang-2023`.
    pub path: &'a str,
    /// `https://host` when the site's public origin is set, else "" (links stay relative).
    pub origin: &'a str,
    /// schema.org markup (JSON-LD), if any.
    pub structured: Option<Value>,
}

/// A complete page: `main` inside the public bar, the stylesheet inlined, nothing to run
/// but `scripts` (files of the site, deferred).
pub fn document(head: &Head, scripts: &[&str], main: Markup) -> Markup {
    let url = format!("{}{}", head.origin, head.path);
    html! {
        (DOCTYPE)
        html lang="zh-CN" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="theme-color" content="#9f1c1c";
                title { (head.title) " · 满意" }
                meta name="description" content=(head.description);
                @if !head.origin.is_empty() {
                    link rel="canonical" href=(url);
                }
                meta property="og:type" content="website";
                meta property="og:site_name" content="满意 · 测评结果公开";
                meta property="og:title" content=(head.title);
                meta property="og:description" content=(head.description);
                meta property="og:url" content=(url);
                meta property="og:locale" content="zh_CN";
                link rel="icon" href="data:,";
                style { (PreEscaped(STYLE)) }
                @if let Some(data) = &head.structured {
                    script type="application/ld+json" { (PreEscaped(json_for_script(data))) }
                }
                @for src in scripts {
                    script src=(src) defer {}
                }
            }
            body {
                header.top-bar {
                    a.skip-link href="#main" { "跳到正文" }
                    a.brand href="/results" { "满意 · 测评结果公开" }
                    a href="/" { "参加测评" }
                }
                main #main { (main) }
            }
        }
    }
}

/// JSON inside a `<script>`: no `<` may close the element early.
fn json_for_script(value: &Value) -> String {
    value.to_string().replace('<', "\\u003c")
}

/// The page for an address that names no publication.
pub fn not_found() -> Markup {
    let head = Head {
        title: "没有找到这项测评结果",
        description: "这项测评结果不存在或尚未公布。",
        path: "/results",
        origin: "",
        structured: None,
    };
    document(
        &head,
        &[],
        html! {
            h1 { "没有找到这项测评结果" }
            p.notice { "这项测评结果不存在或尚未公布。" a href="/results" { "查看全部已公布的测评结果" } }
        },
    )
}

/// One of the published files, for the page and for its structured data.
pub struct Download {
    pub file: &'static str,
    pub name: &'static str,
    pub format: &'static str,
    pub testid: &'static str,
}

/// The files a publication offers, in the page's order.
pub fn downloads(p: &Publication) -> [Download; 4] {
    let ballot = p.kind == SurveyKind::Ballot;
    let (json_name, csv_name) = if ballot {
        ("全部测评票（JSON）", "全部测评票（CSV）")
    } else {
        ("公开答卷数据（JSON）", "公开答卷数据（CSV）")
    };
    let file = |file, name, format, testid| Download {
        file,
        name,
        format,
        testid,
    };
    [
        file(
            "data.json",
            json_name,
            "application/json",
            "download-data-json",
        ),
        file("data.csv", csv_name, "text/csv", "download-data-csv"),
        file(
            "figures.csv",
            "统计结果（CSV）",
            "text/csv",
            "download-figures-csv",
        ),
        file(
            "figures.xlsx",
            "统计结果（Excel）",
            super::super::export::XLSX,
            "download-figures-xlsx",
        ),
    ]
}

/// Where a published file is served ("" for the figures as JSON).
pub fn file_url(id: &str, file: &str) -> String {
    if file.is_empty() {
        format!("/api/public/surveys/{id}")
    } else {
        format!("/api/public/surveys/{id}/{file}")
    }
}

/// schema.org `Dataset`: the publication, who made it, when, and each file with its format
/// (the data file with its SHA-256, so a copy found elsewhere can be checked).
pub fn dataset(p: &Publication, origin: &str, description: &str) -> Value {
    let url = |path: String| format!("{origin}{path}");
    let distribution: Vec<Value> = downloads(p)
        .iter()
        .map(|d| {
            let mut entry = json!({
                "@type": "DataDownload",
                "name": d.name,
                "encodingFormat": d.format,
                "contentUrl": url(file_url(&p.survey_id, d.file)),
            });
            if d.file == "data.json" {
                entry["sha256"] = json!(p.data_digest);
                entry["description"] = json!(format!("SHA-256：{}", p.data_digest));
            }
            entry
        })
        .collect();
    json!({
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": p.title,
        "description": description,
        "url": url(format!("/results/{}", p.survey_id)),
        "identifier": format!("sha256:{}", p.data_digest),
        "inLanguage": "zh-CN",
        "temporalCoverage": p.wave,
        "datePublished": format!("{}+08:00", beijing_minute(p.published_at).replace(' ', "T")),
        "creator": { "@type": "Organization", "name": p.organizer },
        "isAccessibleForFree": true,
        "distribution": distribution,
    })
}
