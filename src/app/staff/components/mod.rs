//! Dashboard components, one per file.

mod attendance_form;
mod audit_trail;
mod ballot_panel;
mod chart_canvas;
mod figure_card;
mod filter_bar;
mod progress_panel;
mod question_chart;
mod staff_bar;

pub use attendance_form::AttendanceForm;
pub use audit_trail::AuditTrail;
pub use ballot_panel::BallotPanel;
pub use chart_canvas::ChartCanvas;
pub use figure_card::FigureCard;
pub use filter_bar::FilterBar;
pub use progress_panel::ProgressPanel;
pub use question_chart::QuestionChart;
pub use staff_bar::StaffBar;
