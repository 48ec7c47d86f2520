//! The digest that freezes a survey's responses when it is closed: SHA-256 over every
//! response in id order, one line each, `id` TAB `answers as stored (JSON)` LF. Anyone with
//! the same rows can recompute it.

use sha2::{Digest, Sha256};

/// Feeds responses one at a time (a million need not be in memory at once).
#[derive(Debug, Clone, Default)]
pub struct ResponseSetDigest {
    hasher: Sha256,
    count: u64,
}

impl ResponseSetDigest {
    pub fn new() -> Self {
        Self::default()
    }

    /// Add the next response; callers give them in ascending id order.
    pub fn add(&mut self, id: &str, answers_json: &str) {
        self.hasher.update(id.as_bytes());
        self.hasher.update(b"\t");
        self.hasher.update(answers_json.as_bytes());
        self.hasher.update(b"\n");
        self.count += 1;
    }

    /// (responses, lowercase hex SHA-256).
    pub fn finish(self) -> (u64, String) {
        let bytes = self.hasher.finalize();
        (
            self.count,
            bytes.iter().map(|b| format!("{b:02x}")).collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn digest(rows: &[(&str, &str)]) -> (u64, String) {
        let mut d = ResponseSetDigest::new();
        for (id, json) in rows {
            d.add(id, json);
        }
        d.finish()
    }

    #[test]
    fn the_digest_is_sha256_of_the_lines() {
        // Known answers: SHA-256 of nothing, and `printf 'a\t{}\n' | sha256sum`.
        assert_eq!(
            digest(&[]),
            (
                0,
                "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855".into()
            )
        );
        assert_eq!(
            digest(&[("a", "{}")]).1,
            "32acc6d8908a02a87d23167bd2e003d95df258957db0856aaf76a816fbc6768d"
        );
    }

    #[test]
    fn any_change_changes_the_digest() {
        let base = digest(&[("a", r#"{"q":"5"}"#), ("b", r#"{"q":"4"}"#)]);
        assert_eq!(base.0, 2);
        assert_ne!(
            base,
            digest(&[("a", r#"{"q":"5"}"#), ("b", r#"{"q":"3"}"#)])
        );
        assert_ne!(base, digest(&[("a", r#"{"q":"5"}"#)]));
        assert_ne!(
            base,
            digest(&[("b", r#"{"q":"4"}"#), ("a", r#"{"q":"5"}"#)])
        );
    }
}
