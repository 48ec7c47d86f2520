//! The JSON the browser and the server exchange, defined once for both.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::answer::Answers;
use super::schedule::Schedule;
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
    /// When an open survey takes answers, if staff set a window.
    #[serde(default, skip_serializing_if = "Schedule::is_empty")]
    pub schedule: Schedule,
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

/// A ballot's request body is padded to a multiple of this many bytes.
pub const BALLOT_BODY_BLOCK: usize = 1024;

/// A secret ballot's request body: the JSON of `value` with a `pad` field of spaces that
/// brings it to a multiple of [`BALLOT_BODY_BLOCK`] bytes. Unpadded, its length — in a
/// proxy's log, or in the size of an encrypted record on the wire — would tell the marks
/// ("basic" is shorter than "unsatisfied", a blank item shorter still). The server ignores
/// the field.
pub fn padded_body<T: Serialize>(value: &T) -> String {
    pad_body(serde_json::to_string(value).expect("a request body serializes"))
}

/// [`padded_body`] of a body already written as JSON (the browser writes its own).
pub fn pad_body(mut body: String) -> String {
    if body.ends_with('}') {
        body.pop();
        let opening = if body.len() > 1 {
            ",\"pad\":\""
        } else {
            "\"pad\":\""
        };
        body.push_str(opening);
        // `"}` closes the field and the object.
        let unpadded = body.len() + 2;
        let padding = unpadded.div_ceil(BALLOT_BODY_BLOCK) * BALLOT_BODY_BLOCK - unpadded;
        body.extend(std::iter::repeat_n(' ', padding));
        body.push_str("\"}");
    }
    body
}

/// What the respondent keeps as proof of submission.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Receipt {
    pub response_id: Uuid,
    pub survey_id: String,
    /// Milliseconds since the Unix epoch, when the server committed the response. Never
    /// for a secret ballot: its arrival time is kept nowhere.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub received_at: Option<i64>,
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

/// Staff roles, weakest first: a viewer reads results, staff run evaluations, an admin
/// also manages accounts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Viewer,
    Staff,
    Admin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Staff => "staff",
            Role::Admin => "admin",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [Role::Viewer, Role::Staff, Role::Admin]
            .into_iter()
            .find(|r| r.as_str() == text)
    }
}

/// `POST /api/auth/login`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LoginRequest {
    pub username: String,
    pub password: String,
}

/// Who is signed in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StaffUser {
    pub username: String,
    pub role: Role,
}

/// `POST /api/staff/users` (admin).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewUser {
    pub username: String,
    pub password: String,
    pub role: Role,
}

/// `GET /api/staff/users` (admin): an account, whether it may sign in, and its sessions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Account {
    pub username: String,
    pub role: Role,
    /// When it was disabled (milliseconds since the epoch); `None` while it may sign in.
    pub disabled_at: Option<i64>,
    pub created_at: i64,
    pub last_sign_in_at: Option<i64>,
    /// Sessions still live under the server's idle and maximum-age limits.
    pub sessions: u64,
}

/// The answer to disabling or enabling an account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccountState {
    pub username: String,
    pub disabled: bool,
    /// Sessions the change ended (all of the account's, on disabling).
    pub sessions_ended: u64,
}

/// `POST /api/staff/users/{name}/password` (admin): the new password, or none to have the
/// server generate one.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct NewPassword {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
}

/// The answer to setting a password. A generated password is in it, shown this once.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PasswordSet {
    pub username: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generated: Option<String>,
    pub sessions_ended: u64,
}

/// A survey as staff list it: its state and how many responses it has.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StaffSurvey {
    pub id: String,
    pub title: String,
    pub kind: crate::domain::SurveyKind,
    pub wave: String,
    pub series: String,
    pub status: SurveyStatus,
    pub responses: u64,
}

/// Responses that came through one distribution channel ("" = the plain link).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChannelCount {
    pub channel: String,
    pub responses: u64,
}

/// `GET /api/staff/surveys/{id}/results`: every figure plus the progress of collection.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResultsView {
    pub status: SurveyStatus,
    pub kind: crate::domain::SurveyKind,
    /// The filter applied, in its text form ("" for none).
    pub filter: String,
    pub results: crate::domain::results::SurveyResults,
    pub hourly: Vec<crate::domain::results::query::PeriodCount>,
    pub channels: Vec<ChannelCount>,
    pub target: Option<u64>,
}

/// `GET /api/staff/surveys/{id}/ballot`: while the vote is open only how many ballots came
/// in; once closed the tally and the verdicts too. Always the history of earlier rounds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BallotView {
    pub survey_id: String,
    pub title: String,
    pub status: SurveyStatus,
    /// (id, label) of each item voted on, in ballot order.
    pub items: Vec<(String, String)>,
    pub progress: crate::domain::ballot::BallotProgress,
    /// `None` while the vote is open (`domain::ballot::counts_visible`).
    pub outcome: Option<crate::domain::ballot::BallotOutcome>,
    pub history: Vec<crate::domain::ballot::ItemHistory>,
}

/// `PUT /api/staff/surveys/{id}/attendance`: 应到 and 实到.
pub type AttendanceInput = crate::domain::ballot::Attendance;

/// `POST /api/staff/surveys/{id}/status`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatusChange {
    pub status: SurveyStatus,
}

/// The answer to a status change; closing reports the frozen response set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatusChanged {
    pub status: SurveyStatus,
    /// Responses frozen by closing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub responses: Option<u64>,
    /// SHA-256 of the frozen responses (see `domain::digest`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub digest: Option<String>,
}

/// A free-text answer for staff to review before anything of it is published.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TextAnswer {
    pub response_id: String,
    pub question: String,
    pub title: String,
    pub text: String,
    /// `None` until reviewed.
    pub approved: Option<bool>,
}

/// Staff's decision on one free-text answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TextDecision {
    pub response_id: String,
    pub question: String,
    pub approved: bool,
}

/// One paper ballot (纸质测评表) as staff enter it. `id` is made by the browser, so that a
/// retried entry is stored once.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PaperBallot {
    pub id: uuid::Uuid,
    /// Item id → grade id; an item left out is invalid on this ballot (blank or marked twice).
    pub marks: crate::domain::Answers,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_ballot_body_has_the_same_length_whatever_its_marks() {
        let id = Uuid::nil();
        let ballot = |marks: &[(&str, &str)]| {
            let answers: Answers = marks
                .iter()
                .map(|(q, g)| (q.to_string(), crate::domain::Answer::Text(g.to_string())))
                .collect();
            padded_body(&Submission {
                id,
                answers,
                code: Some("K7MP-4QXR".into()),
                channel: None,
            })
        };
        let bodies = [
            ballot(&[("report", "basic"), ("budget", "basic")]),
            ballot(&[("report", "unsatisfied"), ("budget", "satisfied")]),
            ballot(&[("report", "satisfied")]),
            ballot(&[]),
        ];
        for body in &bodies {
            assert_eq!(body.len(), BALLOT_BODY_BLOCK, "{body}");
            let back: Submission = serde_json::from_str(body).unwrap();
            assert_eq!(back.code.as_deref(), Some("K7MP-4QXR"));
        }
        let empty = padded_body(&serde_json::json!({}));
        assert_eq!(empty.len(), BALLOT_BODY_BLOCK);
        assert!(serde_json::from_str::<serde_json::Value>(&empty).is_ok());
    }
}
