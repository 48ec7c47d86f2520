//! The ballot per item: votes stacked 满意 / 基本满意 / 不满意 / 无效 against the
//! denominator, a red mark at half of it, and each item's verdict. Drawn only for a vote
//! that has closed: while open, per-item counts are never shown.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::layout::{draw_legend, room_for, ChartStyle, Rows};
use super::palette::{BALLOT, HALF_LINE, INK, MUTED};
use super::{Area, ChartResult};
use crate::domain::ballot::BallotOutcome;

/// Each item shows its verdict, or why there is none.
pub fn ballot_tally<DB: DrawingBackend>(
    area: &Area<DB>,
    outcome: &BallotOutcome,
    style: &ChartStyle,
) -> ChartResult<DB> {
    area.fill(&WHITE)?;
    let labels: Vec<String> = outcome.items.iter().map(|i| i.label.clone()).collect();
    let max = outcome
        .items
        .iter()
        .map(|i| i.denominator.max(i.total.cast()))
        .max()
        .unwrap_or(0)
        .max(outcome.attendance.present as u64)
        .max(1) as f64;
    let legend: Vec<(String, RGBColor)> = ["满意", "基本满意", "不满意", "无效"]
        .iter()
        .zip(BALLOT)
        .map(|(l, c)| (l.to_string(), c))
        .collect();
    let rows = Rows::new(
        area,
        style,
        &labels,
        labels.len().max(1),
        style.px(24.0),
        max,
        room_for(&["收回票数多于实到人数，测评无效".to_string()], style) * 15 / 13,
    );
    draw_legend(area, style, &legend, rows.left, style.px(12.0))?;
    let step = (max / 5.0).ceil().max(1.0);
    let ticks: Vec<f64> = (0..)
        .map(|i| i as f64 * step)
        .take_while(|t| *t <= max)
        .collect();
    rows.draw_axis(area, style, labels.len().max(1), &ticks, &|t| {
        format!("{t:.0}")
    })?;
    rows.draw_labels(area, style, &labels)?;
    let verdict_text = style
        .text(15.0, INK)
        .pos(Pos::new(HPos::Left, VPos::Center));
    let count_text = style
        .text(11.0, WHITE)
        .pos(Pos::new(HPos::Center, VPos::Center));
    for (i, item) in outcome.items.iter().enumerate() {
        let (top, bottom) = rows.band(i);
        let t = item.total;
        let mut start = 0u64;
        for (count, color) in [t.satisfied, t.basic, t.unsatisfied, t.invalid]
            .into_iter()
            .zip(BALLOT)
        {
            if count == 0 {
                continue;
            }
            let (x0, x1) = (rows.x(start as f64), rows.x((start + count) as f64));
            area.draw(&Rectangle::new([(x0, top), (x1, bottom)], color.filled()))?;
            if x1 - x0 > style.px(18.0) {
                area.draw(&Text::new(
                    count.to_string(),
                    ((x0 + x1) / 2, (top + bottom) / 2),
                    count_text.clone(),
                ))?;
            }
            start += count;
        }
        if item.denominator > 0 {
            let half = rows.x(item.denominator as f64 / 2.0);
            let stroke = HALF_LINE.stroke_width(style.px(2.0).max(1) as u32);
            let reach = style.px(5.0);
            area.draw(&PathElement::new(
                vec![(half, top - reach), (half, bottom + reach)],
                stroke,
            ))?;
        }
        let (words, color) = match (item.verdict, item.no_verdict) {
            (Some(v), _) => (v.label_zh().to_string(), INK),
            (None, Some(reason)) => (reason.label_zh().to_string(), MUTED),
            (None, None) => (format!("已投 {}", t.cast()), MUTED),
        };
        area.draw(&Text::new(
            words,
            (rows.x(max) + style.px(10.0), rows.centre(i)),
            verdict_text.clone().color(&color),
        ))?;
    }
    Ok(())
}
