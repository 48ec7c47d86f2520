//! The committee's dashboard bundle (`manyi-staff`), so respondents never download the
//! charts: under `/staff/` (sign-in, the surveys, every figure as a plotters chart on a
//! canvas, filters, waves, the live ballot tally, accounts). The builder is its own bundle
//! (`app::builder`); the public results under `/results/` are pages from the server
//! (`server::results_pages`), not part of any bundle.

pub mod api;
mod components;
mod live;
mod load;
mod pages;
mod resource;

use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::hooks::use_location;
use leptos_router::path;

use crate::app::common::components::StaffGate;
use crate::app::common::{load_from_server, remove_placeholder, Session};
use pages::{
    AccountsPage, DashboardPage, DistributionView, GroupsView, OverviewView, ProcessView,
    QuestionsView, SurveysPage, TallyPage,
};

/// Mount the dashboard in place of the loading placeholder.
pub fn start() {
    remove_placeholder();
    leptos::mount::mount_to_body(StaffApp);
}

/// `/staff/new` or `/staff/s/{id}/edit`: pages of the builder bundle.
fn is_builder_path(path: &str) -> bool {
    let path = path.trim_end_matches('/');
    path == "/staff/new" || (path.starts_with("/staff/s/") && path.ends_with("/edit"))
}

#[component]
pub fn StaffApp() -> impl IntoView {
    provide_context(Session {
        user: RwSignal::new(None),
        checked: RwSignal::new(false),
    });
    let not_found = || {
        let path = use_location().pathname.get_untracked();
        // The builder's pages are the other bundle's; the public results come from the server.
        if is_builder_path(&path) || path == "/results" || path.starts_with("/results/") {
            load_from_server();
        }
        view! {
            <main id="main" tabindex="-1">
                <p class="notice">
                    "没有这个页面。"<a href="/results" rel="external">
                        "查看已公布的测评结果"
                    </a>
                </p>
            </main>
        }
    };
    view! {
        <Router>
            <Routes fallback=not_found>
                <Route
                    path=path!("/staff")
                    view=|| {
                        view! {
                            <StaffGate>
                                <SurveysPage />
                            </StaffGate>
                        }
                    }
                />
                <Route
                    path=path!("/staff/accounts")
                    view=|| {
                        view! {
                            <StaffGate>
                                <AccountsPage />
                            </StaffGate>
                        }
                    }
                />
                // Before the dashboard: its views are the other segments after the id.
                <Route
                    path=path!("/staff/s/:id/tally")
                    view=|| {
                        view! {
                            <StaffGate>
                                <TallyPage />
                            </StaffGate>
                        }
                    }
                />
                <ParentRoute
                    path=path!("/staff/s/:id")
                    view=|| {
                        view! {
                            <StaffGate>
                                <DashboardPage />
                            </StaffGate>
                        }
                    }
                >
                    <Route path=path!("") view=OverviewView />
                    <Route path=path!("questions") view=QuestionsView />
                    <Route path=path!("groups") view=GroupsView />
                    <Route path=path!("distribution") view=DistributionView />
                    <Route path=path!("process") view=ProcessView />
                </ParentRoute>
            </Routes>
        </Router>
    }
}
