//! The figures of a publication, one section each: the headline figures, a ballot's
//! verdicts, the dimensions, the group comparisons, every question and the approved texts.
//! Each chart is inline SVG with its figures in words and, where it has more than one, a
//! table beside it.

use maud::{html, Markup, PreEscaped};

use super::layout::file_url;
use crate::domain::publication::{GroupTable, Publication};
use crate::domain::results::report::ResultKind;
use crate::domain::results::QuestionResult;
use crate::domain::stats::{one_decimal, percent, Estimate};
use crate::domain::SurveyKind;

/// An estimate as the page prints it: a percentage of a share, or one decimal.
fn number(value: f64, as_percent: bool) -> String {
    if as_percent {
        percent(value)
    } else {
        one_decimal(value)
    }
}

/// "x（low–high）" of an estimate.
fn with_interval(e: &Estimate, as_percent: bool) -> String {
    if e.is_empty() {
        return "—".into();
    }
    let f = |v| number(v, as_percent);
    format!("{}（{}–{}）", f(e.value), f(e.low), f(e.high))
}

/// A chart of the publication drawn as for its download (`charts/{name}.svg`), inline,
/// with what it shows in words; nothing when the publication has no such chart.
fn chart(p: &Publication, name: &str, summary: &str, testid: &str) -> Markup {
    let svg = match super::super::public::render(p, name) {
        None => return html! {},
        Some(Ok(svg)) => svg,
        Some(Err(error)) => {
            // The figures are in the page's tables either way.
            tracing::error!("chart {name} of {} did not draw: {error:?}", p.survey_id);
            return html! { p.notice { "图表暂时无法显示，数字见下方表格。" } };
        }
    };
    let label = html! { (summary) }.into_string();
    let svg = svg.replacen(
        "<svg ",
        &format!(r#"<svg role="img" aria-label="{label}" data-testid="{testid}" "#),
        1,
    );
    html! {
        (PreEscaped(svg))
        p.chart-links {
            a href=(file_url(&p.survey_id, &format!("charts/{name}.svg"))) download { "下载图表（SVG）" }
        }
    }
}

fn figure_card(label: &str, e: &Estimate, as_percent: bool, testid: &str) -> Markup {
    html! {
        div.figure-card {
            span.figure-label { (label) }
            span.figure-value data-testid=(testid) { (number(e.value, as_percent)) }
            span.figure-note {
                @if e.is_empty() { "尚无数据" } @else {
                    "95% 区间 " (number(e.low, as_percent)) "–" (number(e.high, as_percent)) " · n=" (e.n)
                }
            }
        }
    }
}

/// The number published and, unless withheld, the survey index and the overall rate.
pub fn headline(p: &Publication) -> Markup {
    let ballot = p.kind == SurveyKind::Ballot;
    let overall = p
        .results
        .question("overall")
        .and_then(|q| q.items.first())
        .map(|i| i.satisfaction);
    html! {
        @if p.withheld {
            p.notice role="status" data-testid="public-withheld" {
                "本次测评回收答卷不足 " (p.threshold) " 份，为保护答卷人，不公布统计结果。"
            }
        }
        div.figure-row {
            div.figure-card {
                span.figure-label { (if ballot { "测评票" } else { "公开答卷" }) }
                span.figure-value data-testid="public-responses" { (p.published_responses) }
                span.figure-note { "结束时共 " (p.frozen_responses) " 份" }
            }
            @if !p.withheld && !ballot {
                (figure_card("满意度指数（0–100）", &p.results.index, false, "public-index"))
                @if let Some(o) = overall {
                    (figure_card("总体满意率", &o, true, "public-overall-rate"))
                }
            }
        }
    }
}

/// A ballot's attendance, every item's count and verdict, and the tally chart.
pub fn ballot(p: &Publication) -> Markup {
    let Some(outcome) = &p.ballot else {
        return html! {};
    };
    let a = &outcome.attendance;
    let quorum = if outcome.quorum {
        "，超过半数，测评有效"
    } else {
        "，未超过半数，测评无效"
    };
    let summary = outcome
        .items
        .iter()
        .map(|i| {
            let verdict = i.verdict.map(|v| v.label_zh()).unwrap_or("无结果");
            format!("{}：{verdict}", i.label)
        })
        .collect::<Vec<_>>()
        .join("；");
    html! {
        section.panel aria-labelledby="ballot-result-heading" {
            h2 #ballot-result-heading { "测评结果" }
            p data-testid="public-attendance" {
                "应到 " (a.members) " 人，实到 " (a.present) " 人" (quorum) "；电子票 "
                (outcome.electronic_ballots) " 张，纸质票 " (outcome.paper_ballots) " 张。"
            }
            div.table-scroll tabindex="0" role="region" aria-label="各项目计票表" {
                table data-testid="public-ballot" {
                    thead { tr {
                        @for h in ["项目", "满意", "基本满意", "不满意", "无效", "计票基数", "满意率", "结果"] {
                            th scope="col" { (h) }
                        }
                    } }
                    tbody {
                        @for i in &outcome.items {
                            tr {
                                th scope="row" { (i.label) }
                                td.num { (i.total.satisfied) }
                                td.num { (i.total.basic) }
                                td.num { (i.total.unsatisfied) }
                                td.num { (i.total.invalid) }
                                td.num { (i.denominator) }
                                td.num { (i.satisfaction_rate.map_or_else(|| "—".into(), percent)) }
                                td data-testid=(format!("verdict-{}", i.id)) {
                                    strong { (i.verdict.map(|v| v.label_zh()).or(i.no_verdict.map(|n| n.label_zh())).unwrap_or("—")) }
                                }
                            }
                        }
                    }
                }
            }
            (chart(p, "ballot", &summary, "chart-ballot"))
        }
    }
}

/// Each dimension's index with its interval and n.
pub fn dimensions(p: &Publication) -> Markup {
    let dims = &p.results.dimensions;
    if dims.is_empty() || p.withheld {
        return html! {};
    }
    let summary = dims
        .iter()
        .map(|d| {
            format!(
                "{} {}（n={}）",
                d.name,
                one_decimal(d.index.value),
                d.index.n
            )
        })
        .collect::<Vec<_>>()
        .join("；");
    html! {
        section.panel aria-labelledby="dimensions-heading" {
            h2 #dimensions-heading { "各维度满意度指数" }
            (chart(p, "dimensions", &summary, "chart-dimensions"))
            ul.dimension-figures {
                @for d in dims {
                    li {
                        (d.name) " "
                        strong data-testid=(format!("public-dimension-{}", d.name)) { (one_decimal(d.index.value)) }
                        span.muted { "（" (one_decimal(d.index.low)) "–" (one_decimal(d.index.high)) "，n=" (d.index.n) "）" }
                    }
                }
            }
        }
    }
}

fn group_table(p: &Publication, g: &GroupTable) -> Markup {
    let summary = g
        .groups
        .iter()
        .map(|row| {
            format!(
                "{} {}（n={}）",
                row.label,
                one_decimal(row.index.value),
                row.responses
            )
        })
        .collect::<Vec<_>>()
        .join("；");
    html! {
        article.question-result data-testid=(format!("groups-{}", g.by)) {
            h3 { "按" (g.title) "分组" }
            (chart(p, &format!("groups-{}", g.by), &summary, &format!("chart-groups-{}", g.by)))
            div.table-scroll tabindex="0" role="region" aria-label=(format!("按{}分组的指数表", g.title)) {
                table {
                    thead { tr {
                        th scope="col" { "分组" }
                        th scope="col" { "答卷数 n" }
                        th scope="col" { "满意度指数（95% 区间）" }
                        @for d in &g.dimensions { th scope="col" { (d) "指数" } }
                    } }
                    tbody {
                        @for row in &g.groups {
                            tr {
                                th scope="row" { (row.label) }
                                td.num data-testid=(format!("group-n-{}-{}", g.by, row.id)) { (row.responses) }
                                td.num { (with_interval(&row.index, false)) }
                                @for e in &row.dimensions { td.num { (one_decimal(e.value)) } }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The survey broken down by each profile question.
pub fn groups(p: &Publication) -> Markup {
    if p.groups.is_empty() {
        return html! {};
    }
    html! {
        section.panel aria-labelledby="groups-heading" {
            h2 #groups-heading { "分组比较" }
            @for g in &p.groups { (group_table(p, g)) }
        }
    }
}

/// A question's figures as a table (grades, choices) or a line (0–10, numbers, text).
fn question_figures(q: &QuestionResult) -> Markup {
    let region = format!("{}的数字", q.title);
    html! {
        @match q.kind {
            ResultKind::Scale | ResultKind::Matrix => {
                div.table-scroll tabindex="0" role="region" aria-label=(region) { table {
                    thead { tr {
                        th scope="col" { "项目" } th scope="col" { "满意率（95% 区间）" }
                        th scope="col" { "指数（95% 区间）" } th scope="col" { "n" }
                    } }
                    tbody { @for i in &q.items { tr {
                        th scope="row" { (i.label) }
                        td.num { (with_interval(&i.satisfaction, true)) }
                        td.num { (with_interval(&i.index, false)) }
                        td.num { (i.mean.n) }
                    } } }
                } }
            }
            ResultKind::Choice | ResultKind::MultipleChoice => {
                div.table-scroll tabindex="0" role="region" aria-label=(region) { table {
                    thead { tr { th scope="col" { "选项" } th scope="col" { "人数" } th scope="col" { "占比（95% 区间）" } } }
                    tbody { @for o in &q.options { tr {
                        th scope="row" { (o.label) } td.num { (o.count) } td.num { (with_interval(&o.share, true)) }
                    } } }
                } }
            }
            ResultKind::Nps => @if let Some(n) = &q.nps {
                p { "NPS " (with_interval(&n.score, false)) "，n=" (n.score.n) "；推荐者 " (n.promoters)
                    " 人，中立者 " (n.passives) " 人，贬损者 " (n.detractors) " 人" }
            },
            ResultKind::Number => p {
                @match q.mean {
                    Some(m) if !m.is_empty() => {
                        "平均 " (format!("{:.2}（95% 区间 {:.2}–{:.2}，n={}）", m.value, m.low, m.high, m.n))
                    }
                    _ => "尚无数据",
                }
            },
            ResultKind::Text => p.muted { (q.answered) " 条文字意见（文字内容须经审核后方可公开）" },
        }
    }
}

/// Every question: its chart and its figures.
pub fn questions(p: &Publication) -> Markup {
    if p.withheld || p.kind == SurveyKind::Ballot {
        return html! {};
    }
    html! {
        section.panel aria-labelledby="questions-heading" {
            h2 #questions-heading { "逐题结果" }
            @for q in &p.results.questions {
                article.question-result data-testid=(format!("result-{}", q.id)) {
                    h3 { (q.title) }
                    p.muted { "作答 " (q.answered) " 人" }
                    (chart(p, &format!("question-{}", q.id), &q.summary_zh(), &format!("chart-{}", q.id)))
                    (question_figures(q))
                }
            }
        }
    }
}

/// The free-text answers staff approved, by question.
pub fn texts(p: &Publication) -> Markup {
    if p.texts.is_empty() {
        return html! {};
    }
    html! {
        section.panel aria-labelledby="texts-heading" {
            h2 #texts-heading { "经审核公开的文字意见" }
            @for t in &p.texts {
                h3 { (t.title) }
                ul data-testid=(format!("texts-{}", t.question)) {
                    @for a in &t.answers { li { (a) } }
                }
            }
        }
    }
}
