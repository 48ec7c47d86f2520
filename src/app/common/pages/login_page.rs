use leptos::prelude::*;

use crate::app::common::api;
use crate::app::common::Session;
use crate::domain::wire::LoginRequest;

/// Staff sign-in: user name and password; the session lives in an HttpOnly cookie.
#[component]
pub fn LoginPage() -> impl IntoView {
    let session = expect_context::<Session>();
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    // Signed in, the gate shows the page; refused, the action's value says why.
    let login = Action::new_local(move |request: &LoginRequest| {
        let request = request.clone();
        async move {
            match api::login(&request).await {
                Ok(user) => {
                    session.user.set(Some(user));
                    None
                }
                Err(failure) => Some(failure.message()),
            }
        }
    });
    let busy = login.pending();
    // The last refusal, not while trying again.
    let error = move || {
        (!busy.get())
            .then(|| login.value().get().flatten())
            .flatten()
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        login.dispatch_local(LoginRequest {
            username: username.get_untracked().trim().to_string(),
            password: password.get_untracked(),
        });
    };
    view! {
        <section class="login">
            <h1>"工作人员登录"</h1>
            <p class="muted">"查看测评结果、管理测评需要登录。"</p>
            <form on:submit=submit data-testid="login-form">
                <label for="username">"用户名"</label>
                <input
                    id="username"
                    name="username"
                    autocomplete="username"
                    required
                    data-testid="login-username"
                    prop:value=move || username.get()
                    on:input=move |ev| username.set(event_target_value(&ev))
                />
                <label for="password">"密码"</label>
                <input
                    id="password"
                    name="password"
                    type="password"
                    autocomplete="current-password"
                    required
                    data-testid="login-password"
                    prop:value=move || password.get()
                    on:input=move |ev| password.set(event_target_value(&ev))
                />
                <Show when=move || error().is_some()>
                    <p class="notice notice-warn" role="alert" data-testid="login-error">
                        {error}
                    </p>
                </Show>
                <button
                    type="submit"
                    class="primary"
                    data-testid="login-submit"
                    disabled=move || busy.get()
                >
                    {move || if busy.get() { "正在登录…" } else { "登录" }}
                </button>
            </form>
        </section>
    }
}
