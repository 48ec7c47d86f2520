use crate::app::common::components::LoadingLine;
use leptos::prelude::*;

use crate::app::staff::api;
use crate::app::staff::resource::staff_resource;
use crate::domain::wire::StaffSurvey;
use crate::domain::SurveyKind;

/// Every survey with its state and responses so far.
#[component]
pub fn SurveysPage() -> impl IntoView {
    let surveys = staff_resource(api::staff_surveys);
    view! {
        <section class="surveys">
            <h1>"测评结果"</h1>
            <p class="page-actions">
                <a class="button primary" href="/staff/new" data-testid="new-survey">
                    "新建测评"
                </a>
            </p>
            <Suspense fallback=LoadingLine>
                {move || Suspend::new(async move {
                    match surveys.await {
                        Err(failure) => {
                            view! {
                                <p class="notice notice-warn" role="alert">
                                    {failure.message()}
                                </p>
                            }
                                .into_any()
                        }
                        Ok(list) => survey_table(list).into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// The surveys as a table: each links to its dashboard, its builder page and a copy.
fn survey_table(list: Vec<StaffSurvey>) -> impl IntoView {
    view! {
        <table class="survey-table">
            <thead>
                <tr>
                    <th scope="col">"测评"</th>
                    <th scope="col">"年度"</th>
                    <th scope="col">"状态"</th>
                    <th scope="col" class="num">
                        "已收"
                    </th>
                    <th scope="col">"操作"</th>
                </tr>
            </thead>
            <tbody>
                {list
                    .into_iter()
                    .map(|s| {
                        let ballot = s.kind == SurveyKind::Ballot;
                        let kind = if ballot { "无记名测评" } else { "问卷" };
                        let (copy_as, copy_label) = if ballot {
                            ("round", "发起下一轮表决")
                        } else {
                            ("wave", "复制为下一年度")
                        };
                        let id = s.id.clone();
                        view! {
                            <tr>
                                <td>
                                    <a
                                        href=format!("/staff/s/{}", s.id)
                                        data-testid=format!("dashboard-link-{}", s.id)
                                    >
                                        {s.title}
                                    </a>
                                    <span class="muted">" · "{kind}</span>
                                </td>
                                <td>{s.wave}</td>
                                <td>{s.status.label_zh()}</td>
                                <td class="num">{s.responses}</td>
                                <td class="row-links">
                                    <a
                                        href=format!("/staff/s/{id}/edit")
                                        data-testid=format!("edit-link-{id}")
                                    >
                                        "编辑"
                                    </a>
                                    <a
                                        href=format!("/staff/new?from={id}&as={copy_as}")
                                        data-testid=format!("copy-link-{id}")
                                    >
                                        {copy_label}
                                    </a>
                                </td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}
