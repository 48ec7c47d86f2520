//! Dimension indices ranked from highest to lowest, each with its 95 % interval.

use plotters::prelude::*;

use super::layout::{draw_empty, one_decimal, room_for, ChartStyle, Rows};
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
    rows.draw_index_axis(area, style, ranked.len())?;
    rows.draw_labels(area, style, &labels)?;
    for (i, (d, text)) in ranked.iter().zip(values).enumerate() {
        rows.draw_estimate(area, style, i, d.index, ACCENT, text)?;
    }
    Ok(())
}
