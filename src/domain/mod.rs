//! The survey model, validation and wire types. Pure Rust: no browser, server or database
//! imports, so that the browser and the server run exactly the same rules.

pub mod answer;
pub mod audit;
pub mod ballot;
pub mod calendar;
pub mod condition;
pub mod definition_check;
pub mod digest;
pub mod distribution;
pub mod export;
pub mod form_text;
pub mod jobs;
pub mod publication;
pub mod results;
pub mod sample;
pub mod schedule;
pub mod spreadsheet;
pub mod stats;
pub mod survey;
pub mod survey_edit;
mod tagged;
pub mod templates;
pub mod validation;
pub mod verify;
pub mod wire;

pub use answer::{Answer, Answers};
pub use condition::Condition;
pub use survey::{
    Access, Choice, Question, QuestionKind, Scale, Section, Survey, SurveyKind, SurveyStatus,
};
pub use validation::{validate, ErrorCode, FieldError};
