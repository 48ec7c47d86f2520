//! The sections that let a reader check the figures: how they are computed and what was
//! left out, the files with their digests, and the audit chain.

use maud::{html, Markup};

use super::layout::{downloads as files, file_url};
use crate::domain::audit::{action_label_zh, AuditEntry};
use crate::domain::calendar::beijing_minute;
use crate::domain::publication::Publication;
use crate::domain::survey::Denominator;
use crate::domain::SurveyKind;

const SURVEY_METHOD: [&str; 5] = [
    "满意率 = （非常满意 + 满意）÷ 作答人数；“不了解”不计入作答人数，也不计入任何比率和指数。",
    "满意度指数 = （平均分 − 1）÷（5 − 1）× 100，非常满意 5 分至非常不满意 1 分，取值 0–100。",
    "维度指数为所含各题指数的加权平均，总指数为各维度指数的加权平均（权重见测评定义，默认相等）。",
    "净推荐值（NPS）= 推荐者（9–10 分）占比 − 贬损者（0–6 分）占比。",
    "比率的 95% 区间为 Wilson 区间；平均分和指数的区间为 平均分 ± 1.96 × 标准误；维度和总指数的区间按各题标准误加权相加，偏保守。每个数字都注明其样本量 n。",
];

const BALLOT_RULES: [&str; 2] = [
    "实到人数须超过应到人数的一半，测评方为有效。某一项目未填或多填的，该项目为无效票，不影响其他项目。",
    "电子票和纸质票分别清点后相加。公开的测评票已打乱顺序，不含测评码和投票时间。",
];

/// How every figure is computed and, for a survey, what was left out to protect
/// respondents.
pub fn method(p: &Publication) -> Markup {
    let k = p.threshold;
    html! {
        section.panel aria-labelledby="method-heading" data-testid="method" {
            h2 #method-heading { "计算方法" }
            @if let Some(outcome) = p.ballot.as_ref().filter(|_| p.kind == SurveyKind::Ballot) {
                ul {
                    li {
                        "计票基数：" (match outcome.denominator {
                            Denominator::Present => "实到人数",
                            Denominator::ValidBallots => "有效票数",
                            _ => "全体组成人员（应到人数）",
                        })
                        "。满意票超过基数的一半为“满意”；否则满意票与基本满意票之和超过一半为“基本满意”；否则为“不满意”。满意率 =（满意 + 基本满意）÷ 基数。"
                    }
                    @for rule in BALLOT_RULES { li { (rule) } }
                }
            } @else {
                ul { @for rule in SURVEY_METHOD { li { (rule) } } }
                h3 { "保护答卷人" }
                ul data-testid="suppression-note" {
                    li {
                        "少于 " (k) " 份答卷的分组一律不公开：人数过少的选项并入“其他（合并）”，且至少合并两个选项，使之无法由合计倒推；背景信息的组合少于 "
                        (k) " 份的，相应信息标为“未公开”。"
                    }
                    @for c in &p.coarsening {
                        li {
                            (c.title) "："
                            @if !c.merged.is_empty() { "并入“其他（合并）”：" (c.merged.join("、")) "。" }
                            @if c.withheld > 0 { (c.withheld) " 份答卷此项标为“未公开”。" }
                        }
                    }
                    @for d in &p.dropped { li { "“" (d.label) "”作答不足 " (k) " 人，不公开。" } }
                    li { "文字意见只公开经工作人员逐条审核同意的内容，并与答卷分开列出。" }
                }
            }
        }
    }
}

/// The published files, their digests, and how to check them.
pub fn downloads(p: &Publication) -> Markup {
    let id = &p.survey_id;
    let ballot = p.kind == SurveyKind::Ballot;
    let how = if ballot {
        "核对方法：下载 data.json，把每张票的 answers 按键名排序、紧凑写成一行 JSON，再加一行“#session members=应到 present=实到 paper=纸质票数”（取自 data.json 的 session），各行按 UTF-8 字节排序后逐行（以换行结尾）计算 SHA-256，应与结束时冻结的摘要一致；整个文件的 SHA-256 应与公开数据文件的摘要一致。两个摘要都记录在下方的操作记录中。"
    } else {
        "核对方法：下载 data.json，计算整个文件的 SHA-256，应与上面公开数据文件的摘要一致，它也记录在下方操作记录的“公布结果”一条中。冻结摘要是结束时全部原始答卷（含文字意见和完整背景信息）的摘要，由审计人员对照原始数据核对。"
    };
    html! {
        section.panel aria-labelledby="downloads-heading" {
            h2 #downloads-heading { "数据下载与核对" }
            ul.downloads {
                @for (i, f) in files(p).iter().enumerate() {
                    li {
                        a href=(file_url(id, f.file)) download data-testid=(f.testid) { (f.name) }
                        @if i == 0 { " — 本页每个数字都可由它重新算出" }
                    }
                }
                li { a href=(file_url(id, "")) data-testid="download-figures-json" { "统计结果（JSON）" } }
            }
            dl {
                dt { "结束时冻结的答卷" }
                dd { (p.frozen_responses) " 份，SHA-256：" code data-testid="frozen-digest" { (p.frozen_digest) } }
                dt { "公开数据文件（data.json）" }
                dd { (p.published_responses) " 份，SHA-256：" code data-testid="data-digest" { (p.data_digest) } }
                @if let Some(head) = &p.audit_head {
                    dt { "公布时的操作记录链" }
                    dd { "截至第 " (head.seq) " 条，哈希：" code data-testid="audit-head" { (head.hash) } }
                }
            }
            p.muted { (how) }
        }
    }
}

/// The survey's logged staff actions, and the check of their hash chain in this browser
/// (the script shows its button; without it the chain can be fetched and checked anywhere).
pub fn audit(p: &Publication, chain: &[AuditEntry]) -> Markup {
    let url = format!("/api/surveys/{}/audit", p.survey_id);
    let head = p
        .audit_head
        .as_ref()
        .map(|h| format!("{}:{}", h.seq, h.hash));
    html! {
        section.panel aria-labelledby="audit-heading" {
            h2 #audit-heading { "操作记录" }
            p {
                "共 " (chain.len()) " 条记录，每条的哈希由上一条的哈希和本条内容算出。"
                a href=(url) { "下载记录链（JSON）" } "，可在任何地方逐条重算核对。"
            }
            button #audit-check type="button" hidden data-chain=(url) data-head=[head] { "核对操作记录" }
            p #audit-verdict.notice role="status" aria-live="polite" data-testid="audit-verdict" {
                "启用 JavaScript 后可在本机浏览器中重算每条记录的哈希；也可下载记录链自行核对。"
            }
            @if !chain.is_empty() {
                div.table-scroll tabindex="0" role="region" aria-label="操作记录表" {
                    table.audit-table {
                        thead { tr {
                            th scope="col" { "#" } th scope="col" { "时间" } th scope="col" { "操作人" }
                            th scope="col" { "操作" } th scope="col" { "内容" }
                        } }
                        tbody {
                            @for e in chain {
                                tr {
                                    td.num { (e.seq) }
                                    td { (beijing_minute(e.at)) }
                                    td { (e.actor) }
                                    td { (action_label_zh(&e.action)) }
                                    td { code { (e.detail) } }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
