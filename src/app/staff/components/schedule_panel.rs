use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::app::staff::api;
use crate::domain::schedule::{format_beijing_input, parse_beijing_minute, Schedule};

/// The optional time window of an open survey, in Beijing time.
#[component]
pub fn SchedulePanel(
    /// The survey's id.
    #[prop(into)]
    survey_id: String,
    /// The window on record.
    initial: Schedule,
) -> impl IntoView {
    let id = StoredValue::new(survey_id);
    let current = RwSignal::new(initial);
    let opens = RwSignal::new(
        initial
            .opens_at
            .map(format_beijing_input)
            .unwrap_or_default(),
    );
    let closes = RwSignal::new(
        initial
            .closes_at
            .map(format_beijing_input)
            .unwrap_or_default(),
    );
    let message = RwSignal::new(None::<(bool, String)>);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let read = |text: String| -> Result<Option<i64>, ()> {
            if text.trim().is_empty() {
                Ok(None)
            } else {
                parse_beijing_minute(&text).map(Some).ok_or(())
            }
        };
        let (Ok(opens_at), Ok(closes_at)) =
            (read(opens.get_untracked()), read(closes.get_untracked()))
        else {
            message.set(Some((false, "请按“年-月-日 时:分”填写时间".into())));
            return;
        };
        let schedule = Schedule {
            opens_at,
            closes_at,
        };
        spawn_local(async move {
            match api::set_schedule(&id.get_value(), &schedule).await {
                Ok(saved) => {
                    current.set(saved);
                    message.set(Some((true, "已保存".into())));
                }
                Err(failure) => message.set(Some((false, failure.field_message()))),
            }
        });
    };
    view! {
        <form class="inline-form schedule" on:submit=save data-testid="schedule-form">
            <h3>"填写时间（可选，北京时间）"</h3>
            <label class="field">
                <span class="field-label">"开始"</span>
                <input type="datetime-local" data-testid="schedule-opens" prop:value=move || opens.get() on:input=move |ev| opens.set(event_target_value(&ev)) />
            </label>
            <label class="field">
                <span class="field-label">"截止"</span>
                <input type="datetime-local" data-testid="schedule-closes" prop:value=move || closes.get() on:input=move |ev| closes.set(event_target_value(&ev)) />
            </label>
            <button type="submit" data-testid="save-schedule">"保存时间"</button>
            <p class="muted" data-testid="schedule-current">
                {move || { let text = current.get().describe_zh(); if text.is_empty() { "未设时间：开放期间随时可填。".to_string() } else { format!("当前：{text}。到截止时间，系统自动结束测评并冻结答卷。") } }}
            </p>
            {move || message.get().map(|(ok, m)| view! { <p class=if ok { "notice" } else { "notice notice-warn" } role="status">{m}</p> })}
        </form>
    }
}
