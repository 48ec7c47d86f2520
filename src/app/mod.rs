//! The browser apps, one folder per audience: `respondent` (the survey form, its draft and
//! outbox in local storage — not a service worker: WeChat's browser must work too), `staff`
//! (the dashboard, the live tally, accounts), `builder` (the survey editor), and `common`
//! for what two or more of them share (the typed HTTP client's core, loading state, i18n,
//! the question widgets, the chart canvas, figure cards, the sign-in gate).

pub mod builder;
pub mod common;
pub mod respondent;
pub mod staff;
