//! Dashboard pages, one per route.

mod accounts_page;
mod dashboard_page;
mod surveys_page;
mod tally_page;

pub use accounts_page::AccountsPage;
pub use dashboard_page::DashboardPage;
pub use surveys_page::SurveysPage;
pub use tally_page::TallyPage;
