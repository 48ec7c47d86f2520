//! The JSON the browser and the server exchange, defined once for both.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::answer::Answers;
use super::survey::{Access, Survey, SurveyKind, SurveyStatus};
use super::validation::FieldError;

/// Largest accepted submission body, in bytes. The longest template answered in full with
/// every text box at its limit stays far below this.
pub const MAX_SUBMISSION_BYTES: usize = 64 * 1024;

/// A survey as listed on the home page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SurveySummary {
    pub id: String,
    pub title: String,
    pub organizer: String,
    pub kind: SurveyKind,
    pub access: Access,
    pub status: SurveyStatus,
    pub question_count: usize,
}

impl SurveySummary {
    pub fn of(survey: &Survey, status: SurveyStatus) -> Self {
        SurveySummary {
            id: survey.id.clone(),
            title: survey.title.clone(),
            organizer: survey.organizer.clone(),
            kind: survey.kind,
            access: survey.access,
            status,
            question_count: survey.question_count(),
        }
    }
}

/// `GET /api/surveys/{id}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SurveyDetail {
    pub status: SurveyStatus,
    pub survey: Survey,
}

/// `POST /api/surveys/{id}/responses`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Submission {
    /// Made by the browser when the respondent starts; a retry carries the same id, so a
    /// response is never counted twice.
    pub id: Uuid,
    pub answers: Answers,
    /// The one-time code, for surveys that need one. Spent on submit, never stored with
    /// the response.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// The distribution channel the link carried (e.g. a 乡镇), for counting responses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<String>,
}

/// What the respondent keeps as proof of submission.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Receipt {
    pub response_id: Uuid,
    pub survey_id: String,
    /// Milliseconds since the Unix epoch, when the server committed the response.
    pub received_at: i64,
    /// A short code derived from the response id, easy to read out over the phone.
    pub receipt_code: String,
}

impl Receipt {
    /// The short code shown on the receipt: the first 8 hex digits of the id, grouped.
    pub fn code_for(response_id: &Uuid) -> String {
        let hex = response_id.simple().to_string().to_uppercase();
        format!("{}-{}", &hex[0..4], &hex[4..8])
    }
}

/// Every error body the API sends.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApiError {
    /// Machine-readable, e.g. `validation`, `survey_closed`, `code_spent`.
    pub error: String,
    /// For people, in Chinese.
    pub message: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldError>,
}
