use std::collections::BTreeMap;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::app::common::ids::new_response_id;
use crate::app::staff::api;
use crate::domain::wire::PaperBallot;
use crate::domain::{Answer, Answers};

/// The grades on a paper ballot, and the choice for an item left blank or marked twice.
const GRADES: [(&str, &str); 4] = [
    ("satisfied", "满意"),
    ("basic", "基本满意"),
    ("unsatisfied", "不满意"),
    ("", "无效（未填或多填）"),
];

/// Entering paper ballots (纸质测评表) one at a time, each grade as marked on the paper.
#[component]
pub fn PaperBallotForm(
    /// The ballot survey.
    #[prop(into)]
    survey_id: String,
    /// The items: (id, label).
    #[prop(into)]
    items: Signal<Vec<(String, String)>>,
) -> impl IntoView {
    let marks = RwSignal::new(BTreeMap::<String, String>::new());
    let message = RwSignal::new(None::<(bool, String)>);
    let busy = RwSignal::new(false);
    let id = StoredValue::new(survey_id);
    let enter = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let chosen = marks.get_untracked();
        let missing =
            items.with_untracked(|all| all.iter().any(|(item, _)| !chosen.contains_key(item)));
        if missing {
            message.set(Some((
                false,
                "请为每个项目选择票面结果（未填或多填的选“无效”）".into(),
            )));
            return;
        }
        let ballot = PaperBallot {
            id: new_response_id(),
            marks: chosen
                .into_iter()
                .filter(|(_, grade)| !grade.is_empty())
                .map(|(item, grade)| (item, Answer::Text(grade)))
                .collect::<Answers>(),
        };
        busy.set(true);
        spawn_local(async move {
            match api::enter_paper_ballot(&id.get_value(), &ballot).await {
                Ok(_) => {
                    marks.set(BTreeMap::new());
                    message.set(Some((true, "已录入一张纸质票".into())));
                }
                Err(failure) => message.set(Some((false, failure.message()))),
            }
            busy.set(false);
        });
    };
    view! {
        <details class="paper-ballots">
            <summary data-testid="paper-open">"录入纸质测评票"</summary>
            <form on:submit=enter data-testid="paper-form">
                {move || items.get().into_iter().map(|(item, label)| {
                    let name = format!("paper-{item}");
                    view! {
                        <fieldset class="paper-item">
                            <legend>{label}</legend>
                            {GRADES.into_iter().map(|(grade, grade_label)| {
                                let (item_read, item_set) = (item.clone(), item.clone());
                                view! {
                                    <label>
                                        <input type="radio" name=name.clone() data-testid=format!("paper-{item}-{}", if grade.is_empty() { "invalid" } else { grade })
                                            prop:checked=move || marks.with(|m| m.get(&item_read).map(String::as_str) == Some(grade))
                                            on:change=move |_| marks.update(|m| { m.insert(item_set.clone(), grade.to_string()); }) />
                                        {grade_label}
                                    </label>
                                }
                            }).collect_view()}
                        </fieldset>
                    }
                }).collect_view()}
                <button type="submit" class="primary" data-testid="paper-submit" disabled=move || busy.get()>"录入这张票"</button>
            </form>
            {move || message.get().map(|(ok, m)| view! { <p class=if ok { "notice" } else { "notice notice-warn" } role="status" data-testid="paper-message">{m}</p> })}
        </details>
    }
}
