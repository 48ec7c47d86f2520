//! Dates for people in Beijing time (UTC+8), where the committee works: day boundaries for
//! counts per day, and labels on charts and logs.

/// Hours east of UTC.
pub const BEIJING_OFFSET_HOURS: i64 = 8;

/// (year, month, day) of a count of days since 1970-01-01 (proleptic Gregorian).
pub fn civil_date(days: i64) -> (i64, u32, u32) {
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

/// Days since 1970-01-01 of a (year, month, day): the inverse of [`civil_date`].
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let yoe = year.rem_euclid(400);
    let month = i64::from(month);
    let doy = (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// "YYYY-MM-DD HH:MM" in Beijing time.
pub fn beijing_minute(ms: i64) -> String {
    let minutes = ms.div_euclid(60_000) + BEIJING_OFFSET_HOURS * 60;
    let (days, minute_of_day) = (minutes.div_euclid(1_440), minutes.rem_euclid(1_440));
    let (y, m, d) = civil_date(days);
    format!(
        "{y}-{m:02}-{d:02} {:02}:{:02}",
        minute_of_day / 60,
        minute_of_day % 60
    )
}

/// The first millisecond of the Beijing day holding `ms`: all a secret ballot keeps of
/// when it arrived.
pub fn beijing_day_start(ms: i64) -> i64 {
    const DAY: i64 = 86_400_000;
    let offset = BEIJING_OFFSET_HOURS * 3_600_000;
    (ms + offset).div_euclid(DAY) * DAY - offset
}

/// "M月D日" (daily) or "M月D日H时" in Beijing time.
pub fn beijing_label(ms: i64, daily: bool) -> String {
    let local_hours = ms.div_euclid(3_600_000) + BEIJING_OFFSET_HOURS;
    let (_, month, day) = civil_date(local_hours.div_euclid(24));
    if daily {
        format!("{month}月{day}日")
    } else {
        format!("{month}月{day}日{}时", local_hours.rem_euclid(24))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_labels_follow_beijing_time() {
        assert_eq!(civil_date(0), (1970, 1, 1));
        assert_eq!(civil_date(19_782), (2024, 2, 29));
        assert_eq!(civil_date(-1), (1969, 12, 31));
        // 2023-06-01 16:00 UTC is 2 June 00:00 in Beijing.
        assert_eq!(beijing_label(1_685_635_200_000, false), "6月2日0时");
        assert_eq!(beijing_label(1_685_635_200_000, true), "6月2日");
        assert_eq!(
            beijing_minute(1_685_635_200_000 - 60_000),
            "2023-06-01 23:59"
        );
        // The whole Beijing day of 2 June maps to its midnight, and only it.
        for ms in [1_685_635_200_000, 1_685_635_200_000 + 86_399_999] {
            assert_eq!(beijing_day_start(ms), 1_685_635_200_000);
        }
        assert_eq!(
            beijing_day_start(1_685_635_200_000 - 1),
            1_685_635_200_000 - 86_400_000
        );
    }
}
