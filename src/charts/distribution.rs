//! Five-point (or three-grade) distribution: one 100 % stacked bar per item, best grade on
//! the left; 不了解 is left out of the bar and each row names its n.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::layout::{draw_empty, draw_legend, percent, room_for, text_width, ChartStyle, Rows};
use super::palette::{grade, INK, MUTED};
use super::{Area, ChartResult};
use crate::domain::results::ItemResult;

pub fn distribution<DB: DrawingBackend>(
    area: &Area<DB>,
    items: &[ItemResult],
    style: &ChartStyle,
) -> ChartResult<DB> {
    area.fill(&WHITE)?;
    let Some(first) = items.first() else {
        return draw_empty(area, style, "暂无数据");
    };
    let labels: Vec<String> = items.iter().map(|i| i.label.clone()).collect();
    let legend: Vec<(String, RGBColor)> = first
        .points
        .iter()
        .enumerate()
        .map(|(i, p)| (p.label.clone(), grade(first.points.len(), i)))
        .collect();
    let notes: Vec<String> = items
        .iter()
        .map(|item| {
            let mut note = format!("n={}", item.mean.n);
            if item.unknown > 0 {
                note.push_str(&format!(" 不了解{}", item.unknown));
            }
            note
        })
        .collect();
    let rows = Rows::new(
        area,
        style,
        &labels,
        items.len(),
        style.px(20.0),
        1.0,
        room_for(&notes, style) * 11 / 13,
    );
    draw_legend(area, style, &legend, rows.left, style.px(10.0))?;
    rows.draw_axis(
        area,
        style,
        items.len(),
        &[0.0, 0.25, 0.5, 0.75, 1.0],
        &|t| percent(t),
    )?;
    rows.draw_labels(area, style, &labels)?;
    let inside = style
        .text(11.0, WHITE)
        .pos(Pos::new(HPos::Center, VPos::Center));
    let inside_dark = style
        .text(11.0, INK)
        .pos(Pos::new(HPos::Center, VPos::Center));
    let n_text = style.small().pos(Pos::new(HPos::Left, VPos::Center));
    for (i, item) in items.iter().enumerate() {
        let (top, bottom) = rows.band(i);
        let n = item.mean.n;
        let mut start = 0.0;
        for (p, point) in item.points.iter().enumerate() {
            if n == 0 || point.count == 0 {
                continue;
            }
            let share = point.count as f64 / n as f64;
            let (x0, x1) = (rows.x(start), rows.x(start + share));
            let color = grade(item.points.len(), p);
            area.draw(&Rectangle::new([(x0, top), (x1, bottom)], color.filled()))?;
            let label = percent(share);
            if (x1 - x0) as f64 > text_width(&label, 11.0 * style.scale) + 4.0 {
                // Light segments (the middle grades) take dark text for contrast.
                let text = if p == 0 || p + 1 == item.points.len() {
                    &inside
                } else {
                    &inside_dark
                };
                area.draw(&Text::new(
                    label,
                    ((x0 + x1) / 2, (top + bottom) / 2),
                    text.clone(),
                ))?;
            }
            start += share;
        }
        let note = notes[i].clone();
        let color = if n == 0 { MUTED } else { INK };
        area.draw(&Text::new(
            note,
            (rows.x(1.0) + style.px(6.0), rows.centre(i)),
            n_text.clone().color(&color),
        ))?;
    }
    Ok(())
}
