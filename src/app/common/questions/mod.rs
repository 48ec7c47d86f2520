//! The question widgets, one per file: the respondent's form and the builder's phone
//! preview both show a question through [`QuestionField`].

mod choice_question;
mod dropdown_question;
mod field_error;
mod matrix_question;
mod multiple_choice_question;
mod nps_question;
mod number_question;
mod question_field;
mod radio_options;
mod scale_question;
mod text_question;

pub use question_field::QuestionField;

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

/// A number typed by the respondent: decimal digits with an optional sign, point and
/// exponent, as Rust's `f64` reads them, but read by the engine (`Number`), so the bundle
/// carries no float parser and its tables. `None` for anything else and for non-finite.
pub(crate) fn parse_number(text: &str) -> Option<f64> {
    let text = text.trim();
    let plain = text
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E'));
    if text.is_empty() || !plain || !text.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    // Unary plus, as `Number(text)`.
    let number = wasm_bindgen::JsValue::from_str(text).unchecked_into_f64();
    number.is_finite().then_some(number)
}
