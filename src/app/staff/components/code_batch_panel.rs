use leptos::prelude::*;
use leptos::task::spawn_local;

use super::distribution_panel::site_origin;
use super::CodeSheet;
use crate::app::common::components::LabeledInput;
use crate::app::common::dialog::confirm;
use crate::app::common::Loading;
use crate::app::staff::api;
use crate::app::staff::load::load_into;
use crate::domain::calendar::beijing_minute;
use crate::domain::distribution::{CodeBatchIssued, CodeBatchRequest};

/// One-time codes: issue a batch (shown once, as a printable sheet and a CSV), see how
/// many of each batch were used, revoke a lost slip or a whole batch.
#[component]
pub fn CodeBatchPanel(
    /// The survey's id.
    #[prop(into)]
    survey_id: String,
    /// Printed on each slip.
    #[prop(into)]
    title: String,
) -> impl IntoView {
    let id = StoredValue::new(survey_id);
    let refresh = RwSignal::new(0u32);
    // Still load_into and spawned tasks: as a LocalResource under Transition with one Action,
    // the batch table failed to show after a reload in one of two e2e runs, not understood yet.
    let batches = RwSignal::new(Loading::Pending);
    load_into(batches, move || {
        refresh.track();
        async move { api::code_batches(&id.get_value()).await }
    });
    let count = RwSignal::new(String::new());
    let label = RwSignal::new(String::new());
    let lost = RwSignal::new(String::new());
    let sheet = RwSignal::new(None::<CodeBatchIssued>);
    let message = RwSignal::new(None::<(bool, String)>);
    let busy = RwSignal::new(false);
    let issue = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(n) = count.get_untracked().trim().parse::<u32>() else {
            message.set(Some((false, "请填写要生成的测评码数量".into())));
            return;
        };
        let request = CodeBatchRequest {
            count: n,
            label: label.get_untracked(),
            origin: site_origin(),
        };
        busy.set(true);
        spawn_local(async move {
            match api::issue_codes(&id.get_value(), &request).await {
                Ok(batch) => {
                    message.set(Some((
                        true,
                        format!(
                            "已生成第 {} 批 {} 个测评码。测评码只显示这一次，请立即打印或下载。",
                            batch.batch,
                            batch.codes.len()
                        ),
                    )));
                    sheet.set(Some(batch));
                    refresh.update(|r| *r += 1);
                }
                Err(failure) => message.set(Some((false, failure.field_message()))),
            }
            busy.set(false);
        });
    };
    let revoke_batch = move |batch: u32| {
        if !confirm(&format!(
            "确定作废第 {batch} 批中尚未使用的全部测评码吗？作废后不能恢复。"
        )) {
            return;
        }
        spawn_local(async move {
            match api::revoke_batch(&id.get_value(), batch).await {
                Ok(done) => message.set(Some((true, format!("已作废 {} 个测评码", done.revoked)))),
                Err(failure) => message.set(Some((false, failure.field_message()))),
            }
            refresh.update(|r| *r += 1);
        });
    };
    let revoke_one = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let code = lost.get_untracked();
        spawn_local(async move {
            match api::revoke_code(&id.get_value(), &code).await {
                Ok(done) if done.revoked == 0 => {
                    message.set(Some((true, "该测评码此前已作废".into())))
                }
                Ok(_) => {
                    lost.set(String::new());
                    message.set(Some((true, "已作废该测评码".into())));
                }
                Err(failure) => message.set(Some((false, failure.field_message()))),
            }
            refresh.update(|r| *r += 1);
        });
    };
    let title = StoredValue::new(title);
    view! {
        <section class="codes" aria-labelledby="codes-heading" data-testid="code-batches">
            <h3 id="codes-heading">"一次性测评码"</h3>
            <form class="inline-form" on:submit=issue>
                <LabeledInput
                    label="数量"
                    short=true
                    inputmode="numeric"
                    testid="code-count"
                    value=count
                    on_input=Callback::new(move |v| count.set(v))
                />
                <LabeledInput
                    label="批次说明（如会议名称）"
                    testid="code-label"
                    value=label
                    on_input=Callback::new(move |v| label.set(v))
                />
                <button
                    type="submit"
                    class="primary"
                    data-testid="issue-codes"
                    disabled=move || busy.get()
                >
                    "生成测评码"
                </button>
            </form>
            {move || {
                message
                    .get()
                    .map(|(ok, m)| {
                        view! {
                            <p
                                class=if ok { "notice" } else { "notice notice-warn" }
                                role="status"
                                data-testid="codes-message"
                            >
                                {m}
                            </p>
                        }
                    })
            }}
            {move || sheet.get().map(|batch| view! { <CodeSheet batch title=title.get_value() /> })}
            <table class="batch-table">
                <thead>
                    <tr>
                        <th scope="col">"批次"</th>
                        <th scope="col">"说明"</th>
                        <th scope="col" class="num">
                            "数量"
                        </th>
                        <th scope="col" class="num">
                            "已用"
                        </th>
                        <th scope="col" class="num">
                            "已作废"
                        </th>
                        <th scope="col">"生成"</th>
                        <th scope="col"></th>
                    </tr>
                </thead>
                <tbody>
                    {move || match batches.get() {
                        Loading::Ready(list) => {
                            list.into_iter()
                                .map(|b| {
                                    let open = b.count - b.spent.unwrap_or(0)
                                        - b.revoked.unwrap_or(0);
                                    let shown = |n: Option<u64>| {
                                        n.map_or_else(
                                            || "投票结束后显示".to_string(),
                                            |n| n.to_string(),
                                        )
                                    };
                                    let batch = b.batch;
                                    // While a ballot is open the server tells neither count.
                                    view! {
                                        <tr data-testid=format!("batch-{batch}")>
                                            <td>{batch}</td>
                                            <td>{b.label}</td>
                                            <td class="num">{b.count}</td>
                                            <td class="num" data-testid=format!("batch-{batch}-spent")>
                                                {shown(b.spent)}
                                            </td>
                                            <td
                                                class="num"
                                                data-testid=format!("batch-{batch}-revoked")
                                            >
                                                {shown(b.revoked)}
                                            </td>
                                            <td>
                                                {format!(
                                                    "{} {}",
                                                    beijing_minute(b.created_at),
                                                    b.created_by,
                                                )}
                                            </td>
                                            <td>
                                                {(open > 0)
                                                    .then(|| {
                                                        view! {
                                                            <button
                                                                type="button"
                                                                class="small danger"
                                                                data-testid=format!("revoke-batch-{batch}")
                                                                on:click=move |_| revoke_batch(batch)
                                                            >
                                                                "作废未用的码"
                                                            </button>
                                                        }
                                                    })}
                                            </td>
                                        </tr>
                                    }
                                })
                                .collect_view()
                                .into_any()
                        }
                        Loading::Failed(m) => {
                            view! {
                                <tr>
                                    <td colspan="7">{m}</td>
                                </tr>
                            }
                                .into_any()
                        }
                        Loading::Pending => ().into_any(),
                    }}
                </tbody>
            </table>
            <form class="inline-form" on:submit=revoke_one>
                <LabeledInput
                    label="作废单个测评码（遗失的测评码条）"
                    testid="revoke-code-input"
                    value=lost
                    on_input=Callback::new(move |v| lost.set(v))
                />
                <button type="submit" data-testid="revoke-code">
                    "作废"
                </button>
            </form>
        </section>
    }
}
