//! What a respondent answered. The meaning of a value depends on its question's kind.

use std::collections::BTreeMap;

use serde::de::{self, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

/// One answer. Untagged on the wire so that a submission reads naturally:
/// `"q1": "4"`, `"q2": ["a", "b"]`, `"q3": 7`, `"q4": {"row1": "5"}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
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

/// Read an answer by the JSON type actually present. (serde's `untagged` would buffer the
/// value and try each variant in turn, building an error for every miss: this is on the hot
/// path of every submission.)
impl<'de> Deserialize<'de> for Answer {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(AnswerVisitor)
    }
}

struct AnswerVisitor;

impl<'de> Visitor<'de> for AnswerVisitor {
    type Value = Answer;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a number, a string, a list of strings or an object of strings")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Answer, E> {
        Ok(Answer::Number(v as f64))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Answer, E> {
        Ok(Answer::Number(v as f64))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Answer, E> {
        Ok(Answer::Number(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Answer, E> {
        Ok(Answer::Text(v.to_string()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Answer, E> {
        Ok(Answer::Text(v))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Answer, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
        while let Some(item) = seq.next_element::<String>()? {
            items.push(item);
        }
        Ok(Answer::List(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Answer, A::Error> {
        let mut rows = BTreeMap::new();
        while let Some((row, choice)) = map.next_entry::<String, String>()? {
            rows.insert(row, choice);
        }
        Ok(Answer::Map(rows))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shape_reads_back_as_written() {
        let cases = [
            ("7", Answer::Number(7.0)),
            ("-1.5", Answer::Number(-1.5)),
            ("\"4\"", Answer::Text("4".into())),
            ("[\"a\",\"b\"]", Answer::List(vec!["a".into(), "b".into()])),
            (
                "{\"r1\":\"5\"}",
                Answer::Map(BTreeMap::from([("r1".into(), "5".into())])),
            ),
        ];
        for (json, expected) in cases {
            let answer: Answer = serde_json::from_str(json).unwrap();
            assert_eq!(answer, expected, "{json}");
            let written = serde_json::to_string(&answer).unwrap();
            assert_eq!(
                serde_json::from_str::<Answer>(&written).unwrap(),
                answer,
                "{written}"
            );
        }
        for bad in ["true", "null", "[1]", "{\"r\": 1}"] {
            assert!(serde_json::from_str::<Answer>(bad).is_err(), "{bad}");
        }
    }
}
