//! What a published answer gives away besides itself: being shown. A question shown only on
//! some profile answers tells that its respondents gave one of them, so where the profile
//! answer is merged or withheld, the answers that depend on it are left out too; an item is
//! then judged answered by too few on what is left.

use std::collections::{BTreeSet, HashMap, HashSet};

use super::super::results::codebook::{ColumnKind, MISSING};
use super::super::results::table::ResponseTable;
use super::super::survey::{QuestionKind, Survey};
use super::anonymise::{option_label, ProfilePlan};
use super::{coarsenable, DroppedItem};

/// For each question shown only on some profile answers, the coarsened profile questions it
/// depends on (indices into `profile`); and the questions never published: profile
/// questions of a kind that cannot be coarsened (stored before the definition check refused
/// them) and every question shown on one.
pub(super) fn dependents(
    survey: &Survey,
    profile: &[&str],
) -> (HashMap<String, Vec<usize>>, HashSet<String>) {
    let mut unpublished: HashSet<String> = survey
        .questions()
        .filter(|q| q.profile && !coarsenable(&q.kind))
        .map(|q| q.id.clone())
        .collect();
    let mut depends_on = HashMap::new();
    for (question, on) in profile_dependencies(survey) {
        if on.iter().any(|q| unpublished.contains(*q)) {
            unpublished.insert(question.to_string());
        } else {
            let on = (0..profile.len())
                .filter(|j| on.contains(profile[*j]))
                .collect();
            depends_on.insert(question.to_string(), on);
        }
    }
    (depends_on, unpublished)
}

/// The profile questions each question's being shown depends on, directly or through the
/// questions its condition reads (conditions read earlier questions only, so one pass in
/// order sees every chain). Questions shown to all are absent.
fn profile_dependencies(survey: &Survey) -> HashMap<&str, BTreeSet<&str>> {
    let mut depends: HashMap<&str, BTreeSet<&str>> = HashMap::new();
    for question in survey.questions() {
        let Some(condition) = &question.show_if else {
            continue;
        };
        let mut on = BTreeSet::new();
        for read in condition.referenced_questions() {
            if survey.question(read).is_some_and(|q| q.profile) {
                on.insert(read);
            }
            if let Some(theirs) = depends.get(read) {
                on.extend(theirs.iter().copied());
            }
        }
        if !on.is_empty() {
            depends.insert(&question.id, on);
        }
    }
    depends
}

/// Items that would be published with 1…k−1 answers: (item ids, their labels). Profile
/// questions are coarsened instead.
pub(super) fn thin_items(
    survey: &Survey,
    table: &ResponseTable,
    plan: &ProfilePlan,
    k: u64,
) -> (Vec<String>, Vec<DroppedItem>) {
    let codebook = &table.codebook;
    let rows = plan.rows();
    let published = |question: &str, answered: &dyn Fn(usize) -> bool| {
        rows.clone()
            .filter(|i| answered(*i) && !plan.hides(*i, question))
            .count() as u64
    };
    let mut ids = Vec::new();
    let mut dropped = Vec::new();
    let mut drop = |id: String, label: String| {
        dropped.push(DroppedItem {
            id: id.clone(),
            label,
        });
        ids.push(id);
    };
    let title = |id: &str| {
        survey
            .question(id)
            .map(|q| q.title.clone())
            .unwrap_or_default()
    };
    for (c, column) in codebook.columns.iter().enumerate() {
        if plan.profile_columns().contains(&c)
            || matches!(column.kind, ColumnKind::Text | ColumnKind::Flag)
        {
            continue;
        }
        let answered = published(&column.question, &|i| table.row(i).codes[c] != MISSING);
        if (1..k).contains(&answered) {
            let mut label = title(&column.question);
            let question = survey.question(&column.question);
            if let (Some(row), Some(q)) = (&column.row, question) {
                if let QuestionKind::Matrix { rows, .. } = &q.kind {
                    label = format!("{label}：{}", option_label(rows, row));
                }
            }
            drop(column.item_id(), label);
        }
    }
    for (m, multi) in codebook.multi.iter().enumerate() {
        let answered = published(&multi.question, &|i| table.row(i).masks[m] != 0);
        if (1..k).contains(&answered) {
            drop(multi.question.clone(), title(&multi.question));
        }
    }
    for (x, question) in codebook.numbers.iter().enumerate() {
        let answered = published(question, &|i| table.row(i).numbers[x].is_finite());
        if (1..k).contains(&answered) {
            drop(question.clone(), title(question));
        }
    }
    (ids, dropped)
}
