//! The staff dashboard, a bundle of its own under `/staff/`: sign-in, the surveys, every
//! figure as a plotters chart on a canvas, filters, waves, and the live ballot tally.

mod components;
mod live;
mod load;
mod pages;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::app::api;
use crate::domain::wire::StaffUser;
use components::StaffBar;
use pages::{DashboardPage, LoginPage, SurveysPage, TallyPage};

/// Who is signed in (`None` shows the sign-in page); set to `None` on any 401.
#[derive(Debug, Clone, Copy)]
pub struct Session(pub RwSignal<Option<StaffUser>>);

/// Mount the dashboard in place of the loading placeholder.
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
    let user = RwSignal::new(None::<StaffUser>);
    let checked = RwSignal::new(false);
    provide_context(Session(user));
    spawn_local(async move {
        if let Ok(me) = api::me().await {
            user.set(Some(me));
        }
        checked.set(true);
    });
    view! {
        <Router base="/staff">
            <StaffBar />
            <main id="main" tabindex="-1">
                <Show
                    when=move || checked.get()
                    fallback=|| view! { <p class="loading" role="status">"正在加载…"</p> }
                >
                    <Show when=move || user.with(Option::is_some) fallback=|| view! { <LoginPage /> }>
                        <Routes fallback=|| view! { <p class="notice">"没有这个页面。"<a href="/staff/">"返回测评列表"</a></p> }>
                            <Route path=path!("/") view=SurveysPage />
                            <Route path=path!("/s/:id") view=DashboardPage />
                            <Route path=path!("/s/:id/tally") view=TallyPage />
                        </Routes>
                    </Show>
                </Show>
            </main>
        </Router>
    }
}
