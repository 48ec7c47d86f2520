use leptos::prelude::*;
use uuid::Uuid;

use crate::app::common::{go_to, use_lang};
use crate::app::respondent::outbox::{Delivery, Outbox};
use crate::app::respondent::storage::{self, Draft};

/// `/s/:id/done/:rid`: where the submission stands — sent (with its receipt), waiting for
/// the network, or refused (with a way back to correct it).
#[component]
pub fn ReceiptPage(
    /// The survey's id, from the address.
    survey_id: String,
    /// The response's id, from the address (checked here).
    response_id: String,
) -> impl IntoView {
    let lang = use_lang();
    let outbox = expect_context::<Outbox>();
    let response_id = Uuid::parse_str(&response_id).ok();
    let correct = move |id: Uuid| {
        if let Some(refusal) = outbox.take_refusal(id) {
            let draft = Draft {
                response_id: refusal.submission.id,
                answers: refusal.submission.answers,
                section: 0,
                code: refusal.submission.code.unwrap_or_default(),
            };
            storage::save_draft(&refusal.survey_id, &draft);
            // A full load: the server inlines the definition again.
            go_to(&format!("/s/{}", refusal.survey_id));
        }
    };
    move || {
        let Some(id) = response_id else {
            return view! { <p class="notice">{lang.get().pick("链接不完整。", "This link is incomplete.")}</p> }.into_any();
        };
        match outbox.delivery(id) {
            Delivery::Delivered(receipt) => view! {
                <section class="receipt" data-testid="receipt">
                    <h1>{lang.get().pick("提交成功", "Received")}</h1>
                    <p>
                        {lang
                            .get()
                            .pick(
                                "您的答卷已安全保存，感谢参与！",
                                "Your answers are stored safely. Thank you!",
                            )}
                    </p>
                    <dl>
                        <dt>{lang.get().pick("回执码", "Receipt code")}</dt>
                        <dd class="receipt-code" data-testid="receipt-code">
                            {receipt.receipt_code}
                        </dd>
                        {receipt
                            .received_at
                            .map(|at| {
                                view! {
                                    <dt>{lang.get().pick("提交时间", "Received at")}</dt>
                                    <dd>{format_time(at)}</dd>
                                }
                            })}
                    </dl>
                    {receipt
                        .received_at
                        .is_none()
                        .then(|| {
                            view! {
                                <p class="muted" data-testid="secret-note">
                                    {lang
                                        .get()
                                        .pick(
                                            "为保护投票秘密，系统不记录投票时间，本机也已清除测评码和您的选择；回执码只证明已收到，不对应任何一张票。",
                                            "To keep the vote secret, no time is kept, and this device has forgotten your code and choices; the receipt code only shows that a ballot arrived.",
                                        )}
                                </p>
                            }
                        })}
                    <p>
                        <a href="/">{lang.get().pick("返回测评列表", "Back to the list")}</a>
                    </p>
                </section>
            }
            .into_any(),
            Delivery::Waiting { attempts } => view! {
                <section class="receipt pending" data-testid="outbox-pending" role="status">
                    <h1>{lang.get().pick("答卷已保存在本机", "Saved on this device")}</h1>
                    <p>
                        {lang
                            .get()
                            .pick(
                                "正在提交……如果网络不通，恢复连接后会自动提交，请不要清除浏览器数据。",
                                "Sending… If there is no network, it will be sent automatically when the connection is back. Please keep this browser's data.",
                            )}
                    </p>
                    {(attempts > 0)
                        .then(|| {
                            view! {
                                <p class="muted" data-testid="attempts">
                                    {match lang.get() {
                                        crate::app::common::i18n::Lang::Zh => {
                                            format!("已尝试 {attempts} 次，稍后自动重试。")
                                        }
                                        crate::app::common::i18n::Lang::En => {
                                            format!("Tried {attempts} time(s); retrying automatically.")
                                        }
                                    }}
                                </p>
                            }
                        })}
                </section>
            }
            .into_any(),
            Delivery::Refused(refusal) => {
                view! {
                    <section class="receipt refused" data-testid="refused" role="alert">
                        <h1>{lang.get().pick("未能提交", "Not accepted")}</h1>
                        <p>{refusal.error.message.clone()}</p>
                        {refusal
                            .secret
                            .then(|| {
                                view! {
                                    <p class="muted">
                                        {lang
                                            .get()
                                            .pick(
                                                "为保护投票秘密，本机已清除测评码和您的选择，请重新填写。",
                                                "To keep the vote secret, this device has forgotten your code and choices; please fill in the ballot again.",
                                            )}
                                    </p>
                                }
                            })}
                        <button
                            type="button"
                            class="primary"
                            data-testid="correct"
                            on:click=move |_| correct(id)
                        >
                            {lang.get().pick("返回修改", "Go back and correct")}
                        </button>
                    </section>
                }
                .into_any()
            }
            Delivery::Unknown => view! {
                <section class="notice">
                    <p>
                        {lang
                            .get()
                            .pick(
                                "本机没有这次提交的记录。",
                                "This device has no record of that submission.",
                            )}
                    </p>
                    <p>
                        <a href=format!(
                            "/s/{}",
                            survey_id,
                        )>{lang.get().pick("返回问卷", "Back to the survey")}</a>
                    </p>
                </section>
            }
            .into_any(),
        }
    }
}

/// Local date and time, e.g. 2023-11-05 14:03.
fn format_time(millis: i64) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(millis as f64));
    format!(
        "{}-{:02}-{:02} {:02}:{:02}",
        date.get_full_year(),
        date.get_month() + 1,
        date.get_date(),
        date.get_hours(),
        date.get_minutes()
    )
}
