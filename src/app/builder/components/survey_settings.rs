use leptos::prelude::*;

use crate::app::builder::draft::Draft;
use crate::app::common::components::LabeledInput;
use crate::domain::survey::{BallotRule, Denominator};
use crate::domain::{Access, Survey, SurveyKind};

/// The survey as a whole: id, title, organiser, opening and closing words, kind, who may
/// answer, wave and series, target, and a ballot's denominator.
#[component]
pub fn SurveySettings(
    /// The survey being edited.
    draft: Draft,
    /// The id may change only before the survey is first saved.
    id_locked: bool,
) -> impl IntoView {
    let text = move |read: fn(&Survey) -> String| Signal::derive(move || draft.0.with(read));
    let edit = move |f: Box<dyn FnOnce(&mut Survey)>| draft.0.update(f);
    let is_ballot = Memo::new(move |_| draft.0.with(|s| s.kind == SurveyKind::Ballot));
    view! {
        <section class="panel" aria-labelledby="settings-heading">
            <h2 id="settings-heading">"基本信息"</h2>
            <LabeledInput
                label="测评标题"
                testid="survey-title"
                value=text(|s| s.title.clone())
                on_input=Callback::new(move |v: String| edit(Box::new(move |s| s.title = v)))
            />
            <div class="field-row">
                <label class="field field-short">
                    <span class="field-label">"测评编号（用于链接）"</span>
                    <input
                        type="text"
                        data-testid="survey-id"
                        disabled=id_locked
                        prop:value=move || draft.0.with(|s| s.id.clone())
                        on:input=move |ev| {
                            let v = event_target_value(&ev);
                            edit(Box::new(move |s| s.id = v.trim().to_lowercase()))
                        }
                    />
                </label>
                <LabeledInput
                    label="年度"
                    short=true
                    testid="survey-wave"
                    value=text(|s| s.wave.clone())
                    on_input=Callback::new(move |v: String| edit(
                        Box::new(move |s| s.wave = v.trim().to_string()),
                    ))
                />
                <LabeledInput
                    label="系列（逐年对比）"
                    short=true
                    testid="survey-series"
                    value=text(|s| s.series.clone())
                    on_input=Callback::new(move |v: String| edit(
                        Box::new(move |s| s.series = v.trim().to_string()),
                    ))
                />
                <LabeledInput
                    label="目标份数"
                    short=true
                    inputmode="numeric"
                    testid="survey-target"
                    value=text(|s| s.target.map(|t| t.to_string()).unwrap_or_default())
                    on_input=Callback::new(move |v: String| edit(
                        Box::new(move |s| s.target = v.trim().parse().ok()),
                    ))
                />
            </div>
            <LabeledInput
                label="组织单位"
                testid="survey-organizer"
                value=text(|s| s.organizer.clone())
                on_input=Callback::new(move |v: String| edit(Box::new(move |s| s.organizer = v)))
            />
            <LabeledInput
                label="开头说明（目的、保密、所需时间）"
                multiline=true
                testid="survey-intro"
                value=text(|s| s.intro.clone())
                on_input=Callback::new(move |v: String| edit(Box::new(move |s| s.intro = v)))
            />
            <LabeledInput
                label="提交后的致谢"
                multiline=true
                testid="survey-thanks"
                value=text(|s| s.thanks.clone())
                on_input=Callback::new(move |v: String| edit(Box::new(move |s| s.thanks = v)))
            />
            <div class="field-row">
                <label class="field">
                    <span class="field-label">"类型"</span>
                    <select
                        data-testid="survey-kind"
                        prop:value=move || if is_ballot.get() { "ballot" } else { "questionnaire" }
                        on:change=move |ev| {
                            let ballot = event_target_value(&ev) == "ballot";
                            edit(
                                Box::new(move |s| {
                                    s.kind = if ballot {
                                        SurveyKind::Ballot
                                    } else {
                                        SurveyKind::Questionnaire
                                    };
                                    if ballot {
                                        s.access = Access::OneTimeCode;
                                        s.ballot.get_or_insert_with(BallotRule::default);
                                    } else {
                                        s.ballot = None;
                                    }
                                }),
                            )
                        }
                    >
                        <option value="questionnaire">"问卷（企业、群众填写）"</option>
                        <option value="ballot">
                            "无记名测评（常委会组成人员投票）"
                        </option>
                    </select>
                </label>
                <label class="field">
                    <span class="field-label">"填写方式"</span>
                    <select
                        data-testid="survey-access"
                        prop:value=move || {
                            draft
                                .0
                                .with(|s| {
                                    if s.access == Access::OneTimeCode {
                                        "one_time_code"
                                    } else {
                                        "open"
                                    }
                                })
                        }
                        on:change=move |ev| {
                            let code = event_target_value(&ev) == "one_time_code";
                            edit(
                                Box::new(move |s| {
                                    s.access = if code {
                                        Access::OneTimeCode
                                    } else {
                                        Access::Open
                                    };
                                }),
                            )
                        }
                    >
                        <option value="open">"凭链接或二维码填写"</option>
                        <option value="one_time_code">
                            "凭一次性测评码填写（每码一份）"
                        </option>
                    </select>
                </label>
                <Show when=move || is_ballot.get()>
                    <label class="field">
                        <span class="field-label">"计票基数"</span>
                        <select
                            data-testid="survey-denominator"
                            prop:value=move || {
                                draft
                                    .0
                                    .with(|s| match s
                                        .ballot
                                        .as_ref()
                                        .map(|b| b.denominator)
                                        .unwrap_or_default()
                                    {
                                        Denominator::AllMembers => "all_members",
                                        Denominator::Present => "present",
                                        Denominator::ValidBallots => "valid_ballots",
                                    })
                            }
                            on:change=move |ev| {
                                let denominator = match event_target_value(&ev).as_str() {
                                    "present" => Denominator::Present,
                                    "valid_ballots" => Denominator::ValidBallots,
                                    _ => Denominator::AllMembers,
                                };
                                edit(
                                    Box::new(move |s| {
                                        s
                                            .ballot
                                            .get_or_insert_with(BallotRule::default)
                                            .denominator = denominator;
                                    }),
                                )
                            }
                        >
                            <option value="all_members">"全体组成人员（应到）"</option>
                            <option value="present">"实到人数"</option>
                            <option value="valid_ballots">"有效票"</option>
                        </select>
                    </label>
                </Show>
            </div>
        </section>
    }
}
