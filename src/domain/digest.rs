//! The digest that freezes a survey's responses when it is closed: SHA-256 over every
//! response's answers as canonical JSON (keys in order, no spaces), one per line ending in
//! LF, the lines sorted by their UTF-8 bytes. No ids, no times: for a secret ballot the
//! published ballots (shuffled) are exactly these lines, so anyone can sort them and
//! recompute the digest. A questionnaire's digest covers every stored answer, free text
//! included; its published data is coarsened and is checked by its own digest.
//!
//! A ballot's digest has one more line, [`session_line`]: 应到, 实到 and how many ballots
//! came on paper, frozen with the ballots, so none of them can change after the vote.

use sha2::{Digest, Sha256};

use super::answer::{Answer, Answers};
use super::ballot::BallotSession;
use super::survey::Survey;

/// Feeds lines one at a time (a million need not be in memory at once).
#[derive(Debug, Clone, Default)]
pub struct ResponseSetDigest {
    hasher: Sha256,
    count: u64,
}

impl ResponseSetDigest {
    pub fn new() -> Self {
        Self::default()
    }

    /// Add the next line; callers give them sorted by bytes.
    pub fn add(&mut self, answers_json: &str) {
        self.hasher.update(answers_json.as_bytes());
        self.hasher.update(b"\n");
        self.count += 1;
    }

    /// (responses, lowercase hex SHA-256).
    pub fn finish(self) -> (u64, String) {
        (self.count, hex(&self.hasher.finalize()))
    }
}

/// Lowercase hex of some bytes.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// SHA-256 of a whole file, as published beside it.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// The marks of a ballot as counted and published: every answer except free text.
pub fn ballot_marks(survey: &Survey, answers: &Answers) -> Answers {
    answers
        .iter()
        .filter(|(id, _)| !survey.question(id).is_some_and(|q| q.kind.is_text()))
        .map(|(id, answer): (&String, &Answer)| (id.clone(), answer.clone()))
        .collect()
}

/// The line a ballot's session adds to its digest: `#session members=M present=P paper=N`.
/// It starts with `#`, so it can never equal a ballot's line (always a JSON object).
pub fn session_line(session: &BallotSession) -> String {
    format!(
        "#session members={} present={} paper={}",
        session.attendance.members, session.attendance.present, session.paper_ballots
    )
}

/// A ballot's digest: its marks (without free text) and its session line.
pub fn ballot_digest<'a>(
    survey: &Survey,
    ballots: impl IntoIterator<Item = &'a Answers>,
    session: &BallotSession,
) -> (u64, String) {
    let mut lines: Vec<String> = ballots
        .into_iter()
        .map(|answers| {
            serde_json::to_string(&ballot_marks(survey, answers)).expect("answers serialize")
        })
        .collect();
    let ballots = lines.len() as u64;
    lines.push(session_line(session));
    (ballots, digest_of_lines(lines).1)
}

/// Digest of a set of lines given in any order (they are sorted here).
pub fn digest_of_lines(mut lines: Vec<String>) -> (u64, String) {
    lines.sort_unstable_by(|a, b| a.as_bytes().cmp(b.as_bytes()));
    let mut digest = ResponseSetDigest::new();
    for line in &lines {
        digest.add(line);
    }
    digest.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn digest(lines: &[&str]) -> (u64, String) {
        digest_of_lines(lines.iter().map(|l| l.to_string()).collect())
    }

    #[test]
    fn the_digest_is_sha256_of_the_sorted_lines() {
        // Known answers: SHA-256 of nothing, and `printf '{}\n' | sha256sum`.
        assert_eq!(
            digest(&[]),
            (
                0,
                "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855".into()
            )
        );
        assert_eq!(
            digest(&["{}"]).1,
            "ca3d163bab055381827226140568f3bef7eaac187cebd76878e0b63e9e442356"
        );
        // `printf '{"q":"4"}\n{"q":"5"}\n' | sha256sum`, whatever order they come in.
        let sorted = "29e4d1e897f3c31eed467903fe2e30eac1781f7a4f1e92b83ae8e5b12d27dd07";
        assert_eq!(digest(&[r#"{"q":"5"}"#, r#"{"q":"4"}"#]).1, sorted);
        assert_eq!(digest(&[r#"{"q":"4"}"#, r#"{"q":"5"}"#]).1, sorted);
    }

    #[test]
    fn a_ballot_digest_covers_its_session() {
        let survey = crate::domain::templates::bundled()
            .unwrap()
            .into_iter()
            .find(|s| s.kind == crate::domain::SurveyKind::Ballot)
            .unwrap();
        let ballot: Answers = serde_json::from_str(r#"{"report":"basic"}"#).unwrap();
        let session = |members, present, paper_ballots| BallotSession {
            attendance: crate::domain::ballot::Attendance { members, present },
            paper_ballots,
        };
        let base = ballot_digest(&survey, [&ballot], &session(7, 5, 0));
        assert_eq!(base.0, 1, "the session line is not a ballot");
        // `printf '#session members=7 present=5 paper=0\n{"report":"basic"}\n' | sha256sum`
        assert_eq!(
            base.1,
            "9f675490623702633187160cbc31b73fbc90763e5c93b03c12f302ed08a1990b"
        );
        for changed in [session(8, 5, 0), session(7, 4, 0), session(7, 5, 1)] {
            assert_ne!(base, ballot_digest(&survey, [&ballot], &changed));
        }
    }

    #[test]
    fn any_change_changes_the_digest() {
        let base = digest(&[r#"{"q":"5"}"#, r#"{"q":"4"}"#]);
        assert_eq!(base.0, 2);
        assert_ne!(base, digest(&[r#"{"q":"5"}"#, r#"{"q":"3"}"#]));
        assert_ne!(base, digest(&[r#"{"q":"5"}"#]));
        // The same ballot twice is two ballots.
        assert_ne!(
            base,
            digest(&[r#"{"q":"5"}"#, r#"{"q":"5"}"#, r#"{"q":"4"}"#])
        );
    }
}
