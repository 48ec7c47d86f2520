//! Results for staff (every route needs a session): the figures with filters, breakdowns,
//! waves, the ballot tally with its verdicts, attendance, opening and closing, and a
//! server-sent event stream that ticks as responses arrive.

use std::convert::Infallible;
use std::time::Duration;

use axum::extract::{Path, Query, State};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::routing::{get, put};
use axum::{Json, Router};
use serde::Deserialize;
use tokio_stream::wrappers::WatchStream;
use tokio_stream::{Stream, StreamExt};

use crate::domain::ballot::{
    ballot_items, counts_visible, decide_table, item_histories, BallotOutcome, BallotProgress,
};
use crate::domain::results::query::{per_hour, QueryError};
use crate::domain::results::{
    breakdown, compare_waves, compute, Breakdown, Filter, SurveyResults, Tally, WaveComparison,
};
use crate::domain::wire::{
    AttendanceInput, BallotView, ChannelCount, ResultsView, Role, StaffSurvey,
};
use crate::domain::{ErrorCode, SurveyKind};

use crate::server::error::AppError;
use crate::server::http::auth::CurrentUser;
use crate::server::http::extract::JsonBody;
use crate::server::services::live::LiveSurvey;
use crate::server::services::store::StoredSurvey;
use crate::server::storage;
use crate::server::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/staff/surveys", get(list))
        .route("/staff/surveys/{id}/results", get(results))
        .route("/staff/surveys/{id}/breakdown", get(breakdown_of))
        .route("/staff/surveys/{id}/waves", get(waves))
        .route("/staff/surveys/{id}/ballot", get(ballot))
        .route("/staff/surveys/{id}/attendance", put(set_attendance))
        .route("/staff/surveys/{id}/events", get(events))
}

#[derive(Debug, Default, Deserialize)]
struct ResultsQuery {
    #[serde(default)]
    filter: String,
    #[serde(default)]
    by: String,
}

fn query_error(field: &str, error: QueryError) -> AppError {
    AppError::field_message(field, ErrorCode::InvalidChoice, error.message_zh())
}

fn find(
    state: &AppState,
    id: &str,
) -> Result<(std::sync::Arc<StoredSurvey>, std::sync::Arc<LiveSurvey>), AppError> {
    let stored = state.surveys.require(id)?;
    let live = state.live.ensure(&stored.survey);
    Ok((stored, live))
}

async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Json<Vec<StaffSurvey>>, AppError> {
    user.require(Role::Viewer)?;
    Ok(Json(
        state
            .surveys
            .all()
            .iter()
            .map(|s| StaffSurvey {
                id: s.survey.id.clone(),
                title: s.survey.title.clone(),
                kind: s.survey.kind,
                wave: s.survey.wave.clone(),
                series: s.survey.series.clone(),
                status: s.status,
                responses: state.live.responses(&s.survey.id),
            })
            .collect(),
    ))
}

fn results_of(
    stored: &StoredSurvey,
    live: &LiveSurvey,
    filter: &Filter,
) -> Result<ResultsView, AppError> {
    let table = live.read();
    if stored.ballot_sealed() {
        if !filter.to_query().is_empty() {
            return Err(AppError::Conflict("投票结束前不能筛选测评票"));
        }
        let mut results = compute(
            &stored.survey,
            &table.codebook,
            &Tally::new(&table.codebook),
        );
        results.responses = table.len() as u64;
        return Ok(ResultsView {
            status: stored.status,
            kind: stored.survey.kind,
            filter: String::new(),
            results,
            hourly: Vec::new(),
            channels: Vec::new(),
            target: stored.survey.target,
        });
    }
    let row_filter = filter
        .resolve(&table)
        .map_err(|e| query_error("filter", e))?;
    let tally = table.tally(&row_filter);
    let results = compute(&stored.survey, &table.codebook, &tally);
    let channels = table
        .channel_counts(&row_filter)
        .iter()
        .zip(table.channel_names())
        .filter(|(count, _)| **count > 0)
        .map(|(count, name)| ChannelCount {
            channel: name.clone(),
            responses: *count,
        })
        .collect();
    // Arrival times of a secret ballot could help tie a vote to a member: not shown.
    let hourly = if stored.survey.kind == SurveyKind::Ballot {
        Vec::new()
    } else {
        per_hour(&table.hourly(&row_filter))
    };
    Ok(ResultsView {
        status: stored.status,
        kind: stored.survey.kind,
        filter: filter.to_query(),
        results,
        hourly,
        channels,
        target: stored.survey.target,
    })
}

async fn results(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    Query(query): Query<ResultsQuery>,
) -> Result<Json<ResultsView>, AppError> {
    user.require(Role::Viewer)?;
    let (stored, live) = find(&state, &id)?;
    let filter = Filter::parse(&query.filter).map_err(|e| query_error("filter", e))?;
    Ok(Json(results_of(&stored, &live, &filter)?))
}

async fn breakdown_of(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    Query(query): Query<ResultsQuery>,
) -> Result<Json<Breakdown>, AppError> {
    user.require(Role::Viewer)?;
    let (stored, live) = find(&state, &id)?;
    if stored.ballot_sealed() {
        return Err(AppError::Conflict("投票结束前不显示测评票的分项结果"));
    }
    let filter = Filter::parse(&query.filter).map_err(|e| query_error("filter", e))?;
    if query.by.is_empty() {
        return Err(AppError::field("by", ErrorCode::Required));
    }
    let table = live.read();
    let result = breakdown(&stored.survey, &table, &query.by, &filter).map_err(|e| {
        let about_by = matches!(&e, QueryError::UnknownQuestion(q) | QueryError::NotGroupable(q) if *q == query.by);
        query_error(if about_by { "by" } else { "filter" }, e)
    })?;
    Ok(Json(result))
}

/// Every survey of the same series (the same survey in other years), oldest first.
async fn waves(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<WaveComparison>, AppError> {
    user.require(Role::Viewer)?;
    let (stored, _) = find(&state, &id)?;
    let series = stored.survey.series.clone();
    let mut all: Vec<SurveyResults> = Vec::new();
    for other in state.surveys.all() {
        let same = other.survey.id == stored.survey.id
            || (!series.is_empty() && other.survey.series == series);
        if same && !other.ballot_sealed() {
            let live = state.live.ensure(&other.survey);
            let table = live.read();
            all.push(compute(&other.survey, &table.codebook, table.total()));
        }
    }
    Ok(Json(compare_waves(&all)))
}

async fn outcome_of(state: &AppState, stored: &StoredSurvey) -> Result<BallotOutcome, AppError> {
    let live = state.live.ensure(&stored.survey);
    let session = storage::ballots::session(&state.pool, &stored.survey.id).await?;
    let table = live.read();
    Ok(decide_table(&stored.survey, &table, session))
}

async fn ballot(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<BallotView>, AppError> {
    user.require(Role::Viewer)?;
    let (stored, _) = find(&state, &id)?;
    if stored.survey.kind != SurveyKind::Ballot {
        return Err(AppError::NotABallot);
    }
    let session = storage::ballots::session(&state.pool, &id).await?;
    let received = state.live.responses(&id);
    let paper = session.paper_ballots.min(received);
    let progress = BallotProgress {
        attendance: session.attendance,
        electronic_ballots: received - paper,
        paper_ballots: paper,
    };
    let outcome = if !stored.ballot_sealed() {
        Some(outcome_of(&state, &stored).await?)
    } else {
        None
    };
    // Earlier rounds: follow `previous` links back.
    let mut rounds: Vec<BallotOutcome> = outcome.iter().cloned().collect();
    let mut previous = stored
        .survey
        .ballot
        .as_ref()
        .and_then(|b| b.previous.clone());
    while let Some(prev_id) = previous.take() {
        let Some(prev) = state.surveys.get(&prev_id) else {
            break;
        };
        if rounds.len() > 20 {
            break;
        }
        if !prev.ballot_sealed() {
            rounds.push(outcome_of(&state, &prev).await?);
        }
        previous = prev.survey.ballot.as_ref().and_then(|b| b.previous.clone());
    }
    Ok(Json(BallotView {
        survey_id: stored.survey.id.clone(),
        title: stored.survey.title.clone(),
        status: stored.status,
        items: ballot_items(&stored.survey),
        progress,
        outcome,
        history: item_histories(&rounds),
    }))
}

async fn set_attendance(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    JsonBody(input): JsonBody<AttendanceInput>,
) -> Result<Json<AttendanceInput>, AppError> {
    user.require(Role::Staff)?;
    // In turn with closing, so what the close freezes is what was entered last.
    let _turn = state.lifecycle_turn().await?;
    let (stored, live) = find(&state, &id)?;
    if stored.survey.kind != SurveyKind::Ballot {
        return Err(AppError::NotABallot);
    }
    if counts_visible(stored.status) {
        return Err(AppError::Conflict(
            "投票已结束：应到、实到人数已随测评票一起封存",
        ));
    }
    if input.members == 0 {
        return Err(AppError::field_message(
            "members",
            ErrorCode::Required,
            "请填写应到人数",
        ));
    }
    if input.present > input.members {
        return Err(AppError::field_message(
            "present",
            ErrorCode::AboveMax {
                max: input.members as f64,
            },
            "实到人数不能多于应到人数",
        ));
    }
    let _append = storage::audit::turn().await;
    let mut tx = storage::audit::begin(&state.pool).await?;
    let now = storage::now_millis();
    storage::ballots::set_attendance(&mut tx, &id, input.members, input.present, now).await?;
    let detail = serde_json::json!({"members": input.members, "present": input.present});
    storage::audit::append(&mut tx, &user.0.username, "attendance", Some(&id), detail).await?;
    tx.commit().await?;
    live.touch();
    Ok(Json(input))
}

/// `text/event-stream`: a `change` event whenever responses arrive or the survey changes,
/// at most four a second; the page then fetches what it shows.
async fn events(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, AppError> {
    user.require(Role::Viewer)?;
    let (_, live) = find(&state, &id)?;
    let client = crate::server::http::observe::LiveClient::start();
    let changes = WatchStream::new(live.subscribe())
        .throttle(Duration::from_millis(250))
        .map(Some);
    // The server stopping ends the stream; the browser reconnects to the next one.
    let stopping = WatchStream::from_changes(state.stopping.subscribe()).map(|_| None);
    let stream = changes
        .merge(stopping)
        .take_while(Option::is_some)
        .map(move |version| {
            // Held by the stream: counted until the browser goes away.
            let _ = &client;
            let version = version.unwrap_or_default();
            Ok(Event::default().event("change").data(version.to_string()))
        });
    Ok(Sse::new(stream).keep_alive(KeepAlive::default()))
}
