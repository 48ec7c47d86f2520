//! Staff exports of every response, streamed: CSV row by row as it is read, XLSX written in
//! constant-memory mode to an unnamed temporary file and then streamed. A million responses
//! never sit in memory at once. With `?job=…` the dashboard follows the rows read, the
//! workbook being assembled and the bytes sent (`jobs`).

use std::io::{Seek, SeekFrom};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use axum::body::{Body, Bytes};
use axum::extract::{Path, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_LENGTH, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use tokio::sync::mpsc;
use tokio_stream::wrappers::ReceiverStream;
use tokio_stream::{Stream, StreamExt};

use crate::domain::answer::Answers;
use crate::domain::export::{Cell, ExportLayout};
use crate::domain::jobs::JobStep;
use crate::domain::spreadsheet::csv_record;
use crate::domain::wire::Role;
use crate::domain::{Survey, SurveyKind};

use crate::server::error::AppError;
use crate::server::http::auth::CurrentUser;
use crate::server::http::jobs::JobParam;
use crate::server::services::jobs::{Job, JobCounter};
use crate::server::storage::responses::ExportRow;
use crate::server::storage::{self, Pool};
use crate::server::AppState;

/// A workbook's media type.
pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// Bytes gathered before a CSV chunk is sent.
pub(super) const CHUNK: usize = 64 * 1024;
/// Excel's limit is 1,048,576 rows; the header takes one.
const ROWS_PER_SHEET: u32 = 1_048_575;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/staff/surveys/{id}/export.csv",
            get(csv_export).head(not_for_head),
        )
        .route(
            "/staff/surveys/{id}/export.xlsx",
            get(xlsx_export).head(not_for_head),
        )
}

/// An export is work and an audit entry: a HEAD does not start one.
async fn not_for_head() -> axum::http::StatusCode {
    axum::http::StatusCode::METHOD_NOT_ALLOWED
}

/// Rows in export order: by arrival, or by id for a ballot (ids the server drew at random:
/// no order of arrival to read).
fn rows<'a>(
    pool: &'a Pool,
    survey: &'a Survey,
) -> impl tokio_stream::Stream<Item = Result<ExportRow, storage::Error>> + 'a {
    storage::responses::for_export(pool, &survey.id, survey.kind == SurveyKind::Ballot)
}

pub(super) fn attachment(
    survey_id: &str,
    extension: &str,
    content_type: &'static str,
    body: Body,
) -> Response {
    (
        [
            (CONTENT_TYPE, content_type.to_string()),
            (
                CONTENT_DISPOSITION,
                format!("attachment; filename=\"{survey_id}.{extension}\""),
            ),
        ],
        body,
    )
        .into_response()
}

/// Check and log the export; its job (when followed) then reads the rows. The job is
/// claimed first, so a refusal reaches the page that asked (the download cannot show it)
/// and a clash of job ids logs no export.
async fn prepare(
    state: &AppState,
    user: &CurrentUser,
    id: &str,
    format: &str,
    job: &JobParam,
) -> Result<(Arc<Survey>, Job), AppError> {
    let owner = &user.0.username;
    let job = state.jobs.start(job.id()?, owner, JobStep::Waiting)?;
    let checked = async {
        user.require(Role::Staff)?;
        let stored = state.surveys.require(id)?;
        if stored.ballot_sealed() {
            return Err(AppError::Conflict("投票结束前不能导出测评票"));
        }
        let rows = crate::server::services::freeze::stored_count(&state.pool, id).await?;
        let detail = serde_json::json!({"format": format});
        storage::audit::record(&state.pool, owner, "export", Some(id), detail).await?;
        Ok((Arc::new(stored.survey.clone()), rows))
    };
    match checked.await {
        Ok((survey, rows)) => {
            job.step(JobStep::Reading, Some(rows));
            Ok((survey, job))
        }
        Err(error) => {
            job.fail(&error.describe());
            Err(error)
        }
    }
}

async fn csv_export(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    job: JobParam,
) -> Result<Response, AppError> {
    let (survey, job) = prepare(&state, &user, &id, "csv", &job).await?;
    let (chunks, body) = mpsc::channel::<Result<Bytes, std::io::Error>>(8);
    let pool = state.pool.clone();
    let for_task = survey.clone();
    let rows_read = job.counter();
    tokio::spawn(async move {
        if let Err(error) = write_csv(&pool, &for_task, &chunks, &rows_read).await {
            tracing::error!("CSV export of {} failed: {error:#}", for_task.id);
            // The client sees a broken download, never a truncated file that looks whole.
            let _ = chunks
                .send(Err(std::io::Error::other("export failed")))
                .await;
        }
    });
    // The job ends with the body: finished when its last byte is handed on.
    let body = Followed::new(ReceiverStream::new(body), job, None);
    Ok(attachment(
        &id,
        "csv",
        "text/csv; charset=utf-8",
        Body::from_stream(body),
    ))
}

/// Write the file into `chunks`, counting rows on `rows_read`; stops early (and fine) when
/// the browser went away.
async fn write_csv(
    pool: &Pool,
    survey: &Survey,
    chunks: &mpsc::Sender<Result<Bytes, std::io::Error>>,
    rows_read: &JobCounter,
) -> anyhow::Result<()> {
    let layout = ExportLayout::new(survey);
    // A byte-order mark, so that Excel opens the Chinese text as UTF-8.
    let mut out = csv::Writer::from_writer("\u{feff}".as_bytes().to_vec());
    out.write_record(csv_record(&layout.headers))?;
    let mut stream = rows(pool, survey);
    while let Some(row) = stream.next().await {
        let (id, json, received_at, channel) = row?;
        let answers: Answers = serde_json::from_str(&json)?;
        let cells = layout.row(&id, received_at, channel.as_deref().unwrap_or(""), &answers);
        out.write_record(cells.iter().map(Cell::text))?;
        rows_read.advance(1);
        if out.get_ref().len() >= CHUNK {
            let full = std::mem::replace(
                &mut out,
                csv::Writer::from_writer(Vec::with_capacity(CHUNK)),
            )
            .into_inner()
            .map_err(|e| anyhow::anyhow!("{e}"))?;
            if chunks.send(Ok(Bytes::from(full))).await.is_err() {
                return Ok(());
            }
        }
    }
    out.flush()?;
    let rest = out.into_inner().map_err(|e| anyhow::anyhow!("{e}"))?;
    let _ = chunks.send(Ok(Bytes::from(rest))).await;
    Ok(())
}

async fn xlsx_export(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    job: JobParam,
) -> Result<Response, AppError> {
    let (survey, job) = prepare(&state, &user, &id, "xlsx", &job).await?;
    // Rows go from the database (async) to the workbook writer (blocking) through a small
    // bounded channel, so neither side runs ahead with a million rows.
    let (row_sender, row_receiver) = mpsc::channel::<Vec<Cell>>(1024);
    let layout = ExportLayout::new(&survey);
    let headers = layout.headers.clone();
    let writer = tokio::task::spawn_blocking(move || write_xlsx(&headers, row_receiver));
    let mut stream = rows(&state.pool, &survey);
    while let Some(row) = stream.next().await {
        let (rid, json, received_at, channel) = row?;
        let answers: Answers =
            serde_json::from_str(&json).map_err(|e| AppError::Internal(e.into()))?;
        let cells = layout.row(
            &rid,
            received_at,
            channel.as_deref().unwrap_or(""),
            &answers,
        );
        row_sender
            .send(cells)
            .await
            .map_err(|_| AppError::Internal(anyhow::anyhow!("the workbook writer stopped")))?;
        job.advance(1);
    }
    drop(row_sender);
    job.step(JobStep::Assembling, None);
    let file = writer.await.map_err(|e| AppError::Internal(e.into()))??;
    let length = file
        .metadata()
        .map_err(|e| AppError::Internal(e.into()))?
        .len();
    job.step(JobStep::Sending, Some(length));
    let bytes = tokio_util::io::ReaderStream::new(tokio::fs::File::from_std(file));
    let mut response = attachment(
        &id,
        "xlsx",
        XLSX,
        Body::from_stream(Followed::new(bytes, job, Some(length))),
    );
    // The browser's own download shows how far it is, too.
    response.headers_mut().insert(CONTENT_LENGTH, length.into());
    Ok(response)
}

/// Write the workbook to an unnamed temporary file (gone once closed) and rewind it.
pub(super) fn write_xlsx(
    headers: &[String],
    mut rows: mpsc::Receiver<Vec<Cell>>,
) -> Result<std::fs::File, AppError> {
    let fail = |e: rust_xlsxwriter::XlsxError| AppError::Internal(anyhow::anyhow!("xlsx: {e}"));
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let mut sheet_rows = 0u32;
    let mut sheets = 0;
    let mut sheet = new_sheet(&mut workbook, headers, &mut sheets).map_err(fail)?;
    while let Some(cells) = rows.blocking_recv() {
        if sheet_rows == ROWS_PER_SHEET {
            sheet = new_sheet(&mut workbook, headers, &mut sheets).map_err(fail)?;
            sheet_rows = 0;
        }
        sheet_rows += 1;
        for (col, cell) in cells.into_iter().enumerate() {
            let col = col as u16;
            match cell {
                Cell::Empty => {}
                Cell::Text(text) => {
                    workbook
                        .worksheet_from_index(sheet)
                        .map_err(fail)?
                        .write_string(sheet_rows, col, text)
                        .map_err(fail)?;
                }
                Cell::Number(n) => {
                    workbook
                        .worksheet_from_index(sheet)
                        .map_err(fail)?
                        .write_number(sheet_rows, col, n)
                        .map_err(fail)?;
                }
            }
        }
    }
    let mut file = tempfile::tempfile().map_err(|e| AppError::Internal(e.into()))?;
    workbook.save_to_writer(&mut file).map_err(fail)?;
    file.seek(SeekFrom::Start(0))
        .map_err(|e| AppError::Internal(e.into()))?;
    Ok(file)
}

fn new_sheet(
    workbook: &mut rust_xlsxwriter::Workbook,
    headers: &[String],
    sheets: &mut usize,
) -> Result<usize, rust_xlsxwriter::XlsxError> {
    let index = *sheets;
    *sheets += 1;
    let sheet = workbook.add_worksheet_with_constant_memory();
    sheet.set_name(format!("答卷{}", index + 1))?;
    for (col, header) in headers.iter().enumerate() {
        sheet.write_string(0, col as u16, header)?;
    }
    Ok(index)
}

/// A download's body that ends its job: finished with the last byte handed on (the
/// whole `length` when it is known, which the HTTP layer stops at without asking for
/// more), failed when the file breaks off or the browser goes away (the job is dropped).
/// With a known length, the bytes sent are the job's count.
struct Followed<S> {
    inner: S,
    job: Option<Job>,
    length: Option<u64>,
}

impl<S> Followed<S> {
    fn new(inner: S, job: Job, length: Option<u64>) -> Self {
        Followed {
            inner,
            job: Some(job),
            length,
        }
    }
}

impl<S: Stream<Item = std::io::Result<Bytes>> + Unpin> Stream for Followed<S> {
    type Item = std::io::Result<Bytes>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let next = Pin::new(&mut self.inner).poll_next(cx);
        let length = self.length;
        match &next {
            Poll::Ready(Some(Ok(bytes))) => {
                if let (Some(job), Some(length)) = (&self.job, length) {
                    job.advance(bytes.len() as u64);
                    if job.done() >= length {
                        self.job.take().expect("checked").finish();
                    }
                }
            }
            Poll::Ready(Some(Err(_))) => {
                if let Some(job) = self.job.take() {
                    job.fail("导出出错，文件不完整，请重新导出");
                }
            }
            Poll::Ready(None) => {
                if let Some(job) = self.job.take() {
                    job.finish();
                }
            }
            Poll::Pending => {}
        }
        next
    }
}
