//! In-process API tests: the real router and a fresh SQLite file per test.

mod support;

mod codes;
mod errors;
mod submit;
mod surveys;
