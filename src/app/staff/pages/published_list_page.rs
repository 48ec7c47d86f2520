use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::app::api;
use crate::app::pages::Loading;
use crate::domain::calendar::beijing_minute;
use crate::domain::SurveyKind;

/// Every published evaluation, newest first.
#[component]
pub fn PublishedListPage() -> impl IntoView {
    let list = RwSignal::new(Loading::Pending);
    spawn_local(async move {
        list.set(match api::published().await {
            Ok(items) => Loading::Ready(items),
            Err(failure) => Loading::Failed(failure.message()),
        });
    });
    set_title("测评结果公开");
    view! {
        <section class="surveys">
            <h1>"测评结果公开"</h1>
            <p class="muted">"区人大常委会满意度测评的结果、方法和可供核对的数据。"</p>
            {move || match list.get() {
                Loading::Pending => view! { <p class="loading" role="status">"正在加载…"</p> }.into_any(),
                Loading::Failed(message) => view! { <p class="notice notice-warn" role="alert">{message}</p> }.into_any(),
                Loading::Ready(items) if items.is_empty() => view! { <p class="notice">"尚未公布任何测评结果。"</p> }.into_any(),
                Loading::Ready(items) => view! {
                    <ul class="published-list" data-testid="published-list">
                        {items.into_iter().map(|p| view! {
                            <li>
                                <a href=format!("/results/{}", p.survey_id) data-testid=format!("published-{}", p.survey_id)>{p.title}</a>
                                <span class="muted">
                                    {format!(" · {}年度 · {} · 公布于 {}", p.wave,
                                        if p.kind == SurveyKind::Ballot { format!("测评票 {} 张", p.published_responses) } else { format!("答卷 {} 份", p.published_responses) },
                                        beijing_minute(p.published_at))}
                                </span>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }}
        </section>
    }
}

/// The browser tab's title.
pub(super) fn set_title(title: &str) {
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        document.set_title(&format!("{title} · 满意"));
    }
}
