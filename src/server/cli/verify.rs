//! `manyi verify URL`: fetch a published survey's public files (the publication, `data.json`
//! and the audit chain) from any Manyi server and check them with `domain::verify`, so a
//! journalist or an auditor need not trust the page or the server's own figures.

use std::process::ExitCode;

use anyhow::{bail, Context};

use crate::domain::audit::AuditEntry;
use crate::domain::publication::Publication;
use crate::domain::verify::{verify_publication, Check};

/// Largest file fetched (a million published responses are a few hundred megabytes).
const MOST_BYTES: u64 = 2 << 30;

/// The server's origin and the survey id of a results link: `https://host/results/ID`
/// (a link to the public API, `…/api/public/surveys/ID`, works too).
pub fn parse_results_link(link: &str) -> anyhow::Result<(String, String)> {
    let link = link.trim().trim_end_matches('/');
    let link = link.split(['?', '#']).next().unwrap_or_default();
    for marker in ["/api/public/surveys/", "/results/"] {
        if let Some((origin, id)) = link.rsplit_once(marker) {
            let id_ok = !id.is_empty() && !id.contains('/');
            let origin_ok = origin.starts_with("https://") || origin.starts_with("http://");
            if id_ok && origin_ok {
                return Ok((origin.to_string(), id.to_string()));
            }
        }
    }
    bail!("not a results link: give https://host/results/<survey id>")
}

fn fetch(agent: &ureq::Agent, url: &str) -> anyhow::Result<Vec<u8>> {
    let response = agent
        .get(url)
        .call()
        .with_context(|| format!("fetching {url}"))?;
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(
        &mut std::io::Read::take(response.into_reader(), MOST_BYTES),
        &mut bytes,
    )
    .with_context(|| format!("reading {url}"))?;
    Ok(bytes)
}

/// `manyi verify LINK`: fails (exit code 1) when a check fails.
pub async fn run(link: String) -> anyhow::Result<ExitCode> {
    let passed = tokio::task::spawn_blocking(move || fetch_and_check(&link)).await??;
    Ok(if passed {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Fetch and check; every check printed, `true` when all passed.
fn fetch_and_check(link: &str) -> anyhow::Result<bool> {
    let (origin, id) = parse_results_link(link)?;
    let agent = ureq::AgentBuilder::new()
        .timeout(std::time::Duration::from_secs(120))
        .build();
    let publication: Publication = serde_json::from_slice(&fetch(
        &agent,
        &format!("{origin}/api/public/surveys/{id}"),
    )?)
    .context("the publication is not what Manyi publishes")?;
    let data = fetch(
        &agent,
        &format!("{origin}/api/public/surveys/{id}/data.json"),
    )?;
    let chain: Vec<AuditEntry> =
        serde_json::from_slice(&fetch(&agent, &format!("{origin}/api/surveys/{id}/audit"))?)
            .context("the audit chain is not what Manyi publishes")?;
    println!("核对 {}（{}）", publication.title, publication.survey_id);
    let checks = verify_publication(&publication, &data, &chain);
    for Check {
        what,
        passed,
        detail,
    } in &checks
    {
        println!("{} {what}：{detail}", if *passed { "✓" } else { "✗" });
    }
    let failed = checks.iter().filter(|c| !c.passed).count();
    if failed == 0 {
        println!("全部 {} 项核对通过", checks.len());
    } else {
        println!("{failed} 项核对未通过（共 {} 项）", checks.len());
    }
    Ok(failed == 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_results_link_gives_the_origin_and_the_survey() {
        let cases = [
            (
                "https://rd.example.cn/results/yingshang-2023",
                Some(("https://rd.example.cn", "yingshang-2023")),
            ),
            (
                "http://127.0.0.1:8080/results/shenji-2023/",
                Some(("http://127.0.0.1:8080", "shenji-2023")),
            ),
            (
                "https://a.cn/api/public/surveys/x?y=1",
                Some(("https://a.cn", "x")),
            ),
            (
                "https://a.cn/prefix/results/x#top",
                Some(("https://a.cn/prefix", "x")),
            ),
            ("https://a.cn/results/", None),
            ("a.cn/results/x", None),
            ("https://a.cn/s/x", None),
        ];
        for (link, expected) in cases {
            let parsed = parse_results_link(link).ok();
            let expected = expected.map(|(o, i)| (o.to_string(), i.to_string()));
            assert_eq!(parsed, expected, "{link}");
        }
    }
}
