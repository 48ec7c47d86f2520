//! The survey builder (bundle `manyi-builder`, under `/staff/new` and `/staff/s/{id}/edit`):
//! its own bundle, so neither respondents nor the public download it.

pub mod api;
mod components;
mod draft;
mod pages;

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::app::common::components::StaffGate;
use crate::app::common::{load_from_server, remove_placeholder, Session};
use pages::BuilderPage;

/// Mount the builder in place of the loading placeholder.
pub fn start() {
    remove_placeholder();
    leptos::mount::mount_to_body(BuilderApp);
}

/// The builder bundle: the two builder routes behind the sign-in gate; any other path
/// belongs to the dashboard bundle and is loaded from the server.
#[component]
pub fn BuilderApp() -> impl IntoView {
    provide_context(Session {
        user: RwSignal::new(None),
        checked: RwSignal::new(false),
    });
    let elsewhere = || {
        load_from_server();
        view! {
            <p class="loading" role="status">
                "正在打开…"
            </p>
        }
    };
    view! {
        <Router>
            <Routes fallback=elsewhere>
                <Route
                    path=path!("/staff/new")
                    view=|| {
                        view! {
                            <StaffGate>
                                <BuilderPage />
                            </StaffGate>
                        }
                    }
                />
                <Route
                    path=path!("/staff/s/:id/edit")
                    view=|| {
                        view! {
                            <StaffGate>
                                <BuilderPage />
                            </StaffGate>
                        }
                    }
                />
            </Routes>
        </Router>
    }
}
