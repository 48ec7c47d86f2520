use leptos::prelude::*;

use super::ChartCanvas;
use crate::charts::timeline;
use crate::domain::results::query::PeriodCount;
use crate::domain::results::{per_day, per_hour};
use crate::domain::wire::ChannelCount;

/// Beijing time, where the committee works.
const UTC_OFFSET_HOURS: i64 = 8;

/// (year, month, day) of a count of days since 1970-01-01 (proleptic Gregorian).
fn civil_date(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(month <= 2), month, day)
}

/// A period start as local "M月D日" or "M月D日 H时".
fn local_label(start_ms: i64, daily: bool) -> String {
    let local_hours = start_ms.div_euclid(3_600_000) + UTC_OFFSET_HOURS;
    let (_, month, day) = civil_date(local_hours.div_euclid(24));
    if daily {
        format!("{month}月{day}日")
    } else {
        format!("{month}月{day}日{}时", local_hours.rem_euclid(24))
    }
}

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
            per_day(&raw, UTC_OFFSET_HOURS)
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
        <ChartCanvas height=240u32 summary testid="chart-timeline"
            draw=move |area, style| {
                let is_daily = daily.get();
                let _ = periods.with(|p| timeline(area, p, target.get(), &|ms| local_label(ms, is_daily), style));
            } />
        <Show when=move || channels.with(|c| c.len() > 1 || c.first().is_some_and(|c| !c.channel.is_empty()))>
            <table class="channel-table" data-testid="channel-table">
                <caption>"按渠道统计"</caption>
                <thead><tr><th scope="col">"渠道"</th><th scope="col" class="num">"份数"</th></tr></thead>
                <tbody>
                    {move || channels.get().into_iter().map(|c| view! {
                        <tr><td>{if c.channel.is_empty() { "通用链接".to_string() } else { c.channel }}</td><td class="num">{c.responses}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        </Show>
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn labels_use_beijing_dates() {
        // 2023-06-01 16:00 UTC is 2 June 00:00 in Beijing.
        assert_eq!(super::local_label(1_685_635_200_000, false), "6月2日0时");
        assert_eq!(super::local_label(1_685_635_200_000, true), "6月2日");
        assert_eq!(super::civil_date(0), (1970, 1, 1));
        assert_eq!(super::civil_date(19_782), (2024, 2, 29));
    }
}
