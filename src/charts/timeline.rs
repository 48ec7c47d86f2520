//! Responses over time: a column per period and the running total against the target.

use plotters::prelude::*;

use super::layout::{draw_empty, ChartStyle};
use super::palette::{ACCENT, HALF_LINE, INK, SERIES};
use super::{Area, ChartResult};
use crate::domain::results::query::PeriodCount;

/// `periods` ascending (hours or days); `local_label` formats a period start for the axis.
pub fn timeline<DB: DrawingBackend>(
    area: &Area<DB>,
    periods: &[PeriodCount],
    target: Option<u64>,
    local_label: &dyn Fn(i64) -> String,
    style: &ChartStyle,
) -> ChartResult<DB> {
    area.fill(&WHITE)?;
    if periods.is_empty() {
        return draw_empty(area, style, "尚无答卷");
    }
    let total: u64 = periods.iter().map(|p| p.count).sum();
    let peak = periods.iter().map(|p| p.count).max().unwrap_or(1).max(1) as f64;
    let cumulative_top = total.max(target.unwrap_or(0)).max(1) as f64 * 1.1;
    let n = periods.len();
    let caption = match target {
        Some(t) if t > 0 => format!(
            "已收 {total} 份，目标 {t} 份（{:.0}%）",
            total as f64 * 100.0 / t as f64
        ),
        _ => format!("已收 {total} 份"),
    };
    let mut chart = ChartBuilder::on(area)
        .caption(caption, style.text(14.0, INK))
        .margin(style.px(8.0))
        .x_label_area_size(style.px(26.0))
        .y_label_area_size(style.px(44.0))
        .right_y_label_area_size(style.px(52.0))
        .build_cartesian_2d(-0.5f64..(n as f64 - 0.5), 0f64..peak * 1.15)?
        .set_secondary_coord(-0.5f64..(n as f64 - 0.5), 0f64..cumulative_top);
    let labels: Vec<String> = periods.iter().map(|p| local_label(p.start_ms)).collect();
    chart
        .configure_mesh()
        .disable_x_mesh()
        .max_light_lines(0)
        .x_labels(n.min(8))
        .x_label_formatter(&|x| {
            let i = x.round();
            if (x - i).abs() < 0.01 && i >= 0.0 {
                labels.get(i as usize).cloned().unwrap_or_default()
            } else {
                String::new()
            }
        })
        .y_labels(5)
        .y_label_formatter(&|y| format!("{:.0}", y))
        .label_style(style.small())
        .draw()?;
    chart
        .configure_secondary_axes()
        .y_labels(5)
        .y_label_formatter(&|y| format!("{:.0}", y))
        .label_style(style.small())
        .draw()?;
    chart.draw_series(periods.iter().enumerate().map(|(i, p)| {
        let x = i as f64;
        Rectangle::new(
            [(x - 0.4, 0.0), (x + 0.4, p.count as f64)],
            ACCENT.mix(0.8).filled(),
        )
    }))?;
    let mut running = 0u64;
    let line: Vec<(f64, f64)> = periods
        .iter()
        .enumerate()
        .map(|(i, p)| {
            running += p.count;
            (i as f64, running as f64)
        })
        .collect();
    let stroke = SERIES[2].stroke_width(style.px(2.0).max(1) as u32);
    chart.draw_secondary_series(std::iter::once(PathElement::new(line, stroke)))?;
    if let Some(t) = target.filter(|t| *t > 0) {
        let dashed = HALF_LINE.stroke_width(style.px(1.0).max(1) as u32);
        chart.draw_secondary_series(std::iter::once(PathElement::new(
            vec![(-0.5, t as f64), (n as f64 - 0.5, t as f64)],
            dashed,
        )))?;
    }
    Ok(())
}
