//! The survey definition: data, not code, so staff can copy and edit a template.

use serde::{Deserialize, Serialize};

use super::condition::Condition;

/// A whole survey definition as stored and as sent to the respondent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Survey {
    /// Stable URL-safe id, e.g. `yingshang-2023`.
    pub id: String,
    pub title: String,
    /// Who runs it, shown under the title (e.g. 某某区人大常委会).
    #[serde(default)]
    pub organizer: String,
    /// The opening words: purpose, secrecy, how long it takes.
    #[serde(default)]
    pub intro: String,
    /// Shown on the receipt.
    #[serde(default)]
    pub thanks: String,
    #[serde(default)]
    pub kind: SurveyKind,
    #[serde(default)]
    pub access: Access,
    /// The wave this survey belongs to (e.g. "2023"), for comparisons between years.
    #[serde(default)]
    pub wave: String,
    /// Surveys of the same series (e.g. "yingshang") are compared wave against wave,
    /// item by item, matched on question ids.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub series: String,
    /// The survey this one is a new version of: edited after answers arrived, which never
    /// changes a survey under its answers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version_of: Option<String>,
    /// How many responses staff aim to collect, shown against progress.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<u64>,
    /// Weights of items and dimensions in the indices.
    #[serde(default, skip_serializing_if = "Scoring::is_default")]
    pub scoring: Scoring,
    /// How a ballot is decided (`domain::ballot::decide`); only for `kind: ballot`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ballot: Option<BallotRule>,
    pub sections: Vec<Section>,
    /// Answer patterns worth counting apart (e.g. homework time above the national cap).
    #[serde(default)]
    pub flags: Vec<AnswerFlag>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SurveyKind {
    /// A questionnaire answered by the public or by enterprises.
    #[default]
    Questionnaire,
    /// A secret ballot of committee members (审计整改).
    Ballot,
}

/// Who may answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Access {
    /// Anyone with the link.
    #[default]
    Open,
    /// One response per one-time code; the code is spent on submit.
    OneTimeCode,
}

/// Lifecycle state, kept by the server beside the definition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SurveyStatus {
    Draft,
    Open,
    Closed,
    Published,
}

impl SurveyStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            SurveyStatus::Draft => "draft",
            SurveyStatus::Open => "open",
            SurveyStatus::Closed => "closed",
            SurveyStatus::Published => "published",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [Self::Draft, Self::Open, Self::Closed, Self::Published]
            .into_iter()
            .find(|s| s.as_str() == text)
    }

    /// Which status may follow which: a draft or a closed survey opens, an open one
    /// closes, a closed one is published (and stays so). A secret ballot never opens
    /// again once closed: the counts shown at close and after a second close would differ
    /// by the late ballots, marks and all; voting again is the next round.
    /// The state's name for staff and the public.
    pub fn label_zh(self) -> &'static str {
        match self {
            SurveyStatus::Draft => "草稿",
            SurveyStatus::Open => "进行中",
            SurveyStatus::Closed => "已结束",
            SurveyStatus::Published => "已公布",
        }
    }

    pub fn can_become(self, next: SurveyStatus, kind: SurveyKind) -> bool {
        use SurveyStatus::*;
        match (self, next) {
            (Closed, Open) => kind != SurveyKind::Ballot,
            (from, to) => matches!(
                (from, to),
                (Draft, Open) | (Open, Closed) | (Closed, Published)
            ),
        }
    }
}

/// One screen of the survey.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Section {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub description: String,
    pub questions: Vec<Question>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "super::tagged::QuestionFields")]
pub struct Question {
    pub id: String,
    pub title: String,
    /// A hint under the title.
    #[serde(default)]
    pub help: String,
    #[serde(default)]
    pub required: bool,
    #[serde(flatten)]
    pub kind: QuestionKind,
    /// Shown only when this holds on earlier answers; a hidden question is never required
    /// and must not be answered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show_if: Option<Condition>,
    /// A profile question: used for breakdowns, never to identify anyone.
    #[serde(default)]
    pub profile: bool,
    /// The dimension (维度) this item counts toward, e.g. 政务服务.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dimension: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum QuestionKind {
    SingleChoice {
        options: Vec<Choice>,
    },
    MultipleChoice {
        options: Vec<Choice>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min: Option<u32>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max: Option<u32>,
    },
    Dropdown {
        options: Vec<Choice>,
    },
    /// A fixed rating scale: five-point satisfaction or the three-grade ballot.
    Scale {
        scale: Scale,
        /// Offer 不了解 (don't know), excluded from every rate and index.
        #[serde(default)]
        allow_unknown: bool,
    },
    /// 0–10 likelihood to recommend.
    Nps {
        #[serde(default)]
        low_label: String,
        #[serde(default)]
        high_label: String,
    },
    /// Several items rated on one scale.
    Matrix {
        rows: Vec<Choice>,
        scale: Scale,
        #[serde(default)]
        allow_unknown: bool,
    },
    Number {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min: Option<f64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max: Option<f64>,
        #[serde(default)]
        integer: bool,
        #[serde(default)]
        unit: String,
    },
    ShortText {
        #[serde(default = "short_text_limit")]
        max_len: u32,
    },
    LongText {
        #[serde(default = "long_text_limit")]
        max_len: u32,
    },
}

fn short_text_limit() -> u32 {
    100
}

fn long_text_limit() -> u32 {
    1000
}

/// An option of a choice question, or a row of a matrix.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Choice {
    pub id: String,
    pub label: String,
    /// Cannot be combined with other options (e.g. 以上都没有).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub exclusive: bool,
}

/// The rating scales the platform knows. Their options are fixed so results compare
/// across surveys and years.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scale {
    /// 非常满意 / 满意 / 一般 / 不满意 / 非常不满意.
    Satisfaction5,
    /// 满意 / 基本满意 / 不满意, the committee's ballot.
    Ballot3,
}

/// One point of a scale.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScalePoint {
    pub id: &'static str,
    pub label_zh: &'static str,
    pub label_en: &'static str,
    pub score: f64,
}

/// The id of the 不了解 answer on scales that allow it.
pub const UNKNOWN: &str = "unknown";
pub const UNKNOWN_LABEL_ZH: &str = "不了解";
pub const UNKNOWN_LABEL_EN: &str = "Don't know";

const SATISFACTION5: [ScalePoint; 5] = [
    ScalePoint {
        id: "5",
        label_zh: "非常满意",
        label_en: "Very satisfied",
        score: 5.0,
    },
    ScalePoint {
        id: "4",
        label_zh: "满意",
        label_en: "Satisfied",
        score: 4.0,
    },
    ScalePoint {
        id: "3",
        label_zh: "一般",
        label_en: "Neutral",
        score: 3.0,
    },
    ScalePoint {
        id: "2",
        label_zh: "不满意",
        label_en: "Dissatisfied",
        score: 2.0,
    },
    ScalePoint {
        id: "1",
        label_zh: "非常不满意",
        label_en: "Very dissatisfied",
        score: 1.0,
    },
];

const BALLOT3: [ScalePoint; 3] = [
    ScalePoint {
        id: "satisfied",
        label_zh: "满意",
        label_en: "Satisfied",
        score: 3.0,
    },
    ScalePoint {
        id: "basic",
        label_zh: "基本满意",
        label_en: "Basically satisfied",
        score: 2.0,
    },
    ScalePoint {
        id: "unsatisfied",
        label_zh: "不满意",
        label_en: "Dissatisfied",
        score: 1.0,
    },
];

impl Scale {
    /// The points from best to worst.
    pub fn points(self) -> &'static [ScalePoint] {
        match self {
            Scale::Satisfaction5 => &SATISFACTION5,
            Scale::Ballot3 => &BALLOT3,
        }
    }

    /// Is `id` an answer this scale accepts?
    pub fn accepts(self, id: &str, allow_unknown: bool) -> bool {
        (allow_unknown && id == UNKNOWN) || self.points().iter().any(|p| p.id == id)
    }
}

/// Weights for the 0–100 indices. An item or dimension not named weighs 1.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Scoring {
    /// Item id (a question id, or `question.row` for a matrix row) → weight in its dimension.
    #[serde(default)]
    pub item_weights: std::collections::BTreeMap<String, f64>,
    /// Dimension name → weight in the survey index.
    #[serde(default)]
    pub dimension_weights: std::collections::BTreeMap<String, f64>,
}

impl Scoring {
    pub fn is_default(&self) -> bool {
        self.item_weights.is_empty() && self.dimension_weights.is_empty()
    }

    pub fn item_weight(&self, item: &str) -> f64 {
        self.item_weights.get(item).copied().unwrap_or(1.0)
    }

    pub fn dimension_weight(&self, dimension: &str) -> f64 {
        self.dimension_weights
            .get(dimension)
            .copied()
            .unwrap_or(1.0)
    }
}

/// What a ballot's shares are taken of (`domain::ballot::decide`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Denominator {
    /// 全体组成人员: every member in office (应到).
    #[default]
    AllMembers,
    /// 实到人数: the members present.
    Present,
    /// 有效票: the valid ballots for the item.
    ValidBallots,
}

/// The ballot's settings that belong to the definition. 应到/实到 are entered per session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BallotRule {
    #[serde(default)]
    pub denominator: Denominator,
    /// 1 for the first vote; a 不满意 item is voted again in round 2, 3, …
    #[serde(default = "first_round")]
    pub round: u32,
    /// The survey id of the previous round, whose items this round votes again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<String>,
}

fn first_round() -> u32 {
    1
}

impl Default for BallotRule {
    fn default() -> Self {
        BallotRule {
            denominator: Denominator::default(),
            round: first_round(),
            previous: None,
        }
    }
}

/// A named answer pattern, counted apart in results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnswerFlag {
    pub id: String,
    pub label: String,
    pub when: Condition,
}

impl Survey {
    /// Every question in order, across sections.
    pub fn questions(&self) -> impl Iterator<Item = &Question> {
        self.sections.iter().flat_map(|s| s.questions.iter())
    }

    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions().find(|q| q.id == id)
    }

    pub fn question_count(&self) -> usize {
        self.questions().count()
    }
}

impl QuestionKind {
    /// Free text (short or long): never counted, published only when approved.
    pub fn is_text(&self) -> bool {
        matches!(
            self,
            QuestionKind::ShortText { .. } | QuestionKind::LongText { .. }
        )
    }

    /// The options (or matrix rows) to edit; empty for kinds without any.
    pub fn options_mut(&mut self) -> &mut [Choice] {
        match self {
            QuestionKind::SingleChoice { options }
            | QuestionKind::Dropdown { options }
            | QuestionKind::MultipleChoice { options, .. } => options,
            QuestionKind::Matrix { rows, .. } => rows,
            _ => &mut [],
        }
    }

    /// The options of a choice-like question.
    pub fn options(&self) -> &[Choice] {
        match self {
            QuestionKind::SingleChoice { options }
            | QuestionKind::MultipleChoice { options, .. }
            | QuestionKind::Dropdown { options } => options,
            _ => &[],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn which_status_may_follow_which() {
        use SurveyKind::{Ballot, Questionnaire};
        use SurveyStatus::*;
        let cases = [
            (Draft, Open, Questionnaire, true),
            (Draft, Open, Ballot, true),
            (Open, Closed, Ballot, true),
            (Closed, Published, Ballot, true),
            (Closed, Open, Questionnaire, true),
            (Closed, Open, Ballot, false),
            (Published, Open, Questionnaire, false),
            (Open, Published, Questionnaire, false),
            (Draft, Closed, Questionnaire, false),
            (Open, Draft, Questionnaire, false),
        ];
        for (from, to, kind, expected) in cases {
            assert_eq!(
                from.can_become(to, kind),
                expected,
                "{from:?} → {to:?} ({kind:?})"
            );
        }
    }
}
