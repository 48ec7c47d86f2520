use leptos::prelude::*;

use crate::app::common::Session;
use crate::app::staff::components::AccountList;
use crate::domain::wire::Role;

/// 账号管理 (admins): every account with its state, disable and enable, a new password,
/// and adding an account. Every change is in the audit chain.
#[component]
pub fn AccountsPage() -> impl IntoView {
    let session = expect_context::<Session>();
    let admin = move || {
        session
            .user
            .with(|u| u.as_ref().is_some_and(|u| u.role == Role::Admin))
    };
    view! {
        <section class="accounts">
            <h1>"账号管理"</h1>
            <Show
                when=admin
                fallback=|| {
                    view! {
                        <p class="notice notice-warn" role="alert">
                            "只有管理员可以管理账号。"
                        </p>
                    }
                }
            >
                <AccountList session=session />
            </Show>
        </section>
    }
}
