use crate::app::common::components::{CaughtFailure, LoadingLine};
use leptos::prelude::*;

use super::{AccountRow, NewAccountForm};
use crate::app::common::{watch_session, Session};
use crate::app::staff::api;
use crate::domain::wire::PasswordSet;

/// The list and the form to add an account (for an admin).
#[component]
pub fn AccountList(
    /// Who is signed in.
    session: Session,
) -> impl IntoView {
    let accounts =
        LocalResource::new(
            move || async move { watch_session(Some(session), api::accounts().await) },
        );
    let reload = Callback::new(move |()| accounts.refetch());
    let generated = RwSignal::new(None::<PasswordSet>);
    let show_password = Callback::new(move |set: PasswordSet| generated.set(Some(set)));
    let me = move || session.user.get().map(|u| u.username).unwrap_or_default();
    view! {
        <p class="muted">
            "停用账号或重置密码会立即结束该账号正在使用的全部登录；每项操作都记入审计记录。"
        </p>
        {move || {
            generated
                .get()
                .and_then(|set| {
                    set.generated
                        .map(|password| {
                            view! {
                                <p
                                    class="notice"
                                    role="status"
                                    data-testid="generated-password-notice"
                                >
                                    {format!("{} 的新密码：", set.username)}
                                    <code data-testid="generated-password">{password}</code>
                                    "（只显示这一次，请当面或通过可靠渠道转交本人）"
                                </p>
                            }
                        })
                })
        }}
        <Transition fallback=LoadingLine>
            <ErrorBoundary fallback=|errors| {
                view! { <CaughtFailure errors /> }
            }>
                {move || Suspend::new(async move {
                    accounts
                        .await
                        .map(|list| {
                            view! {
                                <div class="table-scroll">
                                    <table class="survey-table" data-testid="account-table">
                                        <thead>
                                            <tr>
                                                <th scope="col">"用户名"</th>
                                                <th scope="col">"角色"</th>
                                                <th scope="col">"状态"</th>
                                                <th scope="col">"创建时间"</th>
                                                <th scope="col">"最近登录"</th>
                                                <th scope="col" class="num">
                                                    "在线登录"
                                                </th>
                                                <th scope="col">"操作"</th>
                                            </tr>
                                        </thead>
                                        <tbody>
                                            {list
                                                .into_iter()
                                                .map(|account| {
                                                    let own = account.username == me();
                                                    view! {
                                                        <AccountRow
                                                            account
                                                            own
                                                            on_change=reload
                                                            on_password=show_password
                                                        />
                                                    }
                                                })
                                                .collect_view()}
                                        </tbody>
                                    </table>
                                </div>
                            }
                        })
                })}
            </ErrorBoundary>
        </Transition>
        <NewAccountForm on_added=reload />
    }
}
