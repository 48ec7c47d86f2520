use leptos::prelude::*;
use leptos_router::components::A;

use crate::app::staff::pages::{DashboardView, SurveyDashboard};

/// The dashboard's views as links, the current one marked: each view has its own
/// address, so a link staff share opens the same view.
#[component]
pub fn DashboardTabs() -> impl IntoView {
    let dashboard = SurveyDashboard::expect();
    move || {
        dashboard.identity.get().map(|(survey_id, kind)| {
            let tabs = DashboardView::ALL
                .into_iter()
                .filter(|view| view.applies_to(kind))
                .map(|view| {
                    view! {
                        <li>
                            <A
                                href=view.href(&survey_id)
                                exact=true
                                scroll=false
                                attr:data-testid=format!("view-{}", view.name())
                            >
                                {view.label_zh()}
                            </A>
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
