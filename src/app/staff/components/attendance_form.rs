use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::app::staff::api;
use crate::domain::ballot::Attendance;

/// 应到 and 实到 for a ballot, entered by staff before the result is read.
#[component]
pub fn AttendanceForm(
    /// The ballot survey.
    #[prop(into)]
    survey_id: String,
    /// The figures on record.
    #[prop(into)]
    current: Signal<Attendance>,
) -> impl IntoView {
    let members = RwSignal::new(String::new());
    let present = RwSignal::new(String::new());
    let message = RwSignal::new(None::<(bool, String)>);
    Effect::new(move |_| {
        let a = current.get();
        if a.members > 0 {
            members.set(a.members.to_string());
            present.set(a.present.to_string());
        }
    });
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let parse = |s: String| s.trim().parse::<u32>().ok();
        let (Some(m), Some(p)) = (
            parse(members.get_untracked()),
            parse(present.get_untracked()),
        ) else {
            message.set(Some((false, "请填写应到、实到人数（整数）".into())));
            return;
        };
        let id = survey_id.clone();
        spawn_local(async move {
            let outcome = api::set_attendance(
                &id,
                &Attendance {
                    members: m,
                    present: p,
                },
            )
            .await;
            message.set(Some(match outcome {
                Ok(_) => (true, "已保存".into()),
                Err(failure) => (false, failure.field_message()),
            }));
        });
    };
    view! {
        <form class="attendance" on:submit=save data-testid="attendance-form">
            <label for="members">"应到人数"</label>
            <input id="members" inputmode="numeric" data-testid="attendance-members"
                prop:value=move || members.get() on:input=move |ev| members.set(event_target_value(&ev)) />
            <label for="present">"实到人数"</label>
            <input id="present" inputmode="numeric" data-testid="attendance-present"
                prop:value=move || present.get() on:input=move |ev| present.set(event_target_value(&ev)) />
            <button type="submit" class="primary" data-testid="attendance-save">"保存"</button>
            {move || message.get().map(|(ok, text)| view! {
                <span class=if ok { "notice" } else { "notice notice-warn" } role="status">{text}</span>
            })}
        </form>
    }
}
