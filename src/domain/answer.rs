//! What a respondent answered. The meaning of a value depends on its question's kind.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// One answer. Untagged on the wire so that a submission reads naturally:
/// `"q1": "4"`, `"q2": ["a", "b"]`, `"q3": 7`, `"q4": {"row1": "5"}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Answer {
    /// NPS score or a number question.
    Number(f64),
    /// A choice id (single choice, dropdown, scale) or free text.
    Text(String),
    /// Choice ids of a multiple-choice question.
    List(Vec<String>),
    /// Matrix: row id → scale choice id.
    Map(BTreeMap<String, String>),
}

/// All answers of one response, keyed by question id.
pub type Answers = BTreeMap<String, Answer>;

impl Answer {
    /// The answer as a single choice id or text, if it has that shape.
    pub fn as_text(&self) -> Option<&str> {
        match self {
            Answer::Text(s) => Some(s),
            _ => None,
        }
    }

    /// The answer as a number, if it has that shape.
    pub fn as_number(&self) -> Option<f64> {
        match self {
            Answer::Number(n) => Some(*n),
            _ => None,
        }
    }

    /// Does the answer hold this choice id (single or multiple choice)?
    pub fn holds_choice(&self, choice: &str) -> bool {
        match self {
            Answer::Text(s) => s == choice,
            Answer::List(items) => items.iter().any(|i| i == choice),
            _ => false,
        }
    }

    /// An answer that says nothing: blank text, no choices, no matrix rows.
    pub fn is_blank(&self) -> bool {
        match self {
            Answer::Text(s) => s.trim().is_empty(),
            Answer::List(items) => items.is_empty(),
            Answer::Map(rows) => rows.is_empty(),
            Answer::Number(n) => n.is_nan(),
        }
    }
}
