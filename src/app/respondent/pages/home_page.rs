use leptos::prelude::*;

use crate::app::common::use_lang;
use crate::app::respondent::api;
use crate::domain::SurveyKind;

/// The surveys open for answers.
#[component]
pub fn HomePage() -> impl IntoView {
    let lang = use_lang();
    let surveys = LocalResource::new(api::list_surveys);
    // Read as it stands, not under Suspense: that and ErrorBoundary would add some 15 KB
    // (brotli) to the respondent's first load, which has a budget.
    let list = move || match surveys.get() {
        None => view! {
            <p class="loading" role="status">
                {lang.get().pick("正在加载…", "Loading…")}
            </p>
        }
        .into_any(),
        Some(Err(failure)) => view! {
            <p class="notice notice-warn" role="alert">
                {failure.message()}
            </p>
        }
        .into_any(),
        Some(Ok(list)) if list.is_empty() => view! {
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
        Some(Ok(list)) => view! {
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
