use super::LoadingLine;
use leptos::prelude::*;

use super::StaffBar;
use crate::app::common::api;
use crate::app::common::pages::LoginPage;
use crate::app::common::Session;

/// Staff pages: the bar, and the page only once someone is signed in (else the sign-in
/// form). Asks the server who is signed in the first time it is shown.
#[component]
pub fn StaffGate(children: ChildrenFn) -> impl IntoView {
    let session = expect_context::<Session>();
    // Once a page load: a gate on a later route finds the session already known. After
    // that, signing in and out (and any 401) change the session, not this.
    let asked = LocalResource::new(move || async move {
        if !session.checked.get_untracked() {
            if let Ok(me) = api::me().await {
                session.user.set(Some(me));
            }
            session.checked.set(true);
        }
    });
    let children = StoredValue::new(children);
    view! {
        <StaffBar />
        <main id="main" tabindex="-1">
            <Suspense fallback=LoadingLine>
                {move || Suspend::new(async move {
                    asked.await;
                    view! {
                        <Show
                            when=move || session.user.with(Option::is_some)
                            fallback=|| view! { <LoginPage /> }
                        >
                            {children.read_value()()}
                        </Show>
                    }
                })}
            </Suspense>
        </main>
    }
}
