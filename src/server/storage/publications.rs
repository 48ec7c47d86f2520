//! What closing and publishing write once: the closures (the frozen count and digest, a
//! ballot's session), the publications and their anonymised records. Nothing here is
//! ever updated; what may be published is decided by `services::publish`.

use crate::domain::ballot::{Attendance, BallotSession};

use super::{Connection, Error, Pool};

/// What a close froze.
#[derive(Debug, Clone)]
pub struct Frozen {
    pub responses: u64,
    pub digest: String,
    /// A ballot's attendance and paper count, covered by the digest.
    pub session: Option<BallotSession>,
}

/// Write the closure: what the close froze, the latest row being the frozen set.
pub async fn insert_closure(
    tx: &mut Connection,
    survey_id: &str,
    closed_at: i64,
    frozen: &Frozen,
) -> Result<(), Error> {
    let (members, present, paper) = match &frozen.session {
        Some(s) => (
            Some(s.attendance.members as i64),
            Some(s.attendance.present as i64),
            Some(s.paper_ballots as i64),
        ),
        None => (None, None, None),
    };
    sqlx::query(
        "INSERT INTO closures (survey_id, closed_at, responses, digest, members, present, paper) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(survey_id)
    .bind(closed_at)
    .bind(frozen.responses as i64)
    .bind(&frozen.digest)
    .bind(members)
    .bind(present)
    .bind(paper)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// The latest closure: when, and what it froze.
pub async fn latest_closure(pool: &Pool, survey_id: &str) -> Result<Option<(i64, Frozen)>, Error> {
    type Row = (i64, i64, String, Option<i64>, Option<i64>, Option<i64>);
    let row: Option<Row> = sqlx::query_as(
        "SELECT closed_at, responses, digest, members, present, paper FROM closures \
         WHERE survey_id = $1 ORDER BY closed_at DESC LIMIT 1",
    )
    .bind(survey_id)
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|(at, responses, digest, members, present, paper)| {
        let session = match (members, present, paper) {
            (Some(members), Some(present), Some(paper)) => Some(BallotSession {
                attendance: Attendance {
                    members: members as u32,
                    present: present as u32,
                },
                paper_ballots: paper as u64,
            }),
            _ => None,
        };
        (
            at,
            Frozen {
                responses: responses as u64,
                digest,
                session,
            },
        )
    }))
}

/// A stored publication, as the JSON it was written in.
pub async fn publication_json(pool: &Pool, survey_id: &str) -> Result<Option<String>, Error> {
    let row: Option<(String,)> =
        sqlx::query_as("SELECT publication FROM publications WHERE survey_id = $1")
            .bind(survey_id)
            .fetch_optional(pool)
            .await?;
    Ok(row.map(|(json,)| json))
}

/// Every publication's JSON, newest first.
pub async fn all_json(pool: &Pool) -> Result<Vec<String>, Error> {
    let rows: Vec<(String,)> =
        sqlx::query_as("SELECT publication FROM publications ORDER BY published_at DESC")
            .fetch_all(pool)
            .await?;
    Ok(rows.into_iter().map(|(json,)| json).collect())
}

/// The head of a publication's data.json (the records follow).
pub async fn data_head(pool: &Pool, survey_id: &str) -> Result<Option<String>, Error> {
    let row: Option<(String,)> =
        sqlx::query_as("SELECT data_head FROM publications WHERE survey_id = $1")
            .bind(survey_id)
            .fetch_optional(pool)
            .await?;
    Ok(row.map(|(head,)| head))
}

/// Up to `limit` published records after `after`, in published order, with their numbers.
pub async fn records_after(
    pool: &Pool,
    survey_id: &str,
    after: i64,
    limit: i64,
) -> Result<Vec<(i64, String)>, Error> {
    sqlx::query_as(
        "SELECT seq, record FROM public_records WHERE survey_id = $1 AND seq > $2 \
         ORDER BY seq LIMIT $3",
    )
    .bind(survey_id)
    .bind(after)
    .bind(limit)
    .fetch_all(pool)
    .await
}

/// Write records numbered from `first`, in one statement.
pub async fn insert_records(
    tx: &mut Connection,
    survey_id: &str,
    first: usize,
    lines: &[String],
) -> Result<(), Error> {
    let sql = format!(
        "INSERT INTO public_records (survey_id, seq, record) VALUES {}",
        super::values_list(lines.len(), 3)
    );
    let mut insert = sqlx::query(&sql);
    for (k, line) in lines.iter().enumerate() {
        insert = insert.bind(survey_id).bind((first + k) as i64).bind(line);
    }
    insert.execute(&mut *tx).await?;
    Ok(())
}

/// Write the publication itself.
pub async fn insert_publication(
    tx: &mut Connection,
    survey_id: &str,
    published_at: i64,
    publication_json: &str,
    data_head: &str,
    data_digest: &str,
) -> Result<(), Error> {
    sqlx::query(
        "INSERT INTO publications (survey_id, published_at, publication, data_head, data_digest) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(survey_id)
    .bind(published_at)
    .bind(publication_json)
    .bind(data_head)
    .bind(data_digest)
    .execute(&mut *tx)
    .await?;
    Ok(())
}
