use leptos::prelude::*;

use crate::app::api::public_file;
use crate::domain::publication::Publication;
use crate::domain::SurveyKind;

/// The published files, their digests, and how to check them.
#[component]
pub fn PublicDownloads(
    /// The publication the files belong to.
    #[prop(into)]
    publication: Signal<Publication>,
) -> impl IntoView {
    let id = publication.with_untracked(|p| p.survey_id.clone());
    let file = move |name: &str| public_file(&id, name);
    let ballot = publication.with_untracked(|p| p.kind == SurveyKind::Ballot);
    view! {
        <section class="panel" aria-labelledby="downloads-heading">
            <h2 id="downloads-heading">"数据下载与核对"</h2>
            <ul class="downloads">
                <li><a href=file("data.json") download data-testid="download-data-json">{if ballot { "全部测评票（JSON）" } else { "公开答卷数据（JSON）" }}</a>" — 本页每个数字都可由它重新算出"</li>
                <li><a href=file("data.csv") download data-testid="download-data-csv">{if ballot { "全部测评票（CSV）" } else { "公开答卷数据（CSV）" }}</a></li>
                <li><a href=file("figures.csv") download data-testid="download-figures-csv">"统计结果（CSV）"</a></li>
                <li><a href=file("figures.xlsx") download data-testid="download-figures-xlsx">"统计结果（Excel）"</a></li>
                <li><a href=public_file(&publication.with_untracked(|p| p.survey_id.clone()), "") data-testid="download-figures-json">"统计结果（JSON）"</a></li>
            </ul>
            <dl class="digests">
                <dt>"结束时冻结的答卷"</dt>
                <dd>{move || publication.with(|p| format!("{} 份，SHA-256：", p.frozen_responses))}<code data-testid="frozen-digest">{move || publication.with(|p| p.frozen_digest.clone())}</code></dd>
                <dt>"公开数据文件（data.json）"</dt>
                <dd>{move || publication.with(|p| format!("{} 份，SHA-256：", p.published_responses))}<code data-testid="data-digest">{move || publication.with(|p| p.data_digest.clone())}</code></dd>
                {move || publication.with(|p| p.audit_head.clone()).map(|head| view! {
                    <dt>"公布时的操作记录链"</dt>
                    <dd>{format!("截至第 {} 条，哈希：", head.seq)}<code data-testid="audit-head">{head.hash}</code></dd>
                })}
            </dl>
            <p class="muted">
                {if ballot {
                    "核对方法：下载 data.json，把每张票的 answers 按键名排序、紧凑写成一行 JSON，再加一行“#session members=应到 present=实到 paper=纸质票数”（取自 data.json 的 session），各行按 UTF-8 字节排序后逐行（以换行结尾）计算 SHA-256，应与结束时冻结的摘要一致；整个文件的 SHA-256 应与公开数据文件的摘要一致。两个摘要都记录在下方的操作记录中。"
                } else {
                    "核对方法：下载 data.json，计算整个文件的 SHA-256，应与上面公开数据文件的摘要一致，它也记录在下方操作记录的“公布结果”一条中。冻结摘要是结束时全部原始答卷（含文字意见和完整背景信息）的摘要，由审计人员对照原始数据核对。"
                }}
            </p>
        </section>
    }
}
