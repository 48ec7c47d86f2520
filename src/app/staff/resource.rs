//! Staff data as Leptos resources: fetched again whenever the signals the fetch reads
//! change, the last answer kept meanwhile and late answers dropped (that is
//! `LocalResource`), and a 401 anywhere showing the sign-in page.

use std::future::Future;

use leptos::prelude::*;

use crate::app::common::api::ApiFailure;
use crate::app::common::{watch_session, Loading, Session};

/// A staff request as a resource: `fetch` runs now and whenever the signals it reads
/// change. A refusal with 401 (signed out elsewhere, idle too long, account disabled)
/// ends the session, so the sign-in page shows in place of the page.
pub fn staff_resource<T, Fut>(
    fetch: impl Fn() -> Fut + 'static,
) -> LocalResource<Result<T, ApiFailure>>
where
    T: 'static,
    Fut: Future<Output = Result<T, ApiFailure>> + 'static,
{
    let session = use_context::<Session>();
    LocalResource::new(move || {
        let request = fetch();
        async move { watch_session(session, request.await) }
    })
}

/// A resource's state for components that show pending, ready and failed alike.
pub fn loading_of<T>(resource: LocalResource<Result<T, ApiFailure>>) -> Signal<Loading<T>>
where
    T: Clone + Send + Sync + 'static,
{
    Signal::derive(move || match resource.get() {
        None => Loading::Pending,
        Some(Ok(value)) => Loading::Ready(value),
        Some(Err(failure)) => Loading::Failed(failure.message()),
    })
}

/// The last value a resource answered with, kept through a failed refetch (the page keeps
/// showing the figures it had and says the update failed).
pub fn last_ready<T>(resource: LocalResource<Result<T, ApiFailure>>) -> Memo<Option<T>>
where
    T: Clone + PartialEq + Send + Sync + 'static,
{
    Memo::new(move |previous: Option<&Option<T>>| match resource.get() {
        Some(Ok(value)) => Some(value),
        _ => previous.cloned().flatten(),
    })
}
