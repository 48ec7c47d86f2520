//! What the server does beyond answering one request: the group-commit writer, the
//! surveys held in memory, the live tally, closing (freezing) and publishing, the
//! lifecycle's transitions and the schedule that closes ended windows, the long tasks'
//! progress, one-time codes, and several nodes following each other (`nodes`). Services know neither HTTP nor SQL: they call `storage`.

pub mod accounts;
pub mod codes;
pub mod freeze;
pub mod jobs;
pub mod lifecycle;
pub mod live;
pub mod nodes;
pub mod publish;
pub mod schedule;
pub mod store;
pub mod writer;
