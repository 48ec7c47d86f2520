//! The publication singles out nobody, whatever the definition and the answers: random
//! definitions with profile questions of several kinds and questions shown only for some
//! profile answers, random skewed responses, the whole publication, then an attacker who
//! knows the original definition and reads everything public. No group of fewer than
//! [`THRESHOLD`] real respondents may be counted from it.

use std::collections::{BTreeSet, HashMap};

use serde_json::{json, Value};

use super::*;
use crate::domain::answer::Answer;
use crate::domain::ballot::BallotSession;
use crate::domain::definition_check::check_definition;
use crate::domain::results::{Codebook, ResponseTable};
use crate::domain::sample::SampleRng;
use crate::domain::survey::Question;
use crate::domain::validation::{validate, visible_questions};

const CASES: u64 = 300;
const NUMBER_MAX: usize = 3;

/// True with probability `percent`/100.
fn chance(rng: &mut SampleRng, percent: usize) -> bool {
    rng.below(100) < percent
}

/// A non-empty proper subset of `items` (which has at least two).
fn some_of(rng: &mut SampleRng, items: &[String]) -> Vec<String> {
    loop {
        let subset: Vec<String> = items.iter().filter(|_| chance(rng, 50)).cloned().collect();
        if !subset.is_empty() && subset.len() < items.len() {
            return subset;
        }
    }
}

/// A random definition: profile questions `p0…` (single choice, dropdown, and now and then a
/// multiple choice or number, as stored before the definition check refused them), some
/// shown only for earlier profile answers; ratings `d0…` shown only for some answers of a
/// profile question, `c0…` shown when that rating was given; `r` shown to all.
fn random_survey(rng: &mut SampleRng) -> Survey {
    let mut questions: Vec<Value> = Vec::new();
    // (id, kind, option ids) of the profile questions so far.
    let mut profile: Vec<(String, &str, Vec<String>)> = Vec::new();
    for k in 0..1 + rng.below(3) {
        let kind = [
            "single_choice",
            "single_choice",
            "dropdown",
            "multiple_choice",
            "number",
        ][rng.below(5)];
        let options: Vec<String> = ["a", "b", "c", "d"]
            [..2 + rng.below(if kind == "multiple_choice" { 2 } else { 3 })]
            .iter()
            .map(|o| o.to_string())
            .collect();
        let id = format!("p{k}");
        let mut q = json!({"id": id, "title": format!("画像{k}"), "kind": kind,
            "profile": true, "required": chance(rng, 50)});
        if kind == "number" {
            q["min"] = json!(0);
            q["max"] = json!(NUMBER_MAX);
            q["integer"] = json!(true);
        } else {
            q["options"] = options
                .iter()
                .map(|o| json!({"id": o, "label": format!("{id}选项{o}")}))
                .collect();
        }
        let earlier: Vec<&(String, &str, Vec<String>)> =
            profile.iter().filter(|p| p.1 != "number").collect();
        if !earlier.is_empty() && chance(rng, 40) {
            let (on, _, its) = earlier[rng.below(earlier.len())];
            q["show_if"] = json!({"op": "any_of", "question": on, "values": some_of(rng, its)});
        }
        questions.push(q);
        profile.push((id, kind, options));
    }
    questions.push(json!({"id": "r", "title": "总体", "kind": "scale", "scale": "satisfaction5"}));
    for (k, (id, kind, options)) in profile.iter().enumerate() {
        if !chance(rng, 80) {
            continue;
        }
        let mut condition = match *kind {
            "number" => json!({"op": "between", "question": id, "min": rng.below(NUMBER_MAX + 1)}),
            "multiple_choice" => {
                json!({"op": "equals", "question": id, "value": options[rng.below(options.len())]})
            }
            _ if chance(rng, 30) => json!({"op": "not", "condition":
                {"op": "equals", "question": id, "value": options[rng.below(options.len())]}}),
            _ => json!({"op": "any_of", "question": id, "values": some_of(rng, options)}),
        };
        if let Some((other, _, its)) = profile
            .iter()
            .filter(|p| p.0 != *id && p.1 != "number")
            .nth(rng.below(3))
            .filter(|_| chance(rng, 30))
        {
            condition = json!({"op": "all", "conditions": [condition,
                {"op": "any_of", "question": other, "values": some_of(rng, its)}]});
        }
        // A question may only read earlier ones: the rating comes after every profile question.
        questions.push(
            json!({"id": format!("d{k}"), "title": format!("评价{k}"), "kind": "scale",
            "scale": "satisfaction5", "required": chance(rng, 50), "show_if": condition}),
        );
        if chance(rng, 50) {
            questions.push(json!({"id": format!("c{k}"), "title": format!("追问{k}"),
                "kind": "scale", "scale": "satisfaction5", "required": chance(rng, 50),
                "show_if": {"op": "answered", "question": format!("d{k}")}}));
        }
    }
    serde_json::from_value(json!({"id": "prop", "title": "随机测评",
        "sections": [{"id": "s", "title": "s", "questions": questions}]}))
    .unwrap()
}

/// Skewed weights, so that small groups (and empty options) are common.
fn weights(rng: &mut SampleRng, n: usize) -> Vec<usize> {
    let mut w: Vec<usize> = (0..n).map(|_| [0, 1, 1, 3, 12][rng.below(5)]).collect();
    if w.iter().all(|x| *x == 0) {
        w[0] = 1;
    }
    w
}

/// An index drawn with these weights.
fn pick(rng: &mut SampleRng, weights: &[usize]) -> usize {
    let x = rng.below(weights.iter().sum());
    let mut below = 0;
    weights
        .iter()
        .position(|w| {
            below += w;
            x < below
        })
        .unwrap()
}

/// A valid response: questions answered in order, each shown one answered (always when
/// required), profile answers drawn from the survey's skewed weights.
fn random_answers(
    survey: &Survey,
    skew: &HashMap<String, Vec<usize>>,
    rng: &mut SampleRng,
) -> Answers {
    let mut answers = Answers::new();
    for q in survey.questions() {
        let shown = visible_questions(survey, &answers).contains(q.id.as_str());
        if !shown || (!q.required && chance(rng, 15)) {
            continue;
        }
        let options = q.kind.options();
        let answer = match &q.kind {
            QuestionKind::Number { .. } => Answer::Number(pick(rng, &skew[&q.id]) as f64),
            QuestionKind::MultipleChoice { .. } => {
                let chosen = [pick(rng, &skew[&q.id]), pick(rng, &skew[&q.id])];
                let chosen = options
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| chosen.contains(i));
                Answer::List(chosen.map(|(_, o)| o.id.clone()).collect())
            }
            QuestionKind::Scale { .. } => Answer::Text((1 + rng.below(5)).to_string()),
            _ => Answer::Text(options[pick(rng, &skew[&q.id])].id.clone()),
        };
        answers.insert(q.id.clone(), answer);
    }
    assert_eq!(validate(survey, &answers), Ok(()), "{answers:?}");
    answers
}

/// Everything public about one survey.
struct Public {
    published: Survey,
    records: Vec<PublicRecord>,
    frozen: u64,
    plan: ProfilePlan,
    figures: PublishedFigures,
}

fn publish_all(survey: &Survey, table: &ResponseTable) -> Public {
    let plan = ProfilePlan::new(survey, table, THRESHOLD);
    let published = published_definition(survey, table, &plan);
    let records: Vec<PublicRecord> = plan.rows().map(|i| plan.record(table, i)).collect();
    let mut public = public_table(&published);
    for r in &records {
        push_record(&mut public, r);
    }
    let figures = figures(&published, &public, BallotSession::default());
    Public {
        published,
        records,
        frozen: table.len() as u64,
        plan,
        figures,
    }
}

/// What a profile question's answer may have been: `None` for no answer.
fn every_answer(q: &Question) -> Vec<Option<Answer>> {
    let ids: Vec<String> = q.kind.options().iter().map(|o| o.id.clone()).collect();
    let mut all: Vec<Option<Answer>> = match &q.kind {
        QuestionKind::Number { .. } => (0..=NUMBER_MAX)
            .map(|v| Some(Answer::Number(v as f64)))
            .collect(),
        QuestionKind::MultipleChoice { .. } => (1..1u32 << ids.len())
            .map(|mask| {
                let chosen = ids.iter().enumerate().filter(|(i, _)| mask & (1 << i) != 0);
                Some(Answer::List(chosen.map(|(_, o)| o.clone()).collect()))
            })
            .collect(),
        _ => ids.into_iter().map(|o| Some(Answer::Text(o))).collect(),
    };
    all.push(None);
    all
}

fn token(answer: &Option<Answer>) -> String {
    serde_json::to_string(answer).unwrap()
}

/// The attacker: for each record, every assignment of real answers to the profile
/// questions that agrees with what is published (a published option is that option,
/// 其他（合并） is one of the options the method note names, 未公开 or nothing could be
/// anything) and with the definition (every answer published, and every profile answer
/// assumed, was to a question shown for those answers). Returns the failures: a real answer
/// some records are known to have, or known to exist, in a group under the threshold.
fn attack(survey: &Survey, public: &Public) -> Vec<String> {
    let k = THRESHOLD;
    let profile: Vec<&Question> = survey.questions().filter(|q| q.profile).collect();
    let merged_of = |q: &Question| -> Vec<String> {
        let labels = public
            .plan
            .coarsening
            .iter()
            .find(|c| c.question == q.id)
            .map(|c| c.merged.clone())
            .unwrap_or_default();
        q.kind
            .options()
            .iter()
            .filter(|o| labels.contains(&o.label))
            .map(|o| o.id.clone())
            .collect()
    };
    // Per profile question: records known to hold an answer, and records that may hold it.
    let mut known: Vec<HashMap<String, u64>> = vec![HashMap::new(); profile.len()];
    let mut possible: Vec<HashMap<String, u64>> = vec![HashMap::new(); profile.len()];
    for record in &public.records {
        let candidates: Vec<Vec<Option<Answer>>> = profile
            .iter()
            .map(|q| match record.answers.get(&q.id) {
                Some(Answer::Text(t)) if t == MERGED => merged_of(q)
                    .into_iter()
                    .map(|o| Some(Answer::Text(o)))
                    .collect(),
                Some(Answer::Text(t)) if t == WITHHELD => every_answer(q),
                Some(answer) => vec![Some(answer.clone())],
                None => every_answer(q),
            })
            .collect();
        let mut seen: Vec<BTreeSet<String>> = vec![BTreeSet::new(); profile.len()];
        let mut world = vec![0usize; profile.len()];
        'worlds: loop {
            let mut answers = record.answers.clone();
            for (j, q) in profile.iter().enumerate() {
                match &candidates[j][world[j]] {
                    Some(a) => answers.insert(q.id.clone(), a.clone()),
                    None => answers.remove(&q.id),
                };
            }
            let visible = visible_questions(survey, &answers);
            if answers.keys().all(|id| visible.contains(id.as_str())) {
                for (j, s) in seen.iter_mut().enumerate() {
                    s.insert(token(&candidates[j][world[j]]));
                }
            }
            for j in 0..profile.len() {
                world[j] += 1;
                if world[j] < candidates[j].len() {
                    continue 'worlds;
                }
                world[j] = 0;
            }
            break;
        }
        assert!(
            seen.iter().all(|s| !s.is_empty()),
            "no world fits {record:?}"
        );
        for (j, s) in seen.into_iter().enumerate() {
            if s.len() == 1 {
                *known[j].entry(s.first().unwrap().clone()).or_default() += 1;
            }
            for t in s {
                *possible[j].entry(t).or_default() += 1;
            }
        }
    }
    let unpublished = public.frozen - public.records.len() as u64;
    let none = token(&None);
    let mut failures = Vec::new();
    for (j, q) in profile.iter().enumerate() {
        let merged: Vec<String> = merged_of(q)
            .into_iter()
            .map(|o| token(&Some(Answer::Text(o))))
            .collect();
        for answer in every_answer(q).iter().map(token).filter(|t| *t != none) {
            let known = known[j].get(&answer).copied().unwrap_or(0);
            // Each option the method note names as merged was chosen at least once.
            let at_least = known.max(u64::from(merged.contains(&answer)));
            let at_most = possible[j].get(&answer).copied().unwrap_or(0) + unpublished;
            if (1..k).contains(&known) {
                failures.push(format!("{} = {answer}: {known} records singled out", q.id));
            } else if at_least > 0 && at_most < k {
                failures.push(format!(
                    "{} = {answer}: chosen by {at_least} to {at_most}",
                    q.id
                ));
            }
        }
    }
    failures
}

/// What must hold besides: figures and items never show a small group, and a survey with
/// too few responses publishes nothing derived from its answers.
fn published_rules(survey: &Survey, public: &Public) -> Vec<String> {
    let k = THRESHOLD;
    let mut failures = Vec::new();
    for table in &public.figures.groups {
        if !public
            .published
            .question(&table.by)
            .is_some_and(|q| coarsenable(&q.kind))
        {
            failures.push(format!("groups by {}", table.by));
        }
        for g in table.groups.iter().filter(|g| g.responses < k) {
            failures.push(format!("group {}={} of {}", table.by, g.id, g.responses));
        }
    }
    for q in survey.questions().filter(|q| !q.profile) {
        let answered = public
            .records
            .iter()
            .filter(|r| r.answers.contains_key(&q.id))
            .count() as u64;
        if (1..k).contains(&answered) {
            failures.push(format!("{} answered by {answered}", q.id));
        }
    }
    if public.frozen < k {
        let plan = &public.plan;
        if !public.records.is_empty() || !plan.coarsening.is_empty() || !plan.dropped.is_empty() {
            failures.push("a withheld survey publishes what was answered".into());
        }
        if public.figures.results.responses > 0 || !public.figures.groups.is_empty() {
            failures.push("a withheld survey publishes figures".into());
        }
        let mut plain = survey.clone();
        for section in &mut plain.sections {
            section.questions.retain(|q| !q.kind.is_text());
        }
        if public.published != plain {
            failures.push("a withheld survey's definition shows what was answered".into());
        }
    }
    failures
}

#[test]
fn no_group_under_the_threshold_can_be_counted_from_what_is_published() {
    let mut failed = Vec::new();
    for seed in 0..CASES {
        let mut rng = SampleRng::new(seed);
        let survey = random_survey(&mut rng);
        // Only a single choice or a dropdown may be marked profile.
        let legacy = survey
            .questions()
            .any(|q| q.profile && !coarsenable(&q.kind));
        assert_eq!(check_definition(&survey).is_err(), legacy, "seed {seed}");
        let skew: HashMap<String, Vec<usize>> = survey
            .questions()
            .map(|q| {
                let n = match q.kind {
                    QuestionKind::Number { .. } => NUMBER_MAX + 1,
                    _ => q.kind.options().len().max(1),
                };
                (q.id.clone(), weights(&mut rng, n))
            })
            .collect();
        let n = if chance(&mut rng, 20) {
            1 + rng.below(THRESHOLD as usize - 1)
        } else {
            5 + rng.below(36)
        };
        let mut table = ResponseTable::new(Codebook::new(&survey));
        for _ in 0..n {
            let answers = random_answers(&survey, &skew, &mut rng);
            table.push(&table.codebook.encode(&answers), 0, "");
        }
        let public = publish_all(&survey, &table);
        let mut failures = attack(&survey, &public);
        failures.extend(published_rules(&survey, &public));
        if !failures.is_empty() {
            failed.push(format!(
                "seed {seed} ({n} responses): {}",
                failures.join("; ")
            ));
        }
    }
    assert!(
        failed.is_empty(),
        "{} of {CASES} cases single someone out:\n{}",
        failed.len(),
        failed.join("\n")
    );
}
