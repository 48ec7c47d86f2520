//! Live updates: the server's event stream for a survey, as a counter that ticks on every
//! change. EventSource reconnects by itself after a network drop.

use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::EventSource;

use crate::app::staff::api;

/// A signal that increases whenever responses of `survey_id` arrive or it changes state.
/// The stream closes when the calling component goes away.
pub fn live_version(survey_id: &str) -> ReadSignal<u64> {
    let (version, set_version) = signal(0u64);
    let Ok(source) = EventSource::new(&api::events_url(survey_id)) else {
        return version;
    };
    let on_change = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |_| {
        set_version.update(|v| *v += 1);
    });
    let _ = source.add_event_listener_with_callback("change", on_change.as_ref().unchecked_ref());
    let held = SendWrapper::new((source, on_change));
    on_cleanup(move || {
        let (source, _closure) = held.take();
        source.close();
    });
    version
}
