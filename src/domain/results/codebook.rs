//! A survey compiled for counting: each response becomes a few bytes (one small code per
//! single-valued answer, a bit mask per multiple choice, a number per number question), so
//! that a million responses fit in memory and a full count is one pass over flat arrays.

use super::super::answer::{Answer, Answers};
use super::super::survey::{QuestionKind, Scale, Survey, UNKNOWN};

/// Code of a column that was not answered (or not shown).
pub const MISSING: u8 = 0;

/// The most levels one column can have: codes are bytes and 0 means missing. A single
/// choice or dropdown with more options would leave answers uncounted.
pub const MAX_LEVELS: usize = 254;

/// The most options a multiple choice can have: one bit each in a `u64` mask.
pub const MAX_MULTI_OPTIONS: usize = 64;

/// Raised whenever [`Codebook::encode`] or [`Codebook::new`] changes what a response
/// encodes to, so that encodings stored by an older version are not taken for current ones.
pub const ENCODING_VERSION: u32 = 1;

/// What a single-valued column holds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ColumnKind {
    /// Single choice or dropdown; levels are the option ids.
    Choice,
    /// A scale question or one matrix row; levels are the scale points best first, then
    /// 不了解 when the question offers it.
    Scale { scale: Scale, allow_unknown: bool },
    /// 0–10; level i is the score i.
    Nps,
    /// Free text; the one level means "answered".
    Text,
    /// An answer flag; levels "yes", "no"; missing when a question it reads is unanswered.
    Flag,
}

/// One single-valued column.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// The question id, or the flag id for a flag.
    pub question: String,
    /// The matrix row id, for a matrix row.
    pub row: Option<String>,
    pub kind: ColumnKind,
    /// The answer id of each code: code `i + 1` is `levels[i]`.
    pub levels: Vec<String>,
}

impl Column {
    /// The item id used in results and weights: `question` or `question.row`.
    pub fn item_id(&self) -> String {
        match &self.row {
            Some(row) => format!("{}.{}", self.question, row),
            None => self.question.clone(),
        }
    }

    pub fn code_of(&self, answer_id: &str) -> Option<u8> {
        self.levels
            .iter()
            .position(|l| l == answer_id)
            .map(|i| (i + 1) as u8)
    }

    /// The level of `code`, if it is one.
    pub fn level(&self, code: u8) -> Option<&str> {
        (code as usize)
            .checked_sub(1)
            .and_then(|i| self.levels.get(i))
            .map(String::as_str)
    }
}

/// A multiple-choice question: one bit per option.
#[derive(Debug, Clone, PartialEq)]
pub struct MultiColumn {
    pub question: String,
    pub options: Vec<String>,
}

/// How responses of one survey are encoded.
#[derive(Debug, Clone, PartialEq)]
pub struct Codebook {
    pub columns: Vec<Column>,
    pub multi: Vec<MultiColumn>,
    /// Question ids of number questions.
    pub numbers: Vec<String>,
    /// `offsets[c]` is where column c's counts start in a flat count array (codes 0..=levels).
    pub offsets: Vec<usize>,
    flags: Vec<super::super::survey::AnswerFlag>,
}

/// One response encoded.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct EncodedResponse {
    pub codes: Vec<u8>,
    pub masks: Vec<u64>,
    pub numbers: Vec<f64>,
}

fn scale_levels(scale: Scale, allow_unknown: bool) -> Vec<String> {
    let mut levels: Vec<String> = scale.points().iter().map(|p| p.id.to_string()).collect();
    if allow_unknown {
        levels.push(UNKNOWN.to_string());
    }
    levels
}

fn ids(choices: &[super::super::survey::Choice]) -> Vec<String> {
    choices.iter().map(|c| c.id.clone()).collect()
}

impl Codebook {
    /// Compile a survey. Options beyond [`MAX_LEVELS`] (or [`MAX_MULTI_OPTIONS`] for a
    /// multiple choice) are not counted; the definition check refuses such surveys.
    pub fn new(survey: &Survey) -> Self {
        let mut columns = Vec::new();
        let mut multi = Vec::new();
        let mut numbers = Vec::new();
        let column = |question: &str, row: Option<&str>, kind, mut levels: Vec<String>| {
            levels.truncate(MAX_LEVELS);
            Column {
                question: question.to_string(),
                row: row.map(str::to_string),
                kind,
                levels,
            }
        };
        for q in survey.questions() {
            match &q.kind {
                QuestionKind::SingleChoice { options } | QuestionKind::Dropdown { options } => {
                    columns.push(column(&q.id, None, ColumnKind::Choice, ids(options)));
                }
                QuestionKind::Scale {
                    scale,
                    allow_unknown,
                } => columns.push(column(
                    &q.id,
                    None,
                    ColumnKind::Scale {
                        scale: *scale,
                        allow_unknown: *allow_unknown,
                    },
                    scale_levels(*scale, *allow_unknown),
                )),
                QuestionKind::Matrix {
                    rows,
                    scale,
                    allow_unknown,
                } => {
                    for row in rows {
                        columns.push(column(
                            &q.id,
                            Some(&row.id),
                            ColumnKind::Scale {
                                scale: *scale,
                                allow_unknown: *allow_unknown,
                            },
                            scale_levels(*scale, *allow_unknown),
                        ));
                    }
                }
                QuestionKind::Nps { .. } => columns.push(column(
                    &q.id,
                    None,
                    ColumnKind::Nps,
                    (0..=10).map(|i| i.to_string()).collect(),
                )),
                QuestionKind::ShortText { .. } | QuestionKind::LongText { .. } => {
                    columns.push(column(
                        &q.id,
                        None,
                        ColumnKind::Text,
                        vec!["answered".into()],
                    ));
                }
                QuestionKind::MultipleChoice { options, .. } => multi.push(MultiColumn {
                    question: q.id.clone(),
                    options: ids(&options[..options.len().min(MAX_MULTI_OPTIONS)]),
                }),
                QuestionKind::Number { .. } => numbers.push(q.id.clone()),
            }
        }
        for flag in &survey.flags {
            columns.push(column(
                &flag.id,
                None,
                ColumnKind::Flag,
                vec!["yes".into(), "no".into()],
            ));
        }
        let mut offsets = Vec::with_capacity(columns.len() + 1);
        let mut next = 0;
        for c in &columns {
            offsets.push(next);
            next += c.levels.len() + 1;
        }
        offsets.push(next);
        Codebook {
            columns,
            multi,
            numbers,
            offsets,
            flags: survey.flags.clone(),
        }
    }

    /// What a stored encoding was made with: SHA-256 over [`ENCODING_VERSION`] and every
    /// column, level, option and flag, so an encoding made by another definition (an edited
    /// draft) or another version of [`Codebook::encode`] is never read as this one's.
    pub fn fingerprint(&self) -> [u8; 32] {
        use sha2::{Digest, Sha256};
        let mut hash = Sha256::new();
        hash.update(ENCODING_VERSION.to_le_bytes());
        // Debug names every field; a formatting change only makes old encodings unused.
        hash.update(format!("{self:?}").as_bytes());
        hash.finalize().into()
    }

    /// The size of a flat count array over every column and code.
    pub fn count_slots(&self) -> usize {
        *self.offsets.last().unwrap_or(&0)
    }

    /// The single-valued column of a question (not a matrix row), if it has one.
    pub fn column_of(&self, question: &str) -> Option<usize> {
        self.columns
            .iter()
            .position(|c| c.question == question && c.row.is_none())
    }

    /// Encode validated answers. Answers that do not fit the definition are left uncounted.
    pub fn encode(&self, answers: &Answers) -> EncodedResponse {
        let codes = self.columns.iter().map(|c| self.code(c, answers)).collect();
        let masks = self
            .multi
            .iter()
            .map(|m| match answers.get(&m.question) {
                Some(Answer::List(items)) => items.iter().fold(0u64, |mask, item| {
                    match m.options.iter().position(|o| o == item) {
                        Some(bit) => mask | (1 << bit),
                        None => mask,
                    }
                }),
                _ => 0,
            })
            .collect();
        let numbers = self
            .numbers
            .iter()
            .map(|q| {
                answers
                    .get(q)
                    .and_then(Answer::as_number)
                    .unwrap_or(f64::NAN)
            })
            .collect();
        EncodedResponse {
            codes,
            masks,
            numbers,
        }
    }

    fn code(&self, column: &Column, answers: &Answers) -> u8 {
        let answer = answers.get(&column.question);
        match column.kind {
            ColumnKind::Choice | ColumnKind::Scale { .. } => {
                let id = match (&column.row, answer) {
                    (None, Some(Answer::Text(id))) => Some(id.as_str()),
                    (Some(row), Some(Answer::Map(rows))) => rows.get(row).map(String::as_str),
                    _ => None,
                };
                id.and_then(|id| column.code_of(id)).unwrap_or(MISSING)
            }
            ColumnKind::Nps => match answer.and_then(Answer::as_number) {
                Some(score) if (0.0..=10.0).contains(&score) => score as u8 + 1,
                _ => MISSING,
            },
            ColumnKind::Text => match answer {
                Some(a) if !a.is_blank() => 1,
                _ => MISSING,
            },
            ColumnKind::Flag => {
                let Some(flag) = self.flags.iter().find(|f| f.id == column.question) else {
                    return MISSING;
                };
                let read = flag.when.referenced_questions();
                if read
                    .iter()
                    .any(|q| answers.get(*q).is_none_or(Answer::is_blank))
                {
                    MISSING
                } else if flag.when.holds(answers) {
                    1
                } else {
                    2
                }
            }
        }
    }
}
