//! The committee's second bundle, so respondents never download the charts: the staff
//! dashboard under `/staff/` (sign-in, the surveys, every figure as a plotters chart on a
//! canvas, filters, waves, the live ballot tally) and the public results under `/results/`
//! (no sign-in: published figures, downloads, the audit chain checked in the browser).

mod components;
mod dialog;
mod draft;
mod live;
mod load;
mod pages;

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::domain::wire::StaffUser;
use components::{PublicBar, StaffGate};
use pages::{
    BuilderPage, DashboardPage, PublicResultsPage, PublishedListPage, SurveysPage, TallyPage,
};

/// Who is signed in (`None` shows the sign-in page; set to `None` on any 401), and whether
/// the server has been asked yet.
#[derive(Debug, Clone, Copy)]
pub struct Session {
    pub user: RwSignal<Option<StaffUser>>,
    pub checked: RwSignal<bool>,
}

/// Mount the app in place of the loading placeholder.
pub fn start() {
    if let Some(boot) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("boot"))
    {
        boot.remove();
    }
    leptos::mount::mount_to_body(StaffApp);
}

#[component]
pub fn StaffApp() -> impl IntoView {
    provide_context(Session {
        user: RwSignal::new(None),
        checked: RwSignal::new(false),
    });
    let not_found = || {
        view! {
            <main id="main" tabindex="-1">
                <p class="notice">"没有这个页面。"<a href="/results">"查看已公布的测评结果"</a></p>
            </main>
        }
    };
    view! {
        <Router>
            <Routes fallback=not_found>
                <Route path=path!("/results") view=|| view! { <PublicBar /><main id="main" tabindex="-1"><PublishedListPage /></main> } />
                <Route path=path!("/results/:id") view=|| view! { <PublicBar /><main id="main" tabindex="-1"><PublicResultsPage /></main> } />
                <Route path=path!("/staff") view=|| view! { <StaffGate><SurveysPage /></StaffGate> } />
                <Route path=path!("/staff/s/:id") view=|| view! { <StaffGate><DashboardPage /></StaffGate> } />
                <Route path=path!("/staff/new") view=|| view! { <StaffGate><BuilderPage /></StaffGate> } />
                <Route path=path!("/staff/s/:id/edit") view=|| view! { <StaffGate><BuilderPage /></StaffGate> } />
                <Route path=path!("/staff/s/:id/tally") view=|| view! { <StaffGate><TallyPage /></StaffGate> } />
            </Routes>
        </Router>
    }
}
