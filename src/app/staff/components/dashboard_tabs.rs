use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::app::staff::pages::{DashboardView, SurveyDashboard};

/// The dashboard's views as links (the router follows them without a page load), the
/// current one marked: each view has its own address, so a link staff share opens it.
#[component]
pub fn DashboardTabs() -> impl IntoView {
    let dashboard = SurveyDashboard::expect();
    let pathname = use_location().pathname;
    move || {
        dashboard.identity.get().map(|(survey_id, kind)| {
            let tabs = DashboardView::ALL
                .into_iter()
                .filter(|view| view.applies_to(kind))
                .map(|view| {
                    let href = view.href(&survey_id);
                    let target = href.clone();
                    // With or without a trailing slash, the address is the same view's.
                    let current = move || {
                        pathname
                            .with(|p| p.trim_end_matches('/') == target)
                            .then_some("page")
                    };
                    view! {
                        <li>
                            <a
                                href=href
                                aria-current=current
                                data-testid=format!("view-{}", view.name())
                            >
                                {view.label_zh()}
                            </a>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <nav class="view-tabs" aria-label="测评视图">
                    <ul>{tabs}</ul>
                </nav>
            }
        })
    }
}
