use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::app::common::components::{ChartCanvas, FigureCard};
use crate::app::common::Loading;
use crate::app::staff::api;
use crate::app::staff::components::AuditTrail;
use crate::app::staff::components::{
    BallotPanel, DistributionPanel, ExportButtons, FilterBar, LifecyclePanel, ProgressPanel,
    QuestionChart, TextReview,
};
use crate::app::staff::live::live_version;
use crate::app::staff::load::load_into;
use crate::charts::{dimension_ranking, group_breakdown, size, wave_comparison, GroupFigure};
use crate::domain::audit::AuditEntry;
use crate::domain::results::report::ResultKind;
use crate::domain::results::{Breakdown, Filter, QuestionResult, WaveComparison};
use crate::domain::stats::Estimate;
use crate::domain::wire::{BallotView, ResultsView, Role};
use crate::domain::{SurveyKind, SurveyStatus};

fn placeholder(id: &str) -> QuestionResult {
    QuestionResult {
        id: id.to_string(),
        title: String::new(),
        kind: ResultKind::Text,
        profile: false,
        answered: 0,
        options: Vec::new(),
        items: Vec::new(),
        nps: None,
        mean: None,
    }
}

/// One survey's results for the committee: headline figures, collection progress, the
/// ballot tally, dimension ranking, breakdown by group, waves and a chart per question,
/// all narrowed by the filter and updated live as responses arrive.
#[component]
pub fn DashboardPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").unwrap_or_default());
    let version = live_version(&id.get_untracked());
    let filter = RwSignal::new(Filter::default());

    let view_data = RwSignal::new(Loading::<ResultsView>::Pending);
    load_into(view_data, move || {
        let (id, filter) = (id.get(), filter.with(Filter::to_query));
        version.track();
        async move { api::results(&id, &filter).await }
    });
    let ready = Memo::new(move |_| match view_data.get() {
        Loading::Ready(v) => Some(v),
        _ => None,
    });

    let by = RwSignal::new(String::new());
    Effect::new(move |_| {
        if by.with_untracked(String::is_empty) {
            if let Some(first) = ready.with(|r| {
                r.as_ref().and_then(|v| {
                    v.results
                        .questions
                        .iter()
                        .find(|q| q.profile)
                        .map(|q| q.id.clone())
                })
            }) {
                by.set(first);
            }
        }
    });
    // Which index the breakdown compares: "" (the survey's), `dimension:NAME` or `item:ID`.
    let figure_key = RwSignal::new(String::new());
    let group_figure = Memo::new(move |_| {
        figure_key.with(|key| match key.split_once(':') {
            Some(("dimension", name)) => GroupFigure::Dimension(name.to_string()),
            Some(("item", id)) => GroupFigure::Item(id.to_string()),
            _ => GroupFigure::SurveyIndex,
        })
    });
    let groups = RwSignal::new(Loading::<Option<Breakdown>>::Pending);
    load_into(groups, move || {
        let (id, by, filter) = (id.get(), by.get(), filter.with(Filter::to_query));
        version.track();
        async move {
            if by.is_empty() {
                return Ok(None);
            }
            api::breakdown(&id, &by, &filter).await.map(Some)
        }
    });
    let waves = RwSignal::new(Loading::<WaveComparison>::Pending);
    load_into(waves, move || {
        let id = id.get();
        version.track();
        async move { api::waves(&id).await }
    });
    let ballot = RwSignal::new(Loading::<Option<BallotView>>::Pending);
    load_into(ballot, move || {
        let id = id.get();
        let is_ballot = ready.with(|r| r.as_ref().map(|v| v.kind == SurveyKind::Ballot));
        version.track();
        async move {
            match is_ballot {
                Some(true) => api::ballot(&id).await.map(Some),
                _ => Ok(None),
            }
        }
    });

    let audit = RwSignal::new(Loading::<Vec<AuditEntry>>::Pending);
    load_into(audit, move || {
        let id = id.get();
        version.track();
        async move { api::staff_audit_chain(&id).await }
    });

    let pick = move |f: fn(&ResultsView) -> Estimate| {
        Signal::derive(move || ready.with(|r| r.as_ref().map(f).unwrap_or_else(Estimate::empty)))
    };
    let index = pick(|v| v.results.index);
    let overall = pick(|v| {
        v.results
            .question("overall")
            .and_then(|q| q.items.first())
            .map(|i| i.satisfaction)
            .unwrap_or_else(Estimate::empty)
    });
    let profile_questions = Signal::derive(move || {
        ready.with(|r| {
            r.as_ref()
                .map(|v| {
                    v.results
                        .questions
                        .iter()
                        .filter(|q| q.profile && q.kind == ResultKind::Choice)
                        .cloned()
                        .collect()
                })
                .unwrap_or_default()
        })
    });
    let question_ids = Signal::derive(move || {
        ready.with(|r| {
            r.as_ref()
                .map(|v| {
                    v.results
                        .questions
                        .iter()
                        .map(|q| q.id.clone())
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    });

    let has_ballot = Memo::new(move |_| ballot.with(|b| matches!(b, Loading::Ready(Some(_)))));
    // Which survey this is changes only with the route: the lifecycle panel (and the
    // message it shows after a step) must not be rebuilt on every live update.
    let identity = Memo::new(move |_| {
        ready.with(|r| r.as_ref().map(|v| (v.results.survey_id.clone(), v.kind)))
    });
    // Reviewing free text is for staff (a viewer only reads), on surveys that ask for it.
    let session = expect_context::<crate::app::common::Session>();
    let can_review = Memo::new(move |_| {
        let staff = session
            .user
            .with(|u| u.as_ref().is_some_and(|u| u.role >= Role::Staff));
        staff
            && ready.with(|r| {
                r.as_ref().is_some_and(|v| {
                    v.results
                        .questions
                        .iter()
                        .any(|q| q.kind == ResultKind::Text)
                })
            })
    });
    let heading = move || match view_data.get() {
        Loading::Pending => view! { <p class="loading" role="status">"正在加载…"</p> }.into_any(),
        Loading::Failed(message) => {
            view! { <p class="notice notice-warn" role="alert">{message}</p> }.into_any()
        }
        Loading::Ready(v) => view! {
            <h1 data-testid="dashboard-title">{v.results.title.clone()}</h1>
            <p class="meta">
                {v.results.wave.clone()}"年度 · "{v.status.label_zh()}
                <span class="live" title="新答卷到达时自动更新">" · 实时更新"</span>
            </p>
            <ExportButtons survey_id=v.results.survey_id.clone() />
        }
        .into_any(),
    };

    let status = Signal::derive(move || {
        ready.with(|r| r.as_ref().map(|v| v.status).unwrap_or(SurveyStatus::Draft))
    });
    view! {
        <section class="dashboard">
            <nav class="crumbs" aria-label="位置"><a href="/staff/">"测评结果"</a></nav>
            {heading}
            {move || identity.get().map(|(survey_id, kind)| view! {
                <p class="page-actions">
                    <a href=format!("/staff/s/{survey_id}/edit") data-testid="edit-survey">"编辑问卷"</a>
                </p>
                <LifecyclePanel survey_id=survey_id.clone() kind status=status />
                <DistributionPanel survey_id status=status />
            })}
            <Show when=move || ready.with(Option::is_some)>
                <FilterBar questions=profile_questions filter />
                <div class="figure-row">
                    <div class="figure-card">
                        <span class="figure-label">{move || if filter.with(Filter::is_empty) { "已收答卷" } else { "符合筛选的答卷" }}</span>
                        <span class="figure-value" data-testid="figure-responses">{move || ready.with(|r| r.as_ref().map(|v| v.results.responses).unwrap_or(0))}</span>
                        <span class="figure-note">{move || ready.with(|r| r.as_ref().and_then(|v| v.target).map(|t| format!("目标 {t} 份")).unwrap_or_default())}</span>
                    </div>
                    <Show when=move || !index.get().is_empty()>
                        <FigureCard label="满意度指数（0–100）" estimate=index testid="figure-index" />
                    </Show>
                    <Show when=move || !overall.get().is_empty()>
                        <FigureCard label="总体满意率" estimate=overall percent=true testid="figure-overall-rate" />
                    </Show>
                </div>
                // Built once the ballot is known, not on every tally update: its forms keep
                // what staff typed and the messages they were shown.
                {move || has_ballot.get().then(|| match ballot.get_untracked() {
                    Loading::Ready(Some(b)) => view! { <BallotPanel ballot=Signal::derive(move || match ballot.get() { Loading::Ready(Some(b)) => b, _ => b.clone() }) /> }.into_any(),
                    _ => ().into_any(),
                })}
                <Show when=move || ready.with(|r| r.as_ref().is_some_and(|v| v.kind == SurveyKind::Questionnaire))>
                    <section class="panel">
                        <h2>"回收进度"</h2>
                        <ProgressPanel
                            hourly=Signal::derive(move || ready.with(|r| r.as_ref().map(|v| v.hourly.clone()).unwrap_or_default()))
                            target=Signal::derive(move || ready.with(|r| r.as_ref().and_then(|v| v.target)))
                            channels=Signal::derive(move || ready.with(|r| r.as_ref().map(|v| v.channels.clone()).unwrap_or_default())) />
                    </section>
                </Show>
                <Show when=move || ready.with(|r| r.as_ref().is_some_and(|v| !v.results.dimensions.is_empty()))>
                    <section class="panel">
                        <h2>"各维度满意度指数"</h2>
                        <ChartCanvas height=Signal::derive(move || size::dimensions(ready.with(|r| r.as_ref().map(|v| v.results.dimensions.len()).unwrap_or(0))))
                            summary=Signal::derive(move || ready.with(|r| r.as_ref().map(|v| v.results.dimensions.iter().map(|d| format!("{} {:.1}", d.name, d.index.value)).collect::<Vec<_>>().join("；")).unwrap_or_default()))
                            testid="chart-dimensions"
                            draw=move |area, style| { ready.with(|r| if let Some(v) = r { let _ = dimension_ranking(area, &v.results.dimensions, style); }); } />
                        <ul class="dimension-figures">
                            {move || ready.with(|r| r.as_ref().map(|v| v.results.dimensions.iter().map(|d| view! {
                                <li>{d.name.clone()}" "<strong data-testid=format!("figure-dimension-{}", d.name)>{format!("{:.1}", d.index.value)}</strong></li>
                            }).collect_view()))}
                        </ul>
                    </section>
                </Show>
                <Show when=move || !profile_questions.with(Vec::is_empty)>
                    <section class="panel">
                        <h2>"分组比较"</h2>
                        <label for="breakdown-by">"按"</label>
                        <select id="breakdown-by" data-testid="breakdown-by" prop:value=move || by.get() on:change=move |ev| by.set(event_target_value(&ev))>
                            {move || profile_questions.get().into_iter().map(|q| view! { <option value=q.id.clone()>{q.title}</option> }).collect_view()}
                        </select>
                        <label for="breakdown-figure">"分组，比较"</label>
                        <select id="breakdown-figure" data-testid="breakdown-figure" prop:value=move || figure_key.get() on:change=move |ev| figure_key.set(event_target_value(&ev))>
                            <option value="">"满意度指数"</option>
                            {move || ready.with(|r| r.as_ref().map(|v| {
                                let dimensions = v.results.dimensions.iter().map(|d| (format!("dimension:{}", d.name), format!("{}指数", d.name)));
                                let overall = v.results.question("overall").and_then(|q| q.items.first()).map(|i| (format!("item:{}", i.id), "总体满意度指数".to_string()));
                                dimensions.chain(overall).map(|(key, label)| view! { <option value=key>{label}</option> }).collect_view()
                            }))}
                        </select>
                        <ChartCanvas height=Signal::derive(move || size::groups(groups.with(|g| match g { Loading::Ready(Some(b)) => b.groups.len(), _ => 1 })))
                            summary=Signal::derive(move || groups.with(|g| match g { Loading::Ready(Some(b)) => b.groups.iter().map(|x| format!("{} {:.1}（n={}）", x.label, group_figure.get().of(&x.results).value, x.results.responses)).collect::<Vec<_>>().join("；"), _ => String::new() }))
                            testid="chart-breakdown"
                            draw=move |area, style| { let figure = group_figure.get(); groups.with(|g| if let Loading::Ready(Some(b)) = g { let _ = group_breakdown(area, &figure.bars(b), style); }); } />
                    </section>
                </Show>
                <Show when=move || waves.with(|w| matches!(w, Loading::Ready(c) if c.waves.len() > 1))>
                    <section class="panel">
                        <h2>"历年比较"</h2>
                        <ChartCanvas height=Signal::derive(move || size::waves(waves.with(|w| match w { Loading::Ready(c) => c.figures.len(), _ => 1 })))
                            summary=Signal::derive(move || waves.with(|w| match w { Loading::Ready(c) => c.waves.iter().map(|x| format!("{}年 n={}", x.wave, x.responses)).collect::<Vec<_>>().join("，"), _ => String::new() }))
                            testid="chart-waves"
                            draw=move |area, style| { waves.with(|w| if let Loading::Ready(c) = w {
                                // The index and the dimensions: items would crowd a slide.
                                let trimmed = WaveComparison { waves: c.waves.clone(), figures: c.figures.iter().take(8).cloned().collect() };
                                let _ = wave_comparison(area, &trimmed, style);
                            }); } />
                    </section>
                </Show>
                <Show when=move || can_review.get()>
                    <TextReview survey_id=id.get_untracked() editable=Signal::derive(move || ready.with(|r| r.as_ref().is_some_and(|v| v.status != SurveyStatus::Published))) />
                </Show>
                <AuditTrail entries=Signal::derive(move || match audit.get() { Loading::Ready(e) => e, _ => Vec::new() }) />
                <section class="panel">
                    <h2>"逐题结果"</h2>
                    <For each=move || question_ids.get() key=|qid| qid.clone() let:qid>
                        <QuestionChart question=Signal::derive(move || ready.with(|r| r.as_ref().and_then(|v| v.results.question(&qid).cloned()).unwrap_or_else(|| placeholder(&qid)))) />
                    </For>
                </section>
            </Show>
        </section>
    }
}
