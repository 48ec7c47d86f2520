use leptos::prelude::*;

/// An inline validation message, announced by screen readers when it appears.
#[component]
pub fn FieldErrorText(
    /// The element id that inputs point to with `aria-describedby`.
    id: String,
    /// The message, or nothing when the field is fine.
    #[prop(into)]
    message: Signal<Option<String>>,
) -> impl IntoView {
    view! {
        <p class="field-error" id=id role="alert" hidden=move || message.get().is_none()>
            {move || message.get().unwrap_or_default()}
        </p>
    }
}
