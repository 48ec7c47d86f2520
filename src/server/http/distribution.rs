//! Getting a survey to people: named channels with their own links and QR codes, and
//! batches of one-time codes (printed once, stored as hashes) that staff can revoke.

use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{Json, Router};
use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};
use serde::Deserialize;

use crate::domain::distribution::{
    is_channel_id, is_origin, survey_link, ChannelInfo, CodeBatchInfo, CodeBatchIssued,
    CodeBatchRequest, IssuedCode, NewChannel, RevokeCode, Revoked, MAX_BATCH,
};
use crate::domain::publication::PAPER_CHANNEL;
use crate::domain::results::table::RowFilter;
use crate::domain::spreadsheet::csv_record;
use crate::domain::wire::Role;
use crate::domain::{Access, ErrorCode, SurveyKind, SurveyStatus};

use crate::server::error::AppError;
use crate::server::http::auth::CurrentUser;
use crate::server::http::extract::JsonBody;
use crate::server::services::codes;
use crate::server::storage::{self, now_millis};
use crate::server::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/staff/surveys/{id}/channels",
            get(channels).post(add_channel),
        )
        .route("/staff/surveys/{id}/qr.svg", get(qr))
        .route(
            "/staff/surveys/{id}/code-batches",
            get(batches).post(issue_batch),
        )
        .route(
            "/staff/surveys/{id}/code-batches/{batch}/revoke",
            post(revoke_batch),
        )
        .route("/staff/surveys/{id}/codes/revoke", post(revoke_code))
}

/// What links point to: the configured public origin, else the one the staff page sent.
fn link_origin<'a>(state: &'a AppState, asked: &'a str) -> Result<&'a str, AppError> {
    if let Some(public) = &state.public_origin {
        return Ok(public);
    }
    if !is_origin(asked) {
        return Err(invalid("origin", "链接地址应为 http(s)://域名"));
    }
    Ok(asked)
}

fn invalid(field: &str, message: impl Into<String>) -> AppError {
    AppError::field_message(field, ErrorCode::InvalidDefinition, message)
}

/// A QR code as SVG, sized for print (error correction M survives a crease or a smudge).
fn qr_svg(text: &str) -> Result<String, AppError> {
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M)
        .map_err(|e| AppError::Internal(anyhow::anyhow!("QR code: {e}")))?;
    Ok(code
        .render::<svg::Color>()
        .min_dimensions(160, 160)
        .quiet_zone(true)
        .build())
}

/// Named channels with their responses, then any channel seen in answers but never named.
async fn channels(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<Vec<ChannelInfo>>, AppError> {
    user.require(Role::Viewer)?;
    let stored = state.surveys.require(&id)?;
    let named = storage::distribution::channels(&state.pool, &id).await?;
    let live = state.live.ensure(&stored.survey);
    let table = live.read();
    let counts = table.channel_counts(&RowFilter::default());
    let count_of = |channel: &str| {
        table
            .channel_names()
            .iter()
            .position(|n| n == channel)
            .map_or(0, |i| counts[i])
    };
    let mut list: Vec<ChannelInfo> = named
        .iter()
        .map(|(channel, label)| ChannelInfo {
            id: channel.clone(),
            label: label.clone(),
            responses: count_of(channel),
        })
        .collect();
    for (i, name) in table.channel_names().iter().enumerate() {
        let unnamed = !name.is_empty() && !named.iter().any(|(n, _)| n == name);
        if unnamed && counts[i] > 0 {
            list.push(ChannelInfo {
                id: name.clone(),
                label: name.clone(),
                responses: counts[i],
            });
        }
    }
    Ok(Json(list))
}

async fn add_channel(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    JsonBody(channel): JsonBody<NewChannel>,
) -> Result<(StatusCode, Json<NewChannel>), AppError> {
    user.require(Role::Staff)?;
    if state.surveys.require(&id)?.survey.kind == SurveyKind::Ballot {
        // A per-member link would tag the ballot with its voter.
        return Err(AppError::Conflict(
            "测评票不设渠道：每位组成人员凭一次性测评码投票",
        ));
    }
    if !is_channel_id(&channel.id) || channel.id == PAPER_CHANNEL {
        return Err(invalid(
            "id",
            "渠道编号只能由小写字母、数字、“-”和“_”组成（最多 32 个），且不能是 paper",
        ));
    }
    let label = channel.label.trim().to_string();
    if label.is_empty() || label.chars().count() > 40 {
        return Err(invalid("label", "请填写渠道名称（最多 40 个字）"));
    }
    let _append = storage::audit::turn().await;
    let mut tx = storage::audit::begin(&state.pool).await?;
    let now = now_millis();
    if !storage::distribution::add_channel(&mut tx, &id, &channel.id, &label, now).await? {
        return Err(invalid("id", format!("渠道编号“{}”已存在", channel.id)));
    }
    let detail = serde_json::json!({"channel": channel.id, "label": label});
    storage::audit::append(&mut tx, &user.0.username, "channel", Some(&id), detail).await?;
    tx.commit().await?;
    Ok((
        StatusCode::CREATED,
        Json(NewChannel {
            id: channel.id,
            label,
        }),
    ))
}

#[derive(Debug, Deserialize)]
struct QrQuery {
    origin: String,
    #[serde(default)]
    channel: String,
}

/// The QR code of the survey's link (or a channel's), to print or put on a slide.
async fn qr(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    Query(query): Query<QrQuery>,
) -> Result<impl IntoResponse, AppError> {
    user.require(Role::Viewer)?;
    state.surveys.require(&id)?;
    let origin = link_origin(&state, &query.origin)?;
    if !query.channel.is_empty() && !is_channel_id(&query.channel) {
        return Err(invalid("channel", "渠道编号不正确"));
    }
    let link = survey_link(origin, &id, Some(&query.channel), None);
    let name = if query.channel.is_empty() {
        format!("{id}-qr.svg")
    } else {
        format!("{id}-{}-qr.svg", query.channel)
    };
    Ok((
        [
            (header::CONTENT_TYPE, "image/svg+xml".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("inline; filename=\"{name}\""),
            ),
        ],
        qr_svg(&link)?,
    ))
}

async fn issue_batch(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    JsonBody(request): JsonBody<CodeBatchRequest>,
) -> Result<(StatusCode, Json<CodeBatchIssued>), AppError> {
    user.require(Role::Staff)?;
    let stored = state.surveys.require(&id)?;
    if stored.survey.access != Access::OneTimeCode {
        return Err(AppError::Conflict("这项测评凭链接填写，不需要测评码"));
    }
    if matches!(
        stored.status,
        SurveyStatus::Closed | SurveyStatus::Published
    ) {
        return Err(AppError::Conflict("测评已结束，不能再生成测评码"));
    }
    if request.count == 0 || request.count > MAX_BATCH {
        return Err(AppError::field_message(
            "count",
            ErrorCode::OutOfRange {
                min: 1.0,
                max: MAX_BATCH as f64,
            },
            format!("每批可生成 1 到 {MAX_BATCH} 个测评码"),
        ));
    }
    let origin = link_origin(&state, &request.origin)?.to_string();
    let label = request.label.trim().to_string();
    if label.chars().count() > 60 {
        return Err(invalid("label", "批次说明最多 60 个字"));
    }
    let (batch, issued) = codes::issue(
        &state.pool,
        &id,
        request.count as usize,
        &label,
        &user.0.username,
    )
    .await?;
    let mut csv = csv::Writer::from_writer(Vec::from("\u{feff}".as_bytes()));
    let mut codes = Vec::with_capacity(issued.len());
    csv.write_record(csv_record(&["序号", "测评码", "链接"]))
        .map_err(|e| AppError::Internal(e.into()))?;
    for (i, code) in issued.into_iter().enumerate() {
        let link = survey_link(&origin, &id, None, Some(&code));
        let serial = (i + 1).to_string();
        csv.write_record(csv_record(&[&serial, &code, &link]))
            .map_err(|e| AppError::Internal(e.into()))?;
        codes.push(IssuedCode {
            qr_svg: qr_svg(&link)?,
            code,
            link,
        });
    }
    let csv = String::from_utf8(csv.into_inner().map_err(|e| AppError::Internal(e.into()))?)
        .map_err(|e| AppError::Internal(e.into()))?;
    Ok((
        StatusCode::CREATED,
        Json(CodeBatchIssued {
            batch,
            label,
            codes,
            csv,
        }),
    ))
}

async fn batches(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<Vec<CodeBatchInfo>>, AppError> {
    user.require(Role::Viewer)?;
    let sealed = state.surveys.require(&id)?.ballot_sealed();
    let rows = storage::codes::batches(&state.pool, &id).await?;
    Ok(Json(
        rows.into_iter()
            .map(
                |(batch, label, created_by, created_at, count, spent, revoked)| CodeBatchInfo {
                    batch: batch as u32,
                    label,
                    count: count as u64,
                    spent: (!sealed).then_some(spent as u64),
                    revoked: (!sealed).then_some(revoked as u64),
                    created_at,
                    created_by,
                },
            )
            .collect(),
    ))
}

/// Revoke the unused codes of one batch or the one code with `code_hash`, and log how many
/// (never which code).
async fn revoke(
    state: &AppState,
    user: &CurrentUser,
    survey_id: &str,
    batch: Option<u32>,
    code_hash: Option<&[u8]>,
    sealed: bool,
) -> Result<u64, AppError> {
    // While a ballot is open, used codes are revoked too (harmlessly: their ballots stay
    // counted), so that the answer never tells which or how many were used.
    let _append = storage::audit::turn().await;
    let mut tx = storage::audit::begin(&state.pool).await?;
    let revoked = storage::codes::revoke(&mut tx, survey_id, batch, code_hash, sealed).await?;
    let detail = serde_json::json!({"batch": batch, "revoked": revoked});
    storage::audit::append(
        &mut tx,
        &user.0.username,
        "code_revoke",
        Some(survey_id),
        detail,
    )
    .await?;
    tx.commit().await?;
    Ok(revoked)
}

/// Revoke every code of a batch not used yet (a sheet lost or handed to the wrong meeting).
async fn revoke_batch(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, batch)): Path<(String, u32)>,
) -> Result<Json<Revoked>, AppError> {
    user.require(Role::Staff)?;
    let sealed = state.surveys.require(&id)?.ballot_sealed();
    if !storage::codes::batch_exists(&state.pool, &id, batch).await? {
        return Err(AppError::CodeBatchNotFound);
    }
    let revoked = revoke(&state, &user, &id, Some(batch), None, sealed).await?;
    Ok(Json(Revoked { revoked }))
}

/// Revoke one code (a lost slip). A used code cannot be revoked once the vote is over (its
/// answer is counted); while a ballot is open the answer is the same whether it was used.
async fn revoke_code(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    JsonBody(request): JsonBody<RevokeCode>,
) -> Result<Json<Revoked>, AppError> {
    user.require(Role::Staff)?;
    let sealed = state.surveys.require(&id)?.ballot_sealed();
    let hash = codes::hash(&id, &request.code);
    let row = storage::codes::state(&state.pool, &id, &hash).await?;
    let revoked = match row {
        None => return Err(invalid("code", "没有这个测评码，请核对")),
        // Revoked before: nothing more to do.
        Some((_, 1)) => 0,
        Some((1, _)) if !sealed => return Err(AppError::Conflict("该测评码已经使用，不能作废")),
        Some(_) => revoke(&state, &user, &id, None, Some(&hash), sealed).await?,
    };
    Ok(Json(Revoked { revoked }))
}
