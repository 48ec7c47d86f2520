use leptos::prelude::*;

use crate::app::common::{watch_session, Session};
use crate::app::staff::api;
use crate::domain::schedule::{format_beijing_input, parse_beijing_minute, Schedule};

/// The window typed in the two fields, or `None` if either is not a time.
fn read_schedule(opens: &str, closes: &str) -> Option<Schedule> {
    let read = |text: &str| -> Result<Option<i64>, ()> {
        if text.trim().is_empty() {
            Ok(None)
        } else {
            parse_beijing_minute(text).map(Some).ok_or(())
        }
    };
    Some(Schedule {
        opens_at: read(opens).ok()?,
        closes_at: read(closes).ok()?,
    })
}

/// The optional time window of an open survey, in Beijing time.
#[component]
pub fn SchedulePanel(
    /// The survey's id.
    #[prop(into)]
    survey_id: String,
    /// The window on record.
    initial: Schedule,
) -> impl IntoView {
    let session = use_context::<Session>();
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
    // The two fields as typed; the outcome is the message shown.
    let save = Action::new_local(move |(opens, closes): &(String, String)| {
        let schedule = read_schedule(opens, closes);
        async move {
            let Some(schedule) = schedule else {
                return (false, "请按“年-月-日 时:分”填写时间".to_string());
            };
            let saved = api::set_schedule(&id.get_value(), &schedule).await;
            match watch_session(session, saved) {
                Ok(saved) => {
                    current.set(saved);
                    (true, "已保存".into())
                }
                Err(failure) => (false, failure.field_message()),
            }
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch_local((opens.get_untracked(), closes.get_untracked()));
    };
    view! {
        <form class="inline-form schedule" on:submit=submit data-testid="schedule-form">
            <h3>"填写时间（可选，北京时间）"</h3>
            <label class="field">
                <span class="field-label">"开始"</span>
                <input
                    type="datetime-local"
                    data-testid="schedule-opens"
                    prop:value=move || opens.get()
                    on:input=move |ev| opens.set(event_target_value(&ev))
                />
            </label>
            <label class="field">
                <span class="field-label">"截止"</span>
                <input
                    type="datetime-local"
                    data-testid="schedule-closes"
                    prop:value=move || closes.get()
                    on:input=move |ev| closes.set(event_target_value(&ev))
                />
            </label>
            <button type="submit" data-testid="save-schedule" disabled=move || save.pending().get()>
                "保存时间"
            </button>
            <p class="muted" data-testid="schedule-current">
                {move || {
                    let text = current.get().describe_zh();
                    if text.is_empty() {
                        "未设时间：开放期间随时可填。".to_string()
                    } else {
                        format!(
                            "当前：{text}。到截止时间，系统自动结束测评并冻结答卷。",
                        )
                    }
                }}
            </p>
            {move || {
                save.value()
                    .get()
                    .map(|(ok, m)| {
                        view! {
                            <p class=if ok { "notice" } else { "notice notice-warn" } role="status">
                                {m}
                            </p>
                        }
                    })
            }}
        </form>
    }
}
