use leptos::prelude::*;

/// A text field inside its label (so the two are tied without ids), one line or several.
#[component]
pub fn LabeledInput(
    /// What the field is, shown above it.
    label: &'static str,
    /// The current text.
    #[prop(into)]
    value: Signal<String>,
    /// Called with the text on every keystroke.
    on_input: Callback<String>,
    /// `data-testid` of the input.
    #[prop(into, optional)]
    testid: String,
    /// Several lines (a textarea).
    #[prop(optional)]
    multiline: bool,
    /// A narrow field (ids, numbers).
    #[prop(optional)]
    short: bool,
    /// `inputmode` hint for phone keyboards ("numeric", "decimal").
    #[prop(optional)]
    inputmode: Option<&'static str>,
) -> impl IntoView {
    // Notify only on a real change: typing "0." into a number field leaves the model at 0,
    // and re-setting the text to "0" would swallow the dot.
    let value = Memo::new(move |_| value.get());
    let field = if multiline {
        view! {
            <textarea
                rows="2"
                data-testid=testid
                prop:value=move || value.get()
                on:input=move |ev| on_input.run(event_target_value(&ev))
            ></textarea>
        }
        .into_any()
    } else {
        view! {
            <input
                type="text"
                data-testid=testid
                inputmode=inputmode
                prop:value=move || value.get()
                on:input=move |ev| on_input.run(event_target_value(&ev))
            />
        }
        .into_any()
    };
    view! {
        <label class="field" class:field-short=short>
            <span class="field-label">{label}</span>
            {field}
        </label>
    }
}
