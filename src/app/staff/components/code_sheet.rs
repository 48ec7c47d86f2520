use leptos::prelude::*;

use crate::domain::distribution::CodeBatchIssued;

fn data_url(mime: &str, text: &str) -> String {
    format!(
        "data:{mime};charset=utf-8,{}",
        String::from(js_sys::encode_uri_component(text))
    )
}

/// A new batch as a printable sheet: one slip per code with its QR code, cut apart and
/// handed out; plus the same codes as CSV. Only this page ever shows them.
#[component]
pub fn CodeSheet(
    /// The batch just issued.
    batch: CodeBatchIssued,
    /// The survey's title, printed on each slip.
    title: String,
) -> impl IntoView {
    let csv = data_url("text/csv", &batch.csv);
    let file = format!("测评码-第{}批.csv", batch.batch);
    let print = move |_| {
        if let Some(window) = web_sys::window() {
            let _ = window.print();
        }
    };
    view! {
        <div class="code-sheet" data-testid="code-sheet">
            <div class="sheet-actions">
                <button type="button" class="primary" data-testid="print-sheet" on:click=print>
                    "打印测评码条"
                </button>
                <a class="button" href=csv download=file data-testid="download-codes-csv">
                    "下载 CSV"
                </a>
            </div>
            <ol class="slips">
                {batch
                    .codes
                    .into_iter()
                    .enumerate()
                    .map(|(i, code)| {
                        view! {
                            <li class="slip" data-testid="code-slip">
                                <p class="slip-title">{title.clone()}</p>
                                <img
                                    src=data_url("image/svg+xml", &code.qr_svg)
                                    alt=format!("测评码 {} 的二维码", code.code)
                                    width="120"
                                    height="120"
                                />
                                <p class="slip-code">
                                    "测评码 "
                                    <strong data-testid="slip-code">{code.code.clone()}</strong>
                                </p>
                                <p class="slip-link" data-testid="slip-link">
                                    {code.link}
                                </p>
                                <p class="slip-note">
                                    {format!(
                                        "第 {} 号 · 扫码或打开链接投票，每码限用一次",
                                        i + 1,
                                    )}
                                </p>
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        </div>
    }
}
