use leptos::prelude::*;

use crate::domain::publication::Publication;
use crate::domain::survey::Denominator;
use crate::domain::SurveyKind;

/// How every published figure is computed, and what was left out to protect respondents.
#[component]
pub fn MethodNote(
    /// The publication described.
    #[prop(into)]
    publication: Signal<Publication>,
) -> impl IntoView {
    let ballot = move || publication.with(|p| p.kind == SurveyKind::Ballot);
    view! {
        <section class="panel" aria-labelledby="method-heading" data-testid="method">
            <h2 id="method-heading">"计算方法"</h2>
            <Show when=ballot fallback=move || view! {
                <ul class="method">
                    <li>"满意率 = （非常满意 + 满意）÷ 作答人数；“不了解”不计入作答人数，也不计入任何比率和指数。"</li>
                    <li>"满意度指数 = （平均分 − 1）÷（5 − 1）× 100，非常满意 5 分至非常不满意 1 分，取值 0–100。"</li>
                    <li>"维度指数为所含各题指数的加权平均，总指数为各维度指数的加权平均（权重见测评定义，默认相等）。"</li>
                    <li>"净推荐值（NPS）= 推荐者（9–10 分）占比 − 贬损者（0–6 分）占比。"</li>
                    <li>"比率的 95% 区间为 Wilson 区间；平均分和指数的区间为 平均分 ± 1.96 × 标准误；维度和总指数的区间按各题标准误加权相加，偏保守。每个数字都注明其样本量 n。"</li>
                </ul>
            }>
                <ul class="method">
                    <li>{move || publication.with(|p| {
                        let base = match p.ballot.as_ref().map(|b| b.denominator) {
                            Some(Denominator::Present) => "实到人数",
                            Some(Denominator::ValidBallots) => "有效票数",
                            _ => "全体组成人员（应到人数）",
                        };
                        format!("计票基数：{base}。满意票超过基数的一半为“满意”；否则满意票与基本满意票之和超过一半为“基本满意”；否则为“不满意”。满意率 =（满意 + 基本满意）÷ 基数。")
                    })}</li>
                    <li>"实到人数须超过应到人数的一半，测评方为有效。某一项目未填或多填的，该项目为无效票，不影响其他项目。"</li>
                    <li>"电子票和纸质票分别清点后相加。公开的测评票已打乱顺序，不含测评码和投票时间。"</li>
                </ul>
            </Show>
            <Show when=move || !ballot()>
                <h3>"保护答卷人"</h3>
                <ul class="method" data-testid="suppression-note">
                    <li>{move || publication.with(|p| format!("少于 {} 份答卷的分组一律不公开：人数过少的选项并入“其他（合并）”，且至少合并两个选项，使之无法由合计倒推；背景信息的组合少于 {} 份的，相应信息标为“未公开”。", p.threshold, p.threshold))}</li>
                    {move || publication.with(|p| p.coarsening.iter().map(|c| {
                        let merged = if c.merged.is_empty() { String::new() } else { format!("并入“其他（合并）”：{}。", c.merged.join("、")) };
                        let withheld = if c.withheld == 0 { String::new() } else { format!("{} 份答卷此项标为“未公开”。", c.withheld) };
                        view! { <li>{format!("{}：{merged}{withheld}", c.title)}</li> }
                    }).collect_view())}
                    {move || publication.with(|p| p.dropped.iter().map(|d| view! {
                        <li>{format!("“{}”作答不足 {} 人，不公开。", d.label, p.threshold)}</li>
                    }).collect_view())}
                    <li>"文字意见只公开经工作人员逐条审核同意的内容，并与答卷分开列出。"</li>
                </ul>
            </Show>
        </section>
    }
}
