//! Pages, one per route.

mod fill_page;
mod not_found_page;
mod receipt_page;

pub use fill_page::FillPage;
pub use not_found_page::NotFoundPage;
pub use receipt_page::ReceiptPage;
