//! 0–10 answers as eleven columns coloured detractor / passive / promoter, with the NPS.

use plotters::prelude::*;

use super::layout::{draw_empty, one_decimal, ChartStyle};
use super::palette::{INK, NPS};
use super::{Area, ChartResult};
use crate::domain::results::report::NpsResult;

pub fn nps_distribution<DB: DrawingBackend>(
    area: &Area<DB>,
    nps: &NpsResult,
    style: &ChartStyle,
) -> ChartResult<DB> {
    area.fill(&WHITE)?;
    let total: u64 = nps.distribution.iter().sum();
    if total == 0 {
        return draw_empty(area, style, "暂无数据");
    }
    let top = nps.distribution.iter().copied().max().unwrap_or(1).max(1) as f64 * 1.15;
    let caption = format!(
        "NPS {}（{} 至 {}，n={}）",
        one_decimal(nps.score.value),
        one_decimal(nps.score.low),
        one_decimal(nps.score.high),
        nps.score.n
    );
    let mut chart = ChartBuilder::on(area)
        .caption(caption, style.text(14.0, INK))
        .margin(style.px(8.0))
        .x_label_area_size(style.px(26.0))
        .y_label_area_size(style.px(40.0))
        .build_cartesian_2d(-0.5f64..10.5f64, 0f64..top)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .max_light_lines(0)
        .x_labels(11)
        .x_label_formatter(&|x| format!("{:.0}", x))
        .y_labels(5)
        .y_label_formatter(&|y| format!("{:.0}", y))
        .label_style(style.small())
        .draw()?;
    chart.draw_series(nps.distribution.iter().enumerate().map(|(score, count)| {
        let color = match score {
            0..=6 => NPS[0],
            7 | 8 => NPS[1],
            _ => NPS[2],
        };
        let x = score as f64;
        Rectangle::new([(x - 0.38, 0.0), (x + 0.38, *count as f64)], color.filled())
    }))?;
    Ok(())
}
