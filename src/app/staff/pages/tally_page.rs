use crate::app::common::components::LoadingLine;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::app::common::components::ChartCanvas;
use crate::app::staff::api;
use crate::app::staff::live::live_version;
use crate::app::staff::resource::{last_ready, staff_resource};
use crate::charts::ballot_tally;
use crate::domain::SurveyStatus;

/// The ballot for the projector: big type, the number of ballots in while voting is open
/// (nothing of what they say), the tally and verdict per item once it is closed. Updates
/// without a reload, and under a `Transition`: the loading line shows only until the first
/// tally, never on the projector at each ballot.
#[component]
pub fn TallyPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").unwrap_or_default());
    view! {
        <Transition fallback=LoadingLine>{move || view! { <TallyBoard id=id.get() /> }}</Transition>
    }
}

/// The tally of ballot `id`, with its own event stream.
#[component]
fn TallyBoard(
    /// The ballot's survey id, from the route.
    id: String,
) -> impl IntoView {
    let version = live_version(&id);
    let id = Memo::new(move |_| id.clone());
    let ballot = staff_resource(move || {
        let id = id.get();
        version.track();
        async move { api::ballot(&id).await }
    });
    let ready = last_ready(ballot);
    let closed = Signal::derive(move || {
        ready.with(|b| b.as_ref().is_some_and(|b| b.status != SurveyStatus::Open))
    });
    let full_screen = move |_| {
        if let Some(root) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = root.request_fullscreen();
        }
    };
    view! {
        <section class="tally" data-testid="tally">
            {move || {
                ballot
                    .get()
                    .and_then(Result::err)
                    .map(|failure| {
                        view! {
                            <p class="notice notice-warn" role="alert">
                                {failure.message()}
                            </p>
                        }
                    })
            }}
            <Show when=move || ready.with(Option::is_some)>
                <h1>
                    {move || {
                        ready.with(|b| b.as_ref().map(|b| b.title.clone()).unwrap_or_default())
                    }}
                </h1>
                <p class="tally-meta">
                    {move || {
                        ready
                            .with(|b| {
                                b.as_ref()
                                    .map(|b| {
                                        let a = b.progress.attendance;
                                        format!(
                                            "应到 {} 人 · 实到 {} 人 · ",
                                            a.members,
                                            a.present,
                                        )
                                    })
                                    .unwrap_or_default()
                            })
                    }}
                    <span data-testid="tally-count">
                        {move || {
                            ready.with(|b| b.as_ref().map(|b| b.progress.received()).unwrap_or(0))
                        }}
                    </span> " 张已投" <span class="tally-state" data-testid="tally-state">
                        {move || {
                            if closed.get() { " · 投票已结束" } else { " · 投票进行中" }
                        }}
                    </span>
                </p>
                <Show
                    when=move || ready.with(|b| b.as_ref().is_some_and(|b| b.outcome.is_some()))
                    fallback=|| {
                        view! {
                            <p class="tally-sealed" data-testid="tally-sealed">
                                "投票进行中，结束后公布各项得票和测评结果"
                            </p>
                        }
                    }
                >
                    <ChartCanvas
                        height=Signal::derive(move || {
                            90
                                + 84
                                    * ready.with(|b| b.as_ref().map(|b| b.items.len()).unwrap_or(1))
                                        as u32
                        })
                        summary=Signal::derive(move || {
                            ready
                                .with(|b| {
                                    b.as_ref()
                                        .and_then(|b| b.outcome.as_ref())
                                        .map(|o| {
                                            o.items
                                                .iter()
                                                .map(|i| {
                                                    format!(
                                                        "{}：满意 {}，基本满意 {}，不满意 {}",
                                                        i.label,
                                                        i.total.satisfied,
                                                        i.total.basic,
                                                        i.total.unsatisfied,
                                                    )
                                                })
                                                .collect::<Vec<_>>()
                                                .join("；")
                                        })
                                        .unwrap_or_default()
                                })
                        })
                        zoom=1.6
                        testid="chart-tally"
                        draw=move |area, style| {
                            ready
                                .with(|b| {
                                    if let Some(o) = b.as_ref().and_then(|b| b.outcome.as_ref()) {
                                        let _ = ballot_tally(area, o, style);
                                    }
                                });
                        }
                    />
                    <ol class="verdicts" aria-label="测评结果">
                        {move || {
                            ready
                                .with(|b| {
                                    b.as_ref()
                                        .and_then(|b| b.outcome.as_ref())
                                        .map(|o| {
                                            o.items
                                                .iter()
                                                .map(|i| {
                                                    view! {
                                                        <li>
                                                            <span>{i.label.clone()}</span>
                                                            <strong data-testid=format!(
                                                                "verdict-{}",
                                                                i.id,
                                                            )>
                                                                {i
                                                                    .verdict
                                                                    .map(|v| v.label_zh().to_string())
                                                                    .or_else(|| i.no_verdict.map(|r| r.label_zh().to_string()))
                                                                    .unwrap_or_default()}
                                                            </strong>
                                                        </li>
                                                    }
                                                })
                                                .collect_view()
                                        })
                                })
                        }}
                    </ol>
                </Show>
                <div class="actions no-print">
                    <button type="button" class="toggle" on:click=full_screen>
                        "全屏"
                    </button>
                    <a href=move || format!("/staff/s/{}", id.get())>"返回结果页"</a>
                </div>
            </Show>
        </section>
    }
}
