//! Aggregation: responses compiled to a compact table, counted, and turned into the
//! figures staff and the public see (shares, 满意率, indices, NPS, intervals, breakdowns,
//! waves; docs/architecture.md#the-path-of-a-chart).

pub mod codebook;
pub mod query;
pub mod report;
pub mod snapshot;
pub mod table;

#[cfg(test)]
mod tests;

pub use codebook::Codebook;
pub use query::{breakdown, compare_waves, per_day, per_hour, Breakdown, Filter, WaveComparison};
pub use report::{compute, ItemResult, QuestionResult, SurveyResults};
pub use table::{ResponseTable, Tally};
