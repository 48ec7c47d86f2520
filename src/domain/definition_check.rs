//! Checks that a survey definition is well formed before it is stored or served: the
//! builder, an imported JSON file and the server all run this one function.

use std::collections::HashSet;
use std::fmt;

use super::publication::{coarsenable, MAX_PROFILE_OPTIONS};
use super::results::codebook::{MAX_LEVELS, MAX_MULTI_OPTIONS};
use super::survey::{Access, Question, QuestionKind, Survey, SurveyKind};

/// One problem in a definition: where (a path such as `sections.1.questions.0.options`,
/// the same in the builder and in the server's 422) and what, in Chinese.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DefinitionProblem {
    pub path: String,
    pub message: String,
}

impl fmt::Display for DefinitionProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}：{}", self.path, self.message)
    }
}

struct Problems(Vec<DefinitionProblem>);

impl Problems {
    fn push(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.0.push(DefinitionProblem {
            path: path.into(),
            message: message.into(),
        });
    }
}

/// Every problem found in a definition.
pub fn check_definition(survey: &Survey) -> Result<(), Vec<DefinitionProblem>> {
    let mut problems = Problems(Vec::new());
    if !is_slug(&survey.id) {
        problems.push(
            "id",
            format!(
                "测评编号“{}”只能由小写字母、数字、“-”和“_”组成（最多 64 个）",
                survey.id
            ),
        );
    }
    if survey.title.trim().is_empty() {
        problems.push("title", "请填写测评标题");
    }
    if survey.sections.is_empty() {
        problems.push("sections", "至少需要一页（一个部分）");
    }
    let mut seen_questions: HashSet<&str> = HashSet::new();
    let mut seen_sections = HashSet::new();
    for (si, section) in survey.sections.iter().enumerate() {
        let at = format!("sections.{si}");
        if !is_slug(&section.id) {
            problems.push(
                format!("{at}.id"),
                format!("部分编号“{}”只能由小写字母、数字、“-”和“_”组成", section.id),
            );
        }
        if !seen_sections.insert(section.id.as_str()) {
            problems.push(format!("{at}.id"), format!("部分编号“{}”重复", section.id));
        }
        if section.title.trim().is_empty() {
            problems.push(format!("{at}.title"), "请填写这一部分的标题");
        }
        if section.questions.is_empty() {
            problems.push(format!("{at}.questions"), "这一部分还没有题目");
        }
        for (qi, question) in section.questions.iter().enumerate() {
            let at = format!("{at}.questions.{qi}");
            let id = question.id.as_str();
            if !is_slug(id) {
                problems.push(
                    format!("{at}.id"),
                    format!("题目编号“{id}”只能由小写字母、数字、“-”和“_”组成"),
                );
            }
            if question.title.trim().is_empty() {
                problems.push(format!("{at}.title"), "请填写题目");
            }
            if let Some(condition) = &question.show_if {
                for referenced in condition.referenced_questions() {
                    if !seen_questions.contains(referenced) {
                        problems.push(
                            format!("{at}.show_if"),
                            format!("显示条件引用的“{referenced}”不是前面的题目"),
                        );
                    }
                }
                for (q, choice) in condition.referenced_choices() {
                    if seen_questions.contains(q) && !choice_exists(survey, q, choice) {
                        problems.push(
                            format!("{at}.show_if"),
                            format!("显示条件中的“{choice}”不是题目“{q}”的选项"),
                        );
                    }
                }
            }
            if !seen_questions.insert(id) {
                problems.push(format!("{at}.id"), format!("题目编号“{id}”重复"));
            }
            // A ballot refuses every profile question (`check_ballot`, which says why).
            let ballot = survey.kind == SurveyKind::Ballot;
            if question.profile && !ballot && !coarsenable(&question.kind) {
                problems.push(
                    format!("{at}.profile"),
                    "只有单选题和下拉题可以作为画像题：其他题型的答案无法合并成足够大的分组",
                );
            }
            check_kind(&mut problems, &at, question);
            // A matrix row's radio group is named `q-{question}-{row}` on the page, as a
            // question `{question}-{row}` would name its own: ticking one would untick the other.
            if let QuestionKind::Matrix { rows, .. } = &question.kind {
                for (ri, row) in rows.iter().enumerate() {
                    let clash = format!("{id}-{}", row.id);
                    if survey.question(&clash).is_some() {
                        problems.push(
                            format!("{at}.rows.{ri}.id"),
                            format!(
                                "矩阵题“{id}”的评价项目“{}”与题目“{clash}”在页面上同名，请换一个编号",
                                row.id
                            ),
                        );
                    }
                }
            }
        }
    }
    for (fi, flag) in survey.flags.iter().enumerate() {
        for referenced in flag.when.referenced_questions() {
            if survey.question(referenced).is_none() {
                problems.push(
                    format!("flags.{fi}"),
                    format!("标记“{}”引用了不存在的题目“{referenced}”", flag.id),
                );
            }
        }
    }
    if survey.kind == SurveyKind::Ballot {
        check_ballot(&mut problems, survey);
    }
    if problems.0.is_empty() {
        Ok(())
    } else {
        Err(problems.0)
    }
}

/// A secret ballot (docs/trust.md): one per member, so always one-time codes; nothing that
/// could tell who cast it, so no profile questions and no show-if (a question shown only
/// to some would single them out).
fn check_ballot(problems: &mut Problems, survey: &Survey) {
    if survey.access != Access::OneTimeCode {
        problems.push(
            "access",
            "测评票必须使用一次性测评码（每位组成人员一码、一人一票）",
        );
    }
    for (si, section) in survey.sections.iter().enumerate() {
        for (qi, question) in section.questions.iter().enumerate() {
            let at = format!("sections.{si}.questions.{qi}");
            if question.profile {
                problems.push(
                    format!("{at}.profile"),
                    "测评票不能设置基本信息题：它会暴露投票人",
                );
            }
            if question.show_if.is_some() {
                problems.push(
                    format!("{at}.show_if"),
                    "测评票的题目不能设置显示条件：只向部分人显示的题目会暴露投票人",
                );
            }
        }
    }
}

fn check_kind(problems: &mut Problems, at: &str, question: &Question) {
    let kind = &question.kind;
    // The most that results count (a matrix row is a column of its own: no limit).
    let (items, field, what, least, most) = match kind {
        QuestionKind::SingleChoice { options } | QuestionKind::Dropdown { options } => {
            let most = if question.profile {
                MAX_PROFILE_OPTIONS
            } else {
                MAX_LEVELS
            };
            (options, "options", "选项", 2, most)
        }
        QuestionKind::MultipleChoice { options, .. } => {
            (options, "options", "选项", 2, MAX_MULTI_OPTIONS)
        }
        QuestionKind::Matrix { rows, .. } => (rows, "rows", "评价项目", 1, usize::MAX),
        _ => return check_ranges(problems, at, kind),
    };
    if items.len() < least {
        problems.push(
            format!("{at}.{field}"),
            format!("至少需要 {least} 个{what}"),
        );
    }
    if items.len() > most {
        problems.push(
            format!("{at}.{field}"),
            format!(
                "这类题目最多 {most} 个{what}（现有 {} 个），超出的答案无法统计",
                items.len()
            ),
        );
    }
    let mut seen = HashSet::new();
    for (i, item) in items.iter().enumerate() {
        if !is_slug(&item.id) {
            problems.push(
                format!("{at}.{field}.{i}.id"),
                format!("{what}编号“{}”只能由小写字母、数字、“-”和“_”组成", item.id),
            );
        }
        if !seen.insert(item.id.as_str()) {
            problems.push(
                format!("{at}.{field}.{i}.id"),
                format!("{what}编号“{}”重复", item.id),
            );
        }
        if item.label.trim().is_empty() {
            problems.push(
                format!("{at}.{field}.{i}.label"),
                format!("第 {} 个{what}没有文字", i + 1),
            );
        }
    }
    check_ranges(problems, at, kind);
}

fn check_ranges(problems: &mut Problems, at: &str, kind: &QuestionKind) {
    match kind {
        QuestionKind::MultipleChoice { options, min, max } => {
            let count = options.len() as u32;
            match (min, max) {
                (Some(min), Some(max)) if min > max => problems.push(
                    format!("{at}.min"),
                    format!("最少选择数 {min} 大于最多选择数 {max}"),
                ),
                (_, Some(max)) if *max == 0 || *max > count => problems.push(
                    format!("{at}.max"),
                    format!("最多选择数 {max} 应在 1 到 {count} 之间"),
                ),
                (Some(min), _) if *min > count => problems.push(
                    format!("{at}.min"),
                    format!("最少选择数 {min} 超过了选项数 {count}"),
                ),
                _ => {}
            }
        }
        QuestionKind::Number {
            min: Some(min),
            max: Some(max),
            ..
        } if min > max => problems.push(
            format!("{at}.min"),
            format!("最小值 {min} 大于最大值 {max}"),
        ),
        QuestionKind::ShortText { max_len } | QuestionKind::LongText { max_len }
            if *max_len == 0 =>
        {
            problems.push(format!("{at}.max_len"), "字数上限必须大于 0")
        }
        _ => {}
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

/// Where a problem's path points, for people: "第 2 部分 · 第 5 题 · 第 1 个选项".
pub fn locate(survey: &Survey, path: &str) -> String {
    let parts: Vec<&str> = path.split('.').collect();
    let index = |i: usize| parts.get(i).and_then(|p| p.parse::<usize>().ok());
    let mut place = Vec::new();
    if parts.first() == Some(&"sections") {
        if let Some(si) = index(1) {
            place.push(format!("第 {} 部分", si + 1));
            if parts.get(2) == Some(&"questions") {
                if let Some(qi) = index(3) {
                    // Questions are numbered through the whole survey, as the builder shows them.
                    let before: usize = survey
                        .sections
                        .iter()
                        .take(si)
                        .map(|s| s.questions.len())
                        .sum();
                    place.push(format!("第 {} 题", before + qi + 1));
                    if let (Some(&list), Some(i)) = (parts.get(4), index(5)) {
                        let what = if list == "rows" {
                            "评价项目"
                        } else {
                            "选项"
                        };
                        place.push(format!("第 {} 个{what}", i + 1));
                    }
                }
            }
        }
    } else if parts.first() == Some(&"flags") {
        place.push("答案标记".to_string());
    } else {
        place.push("基本信息".to_string());
    }
    place.join(" · ")
}

/// Ids travel in URLs, CSV headers and answers: ASCII, short, no spaces.
pub fn is_slug(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        // An object key the browser would take for the prototype: the answer under it
        // would vanish from the JSON the app writes (app/common/json.rs).
        && id != "__proto__"
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

#[cfg(test)]
#[path = "definition_check_tests.rs"]
mod tests;
