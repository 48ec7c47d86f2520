//! Dimension indices ranked from highest to lowest, each with its 95 % interval.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::layout::{draw_empty, draw_whisker, one_decimal, room_for, ChartStyle, Rows};
use super::palette::ACCENT;
use super::{Area, ChartResult};
use crate::domain::results::report::DimensionResult;

pub fn dimension_ranking<DB: DrawingBackend>(
    area: &Area<DB>,
    dimensions: &[DimensionResult],
    style: &ChartStyle,
) -> ChartResult<DB> {
    area.fill(&WHITE)?;
    let mut ranked: Vec<&DimensionResult> =
        dimensions.iter().filter(|d| !d.index.is_empty()).collect();
    if ranked.is_empty() {
        return draw_empty(area, style, "暂无数据");
    }
    ranked.sort_by(|a, b| b.index.value.total_cmp(&a.index.value));
    let labels: Vec<String> = ranked.iter().map(|d| d.name.clone()).collect();
    let values: Vec<String> = ranked
        .iter()
        .map(|d| {
            format!(
                "{}（{}–{}）",
                one_decimal(d.index.value),
                one_decimal(d.index.low),
                one_decimal(d.index.high)
            )
        })
        .collect();
    let rows = Rows::new(
        area,
        style,
        &labels,
        ranked.len(),
        0,
        100.0,
        room_for(&values, style),
    );
    rows.draw_axis(
        area,
        style,
        ranked.len(),
        &[0.0, 20.0, 40.0, 60.0, 80.0, 100.0],
        &|t| format!("{t:.0}"),
    )?;
    rows.draw_labels(area, style, &labels)?;
    let value = style.label().pos(Pos::new(HPos::Left, VPos::Center));
    for (i, d) in ranked.iter().enumerate() {
        let (top, bottom) = rows.band(i);
        area.draw(&Rectangle::new(
            [(rows.x(0.0), top), (rows.x(d.index.value), bottom)],
            ACCENT.mix(0.85).filled(),
        ))?;
        draw_whisker(
            area,
            &rows,
            style,
            d.index.low,
            d.index.high,
            rows.centre(i),
        )?;
        area.draw(&Text::new(
            format!(
                "{}（{}–{}）",
                one_decimal(d.index.value),
                one_decimal(d.index.low),
                one_decimal(d.index.high)
            ),
            (rows.x(100.0) + style.px(6.0), rows.centre(i)),
            value.clone(),
        ))?;
    }
    Ok(())
}
