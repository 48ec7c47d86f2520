//! Which chart a question's figures get, and how tall: one rule for the dashboard's
//! canvas, the public page's inline SVG and the downloadable SVG.

use super::{choice_shares, distribution, nps_distribution, size, Area, ChartResult, ChartStyle};
use crate::domain::results::report::ResultKind;
use crate::domain::results::QuestionResult;
use plotters::prelude::DrawingBackend;

/// The height of a question's chart; none for figures shown as a line of text (numbers,
/// free text, or a 0–10 question without its distribution).
pub fn question_chart_height(q: &QuestionResult) -> Option<u32> {
    match q.kind {
        ResultKind::Scale | ResultKind::Matrix => Some(size::distribution(q.items.len())),
        ResultKind::Choice | ResultKind::MultipleChoice => Some(size::choices(q.options.len())),
        ResultKind::Nps => q.nps.as_ref().map(|_| size::NPS),
        ResultKind::Number | ResultKind::Text => None,
    }
}

/// Draw a question's chart: grades as stacked bars, choices as shares, 0–10 as columns.
/// Draws nothing for a question [`question_chart_height`] gives no chart.
pub fn question_chart<DB: DrawingBackend>(
    area: &Area<DB>,
    q: &QuestionResult,
    style: &ChartStyle,
) -> ChartResult<DB> {
    match q.kind {
        ResultKind::Scale | ResultKind::Matrix => distribution(area, &q.items, style),
        ResultKind::Choice | ResultKind::MultipleChoice => choice_shares(area, q, style),
        ResultKind::Nps => match &q.nps {
            Some(nps) => nps_distribution(area, nps, style),
            None => Ok(()),
        },
        ResultKind::Number | ResultKind::Text => Ok(()),
    }
}
