//! Dashboard pages, one per route.

mod accounts_page;
mod builder_page;
mod dashboard_page;
mod login_page;
mod public_results_page;
mod published_list_page;
mod surveys_page;
mod tally_page;

pub use accounts_page::AccountsPage;
pub use builder_page::BuilderPage;
pub use dashboard_page::DashboardPage;
pub use login_page::LoginPage;
pub use public_results_page::PublicResultsPage;
pub use published_list_page::PublishedListPage;
pub use surveys_page::SurveysPage;
pub use tally_page::TallyPage;
