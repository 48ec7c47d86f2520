use leptos::prelude::*;

/// A list of radio buttons, each in a large tappable label. Used by choice questions, scales,
/// the ballot and every row of a matrix.
#[component]
pub fn RadioOptions(
    /// The radio group's name (unique on the page).
    name: String,
    /// (id, label) of every option, in the current language.
    #[prop(into)]
    options: Signal<Vec<(String, String)>>,
    /// The chosen option id.
    #[prop(into)]
    chosen: Signal<Option<String>>,
    /// Called with the id of the option picked.
    on_pick: Callback<String>,
    /// Ids of the help and error texts that describe the inputs.
    described_by: String,
    /// Extra class for the option list (e.g. a horizontal scale).
    #[prop(optional)]
    layout: &'static str,
) -> impl IntoView {
    let radios = move || {
        options
            .get()
            .into_iter()
            .map(|(value, label)| {
                let checked_value = value.clone();
                let sent_value = value.clone();
                view! {
                    <label class="option">
                        <input
                            type="radio"
                            id=format!("{name}-{value}")
                            name=name.clone()
                            value=value
                            aria-describedby=described_by.clone()
                            prop:checked=move || {
                                chosen.with(|c| c.as_deref() == Some(checked_value.as_str()))
                            }
                            on:change=move |_| on_pick.run(sent_value.clone())
                        />
                        <span>{label}</span>
                    </label>
                }
            })
            .collect_view()
    };
    view! { <div class=format!("options {layout}")>{radios}</div> }
}
