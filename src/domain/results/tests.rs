//! Aggregation on a small survey whose every figure is computed by hand.
#![allow(clippy::type_complexity)] // table tests: one tuple per row reads best

use super::*;
use crate::domain::answer::Answers;
use crate::domain::sample::{answers, SampleRng};
use crate::domain::survey::Survey;
use crate::domain::templates::bundled;

fn fixture() -> Survey {
    serde_json::from_value(serde_json::json!({
        "id": "fx-2023", "title": "测试", "wave": "2023", "series": "fx",
        "flags": [{"id": "low_a", "label": "a 不满意", "when": {"op": "any_of", "question": "a", "values": ["1", "2"]}}],
        "sections": [{"id": "s", "title": "s", "questions": [
            {"id": "size", "title": "规模", "kind": "single_choice", "profile": true,
             "options": [{"id": "big", "label": "大"}, {"id": "small", "label": "小"}]},
            {"id": "a", "title": "甲", "kind": "scale", "scale": "satisfaction5", "allow_unknown": true, "dimension": "D1"},
            {"id": "b", "title": "乙", "kind": "scale", "scale": "satisfaction5", "dimension": "D1"},
            {"id": "m", "title": "矩阵", "kind": "matrix", "scale": "satisfaction5", "dimension": "D2",
             "rows": [{"id": "r1", "label": "行一"}, {"id": "r2", "label": "行二"}]},
            {"id": "nps", "title": "推荐", "kind": "nps"},
            {"id": "imp", "title": "改进", "kind": "multiple_choice",
             "options": [{"id": "x", "label": "X"}, {"id": "y", "label": "Y"}, {"id": "z", "label": "Z"}]},
            {"id": "num", "title": "数字", "kind": "number"},
            {"id": "txt", "title": "建议", "kind": "long_text"}
        ]}]
    }))
    .unwrap()
}

fn response(pairs: serde_json::Value) -> Answers {
    serde_json::from_value(pairs).unwrap()
}

fn fixture_table() -> (Survey, ResponseTable) {
    let survey = fixture();
    let mut table = ResponseTable::new(Codebook::new(&survey));
    let rows = [
        serde_json::json!({"size": "big", "a": "5", "b": "4", "m": {"r1": "5", "r2": "4"}, "nps": 10, "imp": ["x", "y"], "num": 3, "txt": "好"}),
        serde_json::json!({"size": "big", "a": "4", "b": "4", "m": {"r1": "3"}, "nps": 8, "imp": ["x"], "num": 5}),
        serde_json::json!({"size": "small", "a": "unknown", "b": "2", "m": {"r1": "1", "r2": "2"}, "nps": 3, "imp": ["z"]}),
        serde_json::json!({"size": "small", "a": "2", "b": "3", "nps": 6, "txt": "  "}),
    ];
    for (i, row) in rows.into_iter().enumerate() {
        let encoded = table.codebook.encode(&response(row));
        table.push(
            &encoded,
            i as i64 * 3_600_000,
            if i == 0 { "dongcheng" } else { "" },
        );
    }
    (survey, table)
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[test]
fn every_figure_matches_the_hand_computation() {
    let (survey, table) = fixture_table();
    let r = compute(&survey, &table.codebook, table.total());
    assert_eq!(r.responses, 4);

    let size = r.question("size").unwrap();
    let counts: Vec<(&str, u64)> = size
        .options
        .iter()
        .map(|o| (o.id.as_str(), o.count))
        .collect();
    assert_eq!(counts, vec![("big", 2), ("small", 2)]);
    assert_eq!(size.options[0].label, "大");

    // (item, n excluding 不了解, 不了解, point counts best first, mean, index, 满意率)
    let table_of_items: [(&str, u64, u64, [u64; 5], f64, f64, f64); 4] = [
        (
            "a",
            3,
            1,
            [1, 1, 0, 1, 0],
            11.0 / 3.0,
            (11.0 / 3.0 - 1.0) * 25.0,
            2.0 / 3.0,
        ),
        ("b", 4, 0, [0, 2, 1, 1, 0], 3.25, 56.25, 0.5),
        ("m.r1", 3, 0, [1, 0, 1, 0, 1], 3.0, 50.0, 1.0 / 3.0),
        ("m.r2", 2, 0, [0, 1, 0, 1, 0], 3.0, 50.0, 0.5),
    ];
    for (id, n, unknown, points, mean, index, rate) in table_of_items {
        let item = r
            .items()
            .find(|i| i.id == id)
            .unwrap_or_else(|| panic!("{id}"));
        assert_eq!(item.mean.n, n, "{id} n");
        assert_eq!(item.unknown, unknown, "{id} unknown");
        let got: Vec<u64> = item.points.iter().map(|p| p.count).collect();
        assert_eq!(got, points, "{id} points");
        assert!(close(item.mean.value, mean), "{id} mean {:?}", item.mean);
        assert!(
            close(item.index.value, index),
            "{id} index {:?}",
            item.index
        );
        assert!(close(item.satisfaction.value, rate), "{id} rate");
        assert_eq!(item.index.n, n);
        assert!(item.index.low <= item.index.value && item.index.value <= item.index.high);
    }
    assert_eq!(r.items().find(|i| i.id == "m.r1").unwrap().label, "行一");

    let d1 = r.dimension("D1").unwrap();
    let d1_index = ((11.0 / 3.0 - 1.0) * 25.0 + 56.25) / 2.0;
    assert!(close(d1.index.value, d1_index), "{d1:?}");
    assert_eq!(d1.items, vec!["a", "b"]);
    assert!(close(r.dimension("D2").unwrap().index.value, 50.0));
    assert!(close(r.index.value, (d1_index + 50.0) / 2.0));

    let nps = r.question("nps").unwrap().nps.as_ref().unwrap();
    assert_eq!((nps.promoters, nps.passives, nps.detractors), (1, 1, 2));
    assert!(close(nps.score.value, -25.0));
    assert_eq!(nps.distribution[10], 1);
    assert_eq!(nps.distribution.iter().sum::<u64>(), 4);

    let imp = r.question("imp").unwrap();
    assert_eq!(imp.answered, 3);
    let shares: Vec<(u64, f64)> = imp
        .options
        .iter()
        .map(|o| (o.count, o.share.value))
        .collect();
    assert_eq!(shares, vec![(2, 2.0 / 3.0), (1, 1.0 / 3.0), (1, 1.0 / 3.0)]);

    let num = r.question("num").unwrap().mean.unwrap();
    assert_eq!((num.value, num.n), (4.0, 2));
    assert_eq!(
        r.question("txt").unwrap().answered,
        1,
        "blank text is not an answer"
    );

    assert_eq!(r.flags.len(), 1);
    assert_eq!((r.flags[0].count, r.flags[0].share.n), (1, 4));
}

#[test]
fn weights_move_the_dimension_index() {
    let (mut survey, table) = fixture_table();
    survey.scoring.item_weights.insert("a".into(), 3.0);
    survey.scoring.dimension_weights.insert("D2".into(), 0.0);
    let r = compute(&survey, &table.codebook, table.total());
    let a = (11.0 / 3.0 - 1.0) * 25.0;
    let d1 = (3.0 * a + 56.25) / 4.0;
    assert!(close(r.dimension("D1").unwrap().index.value, d1));
    assert!(close(r.index.value, d1), "a zero weight leaves D2 out");
}

#[test]
fn a_filter_counts_only_the_matching_responses() {
    let (survey, table) = fixture_table();
    // (filter text, responses, index of item a)
    let cases = [
        ("size:big", 2, 87.5),
        ("size:small", 2, 25.0),
        ("size:big|small", 4, (11.0 / 3.0 - 1.0) * 25.0),
        ("@channel:dongcheng", 1, 100.0),
        ("size:small;b:2", 1, f64::NAN),
    ];
    for (text, responses, index) in cases {
        let filter = Filter::parse(text).unwrap().resolve(&table).unwrap();
        let r = compute(&survey, &table.codebook, &table.tally(&filter));
        assert_eq!(r.responses, responses, "{text}");
        let got = r.items().find(|i| i.id == "a").unwrap().index.value;
        assert!(
            close(got, index) || (got.is_nan() && index.is_nan()),
            "{text}: {got}"
        );
    }
}

#[test]
fn bad_filters_name_the_question() {
    use query::QueryError;
    let (_, table) = fixture_table();
    let cases = [
        ("size", QueryError::Malformed("size".into())),
        ("nope:x", QueryError::UnknownQuestion("nope".into())),
        ("txt:answered", QueryError::NotGroupable("txt".into())),
        (
            "size:huge",
            QueryError::UnknownOption {
                question: "size".into(),
                option: "huge".into(),
            },
        ),
    ];
    for (text, expected) in cases {
        let err = Filter::parse(text)
            .and_then(|f| f.resolve(&table))
            .unwrap_err();
        assert_eq!(err, expected, "{text}");
        assert!(!err.message_zh().is_empty());
    }
    assert_eq!(
        Filter::parse("size:big|small;a:5").unwrap().to_query(),
        "size:big|small;a:5"
    );
}

#[test]
fn a_breakdown_splits_the_responses_into_groups_that_add_up() {
    let (survey, table) = fixture_table();
    let b = breakdown(&survey, &table, "size", &Filter::default()).unwrap();
    let groups: Vec<(&str, &str, u64)> = b
        .groups
        .iter()
        .map(|g| (g.id.as_str(), g.label.as_str(), g.results.responses))
        .collect();
    assert_eq!(groups, vec![("big", "大", 2), ("small", "小", 2)]);
    assert!(close(
        b.groups[0].results.items().next().unwrap().index.value,
        87.5
    ));
    let filtered = breakdown(&survey, &table, "size", &Filter::parse("b:4").unwrap()).unwrap();
    assert_eq!(filtered.groups[1].results.responses, 0);
}

#[test]
fn the_maintained_total_equals_a_recount() {
    let survey = bundled()
        .unwrap()
        .into_iter()
        .find(|s| s.id == "shuangjian-2023")
        .unwrap();
    let mut table = ResponseTable::new(Codebook::new(&survey));
    let mut rng = SampleRng::new(7);
    for i in 0..2_000 {
        let encoded = table.codebook.encode(&answers(&survey, &mut rng));
        table.push(&encoded, i * 60_000, ["", "a", "b"][i as usize % 3]);
    }
    assert_eq!(table.total(), &table.recount());
    // A filter that passes everything takes the scanning path: it must agree.
    let everything = table::RowFilter {
        clauses: Vec::new(),
        channels: Some((0..table.channel_names().len() as u16).collect()),
    };
    assert_eq!(table.tally(&everything), table.recount());
    assert_eq!(
        table.channel_counts(&everything),
        table.channel_counts(&Default::default())
    );
    assert_eq!(table.hourly(&everything), table.hourly(&Default::default()));
    let by_identity = breakdown(&survey, &table, "identity", &Filter::default()).unwrap();
    let sum: u64 = by_identity.groups.iter().map(|g| g.results.responses).sum();
    assert_eq!(sum, 2_000);
    let r = compute(&survey, &table.codebook, table.total());
    for item in r.items() {
        assert!((0.0..=100.0).contains(&item.index.value), "{}", item.id);
        assert!(item.index.low <= item.index.value && item.index.value <= item.index.high);
    }
    let flag = &r.flags[0];
    assert!(flag.count > 0 && flag.share.n > flag.count, "{flag:?}");
    assert_eq!(
        table
            .hourly(&Default::default())
            .iter()
            .map(|h| h.1)
            .sum::<u64>(),
        2_000
    );
}

#[test]
fn waves_line_up_by_item_and_oldest_first() {
    let (survey, table) = fixture_table();
    let new = compute(&survey, &table.codebook, table.total());
    let mut old_survey = survey.clone();
    old_survey.id = "fx-2022".into();
    old_survey.wave = "2022".into();
    old_survey.sections[0].questions.retain(|q| q.id != "b");
    let mut old_table = ResponseTable::new(Codebook::new(&old_survey));
    let row = response(serde_json::json!({"size": "big", "a": "3"}));
    old_table.push(&old_table.codebook.encode(&row), 0, "");
    let old = compute(&old_survey, &old_table.codebook, old_table.total());

    let c = compare_waves(&[new, old]);
    let waves: Vec<&str> = c.waves.iter().map(|w| w.wave.as_str()).collect();
    assert_eq!(waves, vec!["2022", "2023"]);
    let figure = |id: &str| c.figures.iter().find(|f| f.id == id).unwrap();
    assert!(close(figure("a").values[0].unwrap().value, 50.0));
    assert!(close(
        figure("a").values[1].unwrap().value,
        (11.0 / 3.0 - 1.0) * 25.0
    ));
    assert_eq!(figure("b").values[0], None, "2022 did not ask b");
    assert!(close(figure("dimension:D1").values[0].unwrap().value, 50.0));
    assert_eq!(figure("dimension:D2").values[0], None);
    assert_eq!(c.figures[0].id, "index");
}

#[test]
fn days_start_at_local_midnight() {
    // 2023-06-01 15:00 UTC is 23:00 in Beijing; 16:00 UTC is midnight of 2 June there.
    let hour = |h: i64| ((1_685_577_600_000 + h * 3_600_000) / 3_600_000) as u32;
    let hourly = vec![(hour(15), 3), (hour(16), 4), (hour(20), 1)];
    let days = per_day(&hourly, 8);
    assert_eq!(days.len(), 2);
    assert_eq!(days[0].count, 3);
    assert_eq!(days[1].count, 5);
    assert_eq!(days[1].start_ms, 1_685_577_600_000 + 16 * 3_600_000);
    assert_eq!(
        per_hour(&hourly)[1].start_ms,
        1_685_577_600_000 + 16 * 3_600_000
    );
}
