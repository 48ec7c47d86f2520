//! Coarsening the profile so that every combination of published profile answers is
//! shared by at least the threshold of responses (see the module above), and turning each
//! stored (encoded) response into its published record.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Range;

use super::super::answer::{Answer, Answers};
use super::super::results::codebook::{ColumnKind, MISSING};
use super::super::results::table::ResponseTable;
use super::super::survey::{Choice, QuestionKind, Survey, SurveyKind};
use super::shown::{dependents, thin_items};
use super::{
    coarsenable, Coarsening, DroppedItem, PublicRecord, MERGED, MERGED_LABEL, WITHHELD,
    WITHHELD_LABEL,
};

/// Published codes of a profile answer beyond the option codes.
const MERGED_CODE: u16 = 1000;
const WITHHELD_CODE: u16 = 1001;

/// How each stored response is published.
#[derive(Debug, Clone)]
pub struct ProfilePlan {
    /// Codebook columns of the profile questions, in survey order.
    columns: Vec<usize>,
    /// Published code of each response's answer to each profile question (row-major):
    /// the stored code, [`MERGED_CODE`] or [`WITHHELD_CODE`].
    codes: Vec<u16>,
    /// Option codes merged into 其他（合并）, per profile question.
    merged_codes: Vec<Vec<u16>>,
    /// Each question shown only on some profile answers: those profile questions (indices
    /// into `columns`). Its answer is not published where one of them is merged or withheld.
    depends_on: HashMap<String, Vec<usize>>,
    /// Questions never published: profile questions of a kind that cannot be coarsened
    /// (stored before the definition check refused them) and the questions shown on them.
    unpublished: HashSet<String>,
    /// Items (question ids, or `question.row`) answered by too few: not published.
    dropped_items: Vec<String>,
    pub coarsening: Vec<Coarsening>,
    pub dropped: Vec<DroppedItem>,
    responses: usize,
    withheld: bool,
}

impl ProfilePlan {
    /// Plan the publication of every response in `table` with groups of at least `k`.
    pub fn new(survey: &Survey, table: &ResponseTable, k: u64) -> Self {
        let codebook = &table.codebook;
        let is_ballot = survey.kind == SurveyKind::Ballot;
        let mut plan = ProfilePlan {
            columns: Vec::new(),
            codes: Vec::new(),
            merged_codes: Vec::new(),
            depends_on: HashMap::new(),
            unpublished: HashSet::new(),
            dropped_items: Vec::new(),
            coarsening: Vec::new(),
            dropped: Vec::new(),
            responses: table.len(),
            // Too few responses to publish anything derived from them (a ballot is always
            // published).
            withheld: !is_ballot && (table.len() as u64) < k,
        };
        if is_ballot || plan.withheld {
            return plan;
        }
        let columns: Vec<usize> = codebook
            .columns
            .iter()
            .enumerate()
            .filter(|(_, c)| {
                survey
                    .question(&c.question)
                    .is_some_and(|q| q.profile && coarsenable(&q.kind))
            })
            .map(|(i, _)| i)
            .collect();
        let p = columns.len();
        let n = table.len();
        let mut codes = Vec::with_capacity(n * p);
        for i in 0..n {
            let row = table.row(i);
            codes.extend(columns.iter().map(|c| row.codes[*c] as u16));
        }
        let mut merged_labels = vec![Vec::new(); p];
        let mut merged_codes = vec![Vec::new(); p];
        for (j, column) in columns.iter().enumerate() {
            let levels = codebook.columns[*column].levels.len();
            let merged = options_to_merge(&codes, p, j, levels, k);
            if merged.is_empty() {
                continue;
            }
            merged_codes[j] = merged.clone();
            for code in codes.iter_mut().skip(j).step_by(p) {
                if merged.contains(code) {
                    *code = MERGED_CODE;
                }
            }
            let question = survey.question(&codebook.columns[*column].question);
            merged_labels[j] = merged
                .iter()
                .map(|code| {
                    let id = codebook.columns[*column]
                        .level(*code as u8)
                        .unwrap_or_default();
                    option_label(question.map(|q| q.kind.options()).unwrap_or(&[]), id)
                })
                .collect();
        }
        if p > 0 {
            withhold_small_combinations(&mut codes, p, k);
        }
        let profile: Vec<&str> = columns
            .iter()
            .map(|c| codebook.columns[*c].question.as_str())
            .collect();
        (plan.depends_on, plan.unpublished) = dependents(survey, &profile);
        // A profile answer shown only on a merged or withheld one is not published either.
        // Which ones is a function of each combination of answers, so every combination is
        // still shared by at least k responses.
        plan.columns = columns;
        plan.codes = codes;
        let hidden: Vec<usize> = (0..n)
            .flat_map(|i| (0..p).map(move |j| (i, j)))
            .filter(|(i, j)| plan.hides(*i, &codebook.columns[plan.columns[*j]].question))
            .map(|(i, j)| i * p + j)
            .collect();
        for at in hidden {
            plan.codes[at] = MISSING as u16;
        }
        let (columns, codes) = (&plan.columns, &plan.codes);
        let coarsening = columns
            .iter()
            .enumerate()
            .filter_map(|(j, column)| {
                let withheld = codes
                    .iter()
                    .skip(j)
                    .step_by(p)
                    .filter(|c| **c == WITHHELD_CODE)
                    .count() as u64;
                if merged_labels[j].is_empty() && withheld == 0 {
                    return None;
                }
                let id = &codebook.columns[*column].question;
                Some(Coarsening {
                    question: id.clone(),
                    title: survey
                        .question(id)
                        .map(|q| q.title.clone())
                        .unwrap_or_default(),
                    merged: merged_labels[j].clone(),
                    withheld,
                })
            })
            .collect();
        plan.coarsening = coarsening;
        plan.merged_codes = merged_codes;
        (plan.dropped_items, plan.dropped) = thin_items(survey, table, &plan, k);
        plan
    }

    /// Too few responses: nothing derived from them is published.
    pub fn withheld(&self) -> bool {
        self.withheld
    }

    /// The stored responses that are published (none when withheld).
    pub fn rows(&self) -> Range<usize> {
        0..if self.withheld { 0 } else { self.responses }
    }

    /// Codebook columns of the (coarsened) profile questions.
    pub(super) fn profile_columns(&self) -> &[usize] {
        &self.columns
    }

    /// Is the answer of response `i` to `question` left out because it would tell a merged or
    /// withheld profile answer (or is never published)?
    pub(super) fn hides(&self, i: usize, question: &str) -> bool {
        let p = self.columns.len();
        self.unpublished.contains(question)
            || self.depends_on.get(question).is_some_and(|on| {
                on.iter()
                    .any(|j| matches!(self.codes[i * p + j], MERGED_CODE | WITHHELD_CODE))
            })
    }

    /// The published record of stored response `i`.
    pub fn record(&self, table: &ResponseTable, i: usize) -> PublicRecord {
        let codebook = &table.codebook;
        let row = table.row(i);
        let p = self.columns.len();
        let mut answers = Answers::new();
        for (c, column) in codebook.columns.iter().enumerate() {
            if matches!(column.kind, ColumnKind::Text | ColumnKind::Flag) {
                continue;
            }
            if self.dropped_items.contains(&column.item_id()) || self.hides(i, &column.question) {
                continue;
            }
            let published = match self.columns.iter().position(|pc| *pc == c) {
                Some(j) => self.codes[i * p + j],
                None => row.codes[c] as u16,
            };
            let level = match published {
                MERGED_CODE => MERGED.to_string(),
                WITHHELD_CODE => WITHHELD.to_string(),
                code if code == MISSING as u16 => continue,
                code => match column.level(code as u8) {
                    Some(level) => level.to_string(),
                    None => continue,
                },
            };
            match (&column.kind, &column.row) {
                (ColumnKind::Nps, _) => {
                    answers.insert(
                        column.question.clone(),
                        Answer::Number(published as f64 - 1.0),
                    );
                }
                (_, Some(matrix_row)) => {
                    if let Answer::Map(rows) = answers
                        .entry(column.question.clone())
                        .or_insert_with(|| Answer::Map(BTreeMap::new()))
                    {
                        rows.insert(matrix_row.clone(), level);
                    }
                }
                (_, None) => {
                    answers.insert(column.question.clone(), Answer::Text(level));
                }
            }
        }
        for (m, multi) in codebook.multi.iter().enumerate() {
            let mask = row.masks[m];
            if mask == 0
                || self.dropped_items.contains(&multi.question)
                || self.hides(i, &multi.question)
            {
                continue;
            }
            let chosen = multi
                .options
                .iter()
                .enumerate()
                .filter(|(bit, _)| mask & (1 << bit) != 0)
                .map(|(_, id)| id.clone())
                .collect();
            answers.insert(multi.question.clone(), Answer::List(chosen));
        }
        for (x, question) in codebook.numbers.iter().enumerate() {
            let value = row.numbers[x];
            if value.is_finite()
                && !self.dropped_items.contains(question)
                && !self.hides(i, question)
            {
                answers.insert(question.clone(), Answer::Number(value));
            }
        }
        PublicRecord { answers }
    }

    /// Is any answer to profile question `j` published as `code`?
    fn uses(&self, j: usize, code: u16) -> bool {
        let p = self.columns.len();
        self.codes.iter().skip(j).step_by(p).any(|c| *c == code)
    }
}

pub(super) fn option_label(options: &[Choice], id: &str) -> String {
    options
        .iter()
        .find(|o| o.id == id)
        .map(|o| o.label.clone())
        .unwrap_or_else(|| id.to_string())
}

/// The option codes of profile column `j` to merge: those chosen by 1…k−1 responses, plus
/// the next smallest until the merged group has at least two options and k responses.
fn options_to_merge(codes: &[u16], p: usize, j: usize, levels: usize, k: u64) -> Vec<u16> {
    let mut counts = vec![0u64; levels + 1];
    for code in codes.iter().skip(j).step_by(p) {
        if let Some(count) = counts.get_mut(*code as usize) {
            *count += 1;
        }
    }
    let mut merged: Vec<u16> = (1..=levels as u16)
        .filter(|c| (1..k).contains(&counts[*c as usize]))
        .collect();
    if merged.is_empty() {
        return merged;
    }
    let mut total: u64 = merged.iter().map(|c| counts[*c as usize]).sum();
    while merged.len() < 2 || total < k {
        // The smallest option not yet merged (the later one on a tie).
        let next = (1..=levels as u16)
            .filter(|c| counts[*c as usize] > 0 && !merged.contains(c))
            .min_by_key(|c| (counts[*c as usize], std::cmp::Reverse(*c)));
        let Some(next) = next else { break };
        total += counts[next as usize];
        merged.push(next);
    }
    merged.sort_unstable();
    merged
}

/// Withhold profile answers until every combination is shared by at least k responses:
/// for each question from the last, responses in too small a combination lose that answer.
/// Whatever is then still too small (only the all-withheld combination can be) takes
/// responses from the largest combination that can spare them.
fn withhold_small_combinations(codes: &mut [u16], p: usize, k: u64) {
    let n = codes.len() / p;
    for j in (0..p).rev() {
        let sizes = combination_sizes(codes, p);
        let small: Vec<usize> = (0..n)
            .filter(|i| sizes[&codes[i * p..(i + 1) * p]] < k)
            .collect();
        for i in small {
            codes[i * p + j] = WITHHELD_CODE;
        }
    }
    let all_withheld = vec![WITHHELD_CODE; p];
    loop {
        let sizes = combination_sizes(codes, p);
        let withheld = sizes.get(all_withheld.as_slice()).copied().unwrap_or(0);
        if withheld == 0 || withheld >= k {
            return;
        }
        let need = k - withheld;
        // A combination that stays at k or more after giving `need`, else the smallest
        // other one given whole (it has at least k, so the withheld group then does too).
        let others = sizes
            .iter()
            .filter(|(combo, _)| ***combo != all_withheld[..]);
        let donor = others
            .clone()
            .filter(|(_, size)| **size >= k + need)
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
            .map(|(combo, _)| (combo.to_vec(), need))
            .or_else(|| {
                others
                    .min_by(|a, b| a.1.cmp(b.1).then(a.0.cmp(b.0)))
                    .map(|(combo, size)| (combo.to_vec(), *size))
            });
        let Some((combo, take)) = donor else { return };
        let mut taken = 0;
        for i in 0..n {
            if taken == take {
                break;
            }
            if codes[i * p..(i + 1) * p] == combo[..] {
                codes[i * p..(i + 1) * p].fill(WITHHELD_CODE);
                taken += 1;
            }
        }
    }
}

fn combination_sizes(codes: &[u16], p: usize) -> HashMap<&[u16], u64> {
    let mut sizes: HashMap<&[u16], u64> = HashMap::new();
    for combo in codes.chunks_exact(p) {
        *sizes.entry(combo).or_default() += 1;
    }
    sizes
}

/// The definition the published records follow: free-text questions removed; each
/// profile question's merged options replaced by 其他（合并）, and 未公开 added where answers
/// are withheld. Items too few answered keep their place (with no answers).
pub fn published_definition(survey: &Survey, table: &ResponseTable, plan: &ProfilePlan) -> Survey {
    let mut published = survey.clone();
    for section in &mut published.sections {
        section.questions.retain(|q| !q.kind.is_text());
    }
    published.sections.retain(|s| !s.questions.is_empty());
    for (j, column) in plan.columns.iter().enumerate() {
        let column = &table.codebook.columns[*column];
        let merged_ids: Vec<String> = plan.merged_codes[j]
            .iter()
            .filter_map(|code| column.level(*code as u8).map(str::to_string))
            .collect();
        let merged_used = plan.uses(j, MERGED_CODE);
        let withheld_used = plan.uses(j, WITHHELD_CODE);
        let Some(question) = published
            .sections
            .iter_mut()
            .flat_map(|s| s.questions.iter_mut())
            .find(|q| q.id == column.question)
        else {
            continue;
        };
        if let QuestionKind::SingleChoice { options } | QuestionKind::Dropdown { options } =
            &mut question.kind
        {
            if merged_used {
                options.retain(|o| !merged_ids.contains(&o.id));
                options.push(Choice {
                    id: MERGED.into(),
                    label: MERGED_LABEL.into(),
                    exclusive: false,
                });
            }
            if withheld_used {
                options.push(Choice {
                    id: WITHHELD.into(),
                    label: WITHHELD_LABEL.into(),
                    exclusive: false,
                });
            }
        }
    }
    published
}
