//! Components two or more bundles use, one per file.

mod chart_canvas;
mod figure_card;
mod labeled_input;
mod staff_bar;
mod staff_gate;

pub use chart_canvas::ChartCanvas;
pub use figure_card::FigureCard;
pub use labeled_input::LabeledInput;
pub use staff_bar::StaffBar;
pub use staff_gate::StaffGate;
