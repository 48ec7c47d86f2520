use leptos::prelude::*;

use crate::app::common::components::ChartCanvas;
use crate::app::common::Loading;
use crate::charts::{size, wave_comparison};
use crate::domain::results::WaveComparison;

/// The comparison across years; shown only when there is more than one wave.
#[component]
pub fn WaveSection(
    /// The survey's waves compared, as they load.
    #[prop(into)]
    waves: Signal<Loading<WaveComparison>>,
) -> impl IntoView {
    let height = Signal::derive(move || {
        size::waves(waves.with(|w| match w {
            Loading::Ready(c) => c.figures.len(),
            _ => 1,
        }))
    });
    let summary = Signal::derive(move || {
        waves.with(|w| match w {
            Loading::Ready(c) => c
                .waves
                .iter()
                .map(|x| format!("{}年 n={}", x.wave, x.responses))
                .collect::<Vec<_>>()
                .join("，"),
            _ => String::new(),
        })
    });
    view! {
        <Show when=move || waves.with(|w| matches!(w, Loading::Ready(c) if c.waves.len() > 1))>
            <section class="panel">
                <h2>"历年比较"</h2>
                <ChartCanvas
                    height
                    summary
                    testid="chart-waves"
                    draw=move |area, style| {
                        waves
                            .with(|w| {
                                if let Loading::Ready(c) = w {
                                    let trimmed = WaveComparison {
                                        waves: c.waves.clone(),
                                        figures: c.figures.iter().take(8).cloned().collect(),
                                    };
                                    let _ = wave_comparison(area, &trimmed, style);
                                }
                            });
                    }
                />
            </section>
        </Show>
    }
}
