#![allow(clippy::type_complexity)] // table tests: one tuple per row reads best
use super::*;
use crate::domain::answer::{Answer, Answers};
use crate::domain::results::{Codebook, ResponseTable};
use crate::domain::templates::bundled;

fn grades(satisfied: u64, basic: u64, unsatisfied: u64, invalid: u64) -> GradeCounts {
    GradeCounts {
        satisfied,
        basic,
        unsatisfied,
        invalid,
    }
}

fn rule(denominator: Denominator) -> BallotRule {
    BallotRule {
        denominator,
        ..BallotRule::default()
    }
}

fn one_item(electronic: GradeCounts, paper: GradeCounts) -> Vec<ItemVotes> {
    vec![ItemVotes {
        id: "report".into(),
        label: "报告".into(),
        votes: electronic.plus(paper),
    }]
}

use Denominator::{AllMembers, Present, ValidBallots};

/// (case, denominator, 应到, 实到, electronic grades, paper grades, expected verdict,
/// expected reason, expected 满意率). Every expectation is computed by hand.
const CASES: &[(
    &str,
    Denominator,
    u32,
    u32,
    (u64, u64, u64, u64),
    (u64, u64, u64, u64),
    Option<Verdict>,
    Option<NoVerdict>,
    Option<f64>,
)] = &[
    (
        "clear 满意: 21 > 40/2",
        AllMembers,
        40,
        30,
        (21, 6, 3, 0),
        (0, 0, 0, 0),
        Some(Verdict::Satisfied),
        None,
        Some(27.0 / 40.0),
    ),
    (
        "满意 exactly half is not more than half",
        AllMembers,
        40,
        30,
        (20, 5, 5, 0),
        (0, 0, 0, 0),
        Some(Verdict::Basic),
        None,
        Some(25.0 / 40.0),
    ),
    (
        "满意+基本满意 exactly half falls to 不满意",
        AllMembers,
        40,
        30,
        (10, 10, 10, 0),
        (0, 0, 0, 0),
        Some(Verdict::Unsatisfied),
        None,
        Some(0.5),
    ),
    (
        "present as denominator: 16 > 30/2",
        Present,
        40,
        30,
        (16, 4, 10, 0),
        (0, 0, 0, 0),
        Some(Verdict::Satisfied),
        None,
        Some(20.0 / 30.0),
    ),
    (
        "valid ballots: invalid ones leave the denominator",
        ValidBallots,
        40,
        30,
        (14, 1, 10, 5),
        (0, 0, 0, 0),
        Some(Verdict::Satisfied),
        None,
        Some(15.0 / 25.0),
    ),
    (
        "same votes over those present: 14 and 15 are not more than 15",
        Present,
        40,
        30,
        (14, 1, 10, 5),
        (0, 0, 0, 0),
        Some(Verdict::Unsatisfied),
        None,
        Some(0.5),
    ),
    (
        "no quorum: 20 of 40 is not more than half",
        AllMembers,
        40,
        20,
        (20, 0, 0, 0),
        (0, 0, 0, 0),
        None,
        Some(NoVerdict::NoQuorum),
        Some(0.5),
    ),
    (
        "quorum by one: 21 of 41",
        AllMembers,
        41,
        21,
        (21, 0, 0, 0),
        (0, 0, 0, 0),
        Some(Verdict::Satisfied),
        None,
        Some(21.0 / 41.0),
    ),
    (
        "all invalid over valid ballots: no denominator",
        ValidBallots,
        40,
        30,
        (0, 0, 0, 30),
        (0, 0, 0, 0),
        None,
        Some(NoVerdict::NoValidBallots),
        None,
    ),
    (
        "all invalid over all members: 不满意",
        AllMembers,
        40,
        30,
        (0, 0, 0, 30),
        (0, 0, 0, 0),
        Some(Verdict::Unsatisfied),
        None,
        Some(0.0),
    ),
    (
        "zero ballots",
        AllMembers,
        40,
        30,
        (0, 0, 0, 0),
        (0, 0, 0, 0),
        None,
        Some(NoVerdict::NoBallots),
        Some(0.0),
    ),
    (
        "attendance not entered",
        AllMembers,
        0,
        0,
        (3, 0, 0, 0),
        (0, 0, 0, 0),
        None,
        Some(NoVerdict::AttendanceMissing),
        None,
    ),
    (
        "more ballots than present",
        AllMembers,
        40,
        25,
        (20, 6, 0, 0),
        (0, 0, 0, 0),
        None,
        Some(NoVerdict::MoreBallotsThanPresent),
        Some(26.0 / 40.0),
    ),
    (
        "paper and electronic add up: 10 + 12 > 20",
        AllMembers,
        40,
        30,
        (10, 2, 1, 1),
        (12, 1, 2, 1),
        Some(Verdict::Satisfied),
        None,
        Some(25.0 / 40.0),
    ),
];

#[test]
fn the_rule_decides_every_case_as_computed_by_hand() {
    for (case, denominator, members, present, e, p, verdict, reason, rate) in CASES {
        let electronic = grades(e.0, e.1, e.2, e.3);
        let paper = grades(p.0, p.1, p.2, p.3);
        let outcome = decide(
            &rule(*denominator),
            Attendance {
                members: *members,
                present: *present,
            },
            electronic.cast(),
            paper.cast(),
            &one_item(electronic, paper),
        );
        let item = &outcome.items[0];
        assert_eq!(item.verdict, *verdict, "{case}");
        assert_eq!(item.no_verdict, *reason, "{case}");
        match (item.satisfaction_rate, rate) {
            (Some(a), Some(b)) => assert!((a - b).abs() < 1e-12, "{case}: {a} vs {b}"),
            (a, b) => assert_eq!(a, *b, "{case}"),
        }
        assert_eq!(
            item.total.cast(),
            electronic.cast() + paper.cast(),
            "{case}"
        );
    }
}

#[test]
fn quorum_is_reported_for_the_whole_vote() {
    let votes = one_item(grades(1, 0, 0, 0), GradeCounts::default());
    let at = |members, present| Attendance { members, present };
    assert!(decide(&rule(AllMembers), at(40, 21), 1, 0, &votes).quorum);
    assert!(!decide(&rule(AllMembers), at(40, 20), 1, 0, &votes).quorum);
    assert!(!decide(&rule(AllMembers), at(0, 0), 1, 0, &votes).quorum);
}

#[test]
fn item_votes_count_a_blank_item_as_invalid_for_that_item_only() {
    let survey = bundled()
        .unwrap()
        .into_iter()
        .find(|s| s.id == "shenji-2023")
        .unwrap();
    let codebook = Codebook::new(&survey);
    let mut table = ResponseTable::new(codebook.clone());
    let ballot = |pairs: &[(&str, &str)]| -> Answers {
        pairs
            .iter()
            .map(|(q, g)| (q.to_string(), Answer::Text(g.to_string())))
            .collect()
    };
    for answers in [
        ballot(&[("report", "satisfied"), ("budget", "basic")]),
        ballot(&[("report", "satisfied"), ("budget", "unsatisfied")]),
        ballot(&[("report", "basic")]),
    ] {
        table.push(&codebook.encode(&answers), 0, "");
    }
    let votes = item_votes(&survey, &codebook, table.total());
    assert_eq!(
        votes.len(),
        6,
        "six graded items, the comment box is not one"
    );
    assert_eq!(votes[0].id, "report");
    assert_eq!(votes[0].votes, grades(2, 1, 0, 0));
    assert_eq!(votes[1].votes, grades(0, 1, 1, 1));
    assert_eq!(votes[2].votes, grades(0, 0, 0, 3));
}

#[test]
fn a_dissatisfied_item_is_voted_again_and_keeps_its_history() {
    let at = Attendance {
        members: 40,
        present: 30,
    };
    let vote = |round: u32, items: &[(&str, (u64, u64, u64, u64))]| {
        let votes: Vec<ItemVotes> = items
            .iter()
            .map(|(id, g)| ItemVotes {
                id: id.to_string(),
                label: id.to_uppercase(),
                votes: grades(g.0, g.1, g.2, g.3),
            })
            .collect();
        let rule = BallotRule {
            round,
            ..rule(AllMembers)
        };
        decide(&rule, at, 30, 0, &votes)
    };
    let first = vote(
        1,
        &[
            ("a", (25, 5, 0, 0)),
            ("b", (5, 10, 15, 0)),
            ("c", (0, 5, 25, 0)),
        ],
    );
    assert_eq!(items_to_vote_again(&first), vec!["b", "c"]);
    let second = vote(2, &[("b", (10, 15, 5, 0)), ("c", (5, 10, 15, 0))]);
    assert_eq!(items_to_vote_again(&second), vec!["c"]);
    let third = vote(3, &[("c", (22, 8, 0, 0))]);
    let histories = item_histories(&[third, first, second]);
    let summary: Vec<(&str, Vec<(u32, Option<Verdict>)>)> = histories
        .iter()
        .map(|h| (h.id.as_str(), h.rounds.clone()))
        .collect();
    use Verdict::*;
    assert_eq!(
        summary,
        vec![
            ("a", vec![(1, Some(Satisfied))]),
            ("b", vec![(1, Some(Unsatisfied)), (2, Some(Basic))]),
            (
                "c",
                vec![
                    (1, Some(Unsatisfied)),
                    (2, Some(Unsatisfied)),
                    (3, Some(Satisfied))
                ]
            ),
        ]
    );
}
