//! The optional time window of an open survey: answers are taken only between its ends.

use serde::{Deserialize, Serialize};

use super::calendar::{beijing_minute, days_from_civil, BEIJING_OFFSET_HOURS};
use super::validation::{ErrorCode, FieldError};

/// When an open survey takes answers, in milliseconds since the Unix epoch. Either end may
/// be absent; with neither, an open survey takes answers until staff close it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Schedule {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opens_at: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closes_at: Option<i64>,
}

/// Whether the fill page takes answers now, and what it says of its time window: the
/// rule of both renderings of the page (the server's first screen and the app's form).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Availability {
    /// Open, and inside the window if staff set one (the server checks again on submit).
    pub takes_answers: bool,
    /// The window's note, for an open survey with a window.
    pub window_note: Option<String>,
}

impl Availability {
    pub fn at(status: super::survey::SurveyStatus, schedule: &Schedule, now_ms: i64) -> Self {
        let is_open = status == super::survey::SurveyStatus::Open;
        let state = schedule.state_at(now_ms);
        let window_note = (is_open && !schedule.is_empty()).then(|| {
            let when = schedule.describe_zh();
            match state {
                WindowState::NotYet => format!("本次测评尚未开始。填写时间：{when}"),
                WindowState::Ended => format!("本次测评已截止。填写时间：{when}"),
                WindowState::Within => format!("填写时间：{when}"),
            }
        });
        Availability {
            takes_answers: is_open && state == WindowState::Within,
            window_note,
        }
    }

    /// The "not open" notice shows where no window note says more.
    pub fn says_not_open(&self) -> bool {
        !self.takes_answers && self.window_note.is_none()
    }
}

/// Where a moment falls against the window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WindowState {
    NotYet,
    Within,
    Ended,
}

impl Schedule {
    pub fn is_empty(&self) -> bool {
        self.opens_at.is_none() && self.closes_at.is_none()
    }

    /// The window includes its opening millisecond and excludes its closing one.
    pub fn state_at(&self, now_ms: i64) -> WindowState {
        if self.opens_at.is_some_and(|t| now_ms < t) {
            WindowState::NotYet
        } else if self.closes_at.is_some_and(|t| now_ms >= t) {
            WindowState::Ended
        } else {
            WindowState::Within
        }
    }

    /// Refuse a window that ends before it starts.
    pub fn check(&self) -> Result<(), FieldError> {
        match (self.opens_at, self.closes_at) {
            (Some(opens), Some(closes)) if closes <= opens => {
                let mut error = FieldError::new("closes_at", ErrorCode::InvalidDefinition);
                error.message = "截止时间必须晚于开始时间".into();
                Err(error)
            }
            _ => Ok(()),
        }
    }

    /// "2026-12-01 09:00 至 2026-12-15 18:00（北京时间）", or "" without a window.
    pub fn describe_zh(&self) -> String {
        match (self.opens_at, self.closes_at) {
            (None, None) => String::new(),
            (Some(o), None) => format!("{} 起（北京时间）", beijing_minute(o)),
            (None, Some(c)) => format!("截止于 {}（北京时间）", beijing_minute(c)),
            (Some(o), Some(c)) => {
                format!("{} 至 {}（北京时间）", beijing_minute(o), beijing_minute(c))
            }
        }
    }
}

/// Parse "YYYY-MM-DDTHH:MM" (what a `datetime-local` input gives; a space also works) as
/// Beijing time.
pub fn parse_beijing_minute(text: &str) -> Option<i64> {
    let text = text.trim();
    let (date, time) = text.split_once(['T', ' '])?;
    let mut date_parts = date.splitn(3, '-').map(|p| p.parse::<i64>().ok());
    let (year, month, day) = (
        date_parts.next()??,
        date_parts.next()??,
        date_parts.next()??,
    );
    let (hour, minute) = time.split_once(':')?;
    let (hour, minute) = (
        hour.parse::<i64>().ok()?,
        minute.get(..2)?.parse::<i64>().ok()?,
    );
    let valid = (1..=12).contains(&month)
        && (1..=31).contains(&day)
        && (0..24).contains(&hour)
        && (0..60).contains(&minute);
    if !valid {
        return None;
    }
    let days = days_from_civil(year, month as u32, day as u32);
    // Round-trip to refuse dates such as 02-30.
    if super::calendar::civil_date(days) != (year, month as u32, day as u32) {
        return None;
    }
    Some(((days * 24 + hour - BEIJING_OFFSET_HOURS) * 60 + minute) * 60_000)
}

/// The inverse: "YYYY-MM-DDTHH:MM" in Beijing time, for a `datetime-local` input.
pub fn format_beijing_input(ms: i64) -> String {
    beijing_minute(ms).replacen(' ', "T", 1)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_fill_page_takes_answers_only_when_open_and_within_its_window() {
        use crate::domain::survey::SurveyStatus::{Closed, Open};
        let window = Schedule {
            opens_at: Some(1_000),
            closes_at: Some(2_000),
        };
        let none = Schedule::default();
        let cases = [
            (Open, none, 1_500, true, None),
            (Closed, none, 1_500, false, None),
            (Closed, window, 1_500, false, None),
            (Open, window, 500, false, Some("本次测评尚未开始")),
            (Open, window, 1_500, true, Some("填写时间")),
            (Open, window, 2_000, false, Some("本次测评已截止")),
        ];
        for (status, schedule, now, takes, note) in cases {
            let a = Availability::at(status, &schedule, now);
            assert_eq!(a.takes_answers, takes, "{status:?} {now}");
            match note {
                Some(start) => assert!(a.window_note.as_deref().unwrap().starts_with(start)),
                None => assert!(a.window_note.is_none()),
            }
            assert_eq!(a.says_not_open(), !takes && note.is_none());
        }
    }

    use super::*;

    // 2026-12-01 00:00 Beijing = 2026-11-30 16:00 UTC.
    const DEC_1: i64 = 1_796_054_400_000;

    #[test]
    fn beijing_times_parse_and_print_back() {
        let cases = [
            ("2026-12-01T00:00", Some(DEC_1)),
            (
                "2026-12-01 08:30",
                Some(DEC_1 + 8 * 3_600_000 + 30 * 60_000),
            ),
            ("2024-02-29T12:00", Some(1_709_179_200_000)),
            ("2023-02-29T12:00", None),
            ("2026-13-01T00:00", None),
            ("2026-12-01T24:00", None),
            ("2026-12-01", None),
            ("", None),
        ];
        for (text, expected) in cases {
            assert_eq!(parse_beijing_minute(text), expected, "{text}");
            if let Some(ms) = expected {
                assert_eq!(format_beijing_input(ms), text.replacen(' ', "T", 1));
            }
        }
    }

    #[test]
    fn the_window_includes_its_start_and_excludes_its_end() {
        let window = Schedule {
            opens_at: Some(DEC_1),
            closes_at: Some(DEC_1 + 1000),
        };
        let cases = [
            (DEC_1 - 1, WindowState::NotYet),
            (DEC_1, WindowState::Within),
            (DEC_1 + 999, WindowState::Within),
            (DEC_1 + 1000, WindowState::Ended),
        ];
        for (now, expected) in cases {
            assert_eq!(window.state_at(now), expected, "{now}");
        }
        assert_eq!(Schedule::default().state_at(0), WindowState::Within);
        let open_end = Schedule {
            opens_at: None,
            closes_at: Some(DEC_1),
        };
        assert_eq!(open_end.state_at(DEC_1 - 1), WindowState::Within);
    }

    #[test]
    fn a_window_must_end_after_it_starts() {
        let backwards = Schedule {
            opens_at: Some(DEC_1),
            closes_at: Some(DEC_1),
        };
        assert_eq!(backwards.check().unwrap_err().field, "closes_at");
        assert!(Schedule::default().check().is_ok());
        assert_eq!(
            backwards.describe_zh(),
            "2026-12-01 00:00 至 2026-12-01 00:00（北京时间）"
        );
    }
}
