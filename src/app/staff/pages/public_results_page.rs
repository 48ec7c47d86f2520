use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;

use super::published_list_page::set_title;
use crate::app::api::{self, public_file};
use crate::app::pages::Loading;
use crate::app::staff::components::{
    AuditTrail, ChartCanvas, FigureCard, GroupTable, MethodNote, PublicDownloads, QuestionChart,
};
use crate::charts::{ballot_tally, dimension_ranking, size};
use crate::domain::calendar::beijing_minute;
use crate::domain::publication::Publication;
use crate::domain::results::report::ResultKind;
use crate::domain::SurveyKind;

/// A published evaluation for anyone: the figures with n and intervals, charts, the
/// method, the downloads with their digests, and the audit chain checked here.
#[component]
pub fn PublicResultsPage() -> impl IntoView {
    let params = use_params_map();
    let id = params.with_untracked(|p| p.get("id").unwrap_or_default());
    let loaded = RwSignal::new(Loading::<Publication>::Pending);
    let audit = RwSignal::new(Vec::new());
    let for_fetch = id.clone();
    spawn_local(async move {
        loaded.set(match api::publication(&for_fetch).await {
            Ok(p) => {
                set_title(&p.title);
                Loading::Ready(p)
            }
            Err(failure) => Loading::Failed(failure.message()),
        });
        if let Ok(entries) = api::audit_chain(&for_fetch).await {
            audit.set(entries);
        }
    });
    view! {
        <article class="dashboard public-results">
            <nav class="crumbs" aria-label="位置"><a href="/results">"全部公开结果"</a></nav>
            {move || match loaded.get() {
                Loading::Pending => view! { <p class="loading" role="status">"正在加载…"</p> }.into_any(),
                Loading::Failed(message) => view! { <p class="notice notice-warn" role="alert">{message}</p> }.into_any(),
                Loading::Ready(p) => view! { <Published publication=p /> }.into_any(),
            }}
            <AuditTrail entries=audit />
        </article>
    }
}

#[component]
fn Published(publication: Publication) -> impl IntoView {
    let id = publication.survey_id.clone();
    let p = Signal::stored(publication.clone());
    let is_ballot = publication.kind == SurveyKind::Ballot;
    let headline = (!publication.withheld && !is_ballot).then(|| {
        let index = publication.results.index;
        let overall = publication
            .results
            .question("overall")
            .and_then(|q| q.items.first())
            .map(|i| i.satisfaction);
        view! {
            <FigureCard label="满意度指数（0–100）" estimate=Signal::stored(index) testid="public-index" />
            {overall.map(|o| view! { <FigureCard label="总体满意率" estimate=Signal::stored(o) percent=true testid="public-overall-rate" /> })}
        }
    });
    let ballot = publication.ballot.clone().map(|outcome| {
        let rows = outcome.items.iter().map(|i| view! {
            <tr>
                <th scope="row">{i.label.clone()}</th>
                <td class="num">{i.total.satisfied}</td>
                <td class="num">{i.total.basic}</td>
                <td class="num">{i.total.unsatisfied}</td>
                <td class="num">{i.total.invalid}</td>
                <td class="num">{i.denominator}</td>
                <td class="num">{i.satisfaction_rate.map(|r| format!("{:.1}%", r * 100.0)).unwrap_or_else(|| "—".into())}</td>
                <td data-testid=format!("verdict-{}", i.id)><strong>{i.verdict.map(|v| v.label_zh()).or(i.no_verdict.map(|n| n.label_zh())).unwrap_or("—")}</strong></td>
            </tr>
        }).collect_view();
        let summary = outcome.items.iter().map(|i| format!("{}：{}", i.label, i.verdict.map(|v| v.label_zh()).unwrap_or("无结果"))).collect::<Vec<_>>().join("；");
        let items = outcome.items.len();
        let attendance = format!("应到 {} 人，实到 {} 人{}；电子票 {} 张，纸质票 {} 张。", outcome.attendance.members, outcome.attendance.present,
            if outcome.quorum { "，超过半数，测评有效" } else { "，未超过半数，测评无效" }, outcome.electronic_ballots, outcome.paper_ballots);
        let for_chart = outcome.clone();
        view! {
            <section class="panel" aria-labelledby="ballot-result-heading">
                <h2 id="ballot-result-heading">"测评结果"</h2>
                <p data-testid="public-attendance">{attendance}</p>
                <div class="table-scroll" tabindex="0" role="region" aria-label="各项目计票表">
                    <table class="channel-table" data-testid="public-ballot">
                        <thead><tr>
                            <th scope="col">"项目"</th><th scope="col">"满意"</th><th scope="col">"基本满意"</th><th scope="col">"不满意"</th>
                            <th scope="col">"无效"</th><th scope="col">"计票基数"</th><th scope="col">"满意率"</th><th scope="col">"结果"</th>
                        </tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
                <ChartCanvas height=size::ballot(items) summary testid="chart-ballot"
                    draw=move |area, style| { let _ = ballot_tally(area, &for_chart, style); } />
                <p class="chart-links"><a href=public_file(&id, "charts/ballot.svg") download>"下载图表（SVG）"</a></p>
            </section>
        }
    });
    let dimensions = (!publication.results.dimensions.is_empty() && !publication.withheld).then(|| {
        let dims = publication.results.dimensions.clone();
        let summary = dims.iter().map(|d| format!("{} {:.1}（n={}）", d.name, d.index.value, d.index.n)).collect::<Vec<_>>().join("；");
        let list = dims.iter().map(|d| view! {
            <li>{d.name.clone()}" "<strong data-testid=format!("public-dimension-{}", d.name)>{format!("{:.1}", d.index.value)}</strong>
                <span class="muted">{format!("（{:.1}–{:.1}，n={}）", d.index.low, d.index.high, d.index.n)}</span></li>
        }).collect_view();
        let height = size::dimensions(dims.len());
        view! {
            <section class="panel">
                <h2>"各维度满意度指数"</h2>
                <ChartCanvas height summary testid="chart-dimensions"
                    draw=move |area, style| { let _ = dimension_ranking(area, &dims, style); } />
                <p class="chart-links"><a href=public_file(&id, "charts/dimensions.svg") download>"下载图表（SVG）"</a></p>
                <ul class="dimension-figures">{list}</ul>
            </section>
        }
    });
    let groups = (!publication.groups.is_empty()).then(|| {
        let tables = publication
            .groups
            .iter()
            .map(|g| {
                let href = public_file(&id, &format!("charts/groups-{}.svg", g.by));
                view! { <GroupTable groups=Signal::stored(g.clone()) svg_href=href /> }
            })
            .collect_view();
        view! { <section class="panel"><h2>"分组比较"</h2>{tables}</section> }
    });
    let questions = (!publication.withheld && !is_ballot).then(|| {
        let charts = publication.results.questions.iter().map(|q| {
            let svg = matches!(q.kind, ResultKind::Scale | ResultKind::Matrix | ResultKind::Choice | ResultKind::MultipleChoice | ResultKind::Nps)
                .then(|| view! { <p class="chart-links"><a href=public_file(&id, &format!("charts/question-{}.svg", q.id)) download>"下载图表（SVG）"</a></p> });
            view! { <QuestionChart question=Signal::stored(q.clone()) />{svg} }
        }).collect_view();
        view! { <section class="panel"><h2>"逐题结果"</h2>{charts}</section> }
    });
    let texts =
        (!publication.texts.is_empty()).then(|| {
            let groups = publication.texts.iter().map(|t| view! {
            <h3>{t.title.clone()}</h3>
            <ul class="approved-texts" data-testid=format!("texts-{}", t.question)>
                {t.answers.iter().map(|a| view! { <li>{a.clone()}</li> }).collect_view()}
            </ul>
        }).collect_view();
            view! { <section class="panel"><h2>"经审核公开的文字意见"</h2>{groups}</section> }
        });
    view! {
        <h1 data-testid="public-title">{publication.title.clone()}</h1>
        <p class="meta">{format!("{} · {}年度 · 公布于 {}（北京时间）", publication.organizer, publication.wave, beijing_minute(publication.published_at))}</p>
        <Show when=move || p.with(|p| p.withheld)>
            <p class="notice" role="status" data-testid="public-withheld">{move || p.with(|p| format!("本次测评回收答卷不足 {} 份，为保护答卷人，不公布统计结果。", p.threshold))}</p>
        </Show>
        <div class="figure-row">
            <div class="figure-card">
                <span class="figure-label">{if is_ballot { "测评票" } else { "公开答卷" }}</span>
                <span class="figure-value" data-testid="public-responses">{publication.published_responses}</span>
                <span class="figure-note">{format!("结束时共 {} 份", publication.frozen_responses)}</span>
            </div>
            {headline}
        </div>
        {ballot}
        {dimensions}
        {groups}
        {questions}
        {texts}
        <MethodNote publication=p />
        <PublicDownloads publication=p />
    }
}
