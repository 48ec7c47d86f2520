//! Storage: every SQL statement the server runs, and nothing else. Connecting and
//! migrations (`connect`), then one module per area, each a set of plain functions taking
//! the pool, a connection or a transaction. The rest of the server names the database only
//! through the aliases below.
//! Storage holds no rule of the domain and knows nothing of HTTP.

mod connect;

pub use connect::{
    connect, connect_writer, now_millis, reconnect_if_broken, DatabaseConfig, Dialect,
};

/// The database the server runs on: SQLite or PostgreSQL, chosen at start-up by the URL
/// ([`Dialect`]); the SQL is written once for both where it can be, with `$n` parameters.
pub type Db = sqlx::Any;
/// A pool of connections to [`Db`].
pub type Pool = sqlx::Pool<Db>;
/// One connection (the writer's own, or one taken from the pool).
pub type Connection = <Db as sqlx::Database>::Connection;
/// A transaction on [`Db`].
pub type Transaction<'c> = sqlx::Transaction<'c, Db>;
/// What a statement fails with.
pub type Error = sqlx::Error;

/// Anything a statement can run on: the pool, a connection or a transaction.
pub trait Executor<'e>: sqlx::Executor<'e, Database = Db> {}
impl<'e, T: sqlx::Executor<'e, Database = Db>> Executor<'e> for T {}

pub mod accounts;
pub mod audit;
pub mod backup;
pub mod ballots;
pub mod codes;
pub mod distribution;
pub mod publications;
pub mod responses;
pub mod snapshots;
pub mod surveys;
pub mod texts;

/// Begin a transaction that writes: on SQLite it holds the database's write lock from its
/// first statement (`BEGIN IMMEDIATE`), so what it reads is still so when it writes; on
/// PostgreSQL the writers that must not interleave take an advisory lock inside it
/// (`audit::append`, `responses::take_insert_turn`).
pub async fn begin_write(pool: &Pool) -> Result<Transaction<'static>, Error> {
    match Dialect::of(pool) {
        Dialect::Sqlite => pool.begin_with("BEGIN IMMEDIATE").await,
        Dialect::Postgres => pool.begin().await,
    }
}

/// The advisory locks several nodes on one PostgreSQL take turns with (docs/scale.md),
/// always in this order within a transaction: a transaction holding one never waits for
/// one listed above it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Turn {
    /// Status changes and what depends on them (`surveys::lifecycle_turn`).
    Lifecycle = 1,
    /// Inserting responses (`responses::take_insert_turn`): rowids in commit order.
    Insert = 2,
    /// The audit chain's head, and whatever else is read then written (`audit::begin`).
    Append = 3,
}

/// Hold `turn` until the transaction ends, on PostgreSQL, where several nodes write at
/// once; nothing on SQLite, where one writer at a time holds the database. The lock is
/// the schema's, so installations in two schemas of one database do not wait on each other.
async fn hold_turn(tx: &mut Connection, turn: Turn) -> Result<(), Error> {
    if Dialect::of_connection(tx) == Dialect::Postgres {
        // `pg_advisory_xact_lock` returns void, which the driver cannot read: count it.
        sqlx::query(
            "SELECT COUNT(*) FROM \
             (SELECT pg_advisory_xact_lock(hashtext(current_schema()), $1)) AS turn",
        )
        .bind(turn as i32)
        .execute(&mut *tx)
        .await?;
    }
    Ok(())
}

/// The `VALUES` list of a multi-row INSERT: `rows` tuples of `columns` numbered
/// parameters, `($1, $2), ($3, $4)`, as both databases read them.
fn values_list(rows: usize, columns: usize) -> String {
    use std::fmt::Write as _;
    let mut sql = String::with_capacity(rows * columns * 5);
    for row in 0..rows {
        sql.push_str(if row == 0 { "(" } else { ", (" });
        for column in 0..columns {
            let separator = if column == 0 { "" } else { ", " };
            let _ = write!(sql, "{separator}${}", row * columns + column + 1);
        }
        sql.push(')');
    }
    sql
}

/// Begin a transaction on a connection of one's own (the writer's).
pub async fn begin(conn: &mut Connection) -> Result<Transaction<'_>, Error> {
    sqlx::Connection::begin(conn).await
}

#[cfg(test)]
mod tests {
    #[test]
    fn values_lists_number_every_parameter_once() {
        let cases = [
            (1, 1, "($1)"),
            (1, 3, "($1, $2, $3)"),
            (2, 2, "($1, $2), ($3, $4)"),
            (3, 1, "($1), ($2), ($3)"),
        ];
        for (rows, columns, expected) in cases {
            assert_eq!(super::values_list(rows, columns), expected);
        }
    }
}
