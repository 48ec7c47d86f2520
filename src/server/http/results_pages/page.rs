//! One publication as a page: its head for search engines and link previews, then each
//! section in the order the dashboard showed them.

use maud::{html, Markup};

use super::layout::{dataset, document, Head};
use super::{notes, sections, AUDIT_JS_PATH};
use crate::domain::audit::AuditEntry;
use crate::domain::calendar::beijing_minute;
use crate::domain::publication::Publication;
use crate::domain::stats::one_decimal;
use crate::domain::SurveyKind;

/// What the page says in one sentence (meta description, Open Graph, the data set).
fn description(p: &Publication) -> String {
    let what = if p.kind == SurveyKind::Ballot {
        format!("测评票 {} 张", p.published_responses)
    } else {
        format!("公开答卷 {} 份", p.published_responses)
    };
    let index = p
        .index()
        .filter(|_| p.kind != SurveyKind::Ballot)
        .map(|e| format!("，满意度指数 {}（n={}）", one_decimal(e.value), e.n))
        .unwrap_or_default();
    format!(
        "{}{}年度{}的结果：{what}{index}。附计算方法、可重新计算每个数字的公开数据及其 SHA-256 摘要和操作记录。",
        p.organizer, p.wave, p.title
    )
}

/// The whole page of a publication; `chain` is its survey's audit chain as it stands.
pub fn render(p: &Publication, chain: &[AuditEntry], origin: &str) -> Markup {
    let description = description(p);
    let path = format!("/results/{}", p.survey_id);
    let head = Head {
        title: &p.title,
        description: &description,
        path: &path,
        origin,
        structured: Some(dataset(p, origin, &description)),
    };
    let main = html! {
        nav.crumbs aria-label="位置" { a href="/results" { "全部公开结果" } }
        h1 data-testid="public-title" { (p.title) }
        p.meta { (p.organizer) " · " (p.wave) "年度 · 公布于 " (beijing_minute(p.published_at)) "（北京时间）" }
        (sections::headline(p))
        (sections::ballot(p))
        (sections::dimensions(p))
        (sections::groups(p))
        (sections::questions(p))
        (sections::texts(p))
        (notes::method(p))
        (notes::downloads(p))
        (notes::audit(p, chain))
    };
    document(&head, &[AUDIT_JS_PATH], main)
}
