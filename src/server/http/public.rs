//! The published results, for anyone (no sign-in): the page's figures, the data they are
//! computed from (JSON, CSV), the figures as tables (CSV, XLSX) and each chart as SVG.
//! Everything is read from what was written once at publication.

use axum::body::{Body, Bytes};
use axum::extract::{Path, State};
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use tokio::sync::mpsc;
use tokio_stream::wrappers::ReceiverStream;

use crate::charts::{
    ballot_tally, dimension_ranking, group_breakdown, question_chart, question_chart_height, size,
    to_svg, ChartStyle, GroupBar, SvgError,
};
use crate::domain::export::{Cell, ExportLayout};
use crate::domain::publication::{
    figure_rows, PublicDataHeader, PublicRecord, Publication, PublishedSummary, DATA_TAIL,
    FIGURE_HEADERS,
};
use crate::domain::spreadsheet::csv_record;

use crate::server::error::AppError;
use crate::server::http::export::{attachment, write_xlsx, CHUNK, XLSX};
use crate::server::storage::{self, Pool};
use crate::server::AppState;

/// Charts are drawn this wide; they scale down on a phone.
const CHART_WIDTH: u32 = 760;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/public/surveys", get(list))
        .route("/public/surveys/{id}", get(publication))
        .route("/public/surveys/{id}/data.json", get(data_json))
        .route("/public/surveys/{id}/data.csv", get(data_csv))
        .route("/public/surveys/{id}/figures.csv", get(figures_csv))
        .route("/public/surveys/{id}/figures.xlsx", get(figures_xlsx))
        .route("/public/surveys/{id}/charts/{chart}", get(chart))
}

async fn list(State(state): State<AppState>) -> Result<Json<Vec<PublishedSummary>>, AppError> {
    Ok(Json(summaries(&state.pool).await?))
}

/// Every published survey, newest first.
pub(super) async fn summaries(pool: &Pool) -> Result<Vec<PublishedSummary>, AppError> {
    let rows = storage::publications::all_json(pool).await?;
    let mut summaries = Vec::with_capacity(rows.len());
    for json in rows {
        let p: Publication =
            serde_json::from_str(&json).map_err(|e| AppError::Internal(e.into()))?;
        summaries.push(p.summary());
    }
    Ok(summaries)
}

async fn stored(pool: &Pool, id: &str) -> Result<Publication, AppError> {
    crate::server::services::publish::load(pool, id)
        .await?
        .ok_or(AppError::PublicationNotFound)
}

async fn publication(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let json = storage::publications::publication_json(&state.pool, &id)
        .await?
        .ok_or(AppError::PublicationNotFound)?;
    Ok(([(CONTENT_TYPE, "application/json")], json).into_response())
}

/// The head of data.json (the records follow).
async fn data_head(pool: &Pool, id: &str) -> Result<String, AppError> {
    storage::publications::data_head(pool, id)
        .await?
        .ok_or(AppError::PublicationNotFound)
}

type Chunks = mpsc::Sender<Result<Bytes, std::io::Error>>;

/// Records read per query.
const PAGE: i64 = 500;

/// Stream the stored records in published order into `write`, `CHUNK` bytes at a time.
/// Read a page at a time, each read finished before the client is waited on: a slow (or
/// stalled) download holds no read transaction open, which would keep the write-ahead log
/// from being emptied when a ballot closes (docs/trust.md). Published records never change,
/// so the pages add up to one consistent file.
fn stream_records(
    pool: Pool,
    id: String,
    start: Vec<u8>,
    mut write: impl FnMut(&mut Vec<u8>, usize, &str) -> anyhow::Result<()> + Send + 'static,
    end: Vec<u8>,
) -> Body {
    let (chunks, body): (Chunks, _) = mpsc::channel(8);
    tokio::spawn(async move {
        let result: anyhow::Result<()> = async {
            let mut out = start;
            let mut k = 0;
            let mut after = -1i64;
            loop {
                let page = storage::publications::records_after(&pool, &id, after, PAGE).await?;
                let Some(last) = page.last() else { break };
                after = last.0;
                for (_, record) in &page {
                    write(&mut out, k, record)?;
                    k += 1;
                    if out.len() >= CHUNK {
                        let full = std::mem::replace(&mut out, Vec::with_capacity(CHUNK));
                        if chunks.send(Ok(Bytes::from(full))).await.is_err() {
                            return Ok(());
                        }
                    }
                }
            }
            out.extend_from_slice(&end);
            let _ = chunks.send(Ok(Bytes::from(out))).await;
            Ok(())
        }
        .await;
        if let Err(error) = result {
            tracing::error!("public download of {id} failed: {error:#}");
            let _ = chunks
                .send(Err(std::io::Error::other("download failed")))
                .await;
        }
    });
    Body::from_stream(ReceiverStream::new(body))
}

/// data.json byte for byte as digested at publication: head, records joined by commas, tail.
async fn data_json(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let head = data_head(&state.pool, &id).await?;
    let body = stream_records(
        state.pool.clone(),
        id.clone(),
        head.into_bytes(),
        |out, k, record| {
            if k > 0 {
                out.push(b',');
            }
            out.extend_from_slice(record.as_bytes());
            Ok(())
        },
        DATA_TAIL.as_bytes().to_vec(),
    );
    Ok(attachment(
        &format!("{id}-data"),
        "json",
        "application/json",
        body,
    ))
}

/// The same records as a table of labels (UTF-8 with a BOM, for Excel).
async fn data_csv(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let head = data_head(&state.pool, &id).await?;
    let header_json = format!("{}{DATA_TAIL}", head);
    let parsed: crate::domain::publication::PublicData =
        serde_json::from_str(&header_json).map_err(|e| AppError::Internal(e.into()))?;
    let header: PublicDataHeader = parsed.header;
    let layout = ExportLayout::published(&header.survey);
    let mut start = csv::Writer::from_writer("\u{feff}".as_bytes().to_vec());
    start
        .write_record(csv_record(&layout.headers))
        .map_err(|e| AppError::Internal(e.into()))?;
    let start = start
        .into_inner()
        .map_err(|e| AppError::Internal(anyhow::anyhow!("{e}")))?;
    let body = stream_records(
        state.pool.clone(),
        id.clone(),
        start,
        move |out, _, record| {
            let record: PublicRecord = serde_json::from_str(record)?;
            let mut row = csv::Writer::from_writer(Vec::new());
            row.write_record(layout.published_row(&record).iter().map(Cell::text))?;
            out.extend_from_slice(&row.into_inner().map_err(|e| anyhow::anyhow!("{e}"))?);
            Ok(())
        },
        Vec::new(),
    );
    Ok(attachment(
        &format!("{id}-data"),
        "csv",
        "text/csv; charset=utf-8",
        body,
    ))
}

async fn figures_csv(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let p = stored(&state.pool, &id).await?;
    let mut out = csv::Writer::from_writer("\u{feff}".as_bytes().to_vec());
    let fail = |e: csv::Error| AppError::Internal(e.into());
    out.write_record(csv_record(&FIGURE_HEADERS))
        .map_err(fail)?;
    for row in figure_rows(&p) {
        out.write_record(csv_record(&row.cells())).map_err(fail)?;
    }
    let bytes = out
        .into_inner()
        .map_err(|e| AppError::Internal(anyhow::anyhow!("{e}")))?;
    Ok(attachment(
        &format!("{id}-figures"),
        "csv",
        "text/csv; charset=utf-8",
        Body::from(bytes),
    ))
}

async fn figures_xlsx(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let p = stored(&state.pool, &id).await?;
    let headers: Vec<String> = FIGURE_HEADERS.iter().map(|h| h.to_string()).collect();
    let (rows, receiver) = mpsc::channel::<Vec<Cell>>(1024);
    let writer = tokio::task::spawn_blocking(move || write_xlsx(&headers, receiver));
    for row in figure_rows(&p) {
        let text = |s: &str| {
            if s.is_empty() {
                Cell::Empty
            } else {
                Cell::Text(s.to_string())
            }
        };
        let number = |x: Option<f64>| x.map_or(Cell::Empty, Cell::Number);
        let cells = vec![
            text(&row.category),
            text(&row.subject),
            text(&row.measure),
            number(row.count.map(|c| c as f64)),
            number(row.value),
            number(row.low),
            number(row.high),
            number(row.n.map(|n| n as f64)),
            text(&row.note),
        ];
        rows.send(cells)
            .await
            .map_err(|_| AppError::Internal(anyhow::anyhow!("the workbook writer stopped")))?;
    }
    drop(rows);
    let file = writer.await.map_err(|e| AppError::Internal(e.into()))??;
    let body = Body::from_stream(tokio_util::io::ReaderStream::new(
        tokio::fs::File::from_std(file),
    ));
    Ok(attachment(&format!("{id}-figures"), "xlsx", XLSX, body))
}

/// One chart as SVG: `dimensions.svg`, `ballot.svg`, `question-{id}.svg`, `groups-{by}.svg`.
async fn chart(
    State(state): State<AppState>,
    Path((id, chart)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let name = chart.strip_suffix(".svg").ok_or(AppError::ChartNotFound)?;
    let p = stored(&state.pool, &id).await?;
    let svg = render(&p, name)
        .ok_or(AppError::ChartNotFound)?
        .map_err(|e| anyhow::Error::new(e).context(format!("drawing {chart} of {id}")))?;
    Ok(([(CONTENT_TYPE, "image/svg+xml; charset=utf-8")], svg).into_response())
}

/// Draw a published chart with the same functions the dashboard uses: `None` when the
/// publication has no chart of that name, an error when it failed to draw.
pub fn render(p: &Publication, name: &str) -> Option<Result<String, SvgError>> {
    let style = ChartStyle::svg();
    if p.withheld {
        return None;
    }
    if name == "dimensions" {
        let d = &p.results.dimensions;
        return Some(to_svg(CHART_WIDTH, size::dimensions(d.len()), |a| {
            dimension_ranking(a, d, &style)
        }));
    }
    if name == "ballot" {
        let outcome = p.ballot.as_ref()?;
        return Some(to_svg(
            CHART_WIDTH,
            size::ballot(outcome.items.len()),
            |a| ballot_tally(a, outcome, &style),
        ));
    }
    if let Some(by) = name.strip_prefix("groups-") {
        let table = p.groups.iter().find(|g| g.by == by)?;
        let bars: Vec<GroupBar> = table
            .groups
            .iter()
            .map(|g| GroupBar {
                label: g.label.clone(),
                responses: g.responses,
                estimate: g.index,
            })
            .collect();
        return Some(to_svg(CHART_WIDTH, size::groups(bars.len()), |a| {
            group_breakdown(a, &bars, &style)
        }));
    }
    let q = p.results.question(name.strip_prefix("question-")?)?;
    let height = question_chart_height(q)?;
    Some(to_svg(CHART_WIDTH, height, |a| {
        question_chart(a, q, &style)
    }))
}
