//! The one validation function, run by the browser as the respondent types and by the
//! server on every submission (the server never trusts the browser).

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::answer::{Answer, Answers};
use super::survey::{Choice, Question, QuestionKind, Survey};

/// Why one field was refused. Serialized flat into [`FieldError`]: `{"code": "too_many_choices", "max": 3}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum ErrorCode {
    Required,
    UnknownQuestion,
    HiddenAnswered,
    WrongType,
    InvalidChoice,
    DuplicateChoice,
    ExclusiveCombined,
    TooFewChoices {
        min: u32,
    },
    TooManyChoices {
        max: u32,
    },
    NotInteger,
    BelowMin {
        min: f64,
    },
    AboveMax {
        max: f64,
    },
    OutOfRange {
        min: f64,
        max: f64,
    },
    UnknownRow,
    TooLong {
        max: u32,
    },
    /// A survey definition problem; the message says which.
    InvalidDefinition,
}

impl ErrorCode {
    /// The message shown to the respondent, in Chinese (the default language).
    pub fn message_zh(&self) -> String {
        match self {
            ErrorCode::Required => "此题为必答题，请作答".into(),
            ErrorCode::UnknownQuestion => "问卷中没有这道题".into(),
            ErrorCode::HiddenAnswered => "此题在当前作答情况下不需回答".into(),
            ErrorCode::WrongType => "答案格式不正确".into(),
            ErrorCode::InvalidChoice => "请选择列出的选项".into(),
            ErrorCode::DuplicateChoice => "同一选项不能重复选择".into(),
            ErrorCode::ExclusiveCombined => "此选项不能与其他选项同时选择".into(),
            ErrorCode::TooFewChoices { min } => format!("请至少选择 {min} 项"),
            ErrorCode::TooManyChoices { max } => format!("最多选择 {max} 项"),
            ErrorCode::NotInteger => "请输入整数".into(),
            ErrorCode::BelowMin { min } => format!("不能小于 {min}"),
            ErrorCode::AboveMax { max } => format!("不能大于 {max}"),
            ErrorCode::OutOfRange { min, max } => format!("请在 {min} 到 {max} 之间作答"),
            ErrorCode::UnknownRow => "没有这个评价项目".into(),
            ErrorCode::TooLong { max } => format!("不能超过 {max} 个字"),
            ErrorCode::InvalidDefinition => "问卷定义有误".into(),
        }
    }

    /// The same message in English.
    pub fn message_en(&self) -> String {
        match self {
            ErrorCode::Required => "This question is required".into(),
            ErrorCode::UnknownQuestion => "There is no such question".into(),
            ErrorCode::HiddenAnswered => "This question does not apply to your answers".into(),
            ErrorCode::WrongType => "The answer has the wrong format".into(),
            ErrorCode::InvalidChoice => "Please choose one of the listed options".into(),
            ErrorCode::DuplicateChoice => "An option was chosen twice".into(),
            ErrorCode::ExclusiveCombined => "This option cannot be combined with others".into(),
            ErrorCode::TooFewChoices { min } => format!("Choose at least {min}"),
            ErrorCode::TooManyChoices { max } => format!("Choose at most {max}"),
            ErrorCode::NotInteger => "Please enter a whole number".into(),
            ErrorCode::BelowMin { min } => format!("Must be at least {min}"),
            ErrorCode::AboveMax { max } => format!("Must be at most {max}"),
            ErrorCode::OutOfRange { min, max } => format!("Must be between {min} and {max}"),
            ErrorCode::UnknownRow => "There is no such item".into(),
            ErrorCode::TooLong { max } => format!("At most {max} characters"),
            ErrorCode::InvalidDefinition => "The survey definition is not valid".into(),
        }
    }
}

/// A refused field: `field` is the question id, or `question.row` for a matrix row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "super::tagged::FieldErrorFields")]
pub struct FieldError {
    pub field: String,
    #[serde(flatten)]
    pub error: ErrorCode,
    /// The Chinese message (the UI may re-render it from `error` in another language).
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, error: ErrorCode) -> Self {
        let message = error.message_zh();
        FieldError {
            field: field.into(),
            error,
            message,
        }
    }
}

/// The ids of the questions shown for these answers. Conditions are evaluated in order on
/// the answers of questions already shown, so an answer left behind on a hidden question
/// never reveals anything.
pub fn visible_questions<'s>(survey: &'s Survey, answers: &Answers) -> BTreeSet<&'s str> {
    // Ordered sets throughout the shared rules: the maps are ordered already, and one kind
    // of collection is less code for the respondent to download.
    let mut visible = BTreeSet::new();
    for question in survey.questions() {
        // Only questions already shown count: conditions read earlier questions only.
        let shown = question.show_if.as_ref().is_none_or(|c| {
            c.holds_with(&|id| {
                if visible.contains(id) {
                    answers.get(id)
                } else {
                    None
                }
            })
        });
        if shown {
            visible.insert(question.id.as_str());
        }
    }
    visible
}

/// The screens a respondent steps through: the sections with at least one question shown
/// (`shown` from [`visible_questions`]), in order.
pub fn shown_sections<S: std::borrow::Borrow<str> + Ord>(
    survey: &Survey,
    shown: &BTreeSet<S>,
) -> Vec<usize> {
    survey
        .sections
        .iter()
        .enumerate()
        .filter(|(_, section)| {
            section
                .questions
                .iter()
                .any(|q| shown.contains(q.id.as_str()))
        })
        .map(|(index, _)| index)
        .collect()
}

/// Drop answers to hidden questions, as the browser does before it submits.
pub fn prune_hidden(survey: &Survey, answers: &Answers) -> Answers {
    let visible = visible_questions(survey, answers);
    // `retain`, not `collect`: collecting into a map sorts first, and each sort is code the
    // respondent downloads.
    let mut kept = answers.clone();
    kept.retain(|id, answer| visible.contains(id.as_str()) && !answer.is_blank());
    kept
}

/// Check a whole response. Every problem is reported, in question order.
pub fn validate(survey: &Survey, answers: &Answers) -> Result<(), Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut known = BTreeSet::new();
    for q in survey.questions() {
        known.insert(q.id.as_str());
    }
    for id in answers.keys() {
        if !known.contains(id.as_str()) {
            errors.push(FieldError::new(id.clone(), ErrorCode::UnknownQuestion));
        }
    }
    let visible = visible_questions(survey, answers);
    for question in survey.questions() {
        errors.extend(check_question(
            question,
            answers.get(&question.id),
            &visible,
        ));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// Check the questions of one section, for inline messages before moving on.
pub fn validate_section(
    survey: &Survey,
    section_index: usize,
    answers: &Answers,
) -> Vec<FieldError> {
    let visible = visible_questions(survey, answers);
    survey
        .sections
        .get(section_index)
        .map(|section| {
            section
                .questions
                .iter()
                .flat_map(|q| check_question(q, answers.get(&q.id), &visible))
                .collect()
        })
        .unwrap_or_default()
}

/// Check one question's answer given which questions are visible.
pub fn check_question(
    question: &Question,
    answer: Option<&Answer>,
    visible: &BTreeSet<&str>,
) -> Vec<FieldError> {
    let id = question.id.as_str();
    let answer = answer.filter(|a| !a.is_blank());
    if !visible.contains(id) {
        return match answer {
            Some(_) => vec![FieldError::new(id, ErrorCode::HiddenAnswered)],
            None => vec![],
        };
    }
    match answer {
        None if question.required => vec![FieldError::new(id, ErrorCode::Required)],
        None => vec![],
        Some(answer) => check_shape(question, answer),
    }
}

fn check_shape(question: &Question, answer: &Answer) -> Vec<FieldError> {
    let id = question.id.as_str();
    let fail = |error| vec![FieldError::new(id, error)];
    match (&question.kind, answer) {
        (
            QuestionKind::SingleChoice { options } | QuestionKind::Dropdown { options },
            Answer::Text(choice),
        ) => {
            if has_option(options, choice) {
                vec![]
            } else {
                fail(ErrorCode::InvalidChoice)
            }
        }
        (QuestionKind::MultipleChoice { options, min, max }, Answer::List(chosen)) => {
            check_multiple(id, options, *min, *max, chosen)
        }
        (
            QuestionKind::Scale {
                scale,
                allow_unknown,
            },
            Answer::Text(choice),
        ) => {
            if scale.accepts(choice, *allow_unknown) {
                vec![]
            } else {
                fail(ErrorCode::InvalidChoice)
            }
        }
        (QuestionKind::Nps { .. }, Answer::Number(n)) => {
            if n.fract() != 0.0 {
                fail(ErrorCode::NotInteger)
            } else if !(0.0..=10.0).contains(n) {
                fail(ErrorCode::OutOfRange {
                    min: 0.0,
                    max: 10.0,
                })
            } else {
                vec![]
            }
        }
        (
            QuestionKind::Matrix {
                rows,
                scale,
                allow_unknown,
            },
            Answer::Map(given),
        ) => {
            let mut errors = Vec::new();
            for (row, choice) in given {
                let field = format!("{id}.{row}");
                if !has_option(rows, row) {
                    errors.push(FieldError::new(field, ErrorCode::UnknownRow));
                } else if !scale.accepts(choice, *allow_unknown) {
                    errors.push(FieldError::new(field, ErrorCode::InvalidChoice));
                }
            }
            if question.required {
                for row in rows.iter().filter(|r| !given.contains_key(&r.id)) {
                    errors.push(FieldError::new(
                        format!("{id}.{}", row.id),
                        ErrorCode::Required,
                    ));
                }
            }
            errors
        }
        (
            QuestionKind::Number {
                min, max, integer, ..
            },
            Answer::Number(n),
        ) => {
            if !n.is_finite() {
                fail(ErrorCode::WrongType)
            } else if *integer && n.fract() != 0.0 {
                fail(ErrorCode::NotInteger)
            } else if let Some(min) = min.filter(|m| n < m) {
                fail(ErrorCode::BelowMin { min })
            } else if let Some(max) = max.filter(|m| n > m) {
                fail(ErrorCode::AboveMax { max })
            } else {
                vec![]
            }
        }
        (
            QuestionKind::ShortText { max_len } | QuestionKind::LongText { max_len },
            Answer::Text(text),
        ) => {
            if text.chars().count() > *max_len as usize {
                fail(ErrorCode::TooLong { max: *max_len })
            } else {
                vec![]
            }
        }
        _ => fail(ErrorCode::WrongType),
    }
}

fn has_option(options: &[Choice], id: &str) -> bool {
    options.iter().any(|o| o.id == id)
}

fn check_multiple(
    id: &str,
    options: &[Choice],
    min: Option<u32>,
    max: Option<u32>,
    chosen: &[String],
) -> Vec<FieldError> {
    let fail = |error| vec![FieldError::new(id, error)];
    if chosen.iter().any(|c| !has_option(options, c)) {
        return fail(ErrorCode::InvalidChoice);
    }
    let mut distinct = BTreeSet::new();
    for choice in chosen {
        distinct.insert(choice.as_str());
    }
    if distinct.len() != chosen.len() {
        return fail(ErrorCode::DuplicateChoice);
    }
    let exclusive_chosen = options
        .iter()
        .any(|o| o.exclusive && distinct.contains(o.id.as_str()));
    if exclusive_chosen && chosen.len() > 1 {
        return fail(ErrorCode::ExclusiveCombined);
    }
    let count = chosen.len() as u32;
    match (min, max) {
        (Some(min), _) if count < min && !exclusive_chosen => {
            fail(ErrorCode::TooFewChoices { min })
        }
        (_, Some(max)) if count > max => fail(ErrorCode::TooManyChoices { max }),
        _ => vec![],
    }
}

#[cfg(test)]
#[path = "validation_tests.rs"]
mod tests;
