use leptos::prelude::*;

use crate::app::common::Loading;
use crate::app::staff::api;
use crate::app::staff::load::load_into;
use crate::domain::wire::StaffSurvey;
use crate::domain::SurveyKind;

/// Every survey with its state and responses so far.
#[component]
pub fn SurveysPage() -> impl IntoView {
    let surveys = RwSignal::new(Loading::<Vec<StaffSurvey>>::Pending);
    load_into(surveys, api::staff_surveys);
    view! {
        <section class="surveys">
            <h1>"测评结果"</h1>
            <p class="page-actions"><a class="button primary" href="/staff/new" data-testid="new-survey">"新建测评"</a></p>
            {move || match surveys.get() {
                Loading::Pending => view! { <p class="loading" role="status">"正在加载…"</p> }.into_any(),
                Loading::Failed(message) => view! { <p class="notice notice-warn" role="alert">{message}</p> }.into_any(),
                Loading::Ready(list) => view! {
                    <table class="survey-table">
                        <thead><tr><th scope="col">"测评"</th><th scope="col">"年度"</th><th scope="col">"状态"</th><th scope="col" class="num">"已收"</th><th scope="col">"操作"</th></tr></thead>
                        <tbody>
                            {list.into_iter().map(|s| {
                                let ballot = s.kind == SurveyKind::Ballot;
                                let kind = if ballot { "无记名测评" } else { "问卷" };
                                let (copy_as, copy_label) = if ballot { ("round", "发起下一轮表决") } else { ("wave", "复制为下一年度") };
                                let id = s.id.clone();
                                view! {
                                    <tr>
                                        <td>
                                            <a href=format!("/staff/s/{}", s.id) data-testid=format!("dashboard-link-{}", s.id)>{s.title}</a>
                                            <span class="muted">" · "{kind}</span>
                                        </td>
                                        <td>{s.wave}</td>
                                        <td>{s.status.label_zh()}</td>
                                        <td class="num">{s.responses}</td>
                                        <td class="row-links">
                                            <a href=format!("/staff/s/{id}/edit") data-testid=format!("edit-link-{id}")>"编辑"</a>
                                            <a href=format!("/staff/new?from={id}&as={copy_as}") data-testid=format!("copy-link-{id}")>{copy_label}</a>
                                        </td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any(),
            }}
        </section>
    }
}
