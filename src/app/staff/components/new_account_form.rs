use leptos::prelude::*;

use crate::app::common::{role_label, session_ended, Session};
use crate::app::staff::api;
use crate::domain::wire::{NewUser, Role};

/// Add a staff account: user name, role and a first password the admin hands over.
#[component]
pub fn NewAccountForm(
    /// Called after an account was added, to list the accounts again.
    on_added: Callback<()>,
) -> impl IntoView {
    let session = use_context::<Session>();
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let role = RwSignal::new(Role::Staff);
    // The account to add; the outcome is the message shown (none once the session ended).
    let add = Action::new_local(move |user: &NewUser| {
        let user = user.clone();
        async move {
            match api::add_account(&user).await {
                Ok(added) => {
                    username.set(String::new());
                    password.set(String::new());
                    on_added.run(());
                    Some((true, format!("已添加账号 {}", added.username)))
                }
                Err(failure) if session_ended(session, &failure) => None,
                Err(failure) => Some((false, failure.field_message())),
            }
        }
    });
    // The last outcome, not while adding another.
    let message = move || {
        (!add.pending().get())
            .then(|| add.value().get().flatten())
            .flatten()
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        add.dispatch_local(NewUser {
            username: username.get_untracked().trim().to_string(),
            password: password.get_untracked(),
            role: role.get_untracked(),
        });
    };
    let roles = [Role::Viewer, Role::Staff, Role::Admin];
    view! {
        <section class="panel" aria-labelledby="new-account-heading">
            <h2 id="new-account-heading">"添加账号"</h2>
            <form class="field-row" on:submit=submit data-testid="new-account-form">
                <label class="field">
                    <span class="field-label">"用户名（字母、数字或 . _ - @）"</span>
                    <input
                        type="text"
                        autocomplete="off"
                        required
                        data-testid="new-account-username"
                        prop:value=move || username.get()
                        on:input=move |ev| username.set(event_target_value(&ev))
                    />
                </label>
                <label class="field field-short">
                    <span class="field-label">"角色"</span>
                    <select
                        data-testid="new-account-role"
                        on:change=move |ev| {
                            role.set(Role::parse(&event_target_value(&ev)).unwrap_or(Role::Staff))
                        }
                    >
                        {roles
                            .into_iter()
                            .map(|r| {
                                view! {
                                    <option value=r.as_str() selected=move || role.get() == r>
                                        {role_label(r)}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </label>
                <label class="field">
                    <span class="field-label">"初始密码（至少 10 个字符）"</span>
                    <input
                        type="password"
                        autocomplete="new-password"
                        required
                        data-testid="new-account-password"
                        prop:value=move || password.get()
                        on:input=move |ev| password.set(event_target_value(&ev))
                    />
                </label>
                <button
                    type="submit"
                    class="primary"
                    data-testid="new-account-submit"
                    disabled=move || add.pending().get()
                >
                    "添加"
                </button>
            </form>
            {move || {
                message()
                    .map(|(ok, text)| {
                        view! {
                            <p
                                class=if ok { "notice" } else { "notice notice-warn" }
                                role="status"
                                data-testid="new-account-message"
                            >
                                {text}
                            </p>
                        }
                    })
            }}
        </section>
    }
}
