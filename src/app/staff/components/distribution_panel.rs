use crate::app::common::components::{CaughtFailure, LoadingLine};
use leptos::prelude::*;

use super::{CodeBatchPanel, SchedulePanel};
use crate::app::common::api::{definition as read_definition, ApiFailure};
use crate::app::common::components::LabeledInput;
use crate::app::common::{caught, watch_session, Session};
use crate::app::staff::api;
use crate::domain::distribution::{survey_link, NewChannel};
use crate::domain::{Access, SurveyKind, SurveyStatus};

/// Scheme and host of this site: what printed links and QR codes point to.
pub fn site_origin() -> String {
    web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default()
}

/// A table's rows from a resource: the old rows stay while it reloads, and a failure is
/// one row across the `columns`.
pub fn loaded_rows<T, V>(
    resource: LocalResource<Result<T, ApiFailure>>,
    columns: &'static str,
    rows: impl Fn(T) -> V + Copy + Send + Sync + 'static,
) -> impl IntoView
where
    T: Clone + 'static,
    V: IntoView + 'static,
{
    view! {
        <Transition>
            <ErrorBoundary fallback=move |errors| {
                view! {
                    <tr>
                        <td colspan=columns>{move || caught(&errors)}</td>
                    </tr>
                }
            }>{move || Suspend::new(async move { resource.await.map(rows) })}</ErrorBoundary>
        </Transition>
    }
}

/// Getting the survey to people: its link and QR code, a link and QR code per channel
/// (e.g. per 乡镇) with the responses each brought, the time window, and one-time codes.
#[component]
pub fn DistributionPanel(
    /// The survey's id.
    #[prop(into)]
    survey_id: String,
    /// Its lifecycle state (a draft's link does not work yet).
    #[prop(into)]
    status: Signal<SurveyStatus>,
) -> impl IntoView {
    let session = use_context::<Session>();
    let id = StoredValue::new(survey_id);
    let definition = LocalResource::new(move || async move {
        watch_session(session, read_definition(&id.get_value()).await)
    });
    let channels = LocalResource::new(move || async move {
        watch_session(session, api::channels(&id.get_value()).await)
    });
    let label = RwSignal::new(String::new());
    let channel_id = RwSignal::new(String::new());
    // The channel to add; the outcome is the problem shown, if any.
    let add = Action::new_local(move |channel: &NewChannel| {
        let channel = channel.clone();
        async move {
            let added = api::add_channel(&id.get_value(), &channel).await;
            match watch_session(session, added) {
                Ok(_) => {
                    label.set(String::new());
                    channel_id.set(String::new());
                    channels.refetch();
                    None
                }
                Err(failure) => Some(failure.field_message()),
            }
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        add.dispatch_local(NewChannel {
            id: channel_id.get_untracked().trim().to_string(),
            label: label.get_untracked().trim().to_string(),
        });
    };
    view! {
        <section class="panel" aria-labelledby="distribution-heading" data-testid="distribution">
            <h2 id="distribution-heading">"发放"</h2>
            <Suspense fallback=LoadingLine>
                <ErrorBoundary fallback=|errors| {
                    view! { <CaughtFailure errors /> }
                }>
                    {move || Suspend::new(async move {
                        definition
                            .await
                            .map(|view| {
                                let survey_id = id.get_value();
                                let origin = view.public_origin.clone().unwrap_or_else(site_origin);
                                let link = survey_link(&origin, &survey_id, None, None);
                                let ballot = view.survey.kind == SurveyKind::Ballot;
                                let coded = view.survey.access == Access::OneTimeCode;
                                let title = view.survey.title.clone();
                                let site = StoredValue::new(origin.clone());
                                // The server's public origin when it is told one, else the address this page came by.
                                view! {
                                    <div class="share">
                                        <img
                                            class="qr"
                                            src=api::qr_url(&survey_id, &origin, "")
                                            alt="测评链接的二维码"
                                            width="120"
                                            height="120"
                                        />
                                        <div>
                                            <label class="field">
                                                <span class="field-label">"测评链接"</span>
                                                <input
                                                    type="text"
                                                    readonly
                                                    data-testid="survey-link"
                                                    value=link.clone()
                                                />
                                            </label>
                                            <a
                                                href=api::qr_url(&survey_id, &origin, "")
                                                download=format!("{survey_id}-qr.svg")
                                            >
                                                "下载二维码（SVG，可打印）"
                                            </a>
                                            {move || {
                                                (status.get() == SurveyStatus::Draft)
                                                    .then(|| {
                                                        view! {
                                                            <p class="notice" data-testid="draft-link-note">
                                                                "测评尚为草稿：开放后，此链接和二维码才能填写。"
                                                            </p>
                                                        }
                                                    })
                                            }}
                                            {coded
                                                .then(|| {
                                                    view! {
                                                        <p class="muted">
                                                            "此测评凭一次性测评码填写：请在下方生成测评码，分发印有二维码的测评码条。"
                                                        </p>
                                                    }
                                                })}
                                        </div>
                                    </div>
                                    <SchedulePanel
                                        survey_id=survey_id.clone()
                                        initial=view.schedule
                                    />
                                    {(!ballot)
                                        .then(|| {
                                            view! {
                                                <h3>"分渠道发放（如各乡镇、街道）"</h3>
                                                <table class="channel-table">
                                                    <thead>
                                                        <tr>
                                                            <th scope="col">"渠道"</th>
                                                            <th scope="col">"链接"</th>
                                                            <th scope="col" class="num">
                                                                "已收"
                                                            </th>
                                                            <th scope="col">"二维码"</th>
                                                        </tr>
                                                    </thead>
                                                    <tbody>
                                                        {loaded_rows(
                                                            channels,
                                                            "4",
                                                            move |list| {
                                                                list.into_iter()
                                                                    .map(|c| {
                                                                        let link = survey_link(
                                                                            &site.get_value(),
                                                                            &id.get_value(),
                                                                            Some(&c.id),
                                                                            None,
                                                                        );
                                                                        let qr = api::qr_url(
                                                                            &id.get_value(),
                                                                            &site.get_value(),
                                                                            &c.id,
                                                                        );
                                                                        view! {
                                                                            <tr data-testid=format!("channel-{}", c.id)>
                                                                                <td>
                                                                                    {c.label.clone()}
                                                                                    <span class="muted">{format!("（{}）", c.id)}</span>
                                                                                </td>
                                                                                <td>
                                                                                    <input
                                                                                        type="text"
                                                                                        readonly
                                                                                        aria-label=format!("{}的链接", c.label)
                                                                                        data-testid=format!("channel-link-{}", c.id)
                                                                                        value=link
                                                                                    />
                                                                                </td>
                                                                                <td
                                                                                    class="num"
                                                                                    data-testid=format!("channel-count-{}", c.id)
                                                                                >
                                                                                    {c.responses}
                                                                                </td>
                                                                                <td>
                                                                                    <a
                                                                                        href=qr
                                                                                        download=format!("{}-{}-qr.svg", id.get_value(), c.id)
                                                                                    >
                                                                                        "下载"
                                                                                    </a>
                                                                                </td>
                                                                            </tr>
                                                                        }
                                                                    })
                                                                    .collect_view()
                                                            },
                                                        )}
                                                    </tbody>
                                                </table>
                                                <form class="inline-form" on:submit=submit>
                                                    <LabeledInput
                                                        label="渠道名称"
                                                        testid="channel-label"
                                                        value=label
                                                        on_input=Callback::new(move |v| label.set(v))
                                                    />
                                                    <LabeledInput
                                                        label="渠道编号（字母数字）"
                                                        short=true
                                                        testid="channel-id"
                                                        value=channel_id
                                                        on_input=Callback::new(move |v| channel_id.set(v))
                                                    />
                                                    <button
                                                        type="submit"
                                                        data-testid="add-channel"
                                                        disabled=move || add.pending().get()
                                                    >
                                                        "添加渠道"
                                                    </button>
                                                </form>
                                                {move || {
                                                    add.value()
                                                        .get()
                                                        .flatten()
                                                        .map(|m| {
                                                            view! {
                                                                <p class="notice notice-warn" role="alert">
                                                                    {m}
                                                                </p>
                                                            }
                                                        })
                                                }}
                                            }
                                        })}
                                    {coded
                                        .then(|| {
                                            view! {
                                                <CodeBatchPanel
                                                    survey_id=survey_id.clone()
                                                    title=title.clone()
                                                />
                                            }
                                        })}
                                }
                            })
                    })}
                </ErrorBoundary>
            </Suspense>
        </section>
    }
}
