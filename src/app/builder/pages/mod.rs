//! Builder pages, one per route (both builder routes show the one page).

mod builder_page;

pub use builder_page::BuilderPage;
