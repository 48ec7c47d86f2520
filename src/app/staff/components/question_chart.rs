use leptos::prelude::*;

use crate::app::common::components::ChartCanvas;
use crate::charts::{question_chart, question_chart_height};
use crate::domain::results::report::ResultKind;
use crate::domain::results::QuestionResult;

/// The chart that suits a question: grades as stacked bars, choices as shares, 0–10 as
/// columns; numbers and free text as a line of text.
#[component]
pub fn QuestionChart(
    /// The question's figures.
    #[prop(into)]
    question: Signal<QuestionResult>,
) -> impl IntoView {
    let id = question.with_untracked(|q| q.id.clone());
    let kind = question.with_untracked(|q| q.kind);
    let text_summary = Signal::derive(move || question.with(QuestionResult::summary_zh));
    let chart_height = question.with_untracked(question_chart_height);
    let body = match (chart_height, kind) {
        (Some(_), _) => {
            let height =
                Signal::derive(move || question.with(question_chart_height).unwrap_or_default());
            view! {
                <ChartCanvas
                    height
                    summary=text_summary
                    testid=format!("chart-{id}")
                    draw=move |area, style| {
                        let _ = question.with(|q| question_chart(area, q, style));
                    }
                />
            }
            .into_any()
        }
        (None, ResultKind::Number) => view! {
            <p class="figure-line">
                {move || {
                    question
                        .with(|q| match q.mean {
                            Some(m) if !m.is_empty() => {
                                format!(
                                    "平均 {:.2}（95% 区间 {:.2}–{:.2}，n={}）",
                                    m.value,
                                    m.low,
                                    m.high,
                                    m.n,
                                )
                            }
                            _ => "尚无数据".to_string(),
                        })
                }}
            </p>
        }
        .into_any(),
        (None, _) => view! {
            <p class="figure-line muted">
                {move || {
                    format!(
                        "{} 条文字意见（文字内容须经审核后方可公开）",
                        question.with(|q| q.answered),
                    )
                }}
            </p>
        }
        .into_any(),
    };
    view! {
        <article
            class="question-result"
            data-testid=format!("result-{}", question.with_untracked(|q| q.id.clone()))
        >
            <h3>{move || question.with(|q| q.title.clone())}</h3>
            <p class="muted">{move || format!("作答 {} 人", question.with(|q| q.answered))}</p>
            {body}
        </article>
    }
}
