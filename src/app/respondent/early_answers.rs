//! What a respondent ticked or typed on the server's first screen before the app arrived
//! (docs/architecture.md#the-respondents-first-screen): read from its inputs just before
//! the app replaces them, then given to the form as its first answers, so an early tap is
//! not lost. Read once.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};

use crate::domain::form_text::{scale_options, Lang};
use crate::domain::{Answer, Answers, Question, QuestionKind, Survey};
use crate::app::common::questions::parse_number;

/// The first screen's inputs as they stood: values by element id, the ids of what was
/// ticked, and the id of the focused input.
#[derive(Debug, Default)]
pub struct EarlyInputs {
    values: BTreeMap<String, String>,
    checked: BTreeSet<String>,
    pub focused: Option<String>,
}

thread_local! {
    static CAPTURED: RefCell<Option<EarlyInputs>> = const { RefCell::new(None) };
}

/// Read the inputs inside `boot` (the server's first screen) and keep them for the form.
pub fn capture(boot: &Element) -> Option<String> {
    let mut early = EarlyInputs::default();
    let Ok(inputs) = boot.query_selector_all("input, select, textarea") else {
        return None;
    };
    for index in 0..inputs.length() {
        let Some(node) = inputs.item(index) else {
            continue;
        };
        if let Some(input) = node.dyn_ref::<HtmlInputElement>() {
            match input.type_().as_str() {
                "radio" | "checkbox" if input.checked() => {
                    early.checked.insert(input.id());
                }
                "radio" | "checkbox" => {}
                _ => keep_value(&mut early, input.id(), input.value()),
            }
        } else if let Some(select) = node.dyn_ref::<HtmlSelectElement>() {
            keep_value(&mut early, select.id(), select.value());
        } else if let Some(area) = node.dyn_ref::<HtmlTextAreaElement>() {
            keep_value(&mut early, area.id(), area.value());
        }
    }
    early.focused = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element())
        .filter(|active| boot.contains(Some(active)))
        .map(|active| active.id())
        .filter(|id| !id.is_empty());
    let focused = early.focused.clone();
    CAPTURED.with(|c| *c.borrow_mut() = Some(early));
    focused
}

fn keep_value(early: &mut EarlyInputs, id: String, value: String) {
    if !id.is_empty() && !value.trim().is_empty() {
        early.values.insert(id, value);
    }
}

/// The captured inputs, once.
pub fn take() -> EarlyInputs {
    CAPTURED.with(|c| c.borrow_mut().take()).unwrap_or_default()
}

impl EarlyInputs {
    /// The one-time code typed before the app arrived.
    pub fn code(&self) -> Option<String> {
        self.values.get("access-code").cloned()
    }

    /// The answers the inputs hold, read the way each widget names its inputs.
    pub fn answers(&self, survey: &Survey) -> Answers {
        // Inserted one by one: collecting into a map would sort, more code to download.
        let mut answers = Answers::new();
        for q in survey.questions() {
            if let Some(answer) = self.answer(q) {
                answers.insert(q.id.clone(), answer);
            }
        }
        answers
    }

    /// Which of a radio group's values (inputs `{name}-{value}`) was ticked.
    fn picked(&self, name: &str, mut values: impl Iterator<Item = String>) -> Option<String> {
        values.find(|value| self.checked.contains(&format!("{name}-{value}")))
    }

    fn answer(&self, q: &Question) -> Option<Answer> {
        let base = format!("q-{}", q.id);
        match &q.kind {
            QuestionKind::SingleChoice { options } => self
                .picked(&base, options.iter().map(|o| o.id.clone()))
                .map(Answer::Text),
            QuestionKind::Scale {
                scale,
                allow_unknown,
            } => {
                let points = scale_options(*scale, *allow_unknown, Lang::Zh);
                self.picked(&base, points.into_iter().map(|(id, _)| id))
                    .map(Answer::Text)
            }
            QuestionKind::Nps { .. } => self
                .picked(&base, (0..=10).map(|s| s.to_string()))
                .and_then(|s| s.parse::<u8>().ok())
                .map(|score| Answer::Number(f64::from(score))),
            QuestionKind::MultipleChoice { options, .. } => {
                let items: Vec<String> = options
                    .iter()
                    .filter(|o| self.checked.contains(&format!("{base}-{}", o.id)))
                    .map(|o| o.id.clone())
                    .collect();
                (!items.is_empty()).then_some(Answer::List(items))
            }
            QuestionKind::Matrix {
                rows,
                scale,
                allow_unknown,
            } => {
                let mut map = BTreeMap::new();
                for row in rows {
                    let points = scale_options(*scale, *allow_unknown, Lang::Zh);
                    let name = format!("{base}-{}", row.id);
                    if let Some(point) = self.picked(&name, points.into_iter().map(|(id, _)| id)) {
                        map.insert(row.id.clone(), point);
                    }
                }
                (!map.is_empty()).then_some(Answer::Map(map))
            }
            QuestionKind::Number { .. } => self
                .values
                .get(&base)
                .and_then(|text| parse_number(text))
                .map(Answer::Number),
            QuestionKind::Dropdown { .. }
            | QuestionKind::ShortText { .. }
            | QuestionKind::LongText { .. } => self.values.get(&base).cloned().map(Answer::Text),
        }
    }
}
