use std::collections::BTreeMap;

use leptos::prelude::*;

use crate::app::common::ids::new_response_id;
use crate::app::common::{watch_session, Session};
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
    let session = use_context::<Session>();
    let marks = RwSignal::new(BTreeMap::<String, String>::new());
    let id = StoredValue::new(survey_id);
    // The grades chosen; the outcome is the message shown.
    let enter = Action::new_local(move |chosen: &BTreeMap<String, String>| {
        let missing =
            items.with_untracked(|all| all.iter().any(|(item, _)| !chosen.contains_key(item)));
        let ballot = PaperBallot {
            id: new_response_id(),
            marks: chosen
                .iter()
                .filter(|(_, grade)| !grade.is_empty())
                .map(|(item, grade)| (item.clone(), Answer::Text(grade.clone())))
                .collect::<Answers>(),
        };
        async move {
            if missing {
                return (
                    false,
                    "请为每个项目选择票面结果（未填或多填的选“无效”）".to_string(),
                );
            }
            let entered = api::enter_paper_ballot(&id.get_value(), &ballot).await;
            match watch_session(session, entered) {
                Ok(_) => {
                    marks.set(BTreeMap::new());
                    (true, "已录入一张纸质票".into())
                }
                Err(failure) => (false, failure.message()),
            }
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        enter.dispatch_local(marks.get_untracked());
    };
    view! {
        <details class="paper-ballots">
            <summary data-testid="paper-open">"录入纸质测评票"</summary>
            <form on:submit=submit data-testid="paper-form">
                {move || {
                    items
                        .get()
                        .into_iter()
                        .map(|(item, label)| {
                            let name = format!("paper-{item}");
                            view! {
                                <fieldset class="paper-item">
                                    <legend>{label}</legend>
                                    {GRADES
                                        .into_iter()
                                        .map(|(grade, grade_label)| {
                                            let (item_read, item_set) = (item.clone(), item.clone());
                                            view! {
                                                <label>
                                                    <input
                                                        type="radio"
                                                        name=name.clone()
                                                        data-testid=format!(
                                                            "paper-{item}-{}",
                                                            if grade.is_empty() { "invalid" } else { grade },
                                                        )
                                                        prop:checked=move || {
                                                            marks
                                                                .with(|m| {
                                                                    m.get(&item_read).map(String::as_str) == Some(grade)
                                                                })
                                                        }
                                                        on:change=move |_| {
                                                            marks
                                                                .update(|m| {
                                                                    m.insert(item_set.clone(), grade.to_string());
                                                                })
                                                        }
                                                    />
                                                    {grade_label}
                                                </label>
                                            }
                                        })
                                        .collect_view()}
                                </fieldset>
                            }
                        })
                        .collect_view()
                }}
                <button
                    type="submit"
                    class="primary"
                    data-testid="paper-submit"
                    disabled=move || enter.pending().get()
                >
                    "录入这张票"
                </button>
            </form>
            {move || {
                enter
                    .value()
                    .get()
                    .map(|(ok, m)| {
                        view! {
                            <p
                                class=if ok { "notice" } else { "notice notice-warn" }
                                role="status"
                                data-testid="paper-message"
                            >
                                {m}
                            </p>
                        }
                    })
            }}
        </details>
    }
}
