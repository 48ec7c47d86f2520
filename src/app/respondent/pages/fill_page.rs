use leptos::prelude::*;

use crate::app::common::go_to;
use crate::app::respondent::components::SurveyForm;
use crate::app::respondent::inline_survey;
use crate::app::respondent::route::use_location;
use crate::domain::distribution::code_from_fragment;

/// `/s/:id`: the form, for the definition the server inlined into the page. `#code=`
/// pre-fills a one-time code (`?code=`, as on slips printed before, still does), `?c=`
/// names the distribution channel. Reached inside the app (back from the receipt), the
/// page has no definition any more: it is loaded again, from the server, which inlines it
/// (or says why it cannot).
#[component]
pub fn FillPage(
    /// The survey's id, from the address.
    id: String,
) -> impl IntoView {
    let location = use_location();
    match inline_survey::take(&id) {
        Some(detail) => {
            document().set_title(&detail.survey.title);
            let code = take_code_from_address(location.query("code"));
            let channel = location.query("c");
            view! { <SurveyForm detail code_from_link=code channel /> }.into_any()
        }
        None => {
            let location = window().location();
            let here = format!(
                "{}{}",
                location.pathname().unwrap_or_default(),
                location.search().unwrap_or_default()
            );
            go_to(&here);
            ().into_any()
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
