//! `GET /`: the evaluations open for answers, rendered here in full. The respondent app
//! leaves this page as it is (it only fills in surveys), so its code is not in the bundle,
//! and the list is read without JavaScript and without a second request.

use maud::{html, Markup};

use super::first_screen::BOOT_ID;
use crate::domain::form_text::{self, Lang};
use crate::domain::wire::SurveySummary;
use crate::domain::SurveyKind;

const LANG: Lang = Lang::Zh;

/// The home page's content, in place of the placeholder.
pub fn render(open: &[SurveySummary]) -> Markup {
    page(html! {
        section.home data-testid="home" {
            h1 { "正在进行的满意度测评" }
            @if open.is_empty() {
                p.notice { "目前没有正在进行的测评。" }
            } @else {
                ul.survey-list {
                    @for survey in open { li { (card(survey)) } }
                }
            }
            p.home-footer {
                a href="/results" data-testid="results-link" { "查看已公布的测评结果" }
            }
        }
    })
}

/// `/s/{id}` for a survey that is not there for the public (none of that id, or a draft):
/// the reason, and the way to the list. The app adds nothing to it.
pub fn not_found(message: &str) -> Markup {
    page(html! {
        div.notice.notice-warn role="alert" data-testid="load-error" {
            p { (message) }
            p { a href="/" { "返回测评列表" } }
        }
    })
}

/// A page the server renders in full: the top bar (no switches: they need the app) and
/// `main`.
fn page(main: Markup) -> Markup {
    html! {
        div id=(BOOT_ID) {
            header.top-bar {
                a.skip-link href="#main" { (LANG.text(form_text::SKIP_TO_CONTENT)) }
                a.brand href="/" { (LANG.text(form_text::BRAND)) }
            }
            main id="main" tabindex="-1" { (main) }
        }
    }
}

fn card(survey: &SurveySummary) -> Markup {
    let kind = match survey.kind {
        SurveyKind::Ballot => "无记名测评 · 凭测评码",
        SurveyKind::Questionnaire => "问卷",
    };
    html! {
        a.survey-card href={ "/s/" (survey.id) } data-testid={ "survey-link-" (survey.id) } {
            span.card-title { (survey.title) }
            span.card-meta {
                (survey.organizer) " · " (kind) " · " (survey.question_count) " 题"
            }
        }
    }
}
