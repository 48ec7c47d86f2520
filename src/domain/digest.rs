//! The digest that freezes a survey's responses when it is closed: SHA-256 over every
//! response's answers as canonical JSON (keys in order, no spaces), one per line ending in
//! LF, the lines sorted by their UTF-8 bytes. No ids, no times: for a secret ballot the
//! published ballots (shuffled) are exactly these lines, so anyone can sort them and
//! recompute the digest. A questionnaire's digest covers every stored answer, free text
//! included; its published data is coarsened and is checked by its own digest.

use sha2::{Digest, Sha256};

use super::answer::{Answer, Answers};
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
