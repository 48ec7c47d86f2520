//! Reusable pieces of the respondent UI, one component per file (the question widgets are
//! in `common::questions`, shared with the builder's preview).

mod code_input;
mod progress_bar;
mod survey_form;
mod top_bar;

pub use progress_bar::ProgressBar;
pub use survey_form::SurveyForm;
pub use top_bar::TopBar;
