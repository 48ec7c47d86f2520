//! The published figures, computed only from the published records.

use serde::{Deserialize, Serialize};

use super::super::ballot::{decide_table, BallotOutcome, BallotSession};
use super::super::results::query::{breakdown, Filter};
use super::super::results::report::{compute, SurveyResults};
use super::super::results::table::ResponseTable;
use super::super::results::Codebook;
use super::super::stats::Estimate;
use super::super::survey::{Survey, SurveyKind};
use super::{coarsenable, PublicRecord, WITHHELD};

/// One group of a breakdown as published: its size and indices.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupRow {
    /// The option id ("" for responses that did not answer).
    pub id: String,
    pub label: String,
    pub responses: u64,
    pub index: Estimate,
    /// Each dimension's index, in the order of [`GroupTable::dimensions`].
    pub dimensions: Vec<Estimate>,
}

/// The survey broken down by one profile question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupTable {
    pub by: String,
    pub title: String,
    pub dimensions: Vec<String>,
    pub groups: Vec<GroupRow>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PublishedFigures {
    pub results: SurveyResults,
    pub groups: Vec<GroupTable>,
    pub ballot: Option<BallotOutcome>,
}

/// An empty table for records of the published definition.
pub fn public_table(published: &Survey) -> ResponseTable {
    ResponseTable::new(Codebook::new(published))
}

/// Count one published record.
pub fn push_record(table: &mut ResponseTable, record: &PublicRecord) {
    let encoded = table.codebook.encode(&record.answers);
    table.push(&encoded, 0, "");
}

/// Every published figure of `published` (the published definition) over `table` (its
/// published records). A ballot's verdicts need its frozen session (attendance, paper count).
pub fn figures(
    published: &Survey,
    table: &ResponseTable,
    session: BallotSession,
) -> PublishedFigures {
    let results = compute(published, &table.codebook, table.total());
    let dimensions: Vec<String> = results.dimensions.iter().map(|d| d.name.clone()).collect();
    let groups = if published.kind == SurveyKind::Ballot {
        Vec::new()
    } else {
        published
            .questions()
            .filter(|q| q.profile && coarsenable(&q.kind))
            .filter_map(|q| breakdown(published, table, &q.id, &Filter::default()).ok())
            .map(|b| GroupTable {
                by: b.by,
                title: b.title,
                dimensions: dimensions.clone(),
                groups: b
                    .groups
                    .into_iter()
                    .filter(|g| g.results.responses > 0)
                    .map(|g| GroupRow {
                        id: g.id,
                        label: g.label,
                        responses: g.results.responses,
                        index: g.results.index,
                        dimensions: dimensions
                            .iter()
                            .map(|name| {
                                g.results
                                    .dimension(name)
                                    .map(|d| d.index)
                                    .unwrap_or(Estimate::empty())
                            })
                            .collect(),
                    })
                    .collect(),
            })
            // A table whose every answer is withheld says nothing.
            .filter(|t: &GroupTable| t.groups.iter().any(|g| g.id != WITHHELD))
            .collect()
    };
    let ballot =
        (published.kind == SurveyKind::Ballot).then(|| decide_table(published, table, session));
    PublishedFigures {
        results,
        groups,
        ballot,
    }
}
