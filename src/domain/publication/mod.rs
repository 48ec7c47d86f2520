//! Publication rules (docs/trust.md#publication): what of a closed survey the public
//! may see. Every published figure is computed from one anonymised data set, which is
//! published too, so anyone can recompute the figures; small groups never appear because
//! the data set itself has none.
//!
//! - Profile answers are coarsened: options chosen by fewer than [`THRESHOLD`] responses are
//!   merged into 其他（合并）, together with the next smallest options until the merged group
//!   is large enough and holds at least two options (complementary suppression: no merged
//!   option can be derived from the total). Then every combination of profile answers
//!   shared by fewer than [`THRESHOLD`] responses has answers withheld (未公开), last
//!   question first, until every combination is shared by enough responses.
//! - Only a single choice or a dropdown can be coarsened, so only they can be profile
//!   questions ([`coarsenable`]; the definition check refuses the mark on other kinds). One
//!   stored before that is never published, nor any question shown on its answers.
//! - Being shown tells something too: an answer to a question shown only on some profile
//!   answers (directly, or through the questions its condition reads) is left out wherever
//!   one of those profile answers is merged or withheld. Which answers go depends only on
//!   the published profile answers, so every combination stays as large as it was; only
//!   responses whose profile was coarsened lose answers, which is simpler and surer than
//!   counting every shown question into the combinations.
//! - An item with fewer than [`THRESHOLD`] answers so published is not published at all.
//! - Free text is left out; answers staff approved one by one are listed apart, not linked
//!   to any response.
//! - A survey with fewer than [`THRESHOLD`] responses publishes nothing derived from its
//!   answers: no records, figures, merged options or left-out items.
//! - A committee ballot has no profile and is published whole: every ballot, shuffled,
//!   without codes, times or whether it came on paper (only how many did), with the
//!   attendance frozen at close.

pub mod anonymise;
mod figures;
mod shown;
mod tables;

#[cfg(test)]
mod privacy_tests;
#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};

use super::answer::Answers;
use super::audit::AuditHead;
use super::ballot::{BallotOutcome, BallotSession, ItemHistory};
use super::results::codebook::MAX_LEVELS;
use super::results::report::SurveyResults;
use super::stats::Estimate;
use super::survey::{QuestionKind, Survey, SurveyKind};

pub use anonymise::{published_definition, ProfilePlan};
pub use figures::{figures, public_table, push_record, GroupRow, GroupTable, PublishedFigures};
pub use tables::{figure_rows, FigureRow, FIGURE_HEADERS};

/// Groups smaller than this are never shown (docs/trust.md#publication, P1).
pub const THRESHOLD: u64 = 5;
/// The option that merged small profile options become.
pub const MERGED: &str = "_merged";
pub const MERGED_LABEL: &str = "其他（合并）";
/// A profile answer withheld so that no combination of answers is shared by too few.
pub const WITHHELD: &str = "_withheld";
pub const WITHHELD_LABEL: &str = "未公开";
/// A channel id no link may carry (paper ballots were once entered under it).
pub const PAPER_CHANNEL: &str = "paper";
/// The most options a profile question can have: publishing may add 其他（合并） and 未公开,
/// and the published question must still fit a column.
pub const MAX_PROFILE_OPTIONS: usize = MAX_LEVELS - 2;

/// Can a question of this kind be a profile question? Only a single choice or a dropdown:
/// their small options can be merged and their answers withheld. The definition check
/// refuses the profile mark on any other kind.
pub fn coarsenable(kind: &QuestionKind) -> bool {
    matches!(
        kind,
        QuestionKind::SingleChoice { .. } | QuestionKind::Dropdown { .. }
    )
}

/// One published response (or ballot).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PublicRecord {
    pub answers: Answers,
}

/// How one profile question was coarsened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Coarsening {
    pub question: String,
    pub title: String,
    /// Labels of the options merged into 其他（合并）.
    pub merged: Vec<String>,
    /// Responses whose answer to this question is withheld.
    pub withheld: u64,
}

/// An item left out because too few answered it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DroppedItem {
    pub id: String,
    pub label: String,
}

/// Free-text answers to one question that staff approved, in no particular order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApprovedTexts {
    pub question: String,
    pub title: String,
    pub answers: Vec<String>,
}

/// The head of the published data file (`data.json`): the definition the records follow
/// and what they were drawn from. The records follow it in the same file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PublicDataHeader {
    /// The definition as published: merged/withheld options added, merged options and free
    /// text questions removed.
    pub survey: Survey,
    pub threshold: u64,
    /// Responses frozen at close, and their digest (`domain::digest`).
    pub frozen_responses: u64,
    pub frozen_digest: String,
    /// A ballot's attendance and paper count, frozen with it (part of the digest).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<BallotSession>,
    pub texts: Vec<ApprovedTexts>,
}

/// The published data as one value (what `data.json` parses into).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PublicData {
    #[serde(flatten)]
    pub header: PublicDataHeader,
    pub records: Vec<PublicRecord>,
}

impl PublicDataHeader {
    /// The bytes of `data.json` before the first record: the header's fields, then
    /// `"records":[`. Records follow, comma separated, then [`DATA_TAIL`].
    pub fn file_head(&self) -> String {
        let mut head = serde_json::to_string(self).expect("a header always serializes");
        head.pop(); // the closing brace
        head.push_str(",\"records\":[");
        head
    }
}

/// The bytes of `data.json` after the last record.
pub const DATA_TAIL: &str = "]}";

/// Everything on the public results page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Publication {
    pub survey_id: String,
    pub title: String,
    pub organizer: String,
    pub wave: String,
    pub kind: SurveyKind,
    pub closed_at: i64,
    pub published_at: i64,
    pub threshold: u64,
    pub frozen_responses: u64,
    pub frozen_digest: String,
    /// SHA-256 of `data.json` as served.
    pub data_digest: String,
    /// Records in the published data.
    pub published_responses: u64,
    /// Fewer responses than the threshold: nothing derived from the answers is published.
    pub withheld: bool,
    pub coarsening: Vec<Coarsening>,
    pub dropped: Vec<DroppedItem>,
    pub results: SurveyResults,
    pub groups: Vec<GroupTable>,
    pub ballot: Option<BallotOutcome>,
    #[serde(default)]
    pub history: Vec<ItemHistory>,
    pub texts: Vec<ApprovedTexts>,
    /// The survey's audit chain as it stood when published (before the publish entry).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audit_head: Option<AuditHead>,
}

/// A published survey in the public list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PublishedSummary {
    pub survey_id: String,
    pub title: String,
    pub wave: String,
    pub kind: SurveyKind,
    pub published_at: i64,
    pub published_responses: u64,
}

impl Publication {
    pub fn summary(&self) -> PublishedSummary {
        PublishedSummary {
            survey_id: self.survey_id.clone(),
            title: self.title.clone(),
            wave: self.wave.clone(),
            kind: self.kind,
            published_at: self.published_at,
            published_responses: self.published_responses,
        }
    }

    /// The survey index, or `None` when it is withheld or there is none.
    pub fn index(&self) -> Option<Estimate> {
        (!self.withheld && self.results.index.value.is_finite()).then_some(self.results.index)
    }
}
