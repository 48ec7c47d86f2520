//! Asking staff to confirm a step that cannot be taken back.

/// The browser's own confirmation dialog; `false` when there is no window to ask in.
pub fn confirm(question: &str) -> bool {
    web_sys::window()
        .and_then(|w| w.confirm_with_message(question).ok())
        .unwrap_or(false)
}
