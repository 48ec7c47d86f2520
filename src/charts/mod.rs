//! The committee's charts, each one function generic over plotters' `DrawingBackend`: the
//! same code draws on a canvas in the browser and to SVG on the server and in tests.
//! Charts read only domain types.

mod ballot_tally;
mod choice_shares;
mod dimension_ranking;
mod distribution;
mod group_breakdown;
mod layout;
mod nps_distribution;
mod palette;
mod question_chart;
pub mod size;
mod timeline;
mod wave_comparison;

#[cfg(all(test, feature = "server"))]
mod tests;

pub use ballot_tally::ballot_tally;
pub use choice_shares::choice_shares;
pub use dimension_ranking::dimension_ranking;
pub use distribution::distribution;
pub use group_breakdown::{group_breakdown, GroupBar, GroupFigure};
pub use layout::ChartStyle;
pub use nps_distribution::nps_distribution;
pub use question_chart::{question_chart, question_chart_height};
pub use timeline::timeline;
pub use wave_comparison::wave_comparison;

use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingAreaErrorKind, DrawingBackend};

/// What every chart function returns.
pub type ChartResult<DB> = Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

/// The area a chart draws into.
pub type Area<DB> = DrawingArea<DB, Shift>;

/// Why a chart could not be drawn: a layout that does not fit (plotters' error; drawing into
/// a string never fails for I/O).
#[cfg(feature = "server")]
pub type SvgError = DrawingAreaErrorKind<std::io::Error>;

/// Draw into an SVG document of `width` × `height` (server pages, downloads, tests). A chart
/// that fails to draw is an error, never a partial picture.
#[cfg(feature = "server")]
pub fn to_svg(
    width: u32,
    height: u32,
    draw: impl FnOnce(&Area<plotters::prelude::SVGBackend<'_>>) -> Result<(), SvgError>,
) -> Result<String, SvgError> {
    use plotters::prelude::{IntoDrawingArea, SVGBackend};
    let mut svg = String::new();
    {
        let area = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        draw(&area)?;
        area.present()?;
    }
    Ok(svg)
}
