//! The same figures across waves (e.g. 2022 against 2023): a bar per wave in each row,
//! oldest first, with the change printed beside the newest.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::layout::{draw_empty, draw_legend, one_decimal, room_for, ChartStyle, Rows};
use super::palette::{INK, SERIES};
use super::{Area, ChartResult};
use crate::domain::results::WaveComparison;

pub fn wave_comparison<DB: DrawingBackend>(
    area: &Area<DB>,
    comparison: &WaveComparison,
    style: &ChartStyle,
) -> ChartResult<DB> {
    area.fill(&WHITE)?;
    let waves = comparison.waves.len();
    if waves == 0 || comparison.figures.is_empty() {
        return draw_empty(area, style, "暂无可比较的往年数据");
    }
    let labels: Vec<String> = comparison.figures.iter().map(|f| f.label.clone()).collect();
    let legend: Vec<(String, RGBColor)> = comparison
        .waves
        .iter()
        .enumerate()
        .map(|(i, w)| {
            (
                format!("{}年（n={}）", w.wave, w.responses),
                SERIES[i % SERIES.len()],
            )
        })
        .collect();
    let rows = Rows::new(
        area,
        style,
        &labels,
        labels.len(),
        style.px(20.0),
        100.0,
        room_for(&["+100.0".to_string()], style),
    );
    draw_legend(area, style, &legend, rows.left, style.px(10.0))?;
    rows.draw_index_axis(area, style, labels.len())?;
    rows.draw_labels(area, style, &labels)?;
    let change_text = style.label().pos(Pos::new(HPos::Left, VPos::Center));
    for (i, figure) in comparison.figures.iter().enumerate() {
        let (top, bottom) = rows.band(i);
        let slice = ((bottom - top) / waves as i32).max(1);
        for (w, value) in figure.values.iter().enumerate() {
            let Some(e) = value else { continue };
            let y0 = top + slice * w as i32;
            area.draw(&Rectangle::new(
                [(rows.x(0.0), y0), (rows.x(e.value), y0 + slice - 1)],
                SERIES[w % SERIES.len()].filled(),
            ))?;
        }
        let first = figure.values.first().copied().flatten();
        let last = figure.values.last().copied().flatten();
        let change = match (first, last) {
            (Some(a), Some(b)) if waves > 1 => format!("{:+.1}", b.value - a.value),
            (_, Some(b)) => one_decimal(b.value),
            _ => "—".into(),
        };
        area.draw(&Text::new(
            change,
            (rows.x(100.0) + style.px(6.0), rows.centre(i)),
            change_text.clone().color(&INK),
        ))?;
    }
    Ok(())
}
