use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::app::common::api::ApiFailure;
use crate::app::common::use_lang;
use crate::app::common::Loading;
use crate::app::respondent::{api, inline_survey};
use crate::app::respondent::components::SurveyForm;
use crate::app::respondent::route::use_location;
use crate::domain::distribution::code_from_fragment;
use crate::domain::wire::SurveyDetail;

/// `/s/:id`: load the survey, then hand it to the form. `#code=` pre-fills a one-time code
/// (`?code=`, as on slips printed before, still does), `?c=` names the distribution channel.
#[component]
pub fn FillPage(
    /// The survey's id, from the address.
    id: String,
) -> impl IntoView {
    let lang = use_lang();
    let location = use_location();
    // Read at once, not in a task: the form must replace the server's first screen in the
    // same task that removed it.
    let detail = RwSignal::new(match inline_survey::take(&id) {
        Some(inline) => {
            document().set_title(&inline.survey.title);
            Loading::Ready(inline)
        }
        None => Loading::<SurveyDetail>::Pending,
    });
    if detail.with_untracked(|d| matches!(d, Loading::Pending)) {
        // A task, not a LocalResource: the resource's machinery adds 7 KB (brotli) to the
        // respondent's first load, which has a budget.
        spawn_local(async move {
            detail.set(match api::get_survey(&id).await {
                Ok(d) => {
                    document().set_title(&d.survey.title);
                    Loading::Ready(d)
                }
                Err(ApiFailure::Refused { error, .. }) => Loading::Failed(error.message),
                Err(e) => Loading::Failed(e.message()),
            });
        });
    }
    move || match detail.get() {
        Loading::Pending => view! {
            <p class="loading" role="status">
                {lang.get().pick("正在加载问卷…", "Loading the survey…")}
            </p>
        }
        .into_any(),
        Loading::Failed(message) => view! {
            <div class="notice notice-warn" role="alert" data-testid="load-error">
                <p>{message}</p>
                <p>
                    <a href="/">{lang.get().pick("返回测评列表", "Back to the list")}</a>
                </p>
            </div>
        }
        .into_any(),
        Loading::Ready(d) => {
            let code = take_code_from_address(location.query("code"));
            let channel = location.query("c");
            view! { <SurveyForm detail=d code_from_link=code channel /> }.into_any()
        }
    }
}

/// The one-time code the link carried, taken out of the address bar so that it stays in
/// no history entry (and, behind `#`, it never reached any server or proxy log).
fn take_code_from_address(from_query: Option<String>) -> Option<String> {
    let location = window().location();
    let from_fragment = location
        .hash()
        .ok()
        .and_then(|hash| code_from_fragment(&hash));
    let code = from_fragment.or(from_query)?;
    let path = location.pathname().unwrap_or_default();
    let channel = location.search().unwrap_or_default();
    let kept: Vec<&str> = channel
        .trim_start_matches('?')
        .split('&')
        .filter(|p| !p.is_empty() && !p.starts_with("code="))
        .collect();
    let clean = if kept.is_empty() {
        path
    } else {
        format!("{path}?{}", kept.join("&"))
    };
    if let Ok(history) = window().history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&clean));
    }
    Some(code)
}
