//! The figures the committee reads, computed from a [`Tally`]. Wire types: the server sends
//! them and the dashboard draws them.

use serde::{Deserialize, Serialize};

use super::super::stats::{
    index_from_mean, net_promoter, one_decimal, percent, weighted_mean, wilson, Estimate, Moments,
};
use super::super::survey::{Choice, QuestionKind, Scale, Survey};
use super::codebook::{Codebook, ColumnKind};
use super::table::Tally;

/// What kind of figures a question has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ResultKind {
    Choice,
    MultipleChoice,
    Scale,
    Matrix,
    Nps,
    Number,
    Text,
}

/// One option's count and its share (with Wilson interval) of those who answered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OptionShare {
    pub id: String,
    pub label: String,
    pub count: u64,
    pub share: Estimate,
}

/// A rated item: a scale question or one matrix row. 不了解 is counted apart and left out
/// of every share, mean, index and rate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemResult {
    /// The question id, or `question.row` for a matrix row.
    pub id: String,
    pub label: String,
    pub dimension: Option<String>,
    pub scale: Scale,
    /// Scale points best first, shares of the rated answers (n excludes 不了解).
    pub points: Vec<OptionShare>,
    pub unknown: u64,
    /// Mean score (5…1, or 3…1 for the ballot grades).
    pub mean: Estimate,
    /// (mean − min) / (max − min) × 100.
    pub index: Estimate,
    /// 满意率: the two best points (非常满意 + 满意; 满意 + 基本满意).
    pub satisfaction: Estimate,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NpsResult {
    /// Responses scoring 0, 1, …, 10.
    pub distribution: Vec<u64>,
    pub promoters: u64,
    pub passives: u64,
    pub detractors: u64,
    /// % promoters − % detractors, −100…100.
    pub score: Estimate,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuestionResult {
    pub id: String,
    pub title: String,
    pub kind: ResultKind,
    pub profile: bool,
    /// Responses with an answer (including 不了解).
    pub answered: u64,
    /// Choice options: share of those who answered (for a multiple choice, of the
    /// respondents who ticked anything; shares then add up to more than 100 %).
    pub options: Vec<OptionShare>,
    /// The rated item(s): one for a scale, one per row for a matrix.
    pub items: Vec<ItemResult>,
    pub nps: Option<NpsResult>,
    /// Mean of a number question.
    pub mean: Option<Estimate>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DimensionResult {
    pub name: String,
    /// Weighted mean of the item indices.
    pub index: Estimate,
    /// Weighted mean of the item 满意率.
    pub satisfaction: Estimate,
    pub items: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FlagResult {
    pub id: String,
    pub label: String,
    pub count: u64,
    /// Share among the responses that answered every question the flag reads.
    pub share: Estimate,
}

/// Every figure of one survey over one set of responses.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SurveyResults {
    pub survey_id: String,
    pub title: String,
    pub wave: String,
    pub responses: u64,
    pub questions: Vec<QuestionResult>,
    pub dimensions: Vec<DimensionResult>,
    /// The survey index: weighted mean of the dimension indices.
    pub index: Estimate,
    pub flags: Vec<FlagResult>,
}

impl QuestionResult {
    /// In words what the question's chart shows (its text alternative); "" for numbers and
    /// free text, which have no chart.
    pub fn summary_zh(&self) -> String {
        match self.kind {
            ResultKind::Scale | ResultKind::Matrix => self
                .items
                .iter()
                .map(|i| {
                    let (index, rate) = (one_decimal(i.index.value), percent(i.satisfaction.value));
                    format!("{}：指数 {index}，满意率 {rate}，n={}", i.label, i.mean.n)
                })
                .collect::<Vec<_>>()
                .join("；"),
            ResultKind::Choice | ResultKind::MultipleChoice => self
                .options
                .iter()
                .map(|o| format!("{} {}（{}）", o.label, percent(o.share.value), o.count))
                .collect::<Vec<_>>()
                .join("；"),
            ResultKind::Nps => self.nps.as_ref().map_or_else(String::new, |n| {
                let score = one_decimal(n.score.value);
                let (p, m, d) = (n.promoters, n.passives, n.detractors);
                format!("NPS {score}，推荐者 {p}，中立者 {m}，贬损者 {d}")
            }),
            ResultKind::Number | ResultKind::Text => String::new(),
        }
    }
}

impl SurveyResults {
    pub fn question(&self, id: &str) -> Option<&QuestionResult> {
        self.questions.iter().find(|q| q.id == id)
    }

    /// Every rated item, in survey order.
    pub fn items(&self) -> impl Iterator<Item = &ItemResult> {
        self.questions.iter().flat_map(|q| q.items.iter())
    }

    pub fn dimension(&self, name: &str) -> Option<&DimensionResult> {
        self.dimensions.iter().find(|d| d.name == name)
    }
}

/// Counts of `ids` (in that order) with their labels from `options` and their shares of n.
fn shares(ids: &[String], options: &[Choice], counts: &[u64], n: u64) -> Vec<OptionShare> {
    ids.iter()
        .zip(counts)
        .map(|(id, count)| OptionShare {
            id: id.clone(),
            label: options
                .iter()
                .find(|o| &o.id == id)
                .map(|o| o.label.clone())
                .unwrap_or_default(),
            count: *count,
            share: wilson(*count, n),
        })
        .collect()
}

/// The figures of a rated item from its column counts (index 0 = missing).
fn item(
    id: String,
    label: String,
    dimension: Option<String>,
    scale: Scale,
    counts: &[u64],
    allow_unknown: bool,
) -> ItemResult {
    let points = scale.points();
    let rated = &counts[1..=points.len()];
    let unknown = if allow_unknown {
        counts[points.len() + 1]
    } else {
        0
    };
    let n: u64 = rated.iter().sum();
    let mut moments = Moments::default();
    for (point, count) in points.iter().zip(rated) {
        moments.add(point.score, *count);
    }
    let mean = moments.mean();
    let (best, worst) = (points[0].score, points[points.len() - 1].score);
    ItemResult {
        id,
        label,
        dimension,
        scale,
        points: points
            .iter()
            .zip(rated)
            .map(|(p, count)| OptionShare {
                id: p.id.to_string(),
                label: p.label_zh.to_string(),
                count: *count,
                share: wilson(*count, n),
            })
            .collect(),
        unknown,
        mean,
        index: index_from_mean(mean, worst, best),
        satisfaction: wilson(rated[0] + rated[1], n),
    }
}

/// Compute every figure of `survey` from `tally` (made with `codebook`).
pub fn compute(survey: &Survey, codebook: &Codebook, tally: &Tally) -> SurveyResults {
    let mut questions = Vec::new();
    for q in survey.questions() {
        let mut result = QuestionResult {
            id: q.id.clone(),
            title: q.title.clone(),
            kind: ResultKind::Text,
            profile: q.profile,
            answered: 0,
            options: Vec::new(),
            items: Vec::new(),
            nps: None,
            mean: None,
        };
        let single = codebook.column_of(&q.id);
        let counts = |c: usize| tally.column(codebook, c);
        match &q.kind {
            QuestionKind::SingleChoice { options } | QuestionKind::Dropdown { options } => {
                let Some(c) = single else { continue };
                let counts = counts(c);
                result.kind = ResultKind::Choice;
                result.answered = counts[1..].iter().sum();
                result.options = shares(
                    &codebook.columns[c].levels,
                    options,
                    &counts[1..],
                    result.answered,
                );
            }
            QuestionKind::MultipleChoice { options, .. } => {
                let Some(m) = codebook.multi.iter().position(|m| m.question == q.id) else {
                    continue;
                };
                result.kind = ResultKind::MultipleChoice;
                result.answered = tally.multi_answered[m];
                result.options = shares(
                    &codebook.multi[m].options,
                    options,
                    &tally.multi_counts[m],
                    result.answered,
                );
            }
            QuestionKind::Scale {
                scale,
                allow_unknown,
            } => {
                let Some(c) = single else { continue };
                let counts = counts(c);
                result.kind = ResultKind::Scale;
                result.answered = counts[1..].iter().sum();
                result.items.push(item(
                    q.id.clone(),
                    q.title.clone(),
                    q.dimension.clone(),
                    *scale,
                    counts,
                    *allow_unknown,
                ));
            }
            QuestionKind::Matrix {
                rows,
                scale,
                allow_unknown,
            } => {
                result.kind = ResultKind::Matrix;
                for (c, column) in codebook.columns.iter().enumerate() {
                    let Some(row_id) = column.row.as_deref().filter(|_| column.question == q.id)
                    else {
                        continue;
                    };
                    let label = rows
                        .iter()
                        .find(|r| r.id == row_id)
                        .map(|r| r.label.clone())
                        .unwrap_or_default();
                    let counts = counts(c);
                    result.answered = result.answered.max(counts[1..].iter().sum());
                    result.items.push(item(
                        column.item_id(),
                        label,
                        q.dimension.clone(),
                        *scale,
                        counts,
                        *allow_unknown,
                    ));
                }
            }
            QuestionKind::Nps { .. } => {
                let Some(c) = single else { continue };
                let distribution: Vec<u64> = counts(c)[1..].to_vec();
                let detractors = distribution[..7].iter().sum();
                let passives = distribution[7..9].iter().sum();
                let promoters = distribution[9..].iter().sum();
                result.kind = ResultKind::Nps;
                result.answered = distribution.iter().sum();
                result.nps = Some(NpsResult {
                    score: net_promoter(promoters, passives, detractors),
                    distribution,
                    promoters,
                    passives,
                    detractors,
                });
            }
            QuestionKind::Number { .. } => {
                let Some(m) = codebook.numbers.iter().position(|n| n == &q.id) else {
                    continue;
                };
                result.kind = ResultKind::Number;
                result.answered = tally.numbers[m].n;
                result.mean = Some(tally.numbers[m].mean());
            }
            QuestionKind::ShortText { .. } | QuestionKind::LongText { .. } => {
                let Some(c) = single else { continue };
                result.answered = counts(c)[1];
            }
        }
        questions.push(result);
    }

    let dimensions = dimensions(survey, &questions);
    let index = weighted_mean(
        &dimensions
            .iter()
            .map(|d| (d.index, survey.scoring.dimension_weight(&d.name)))
            .collect::<Vec<_>>(),
    );
    let flags = codebook
        .columns
        .iter()
        .enumerate()
        .filter(|(_, c)| c.kind == ColumnKind::Flag)
        .map(|(c, column)| {
            let counts = tally.column(codebook, c);
            let label = survey
                .flags
                .iter()
                .find(|f| f.id == column.question)
                .map(|f| f.label.clone())
                .unwrap_or_default();
            FlagResult {
                id: column.question.clone(),
                label,
                count: counts[1],
                share: wilson(counts[1], counts[1] + counts[2]),
            }
        })
        .collect();
    SurveyResults {
        survey_id: survey.id.clone(),
        title: survey.title.clone(),
        wave: survey.wave.clone(),
        responses: tally.responses,
        questions,
        dimensions,
        index,
        flags,
    }
}

/// Dimensions in the order their first item appears.
fn dimensions(survey: &Survey, questions: &[QuestionResult]) -> Vec<DimensionResult> {
    let mut names: Vec<&str> = Vec::new();
    for item in questions.iter().flat_map(|q| q.items.iter()) {
        if let Some(d) = item.dimension.as_deref() {
            if !names.contains(&d) {
                names.push(d);
            }
        }
    }
    names
        .into_iter()
        .map(|name| {
            let items: Vec<&ItemResult> = questions
                .iter()
                .flat_map(|q| q.items.iter())
                .filter(|i| i.dimension.as_deref() == Some(name))
                .collect();
            let weighted = |pick: fn(&ItemResult) -> Estimate| {
                weighted_mean(
                    &items
                        .iter()
                        .map(|i| (pick(i), survey.scoring.item_weight(&i.id)))
                        .collect::<Vec<_>>(),
                )
            };
            DimensionResult {
                name: name.to_string(),
                index: weighted(|i| i.index),
                satisfaction: weighted(|i| i.satisfaction),
                items: items.iter().map(|i| i.id.clone()).collect(),
            }
        })
        .collect()
}
