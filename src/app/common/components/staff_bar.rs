use leptos::prelude::*;

use crate::app::common::api;
use crate::app::common::{role_label, Session};
use crate::domain::wire::Role;

/// The bar above every dashboard page: the name, who is signed in, 账号管理 for an admin,
/// sign-out.
#[component]
pub fn StaffBar() -> impl IntoView {
    let session = expect_context::<Session>();
    let sign_out = Action::new_local(move |_: &()| async move {
        let _ = api::logout().await;
        session.user.set(None);
    });
    view! {
        <header class="top-bar">
            <a class="skip-link" href="#main">
                "跳到正文"
            </a>
            <a class="brand" href="/staff/">
                "满意 · 测评工作台"
            </a>
            <div class="top-actions">
                {move || {
                    session
                        .user
                        .get()
                        .map(|user| {
                            let admin = user.role == Role::Admin;
                            view! {
                                {admin
                                    .then_some(
                                        view! {
                                            <a
                                                class="top-link"
                                                href="/staff/accounts"
                                                data-testid="accounts-link"
                                            >
                                                "账号管理"
                                            </a>
                                        },
                                    )}
                                <span class="who" data-testid="signed-in-as">
                                    {user.username}
                                    " · "
                                    {role_label(user.role)}
                                </span>
                                <button
                                    type="button"
                                    class="toggle"
                                    data-testid="sign-out"
                                    disabled=move || sign_out.pending().get()
                                    on:click=move |_| {
                                        sign_out.dispatch_local(());
                                    }
                                >
                                    "退出登录"
                                </button>
                            }
                        })
                }}
            </div>
        </header>
    }
}
