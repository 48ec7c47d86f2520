//! Storage: every SQL statement the server runs, and nothing else. Connecting and
//! migrations (`connect`), then one module per area, each a set of plain functions taking
//! the pool, a connection or a transaction. The rest of the server names the database only
//! through the aliases below, so that a second database can be added in this one module.
//! Storage holds no rule of the domain and knows nothing of HTTP.

mod connect;

pub use connect::{connect, connect_writer, now_millis, DatabaseConfig};

/// The database the server runs on.
pub type Db = sqlx::Sqlite;
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

/// Begin a transaction on a connection of one's own (the writer's).
pub async fn begin(conn: &mut Connection) -> Result<Transaction<'_>, Error> {
    sqlx::Connection::begin(conn).await
}
