//! How surveys reach people: links and QR codes per channel, batches of one-time codes,
//! and the builder's definition saves. Wire types shared by the browser and the server.

use serde::{Deserialize, Serialize};

use super::definition_check::is_slug;
use super::schedule::Schedule;
use super::survey::{Survey, SurveyStatus};

/// Most codes one batch may hold (a printed sheet for a whole committee is a few dozen).
pub const MAX_BATCH: u32 = 2000;

/// The respondent link: `{origin}/s/{survey}`, with `?c=` for a channel and `#code=` for a
/// one-time code. The code rides after `#`, which browsers never send: it stays out of
/// the server's and any proxy's logs and out of the Referer. `origin` is scheme and host.
pub fn survey_link(
    origin: &str,
    survey_id: &str,
    channel: Option<&str>,
    code: Option<&str>,
) -> String {
    let mut link = format!("{}/s/{survey_id}", origin.trim_end_matches('/'));
    if let Some(channel) = channel.filter(|c| !c.is_empty()) {
        link.push_str("?c=");
        link.push_str(channel);
    }
    if let Some(code) = code.filter(|c| !c.is_empty()) {
        link.push_str(CODE_FRAGMENT);
        link.push_str(code);
    }
    link
}

/// How a link's fragment starts when it carries a one-time code.
const CODE_FRAGMENT: &str = "#code=";

/// The one-time code in a link's fragment (`location.hash`, with or without its `#`).
pub fn code_from_fragment(fragment: &str) -> Option<String> {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    let code = fragment.strip_prefix(&CODE_FRAGMENT[1..])?;
    let code = code.split('&').next().unwrap_or_default().trim();
    (!code.is_empty()).then(|| code.to_string())
}

/// The respondent app's pages, by address: `/`, `/s/{survey}` (the fill page, where
/// [`survey_link`]s lead) and `/s/{survey}/done/{response}` (the receipt).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RespondentPage {
    Home,
    Fill { survey: String },
    Receipt { survey: String, response: String },
    NotFound,
}

impl RespondentPage {
    /// The page at `path` (a location's pathname; a trailing slash is the same address).
    pub fn at(path: &str) -> Self {
        let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
        match parts.as_slice() {
            [""] => RespondentPage::Home,
            ["s", survey] if !survey.is_empty() => RespondentPage::Fill {
                survey: survey.to_string(),
            },
            ["s", survey, "done", response] if !survey.is_empty() && !response.is_empty() => {
                RespondentPage::Receipt {
                    survey: survey.to_string(),
                    response: response.to_string(),
                }
            }
            _ => RespondentPage::NotFound,
        }
    }
}

/// The value of `key` in a location's query (`?a=1&c=x`, with or without its `?`), as sent:
/// channel ids and codes are plain ASCII, never percent-encoded by Manyi's links.
pub fn query_value(search: &str, key: &str) -> Option<String> {
    search
        .trim_start_matches('?')
        .split('&')
        .filter_map(|pair| pair.split_once('=').or(Some((pair, ""))))
        .find(|(k, _)| *k == key)
        .map(|(_, value)| value.to_string())
}

/// `http(s)://host[:port]` and nothing else: what a link may start with.
pub fn is_origin(origin: &str) -> bool {
    let rest = origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"));
    rest.is_some_and(|host| {
        !host.is_empty()
            && host.len() <= 253
            && host
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'))
    })
}

/// A distribution channel is named by a short ASCII id that travels in the link.
pub fn is_channel_id(id: &str) -> bool {
    is_slug(id) && id.len() <= 32
}

/// `GET /api/staff/surveys/{id}/channels`: a channel and the responses it brought.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChannelInfo {
    pub id: String,
    pub label: String,
    pub responses: u64,
}

/// `POST /api/staff/surveys/{id}/channels`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewChannel {
    pub id: String,
    pub label: String,
}

/// `POST /api/staff/surveys/{id}/code-batches`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CodeBatchRequest {
    pub count: u32,
    /// What the batch is for, e.g. 第十七届常委会第二十次会议.
    #[serde(default)]
    pub label: String,
    /// Scheme and host the printed links and QR codes point to.
    pub origin: String,
}

/// One code of a new batch, with its link and the link's QR code (SVG). Shown once.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IssuedCode {
    pub code: String,
    pub link: String,
    pub qr_svg: String,
}

/// A new batch: the only time its codes are ever seen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CodeBatchIssued {
    pub batch: u32,
    pub label: String,
    pub codes: Vec<IssuedCode>,
    /// The same codes and links as CSV (UTF-8 with BOM, for Excel).
    pub csv: String,
}

/// `GET /api/staff/surveys/{id}/code-batches`: a batch's counts, never its codes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CodeBatchInfo {
    pub batch: u32,
    pub label: String,
    pub count: u64,
    /// How many were used and revoked; `None` while a secret ballot is open (a batch of
    /// one slip would tell when its member voted).
    pub spent: Option<u64>,
    pub revoked: Option<u64>,
    pub created_at: i64,
    pub created_by: String,
}

/// `POST /api/staff/surveys/{id}/codes/revoke`: one lost or misused slip.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RevokeCode {
    pub code: String,
}

/// How many codes a revocation stopped.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Revoked {
    pub revoked: u64,
}

/// `GET /api/staff/surveys/{id}/definition`: what the builder edits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DefinitionView {
    pub survey: Survey,
    pub status: SurveyStatus,
    #[serde(default)]
    pub schedule: Schedule,
    pub responses: u64,
    /// The site's public origin when the server is told it (`--public-origin`): what links,
    /// QR codes and code slips point to, whatever address staff reached the server by.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_origin: Option<String>,
}

/// The answer to saving a definition. Saving over a survey that has answers (or is no
/// longer a draft) never changes it: a new draft version is made under `id`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DefinitionSaved {
    pub id: String,
    /// The survey this new version replaces, when one was made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version_of: Option<String>,
}

/// The id of the next version: `base-v2`, `base-v3`, … skipping any in use.
pub fn next_version_id(id: &str, taken: impl Fn(&str) -> bool) -> String {
    let base = match id.rsplit_once("-v") {
        Some((base, n)) if !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()) => base,
        _ => id,
    };
    (2..)
        .map(|n| format!("{base}-v{n}"))
        .find(|candidate| !taken(candidate))
        .expect("some version number is free")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn respondent_addresses_name_their_pages() {
        let fill = |s: &str| RespondentPage::Fill { survey: s.into() };
        let cases = [
            ("/", RespondentPage::Home),
            ("", RespondentPage::Home),
            ("/s/yingshang-2023", fill("yingshang-2023")),
            ("/s/yingshang-2023/", fill("yingshang-2023")),
            (
                "/s/shenji-2023/done/5f0c",
                RespondentPage::Receipt {
                    survey: "shenji-2023".into(),
                    response: "5f0c".into(),
                },
            ),
            ("/s/", RespondentPage::NotFound),
            ("/s/a/done/", RespondentPage::NotFound),
            ("/s/a/b", RespondentPage::NotFound),
            ("/staff", RespondentPage::NotFound),
        ];
        for (path, want) in cases {
            assert_eq!(RespondentPage::at(path), want, "{path}");
        }
    }

    #[test]
    fn query_values_are_found_by_key() {
        let cases = [
            ("?c=chengguan", "c", Some("chengguan")),
            ("c=a&code=K7MP", "code", Some("K7MP")),
            ("?code=K7MP&c=a", "c", Some("a")),
            ("?cc=a", "c", None),
            ("?c", "c", Some("")),
            ("", "c", None),
        ];
        for (search, key, want) in cases {
            assert_eq!(query_value(search, key).as_deref(), want, "{search} {key}");
        }
    }

    #[test]
    fn links_carry_channel_and_code() {
        let cases = [
            (None, None, "https://rd.example.cn/s/yingshang-2024"),
            (
                Some("chengguan"),
                None,
                "https://rd.example.cn/s/yingshang-2024?c=chengguan",
            ),
            (
                None,
                Some("K7MP-4QXR"),
                "https://rd.example.cn/s/yingshang-2024#code=K7MP-4QXR",
            ),
            (
                Some("a"),
                Some("B"),
                "https://rd.example.cn/s/yingshang-2024?c=a#code=B",
            ),
            (Some(""), None, "https://rd.example.cn/s/yingshang-2024"),
        ];
        for (channel, code, expected) in cases {
            assert_eq!(
                survey_link("https://rd.example.cn/", "yingshang-2024", channel, code),
                expected
            );
        }
    }

    #[test]
    fn the_code_is_read_back_from_the_fragment() {
        let cases = [
            ("#code=K7MP-4QXR", Some("K7MP-4QXR")),
            ("code=K7MP-4QXR", Some("K7MP-4QXR")),
            ("#code=AB&x=1", Some("AB")),
            ("#code=", None),
            ("#c=chengguan", None),
            ("", None),
        ];
        for (fragment, expected) in cases {
            assert_eq!(
                code_from_fragment(fragment).as_deref(),
                expected,
                "{fragment}"
            );
        }
        let link = survey_link("https://a.cn", "s", None, Some("K7MP-4QXR"));
        let fragment = &link[link.find('#').unwrap()..];
        assert_eq!(code_from_fragment(fragment).as_deref(), Some("K7MP-4QXR"));
    }

    #[test]
    fn origins_are_scheme_and_host_only() {
        for ok in [
            "https://rd.example.cn",
            "http://127.0.0.1:8080",
            "http://[::1]:80",
        ] {
            assert!(is_origin(ok), "{ok}");
        }
        for bad in [
            "",
            "rd.example.cn",
            "https://",
            "javascript:alert(1)",
            "https://a/b",
            "https://a?x",
            "ftp://a",
        ] {
            assert!(!is_origin(bad), "{bad}");
        }
    }

    #[test]
    fn versions_count_up_past_those_taken() {
        let taken = ["yingshang-2024-v2", "yingshang-2024-v3"];
        let is_taken = |id: &str| taken.contains(&id);
        assert_eq!(
            next_version_id("yingshang-2024", is_taken),
            "yingshang-2024-v4"
        );
        assert_eq!(
            next_version_id("yingshang-2024-v3", is_taken),
            "yingshang-2024-v4"
        );
        assert_eq!(next_version_id("shenji-2023", |_| false), "shenji-2023-v2");
        assert_eq!(next_version_id("a-vx", |_| false), "a-vx-v2");
    }
}
