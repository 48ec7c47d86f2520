//! Table tests of the shared validation: every question kind, every rule.

use serde_json::json;

use super::*;
use crate::domain::survey::Survey;

/// One survey holding every question kind, with show-if conditions.
fn fixture() -> Survey {
    serde_json::from_value(json!({
        "id": "fixture",
        "title": "测试问卷",
        "sections": [
            {"id": "s1", "title": "一", "questions": [
                {"id": "single", "title": "单选", "kind": "single_choice", "required": true,
                 "options": [{"id": "a", "label": "甲"}, {"id": "b", "label": "乙"}]},
                {"id": "multi", "title": "多选", "kind": "multiple_choice", "min": 1, "max": 2,
                 "options": [{"id": "x", "label": "X"}, {"id": "y", "label": "Y"},
                             {"id": "z", "label": "Z"}, {"id": "none", "label": "都没有", "exclusive": true}]},
                {"id": "drop", "title": "下拉", "kind": "dropdown",
                 "options": [{"id": "d1", "label": "一"}, {"id": "d2", "label": "二"}]},
                {"id": "likert", "title": "五级", "kind": "scale", "scale": "satisfaction5", "allow_unknown": true},
                {"id": "vote", "title": "三级", "kind": "scale", "scale": "ballot3"},
                {"id": "nps", "title": "推荐", "kind": "nps"}
            ]},
            {"id": "s2", "title": "二", "questions": [
                {"id": "grid", "title": "矩阵", "kind": "matrix", "scale": "satisfaction5", "required": true,
                 "rows": [{"id": "r1", "label": "行一"}, {"id": "r2", "label": "行二"}]},
                {"id": "num", "title": "数字", "kind": "number", "min": 0, "max": 24, "integer": true},
                {"id": "short", "title": "短文本", "kind": "short_text", "max_len": 5},
                {"id": "long", "title": "长文本", "kind": "long_text"},
                {"id": "why_b", "title": "为什么选乙", "kind": "short_text", "required": true,
                 "show_if": {"op": "equals", "question": "single", "value": "b"}},
                {"id": "low_nps", "title": "低分原因", "kind": "long_text", "required": true,
                 "show_if": {"op": "between", "question": "nps", "max": 6}}
            ]}
        ]
    }))
    .expect("fixture parses")
}

/// The smallest complete valid response.
fn valid() -> serde_json::Value {
    json!({"single": "a", "grid": {"r1": "5", "r2": "3"}})
}

fn answers(value: serde_json::Value) -> Answers {
    serde_json::from_value(value).expect("answers parse")
}

/// Run validation on the valid base with `changes` merged in (null removes a key).
fn errors_with(changes: serde_json::Value) -> Expected {
    let mut base = valid();
    for (k, v) in changes.as_object().unwrap() {
        if v.is_null() {
            base.as_object_mut().unwrap().remove(k);
        } else {
            base[k] = v.clone();
        }
    }
    match validate(&fixture(), &answers(base)) {
        Ok(()) => vec![],
        Err(errors) => errors.into_iter().map(|e| (e.field, e.error)).collect(),
    }
}

/// The refused fields a case expects.
type Expected = Vec<(String, ErrorCode)>;

fn err(field: &str, code: ErrorCode) -> Expected {
    vec![(field.to_string(), code)]
}

#[test]
fn validation_table() {
    use ErrorCode::*;
    let cases: Vec<(&str, serde_json::Value, Expected)> = vec![
        ("minimal valid response", json!({}), vec![]),
        (
            "required single missing",
            json!({"single": null}),
            err("single", Required),
        ),
        (
            "required single blank",
            json!({"single": "  "}),
            err("single", Required),
        ),
        (
            "single unknown option",
            json!({"single": "c"}),
            err("single", InvalidChoice),
        ),
        (
            "single given a list",
            json!({"single": ["a"]}),
            err("single", WrongType),
        ),
        ("multi ok", json!({"multi": ["x", "y"]}), vec![]),
        (
            "multi too many",
            json!({"multi": ["x", "y", "z"]}),
            err("multi", TooManyChoices { max: 2 }),
        ),
        (
            "multi empty list is unanswered",
            json!({"multi": []}),
            vec![],
        ),
        (
            "multi duplicate",
            json!({"multi": ["x", "x"]}),
            err("multi", DuplicateChoice),
        ),
        (
            "multi unknown",
            json!({"multi": ["q"]}),
            err("multi", InvalidChoice),
        ),
        ("multi exclusive alone", json!({"multi": ["none"]}), vec![]),
        (
            "multi exclusive combined",
            json!({"multi": ["none", "x"]}),
            err("multi", ExclusiveCombined),
        ),
        (
            "multi given text",
            json!({"multi": "x"}),
            err("multi", WrongType),
        ),
        ("dropdown ok", json!({"drop": "d2"}), vec![]),
        (
            "dropdown unknown",
            json!({"drop": "d3"}),
            err("drop", InvalidChoice),
        ),
        ("likert point", json!({"likert": "4"}), vec![]),
        (
            "likert unknown allowed",
            json!({"likert": "unknown"}),
            vec![],
        ),
        (
            "likert out of scale",
            json!({"likert": "6"}),
            err("likert", InvalidChoice),
        ),
        (
            "likert as number",
            json!({"likert": 4}),
            err("likert", WrongType),
        ),
        ("ballot grade", json!({"vote": "basic"}), vec![]),
        (
            "ballot unknown not offered",
            json!({"vote": "unknown"}),
            err("vote", InvalidChoice),
        ),
        (
            "ballot five-point id",
            json!({"vote": "5"}),
            err("vote", InvalidChoice),
        ),
        ("nps ten", json!({"nps": 10, "low_nps": null}), vec![]),
        (
            "nps eleven",
            json!({"nps": 11}),
            err(
                "nps",
                OutOfRange {
                    min: 0.0,
                    max: 10.0,
                },
            ),
        ),
        (
            "nps negative",
            json!({"nps": -1, "low_nps": "差"}),
            err(
                "nps",
                OutOfRange {
                    min: 0.0,
                    max: 10.0,
                },
            ),
        ),
        ("nps fraction", json!({"nps": 7.5}), err("nps", NotInteger)),
        ("nps as text", json!({"nps": "7"}), err("nps", WrongType)),
        (
            "matrix row missing",
            json!({"grid": {"r1": "5"}}),
            err("grid.r2", Required),
        ),
        (
            "matrix unknown row",
            json!({"grid": {"r1": "5", "r2": "4", "r9": "4"}}),
            err("grid.r9", UnknownRow),
        ),
        (
            "matrix bad point",
            json!({"grid": {"r1": "5", "r2": "unknown"}}),
            err("grid.r2", InvalidChoice),
        ),
        (
            "matrix missing",
            json!({"grid": null}),
            err("grid", Required),
        ),
        ("number ok", json!({"num": 8}), vec![]),
        (
            "number fraction",
            json!({"num": 8.5}),
            err("num", NotInteger),
        ),
        (
            "number below",
            json!({"num": -1}),
            err("num", BelowMin { min: 0.0 }),
        ),
        (
            "number above",
            json!({"num": 25}),
            err("num", AboveMax { max: 24.0 }),
        ),
        (
            "short text at limit",
            json!({"short": "五个汉字啊"}),
            vec![],
        ),
        (
            "short text over limit",
            json!({"short": "六个汉字啊啊"}),
            err("short", TooLong { max: 5 }),
        ),
        (
            "long text default limit",
            json!({"long": "字".repeat(1001)}),
            err("long", TooLong { max: 1000 }),
        ),
        (
            "unknown question",
            json!({"ghost": "a"}),
            err("ghost", UnknownQuestion),
        ),
        (
            "shown question required",
            json!({"single": "b"}),
            err("why_b", Required),
        ),
        (
            "shown question answered",
            json!({"single": "b", "why_b": "因为"}),
            vec![],
        ),
        (
            "hidden question answered",
            json!({"why_b": "因为"}),
            err("why_b", HiddenAnswered),
        ),
        (
            "low nps reveals required reason",
            json!({"nps": 6}),
            err("low_nps", Required),
        ),
        (
            "high nps hides the reason",
            json!({"nps": 9, "low_nps": "x"}),
            err("low_nps", HiddenAnswered),
        ),
    ];
    for (name, changes, expected) in cases {
        assert_eq!(errors_with(changes), expected, "case: {name}");
    }
}

#[test]
fn hidden_questions_are_never_required() {
    // why_b is required but hidden unless single == b.
    let result = validate(
        &fixture(),
        &answers(json!({"single": "a", "grid": {"r1": "1", "r2": "2"}})),
    );
    assert_eq!(result, Ok(()));
}

#[test]
fn conditions_read_only_shown_answers() {
    // A stale answer to a hidden question must not reveal questions that depend on it.
    let survey: Survey = serde_json::from_value(json!({
        "id": "chain", "title": "链", "sections": [{"id": "s", "title": "s", "questions": [
            {"id": "a", "title": "a", "kind": "single_choice", "options": [{"id": "y", "label": "是"}, {"id": "n", "label": "否"}]},
            {"id": "b", "title": "b", "kind": "single_choice", "show_if": {"op": "equals", "question": "a", "value": "y"},
             "options": [{"id": "y", "label": "是"}, {"id": "n", "label": "否"}]},
            {"id": "c", "title": "c", "kind": "short_text", "show_if": {"op": "equals", "question": "b", "value": "y"}}
        ]}]
    }))
    .unwrap();
    let stale = answers(json!({"a": "n", "b": "y"}));
    let visible = visible_questions(&survey, &stale);
    assert!(visible.contains("a") && !visible.contains("b") && !visible.contains("c"));
    assert_eq!(prune_hidden(&survey, &stale), answers(json!({"a": "n"})));
}

#[test]
fn every_error_has_a_chinese_and_an_english_message() {
    use ErrorCode::*;
    let all = [
        Required,
        UnknownQuestion,
        HiddenAnswered,
        WrongType,
        InvalidChoice,
        DuplicateChoice,
        ExclusiveCombined,
        TooFewChoices { min: 1 },
        TooManyChoices { max: 3 },
        NotInteger,
        BelowMin { min: 0.0 },
        AboveMax { max: 9.0 },
        OutOfRange {
            min: 0.0,
            max: 10.0,
        },
        UnknownRow,
        TooLong { max: 5 },
    ];
    for code in all {
        assert!(
            code.message_zh()
                .chars()
                .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "{code:?}"
        );
        assert!(code.message_en().is_ascii(), "{code:?}");
    }
}

#[test]
fn field_errors_serialize_flat_with_code_and_message() {
    let e = FieldError::new("improve", ErrorCode::TooManyChoices { max: 3 });
    let v = serde_json::to_value(&e).unwrap();
    assert_eq!(
        v,
        json!({"field": "improve", "code": "too_many_choices", "max": 3, "message": "最多选择 3 项"})
    );
    let back: FieldError = serde_json::from_value(v).unwrap();
    assert_eq!(back, e);
}

#[test]
fn section_validation_reports_only_that_section() {
    let survey = fixture();
    let given = answers(json!({}));
    let first: Vec<_> = validate_section(&survey, 0, &given)
        .into_iter()
        .map(|e| e.field)
        .collect();
    assert_eq!(first, vec!["single"]);
    let second: Vec<_> = validate_section(&survey, 1, &given)
        .into_iter()
        .map(|e| e.field)
        .collect();
    assert_eq!(second, vec!["grid"]);
}
