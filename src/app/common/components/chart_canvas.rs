use leptos::html::Canvas;
use leptos::prelude::*;
use plotters::prelude::IntoDrawingArea;
use plotters_canvas::CanvasBackend;

use crate::charts::{Area, ChartStyle};

/// The one place that touches a canvas: draws a plotters chart at the screen's pixel
/// density, again whenever the data it reads changes or the window is resized.
#[component]
pub fn ChartCanvas<F>(
    /// Draws the chart; it may read signals, and is re-run when they change.
    draw: F,
    /// Height in CSS pixels (the width follows the container).
    #[prop(into)]
    height: Signal<u32>,
    /// What the chart shows, in words, for screen readers.
    #[prop(into)]
    summary: Signal<String>,
    /// Enlarge text and marks (e.g. 1.6 for a projector).
    #[prop(optional, default = 1.0)]
    zoom: f64,
    /// The test id of the canvas.
    #[prop(into)]
    testid: String,
) -> impl IntoView
where
    F: Fn(&Area<CanvasBackend>, &ChartStyle) + 'static,
{
    let canvas = NodeRef::<Canvas>::new();
    let (resized, set_resized) = signal(0u32);
    let listener =
        window_event_listener(leptos::ev::resize, move |_| set_resized.update(|n| *n += 1));
    on_cleanup(move || listener.remove());
    Effect::new(move |_| {
        resized.track();
        let height = height.get();
        let Some(element) = canvas.get() else { return };
        let ratio = web_sys::window()
            .map(|w| w.device_pixel_ratio())
            .unwrap_or(1.0)
            .max(1.0);
        let width = element.client_width().max(200) as f64;
        element.set_width((width * ratio) as u32);
        element.set_height((height as f64 * ratio) as u32);
        let Some(backend) = CanvasBackend::with_canvas_object(element.clone()) else {
            return;
        };
        let style = ChartStyle {
            scale: ratio * zoom,
            ..ChartStyle::default()
        };
        draw(&backend.into_drawing_area(), &style);
    });
    view! {
        <canvas
            node_ref=canvas
            class="chart"
            role="img"
            aria-label=move || summary.get()
            data-testid=testid
            style=move || format!("height:{}px", height.get())
        ></canvas>
    }
}
