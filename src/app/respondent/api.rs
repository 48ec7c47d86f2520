//! The respondent's call: sending a response (the definition comes inlined in the page).

use crate::app::common::api::{post_json, post_padded, read, ApiFailure};
use crate::domain::wire::{Receipt, Submission};

/// Submit a response; the same submission may be sent any number of times.
/// Send a response; a `secret` ballot's body is padded so its length tells nothing.
pub async fn submit(
    survey_id: &str,
    submission: &Submission,
    secret: bool,
) -> Result<Receipt, ApiFailure> {
    let url = format!("/api/surveys/{survey_id}/responses");
    let request = if secret {
        post_padded(&url, submission)
    } else {
        post_json(&url, submission)
    }?;
    read(request).await
}
