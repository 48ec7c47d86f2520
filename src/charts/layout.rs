//! Shared layout for the horizontal-bar charts: a label column on the left, bars on a
//! 0…max value axis, a legend on top. Text widths are estimated (CJK characters are one em,
//! Latin ones about half) because an SVG backend cannot measure text.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::palette::{GRID, INK, MUTED};
use super::{Area, ChartResult};
use crate::domain::stats::Estimate;
pub use crate::domain::stats::{one_decimal, percent};

/// Fonts and sizes; `scale` multiplies every size (2 on a high-density screen or for the
/// projector view).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ChartStyle {
    pub font: &'static str,
    pub scale: f64,
    /// plotters' SVG backend draws text at 1/1.24 of the size asked for, its canvas backend
    /// at the size itself: 1.24 for SVG makes both draw the sizes the layout assumes.
    pub text_factor: f64,
}

impl Default for ChartStyle {
    /// For a canvas at one device pixel per CSS pixel.
    fn default() -> Self {
        ChartStyle {
            font: "sans-serif",
            scale: 1.0,
            text_factor: 1.0,
        }
    }
}

impl ChartStyle {
    pub fn px(&self, size: f64) -> i32 {
        (size * self.scale).round() as i32
    }

    /// For SVG output (server pages, downloads, tests).
    pub fn svg() -> Self {
        ChartStyle {
            text_factor: 1.24,
            ..Self::default()
        }
    }

    /// Text of `size` CSS pixels.
    pub fn text(&self, size: f64, color: RGBColor) -> TextStyle<'static> {
        TextStyle {
            font: (self.font, size * self.scale * self.text_factor).into_font(),
            color: color.to_backend_color(),
            pos: Pos::default(),
        }
    }

    pub fn label(&self) -> TextStyle<'static> {
        self.text(13.0, INK)
    }

    pub fn small(&self) -> TextStyle<'static> {
        self.text(11.0, MUTED)
    }
}

/// Estimated width in pixels of `text` at `size` px.
pub fn text_width(text: &str, size: f64) -> f64 {
    text.chars()
        .map(|c| if c.is_ascii() { 0.56 } else { 1.0 })
        .sum::<f64>()
        * size
}

/// `text` cut with an ellipsis to fit `max_px` at `size` px.
pub fn fit(text: &str, max_px: f64, size: f64) -> String {
    if text_width(text, size) <= max_px {
        return text.to_string();
    }
    let mut out = String::new();
    for c in text.chars() {
        if text_width(&out, size) + text_width("…", size) + text_width(&c.to_string(), size)
            > max_px
        {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

/// Rows of horizontal bars.
pub struct Rows {
    pub left: i32,
    pub right: i32,
    pub top: i32,
    pub row: i32,
    pub bar: i32,
    pub max: f64,
}

impl Rows {
    /// Lay out `count` rows in `area`, with room for `labels` on the left, a legend band of
    /// `legend` px on top and an axis below.
    pub fn new<DB: DrawingBackend>(
        area: &Area<DB>,
        style: &ChartStyle,
        labels: &[String],
        count: usize,
        legend: i32,
        max: f64,
        value_room: i32,
    ) -> Self {
        let (width, height) = area.dim_in_pixel();
        let (width, height) = (width as i32, height as i32);
        let size = 13.0 * style.scale;
        let longest = labels
            .iter()
            .map(|l| text_width(l, size))
            .fold(0.0, f64::max);
        let left = (longest as i32 + style.px(12.0)).clamp(style.px(40.0), width * 2 / 5);
        let top = legend + style.px(6.0);
        let axis = style.px(22.0);
        let row = ((height - top - axis) / count.max(1) as i32).max(4);
        Rows {
            left,
            right: width - style.px(8.0) - value_room,
            top,
            row,
            bar: (row * 62 / 100).max(3),
            max: if max > 0.0 { max } else { 1.0 },
        }
    }

    /// The bar band of row `i`: (top, bottom) in pixels.
    pub fn band(&self, i: usize) -> (i32, i32) {
        let centre = self.top + self.row * i as i32 + self.row / 2;
        (centre - self.bar / 2, centre + self.bar - self.bar / 2)
    }

    pub fn centre(&self, i: usize) -> i32 {
        self.top + self.row * i as i32 + self.row / 2
    }

    /// The x pixel of `value` on the 0…max axis.
    pub fn x(&self, value: f64) -> i32 {
        let v = value.clamp(0.0, self.max);
        self.left + ((self.right - self.left) as f64 * v / self.max).round() as i32
    }

    pub fn bottom(&self, count: usize) -> i32 {
        self.top + self.row * count as i32
    }

    /// Row labels, right-aligned against the bars, shortened to fit.
    pub fn draw_labels<DB: DrawingBackend>(
        &self,
        area: &Area<DB>,
        style: &ChartStyle,
        labels: &[String],
    ) -> ChartResult<DB> {
        let size = 13.0 * style.scale;
        let text = style.label().pos(Pos::new(HPos::Right, VPos::Center));
        for (i, label) in labels.iter().enumerate() {
            let shown = fit(label, (self.left - style.px(10.0)) as f64, size);
            area.draw(&Text::new(
                shown,
                (self.left - style.px(6.0), self.centre(i)),
                text.clone(),
            ))?;
        }
        Ok(())
    }

    /// Vertical grid lines and tick labels at `ticks` under the last row.
    pub fn draw_axis<DB: DrawingBackend>(
        &self,
        area: &Area<DB>,
        style: &ChartStyle,
        count: usize,
        ticks: &[f64],
        format: &dyn Fn(f64) -> String,
    ) -> ChartResult<DB> {
        let bottom = self.bottom(count);
        let text = style.small().pos(Pos::new(HPos::Center, VPos::Top));
        for tick in ticks {
            let x = self.x(*tick);
            area.draw(&PathElement::new(vec![(x, self.top), (x, bottom)], GRID))?;
            area.draw(&Text::new(
                format(*tick),
                (x, bottom + style.px(4.0)),
                text.clone(),
            ))?;
        }
        Ok(())
    }
}

impl Rows {
    /// The 0–100 axis of an index.
    pub fn draw_index_axis<DB: DrawingBackend>(
        &self,
        area: &Area<DB>,
        style: &ChartStyle,
        count: usize,
    ) -> ChartResult<DB> {
        self.draw_axis(
            area,
            style,
            count,
            &[0.0, 20.0, 40.0, 60.0, 80.0, 100.0],
            &|t| format!("{t:.0}"),
        )
    }

    /// Row `i`: a bar to the estimate in `color`, its interval, and `text` right of the axis.
    pub fn draw_estimate<DB: DrawingBackend>(
        &self,
        area: &Area<DB>,
        style: &ChartStyle,
        i: usize,
        estimate: Estimate,
        color: RGBColor,
        text: String,
    ) -> ChartResult<DB> {
        let (top, bottom) = self.band(i);
        if !estimate.is_empty() {
            area.draw(&Rectangle::new(
                [(self.x(0.0), top), (self.x(estimate.value), bottom)],
                color.mix(0.85).filled(),
            ))?;
            draw_whisker(
                area,
                self,
                style,
                estimate.low,
                estimate.high,
                self.centre(i),
            )?;
        }
        let at = (self.x(self.max) + style.px(6.0), self.centre(i));
        let value = style.label().pos(Pos::new(HPos::Left, VPos::Center));
        area.draw(&Text::new(text, at, value))
    }
}

/// A row of coloured squares with labels, starting at (x, y).
pub fn draw_legend<DB: DrawingBackend>(
    area: &Area<DB>,
    style: &ChartStyle,
    entries: &[(String, RGBColor)],
    x: i32,
    y: i32,
) -> ChartResult<DB> {
    let size = 12.0 * style.scale;
    let square = style.px(11.0);
    let text = style
        .text(12.0, INK)
        .pos(Pos::new(HPos::Left, VPos::Center));
    let mut at = x;
    for (label, color) in entries {
        area.draw(&Rectangle::new(
            [(at, y - square / 2), (at + square, y + square / 2)],
            color.filled(),
        ))?;
        area.draw(&Text::new(
            label.clone(),
            (at + square + style.px(4.0), y),
            text.clone(),
        ))?;
        at += square + style.px(12.0) + text_width(label, size) as i32;
    }
    Ok(())
}

/// A horizontal interval whisker from `low` to `high` at height `y`.
pub fn draw_whisker<DB: DrawingBackend>(
    area: &Area<DB>,
    rows: &Rows,
    style: &ChartStyle,
    low: f64,
    high: f64,
    y: i32,
) -> ChartResult<DB> {
    if low.is_nan() || high.is_nan() {
        return Ok(());
    }
    let (a, b) = (rows.x(low), rows.x(high));
    let cap = style.px(4.0);
    let stroke = INK.stroke_width(style.px(1.5).max(1) as u32);
    area.draw(&PathElement::new(vec![(a, y), (b, y)], stroke))?;
    area.draw(&PathElement::new(vec![(a, y - cap), (a, y + cap)], stroke))?;
    area.draw(&PathElement::new(vec![(b, y - cap), (b, y + cap)], stroke))?;
    Ok(())
}

/// Room for the widest of `texts` at the label size, plus a margin.
pub fn room_for(texts: &[String], style: &ChartStyle) -> i32 {
    let widest = texts
        .iter()
        .map(|t| text_width(t, 13.0 * style.scale))
        .fold(0.0, f64::max);
    widest.ceil() as i32 + style.px(14.0)
}

/// A message in the middle of an empty chart.
pub fn draw_empty<DB: DrawingBackend>(
    area: &Area<DB>,
    style: &ChartStyle,
    message: &str,
) -> ChartResult<DB> {
    let (w, h) = area.dim_in_pixel();
    let text = style
        .text(14.0, MUTED)
        .pos(Pos::new(HPos::Center, VPos::Center));
    area.draw(&Text::new(
        message.to_string(),
        (w as i32 / 2, h as i32 / 2),
        text,
    ))
}
