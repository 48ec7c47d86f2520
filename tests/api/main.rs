//! In-process API tests: the real router and a fresh SQLite file per test.

mod support;

mod codes;
mod errors;
mod serving;
mod submit;
mod surveys;
