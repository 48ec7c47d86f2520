//! The audit log: every staff action, appended to a hash chain per survey (and one for
//! actions on no survey, such as signing in). Anyone holding a chain can check that no
//! entry was changed, removed from the middle, or reordered.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The `prev_hash` of a chain's first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The command line acting for an admin at the server.
pub const CLI_ACTOR: &str = "cli";
/// The server itself, closing a survey when its time window ends.
pub const SCHEDULE_ACTOR: &str = "schedule";

/// Names the audit chain gives the system's own actors: no staff account may take one,
/// or its actions could pass for the system's (compared without case).
pub fn is_system_actor(name: &str) -> bool {
    [CLI_ACTOR, SCHEDULE_ACTOR, "system", "server", "manyi"]
        .iter()
        .any(|reserved| name.eq_ignore_ascii_case(reserved))
}

/// One logged action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    /// 1, 2, 3 … within the chain.
    pub seq: u64,
    /// Milliseconds since the epoch.
    pub at: i64,
    /// The staff account, or a system actor ([`CLI_ACTOR`], [`SCHEDULE_ACTOR`]).
    pub actor: String,
    /// What was done, e.g. `open`, `close`, `attendance`, `code_batch`, `sign_in`.
    pub action: String,
    /// The survey acted on; `None` for the chain of actions on no survey.
    pub survey_id: Option<String>,
    /// Details as JSON text, e.g. `{"members":40,"present":31}`.
    pub detail: String,
    /// Hash of the previous entry ([`GENESIS`] for the first).
    pub prev_hash: String,
    /// SHA-256 of this entry's fields and `prev_hash`, hex.
    pub hash: String,
}

/// Where a chain stood at some moment: its last entry's sequence number and hash. A
/// publication carries the head its survey's chain had when it was published, so a copy
/// of the chain shown later can be checked to hold it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditHead {
    pub seq: u64,
    pub hash: String,
}

impl AuditHead {
    /// Does the chain hold this head, at its place?
    pub fn is_in(&self, chain: &[AuditEntry]) -> bool {
        chain
            .iter()
            .any(|e| e.seq == self.seq && e.hash == self.hash)
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The hash of an entry: SHA-256 over each field length-prefixed, so no choice of text
/// can make two different entries hash alike by shifting a separator.
pub fn entry_hash(
    seq: u64,
    at: i64,
    actor: &str,
    action: &str,
    survey_id: Option<&str>,
    detail: &str,
    prev_hash: &str,
) -> String {
    let mut hasher = Sha256::new();
    let seq = seq.to_string();
    let at = at.to_string();
    for field in [
        seq.as_str(),
        at.as_str(),
        actor,
        action,
        survey_id.unwrap_or(""),
        detail,
        prev_hash,
    ] {
        hasher.update((field.len() as u64).to_be_bytes());
        hasher.update(field.as_bytes());
    }
    hex(&hasher.finalize())
}

impl AuditEntry {
    /// The entry that follows `previous` (or starts a chain).
    pub fn next(
        previous: Option<&AuditEntry>,
        at: i64,
        actor: &str,
        action: &str,
        survey_id: Option<&str>,
        detail: &str,
    ) -> AuditEntry {
        let seq = previous.map_or(1, |p| p.seq + 1);
        let prev_hash = previous.map_or(GENESIS.to_string(), |p| p.hash.clone());
        AuditEntry {
            seq,
            at,
            actor: actor.to_string(),
            action: action.to_string(),
            survey_id: survey_id.map(str::to_string),
            detail: detail.to_string(),
            hash: entry_hash(seq, at, actor, action, survey_id, detail, &prev_hash),
            prev_hash,
        }
    }

    fn recomputed_hash(&self) -> String {
        entry_hash(
            self.seq,
            self.at,
            &self.actor,
            &self.action,
            self.survey_id.as_deref(),
            &self.detail,
            &self.prev_hash,
        )
    }
}

/// An action as the public reads it in the log (unnamed ones as logged).
pub fn action_label_zh(action: &str) -> &str {
    match action {
        "open" => "开放测评",
        "close" => "结束测评",
        "attendance" => "录入应到、实到人数",
        "code_batch" => "生成测评码",
        "survey_add" => "导入测评",
        "publish" => "公布结果",
        other => other,
    }
}

/// Where and why a chain does not hold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChainBreak {
    /// The position (0-based) of the first entry that fails.
    pub position: usize,
    pub seq: u64,
    pub reason: BreakReason,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BreakReason {
    /// The entry's content does not match its hash: it was changed.
    Altered,
    /// It does not follow the entry before it: one was removed, inserted or reordered.
    NotLinked,
    /// Its number is not the next one.
    OutOfSequence,
}

impl BreakReason {
    pub fn message_zh(self) -> &'static str {
        match self {
            BreakReason::Altered => "该条记录的内容与其哈希值不符，已被改动",
            BreakReason::NotLinked => "该条记录与上一条不衔接，记录被删除、插入或调换",
            BreakReason::OutOfSequence => "记录编号不连续",
        }
    }
}

/// Check a whole chain, oldest first.
pub fn verify_chain(entries: &[AuditEntry]) -> Result<(), ChainBreak> {
    let mut previous: Option<&AuditEntry> = None;
    for (position, entry) in entries.iter().enumerate() {
        let fail = |reason| ChainBreak {
            position,
            seq: entry.seq,
            reason,
        };
        let expected_seq = previous.map_or(1, |p| p.seq + 1);
        if entry.seq != expected_seq {
            return Err(fail(BreakReason::OutOfSequence));
        }
        let expected_prev = previous.map_or(GENESIS, |p| p.hash.as_str());
        if entry.prev_hash != expected_prev {
            return Err(fail(BreakReason::NotLinked));
        }
        if entry.recomputed_hash() != entry.hash {
            return Err(fail(BreakReason::Altered));
        }
        previous = Some(entry);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(n: usize) -> Vec<AuditEntry> {
        let mut entries: Vec<AuditEntry> = Vec::new();
        for i in 0..n {
            let next = AuditEntry::next(
                entries.last(),
                1_700_000_000_000 + i as i64,
                "wang",
                ["open", "attendance", "close", "publish"][i % 4],
                Some("shenji-2023"),
                &format!(r#"{{"step":{i}}}"#),
            );
            entries.push(next);
        }
        entries
    }

    #[test]
    fn an_untouched_chain_verifies() {
        assert_eq!(verify_chain(&chain(6)), Ok(()));
        assert_eq!(verify_chain(&[]), Ok(()));
        assert_eq!(chain(1)[0].prev_hash, GENESIS);
    }

    #[test]
    fn every_kind_of_tampering_is_found_at_its_place() {
        // (what is done, position reported, reason)
        type Tamper = fn(&mut Vec<AuditEntry>);
        let cases: [(&str, Tamper, usize, BreakReason); 6] = [
            (
                "detail changed",
                |c| c[3].detail = r#"{"step":99}"#.into(),
                3,
                BreakReason::Altered,
            ),
            (
                "actor changed",
                |c| c[0].actor = "li".into(),
                0,
                BreakReason::Altered,
            ),
            ("time changed", |c| c[5].at += 1, 5, BreakReason::Altered),
            (
                "entry removed",
                |c| {
                    c.remove(2);
                },
                2,
                BreakReason::OutOfSequence,
            ),
            (
                "two swapped",
                |c| c.swap(1, 2),
                1,
                BreakReason::OutOfSequence,
            ),
            (
                "entry removed and the rest renumbered",
                |c| {
                    c.remove(2);
                    for e in c.iter_mut().skip(2) {
                        e.seq -= 1;
                    }
                },
                2,
                BreakReason::NotLinked,
            ),
        ];
        for (what, tamper, position, reason) in cases {
            let mut entries = chain(6);
            tamper(&mut entries);
            let found = verify_chain(&entries).unwrap_err();
            assert_eq!((found.position, found.reason), (position, reason), "{what}");
        }
    }

    #[test]
    fn a_rehashed_forgery_still_breaks_the_link_after_it() {
        let mut entries = chain(4);
        entries[1].detail = "{}".into();
        entries[1].hash = entries[1].recomputed_hash();
        let found = verify_chain(&entries).unwrap_err();
        assert_eq!((found.position, found.reason), (2, BreakReason::NotLinked));
    }

    #[test]
    fn separators_cannot_be_shifted_between_fields() {
        let a = entry_hash(1, 0, "ab", "c", None, "", GENESIS);
        let b = entry_hash(1, 0, "a", "bc", None, "", GENESIS);
        assert_ne!(a, b);
    }
}
