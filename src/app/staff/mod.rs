//! The committee's second bundle, so respondents never download the charts: the staff
//! dashboard under `/staff/` (sign-in, the surveys, every figure as a plotters chart on a
//! canvas, filters, waves, the live ballot tally). The public results under `/results/` are
//! pages from the server (`server::results_pages`), not part of any bundle.

mod components;
mod dialog;
mod draft;
mod live;
mod load;
mod pages;

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::hooks::use_location;
use leptos_router::path;

use crate::domain::wire::{Role, StaffUser};
use components::StaffGate;
use pages::{AccountsPage, BuilderPage, DashboardPage, SurveysPage, TallyPage};

/// Who is signed in (`None` shows the sign-in page; set to `None` on any 401), and whether
/// the server has been asked yet.
#[derive(Debug, Clone, Copy)]
pub struct Session {
    pub user: RwSignal<Option<StaffUser>>,
    pub checked: RwSignal<bool>,
}

/// A role as staff read it.
pub fn role_label(role: Role) -> &'static str {
    match role {
        Role::Admin => "管理员",
        Role::Staff => "工作人员",
        Role::Viewer => "查看者",
    }
}

fn remove_placeholder() {
    if let Some(boot) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("boot"))
    {
        boot.remove();
    }
}

/// Mount the dashboard and public pages in place of the loading placeholder.
pub fn start() {
    remove_placeholder();
    leptos::mount::mount_to_body(StaffApp);
}

/// Mount the builder (its own bundle: the public never downloads it).
pub fn start_builder() {
    remove_placeholder();
    leptos::mount::mount_to_body(BuilderApp);
}

/// `/staff/new` or `/staff/s/{id}/edit`: pages of the builder bundle.
fn is_builder_path(path: &str) -> bool {
    let path = path.trim_end_matches('/');
    path == "/staff/new" || (path.starts_with("/staff/s/") && path.ends_with("/edit"))
}

/// A link into the other bundle was followed inside this one: load it from the server.
/// The router's location, not the window's: the address bar may not have changed yet.
fn load_from_server() {
    let location = use_location();
    let (path, search) = (
        location.pathname.get_untracked(),
        location.search.get_untracked(),
    );
    if search.is_empty() {
        go_to(&path);
    } else {
        go_to(&format!("{path}?{}", search.trim_start_matches('?')));
    }
}

/// Navigate with a full page load (into the other bundle).
pub fn go_to(path: &str) {
    if let Some(window) = web_sys::window() {
        let _ = window.location().set_href(path);
    }
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
        view! { <p class="loading" role="status">"正在打开…"</p> }
    };
    view! {
        <Router>
            <Routes fallback=elsewhere>
                <Route path=path!("/staff/new") view=|| view! { <StaffGate><BuilderPage /></StaffGate> } />
                <Route path=path!("/staff/s/:id/edit") view=|| view! { <StaffGate><BuilderPage /></StaffGate> } />
            </Routes>
        </Router>
    }
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
                <p class="notice">"没有这个页面。"<a href="/results" rel="external">"查看已公布的测评结果"</a></p>
            </main>
        }
    };
    view! {
        <Router>
            <Routes fallback=not_found>
                <Route path=path!("/staff") view=|| view! { <StaffGate><SurveysPage /></StaffGate> } />
                <Route path=path!("/staff/accounts") view=|| view! { <StaffGate><AccountsPage /></StaffGate> } />
                <Route path=path!("/staff/s/:id") view=|| view! { <StaffGate><DashboardPage /></StaffGate> } />
                <Route path=path!("/staff/s/:id/tally") view=|| view! { <StaffGate><TallyPage /></StaffGate> } />
            </Routes>
        </Router>
    }
}
