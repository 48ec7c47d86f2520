use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::app::builder::draft::Draft;
use crate::domain::Survey;

/// Read an imported file's text.
async fn file_text(file: web_sys::File) -> Result<String, String> {
    let promise = file.text();
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .ok()
        .and_then(|v| v.as_string())
        .ok_or_else(|| "无法读取该文件".to_string())
}

/// A definition file parsed, or why not (with the line and column of the mistake).
pub fn parse_definition(text: &str) -> Result<Survey, String> {
    serde_json::from_str::<Survey>(text.trim_start_matches('\u{feff}')).map_err(|e| {
        format!(
            "文件不是有效的问卷定义（第 {} 行第 {} 列）：{e}",
            e.line(),
            e.column()
        )
    })
}

/// Export the definition as a JSON file, or import one in its place.
#[component]
pub fn DefinitionFile(
    /// The survey being edited.
    draft: Draft,
    /// Keep this id on import (editing an existing survey); None takes the file's.
    keep_id: Option<String>,
    /// Told the outcome of an import: Ok(note) or Err(problem).
    on_import: Callback<Result<String, String>>,
) -> impl IntoView {
    let export = move |ev: leptos::ev::MouseEvent| {
        let json = draft
            .0
            .with_untracked(|s| serde_json::to_string_pretty(s).unwrap_or_default());
        let href = format!(
            "data:application/json;charset=utf-8,{}",
            String::from(js_sys::encode_uri_component(&json))
        );
        // Set just before the browser follows the link.
        if let Some(link) = ev
            .current_target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        {
            let _ = link.set_attribute("href", &href);
            let name = draft.0.with_untracked(|s| {
                if s.id.is_empty() {
                    "survey".to_string()
                } else {
                    s.id.clone()
                }
            });
            let _ = link.set_attribute("download", &format!("{name}.json"));
        }
    };
    // The file chosen; its outcome goes to `on_import`.
    let import = Action::new_local(move |file: &web_sys::File| {
        let (file, keep_id) = (file.clone(), keep_id.clone());
        async move {
            let outcome = match file_text(file).await.and_then(|t| parse_definition(&t)) {
                Ok(mut survey) => {
                    let mut note = format!("已导入“{}”", survey.title);
                    if let Some(id) = keep_id.filter(|id| *id != survey.id) {
                        note.push_str(&format!("，测评编号保留为 {id}"));
                        survey.id = id;
                    }
                    draft.0.set(survey);
                    Ok(note)
                }
                Err(problem) => Err(problem),
            };
            on_import.run(outcome);
        }
    });
    let choose = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        input.set_value("");
        import.dispatch_local(file);
    };
    view! {
        <div class="file-actions">
            <a class="button" href="#" data-testid="export-definition" on:click=export>
                "导出 JSON"
            </a>
            <label class="button">
                "导入 JSON"
                <input
                    type="file"
                    class="visually-hidden"
                    accept=".json,application/json"
                    data-testid="import-definition"
                    disabled=move || import.pending().get()
                    on:change=choose
                />
            </label>
        </div>
    }
}
