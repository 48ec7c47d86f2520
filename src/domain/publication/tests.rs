//! Publication rules: small groups never appear, the rest of every answer is kept, and the
#![allow(clippy::type_complexity)] // table tests: one tuple per row reads best
//! figures recompute from the published data alone.

use std::collections::HashMap;

use super::*;
use crate::domain::answer::Answer;
use crate::domain::ballot::{Attendance, BallotSession};
use crate::domain::digest::{ballot_digest, digest_of_lines, session_line};
use crate::domain::results::{Codebook, ResponseTable};
use crate::domain::sample::{answers, SampleRng};
use crate::domain::templates::bundled;

fn fixture() -> Survey {
    serde_json::from_value(serde_json::json!({
        "id": "fx", "title": "测试", "wave": "2024",
        "sections": [{"id": "s", "title": "s", "questions": [
            {"id": "town", "title": "乡镇", "kind": "single_choice", "profile": true,
             "options": [{"id": "a", "label": "甲镇"}, {"id": "b", "label": "乙镇"},
                         {"id": "c", "label": "丙镇"}, {"id": "d", "label": "丁镇"}]},
            {"id": "size", "title": "规模", "kind": "single_choice", "profile": true,
             "options": [{"id": "big", "label": "大"}, {"id": "small", "label": "小"}]},
            {"id": "q", "title": "总体满意度", "kind": "scale", "scale": "satisfaction5", "dimension": "D"},
            {"id": "rare", "title": "少数人答的题", "kind": "scale", "scale": "satisfaction5"},
            {"id": "txt", "title": "建议", "kind": "long_text"}
        ]}]
    }))
    .unwrap()
}

/// `rows` of (town, size, q); the first `rare` responses also answer `rare`.
fn table_of(survey: &Survey, rows: &[(&str, &str, &str)], rare: usize) -> ResponseTable {
    let mut table = ResponseTable::new(Codebook::new(survey));
    for (i, (town, size, q)) in rows.iter().enumerate() {
        let mut a = Answers::new();
        a.insert("town".into(), Answer::Text(town.to_string()));
        a.insert("size".into(), Answer::Text(size.to_string()));
        a.insert("q".into(), Answer::Text(q.to_string()));
        a.insert("txt".into(), Answer::Text(format!("第{i}条建议")));
        if i < rare {
            a.insert("rare".into(), Answer::Text("5".into()));
        }
        table.push(&table.codebook.encode(&a), 0, "");
    }
    table
}

fn repeat(
    n: usize,
    row: (&'static str, &'static str, &'static str),
) -> Vec<(&'static str, &'static str, &'static str)> {
    vec![row; n]
}

/// Publish every row in order: (definition, records, figures).
fn publish(
    survey: &Survey,
    table: &ResponseTable,
) -> (Survey, Vec<PublicRecord>, PublishedFigures, ProfilePlan) {
    let plan = ProfilePlan::new(survey, table, THRESHOLD);
    let published = published_definition(survey, table, &plan);
    let records: Vec<PublicRecord> = (0..table.len()).map(|i| plan.record(table, i)).collect();
    let mut public = public_table(&published);
    for r in &records {
        push_record(&mut public, r);
    }
    let figures = figures(&published, &public, BallotSession::default());
    (published, records, figures, plan)
}

fn text(record: &PublicRecord, q: &str) -> Option<String> {
    record
        .answers
        .get(q)
        .and_then(|a| a.as_text())
        .map(str::to_string)
}

#[test]
fn a_small_option_is_merged_with_the_next_smallest() {
    let survey = fixture();
    let mut rows = repeat(10, ("a", "big", "5"));
    rows.extend(repeat(8, ("b", "big", "4")));
    rows.extend(repeat(3, ("c", "big", "3")));
    let table = table_of(&survey, &rows, 0);
    let (published, records, figures, plan) = publish(&survey, &table);
    // 丙镇 (3) alone would be derivable from the total: 乙镇 (8) is merged with it.
    let town = published.question("town").unwrap();
    let ids: Vec<&str> = town.kind.options().iter().map(|o| o.id.as_str()).collect();
    assert_eq!(ids, ["a", "d", MERGED]);
    assert_eq!(plan.coarsening.len(), 1);
    assert_eq!(plan.coarsening[0].merged, ["乙镇", "丙镇"]);
    assert_eq!(plan.coarsening[0].withheld, 0);
    assert_eq!(
        records
            .iter()
            .filter(|r| text(r, "town").as_deref() == Some(MERGED))
            .count(),
        11
    );
    let groups = &figures.groups[0].groups;
    let sizes: Vec<(&str, u64)> = groups
        .iter()
        .map(|g| (g.label.as_str(), g.responses))
        .collect();
    assert_eq!(sizes, [("甲镇", 10), (MERGED_LABEL, 11)]);
}

#[test]
fn no_combination_of_profile_answers_is_shared_by_fewer_than_the_threshold() {
    // (rows, town counts as built) — skewed on purpose.
    let cases: &[&[(usize, (&str, &str, &str))]] = &[
        &[
            (30, ("a", "big", "5")),
            (2, ("a", "small", "4")),
            (12, ("b", "small", "3")),
        ],
        &[
            (6, ("a", "big", "5")),
            (1, ("b", "big", "4")),
            (1, ("c", "small", "1")),
            (6, ("d", "small", "2")),
        ],
        &[(4, ("a", "big", "5")), (4, ("b", "small", "4"))],
        &[
            (50, ("a", "big", "5")),
            (4, ("b", "small", "4")),
            (3, ("c", "big", "2")),
            (1, ("d", "small", "1")),
        ],
        &[
            (5, ("a", "big", "5")),
            (5, ("a", "small", "4")),
            (5, ("b", "big", "3")),
            (4, ("b", "small", "2")),
        ],
    ];
    for (case, spec) in cases.iter().enumerate() {
        let rows: Vec<_> = spec.iter().flat_map(|(n, row)| repeat(*n, *row)).collect();
        let table = table_of(&fixture(), &rows, 0);
        let (_, records, figures, _) = publish(&fixture(), &table);
        let mut combos: HashMap<(Option<String>, Option<String>), u64> = HashMap::new();
        for r in &records {
            *combos
                .entry((text(r, "town"), text(r, "size")))
                .or_default() += 1;
        }
        for (combo, size) in &combos {
            assert!(
                *size >= THRESHOLD,
                "case {case}: {combo:?} shared by {size}"
            );
        }
        for table in &figures.groups {
            for g in &table.groups {
                assert!(
                    g.responses >= THRESHOLD,
                    "case {case}: group {} of {}",
                    g.label,
                    g.responses
                );
            }
        }
        for q in &figures.results.questions {
            for o in q.options.iter().filter(|_| q.profile) {
                assert!(
                    o.count == 0 || o.count >= THRESHOLD,
                    "case {case}: {} {}",
                    o.label,
                    o.count
                );
            }
        }
        // Nothing else changes: every rating is kept, in the same order.
        let kept: Vec<Option<String>> = records.iter().map(|r| text(r, "q")).collect();
        let original: Vec<Option<String>> = rows.iter().map(|r| Some(r.2.to_string())).collect();
        assert_eq!(kept, original, "case {case}");
    }
}

#[test]
fn free_text_and_thinly_answered_items_are_not_published() {
    let survey = fixture();
    let rows = repeat(20, ("a", "big", "4"));
    for (rare, published_rare) in [(0, 0), (3, 0), (4, 0), (5, 5), (20, 20)] {
        let table = table_of(&survey, &rows, rare);
        let (published, records, figures, plan) = publish(&survey, &table);
        assert!(published.question("txt").is_none());
        assert!(records.iter().all(|r| !r.answers.contains_key("txt")));
        let answered = records
            .iter()
            .filter(|r| r.answers.contains_key("rare"))
            .count();
        assert_eq!(answered, published_rare, "{rare} answered");
        assert_eq!(
            plan.dropped.len(),
            usize::from((1..5).contains(&rare)),
            "{rare} answered"
        );
        let item = figures.results.items().find(|i| i.id == "rare").unwrap();
        assert_eq!(item.index.n, published_rare as u64);
    }
}

#[test]
fn figures_recompute_from_the_published_data_file() {
    let survey = bundled()
        .unwrap()
        .into_iter()
        .find(|s| s.id.starts_with("yingshang"))
        .unwrap();
    let mut table = ResponseTable::new(Codebook::new(&survey));
    let mut rng = SampleRng::new(7);
    for i in 0..300 {
        let mut a = answers(&survey, &mut rng);
        // One town with only two enterprises.
        if i < 2 {
            a.insert("town".into(), Answer::Text("gaoxin".into()));
        } else if a.get("town").and_then(Answer::as_text) == Some("gaoxin") {
            a.insert("town".into(), Answer::Text("chengguan".into()));
        }
        table.push(&table.codebook.encode(&a), 0, "");
    }
    let (published, records, figures, plan) = publish(&survey, &table);
    // Industry and role (11 × 4 options over 300 responses) cannot be published jointly
    // with the town: every answer is withheld, and no table by them is published.
    let withheld: Vec<(&str, u64)> = plan
        .coarsening
        .iter()
        .map(|c| (c.question.as_str(), c.withheld))
        .collect();
    assert!(withheld.contains(&("industry", 300)) && withheld.contains(&("role", 300)));
    assert!(figures
        .groups
        .iter()
        .all(|g| g.by != "industry" && g.by != "role"));
    let header = PublicDataHeader {
        survey: published,
        threshold: THRESHOLD,
        frozen_responses: 300,
        frozen_digest: "d".into(),
        session: None,
        texts: Vec::new(),
    };
    let mut file = header.file_head();
    let lines: Vec<String> = records
        .iter()
        .map(|r| serde_json::to_string(r).unwrap())
        .collect();
    file.push_str(&lines.join(","));
    file.push_str(DATA_TAIL);
    let data: PublicData = serde_json::from_str(&file).unwrap();
    assert_eq!(data.header, header);
    assert_eq!(data.records.len(), 300);
    let mut again = public_table(&data.header.survey);
    for r in &data.records {
        push_record(&mut again, r);
    }
    let recomputed = super::figures(&data.header.survey, &again, BallotSession::default());
    // NaN ≠ NaN: compare as JSON, where "no figure" is null.
    assert_eq!(
        serde_json::to_value(&recomputed.results).unwrap(),
        serde_json::to_value(&figures.results).unwrap()
    );
    assert_eq!(
        serde_json::to_value(&recomputed.groups).unwrap(),
        serde_json::to_value(&figures.groups).unwrap()
    );
    assert!(
        !file.contains("\"gaoxin\""),
        "the two-enterprise town is in the data"
    );
    let town_groups = figures.groups.iter().find(|g| g.by == "town").unwrap();
    assert!(town_groups
        .groups
        .iter()
        .all(|g| g.id != "gaoxin" && g.responses >= THRESHOLD));
}

#[test]
fn published_ballots_recompute_the_frozen_digest() {
    let survey = bundled()
        .unwrap()
        .into_iter()
        .find(|s| s.kind == SurveyKind::Ballot)
        .unwrap();
    let mut table = ResponseTable::new(Codebook::new(&survey));
    let mut rng = SampleRng::new(3);
    let mut stored = Vec::new();
    for _ in 0..9 {
        let a = answers(&survey, &mut rng);
        table.push(&table.codebook.encode(&a), 0, "");
        stored.push(a);
    }
    let session = BallotSession {
        attendance: Attendance {
            members: 12,
            present: 10,
        },
        paper_ballots: 3,
    };
    let frozen = ballot_digest(&survey, &stored, &session);
    let plan = ProfilePlan::new(&survey, &table, THRESHOLD);
    let records: Vec<PublicRecord> = (0..table.len()).map(|i| plan.record(&table, i)).collect();
    // What anyone can do with data.json: a line per ballot and the session's line.
    let mut lines: Vec<String> = records
        .iter()
        .map(|r| serde_json::to_string(&r.answers).unwrap())
        .collect();
    lines.push(session_line(&session));
    assert_eq!(digest_of_lines(lines).1, frozen.1);
    // Nothing in a record says whether it came on paper.
    assert!(records
        .iter()
        .all(|r| !serde_json::to_string(r).unwrap().contains("paper")));
    let published_survey = published_definition(&survey, &table, &plan);
    let mut public = public_table(&published_survey);
    for r in &records {
        push_record(&mut public, r);
    }
    let outcome = figures(&published_survey, &public, session).ballot.unwrap();
    assert_eq!((outcome.electronic_ballots, outcome.paper_ballots), (6, 3));
    assert!(outcome.items.iter().all(|i| i.total.cast() == 9));
}

#[test]
fn the_aggregate_table_holds_the_page_figures_and_no_small_group() {
    let survey = fixture();
    let mut rows = repeat(10, ("a", "big", "5"));
    rows.extend(repeat(7, ("b", "small", "2")));
    rows.extend(repeat(2, ("c", "small", "1")));
    let table = table_of(&survey, &rows, 0);
    let (published, records, figures, plan) = publish(&survey, &table);
    let publication = Publication {
        survey_id: "fx".into(),
        title: published.title.clone(),
        organizer: String::new(),
        wave: "2024".into(),
        kind: SurveyKind::Questionnaire,
        closed_at: 0,
        published_at: 0,
        threshold: THRESHOLD,
        frozen_responses: 19,
        frozen_digest: String::new(),
        data_digest: String::new(),
        published_responses: records.len() as u64,
        withheld: false,
        coarsening: plan.coarsening.clone(),
        dropped: plan.dropped.clone(),
        results: figures.results.clone(),
        groups: figures.groups.clone(),
        ballot: None,
        history: Vec::new(),
        texts: Vec::new(),
        audit_head: None,
    };
    let rows = figure_rows(&publication);
    assert!(rows
        .iter()
        .all(|r| r.subject != "丙镇" && r.subject != "乙镇"));
    let index = rows
        .iter()
        .find(|r| r.category == "总体" && r.measure.starts_with("测评指数"))
        .unwrap();
    assert_eq!(index.value, Some(figures.results.index.value));
    assert_eq!(index.n, Some(19));
    let merged = rows
        .iter()
        .find(|r| r.category == "分组：乡镇" && r.subject == MERGED_LABEL)
        .unwrap();
    assert_eq!(merged.count, Some(9));
}
