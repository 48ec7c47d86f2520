use leptos::prelude::*;

use super::{AttendanceForm, PaperBallotForm};
use crate::app::common::components::ChartCanvas;
use crate::app::common::dialog::confirm;
use crate::app::common::{watch_session, Session};
use crate::app::staff::api;
use crate::charts::{ballot_tally, size};
use crate::domain::wire::{BallotView, StatusChange};
use crate::domain::SurveyStatus;

/// A ballot at work: attendance, opening and closing the vote, the number of ballots in
/// while it is open, and the tally per item with its verdict once it is closed (before
/// that, two looks around one arrival would tell that ballot's marks).
#[component]
pub fn BallotPanel(
    /// The ballot's tally and state.
    #[prop(into)]
    ballot: Signal<BallotView>,
) -> impl IntoView {
    let survey_id = ballot.with_untracked(|b| b.survey_id.clone());
    let status = Signal::derive(move || ballot.with(|b| b.status));
    let closed = Signal::derive(move || status.get() != SurveyStatus::Open);
    // A closed ballot never opens again (`SurveyStatus::can_become`): voting again is the
    // next round.
    let next = Signal::derive(move || match status.get() {
        SurveyStatus::Draft => Some((SurveyStatus::Open, "开始投票", "确定开始投票吗？")),
        SurveyStatus::Open => Some((
            SurveyStatus::Closed,
            "结束投票",
            "确定结束投票并宣布结果吗？结束后不能重新开放。",
        )),
        _ => None,
    });
    let session = use_context::<Session>();
    let id_for_toggle = StoredValue::new(survey_id.clone());
    // The state to move to; the outcome is the problem shown, if any. The new state itself
    // arrives with the live update.
    let change = Action::new_local(move |status: &SurveyStatus| {
        let (id, status) = (id_for_toggle.get_value(), *status);
        async move {
            let changed = api::set_status(&id, &StatusChange { status }, None).await;
            watch_session(session, changed)
                .err()
                .map(|failure| failure.message())
        }
    });
    let toggle = move |_| {
        let Some((status, _, question)) = next.get_untracked() else {
            return;
        };
        if confirm(question) {
            change.dispatch_local(status);
        }
    };
    let summary = Signal::derive(move || {
        ballot.with(|b| {
            b.outcome
                .iter()
                .flat_map(|o| &o.items)
                .map(|i| {
                    let verdict = i.verdict.map(|v| v.label_zh()).unwrap_or("无结果");
                    format!(
                        "{}：满意 {}，基本满意 {}，不满意 {}，无效 {}，{}",
                        i.label,
                        i.total.satisfied,
                        i.total.basic,
                        i.total.unsatisfied,
                        i.total.invalid,
                        verdict
                    )
                })
                .collect::<Vec<_>>()
                .join("；")
        })
    });
    let attendance = Signal::derive(move || ballot.with(|b| b.progress.attendance));
    let height = Signal::derive(move || size::ballot(ballot.with(|b| b.items.len())));
    let counted = Signal::derive(move || ballot.with(|b| b.outcome.is_some()));
    view! {
        <section class="panel" aria-labelledby="ballot-heading">
            <h2 id="ballot-heading">"测评计票"</h2>
            <AttendanceForm survey_id=survey_id.clone() current=attendance />
            <p class="ballot-meta" data-testid="ballot-meta">
                {move || {
                    ballot
                        .with(|b| {
                            let p = b.progress;
                            format!(
                                "已收回测评票 {} 张（电子 {} 张、纸质 {} 张），实到 {} 人",
                                p.received(),
                                p.electronic_ballots,
                                p.paper_ballots,
                                p.attendance.present,
                            )
                        })
                }}
                {move || {
                    ballot
                        .with(|b| {
                            b.outcome
                                .as_ref()
                                .map(|o| {
                                    format!(
                                        " · 计票基数：{}",
                                        match o.denominator {
                                            crate::domain::survey::Denominator::AllMembers => {
                                                "全体组成人员"
                                            }
                                            crate::domain::survey::Denominator::Present => {
                                                "实到人数"
                                            }
                                            crate::domain::survey::Denominator::ValidBallots => {
                                                "有效票"
                                            }
                                        },
                                    )
                                })
                        })
                }}
            </p>
            <div class="actions">
                {move || {
                    next.get()
                        .map(|(_, label, _)| {
                            view! {
                                <button
                                    type="button"
                                    class="primary"
                                    data-testid="ballot-toggle"
                                    disabled=move || change.pending().get()
                                    on:click=toggle
                                >
                                    {label}
                                </button>
                            }
                        })
                }}
                <a
                    class="button"
                    href=format!("/staff/s/{survey_id}/tally")
                    data-testid="tally-link"
                >
                    "投屏计票"
                </a>
            </div>
            {move || {
                change
                    .value()
                    .get()
                    .flatten()
                    .map(|p| {
                        view! {
                            <p class="notice notice-warn" role="alert">
                                {p}
                            </p>
                        }
                    })
            }}
            <Show when=move || !closed.get()>
                <PaperBallotForm
                    survey_id=survey_id.clone()
                    items=Signal::derive(move || ballot.with(|b| b.items.clone()))
                />
            </Show>
            <Show when=move || ballot.with(|b| b.history.iter().any(|h| h.rounds.len() > 1))>
                <table class="channel-table" data-testid="ballot-history">
                    <caption>"历次测评结果"</caption>
                    <thead>
                        <tr>
                            <th scope="col">"项目"</th>
                            <th scope="col">"各轮结果"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            ballot
                                .with(|b| {
                                    b.history
                                        .iter()
                                        .map(|h| {
                                            let rounds = h
                                                .rounds
                                                .iter()
                                                .map(|(round, verdict)| {
                                                    format!(
                                                        "第{round}轮 {}",
                                                        verdict.map(|v| v.label_zh()).unwrap_or("无结果"),
                                                    )
                                                })
                                                .collect::<Vec<_>>()
                                                .join(" → ");
                                            view! {
                                                <tr>
                                                    <td>{h.label.clone()}</td>
                                                    <td>{rounds}</td>
                                                </tr>
                                            }
                                        })
                                        .collect_view()
                                })
                        }}
                    </tbody>
                </table>
            </Show>
            <Show
                when=move || counted.get()
                fallback=|| {
                    view! {
                        <p class="muted" data-testid="ballot-sealed">
                            "投票结束后显示各项得票和测评结果。"
                        </p>
                    }
                }
            >
                <ChartCanvas
                    height
                    summary
                    testid="chart-ballot"
                    draw=move |area, style| {
                        ballot
                            .with(|b| {
                                if let Some(o) = &b.outcome {
                                    let _ = ballot_tally(area, o, style);
                                }
                            });
                    }
                />
            </Show>
        </section>
    }
}
