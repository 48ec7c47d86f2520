use leptos::prelude::*;

use crate::app::common::{watch_session, Session};
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
    let session = use_context::<Session>();
    let members = RwSignal::new(String::new());
    let present = RwSignal::new(String::new());
    Effect::new(move |_| {
        let a = current.get();
        if a.members > 0 {
            members.set(a.members.to_string());
            present.set(a.present.to_string());
        }
    });
    let id = StoredValue::new(survey_id);
    // The two figures as typed; the outcome is the message shown.
    let save = Action::new_local(move |(members, present): &(String, String)| {
        let parse = |s: &str| s.trim().parse::<u32>().ok();
        let figures = parse(members).zip(parse(present));
        async move {
            let Some((members, present)) = figures else {
                return (false, "请填写应到、实到人数（整数）".to_string());
            };
            let saved =
                api::set_attendance(&id.get_value(), &Attendance { members, present }).await;
            match watch_session(session, saved) {
                Ok(_) => (true, "已保存".into()),
                Err(failure) => (false, failure.field_message()),
            }
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch_local((members.get_untracked(), present.get_untracked()));
    };
    view! {
        <form class="attendance" on:submit=submit data-testid="attendance-form">
            <label for="members">"应到人数"</label>
            <input
                id="members"
                inputmode="numeric"
                data-testid="attendance-members"
                prop:value=move || members.get()
                on:input=move |ev| members.set(event_target_value(&ev))
            />
            <label for="present">"实到人数"</label>
            <input
                id="present"
                inputmode="numeric"
                data-testid="attendance-present"
                prop:value=move || present.get()
                on:input=move |ev| present.set(event_target_value(&ev))
            />
            <button
                type="submit"
                class="primary"
                data-testid="attendance-save"
                disabled=move || save.pending().get()
            >
                "保存"
            </button>
            {move || {
                save.value()
                    .get()
                    .map(|(ok, text)| {
                        view! {
                            <span
                                class=if ok { "notice" } else { "notice notice-warn" }
                                role="status"
                            >
                                {text}
                            </span>
                        }
                    })
            }}
        </form>
    }
}
