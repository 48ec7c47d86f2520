use leptos::prelude::*;

use super::distribution_panel::{loaded_rows, site_origin};
use super::CodeSheet;
use crate::app::common::components::LabeledInput;
use crate::app::common::dialog::confirm;
use crate::app::common::{watch_session, Session};
use crate::app::staff::api;
use crate::domain::calendar::beijing_minute;
use crate::domain::distribution::{CodeBatchIssued, CodeBatchRequest};

/// What staff asked of the panel: one action, so that its outcome is the one message shown.
#[derive(Debug, Clone)]
enum CodeTask {
    /// Issue a batch: how many (as typed) and its label.
    Issue { count: String, label: String },
    /// Revoke the unused codes of a batch.
    RevokeBatch(u32),
    /// Revoke one code (a lost slip).
    RevokeCode(String),
}

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
    let session = use_context::<Session>();
    let id = StoredValue::new(survey_id);
    let batches = LocalResource::new(move || async move {
        watch_session(session, api::code_batches(&id.get_value()).await)
    });
    let count = RwSignal::new(String::new());
    let label = RwSignal::new(String::new());
    let lost = RwSignal::new(String::new());
    let sheet = RwSignal::new(None::<CodeBatchIssued>);
    let task = Action::new_local(move |task: &CodeTask| {
        let task = task.clone();
        async move {
            let id = id.get_value();
            let done = match task {
                CodeTask::Issue { count, label } => {
                    let Ok(count) = count.trim().parse::<u32>() else {
                        return (false, "请填写要生成的测评码数量".to_string());
                    };
                    let request = CodeBatchRequest {
                        count,
                        label,
                        origin: site_origin(),
                    };
                    let issued = api::issue_codes(&id, &request).await;
                    watch_session(session, issued).map(|batch| {
                        let note = format!(
                            "已生成第 {} 批 {} 个测评码。测评码只显示这一次，请立即打印或下载。",
                            batch.batch,
                            batch.codes.len()
                        );
                        sheet.set(Some(batch));
                        note
                    })
                }
                CodeTask::RevokeBatch(batch) => {
                    watch_session(session, api::revoke_batch(&id, batch).await)
                        .map(|done| format!("已作废 {} 个测评码", done.revoked))
                }
                CodeTask::RevokeCode(code) => {
                    watch_session(session, api::revoke_code(&id, &code).await).map(|done| {
                        if done.revoked == 0 {
                            "该测评码此前已作废".to_string()
                        } else {
                            lost.set(String::new());
                            "已作废该测评码".to_string()
                        }
                    })
                }
            };
            batches.refetch();
            match done {
                Ok(note) => (true, note),
                Err(failure) => (false, failure.field_message()),
            }
        }
    });
    let busy = task.pending();
    let issue = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        task.dispatch_local(CodeTask::Issue {
            count: count.get_untracked(),
            label: label.get_untracked(),
        });
    };
    let revoke_batch = move |batch: u32| {
        if confirm(&format!(
            "确定作废第 {batch} 批中尚未使用的全部测评码吗？作废后不能恢复。"
        )) {
            task.dispatch_local(CodeTask::RevokeBatch(batch));
        }
    };
    let revoke_one = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        task.dispatch_local(CodeTask::RevokeCode(lost.get_untracked()));
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
                task.value()
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
                    {loaded_rows(
                        batches,
                        "7",
                        move |list| {
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
                                                                disabled=move || busy.get()
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
                        },
                    )}
                </tbody>
            </table>
            <form class="inline-form" on:submit=revoke_one>
                <LabeledInput
                    label="作废单个测评码（遗失的测评码条）"
                    testid="revoke-code-input"
                    value=lost
                    on_input=Callback::new(move |v| lost.set(v))
                />
                <button type="submit" data-testid="revoke-code" disabled=move || busy.get()>
                    "作废"
                </button>
            </form>
        </section>
    }
}
