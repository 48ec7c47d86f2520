//! Checks that a survey definition is well formed before it is stored or served.

use std::collections::HashSet;

use super::survey::{QuestionKind, Survey};

/// Every problem found in a definition, as readable sentences.
pub fn check_definition(survey: &Survey) -> Result<(), Vec<String>> {
    let mut problems = Vec::new();
    if !is_slug(&survey.id) {
        problems.push(format!(
            "survey id {:?} must be lowercase letters, digits and '-'",
            survey.id
        ));
    }
    if survey.title.trim().is_empty() {
        problems.push("survey title is empty".into());
    }
    if survey.sections.is_empty() {
        problems.push("survey has no sections".into());
    }
    let mut seen_questions: HashSet<&str> = HashSet::new();
    let mut seen_sections = HashSet::new();
    for section in &survey.sections {
        if !seen_sections.insert(section.id.as_str()) {
            problems.push(format!("section id {:?} is used twice", section.id));
        }
        if section.questions.is_empty() {
            problems.push(format!("section {:?} has no questions", section.id));
        }
        for question in &section.questions {
            let id = question.id.as_str();
            if !is_slug(id) {
                problems.push(format!(
                    "question id {id:?} must be lowercase letters, digits and '-'"
                ));
            }
            if let Some(condition) = &question.show_if {
                for referenced in condition.referenced_questions() {
                    if !seen_questions.contains(referenced) {
                        problems.push(format!("question {id:?}: show_if reads {referenced:?}, which is not an earlier question"));
                    }
                }
                for (q, choice) in condition.referenced_choices() {
                    if !choice_exists(survey, q, choice) {
                        problems.push(format!("question {id:?}: show_if compares {q:?} with {choice:?}, which it never answers"));
                    }
                }
            }
            if !seen_questions.insert(id) {
                problems.push(format!("question id {id:?} is used twice"));
            }
            problems.extend(check_kind(id, &question.kind));
        }
    }
    for flag in &survey.flags {
        for referenced in flag.when.referenced_questions() {
            if survey.question(referenced).is_none() {
                problems.push(format!(
                    "flag {:?} reads unknown question {referenced:?}",
                    flag.id
                ));
            }
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

fn check_kind(id: &str, kind: &QuestionKind) -> Vec<String> {
    let mut problems = Vec::new();
    let (items, what) = match kind {
        QuestionKind::SingleChoice { options }
        | QuestionKind::Dropdown { options }
        | QuestionKind::MultipleChoice { options, .. } => (options, "option"),
        QuestionKind::Matrix { rows, .. } => (rows, "row"),
        _ => return check_ranges(id, kind),
    };
    if items.len() < 2 && what == "option" || items.is_empty() {
        problems.push(format!("question {id:?} needs more {what}s"));
    }
    let mut seen = HashSet::new();
    for item in items {
        if !seen.insert(item.id.as_str()) {
            problems.push(format!(
                "question {id:?}: {what} id {:?} is used twice",
                item.id
            ));
        }
        if item.label.trim().is_empty() {
            problems.push(format!(
                "question {id:?}: {what} {:?} has no label",
                item.id
            ));
        }
    }
    problems.extend(check_ranges(id, kind));
    problems
}

fn check_ranges(id: &str, kind: &QuestionKind) -> Vec<String> {
    match kind {
        QuestionKind::MultipleChoice { options, min, max } => {
            let count = options.len() as u32;
            match (min, max) {
                (Some(min), Some(max)) if min > max => {
                    vec![format!("question {id:?}: min {min} > max {max}")]
                }
                (_, Some(max)) if *max == 0 || *max > count => {
                    vec![format!("question {id:?}: max {max} outside 1..={count}")]
                }
                _ => vec![],
            }
        }
        QuestionKind::Number {
            min: Some(min),
            max: Some(max),
            ..
        } if min > max => {
            vec![format!("question {id:?}: min {min} > max {max}")]
        }
        QuestionKind::ShortText { max_len } | QuestionKind::LongText { max_len }
            if *max_len == 0 =>
        {
            vec![format!("question {id:?}: max_len must be positive")]
        }
        _ => vec![],
    }
}

fn choice_exists(survey: &Survey, question: &str, choice: &str) -> bool {
    match survey.question(question).map(|q| &q.kind) {
        Some(QuestionKind::Scale {
            scale,
            allow_unknown,
        }) => scale.accepts(choice, *allow_unknown),
        Some(kind) => kind.options().iter().any(|o| o.id == choice),
        None => false,
    }
}

fn is_slug(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}
