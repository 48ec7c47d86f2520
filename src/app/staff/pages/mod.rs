//! Dashboard pages, one per route; a survey's dashboard is a page with a view per task.

mod accounts_page;
mod dashboard;
mod surveys_page;
mod tally_page;

pub use accounts_page::AccountsPage;
pub use dashboard::{
    DashboardPage, DashboardView, DistributionView, GroupsView, OverviewView, ProcessView,
    QuestionsView, SurveyDashboard,
};
pub use surveys_page::SurveysPage;
pub use tally_page::TallyPage;
