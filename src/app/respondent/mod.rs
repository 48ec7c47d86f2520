//! The respondent app (bundle `manyi-app`): Leptos pages and components, its typed calls,
//! and the draft and outbox kept in local storage (not a service worker: WeChat's browser
//! must work too).

pub mod api;
mod components;
mod outbox;
mod pages;
mod storage;

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::app::common::i18n::Preferences;
use crate::app::common::remove_placeholder;
use outbox::Outbox;
use pages::{FillPage, HomePage, NotFoundPage, ReceiptPage};

/// Mount the app in place of the loading placeholder.
pub fn start() {
    remove_placeholder();
    leptos::mount::mount_to_body(App);
}

#[component]
pub fn App() -> impl IntoView {
    let preferences = Preferences::load();
    provide_context(preferences);
    let outbox = Outbox::load();
    provide_context(outbox);
    outbox.start();
    view! {
        <Router>
            <components::TopBar />
            <main id="main" tabindex="-1">
                <Routes fallback=|| view! { <NotFoundPage /> }>
                    <Route path=path!("/") view=HomePage />
                    <Route path=path!("/s/:id") view=FillPage />
                    <Route path=path!("/s/:id/done/:rid") view=ReceiptPage />
                </Routes>
            </main>
        </Router>
    }
}
