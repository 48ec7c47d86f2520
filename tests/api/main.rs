//! In-process API tests: the real router and a fresh SQLite file per test.

mod support;

mod accounts;
mod accounts_cli;
mod audit;
mod backup;
mod builder;
mod codes;
mod distribution;
mod errors;
mod export;
mod freeze;
mod jobs;
mod lifecycle;
mod observe;
mod paper;
mod publish;
mod publish_privacy;
mod rate_limit;
mod results_pages;
mod secrecy;
mod serving;
mod sessions;
mod spreadsheet;
mod staff;
mod startup;
mod submit;
mod surveys;
mod verify;
