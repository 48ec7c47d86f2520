//! Every published evaluation, newest first.

use maud::{html, Markup};

use super::layout::{document, Head};
use crate::domain::calendar::beijing_minute;
use crate::domain::publication::PublishedSummary;
use crate::domain::SurveyKind;

pub fn render(items: &[PublishedSummary], origin: &str) -> Markup {
    let head = Head {
        title: "测评结果公开",
        description: "区人大常委会满意度测评的结果、方法和可供核对的数据。",
        path: "/results",
        origin,
        structured: None,
    };
    let main = html! {
        h1 { "测评结果公开" }
        p.muted { "区人大常委会满意度测评的结果、方法和可供核对的数据。" }
        @if items.is_empty() {
            p.notice { "尚未公布任何测评结果。" }
        } @else {
            ul data-testid="published-list" {
                @for p in items {
                    li {
                        a href=(format!("/results/{}", p.survey_id)) data-testid=(format!("published-{}", p.survey_id)) { (p.title) }
                        span.muted {
                            " · " (p.wave) "年度 · "
                            @if p.kind == SurveyKind::Ballot { "测评票 " (p.published_responses) " 张" }
                            @else { "答卷 " (p.published_responses) " 份" }
                            " · 公布于 " (beijing_minute(p.published_at))
                        }
                    }
                }
            }
        }
    };
    document(&head, &[], main)
}
