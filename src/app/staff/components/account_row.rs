use leptos::prelude::*;

use crate::app::common::dialog::confirm;
use crate::app::common::{role_label, session_ended, Session};
use crate::app::staff::api;
use crate::domain::calendar::beijing_minute;
use crate::domain::wire::{Account, NewPassword, PasswordSet};

/// One account in the list with its actions: 停用 or 启用, and 重置密码 (the server
/// generates the new password). Both end the account's sessions at once.
#[component]
pub fn AccountRow(
    /// The account as listed.
    account: Account,
    /// The signed-in admin's own account: it cannot be disabled from here.
    own: bool,
    /// Called after a change, to list the accounts again.
    on_change: Callback<()>,
    /// Called with a generated password, to show it this once.
    on_password: Callback<PasswordSet>,
) -> impl IntoView {
    let session = use_context::<Session>();
    let name = StoredValue::new(account.username.clone());
    let problem = RwSignal::new(None::<String>);
    let report = move |failure: crate::app::common::api::ApiFailure| {
        if !session_ended(session, &failure) {
            problem.set(Some(failure.message()));
        }
    };
    let toggle = Action::new_local(move |disable: &bool| {
        let (disable, name) = (*disable, name.get_value());
        async move {
            match api::set_account_disabled(&name, disable).await {
                Ok(_) => on_change.run(()),
                Err(failure) => report(failure),
            }
        }
    });
    let reset = Action::new_local(move |_: &()| {
        let name = name.get_value();
        async move {
            match api::set_account_password(&name, &NewPassword::default()).await {
                Ok(set) => {
                    on_password.run(set);
                    on_change.run(());
                }
                Err(failure) => report(failure),
            }
        }
    });
    let busy = move || toggle.pending().get() || reset.pending().get();
    let disabled = account.disabled_at.is_some();
    let on_toggle = move |_| {
        let who = name.get_value();
        let question = format!("停用账号 {who}？停用后不能登录，正在使用的登录会立即结束。");
        if disabled || confirm(&question) {
            problem.set(None);
            toggle.dispatch_local(!disabled);
        }
    };
    let on_reset = move |_| {
        let who = name.get_value();
        let question = format!(
            "重置 {who} 的密码？将生成新密码（只显示一次），该账号正在使用的登录会立即结束。"
        );
        if confirm(&question) {
            problem.set(None);
            reset.dispatch_local(());
        }
    };
    let when = |ms: Option<i64>| ms.map(beijing_minute).unwrap_or_else(|| "—".into());
    let state = match account.disabled_at {
        Some(at) => format!("已停用（{}）", beijing_minute(at)),
        None => "可登录".into(),
    };
    let testid = |what: &str| format!("{what}-{}", account.username);
    view! {
        <tr data-testid=testid("account")>
            <td>
                {account.username.clone()}
                {own.then_some(view! { <span class="muted">" （本人）"</span> })}
            </td>
            <td>{role_label(account.role)}</td>
            <td data-testid=testid("account-state")>{state}</td>
            <td>{when(Some(account.created_at))}</td>
            <td>{when(account.last_sign_in_at)}</td>
            <td class="num" data-testid=testid("account-sessions")>
                {account.sessions}
            </td>
            <td>
                <span class="row-actions">
                    {(!own)
                        .then(|| {
                            view! {
                                <button
                                    type="button"
                                    class="small"
                                    class:danger=!disabled
                                    data-testid=testid("account-toggle")
                                    disabled=busy
                                    on:click=on_toggle
                                >
                                    {if disabled { "启用" } else { "停用" }}
                                </button>
                            }
                        })}
                    <button
                        type="button"
                        class="small"
                        data-testid=testid("account-reset")
                        disabled=busy
                        on:click=on_reset
                    >
                        "重置密码"
                    </button>
                </span>
                {move || {
                    problem
                        .get()
                        .map(|p| {
                            view! {
                                <p class="notice notice-warn" role="alert">
                                    {p}
                                </p>
                            }
                        })
                }}
            </td>
        </tr>
    }
}
