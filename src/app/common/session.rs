//! The staff session both staff bundles keep (dashboard and builder), and the full-page
//! navigation between bundles.

use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::app::common::api::ApiFailure;
use crate::domain::wire::{Role, StaffUser};

/// Who is signed in (`None` shows the sign-in page; set to `None` on any 401), and whether
/// the server has been asked yet.
#[derive(Debug, Clone, Copy)]
pub struct Session {
    pub user: RwSignal<Option<StaffUser>>,
    pub checked: RwSignal<bool>,
}

/// Whether `failure` says the session has ended (a 401: signed out elsewhere, unused too
/// long, too old, or the account disabled or given a new password); if so the sign-in page
/// shows in place of the page.
pub fn session_ended(session: Option<Session>, failure: &ApiFailure) -> bool {
    let ended = matches!(failure, ApiFailure::Refused { status: 401, .. });
    if let (true, Some(session)) = (ended, session) {
        session.user.set(None);
    }
    ended
}

/// A staff call's outcome as it came, having shown the sign-in page if it says the session
/// has ended ([`session_ended`]).
pub fn watch_session<T>(
    session: Option<Session>,
    outcome: Result<T, ApiFailure>,
) -> Result<T, ApiFailure> {
    if let Err(failure) = &outcome {
        session_ended(session, failure);
    }
    outcome
}

/// A role as staff read it.
pub fn role_label(role: Role) -> &'static str {
    match role {
        Role::Admin => "管理员",
        Role::Staff => "工作人员",
        Role::Viewer => "查看者",
    }
}

/// Remove the loading placeholder the page shows until a bundle mounts.
pub fn remove_placeholder() {
    if let Some(boot) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("boot"))
    {
        boot.remove();
    }
}

/// A link into the other bundle was followed inside this one: load it from the server.
/// The router's location, not the window's: the address bar may not have changed yet.
pub fn load_from_server() {
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
