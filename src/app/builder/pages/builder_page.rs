use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

use crate::app::builder::api;
use crate::app::builder::components::{
    DefinitionFile, PhonePreview, ProblemList, SectionEditor, SurveySettings,
};
use crate::app::builder::draft::Draft;
use crate::app::common::api::{definition, ApiFailure};
use crate::app::common::go_to;
use crate::domain::definition_check::check_definition;
use crate::domain::survey_edit::{blank_survey, new_section, next_round, next_wave};
use crate::domain::SurveyStatus;

/// Where the page's survey comes from.
#[derive(Debug, Clone, PartialEq)]
enum Source {
    /// `/staff/s/:id/edit`.
    Edit(String),
    /// `/staff/new?from=ID&as=wave|round`: next year's survey or the next ballot round.
    CopyOf { from: String, how: String },
    /// `/staff/new`.
    Blank,
}

/// The survey builder: every question kind, sections, required flags, show-if, reorder,
/// a live phone-size preview, JSON import and export, and saving (a survey with answers
/// is never changed: saving makes a new draft version).
#[component]
pub fn BuilderPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let navigate = use_navigate();
    let source = Memo::new(move |_| match params.read().get("id") {
        Some(id) => Source::Edit(id),
        None => match query.read().get("from") {
            Some(from) => Source::CopyOf {
                from,
                how: query.read().get("as").unwrap_or_default(),
            },
            None => Source::Blank,
        },
    });
    let draft = Draft(RwSignal::new(blank_survey()));
    let loaded = RwSignal::new(None::<Result<(), String>>);
    let state = RwSignal::new((SurveyStatus::Draft, 0u64));
    let problems = RwSignal::new(Vec::<(String, String)>::new());
    let message = RwSignal::new(None::<String>);
    // A note to show on the page navigated to (the new version's).
    let carried = StoredValue::new(None::<String>);
    // The definition as last loaded or saved: leaving with other changes asks first.
    let saved_copy = StoredValue::new(None::<crate::domain::Survey>);
    let unsaved = move || {
        saved_copy.with_value(|saved| {
            saved
                .as_ref()
                .is_some_and(|s| draft.0.with_untracked(|d| d != s))
        })
    };
    let leaving = window_event_listener(leptos::ev::beforeunload, move |ev| {
        if unsaved() {
            ev.prevent_default();
        }
    });
    on_cleanup(move || leaving.remove());

    // Loading the survey into the draft stays a task started by an effect: as a
    // LocalResource under Suspense, the page broke when a save moved to the new version's
    // route (see the branch's report).
    Effect::new(move |_| {
        let source = source.get();
        loaded.set(None);
        problems.set(Vec::new());
        let mut note = None;
        carried.update_value(|c| note = c.take());
        message.set(note);
        spawn_local(async move {
            let outcome = match source {
                Source::Blank => {
                    draft.0.set(blank_survey());
                    state.set((SurveyStatus::Draft, 0));
                    Ok(())
                }
                Source::Edit(id) => definition(&id).await.map(|view| {
                    state.set((view.status, view.responses));
                    draft.0.set(view.survey);
                }),
                Source::CopyOf { from, how } => definition(&from).await.map(|view| {
                    state.set((SurveyStatus::Draft, 0));
                    draft.0.set(if how == "round" {
                        next_round(&view.survey, |_| false)
                    } else {
                        next_wave(&view.survey, |_| false)
                    });
                }),
            };
            saved_copy.set_value(Some(draft.0.get_untracked()));
            loaded.set(Some(outcome.map_err(|f| f.message())));
        });
    });

    let editing = move || matches!(source.get(), Source::Edit(_));
    // Saving keeps its outcome in the page's message and problems, which the import and
    // a check before sending also write. A 401 here is said, not answered with the sign-in
    // page: that would drop the edits not yet saved.
    let save = Action::new_local(move |survey: &crate::domain::Survey| {
        let survey = survey.clone();
        let navigate = navigate.clone();
        let is_edit = matches!(source.get_untracked(), Source::Edit(_));
        async move {
            let outcome = if is_edit {
                api::save_definition(&survey).await
            } else {
                api::create_survey(&survey).await
            };
            if outcome.is_ok() {
                saved_copy.set_value(Some(survey));
            }
            match outcome {
                // The dashboard is another bundle: a full page load.
                Ok(saved) if !is_edit => go_to(&format!("/staff/s/{}", saved.id)),
                Ok(saved) => match saved.version_of {
                    Some(_) => {
                        carried.set_value(Some(format!(
                            "原测评已开放或已有答卷，未作改动；修改已另存为新版本 {}（草稿）。",
                            saved.id
                        )));
                        navigate(&format!("/staff/s/{}/edit", saved.id), Default::default());
                    }
                    None => message.set(Some("已保存。".into())),
                },
                Err(ApiFailure::Refused { error, .. }) if !error.fields.is_empty() => {
                    problems.set(
                        error
                            .fields
                            .into_iter()
                            .map(|f| (f.field, f.message))
                            .collect(),
                    );
                }
                Err(failure) => message.set(Some(failure.message())),
            }
        }
    });
    let on_save = move |_| {
        let survey = draft.0.get_untracked();
        if let Err(found) = check_definition(&survey) {
            problems.set(found.into_iter().map(|p| (p.path, p.message)).collect());
            message.set(None);
            return;
        }
        problems.set(Vec::new());
        save.dispatch_local(survey);
    };
    let keep_id = move || match source.get_untracked() {
        Source::Edit(id) => Some(id),
        _ => None,
    };
    let sections = Memo::new(move |_| draft.0.with(|s| s.sections.len()));
    view! {
        <section class="builder-page">
            <h1>{move || if editing() { "编辑测评" } else { "新建测评" }}</h1>
            {move || {
                match loaded.get() {
                    None => {
                        view! {
                            <p class="loading" role="status">
                                "正在加载…"
                            </p>
                        }
                            .into_any()
                    }
                    Some(Err(problem)) => {
                        view! {
                            <p class="notice notice-warn" role="alert">
                                {problem}
                            </p>
                        }
                            .into_any()
                    }
                    Some(Ok(())) => {
                        view! {
                            <div class="builder-toolbar">
                                <button
                                    type="button"
                                    class="primary"
                                    data-testid="save-survey"
                                    disabled=move || save.pending().get()
                                    on:click=on_save
                                >
                                    {move || {
                                        if editing() {
                                            "保存"
                                        } else {
                                            "创建测评（草稿）"
                                        }
                                    }}
                                </button>
                                <DefinitionFile
                                    draft
                                    keep_id=keep_id()
                                    on_import=Callback::new(move |outcome: Result<String, String>| match outcome {
                                        Ok(note) => {
                                            problems
                                                .set(
                                                    draft
                                                        .0
                                                        .with_untracked(|s| {
                                                            check_definition(s)
                                                                .err()
                                                                .unwrap_or_default()
                                                                .into_iter()
                                                                .map(|p| (p.path, p.message))
                                                                .collect()
                                                        }),
                                                );
                                            message.set(Some(note));
                                        }
                                        Err(problem) => {
                                            problems.set(Vec::new());
                                            message.set(Some(problem));
                                        }
                                    })
                                />
                                {move || match source.get() {
                                    Source::Edit(id) => {
                                        Some(
                                            view! {
                                                <a href=format!("/staff/s/{id}")>"返回测评工作台"</a>
                                            },
                                        )
                                    }
                                    _ => None,
                                }}
                            </div>
                            {move || {
                                let (status, responses) = state.get();
                                (editing() && (status != SurveyStatus::Draft || responses > 0))
                                    .then(|| {
                                        view! {
                                            <p class="notice" data-testid="version-note">
                                                {format!(
                                                    "此测评已开放或已有 {responses} 份答卷：保存时原测评不会改动，修改将另存为新版本（草稿）。",
                                                )}
                                            </p>
                                        }
                                    })
                            }}
                            {move || {
                                message
                                    .get()
                                    .map(|m| {
                                        view! {
                                            <p
                                                class="notice"
                                                role="status"
                                                data-testid="builder-message"
                                            >
                                                {m}
                                            </p>
                                        }
                                    })
                            }}
                            <ProblemList survey=draft.0 problems=problems />
                            <div class="builder">
                                <div class="builder-main">
                                    <SurveySettings draft id_locked=editing() />
                                    <For each=move || 0..sections.get() key=|si| *si let:si>
                                        <SectionEditor draft si count=sections />
                                    </For>
                                    <button
                                        type="button"
                                        data-testid="add-section"
                                        on:click=move |_| {
                                            draft
                                                .0
                                                .update(|s| {
                                                    let section = new_section(s);
                                                    s.sections.push(section);
                                                })
                                        }
                                    >
                                        "添加一部分（新的一页）"
                                    </button>
                                </div>
                                <PhonePreview draft />
                            </div>
                        }
                            .into_any()
                    }
                }
            }}
        </section>
    }
}
