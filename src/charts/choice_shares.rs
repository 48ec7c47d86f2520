//! A choice question: one bar per option, its share of those who answered, with counts.

use plotters::prelude::*;

use super::layout::{draw_empty, percent, room_for, ChartStyle, Rows};
use super::palette::ACCENT;
use super::{Area, ChartResult};
use crate::domain::results::QuestionResult;

pub fn choice_shares<DB: DrawingBackend>(
    area: &Area<DB>,
    question: &QuestionResult,
    style: &ChartStyle,
) -> ChartResult<DB> {
    area.fill(&WHITE)?;
    if question.options.is_empty() || question.answered == 0 {
        return draw_empty(area, style, "暂无数据");
    }
    let labels: Vec<String> = question.options.iter().map(|o| o.label.clone()).collect();
    let max = question
        .options
        .iter()
        .map(|o| o.share.high)
        .fold(0.0, f64::max)
        .clamp(0.05, 1.0);
    // A round axis end and step (5 %, 10 %, 20 %, 25 % …) with at most five steps.
    let step = [0.01, 0.02, 0.05, 0.1, 0.2, 0.25]
        .into_iter()
        .find(|step| (max / step).ceil() <= 5.0)
        .unwrap_or(0.25);
    let max = ((max / step).ceil() * step).min(1.0);
    let values: Vec<String> = question
        .options
        .iter()
        .map(|o| format!("{} ({})", percent(o.share.value), o.count))
        .collect();
    let rows = Rows::new(
        area,
        style,
        &labels,
        labels.len(),
        0,
        max,
        room_for(&values, style),
    );
    let ticks: Vec<f64> = (0..)
        .map(|i| i as f64 * step)
        .take_while(|t| *t <= max + 1e-9)
        .collect();
    rows.draw_axis(area, style, labels.len(), &ticks, &|t| {
        format!("{:.0}%", t * 100.0)
    })?;
    rows.draw_labels(area, style, &labels)?;
    for (i, (option, text)) in question.options.iter().zip(values).enumerate() {
        rows.draw_estimate(area, style, i, option.share, ACCENT, text)?;
    }
    Ok(())
}
