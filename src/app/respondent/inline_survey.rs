//! The definition the server inlined into the fill page (`<script id="manyi-survey">`),
//! read in a task of its own before the app mounts, then taken once by the fill page.

use std::cell::RefCell;

use crate::domain::wire::SurveyDetail;

thread_local! {
    static READ: RefCell<Option<SurveyDetail>> = const { RefCell::new(None) };
}

/// Parse the inlined definition, if the page has one, and keep it for [`take`].
pub fn read() {
    let Some(element) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("manyi-survey"))
    else {
        return;
    };
    element.remove();
    let detail = element
        .text_content()
        .and_then(|json| crate::app::common::json::from_str::<SurveyDetail>(&json).ok());
    READ.with(|read| *read.borrow_mut() = detail);
}

/// Whether the page came with a definition, not yet taken.
pub fn is_there() -> bool {
    READ.with(|read| read.borrow().is_some())
}

/// The inlined definition of survey `id`, once.
pub fn take(id: &str) -> Option<SurveyDetail> {
    READ.with(|read| read.borrow_mut().take())
        .filter(|detail| detail.survey.id == id)
}
