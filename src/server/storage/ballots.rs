//! A secret ballot's own rows (docs/trust.md#the-secret-ballot): the receipts that answer
//! a retry, kept apart from the ballots; the ballots under a random rowid with the vote's
//! date for a time; the attendance (应到, 实到) and the paper count. Never stores a time
//! or an order of arrival beside a ballot.

use crate::domain::ballot::{Attendance, BallotSession};

use super::{Connection, Error, Pool};

/// Keep a submission id; `false` when it was kept before (a retry).
pub async fn insert_receipt(
    tx: &mut Connection,
    submission_id: &str,
    survey_id: &str,
) -> Result<bool, Error> {
    let first = sqlx::query(
        "INSERT INTO ballot_receipts (id, survey_id) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING",
    )
    .bind(submission_id)
    .bind(survey_id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    Ok(first == 1)
}

/// The survey a kept submission id was cast in.
pub async fn receipt_survey(tx: &mut Connection, submission_id: &str) -> Result<String, Error> {
    sqlx::query_scalar("SELECT survey_id FROM ballot_receipts WHERE id = $1")
        .bind(submission_id)
        .fetch_one(&mut *tx)
        .await
}

pub async fn delete_receipt(tx: &mut Connection, submission_id: &str) -> Result<(), Error> {
    sqlx::query("DELETE FROM ballot_receipts WHERE id = $1")
        .bind(submission_id)
        .execute(&mut *tx)
        .await?;
    Ok(())
}

/// Store a ballot under `rowid` and `id` (both drawn at random), dated `vote_day`, with
/// no channel.
pub async fn insert_ballot(
    tx: &mut Connection,
    rowid: i64,
    id: &str,
    survey_id: &str,
    answers_json: &str,
    vote_day: i64,
) -> Result<(), Error> {
    sqlx::query(
        "INSERT INTO responses (rowid, id, survey_id, answers, received_at, channel)          VALUES ($1, $2, $3, $4, $5, NULL)",
    )
    .bind(rowid)
    .bind(id)
    .bind(survey_id)
    .bind(answers_json)
    .bind(vote_day)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// A ballot's rows as its close leaves them on PostgreSQL, where each row carries the
/// transaction that wrote it (`xmin`) and sits where the table ended (`ctid`): the ballots,
/// their spent codes and their receipts are written again inside the close's transaction,
/// in an order that is not theirs (random rowids, hashes, random ids), so every one of
/// them carries the close's transaction. [`vacuum`] then frees the old rows.
pub async fn rewrite(tx: &mut Connection, survey_id: &str) -> Result<(), Error> {
    for (table, columns, order) in REWRITTEN {
        let again = format!("{table}_again");
        let statements = [
            format!(
                "CREATE TEMPORARY TABLE {again} ON COMMIT DROP AS \
                 SELECT {columns} FROM {table} WHERE survey_id = $1"
            ),
            format!("DELETE FROM {table} WHERE survey_id = $1"),
            format!(
                "INSERT INTO {table} ({columns}) SELECT {columns} FROM {again} ORDER BY {order}"
            ),
        ];
        for (n, sql) in statements.iter().enumerate() {
            let query = sqlx::query(sql);
            let query = if n < 2 { query.bind(survey_id) } else { query };
            query.execute(&mut *tx).await?;
        }
    }
    Ok(())
}

/// What [`rewrite`] writes again: table, columns, an order unrelated to arrival.
const REWRITTEN: [(&str, &str, &str); 3] = [
    (
        "responses",
        "rowid, id, survey_id, answers, received_at, channel",
        "rowid",
    ),
    (
        "access_codes",
        "survey_id, code_hash, spent, batch, revoked",
        "code_hash",
    ),
    ("ballot_receipts", "id, survey_id", "id"),
];

/// Free the rows [`rewrite`] replaced (PostgreSQL). A transaction older than the rewrite,
/// still open somewhere, keeps them until it ends (docs/scale.md).
pub async fn vacuum(pool: &Pool) -> Result<(), Error> {
    for (table, _, _) in REWRITTEN {
        sqlx::query(&format!("VACUUM {table}"))
            .execute(pool)
            .await?;
    }
    Ok(())
}

/// The attendance entered so far (none: zero).
pub async fn attendance(tx: &mut Connection, survey_id: &str) -> Result<Attendance, Error> {
    let attendance: Option<(i64, i64)> =
        sqlx::query_as("SELECT members, present FROM ballot_attendance WHERE survey_id = $1")
            .bind(survey_id)
            .fetch_optional(&mut *tx)
            .await?;
    Ok(attendance
        .map(|(members, present)| Attendance {
            members: members as u32,
            present: present as u32,
        })
        .unwrap_or_default())
}

/// One more paper ballot counted.
pub async fn add_paper_ballot(tx: &mut Connection, survey_id: &str) -> Result<(), Error> {
    sqlx::query("UPDATE ballot_attendance SET paper = paper + 1 WHERE survey_id = $1")
        .bind(survey_id)
        .execute(&mut *tx)
        .await?;
    Ok(())
}

/// A ballot's attendance and paper count (none entered: zero).
pub async fn session(pool: &Pool, survey_id: &str) -> Result<BallotSession, Error> {
    let row: Option<(i64, i64, i64)> = sqlx::query_as(
        "SELECT members, present, paper FROM ballot_attendance WHERE survey_id = $1",
    )
    .bind(survey_id)
    .fetch_optional(pool)
    .await?;
    Ok(row
        .map(|(members, present, paper)| BallotSession {
            attendance: Attendance {
                members: members as u32,
                present: present as u32,
            },
            paper_ballots: paper as u64,
        })
        .unwrap_or_default())
}

/// Enter 应到 and 实到.
pub async fn set_attendance(
    tx: &mut Connection,
    survey_id: &str,
    members: u32,
    present: u32,
    now: i64,
) -> Result<(), Error> {
    sqlx::query(
        "INSERT INTO ballot_attendance (survey_id, members, present, updated_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (survey_id) DO UPDATE SET members = excluded.members, present = excluded.present, updated_at = excluded.updated_at",
    )
    .bind(survey_id)
    .bind(members as i64)
    .bind(present as i64)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    Ok(())
}
