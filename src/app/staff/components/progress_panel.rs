use leptos::prelude::*;

use crate::app::common::components::ChartCanvas;
use crate::charts::timeline;
use crate::domain::calendar::{beijing_label, BEIJING_OFFSET_HOURS};
use crate::domain::results::query::PeriodCount;
use crate::domain::results::{per_day, per_hour};
use crate::domain::wire::ChannelCount;

/// How collection is going: responses per hour (or per day over longer spans) with the
/// running total against the target, and responses per distribution channel.
#[component]
pub fn ProgressPanel(
    /// Responses per hour, ascending.
    #[prop(into)]
    hourly: Signal<Vec<PeriodCount>>,
    /// The target number of responses, if set.
    #[prop(into)]
    target: Signal<Option<u64>>,
    /// Responses per channel.
    #[prop(into)]
    channels: Signal<Vec<ChannelCount>>,
) -> impl IntoView {
    let daily = Signal::derive(move || {
        hourly.with(|h| match (h.first(), h.last()) {
            (Some(a), Some(b)) => b.start_ms - a.start_ms > 72 * 3_600_000,
            _ => false,
        })
    });
    let periods = Signal::derive(move || {
        let raw: Vec<(u32, u64)> = hourly.with(|h| {
            h.iter()
                .map(|p| ((p.start_ms / 3_600_000) as u32, p.count))
                .collect()
        });
        if daily.get() {
            per_day(&raw, BEIJING_OFFSET_HOURS)
        } else {
            per_hour(&raw)
        }
    });
    let summary = Signal::derive(move || {
        let total: u64 = hourly.with(|h| h.iter().map(|p| p.count).sum());
        format!(
            "共收到 {total} 份{}",
            if daily.get() {
                "，按日统计"
            } else {
                "，按小时统计"
            }
        )
    });
    view! {
        <ChartCanvas
            height=240u32
            summary
            testid="chart-timeline"
            draw=move |area, style| {
                let is_daily = daily.get();
                let _ = periods
                    .with(|p| timeline(
                        area,
                        p,
                        target.get(),
                        &|ms| beijing_label(ms, is_daily),
                        style,
                    ));
            }
        />
        <Show when=move || {
            channels.with(|c| c.len() > 1 || c.first().is_some_and(|c| !c.channel.is_empty()))
        }>
            <table class="channel-table" data-testid="channel-table">
                <caption>"按渠道统计"</caption>
                <thead>
                    <tr>
                        <th scope="col">"渠道"</th>
                        <th scope="col" class="num">
                            "份数"
                        </th>
                    </tr>
                </thead>
                <tbody>
                    {move || {
                        channels
                            .get()
                            .into_iter()
                            .map(|c| {
                                view! {
                                    <tr>
                                        <td>
                                            {if c.channel.is_empty() {
                                                "通用链接".to_string()
                                            } else {
                                                c.channel
                                            }}
                                        </td>
                                        <td class="num">{c.responses}</td>
                                    </tr>
                                }
                            })
                            .collect_view()
                    }}
                </tbody>
            </table>
        </Show>
    }
}
