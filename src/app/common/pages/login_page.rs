use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::app::common::api;
use crate::app::common::Session;
use crate::domain::wire::LoginRequest;

/// Staff sign-in: user name and password; the session lives in an HttpOnly cookie.
#[component]
pub fn LoginPage() -> impl IntoView {
    let session = expect_context::<Session>();
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get() {
            return;
        }
        busy.set(true);
        error.set(None);
        let request = LoginRequest {
            username: username.get_untracked().trim().to_string(),
            password: password.get_untracked(),
        };
        spawn_local(async move {
            match api::login(&request).await {
                Ok(user) => session.user.set(Some(user)),
                Err(failure) => error.set(Some(failure.message())),
            }
            busy.set(false);
        });
    };
    view! {
        <section class="login">
            <h1>"工作人员登录"</h1>
            <p class="muted">"查看测评结果、管理测评需要登录。"</p>
            <form on:submit=submit data-testid="login-form">
                <label for="username">"用户名"</label>
                <input id="username" name="username" autocomplete="username" required
                    data-testid="login-username"
                    prop:value=move || username.get()
                    on:input=move |ev| username.set(event_target_value(&ev)) />
                <label for="password">"密码"</label>
                <input id="password" name="password" type="password" autocomplete="current-password" required
                    data-testid="login-password"
                    prop:value=move || password.get()
                    on:input=move |ev| password.set(event_target_value(&ev)) />
                <Show when=move || error.with(Option::is_some)>
                    <p class="notice notice-warn" role="alert" data-testid="login-error">{move || error.get()}</p>
                </Show>
                <button type="submit" class="primary" data-testid="login-submit" disabled=move || busy.get()>
                    {move || if busy.get() { "正在登录…" } else { "登录" }}
                </button>
            </form>
        </section>
    }
}
