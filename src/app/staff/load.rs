//! Loading data that depends on signals: reload when they change, keep showing the last
//! answer meanwhile, ignore answers that arrive out of order, and sign out on a 401.

use std::future::Future;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::app::common::api::ApiFailure;
use crate::app::common::Loading;
use crate::app::common::{session_ended, Session};

/// Run `fetch` now and whenever the signals it reads change; put its answer in `target`.
pub fn load_into<T, Fut>(target: RwSignal<Loading<T>>, fetch: impl Fn() -> Fut + 'static)
where
    T: Send + Sync + 'static,
    Fut: Future<Output = Result<T, ApiFailure>> + 'static,
{
    let session = use_context::<Session>();
    let latest = StoredValue::new(0u64);
    Effect::new(move |_| {
        let request = fetch();
        latest.update_value(|n| *n += 1);
        let mine = latest.get_value();
        spawn_local(async move {
            let outcome = request.await;
            if latest.try_get_value() != Some(mine) {
                return;
            }
            match outcome {
                Ok(value) => target.set(Loading::Ready(value)),
                Err(failure) if session_ended(session, &failure) => {}
                Err(failure) => target.set(Loading::Failed(failure.message())),
            }
        });
    });
}
