//! Components two or more bundles use, one per file.

mod caught_failure;
mod chart_canvas;
mod figure_card;
mod labeled_input;
mod loading_line;
mod staff_bar;
mod staff_gate;

pub use caught_failure::CaughtFailure;
pub use chart_canvas::ChartCanvas;
pub use figure_card::FigureCard;
pub use labeled_input::LabeledInput;
pub use loading_line::LoadingLine;
pub use staff_bar::StaffBar;
pub use staff_gate::StaffGate;
