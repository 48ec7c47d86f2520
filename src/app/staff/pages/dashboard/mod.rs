//! One survey's dashboard: the page that loads it and its views, one per task, each at its
//! own address (`/staff/s/{id}`, `…/questions`, `…/groups`, `…/distribution`, `…/process`).

mod context;
mod dashboard_page;
mod distribution_view;
mod groups_view;
mod overview_view;
mod process_view;
mod questions_view;
mod results_filter;

pub use context::{DashboardView, SurveyDashboard};
pub use dashboard_page::DashboardPage;
pub use distribution_view::DistributionView;
pub use groups_view::GroupsView;
pub use overview_view::OverviewView;
pub use process_view::ProcessView;
pub use questions_view::QuestionsView;
