//! The committee's ballot rule: quorum, invalid ballots per item, the configurable
//! denominator, the verdict, and rounds of re-voting (docs/architecture.md#where-each-rule-lives).

use serde::{Deserialize, Serialize};

use super::results::{Codebook, ResponseTable, Tally};
use super::survey::{BallotRule, Denominator, QuestionKind, Scale, Survey, SurveyStatus};

/// 应到 and 实到, entered by staff for the session.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attendance {
    /// 应到: members in office.
    pub members: u32,
    /// 实到: members present.
    pub present: u32,
}

/// What is frozen with a ballot's responses at close and published with them: 应到/实到
/// and how many of the ballots came on paper. Covered by the frozen digest
/// (`domain::digest::session_line`), so it cannot change after the vote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BallotSession {
    pub attendance: Attendance,
    pub paper_ballots: u64,
}

/// While a vote is open, only this shows (dashboard, projector, API): how many ballots
/// have come in against 实到, never what any of them says.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BallotProgress {
    pub attendance: Attendance,
    pub electronic_ballots: u64,
    pub paper_ballots: u64,
}

impl BallotProgress {
    pub fn received(&self) -> u64 {
        self.electronic_ballots + self.paper_ballots
    }
}

/// Per-item counts and verdicts are shown once a vote no longer takes ballots; before
/// that, two looks around one arrival would tell that ballot's marks.
pub fn counts_visible(status: SurveyStatus) -> bool {
    matches!(status, SurveyStatus::Closed | SurveyStatus::Published)
}

/// Why a paper ballot cannot be entered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaperRefusal {
    /// 实到 is not entered yet, so there is no cap.
    PresentMissing,
    /// Every member present has already voted (electronically or on paper).
    AllPresentVoted,
}

impl PaperRefusal {
    pub fn message_zh(self) -> &'static str {
        match self {
            PaperRefusal::PresentMissing => "请先录入应到、实到人数，再录入纸质票",
            PaperRefusal::AllPresentVoted => "收回的测评票已达实到人数，不能再录入纸质票",
        }
    }
}

/// Paper ballots are capped at 实到 minus the ballots already received: with `received`
/// ballots in, may one more paper ballot be entered?
pub fn paper_ballot_allowed(attendance: Attendance, received: u64) -> Result<(), PaperRefusal> {
    if attendance.members == 0 || attendance.present == 0 {
        return Err(PaperRefusal::PresentMissing);
    }
    if received >= attendance.present as u64 {
        return Err(PaperRefusal::AllPresentVoted);
    }
    Ok(())
}

/// Grades counted for one item. A ballot with no grade (or, on paper, several) for the
/// item is invalid for that item only.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GradeCounts {
    pub satisfied: u64,
    pub basic: u64,
    pub unsatisfied: u64,
    pub invalid: u64,
}

impl GradeCounts {
    pub fn valid(&self) -> u64 {
        self.satisfied + self.basic + self.unsatisfied
    }

    pub fn cast(&self) -> u64 {
        self.valid() + self.invalid
    }

    pub fn plus(self, other: GradeCounts) -> GradeCounts {
        GradeCounts {
            satisfied: self.satisfied + other.satisfied,
            basic: self.basic + other.basic,
            unsatisfied: self.unsatisfied + other.unsatisfied,
            invalid: self.invalid + other.invalid,
        }
    }
}

/// One item's counts, every ballot together: paper and electronic ballots are never
/// counted apart, or a member who alone voted on paper would be known.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemVotes {
    pub id: String,
    pub label: String,
    pub votes: GradeCounts,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// 满意
    Satisfied,
    /// 基本满意
    Basic,
    /// 不满意: rectify again, report again, vote again.
    Unsatisfied,
}

impl Verdict {
    pub fn label_zh(self) -> &'static str {
        match self {
            Verdict::Satisfied => "满意",
            Verdict::Basic => "基本满意",
            Verdict::Unsatisfied => "不满意",
        }
    }
}

/// Why there is no verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoVerdict {
    /// 应到 not entered yet.
    AttendanceMissing,
    /// 实到 is not more than half of 应到.
    NoQuorum,
    /// More ballots than members present: the vote must be taken again.
    MoreBallotsThanPresent,
    NoBallots,
    /// The denominator is zero (e.g. every ballot invalid for the item, with 有效票).
    NoValidBallots,
}

impl NoVerdict {
    pub fn label_zh(self) -> &'static str {
        match self {
            NoVerdict::AttendanceMissing => "未录入应到、实到人数",
            NoVerdict::NoQuorum => "实到人数未过半数，测评无效",
            NoVerdict::MoreBallotsThanPresent => "收回票数多于实到人数，测评无效",
            NoVerdict::NoBallots => "尚无测评票",
            NoVerdict::NoValidBallots => "该项无有效票",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemOutcome {
    pub id: String,
    pub label: String,
    /// Electronic and paper together.
    pub total: GradeCounts,
    pub denominator: u64,
    /// 满意率 = (满意 + 基本满意) / denominator.
    pub satisfaction_rate: Option<f64>,
    pub verdict: Option<Verdict>,
    pub no_verdict: Option<NoVerdict>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BallotOutcome {
    pub round: u32,
    pub attendance: Attendance,
    pub denominator: Denominator,
    pub quorum: bool,
    /// Ballots received, electronic and paper (how many of each; their marks are only
    /// ever counted together).
    pub electronic_ballots: u64,
    pub paper_ballots: u64,
    pub items: Vec<ItemOutcome>,
}

/// Apply the rule. `electronic_ballots`/`paper_ballots` are ballots received (each counts
/// once however many items it left blank).
pub fn decide(
    rule: &BallotRule,
    attendance: Attendance,
    electronic_ballots: u64,
    paper_ballots: u64,
    votes: &[ItemVotes],
) -> BallotOutcome {
    let quorum = attendance.members > 0 && attendance.present * 2 > attendance.members;
    let cast = electronic_ballots + paper_ballots;
    let vote_problem = if attendance.members == 0 {
        Some(NoVerdict::AttendanceMissing)
    } else if !quorum {
        Some(NoVerdict::NoQuorum)
    } else if cast > attendance.present as u64 {
        Some(NoVerdict::MoreBallotsThanPresent)
    } else if cast == 0 {
        Some(NoVerdict::NoBallots)
    } else {
        None
    };
    let items = votes
        .iter()
        .map(|v| {
            let total = v.votes;
            let denominator = match rule.denominator {
                Denominator::AllMembers => attendance.members as u64,
                Denominator::Present => attendance.present as u64,
                Denominator::ValidBallots => total.valid(),
            };
            let no_verdict =
                vote_problem.or((denominator == 0).then_some(NoVerdict::NoValidBallots));
            // Integer comparisons: "more than half" is strict, so exactly half falls through.
            let verdict = match no_verdict {
                Some(_) => None,
                None if total.satisfied * 2 > denominator => Some(Verdict::Satisfied),
                None if (total.satisfied + total.basic) * 2 > denominator => Some(Verdict::Basic),
                None => Some(Verdict::Unsatisfied),
            };
            ItemOutcome {
                id: v.id.clone(),
                label: v.label.clone(),
                total,
                denominator,
                satisfaction_rate: (denominator > 0)
                    .then(|| (total.satisfied + total.basic) as f64 / denominator as f64),
                verdict,
                no_verdict,
            }
        })
        .collect();
    BallotOutcome {
        round: rule.round,
        attendance,
        denominator: rule.denominator,
        quorum,
        electronic_ballots,
        paper_ballots,
        items,
    }
}

/// (id, label) of every item a ballot votes on (its three-grade questions), in order.
pub fn ballot_items(survey: &Survey) -> Vec<(String, String)> {
    survey
        .questions()
        .filter(|q| is_ballot_item(&q.kind))
        .map(|q| (q.id.clone(), q.title.clone()))
        .collect()
}

fn is_ballot_item(kind: &QuestionKind) -> bool {
    matches!(
        kind,
        QuestionKind::Scale {
            scale: Scale::Ballot3,
            ..
        }
    )
}

/// The votes of every three-grade item, from the survey's tally of every ballot. A ballot
/// that left an item blank is invalid for that item.
pub fn item_votes(survey: &Survey, codebook: &Codebook, tally: &Tally) -> Vec<ItemVotes> {
    survey
        .questions()
        .filter(|q| is_ballot_item(&q.kind))
        .filter_map(|q| {
            let c = codebook.column_of(&q.id)?;
            let counts = tally.column(codebook, c);
            let graded = GradeCounts {
                satisfied: counts[1],
                basic: counts[2],
                unsatisfied: counts[3],
                invalid: 0,
            };
            Some(ItemVotes {
                id: q.id.clone(),
                label: q.title.clone(),
                votes: GradeCounts {
                    invalid: tally.responses - graded.valid(),
                    ..graded
                },
            })
        })
        .collect()
}

/// Decide a whole ballot from its table of every ballot, electronic and paper together
/// (how many were on paper is a count kept apart, never a mark on a ballot).
pub fn decide_table(
    survey: &Survey,
    table: &ResponseTable,
    session: BallotSession,
) -> BallotOutcome {
    let rule = survey.ballot.clone().unwrap_or_default();
    let total = table.total();
    let votes = item_votes(survey, &table.codebook, total);
    let paper = session.paper_ballots.min(total.responses);
    decide(
        &rule,
        session.attendance,
        total.responses - paper,
        paper,
        &votes,
    )
}

/// One item across rounds of voting.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemHistory {
    pub id: String,
    pub label: String,
    /// (round, verdict) in round order, for the rounds that voted on the item.
    pub rounds: Vec<(u32, Option<Verdict>)>,
}

/// Every item's history across rounds (given in any order), in the first round's order.
pub fn item_histories(rounds: &[BallotOutcome]) -> Vec<ItemHistory> {
    let mut ordered: Vec<&BallotOutcome> = rounds.iter().collect();
    ordered.sort_by_key(|r| r.round);
    let mut histories: Vec<ItemHistory> = Vec::new();
    for round in ordered {
        for item in &round.items {
            let entry = (round.round, item.verdict);
            match histories.iter_mut().find(|h| h.id == item.id) {
                Some(history) => history.rounds.push(entry),
                None => histories.push(ItemHistory {
                    id: item.id.clone(),
                    label: item.label.clone(),
                    rounds: vec![entry],
                }),
            }
        }
    }
    histories
}

/// The items to put to the next round: those found 不满意.
pub fn items_to_vote_again(outcome: &BallotOutcome) -> Vec<String> {
    outcome
        .items
        .iter()
        .filter(|i| i.verdict == Some(Verdict::Unsatisfied))
        .map(|i| i.id.clone())
        .collect()
}

#[cfg(test)]
#[path = "ballot_tests.rs"]
mod tests;
