//! The respondent app (bundle `manyi-app`): Leptos pages and components, its typed calls,
//! and the draft and outbox kept in local storage (not a service worker: WeChat's browser
//! must work too).

pub mod api;
mod components;
mod hand_over;
mod inline_survey;
mod outbox;
mod pages;
mod route;
mod storage;

use leptos::prelude::*;

use crate::app::common::i18n::Preferences;
use crate::domain::distribution::RespondentPage;
use outbox::Outbox;
use pages::{FillPage, NotFoundPage, ReceiptPage};

/// Mount the app in place of the loading placeholder, or of the server's first screen of a
/// survey: what was ticked or typed there is kept for the form, the focus stays put, and
/// the swap happens in one task, so nothing is painted in between.
pub fn start() {
    let path = window().location().pathname().unwrap_or_default();
    let page = RespondentPage::at(&path);
    if let RespondentPage::Fill { .. } = page {
        inline_survey::read();
    }
    // The server rendered the home page, and the notice for a survey it does not serve, in
    // full: the app adds nothing to them.
    let served = page == RespondentPage::Home
        || (matches!(page, RespondentPage::Fill { .. }) && !inline_survey::is_there());
    // Two tasks, not one: the browser compiles each wasm function on its first call, so
    // the first parse of the definition and the first render of the form are both long;
    // apart, a tap waits for the shorter of them, and the server's screen stays usable.
    gloo_timers::callback::Timeout::new(0, move || mount(served)).forget();
}

/// Take the server's screen over (`hand_over`), or, on a page the server rendered in full,
/// only start the outbox. `served`: the page stays the server's.
fn mount(served: bool) {
    match document().get_element_by_id("boot") {
        Some(boot) if !served => hand_over::start(boot, move || view! { <App served /> }),
        _ => leptos::mount::mount_to_body(move || view! { <App served /> }),
    }
}

#[component]
pub fn App(
    /// The server rendered the page in full (the home page, a notice): the app only keeps
    /// the outbox sending, and applies no preference (the page sets the text size itself;
    /// an English one would mark the Chinese page English).
    served: bool,
) -> impl IntoView {
    // The outbox sends what waits in it on every page.
    let outbox = Outbox::load();
    provide_context(outbox);
    outbox.start();
    if served {
        return ().into_any();
    }
    let location = route::Location::provide();
    provide_context(Preferences::load());
    let page = Memo::new(move |_| location.page());
    // Built off the page, the frame comes in one task and the page in the next (`hand_over`).
    let page_due = hand_over::step_due(1);
    let body = move || {
        page_due.get().then(move || match page.get() {
            RespondentPage::Fill { survey } => view! { <FillPage id=survey /> }.into_any(),
            RespondentPage::Receipt { survey, response } => {
                view! { <ReceiptPage survey_id=survey response_id=response /> }.into_any()
            }
            RespondentPage::NotFound => view! { <NotFoundPage /> }.into_any(),
            // The server renders `/` itself.
            RespondentPage::Home => {
                crate::app::common::go_to("/");
                ().into_any()
            }
        })
    };
    view! {
        <components::TopBar />
        <main id="main" tabindex="-1">
            {body}
        </main>
    }
    .into_any()
}
