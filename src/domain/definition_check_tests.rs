//! Table tests of the definition check: each mistake named by its path, in Chinese.

use super::*;
use crate::domain::templates::bundled;

/// 双减: its first question is a single choice and it has several sections.
fn first_survey() -> Survey {
    bundled()
        .unwrap()
        .into_iter()
        .find(|s| s.id.starts_with("shuangjian"))
        .unwrap()
}

fn paths(survey: &Survey) -> Vec<String> {
    check_definition(survey)
        .err()
        .unwrap_or_default()
        .into_iter()
        .map(|p| p.path)
        .collect()
}

#[test]
fn each_mistake_is_named_by_its_path() {
    type Break = fn(&mut Survey);
    let cases: &[(&str, Break, &str)] = &[
        ("bad survey id", |s| s.id = "营商 2023".into(), "id"),
        ("empty title", |s| s.title = " ".into(), "title"),
        ("no sections", |s| s.sections.clear(), "sections"),
        (
            "empty section",
            |s| s.sections[0].questions.clear(),
            "sections.0.questions",
        ),
        (
            "untitled question",
            |s| s.sections[0].questions[0].title.clear(),
            "sections.0.questions.0.title",
        ),
        (
            "repeated question id",
            |s| {
                let id = s.sections[0].questions[0].id.clone();
                s.sections[0].questions[1].id = id;
            },
            "sections.0.questions.1.id",
        ),
        (
            "one option",
            |s| {
                if let QuestionKind::SingleChoice { options } = &mut s.sections[0].questions[0].kind
                {
                    options.truncate(1);
                }
            },
            "sections.0.questions.0.options",
        ),
        (
            "unlabelled option",
            |s| {
                if let QuestionKind::SingleChoice { options } = &mut s.sections[0].questions[0].kind
                {
                    options[1].label.clear();
                }
            },
            "sections.0.questions.0.options.1.label",
        ),
        (
            "show-if on a later question",
            |s| {
                let later = s.sections[1].questions[0].id.clone();
                s.sections[0].questions[0].show_if =
                    Some(crate::domain::Condition::Answered { question: later });
            },
            "sections.0.questions.0.show_if",
        ),
    ];
    for (name, break_it, path) in cases {
        let mut survey = first_survey();
        assert_eq!(
            check_definition(&survey),
            Ok(()),
            "{name}: template is valid"
        );
        break_it(&mut survey);
        assert!(
            paths(&survey).iter().any(|p| p == path),
            "{name}: expected {path} in {:?}",
            paths(&survey)
        );
    }
}

#[test]
fn paths_are_told_as_places() {
    let survey = first_survey();
    let before = survey.sections[0].questions.len();
    let cases = [
        ("title", "基本信息".to_string()),
        ("sections.0.title", "第 1 部分".to_string()),
        (
            "sections.1.questions.0.id",
            format!("第 2 部分 · 第 {} 题", before + 1),
        ),
        (
            "sections.0.questions.2.options.1.label",
            "第 1 部分 · 第 3 题 · 第 2 个选项".to_string(),
        ),
        ("flags.0", "答案标记".to_string()),
    ];
    for (path, place) in cases {
        assert_eq!(locate(&survey, path), place, "{path}");
    }
}

#[test]
fn messages_are_chinese_sentences() {
    let mut survey = first_survey();
    survey.title.clear();
    let problems = check_definition(&survey).unwrap_err();
    assert_eq!(problems[0].message, "请填写测评标题");
    assert_eq!(problems[0].to_string(), "title：请填写测评标题");
}

/// A survey of one question: `kind` and its fields, with `items` options (or matrix rows).
fn one_question(kind: &str, items: usize, profile: bool) -> Survey {
    let choices: Vec<serde_json::Value> = (0..items)
        .map(|i| serde_json::json!({"id": format!("o{i}"), "label": format!("选项{i}")}))
        .collect();
    let mut question = serde_json::json!({
        "id": "q", "title": "题目", "kind": kind, "profile": profile,
        "scale": "satisfaction5",
    });
    let list = if kind == "matrix" { "rows" } else { "options" };
    question[list] = serde_json::Value::Array(choices);
    serde_json::from_value(serde_json::json!({
        "id": "one", "title": "一题", "sections": [{"id": "s", "title": "s", "questions": [question]}]
    }))
    .unwrap()
}

#[test]
fn option_counts_beyond_what_results_count_are_refused() {
    use crate::domain::publication::MAX_PROFILE_OPTIONS;
    use crate::domain::results::codebook::{MAX_LEVELS, MAX_MULTI_OPTIONS};
    // (kind, options, profile, the limit named when refused)
    let cases = [
        ("single_choice", MAX_LEVELS, false, None),
        ("single_choice", MAX_LEVELS + 1, false, Some(MAX_LEVELS)),
        ("dropdown", MAX_LEVELS + 1, false, Some(MAX_LEVELS)),
        // Publishing adds 其他（合并） and 未公开 to a profile question.
        ("dropdown", MAX_PROFILE_OPTIONS, true, None),
        (
            "single_choice",
            MAX_PROFILE_OPTIONS + 1,
            true,
            Some(MAX_PROFILE_OPTIONS),
        ),
        ("multiple_choice", MAX_MULTI_OPTIONS, false, None),
        (
            "multiple_choice",
            MAX_MULTI_OPTIONS + 1,
            false,
            Some(MAX_MULTI_OPTIONS),
        ),
        // Each matrix row is a column of its own.
        ("matrix", 300, false, None),
    ];
    for (kind, items, profile, limit) in cases {
        let problems = check_definition(&one_question(kind, items, profile)).err();
        match limit {
            None => assert_eq!(problems, None, "{kind} × {items}"),
            Some(limit) => {
                let problems = problems.unwrap_or_default();
                assert_eq!(problems.len(), 1, "{kind} × {items}: {problems:?}");
                assert_eq!(problems[0].path, "sections.0.questions.0.options");
                assert!(
                    problems[0]
                        .message
                        .contains(&format!("最多 {limit} 个选项")),
                    "{kind} × {items}: {}",
                    problems[0].message
                );
            }
        }
    }
}

#[test]
fn only_a_single_choice_or_a_dropdown_can_be_a_profile_question() {
    // (kind, accepted as a profile question)
    let cases = [
        ("single_choice", true),
        ("dropdown", true),
        ("multiple_choice", false),
        ("scale", false),
        ("matrix", false),
        ("nps", false),
        ("number", false),
        ("short_text", false),
    ];
    for (kind, accepted) in cases {
        assert_eq!(
            check_definition(&one_question(kind, 3, false)),
            Ok(()),
            "{kind} without the mark"
        );
        let result = check_definition(&one_question(kind, 3, true));
        if accepted {
            assert_eq!(result, Ok(()), "{kind}");
        } else {
            let problems = result.unwrap_err();
            assert_eq!(problems.len(), 1, "{kind}: {problems:?}");
            assert_eq!(problems[0].path, "sections.0.questions.0.profile");
            assert!(problems[0].message.contains("画像题"), "{kind}");
        }
    }
}

#[test]
fn a_ballot_needs_codes_and_nothing_that_tells_who_voted() {
    let ballot = || {
        bundled()
            .unwrap()
            .into_iter()
            .find(|s| s.kind == SurveyKind::Ballot)
            .unwrap()
    };
    assert_eq!(check_definition(&ballot()), Ok(()), "the template is valid");
    type Break = fn(&mut Survey);
    let cases: &[(&str, Break, &str, &str)] = &[
        (
            "open link",
            |s| s.access = Access::Open,
            "access",
            "一次性测评码",
        ),
        (
            "a profile question",
            |s| s.sections[0].questions[1].profile = true,
            "sections.0.questions.1.profile",
            "基本信息题",
        ),
        (
            "show-if",
            |s| {
                let first = s.sections[0].questions[0].id.clone();
                s.sections[0].questions[1].show_if =
                    Some(crate::domain::Condition::Answered { question: first });
            },
            "sections.0.questions.1.show_if",
            "显示条件",
        ),
    ];
    for (name, break_it, path, words) in cases {
        let mut survey = ballot();
        break_it(&mut survey);
        let problems = check_definition(&survey).unwrap_err();
        assert!(
            problems
                .iter()
                .any(|p| p.path == *path && p.message.contains(words)),
            "{name}: expected {path} ({words}) in {problems:?}"
        );
        // The same definition as a questionnaire is fine (a three-grade profile question
        // aside, which no questionnaire may have either).
        survey.kind = SurveyKind::Questionnaire;
        survey.ballot = None;
        survey.sections[0].questions[1].profile = false;
        assert_eq!(
            check_definition(&survey),
            Ok(()),
            "{name} on a questionnaire"
        );
    }
}

#[test]
fn a_matrix_row_may_not_share_its_name_on_the_page_with_a_question() {
    let mut survey = first_survey();
    let (matrix, row) = survey
        .questions()
        .find_map(|q| match &q.kind {
            QuestionKind::Matrix { rows, .. } => Some((q.id.clone(), rows[0].id.clone())),
            _ => None,
        })
        .expect("a matrix in the template");
    assert!(check_definition(&survey).is_ok());
    survey.sections[0].questions[0].id = format!("{matrix}-{row}");
    let problems = check_definition(&survey).unwrap_err();
    assert!(
        problems
            .iter()
            .any(|p| p.path.ends_with(".rows.0.id") && p.message.contains("同名")),
        "{problems:?}"
    );
}

#[test]
fn an_id_the_browser_would_take_for_the_prototype_is_not_an_id() {
    // The app writes answers as a JS object: under `__proto__` an answer would vanish.
    assert!(super::is_slug("proto"));
    assert!(!super::is_slug("__proto__"));
}
