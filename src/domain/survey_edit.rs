//! Editing a survey definition in the builder: new questions and sections with fresh ids,
//! changing a question's kind, moving things, and starting the next wave or ballot round
//! from an earlier survey. Pure functions, so the rules are tested natively.

use super::survey::{Choice, Question, QuestionKind, Scale, Section, Survey};

/// The question kinds the builder offers: (key, label).
pub const KINDS: [(&str, &str); 9] = [
    ("single_choice", "单选题"),
    ("multiple_choice", "多选题"),
    ("dropdown", "下拉选择题"),
    ("scale", "满意度量表"),
    ("matrix", "矩阵量表（多个项目）"),
    ("nps", "0–10 推荐度"),
    ("number", "数字"),
    ("short_text", "单行文字"),
    ("long_text", "多行文字"),
];

/// The builder's key of a kind (see [`KINDS`]).
pub fn kind_key(kind: &QuestionKind) -> &'static str {
    match kind {
        QuestionKind::SingleChoice { .. } => "single_choice",
        QuestionKind::MultipleChoice { .. } => "multiple_choice",
        QuestionKind::Dropdown { .. } => "dropdown",
        QuestionKind::Scale { .. } => "scale",
        QuestionKind::Matrix { .. } => "matrix",
        QuestionKind::Nps { .. } => "nps",
        QuestionKind::Number { .. } => "number",
        QuestionKind::ShortText { .. } => "short_text",
        QuestionKind::LongText { .. } => "long_text",
    }
}

fn choice(id: &str, label: &str) -> Choice {
    Choice {
        id: id.into(),
        label: label.into(),
        exclusive: false,
    }
}

/// `kind` turned into the kind `key`, keeping what carries over: the options between the
/// choice kinds (and a matrix's rows), the scale between scale and matrix.
pub fn convert_kind(kind: &QuestionKind, key: &str) -> QuestionKind {
    let (options, scale, allow_unknown) = match kind {
        QuestionKind::SingleChoice { options }
        | QuestionKind::Dropdown { options }
        | QuestionKind::MultipleChoice { options, .. } => {
            (options.clone(), Scale::Satisfaction5, false)
        }
        QuestionKind::Matrix {
            rows,
            scale,
            allow_unknown,
        } => (rows.clone(), *scale, *allow_unknown),
        QuestionKind::Scale {
            scale,
            allow_unknown,
        } => (Vec::new(), *scale, *allow_unknown),
        _ => (Vec::new(), Scale::Satisfaction5, false),
    };
    let options = if options.is_empty() {
        vec![choice("o1", "选项一"), choice("o2", "选项二")]
    } else {
        options
    };
    match key {
        "multiple_choice" => QuestionKind::MultipleChoice {
            options,
            min: None,
            max: None,
        },
        "dropdown" => QuestionKind::Dropdown { options },
        "scale" => QuestionKind::Scale {
            scale,
            allow_unknown,
        },
        "matrix" => QuestionKind::Matrix {
            rows: options,
            scale,
            allow_unknown,
        },
        "nps" => QuestionKind::Nps {
            low_label: "完全不可能".into(),
            high_label: "非常可能".into(),
        },
        "number" => QuestionKind::Number {
            min: Some(0.0),
            max: None,
            integer: true,
            unit: String::new(),
        },
        "short_text" => QuestionKind::ShortText { max_len: 100 },
        "long_text" => QuestionKind::LongText { max_len: 1000 },
        _ => QuestionKind::SingleChoice { options },
    }
}

/// `{prefix}{n}` for the smallest n ≥ 1 not taken.
pub fn fresh_id(prefix: &str, taken: impl Fn(&str) -> bool) -> String {
    (1..)
        .map(|n| format!("{prefix}{n}"))
        .find(|id| !taken(id))
        .expect("some number is free")
}

/// A new single-choice question with an id no other question has.
pub fn new_question(survey: &Survey) -> Question {
    Question {
        id: fresh_id("q", |id| survey.question(id).is_some()),
        title: String::new(),
        help: String::new(),
        required: true,
        kind: convert_kind(&QuestionKind::ShortText { max_len: 1 }, "single_choice"),
        show_if: None,
        profile: false,
        dimension: None,
    }
}

/// A copy of a question under a fresh id.
pub fn copy_question(survey: &Survey, question: &Question) -> Question {
    let mut copy = question.clone();
    copy.id = fresh_id(&format!("{}-copy", question.id), |id| {
        survey.question(id).is_some()
    });
    copy
}

/// A new section holding one new question.
pub fn new_section(survey: &Survey) -> Section {
    Section {
        id: fresh_id("s", |id| survey.sections.iter().any(|s| s.id == id)),
        title: String::new(),
        description: String::new(),
        questions: vec![new_question(survey)],
    }
}

/// A new option (or matrix row) with an id no sibling has.
pub fn new_choice(siblings: &[Choice]) -> Choice {
    let id = fresh_id("o", |id| siblings.iter().any(|c| c.id == id));
    choice(&id, "")
}

/// Move item `i` one place up or down; false when it is already at that end.
pub fn move_item<T>(items: &mut [T], i: usize, up: bool) -> bool {
    let j = if up { i.checked_sub(1) } else { Some(i + 1) };
    match j {
        Some(j) if j < items.len() && i < items.len() => {
            items.swap(i, j);
            true
        }
        _ => false,
    }
}

/// An empty questionnaire to start from.
pub fn blank_survey() -> Survey {
    let mut survey: Survey = serde_json::from_value(serde_json::json!({
        "id": "",
        "title": "",
        "organizer": "区人大常委会",
        "sections": [],
    }))
    .expect("a blank survey parses");
    let first = new_section(&survey);
    survey.sections.push(first);
    survey
}

/// Next year's survey from this one: the wave and the year in the id and title move on,
/// the series stays (so the two are compared item by item), nothing else changes.
pub fn next_wave(survey: &Survey, taken: impl Fn(&str) -> bool) -> Survey {
    let mut next = survey.clone();
    let year: Option<u32> = survey.wave.parse().ok();
    let new_wave = year.map_or_else(|| format!("{}-next", survey.wave), |y| (y + 1).to_string());
    let base_id = match year {
        Some(_) if survey.id.contains(&survey.wave) => survey.id.replace(&survey.wave, &new_wave),
        _ => format!("{}-{new_wave}", survey.id),
    };
    next.id = if taken(&base_id) {
        fresh_id(&format!("{base_id}-"), &taken)
    } else {
        base_id
    };
    if let Some(y) = year {
        next.title = shift_years(&survey.title, y);
        next.intro = shift_years(&survey.intro, y);
    }
    next.wave = new_wave;
    if next.series.is_empty() {
        next.series = survey
            .id
            .replace(&survey.wave, "")
            .trim_matches('-')
            .to_string();
    }
    next.version_of = None;
    if let Some(ballot) = &mut next.ballot {
        ballot.previous = None;
        ballot.round = 1;
    }
    next
}

/// Every four-digit year `y` or `y - 1` in `text` moved on by one, in one pass (a title
/// names the wave or the year reported on, often the one before).
fn shift_years(text: &str, y: u32) -> String {
    let mut out = String::with_capacity(text.len());
    let mut digits = String::new();
    let flush = |digits: &mut String, out: &mut String| {
        match digits.parse::<u32>() {
            Ok(n) if digits.len() == 4 && (n == y || n + 1 == y) => {
                out.push_str(&(n + 1).to_string())
            }
            _ => out.push_str(digits),
        }
        digits.clear();
    };
    for c in text.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
        } else {
            flush(&mut digits, &mut out);
            out.push(c);
        }
    }
    flush(&mut digits, &mut out);
    out
}

/// The next round of a ballot after a 不满意 verdict: the same subject voted again, linked
/// to this round so each item keeps its history.
pub fn next_round(survey: &Survey, taken: impl Fn(&str) -> bool) -> Survey {
    let mut next = survey.clone();
    let mut rule = survey.ballot.clone().unwrap_or_default();
    rule.round += 1;
    rule.previous = Some(survey.id.clone());
    let base = survey
        .id
        .rsplit_once("-round")
        .map_or(survey.id.as_str(), |(base, _)| base);
    let id = format!("{base}-round{}", rule.round);
    next.id = if taken(&id) {
        fresh_id(&format!("{id}-"), &taken)
    } else {
        id
    };
    next.ballot = Some(rule);
    next.version_of = None;
    next
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::definition_check::check_definition;
    use crate::domain::templates::bundled;

    fn template(prefix: &str) -> Survey {
        bundled()
            .unwrap()
            .into_iter()
            .find(|s| s.id.starts_with(prefix))
            .unwrap()
    }

    #[test]
    fn kinds_convert_keeping_what_carries_over() {
        let single = QuestionKind::SingleChoice {
            options: vec![choice("a", "甲"), choice("b", "乙"), choice("c", "丙")],
        };
        for (key, _) in KINDS {
            let converted = convert_kind(&single, key);
            assert_eq!(kind_key(&converted), key);
            let carried = match &converted {
                QuestionKind::MultipleChoice { options, .. }
                | QuestionKind::Dropdown { options }
                | QuestionKind::SingleChoice { options } => Some(options.len()),
                QuestionKind::Matrix { rows, .. } => Some(rows.len()),
                _ => None,
            };
            assert!(carried.is_none_or(|n| n == 3), "{key}");
        }
        let ballot = QuestionKind::Scale {
            scale: Scale::Ballot3,
            allow_unknown: false,
        };
        assert!(matches!(
            convert_kind(&ballot, "matrix"),
            QuestionKind::Matrix {
                scale: Scale::Ballot3,
                ..
            }
        ));
    }

    #[test]
    fn new_parts_get_fresh_ids_and_a_blank_survey_needs_only_words() {
        let mut survey = blank_survey();
        survey.id = "test".into();
        survey.title = "测试".into();
        survey.sections[0].title = "第一部分".into();
        survey.sections[0].questions[0].title = "题目".into();
        for option in survey.sections[0].questions[0].kind.options_mut() {
            option.label = "选项".to_string() + &option.id;
        }
        assert_eq!(check_definition(&survey), Ok(()));
        let section = new_section(&survey);
        assert_eq!(
            (section.id.as_str(), section.questions[0].id.as_str()),
            ("s2", "q2")
        );
        let copy = copy_question(&survey, &survey.sections[0].questions[0]);
        assert_eq!(copy.id, "q1-copy1");
        assert_eq!(new_choice(&[choice("o1", ""), choice("o3", "")]).id, "o2");
    }

    #[test]
    fn items_move_within_bounds() {
        let mut items = vec![1, 2, 3];
        let cases = [
            (0, true, false, [1, 2, 3]),
            (0, false, true, [2, 1, 3]),
            (2, false, false, [2, 1, 3]),
            (2, true, true, [2, 3, 1]),
            (7, true, false, [2, 3, 1]),
        ];
        for (i, up, moved, after) in cases {
            assert_eq!(move_item(&mut items, i, up), moved, "{i} {up}");
            assert_eq!(items, after);
        }
    }

    #[test]
    fn the_next_wave_moves_the_year_and_keeps_the_series() {
        let last_year = template("yingshang");
        let next = next_wave(&last_year, |_| false);
        assert_eq!(
            (next.id.as_str(), next.wave.as_str()),
            ("yingshang-2024", "2024")
        );
        assert_eq!(next.series, last_year.series);
        assert!(
            next.title.contains("2024") && !next.title.contains("2023"),
            "{}",
            next.title
        );
        assert_eq!(next.sections, last_year.sections);
        assert_eq!(check_definition(&next), Ok(()));
        let again = next_wave(&last_year, |id| id == "yingshang-2024");
        assert_eq!(again.id, "yingshang-2024-1");
        // 审计整改 of 2023 reports on 2022's budget: both years move on.
        let audit = next_wave(&template("shenji"), |_| false);
        assert_eq!(audit.title, "区政府2023年度审计查出问题整改工作满意度测评");
        assert_eq!(
            shift_years("2022—2023年，第12023号", 2023),
            "2023—2024年，第12023号"
        );
    }

    #[test]
    fn a_new_ballot_round_links_to_the_last() {
        let first = template("shenji");
        let second = next_round(&first, |_| false);
        let rule = second.ballot.clone().unwrap();
        assert_eq!((second.id.as_str(), rule.round), ("shenji-2023-round2", 2));
        assert_eq!(rule.previous.as_deref(), Some("shenji-2023"));
        let third = next_round(&second, |_| false);
        assert_eq!(third.id, "shenji-2023-round3");
        assert_eq!(
            third.ballot.unwrap().previous.as_deref(),
            Some("shenji-2023-round2")
        );
    }
}
