//! One-time codes: made at random, printed once, stored only as hashes
//! (`storage::codes`). Knows neither HTTP nor SQL.

use rand::Rng;
use sha2::{Digest, Sha256};

use crate::server::storage::{self, Pool};

/// Letters and digits that cannot be misread for one another (no 0/O, 1/I/L).
const ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
const CODE_LEN: usize = 8;

/// A fresh code such as `K7MP-4QXR`.
pub fn generate() -> String {
    let mut rng = rand::rngs::OsRng;
    let chars: String = (0..CODE_LEN)
        .map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char)
        .collect();
    format!("{}-{}", &chars[..4], &chars[4..])
}

/// The form a typed code is compared in: upper case, no spaces or dashes.
pub fn normalize(code: &str) -> String {
    code.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// What is stored: SHA-256 over the survey id and the normalized code.
pub fn hash(survey_id: &str, code: &str) -> Vec<u8> {
    let mut hasher = Sha256::new();
    hasher.update(survey_id.as_bytes());
    hasher.update(b":");
    hasher.update(normalize(code).as_bytes());
    hasher.finalize().to_vec()
}

/// Make a batch of `count` new codes for a survey, store their hashes, return the batch
/// number and the codes (shown once, never stored).
pub async fn issue(
    pool: &Pool,
    survey_id: &str,
    count: usize,
    label: &str,
    actor: &str,
) -> anyhow::Result<(u32, Vec<String>)> {
    // The batch and its audit entry (never a code) commit together.
    let _append = storage::audit::turn().await;
    let mut tx = storage::audit::begin(pool).await?;
    let now = storage::now_millis();
    let batch = storage::codes::insert_batch(&mut tx, survey_id, label, actor, now).await?;
    let mut codes = Vec::with_capacity(count);
    while codes.len() < count {
        let code = generate();
        if storage::codes::insert_code(&mut tx, survey_id, &hash(survey_id, &code), batch).await? {
            codes.push(code);
        }
    }
    let detail = serde_json::json!({"batch": batch, "count": count, "label": label});
    storage::audit::append(&mut tx, actor, "code_batch", Some(survey_id), detail).await?;
    tx.commit().await?;
    Ok((batch as u32, codes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_readable_and_normalize_to_the_same_hash() {
        let code = generate();
        assert_eq!(code.len(), 9);
        assert!(code
            .chars()
            .all(|c| c == '-' || ALPHABET.contains(&(c as u8))));
        let typed = format!(" {} ", code.to_lowercase().replace('-', " "));
        assert_eq!(hash("s", &typed), hash("s", &code));
        assert_ne!(hash("s", &code), hash("t", &code));
    }
}
