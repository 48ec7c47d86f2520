use leptos::prelude::*;

use super::ChoiceListEditor;
use crate::app::builder::draft::{number_text, parse_number, Draft};
use crate::app::common::components::LabeledInput;
use crate::domain::survey_edit::kind_key;
use crate::domain::{QuestionKind, Scale};

/// What belongs to one question kind: options, scale, limits, labels. Rebuilt only when
/// the kind changes.
#[component]
pub fn KindEditor(
    /// The survey being edited.
    draft: Draft,
    /// Section position.
    si: usize,
    /// Question position in the section.
    qi: usize,
) -> impl IntoView {
    let key = Memo::new(move |_| draft.question(si, qi, |q| kind_key(&q.kind)));
    let kind = move |f: Box<dyn FnOnce(&mut QuestionKind)>| {
        draft.edit_question(si, qi, |q| f(&mut q.kind))
    };
    let read = move |f: fn(&QuestionKind) -> String| {
        Signal::derive(move || draft.question(si, qi, |q| f(&q.kind)))
    };
    let testid = move |part: &str| format!("kind-{si}-{qi}-{part}");
    let scale_fields = move || {
        let scale_value = move || {
            draft.question(si, qi, |q| match q.kind {
                QuestionKind::Scale {
                    scale: Scale::Ballot3,
                    ..
                }
                | QuestionKind::Matrix {
                    scale: Scale::Ballot3,
                    ..
                } => "ballot3",
                _ => "satisfaction5",
            })
        };
        let unknown = move || {
            draft.question(si, qi, |q| {
                matches!(
                    q.kind,
                    QuestionKind::Scale {
                        allow_unknown: true,
                        ..
                    } | QuestionKind::Matrix {
                        allow_unknown: true,
                        ..
                    }
                )
            })
        };
        view! {
            <div class="field-row">
                <label class="field">
                    <span class="field-label">"量表"</span>
                    <select
                        data-testid=testid("scale")
                        prop:value=scale_value
                        on:change=move |ev| {
                            let chosen = if event_target_value(&ev) == "ballot3" {
                                Scale::Ballot3
                            } else {
                                Scale::Satisfaction5
                            };
                            kind(
                                Box::new(move |k| match k {
                                    QuestionKind::Scale { scale, .. }
                                    | QuestionKind::Matrix { scale, .. } => *scale = chosen,
                                    _ => {}
                                }),
                            );
                        }
                    >
                        <option value="satisfaction5">
                            "五级：非常满意 … 非常不满意"
                        </option>
                        <option value="ballot3">
                            "三级：满意 / 基本满意 / 不满意"
                        </option>
                    </select>
                </label>
                <label class="check">
                    <input
                        type="checkbox"
                        data-testid=testid("unknown")
                        prop:checked=unknown
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            kind(
                                Box::new(move |k| match k {
                                    QuestionKind::Scale { allow_unknown, .. }
                                    | QuestionKind::Matrix { allow_unknown, .. } => {
                                        *allow_unknown = on;
                                    }
                                    _ => {}
                                }),
                            );
                        }
                    />
                    "提供“不了解”（不计入满意率和指数）"
                </label>
            </div>
        }
    };
    move || {
        match key.get() {
        "single_choice" | "dropdown" => view! { <ChoiceListEditor draft si qi what="选项" /> }.into_any(),
        "multiple_choice" => view! {
            <ChoiceListEditor draft si qi what="选项" />
            <div class="field-row">
                <LabeledInput
                    label="最少选"
                    short=true
                    inputmode="numeric"
                    testid=testid("min")
                    value=read(|k| match k {
                        QuestionKind::MultipleChoice { min, .. } => {
                            min.map(|v| v.to_string()).unwrap_or_default()
                        }
                        _ => String::new(),
                    })
                    on_input=Callback::new(move |v: String| kind(
                        Box::new(move |k| {
                            if let QuestionKind::MultipleChoice { min, .. } = k {
                                *min = v.trim().parse().ok();
                            }
                        }),
                    ))
                />
                <LabeledInput
                    label="最多选"
                    short=true
                    inputmode="numeric"
                    testid=testid("max")
                    value=read(|k| match k {
                        QuestionKind::MultipleChoice { max, .. } => {
                            max.map(|v| v.to_string()).unwrap_or_default()
                        }
                        _ => String::new(),
                    })
                    on_input=Callback::new(move |v: String| kind(
                        Box::new(move |k| {
                            if let QuestionKind::MultipleChoice { max, .. } = k {
                                *max = v.trim().parse().ok();
                            }
                        }),
                    ))
                />
            </div>
        }.into_any(),
        "scale" => scale_fields().into_any(),
        "matrix" => view! {
            {scale_fields()}
            <ChoiceListEditor draft si qi what="评价项目" />
        }.into_any(),
        "nps" => view! {
            <div class="field-row">
                <LabeledInput
                    label="0 分含义"
                    testid=testid("low")
                    value=read(|k| match k {
                        QuestionKind::Nps { low_label, .. } => low_label.clone(),
                        _ => String::new(),
                    })
                    on_input=Callback::new(move |v: String| kind(
                        Box::new(move |k| {
                            if let QuestionKind::Nps { low_label, .. } = k {
                                *low_label = v;
                            }
                        }),
                    ))
                />
                <LabeledInput
                    label="10 分含义"
                    testid=testid("high")
                    value=read(|k| match k {
                        QuestionKind::Nps { high_label, .. } => high_label.clone(),
                        _ => String::new(),
                    })
                    on_input=Callback::new(move |v: String| kind(
                        Box::new(move |k| {
                            if let QuestionKind::Nps { high_label, .. } = k {
                                *high_label = v;
                            }
                        }),
                    ))
                />
            </div>
        }.into_any(),
        "number" => view! {
            <div class="field-row">
                <LabeledInput
                    label="最小值"
                    short=true
                    inputmode="decimal"
                    testid=testid("min")
                    value=read(|k| match k {
                        QuestionKind::Number { min, .. } => number_text(*min),
                        _ => String::new(),
                    })
                    on_input=Callback::new(move |v: String| kind(
                        Box::new(move |k| {
                            if let QuestionKind::Number { min, .. } = k {
                                *min = parse_number(&v);
                            }
                        }),
                    ))
                />
                <LabeledInput
                    label="最大值"
                    short=true
                    inputmode="decimal"
                    testid=testid("max")
                    value=read(|k| match k {
                        QuestionKind::Number { max, .. } => number_text(*max),
                        _ => String::new(),
                    })
                    on_input=Callback::new(move |v: String| kind(
                        Box::new(move |k| {
                            if let QuestionKind::Number { max, .. } = k {
                                *max = parse_number(&v);
                            }
                        }),
                    ))
                />
                <LabeledInput
                    label="单位"
                    short=true
                    testid=testid("unit")
                    value=read(|k| match k {
                        QuestionKind::Number { unit, .. } => unit.clone(),
                        _ => String::new(),
                    })
                    on_input=Callback::new(move |v: String| kind(
                        Box::new(move |k| {
                            if let QuestionKind::Number { unit, .. } = k {
                                *unit = v;
                            }
                        }),
                    ))
                />
                <label class="check">
                    <input
                        type="checkbox"
                        prop:checked=move || {
                            draft
                                .question(
                                    si,
                                    qi,
                                    |q| matches!(q.kind, QuestionKind::Number { integer: true, .. }),
                                )
                        }
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            kind(
                                Box::new(move |k| {
                                    if let QuestionKind::Number { integer, .. } = k {
                                        *integer = on;
                                    }
                                }),
                            )
                        }
                    />
                    "只能填整数"
                </label>
            </div>
        }.into_any(),
        _ => view! {
            <LabeledInput
                label="字数上限"
                short=true
                inputmode="numeric"
                testid=testid("max-len")
                value=read(|k| match k {
                    QuestionKind::ShortText { max_len } | QuestionKind::LongText { max_len } => {
                        max_len.to_string()
                    }
                    _ => String::new(),
                })
                on_input=Callback::new(move |v: String| kind(
                    Box::new(move |k| {
                        if let QuestionKind::ShortText { max_len }
                        | QuestionKind::LongText { max_len } = k {
                            if let Ok(n) = v.trim().parse() {
                                *max_len = n;
                            }
                        }
                    }),
                ))
            />
        }.into_any(),
    }
    }
}
