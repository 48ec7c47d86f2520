//! The staff dashboard's calls: results, waves, the ballot tally, the lifecycle, text review
//! and paper ballots, distribution (schedule, channels, codes), and accounts (admins).

use crate::app::common::api::{get, post_padded, query_value, read, send_json, ApiFailure};
use crate::domain::distribution::{
    ChannelInfo, CodeBatchInfo, CodeBatchIssued, CodeBatchRequest, NewChannel, RevokeCode, Revoked,
};
use crate::domain::results::{Breakdown, WaveComparison};
use crate::domain::schedule::Schedule;
use crate::domain::wire::{
    Account, AccountState, AttendanceInput, BallotView, NewPassword, NewUser, PasswordSet, Receipt,
    ResultsView, StaffSurvey, StaffUser, StatusChange, TextAnswer, TextDecision,
};

// ---- surveys, results and the ballot ----

pub async fn staff_surveys() -> Result<Vec<StaffSurvey>, ApiFailure> {
    get("/api/staff/surveys").await
}

pub async fn results(survey_id: &str, filter: &str) -> Result<ResultsView, ApiFailure> {
    get(&format!(
        "/api/staff/surveys/{survey_id}/results?filter={}",
        query_value(filter)
    ))
    .await
}

pub async fn breakdown(survey_id: &str, by: &str, filter: &str) -> Result<Breakdown, ApiFailure> {
    get(&format!(
        "/api/staff/surveys/{survey_id}/breakdown?by={}&filter={}",
        query_value(by),
        query_value(filter)
    ))
    .await
}

pub async fn waves(survey_id: &str) -> Result<WaveComparison, ApiFailure> {
    get(&format!("/api/staff/surveys/{survey_id}/waves")).await
}

pub async fn ballot(survey_id: &str) -> Result<BallotView, ApiFailure> {
    get(&format!("/api/staff/surveys/{survey_id}/ballot")).await
}

pub async fn set_attendance(
    survey_id: &str,
    attendance: &AttendanceInput,
) -> Result<AttendanceInput, ApiFailure> {
    send_json(
        "PUT",
        &format!("/api/staff/surveys/{survey_id}/attendance"),
        attendance,
    )
    .await
}

/// A status change, followed under `job` (see [`job_progress`]) when one is given.
pub async fn set_status(
    survey_id: &str,
    change: &StatusChange,
    job: Option<&str>,
) -> Result<crate::domain::wire::StatusChanged, ApiFailure> {
    let query = job.map(|id| format!("?job={id}")).unwrap_or_default();
    send_json(
        "POST",
        &format!("/api/staff/surveys/{survey_id}/status{query}"),
        change,
    )
    .await
}

/// How far a long task started with `?job=…` has got.
pub async fn job_progress(job: &str) -> Result<crate::domain::jobs::JobProgress, ApiFailure> {
    get(&format!("/api/staff/jobs/{job}")).await
}

/// The server-sent event stream that ticks when a survey's responses change.
pub fn events_url(survey_id: &str) -> String {
    format!("/api/staff/surveys/{survey_id}/events")
}

/// Any survey's audit chain, a draft's too (signed-in staff).
pub async fn staff_audit_chain(
    survey_id: &str,
) -> Result<Vec<crate::domain::audit::AuditEntry>, ApiFailure> {
    get(&format!("/api/staff/surveys/{survey_id}/audit")).await
}

// ---- publication: text review and paper ballots ----

/// Free-text answers with their review state (staff).
pub async fn text_answers(survey_id: &str) -> Result<Vec<TextAnswer>, ApiFailure> {
    get(&format!("/api/staff/surveys/{survey_id}/texts")).await
}

pub async fn review_texts(
    survey_id: &str,
    decisions: &[TextDecision],
) -> Result<serde_json::Value, ApiFailure> {
    send_json(
        "PUT",
        &format!("/api/staff/surveys/{survey_id}/texts"),
        &decisions,
    )
    .await
}

/// Enter one paper ballot (staff); retrying the same ballot stores it once.
pub async fn enter_paper_ballot(
    survey_id: &str,
    ballot: &crate::domain::wire::PaperBallot,
) -> Result<Receipt, ApiFailure> {
    let url = format!("/api/staff/surveys/{survey_id}/paper-ballots");
    let request = post_padded(&url, ballot)?;
    read(request).await
}

// ---- distribution ----

pub async fn set_schedule(survey_id: &str, schedule: &Schedule) -> Result<Schedule, ApiFailure> {
    send_json(
        "PUT",
        &format!("/api/staff/surveys/{survey_id}/schedule"),
        schedule,
    )
    .await
}

pub async fn channels(survey_id: &str) -> Result<Vec<ChannelInfo>, ApiFailure> {
    get(&format!("/api/staff/surveys/{survey_id}/channels")).await
}

pub async fn add_channel(survey_id: &str, channel: &NewChannel) -> Result<NewChannel, ApiFailure> {
    send_json(
        "POST",
        &format!("/api/staff/surveys/{survey_id}/channels"),
        channel,
    )
    .await
}

/// The QR code (SVG) of a survey's link or a channel's, for `<img>` and download.
pub fn qr_url(survey_id: &str, origin: &str, channel: &str) -> String {
    format!(
        "/api/staff/surveys/{survey_id}/qr.svg?origin={}&channel={}",
        query_value(origin),
        query_value(channel)
    )
}

/// A new batch of one-time codes: the only time they are ever shown.
pub async fn issue_codes(
    survey_id: &str,
    request: &CodeBatchRequest,
) -> Result<CodeBatchIssued, ApiFailure> {
    send_json(
        "POST",
        &format!("/api/staff/surveys/{survey_id}/code-batches"),
        request,
    )
    .await
}

pub async fn code_batches(survey_id: &str) -> Result<Vec<CodeBatchInfo>, ApiFailure> {
    get(&format!("/api/staff/surveys/{survey_id}/code-batches")).await
}

pub async fn revoke_batch(survey_id: &str, batch: u32) -> Result<Revoked, ApiFailure> {
    send_json(
        "POST",
        &format!("/api/staff/surveys/{survey_id}/code-batches/{batch}/revoke"),
        &serde_json::json!({}),
    )
    .await
}

pub async fn revoke_code(survey_id: &str, code: &str) -> Result<Revoked, ApiFailure> {
    send_json(
        "POST",
        &format!("/api/staff/surveys/{survey_id}/codes/revoke"),
        &RevokeCode { code: code.into() },
    )
    .await
}

// ---- accounts (admins) ----

/// Every staff account with its state and live sessions.
pub async fn accounts() -> Result<Vec<Account>, ApiFailure> {
    get("/api/staff/users").await
}

pub async fn add_account(user: &NewUser) -> Result<StaffUser, ApiFailure> {
    send_json("POST", "/api/staff/users", user).await
}

/// Disable (`true`) or enable an account; disabling ends its sessions at once.
pub async fn set_account_disabled(
    username: &str,
    disable: bool,
) -> Result<AccountState, ApiFailure> {
    let action = if disable { "disable" } else { "enable" };
    let url = format!("/api/staff/users/{}/{action}", query_value(username));
    send_json("POST", &url, &serde_json::json!({})).await
}

/// Set a password (`None`: the server generates one, returned this once); the account's
/// sessions end.
pub async fn set_account_password(
    username: &str,
    password: &NewPassword,
) -> Result<PasswordSet, ApiFailure> {
    let url = format!("/api/staff/users/{}/password", query_value(username));
    send_json("POST", &url, password).await
}
