//! One figure per group of a breakdown (e.g. the survey index per 企业规模), with intervals
//! and each group's n.

use plotters::prelude::*;

use super::layout::{draw_empty, one_decimal, room_for, ChartStyle, Rows};
use super::palette::ACCENT;
use super::{Area, ChartResult};
use crate::domain::results::{Breakdown, SurveyResults};
use crate::domain::stats::Estimate;

/// Which 0–100 index a breakdown chart shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GroupFigure {
    SurveyIndex,
    Dimension(String),
    Item(String),
}

impl GroupFigure {
    pub fn of(&self, results: &SurveyResults) -> Estimate {
        let found = match self {
            GroupFigure::SurveyIndex => Some(results.index),
            GroupFigure::Dimension(name) => results.dimension(name).map(|d| d.index),
            GroupFigure::Item(id) => results.items().find(|i| &i.id == id).map(|i| i.index),
        };
        found.unwrap_or_else(Estimate::empty)
    }

    /// This figure for every group of `breakdown`.
    pub fn bars(&self, breakdown: &Breakdown) -> Vec<GroupBar> {
        breakdown
            .groups
            .iter()
            .map(|g| GroupBar {
                label: g.label.clone(),
                responses: g.results.responses,
                estimate: self.of(&g.results),
            })
            .collect()
    }
}

/// One group's bar: its name, size and figure.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupBar {
    pub label: String,
    pub responses: u64,
    pub estimate: Estimate,
}

pub fn group_breakdown<DB: DrawingBackend>(
    area: &Area<DB>,
    bars: &[GroupBar],
    style: &ChartStyle,
) -> ChartResult<DB> {
    area.fill(&WHITE)?;
    if bars.is_empty() {
        return draw_empty(area, style, "暂无数据");
    }
    let labels: Vec<String> = bars
        .iter()
        .map(|g| format!("{}（n={}）", g.label, g.responses))
        .collect();
    let rows = Rows::new(
        area,
        style,
        &labels,
        labels.len(),
        0,
        100.0,
        room_for(&["100.0".to_string()], style),
    );
    rows.draw_index_axis(area, style, labels.len())?;
    rows.draw_labels(area, style, &labels)?;
    for (i, bar) in bars.iter().enumerate() {
        // One colour: the groups are categories of one figure, not different series.
        let e = bar.estimate;
        rows.draw_estimate(area, style, i, e, ACCENT, one_decimal(e.value))?;
    }
    Ok(())
}
