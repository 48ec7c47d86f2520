//! The builder's calls: a new draft survey and saving an edited definition (reading one is
//! shared with the dashboard: `common::api::definition`).

use crate::app::common::api::{send_json, ApiFailure};
use crate::domain::distribution::DefinitionSaved;
use crate::domain::Survey;

/// A new draft survey.
pub async fn create_survey(survey: &Survey) -> Result<DefinitionSaved, ApiFailure> {
    send_json("POST", "/api/staff/surveys/new", survey).await
}

/// Save an edited definition; the answer names a new version if one was made.
pub async fn save_definition(survey: &Survey) -> Result<DefinitionSaved, ApiFailure> {
    send_json(
        "PUT",
        &format!("/api/staff/surveys/{}/definition", survey.id),
        survey,
    )
    .await
}
