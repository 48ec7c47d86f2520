//! The builder's survey being edited: one signal holding the whole definition, read and
//! changed by position. Rows are keyed by position and read their values reactively, so
//! moving or deleting a question never rebuilds the inputs someone is typing in.

use leptos::prelude::*;

use crate::domain::{Choice, Question, QuestionKind, Section, Survey};

#[derive(Debug, Clone, Copy)]
pub struct Draft(pub RwSignal<Survey>);

impl Draft {
    pub fn section<T: Default>(self, si: usize, read: impl FnOnce(&Section) -> T) -> T {
        self.0
            .with(|s| s.sections.get(si).map(read))
            .unwrap_or_default()
    }

    pub fn edit_section(self, si: usize, edit: impl FnOnce(&mut Section)) {
        self.0.update(|s| {
            if let Some(section) = s.sections.get_mut(si) {
                edit(section);
            }
        });
    }

    pub fn question<T: Default>(
        self,
        si: usize,
        qi: usize,
        read: impl FnOnce(&Question) -> T,
    ) -> T {
        self.0
            .with(|s| {
                s.sections
                    .get(si)
                    .and_then(|sec| sec.questions.get(qi))
                    .map(read)
            })
            .unwrap_or_default()
    }

    pub fn edit_question(self, si: usize, qi: usize, edit: impl FnOnce(&mut Question)) {
        self.0.update(|s| {
            if let Some(question) = s
                .sections
                .get_mut(si)
                .and_then(|sec| sec.questions.get_mut(qi))
            {
                edit(question);
            }
        });
    }
}

/// The options of a choice question or the rows of a matrix.
pub fn choices(kind: &QuestionKind) -> &[Choice] {
    match kind {
        QuestionKind::Matrix { rows, .. } => rows,
        other => other.options(),
    }
}

/// The same, to add to or remove from.
pub fn choices_mut(kind: &mut QuestionKind) -> Option<&mut Vec<Choice>> {
    match kind {
        QuestionKind::SingleChoice { options }
        | QuestionKind::Dropdown { options }
        | QuestionKind::MultipleChoice { options, .. } => Some(options),
        QuestionKind::Matrix { rows, .. } => Some(rows),
        _ => None,
    }
}

/// "" for None; numbers as typed.
pub fn number_text(value: Option<f64>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

/// A typed number, None when blank or not a number.
pub fn parse_number(text: &str) -> Option<f64> {
    text.trim().parse().ok().filter(|v: &f64| v.is_finite())
}
