//! Dashboard, tally and accounts components, one per file.

mod account_list;
mod account_row;
mod attendance_form;
mod audit_trail;
mod ballot_panel;
mod code_batch_panel;
mod code_sheet;
mod distribution_panel;
mod export_buttons;
mod filter_bar;
mod job_status;
mod lifecycle_panel;
mod new_account_form;
mod paper_ballot_form;
mod progress_panel;
mod question_chart;
mod schedule_panel;
mod text_review;

pub use account_list::AccountList;
pub use account_row::AccountRow;
pub use attendance_form::AttendanceForm;
pub use audit_trail::AuditTrail;
pub use ballot_panel::BallotPanel;
pub use code_batch_panel::CodeBatchPanel;
pub use code_sheet::CodeSheet;
pub use distribution_panel::DistributionPanel;
pub use export_buttons::ExportButtons;
pub use filter_bar::FilterBar;
pub use job_status::JobStatus;
pub use lifecycle_panel::LifecyclePanel;
pub use new_account_form::NewAccountForm;
pub use paper_ballot_form::PaperBallotForm;
pub use progress_panel::ProgressPanel;
pub use question_chart::QuestionChart;
pub use schedule_panel::SchedulePanel;
pub use text_review::TextReview;
