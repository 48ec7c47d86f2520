//! Show-if conditions on earlier answers.

use serde::{Deserialize, Serialize};

use super::answer::{Answer, Answers};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
#[serde(try_from = "super::tagged::ConditionFields")]
pub enum Condition {
    /// The answer to `question` holds the choice `value` (single or multiple choice, scale).
    Equals {
        question: String,
        value: String,
    },
    /// The answer holds any of `values`.
    AnyOf {
        question: String,
        values: Vec<String>,
    },
    /// A numeric answer (NPS, number) lies in `[min, max]`; open ends allowed.
    Between {
        question: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min: Option<f64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max: Option<f64>,
    },
    /// The question has a non-blank answer.
    Answered {
        question: String,
    },
    All {
        conditions: Vec<Condition>,
    },
    Any {
        conditions: Vec<Condition>,
    },
    Not {
        condition: Box<Condition>,
    },
}

impl Condition {
    /// Evaluate against the answers given so far; a missing answer never matches.
    pub fn holds(&self, answers: &Answers) -> bool {
        self.holds_with(&|id| answers.get(id))
    }

    /// Evaluate with `answer_of` giving the answer to a question, if it counts.
    pub fn holds_with<'a>(&self, answer_of: &dyn Fn(&str) -> Option<&'a Answer>) -> bool {
        let answers = answer_of;
        match self {
            Condition::Equals { question, value } => {
                answers(question).is_some_and(|a| a.holds_choice(value))
            }
            Condition::AnyOf { question, values } => {
                answers(question).is_some_and(|a| values.iter().any(|v| a.holds_choice(v)))
            }
            Condition::Between { question, min, max } => answers(question)
                .and_then(|a| a.as_number())
                .is_some_and(|n| min.is_none_or(|m| n >= m) && max.is_none_or(|m| n <= m)),
            Condition::Answered { question } => answers(question).is_some_and(|a| !a.is_blank()),
            Condition::All { conditions } => conditions.iter().all(|c| c.holds_with(answers)),
            Condition::Any { conditions } => conditions.iter().any(|c| c.holds_with(answers)),
            Condition::Not { condition } => !condition.holds_with(answers),
        }
    }

    /// The question ids this condition reads.
    pub fn referenced_questions(&self) -> Vec<&str> {
        match self {
            Condition::Equals { question, .. }
            | Condition::AnyOf { question, .. }
            | Condition::Between { question, .. }
            | Condition::Answered { question } => vec![question.as_str()],
            Condition::All { conditions } | Condition::Any { conditions } => conditions
                .iter()
                .flat_map(|c| c.referenced_questions())
                .collect(),
            Condition::Not { condition } => condition.referenced_questions(),
        }
    }

    /// The (question, choice) pairs this condition compares against.
    pub fn referenced_choices(&self) -> Vec<(&str, &str)> {
        match self {
            Condition::Equals { question, value } => vec![(question.as_str(), value.as_str())],
            Condition::AnyOf { question, values } => values
                .iter()
                .map(|v| (question.as_str(), v.as_str()))
                .collect(),
            Condition::Between { .. } | Condition::Answered { .. } => vec![],
            Condition::All { conditions } | Condition::Any { conditions } => conditions
                .iter()
                .flat_map(|c| c.referenced_choices())
                .collect(),
            Condition::Not { condition } => condition.referenced_choices(),
        }
    }
}
