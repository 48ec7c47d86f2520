//! Reusable pieces of the respondent UI, one component per file.

mod choice_question;
mod code_input;
mod dropdown_question;
mod field_error;
mod matrix_question;
mod multiple_choice_question;
mod nps_question;
mod number_question;
mod progress_bar;
mod question_field;
mod radio_options;
mod scale_question;
mod survey_form;
mod text_question;
mod top_bar;

pub use progress_bar::ProgressBar;
pub use question_field::QuestionField;
pub use survey_form::SurveyForm;
pub use top_bar::TopBar;

pub(crate) use field_error::FieldErrorText;

use super::i18n::Lang;
use crate::domain::FieldError;

/// The message of the first error, in the current language.
pub(crate) fn first_message(errors: &[FieldError], lang: Lang) -> Option<String> {
    errors.first().map(|e| match lang {
        Lang::Zh => e.error.message_zh(),
        Lang::En => e.error.message_en(),
    })
}
