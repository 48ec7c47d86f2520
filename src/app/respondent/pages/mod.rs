//! Pages, one per route.

mod fill_page;
mod home_page;
mod not_found_page;
mod receipt_page;

pub use fill_page::FillPage;
pub use home_page::HomePage;
pub use not_found_page::NotFoundPage;
pub use receipt_page::ReceiptPage;
