//! The respondent app's address, kept in a signal: three pages need no router crate, and
//! leaving `leptos_router` (with the URL and IDNA tables it brings) out of this bundle is
//! about a quarter of its size, on the page whose first load has a budget
//! (docs/architecture.md#budgets). A link to another page is an ordinary full load; the
//! app moves between its own pages with [`Location::navigate`].

use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

use crate::domain::distribution::{query_value, RespondentPage};

/// Where the app is: the address bar's path and query, kept current on back and forward.
#[derive(Clone, Copy)]
pub struct Location {
    path: RwSignal<String>,
    search: RwSignal<String>,
}

impl Location {
    /// Read the address bar, follow its history, and share the location through context.
    pub fn provide() -> Self {
        let (path, search) = current();
        let location = Location {
            path: RwSignal::new(path),
            search: RwSignal::new(search),
        };
        let on_pop = Closure::<dyn Fn()>::new(move || {
            let (path, search) = current();
            location.search.set(search);
            location.path.set(path);
        });
        let _ =
            window().add_event_listener_with_callback("popstate", on_pop.as_ref().unchecked_ref());
        // The listener lives as long as the page.
        on_pop.forget();
        provide_context(location);
        location
    }

    /// The page the address names (tracked).
    pub fn page(self) -> RespondentPage {
        self.path.with(|path| RespondentPage::at(path))
    }

    /// A query parameter, as it was when the page opened (untracked).
    pub fn query(self, key: &str) -> Option<String> {
        self.search
            .with_untracked(|search| query_value(search, key))
    }

    /// Show the page at `path`, as a new history entry.
    pub fn navigate(self, path: &str) {
        if let Ok(history) = window().history() {
            let _ = history.push_state_with_url(&JsValue::NULL, "", Some(path));
        }
        let (path, search) = current();
        self.search.set(search);
        self.path.set(path);
        window().scroll_to_with_x_and_y(0.0, 0.0);
    }
}

/// The location from context.
pub fn use_location() -> Location {
    expect_context::<Location>()
}

fn current() -> (String, String) {
    let location = window().location();
    (
        location.pathname().unwrap_or_default(),
        location.search().unwrap_or_default(),
    )
}
