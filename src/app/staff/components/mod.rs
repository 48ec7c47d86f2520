//! Dashboard components, one per file.

mod attendance_form;
mod audit_trail;
mod ballot_panel;
mod chart_canvas;
mod figure_card;
mod filter_bar;
mod group_table;
mod lifecycle_panel;
mod method_note;
mod paper_ballot_form;
mod progress_panel;
mod public_bar;
mod public_downloads;
mod question_chart;
mod staff_bar;
mod staff_gate;
mod text_review;

pub use attendance_form::AttendanceForm;
pub use audit_trail::AuditTrail;
pub use ballot_panel::BallotPanel;
pub use chart_canvas::ChartCanvas;
pub use figure_card::FigureCard;
pub use filter_bar::FilterBar;
pub use group_table::GroupTable;
pub use lifecycle_panel::LifecyclePanel;
pub use method_note::MethodNote;
pub use paper_ballot_form::PaperBallotForm;
pub use progress_panel::ProgressPanel;
pub use public_bar::PublicBar;
pub use public_downloads::PublicDownloads;
pub use question_chart::QuestionChart;
pub use staff_bar::StaffBar;
pub use staff_gate::StaffGate;
pub use text_review::TextReview;
