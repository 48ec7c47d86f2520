use leptos::prelude::*;

use crate::domain::audit::{action_label_zh, verify_chain, AuditEntry};
use crate::domain::calendar::beijing_minute;

/// The survey's staff actions as logged, with the hash chain checked here in the browser.
#[component]
pub fn AuditTrail(
    /// The chain, oldest first.
    #[prop(into)]
    entries: Signal<Vec<AuditEntry>>,
) -> impl IntoView {
    let verdict = Signal::derive(move || entries.with(|e| verify_chain(e).map(|_| e.len())));
    view! {
        <section class="panel" aria-labelledby="audit-heading">
            <h2 id="audit-heading">"操作记录"</h2>
            <p
                role="status"
                data-testid="audit-verdict"
                class=move || if verdict.get().is_ok() { "notice" } else { "notice notice-warn" }
            >
                {move || match verdict.get() {
                    Ok(0) => "尚无操作记录".to_string(),
                    Ok(n) => format!("记录链完整：{n} 条记录的哈希逐条校验通过"),
                    Err(b) => {
                        format!("第 {} 条记录校验失败：{}", b.seq, b.reason.message_zh())
                    }
                }}
            </p>
            <Show when=move || !entries.with(Vec::is_empty)>
                <table class="channel-table audit-table">
                    <thead>
                        <tr>
                            <th scope="col">"#"</th>
                            <th scope="col">"时间"</th>
                            <th scope="col">"操作人"</th>
                            <th scope="col">"操作"</th>
                            <th scope="col">"内容"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            entries
                                .get()
                                .into_iter()
                                .map(|e| {
                                    view! {
                                        <tr>
                                            <td class="num">{e.seq}</td>
                                            <td>{beijing_minute(e.at)}</td>
                                            <td>{e.actor.clone()}</td>
                                            <td>{action_label_zh(&e.action).to_string()}</td>
                                            <td>
                                                <code>{e.detail.clone()}</code>
                                            </td>
                                        </tr>
                                    }
                                })
                                .collect_view()
                        }}
                    </tbody>
                </table>
            </Show>
        </section>
    }
}
