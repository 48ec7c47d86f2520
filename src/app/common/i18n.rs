//! Chinese first, English second; plus the large-text switch (适老化). Both remembered.

use leptos::prelude::*;

pub use crate::domain::form_text::{Lang, Text};

/// The respondent's display preferences, shared through context.
#[derive(Clone, Copy)]
pub struct Preferences {
    pub lang: RwSignal<Lang>,
    pub large_text: RwSignal<bool>,
}

impl Preferences {
    pub fn load() -> Self {
        let lang = if read_flag("manyi:lang-en") {
            Lang::En
        } else {
            Lang::Zh
        };
        let preferences = Preferences {
            lang: RwSignal::new(lang),
            large_text: RwSignal::new(read_flag("manyi:large-text")),
        };
        // Reflect both on <html>, where CSS and screen readers look.
        Effect::new(move |_| {
            let lang = preferences.lang.get();
            let large = preferences.large_text.get();
            write_flag("manyi:lang-en", lang == Lang::En);
            write_flag("manyi:large-text", large);
            if let Some(root) = document().document_element() {
                let _ = root.set_attribute("lang", lang.code());
                let _ = root.set_attribute("class", if large { "large-text" } else { "" });
            }
        });
        preferences
    }
}

/// A fixed text in the current language, redrawn when the language changes. One component
/// for every such text rather than a closure each: each closure is its own code in the
/// bundle (docs/architecture.md#budgets).
#[component]
pub fn Tr(
    /// The text in both languages.
    text: Text,
) -> impl IntoView {
    let lang = use_lang();
    move || lang.get().text(text)
}

/// The language signal from context.
pub fn use_lang() -> RwSignal<Lang> {
    expect_context::<Preferences>().lang
}

/// A preference kept in local storage; `false` when unset or unreadable.
fn read_flag(key: &str) -> bool {
    super::json::stored::<bool>(key).unwrap_or(false)
}

fn write_flag(key: &str, value: bool) {
    let _ = super::json::store(key, &value);
}
