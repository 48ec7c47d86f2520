//! Checking a publication without trusting the page that shows it: the survey's audit
//! chain, the chain's head named at publication, the digests, and every published figure
//! recomputed from the published records. `manyi verify` runs this on what it fetched;
//! anyone may run it on the three public files.

use serde_json::Value;

use super::audit::{verify_chain, AuditEntry};
use super::digest::{ballot_digest, sha256_hex};
use super::publication::{figures, public_table, push_record, PublicData, Publication};
use super::survey::SurveyKind;

/// One thing checked.
#[derive(Debug, Clone, PartialEq)]
pub struct Check {
    /// What was checked, in Chinese.
    pub what: String,
    pub passed: bool,
    /// What was found (the numbers compared), in Chinese.
    pub detail: String,
}

impl Check {
    fn new(what: &str, passed: bool, detail: impl Into<String>) -> Self {
        Check {
            what: what.to_string(),
            passed,
            detail: detail.into(),
        }
    }
}

/// Every check of one publication: `publication` is `/api/public/surveys/{id}`,
/// `data_json` the bytes of its `data.json`, `chain` its audit chain.
pub fn verify_publication(
    publication: &Publication,
    data_json: &[u8],
    chain: &[AuditEntry],
) -> Vec<Check> {
    let mut checks = vec![check_chain(publication, chain)];
    checks.push(match &publication.audit_head {
        Some(head) => Check::new(
            "公布时的记录链头仍在记录链中",
            head.is_in(chain),
            format!("第 {} 条，{}", head.seq, head.hash),
        ),
        None => Check::new("公布时的记录链头仍在记录链中", false, "公布结果未载明链头"),
    });
    let file_digest = sha256_hex(data_json);
    checks.push(Check::new(
        "公开数据文件（data.json）的 SHA-256 与公布的一致",
        file_digest == publication.data_digest,
        format!("计算得 {file_digest}，公布 {}", publication.data_digest),
    ));
    checks.extend(check_entries(publication, chain));
    match serde_json::from_slice::<PublicData>(data_json) {
        Ok(data) => checks.extend(check_data(publication, &data)),
        Err(error) => checks.push(Check::new(
            "公开数据文件可以读取",
            false,
            format!("不是有效的数据文件：{error}"),
        )),
    }
    checks
}

fn check_chain(publication: &Publication, chain: &[AuditEntry]) -> Check {
    let what = "操作记录链完整（每条的哈希与前后衔接都对）";
    let foreign = chain
        .iter()
        .any(|e| e.survey_id.as_deref() != Some(publication.survey_id.as_str()));
    match verify_chain(chain) {
        _ if chain.is_empty() => Check::new(what, false, "记录链为空"),
        _ if foreign => Check::new(what, false, "记录链中有别的测评的条目"),
        Ok(()) => Check::new(what, true, format!("共 {} 条", chain.len())),
        Err(broken) => Check::new(
            what,
            false,
            format!("第 {} 条：{}", broken.seq, broken.reason.message_zh()),
        ),
    }
}

/// The close and publish entries say what the publication says.
fn check_entries(publication: &Publication, chain: &[AuditEntry]) -> Vec<Check> {
    let detail_of = |action: &str| -> Option<Value> {
        let entry = chain.iter().rev().find(|e| e.action == action)?;
        serde_json::from_str(&entry.detail).ok()
    };
    let close = detail_of("close");
    let publish = detail_of("publish");
    let field = |detail: &Option<Value>, key: &str| {
        detail
            .as_ref()
            .and_then(|d| d.get(key).cloned())
            .unwrap_or(Value::Null)
    };
    vec![
        Check::new(
            "记录链中“结束”一条的冻结摘要与公布的一致",
            field(&close, "digest") == publication.frozen_digest.as_str()
                && field(&close, "responses") == publication.frozen_responses,
            format!(
                "记录 {} 份、{}；公布 {} 份、{}",
                field(&close, "responses"),
                field(&close, "digest"),
                publication.frozen_responses,
                publication.frozen_digest
            ),
        ),
        Check::new(
            "记录链中“公布结果”一条的两个摘要与公布的一致",
            field(&publish, "data_digest") == publication.data_digest.as_str()
                && field(&publish, "frozen_digest") == publication.frozen_digest.as_str(),
            format!("数据文件 {}", field(&publish, "data_digest")),
        ),
    ]
}

/// The records recompute the frozen digest (a ballot) and every published figure.
fn check_data(publication: &Publication, data: &PublicData) -> Vec<Check> {
    let header = &data.header;
    let mut checks = vec![Check::new(
        "数据文件的份数与冻结摘要与公布的一致",
        data.records.len() as u64 == publication.published_responses
            && header.frozen_digest == publication.frozen_digest
            && header.frozen_responses == publication.frozen_responses,
        format!(
            "数据文件 {} 份，公布 {} 份",
            data.records.len(),
            publication.published_responses
        ),
    )];
    let session = header.session.unwrap_or_default();
    if publication.kind == SurveyKind::Ballot {
        let ballots: Vec<_> = data.records.iter().map(|r| &r.answers).collect();
        let (_, digest) = ballot_digest(&header.survey, ballots, &session);
        checks.push(Check::new(
            "由公开的测评票和应到、实到人数重算的冻结摘要与结束时的一致",
            digest == publication.frozen_digest,
            format!("重算得 {digest}"),
        ));
    }
    let mut table = public_table(&header.survey);
    for record in &data.records {
        push_record(&mut table, record);
    }
    let again = figures(&header.survey, &table, session);
    let difference = json_difference(
        &as_json(&again.results),
        &as_json(&publication.results),
        "results",
    )
    .or_else(|| {
        json_difference(
            &as_json(&again.groups),
            &as_json(&publication.groups),
            "groups",
        )
    })
    .or_else(|| {
        json_difference(
            &as_json(&again.ballot),
            &as_json(&publication.ballot),
            "ballot",
        )
    })
    .or_else(|| {
        (publication.withheld && !data.records.is_empty())
            .then(|| "样本不足未公布，数据文件却有记录".to_string())
    });
    checks.push(Check::new(
        "每个公布的数字都能由公开数据重新算出",
        difference.is_none(),
        match difference {
            None => "指数、满意率、分组和计票结果全部一致".to_string(),
            Some(place) => format!("与重算不符：{place}"),
        },
    ));
    checks
}

/// The first place two JSON values differ, if any. Numbers within a billionth (relative)
/// count as equal: a figure written as decimal text and read back may differ in its last
/// bit.
pub fn json_difference(a: &Value, b: &Value, path: &str) -> Option<String> {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            let (x, y) = (x.as_f64()?, y.as_f64()?);
            ((x - y).abs() > 1e-9 * x.abs().max(1.0)).then(|| format!("{path}: {x} ≠ {y}"))
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => x
            .iter()
            .zip(y)
            .enumerate()
            .find_map(|(i, (x, y))| json_difference(x, y, &format!("{path}[{i}]"))),
        (Value::Object(x), Value::Object(y)) if x.len() == y.len() => {
            x.iter().find_map(|(k, v)| match y.get(k) {
                Some(w) => json_difference(v, w, &format!("{path}.{k}")),
                None => Some(format!("{path}.{k}: 缺少")),
            })
        }
        _ => (a != b).then(|| format!("{path}: {a} ≠ {b}")),
    }
}

/// A value as JSON, where "no figure" (NaN) is `null`: what the publication holds.
fn as_json<T: serde::Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}
