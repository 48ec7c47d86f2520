//! One-time codes: made at random, printed once, stored only as hashes.

use rand::Rng;
use sha2::{Digest, Sha256};
use sqlx::SqlitePool;

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
    pool: &SqlitePool,
    survey_id: &str,
    count: usize,
    label: &str,
    actor: &str,
) -> anyhow::Result<(u32, Vec<String>)> {
    // The batch and its audit entry (never a code) commit together.
    let _append = super::audit::turn().await;
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let batch: i64 = sqlx::query_scalar(
        "SELECT COALESCE(MAX(batch), 0) + 1 FROM code_batches WHERE survey_id = ?",
    )
    .bind(survey_id)
    .fetch_one(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO code_batches (survey_id, batch, label, created_by, created_at) VALUES (?, ?, ?, ?, ?)",
    )
    .bind(survey_id)
    .bind(batch)
    .bind(label)
    .bind(actor)
    .bind(super::db::now_millis())
    .execute(&mut *tx)
    .await?;
    let mut codes = Vec::with_capacity(count);
    while codes.len() < count {
        let code = generate();
        let added = sqlx::query(
            "INSERT OR IGNORE INTO access_codes (survey_id, code_hash, batch) VALUES (?, ?, ?)",
        )
        .bind(survey_id)
        .bind(hash(survey_id, &code))
        .bind(batch)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if added == 1 {
            codes.push(code);
        }
    }
    let detail = serde_json::json!({"batch": batch, "count": count, "label": label});
    super::audit::append_entry(&mut tx, actor, "code_batch", Some(survey_id), detail).await?;
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
