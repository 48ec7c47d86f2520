use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::JobStatus;
use crate::app::common::ids::new_job_id;

/// The two exports of every response (Excel and CSV). The browser downloads the file
/// itself; each click names a new task, which the page follows as the server reads the
/// rows, assembles the workbook and sends it.
#[component]
pub fn ExportButtons(
    /// The survey's id.
    #[prop(into)]
    survey_id: String,
) -> impl IntoView {
    let job = RwSignal::new(None::<String>);
    let link = move |format: &'static str| {
        let path = format!("/api/staff/surveys/{survey_id}/export.{format}");
        let start = {
            let path = path.clone();
            move |event: web_sys::MouseEvent| {
                let id = new_job_id();
                // The download follows the link as it is when the click's handlers are done.
                if let Some(anchor) = event
                    .current_target()
                    .and_then(|t| t.dyn_into::<web_sys::HtmlAnchorElement>().ok())
                {
                    anchor.set_href(&format!("{path}?job={id}"));
                }
                job.set(Some(id));
            }
        };
        (path, start)
    };
    let (xlsx, start_xlsx) = link("xlsx");
    let (csv, start_csv) = link("csv");
    view! {
        <p class="actions">
            <a class="button" href=xlsx download data-testid="export-xlsx" on:click=start_xlsx>
                "导出全部答卷（Excel）"
            </a>
            <a class="button" href=csv download data-testid="export-csv" on:click=start_csv>
                "导出 CSV"
            </a>
        </p>
        <JobStatus job=job />
    }
}
