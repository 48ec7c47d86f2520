use leptos::prelude::*;

use crate::domain::definition_check::locate;
use crate::domain::Survey;

/// What must be fixed before a definition can be saved, each with its place.
#[component]
pub fn ProblemList(
    /// The survey the paths point into.
    #[prop(into)]
    survey: Signal<Survey>,
    /// (path, message) pairs from the check or the server.
    #[prop(into)]
    problems: Signal<Vec<(String, String)>>,
) -> impl IntoView {
    view! {
        <Show when=move || problems.with(|p| !p.is_empty())>
            <div class="notice notice-warn" role="alert" data-testid="definition-problems">
                <p>{move || format!("还有 {} 处需要修改：", problems.with(Vec::len))}</p>
                <ul>
                    {move || {
                        problems
                            .get()
                            .into_iter()
                            .map(|(path, message)| {
                                let place = survey.with(|s| locate(s, &path));
                                view! {
                                    <li>
                                        <strong>{place}</strong>
                                        "："
                                        {message}
                                    </li>
                                }
                            })
                            .collect_view()
                    }}
                </ul>
            </div>
        </Show>
    }
}
