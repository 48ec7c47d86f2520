//! How the model's tagged types are read: a question (`"kind"` beside its other fields), a
//! show-if condition (`"op"`) and a refused field (`"code"`). Each is read as one flat
//! struct and then checked into its enum. serde's own internally tagged and flattened
//! readers buffer every value first and were a sixth of the respondent's WebAssembly
//! (docs/architecture.md#budgets); the JSON is the same, and writing is still derived.

use serde::Deserialize;

use super::condition::Condition;
use super::survey::{Choice, Question, QuestionKind, Scale};
use super::validation::{ErrorCode, FieldError};

/// The kinds of question, by their names on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
enum KindName {
    SingleChoice,
    MultipleChoice,
    Dropdown,
    Scale,
    Nps,
    Matrix,
    Number,
    ShortText,
    LongText,
}

/// A question with the fields of every kind.
#[derive(Deserialize)]
pub(super) struct QuestionFields {
    id: String,
    title: String,
    #[serde(default)]
    help: String,
    #[serde(default)]
    required: bool,
    kind: KindName,
    options: Option<Vec<Choice>>,
    min: Option<f64>,
    max: Option<f64>,
    scale: Option<Scale>,
    #[serde(default)]
    allow_unknown: bool,
    #[serde(default)]
    low_label: String,
    #[serde(default)]
    high_label: String,
    rows: Option<Vec<Choice>>,
    #[serde(default)]
    integer: bool,
    #[serde(default)]
    unit: String,
    max_len: Option<u32>,
    show_if: Option<Condition>,
    #[serde(default)]
    profile: bool,
    dimension: Option<String>,
}

impl TryFrom<QuestionFields> for Question {
    type Error = String;

    fn try_from(q: QuestionFields) -> Result<Self, String> {
        let options = || q.options.clone().ok_or("missing field `options`");
        let scale = || q.scale.ok_or("missing field `scale`");
        let kind = match q.kind {
            KindName::SingleChoice => QuestionKind::SingleChoice {
                options: options()?,
            },
            KindName::MultipleChoice => QuestionKind::MultipleChoice {
                options: options()?,
                min: q.min.map(|n| count(n, "min")).transpose()?,
                max: q.max.map(|n| count(n, "max")).transpose()?,
            },
            KindName::Dropdown => QuestionKind::Dropdown {
                options: options()?,
            },
            KindName::Scale => QuestionKind::Scale {
                scale: scale()?,
                allow_unknown: q.allow_unknown,
            },
            KindName::Nps => QuestionKind::Nps {
                low_label: q.low_label,
                high_label: q.high_label,
            },
            KindName::Matrix => QuestionKind::Matrix {
                rows: q.rows.ok_or("missing field `rows`")?,
                scale: scale()?,
                allow_unknown: q.allow_unknown,
            },
            KindName::Number => QuestionKind::Number {
                min: q.min,
                max: q.max,
                integer: q.integer,
                unit: q.unit,
            },
            KindName::ShortText => QuestionKind::ShortText {
                max_len: q.max_len.unwrap_or(100),
            },
            KindName::LongText => QuestionKind::LongText {
                max_len: q.max_len.unwrap_or(1000),
            },
        };
        Ok(Question {
            id: q.id,
            title: q.title,
            help: q.help,
            required: q.required,
            kind,
            show_if: q.show_if,
            profile: q.profile,
            dimension: q.dimension,
        })
    }
}

/// A count written as a JSON number (`3`, or `3.0`).
fn count(n: f64, field: &str) -> Result<u32, String> {
    if n.fract() == 0.0 && (0.0..=u32::MAX as f64).contains(&n) {
        Ok(n as u32)
    } else {
        Err(format!("`{field}` must be a whole number, not {n}"))
    }
}

/// The operators of a condition, by their names on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Operator {
    Equals,
    AnyOf,
    Between,
    Answered,
    All,
    Any,
    Not,
}

/// A condition with the fields of every operator.
#[derive(Deserialize)]
pub(super) struct ConditionFields {
    op: Operator,
    question: Option<String>,
    value: Option<String>,
    values: Option<Vec<String>>,
    min: Option<f64>,
    max: Option<f64>,
    conditions: Option<Vec<Condition>>,
    condition: Option<Box<Condition>>,
}

impl TryFrom<ConditionFields> for Condition {
    type Error = &'static str;

    fn try_from(c: ConditionFields) -> Result<Self, &'static str> {
        let question = || c.question.clone().ok_or("missing field `question`");
        let conditions = || c.conditions.clone().ok_or("missing field `conditions`");
        Ok(match c.op {
            Operator::Equals => Condition::Equals {
                question: question()?,
                value: c.value.clone().ok_or("missing field `value`")?,
            },
            Operator::AnyOf => Condition::AnyOf {
                question: question()?,
                values: c.values.clone().ok_or("missing field `values`")?,
            },
            Operator::Between => Condition::Between {
                question: question()?,
                min: c.min,
                max: c.max,
            },
            Operator::Answered => Condition::Answered {
                question: question()?,
            },
            Operator::All => Condition::All {
                conditions: conditions()?,
            },
            Operator::Any => Condition::Any {
                conditions: conditions()?,
            },
            Operator::Not => Condition::Not {
                condition: c.condition.ok_or("missing field `condition`")?,
            },
        })
    }
}

/// The reasons a field is refused, by their names on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
enum CodeName {
    Required,
    UnknownQuestion,
    HiddenAnswered,
    WrongType,
    InvalidChoice,
    DuplicateChoice,
    ExclusiveCombined,
    TooFewChoices,
    TooManyChoices,
    NotInteger,
    BelowMin,
    AboveMax,
    OutOfRange,
    UnknownRow,
    TooLong,
    InvalidDefinition,
}

/// A refused field with the bounds any reason may carry.
#[derive(Deserialize)]
pub(super) struct FieldErrorFields {
    field: String,
    code: CodeName,
    min: Option<f64>,
    max: Option<f64>,
    message: String,
}

impl TryFrom<FieldErrorFields> for FieldError {
    type Error = String;

    fn try_from(e: FieldErrorFields) -> Result<Self, String> {
        let min = || e.min.ok_or("missing field `min`");
        let max = || e.max.ok_or("missing field `max`");
        let error = match e.code {
            CodeName::Required => ErrorCode::Required,
            CodeName::UnknownQuestion => ErrorCode::UnknownQuestion,
            CodeName::HiddenAnswered => ErrorCode::HiddenAnswered,
            CodeName::WrongType => ErrorCode::WrongType,
            CodeName::InvalidChoice => ErrorCode::InvalidChoice,
            CodeName::DuplicateChoice => ErrorCode::DuplicateChoice,
            CodeName::ExclusiveCombined => ErrorCode::ExclusiveCombined,
            CodeName::TooFewChoices => ErrorCode::TooFewChoices {
                min: count(min()?, "min")?,
            },
            CodeName::TooManyChoices => ErrorCode::TooManyChoices {
                max: count(max()?, "max")?,
            },
            CodeName::NotInteger => ErrorCode::NotInteger,
            CodeName::BelowMin => ErrorCode::BelowMin { min: min()? },
            CodeName::AboveMax => ErrorCode::AboveMax { max: max()? },
            CodeName::OutOfRange => ErrorCode::OutOfRange {
                min: min()?,
                max: max()?,
            },
            CodeName::UnknownRow => ErrorCode::UnknownRow,
            CodeName::TooLong => ErrorCode::TooLong {
                max: count(max()?, "max")?,
            },
            CodeName::InvalidDefinition => ErrorCode::InvalidDefinition,
        };
        Ok(FieldError {
            field: e.field,
            error,
            message: e.message,
        })
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::domain::templates;

    /// What the derived writer writes, read back, is what was written.
    #[test]
    fn every_template_reads_back_as_written() {
        for survey in templates::bundled().unwrap() {
            let written = serde_json::to_string(&survey).unwrap();
            let read: crate::domain::Survey = serde_json::from_str(&written).unwrap();
            assert_eq!(read, survey, "{}", survey.id);
        }
    }

    #[test]
    fn every_kind_operator_and_code_reads_back() {
        let questions = json!([
            {"id": "a", "title": "A", "kind": "single_choice", "options": [{"id": "x", "label": "X"}]},
            {"id": "b", "title": "B", "kind": "multiple_choice", "options": [], "min": 1, "max": 3,
             "show_if": {"op": "not", "condition": {"op": "all", "conditions": [
                {"op": "equals", "question": "a", "value": "x"},
                {"op": "any", "conditions": [{"op": "answered", "question": "a"}]},
                {"op": "any_of", "question": "a", "values": ["x"]},
                {"op": "between", "question": "n", "min": 1.5}]}}},
            {"id": "c", "title": "C", "kind": "dropdown", "options": [], "required": true},
            {"id": "d", "title": "D", "kind": "scale", "scale": "satisfaction5", "allow_unknown": true,
             "dimension": "政务服务"},
            {"id": "e", "title": "E", "kind": "nps", "low_label": "不会", "high_label": "一定会"},
            {"id": "f", "title": "F", "kind": "matrix", "rows": [], "scale": "ballot3"},
            {"id": "g", "title": "G", "kind": "number", "min": 0.5, "integer": true, "unit": "元"},
            {"id": "h", "title": "H", "kind": "short_text", "profile": true},
            {"id": "i", "title": "I", "kind": "long_text", "max_len": 20, "help": "…"},
        ]);
        let read: Vec<Question> = serde_json::from_value(questions).unwrap();
        let again: Vec<Question> =
            serde_json::from_str(&serde_json::to_string(&read).unwrap()).unwrap();
        assert_eq!(again, read);
        assert_eq!(read[7].kind, QuestionKind::ShortText { max_len: 100 });
        assert!(matches!(
            read[1].kind,
            QuestionKind::MultipleChoice {
                min: Some(1),
                max: Some(3),
                ..
            }
        ));

        let errors = [
            ErrorCode::Required,
            ErrorCode::TooFewChoices { min: 2 },
            ErrorCode::TooManyChoices { max: 3 },
            ErrorCode::BelowMin { min: 0.5 },
            ErrorCode::AboveMax { max: 10.0 },
            ErrorCode::OutOfRange { min: 1.0, max: 5.0 },
            ErrorCode::TooLong { max: 100 },
            ErrorCode::InvalidDefinition,
        ];
        for error in errors {
            let field = FieldError::new("q", error);
            let read: FieldError =
                serde_json::from_str(&serde_json::to_string(&field).unwrap()).unwrap();
            assert_eq!(read, field);
        }
    }

    #[test]
    fn a_missing_or_wrong_field_is_refused() {
        let cases = [
            json!({"id": "a", "title": "A", "kind": "slider"}),
            json!({"id": "a", "title": "A", "kind": "single_choice"}),
            json!({"id": "a", "title": "A", "kind": "matrix", "rows": []}),
            json!({"id": "a", "title": "A", "kind": "multiple_choice", "options": [], "max": 2.5}),
            json!({"id": "a", "title": "A", "kind": "multiple_choice", "options": [], "min": -1}),
            json!({"title": "A", "kind": "nps"}),
            json!({"id": "a", "title": "A", "kind": "nps", "show_if": {"op": "equals", "question": "b"}}),
            json!({"id": "a", "title": "A", "kind": "nps", "show_if": {"op": "maybe"}}),
        ];
        for case in cases {
            assert!(
                serde_json::from_value::<Question>(case.clone()).is_err(),
                "{case}"
            );
        }
        let field = json!({"field": "q", "code": "too_long", "message": "…"});
        assert!(serde_json::from_value::<FieldError>(field).is_err());
    }
}
