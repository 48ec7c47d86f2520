use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::app::common::use_lang;
use crate::app::common::Loading;
use crate::app::respondent::api;
use crate::domain::wire::SurveySummary;
use crate::domain::SurveyKind;

/// The surveys open for answers.
#[component]
pub fn HomePage() -> impl IntoView {
    let lang = use_lang();
    let surveys = RwSignal::new(Loading::<Vec<SurveySummary>>::Pending);
    // A task, not a LocalResource: the resource's machinery adds 7 KB (brotli) to the
    // respondent's first load, which has a budget.
    spawn_local(async move {
        surveys.set(match api::list_surveys().await {
            Ok(list) => Loading::Ready(list),
            Err(e) => Loading::Failed(e.message()),
        });
    });
    let list = move || match surveys.get() {
        Loading::Pending => view! {
            <p class="loading" role="status">
                {lang.get().pick("正在加载…", "Loading…")}
            </p>
        }
        .into_any(),
        Loading::Failed(message) => view! {
            <p class="notice notice-warn" role="alert">
                {message}
            </p>
        }
        .into_any(),
        Loading::Ready(list) if list.is_empty() => view! {
            <p class="notice">
                {lang
                    .get()
                    .pick(
                        "目前没有正在进行的测评。",
                        "No evaluation is open right now.",
                    )}
            </p>
        }
        .into_any(),
        Loading::Ready(list) => view! {
            <ul class="survey-list">
                {list
                    .into_iter()
                    .map(|s| {
                        let kind = match s.kind {
                            SurveyKind::Ballot => {
                                lang.get()
                                    .pick(
                                        "无记名测评 · 凭测评码",
                                        "Secret ballot · code required",
                                    )
                            }
                            SurveyKind::Questionnaire => lang.get().pick("问卷", "Questionnaire"),
                        };
                        view! {
                            <li>
                                <a
                                    class="survey-card"
                                    href=format!("/s/{}", s.id)
                                    data-testid=format!("survey-link-{}", s.id)
                                >
                                    <span class="card-title">{s.title}</span>
                                    <span class="card-meta">
                                        {s.organizer}" · "{kind}" · "{s.question_count}
                                        {lang.get().pick(" 题", " questions")}
                                    </span>
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
        .into_any(),
    };
    view! {
        <section class="home">
            <h1>
                {move || {
                    lang.get()
                        .pick("正在进行的满意度测评", "Open satisfaction evaluations")
                }}
            </h1>
            {list}
            <p class="home-footer">
                <a href="/results" rel="external" data-testid="results-link">
                    {move || lang.get().pick("查看已公布的测评结果", "Published results")}
                </a>
            </p>
        </section>
    }
}
