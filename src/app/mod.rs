//! The respondent app: Leptos pages and components, a typed HTTP client, and the draft and
//! outbox kept in local storage (not a service worker: WeChat's browser must work too).

pub mod api;
mod components;
mod i18n;
mod ids;
mod outbox;
mod pages;
pub mod staff;
mod storage;

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use i18n::Preferences;
use outbox::Outbox;
use pages::{FillPage, HomePage, NotFoundPage, ReceiptPage};

/// Mount the app in place of the loading placeholder.
pub fn start() {
    if let Some(boot) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("boot"))
    {
        boot.remove();
    }
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

pub(crate) use i18n::use_lang;
