//! The hand-over from the server's first screen to the app
//! (docs/architecture.md#the-respondents-first-screen). The app is built off the page, the
//! form's questions a few per task, so that no task is long on a slow phone while the
//! server's screen stays in use. Then, in one task, the server's screen is removed, the app
//! put in its place, and what was ticked or typed there is replayed into the app's inputs,
//! which carry the same ids, through their own handlers: the form's rules (an exclusive
//! option) apply to it as to any tap, and a restored draft keeps what it holds (only
//! inputs the app left empty are filled). Keyed lists (`<For>`) remember the parent they
//! were mounted in: none may sit directly under the app's root, or it would keep inserting
//! into the detached element.

use std::cell::{Cell, RefCell};

use gloo_timers::callback::Timeout;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{
    Element, Event, HtmlElement, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement,
};

/// Questions rendered per task while the app is built off the page.
const QUESTIONS_PER_TASK: usize = 2;

thread_local! {
    static LIMIT: RefCell<Option<ArcRwSignal<usize>>> = const { RefCell::new(None) };
    static WANTED: Cell<usize> = const { Cell::new(0) };
}

/// While the app is being built off the page, whether its step `step` is due: step 0 is the
/// frame (the top bar), step 1 the page, and from step 2 on the form's questions, a few
/// per step ([`question_step`]). Always `true` once the app is on the page.
pub fn step_due(step: usize) -> Signal<bool> {
    match LIMIT.with(|limit| limit.borrow().clone()) {
        None => Signal::from(true),
        Some(limit) => Memo::new(move |_| limit.get() >= step).into(),
    }
}

/// The build step of the screen's question at `position`.
pub fn question_step(position: usize) -> usize {
    2 + position / QUESTIONS_PER_TASK
}

/// Whether the app is being built off the page.
pub fn building() -> bool {
    LIMIT.with(|limit| limit.borrow().is_some())
}

/// The form says how many questions its screen shows, so the build knows its last step.
pub fn screen_has(questions: usize) {
    let last = if questions == 0 {
        1
    } else {
        question_step(questions - 1)
    };
    WANTED.with(|wanted| wanted.set(last));
}

/// Build `app` off the page in place of `boot` (the server's screen), then swap them.
pub fn start<V: IntoView + 'static>(boot: Element, app: impl FnOnce() -> V + 'static) {
    let host: HtmlElement = document()
        .create_element("div")
        .expect("a div can be created")
        .unchecked_into();
    // Until a page says how many questions it shows, only the page is to be built.
    WANTED.with(|wanted| wanted.set(1));
    let limit = ArcRwSignal::new(0);
    LIMIT.with(|l| *l.borrow_mut() = Some(limit.clone()));
    leptos::mount::mount_to(host.clone(), app).forget();
    next_task(move || build(host, boot, limit));
}

fn next_task(f: impl FnOnce() + 'static) {
    Timeout::new(0, f).forget();
}

/// One more step of the build, each in its own task, then the swap.
fn build(host: HtmlElement, boot: Element, limit: ArcRwSignal<usize>) {
    if limit.get_untracked() < WANTED.with(Cell::get) {
        limit.update(|l| *l += 1);
        next_task(move || build(host, boot, limit));
        return;
    }
    swap(&host, &boot);
    LIMIT.with(|l| l.borrow_mut().take());
    limit.set(usize::MAX);
}

/// In one task, so nothing is painted in between: the server's screen out, the app in,
/// the early inputs replayed, the focus kept.
fn swap(host: &HtmlElement, boot: &Element) {
    let focused = document()
        .active_element()
        .filter(|active| boot.contains(Some(active)))
        .map(|active| active.id())
        .filter(|id| !id.is_empty());
    let early = boot.query_selector_all("input, select, textarea").ok();
    boot.remove();
    let body = document().body().expect("the page has a body");
    while let Some(child) = host.first_child() {
        let _ = body.append_child(&child);
    }
    if let Some(early) = early {
        for index in 0..early.length() {
            if let Some(element) = early.item(index).and_then(|n| n.dyn_into::<Element>().ok()) {
                replay(&element);
            }
        }
    }
    // In the next task: a replayed answer may show or hide questions, and the form
    // re-renders its screen when this task's effects run.
    next_task(move || {
        if let Some(element) = focused
            .and_then(|id| document().get_element_by_id(&id))
            .and_then(|e| e.dyn_into::<HtmlElement>().ok())
        {
            let _ = element.focus();
        }
    });
}

/// Give the app's input of the same id what `early` holds, unless the app's already
/// holds something (a restored draft, a code from the link).
fn replay(early: &Element) {
    let id = early.id();
    let Some(target) = (!id.is_empty())
        .then(|| document().get_element_by_id(&id))
        .flatten()
    else {
        return;
    };
    if let (Some(from), Some(to)) = (
        early.dyn_ref::<HtmlInputElement>(),
        target.dyn_ref::<HtmlInputElement>(),
    ) {
        match from.type_().as_str() {
            "radio" if from.checked() && !group_answered(to) => tick(to),
            "checkbox" if from.checked() && !to.checked() => tick(to),
            "radio" | "checkbox" => {}
            _ if filled(&from.value()) && to.value().is_empty() => {
                to.set_value(&from.value());
                fire(to, "input");
            }
            _ => {}
        }
    } else if let (Some(from), Some(to)) = (
        early.dyn_ref::<HtmlSelectElement>(),
        target.dyn_ref::<HtmlSelectElement>(),
    ) {
        if filled(&from.value()) && to.value().is_empty() {
            to.set_value(&from.value());
            fire(to, "change");
        }
    } else if let (Some(from), Some(to)) = (
        early.dyn_ref::<HtmlTextAreaElement>(),
        target.dyn_ref::<HtmlTextAreaElement>(),
    ) {
        if filled(&from.value()) && to.value().is_empty() {
            to.set_value(&from.value());
            fire(to, "input");
        }
    }
}

fn filled(value: &str) -> bool {
    !value.trim().is_empty()
}

fn tick(input: &HtmlInputElement) {
    input.set_checked(true);
    fire(input, "change");
}

/// Whether any radio of `input`'s group is ticked in the app.
fn group_answered(input: &HtmlInputElement) -> bool {
    let group = document().get_elements_by_name(&input.name());
    (0..group.length()).any(|i| {
        group
            .item(i)
            .and_then(|n| n.dyn_into::<HtmlInputElement>().ok())
            .is_some_and(|radio| radio.checked())
    })
}

fn fire(target: &web_sys::EventTarget, kind: &str) {
    if let Ok(event) = Event::new(kind) {
        let _ = target.dispatch_event(&event);
    }
}
