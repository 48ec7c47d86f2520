//! The respondent app (bundle `manyi-app`): Leptos pages and components, its typed calls,
//! and the draft and outbox kept in local storage (not a service worker: WeChat's browser
//! must work too).

pub mod api;
mod components;
mod early_answers;
mod outbox;
mod pages;
mod route;
mod storage;

use leptos::prelude::*;

use crate::app::common::i18n::Preferences;
use crate::app::common::remove_placeholder;
use crate::domain::distribution::RespondentPage;
use outbox::Outbox;
use pages::{FillPage, HomePage, NotFoundPage, ReceiptPage};

/// Mount the app in place of the loading placeholder, or of the server's first screen of a
/// survey: what was ticked or typed there is kept for the form, the focus stays put, and
/// the swap happens in one task, so nothing is painted in between.
pub fn start() {
    let focused = document()
        .get_element_by_id("boot")
        .and_then(|boot| early_answers::capture(&boot));
    remove_placeholder();
    leptos::mount::mount_to_body(App);
    if let Some(element) = focused
        .and_then(|id| document().get_element_by_id(&id))
        .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
    {
        let _ = element.focus();
    }
}

#[component]
pub fn App() -> impl IntoView {
    let preferences = Preferences::load();
    provide_context(preferences);
    let outbox = Outbox::load();
    provide_context(outbox);
    outbox.start();
    let location = route::Location::provide();
    let page = Memo::new(move |_| location.page());
    let body = move || match page.get() {
        RespondentPage::Home => view! { <HomePage /> }.into_any(),
        RespondentPage::Fill { survey } => view! { <FillPage id=survey /> }.into_any(),
        RespondentPage::Receipt { survey, response } => {
            view! { <ReceiptPage survey_id=survey response_id=response /> }.into_any()
        }
        RespondentPage::NotFound => view! { <NotFoundPage /> }.into_any(),
    };
    view! {
        <components::TopBar />
        <main id="main" tabindex="-1">
            {body}
        </main>
    }
}
