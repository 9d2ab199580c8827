//! Reading and writing the reschedule dialog's time: the user types a time in
//! the screen's zone (local by default, UTC in tests), and [`parse`] turns it into the UTC
//! instant sent as update-post's `scheduledTime` (POSTPOST_API.md §1.3, §3.4). Pure: the
//! current time and the zone are passed in, so `app::update` stays free of clock reads.
//!
//! Accepted forms (case-insensitive, surrounding spaces ignored):
//! * `2026-12-01 09:30` (also with `T` instead of the space, and with `:SS`);
//! * `09:30` — the next 09:30: today if it is still ahead, else tomorrow;
//! * `today 09:30`, `tomorrow 09:30` (`tomorrow` alone means tomorrow at the current minute);
//! * `+90m`, `+2h`, `+1d`, and sums like `+1d2h30m` — that long from now, to the minute;
//! * `now`.
//!
//! Every form but `now` gives a whole minute, as the dialog shows it: what is sent is what the
//! user saw (a relative time is not carried to the second).

use chrono::{
    DateTime, Duration, Local, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc,
};

use crate::time::TimeZoneChoice;

/// How a time is written in the dialog's input field: `2026-12-01 09:30`.
pub const INPUT_FORMAT: &str = "%Y-%m-%d %H:%M";

/// Reads `text` as an instant (see the module docs for the forms), with wall-clock forms taken
/// in `zone` and relative ones counted from `now`.
///
/// # Errors
/// A short explanation for the dialog: empty input, an unknown form, a date or time that does
/// not exist, or a local time skipped by a daylight-saving change.
pub fn parse(
    text: &str,
    now: DateTime<Utc>,
    zone: TimeZoneChoice,
) -> Result<DateTime<Utc>, String> {
    let text = text.trim().to_ascii_lowercase();
    if text.is_empty() {
        return Err("type a time, e.g. 2026-12-01 09:30, +2h or tomorrow 09:00".into());
    }
    if text == "now" {
        return Ok(now);
    }
    if let Some(rest) = text.strip_prefix('+') {
        let offset = relative(rest)?;
        return now
            .checked_add_signed(offset)
            .map(whole_minute)
            .ok_or_else(|| "that is too far ahead".to_string());
    }
    let today = local_date(now, zone);
    if let Some(rest) = text.strip_prefix("tomorrow") {
        let date = today
            .succ_opt()
            .ok_or_else(|| "that date is out of range".to_string())?;
        let time = match rest.trim() {
            "" => local_naive(whole_minute(now), zone).time(),
            clock => time_of_day(clock)?,
        };
        return from_local(date.and_time(time), zone);
    }
    if let Some(rest) = text.strip_prefix("today") {
        return from_local(today.and_time(time_of_day(rest.trim())?), zone);
    }
    if !text.contains('-') {
        // A bare clock time means its next occurrence: 09:00 typed at 23:49 is tomorrow's.
        let time = time_of_day(&text)?;
        let today_at = from_local(today.and_time(time), zone)?;
        if today_at >= now {
            return Ok(today_at);
        }
        let tomorrow = today
            .succ_opt()
            .ok_or_else(|| "that date is out of range".to_string())?;
        return from_local(tomorrow.and_time(time), zone);
    }
    let normalised = text.replacen('t', " ", 1);
    let naive = ["%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]
        .iter()
        .find_map(|format| NaiveDateTime::parse_from_str(&normalised, format).ok())
        .ok_or_else(|| {
            format!("cannot read {text:?}: use YYYY-MM-DD HH:MM, HH:MM, +2h, +1d or tomorrow 09:00")
        })?;
    from_local(naive, zone)
}

/// `instant` with its seconds and fraction dropped.
fn whole_minute(instant: DateTime<Utc>) -> DateTime<Utc> {
    let seconds = instant.timestamp();
    DateTime::from_timestamp(seconds - seconds.rem_euclid(60), 0).unwrap_or(instant)
}

/// `instant` written in `zone` as the input field shows it ([`INPUT_FORMAT`]).
pub fn format_input(instant: DateTime<Utc>, zone: TimeZoneChoice) -> String {
    local_naive(instant, zone).format(INPUT_FORMAT).to_string()
}

/// The prefill of the input: `scheduled` when it lies ahead of `now`, else one hour from now,
/// both rounded up to the next quarter hour.
pub fn prefill(scheduled: Option<DateTime<Utc>>, now: DateTime<Utc>) -> DateTime<Utc> {
    let base = scheduled
        .filter(|time| *time > now)
        .unwrap_or(now + Duration::hours(1));
    let quarter = 15 * 60;
    let seconds = base.timestamp();
    let rounded = if seconds % quarter == 0 && base.timestamp_subsec_nanos() == 0 {
        seconds
    } else {
        (seconds.div_euclid(quarter) + 1) * quarter
    };
    DateTime::from_timestamp(rounded, 0).unwrap_or(base)
}

fn local_naive(instant: DateTime<Utc>, zone: TimeZoneChoice) -> NaiveDateTime {
    match zone {
        TimeZoneChoice::Utc => instant.naive_utc(),
        TimeZoneChoice::Local => instant.with_timezone(&Local).naive_local(),
    }
}

fn local_date(now: DateTime<Utc>, zone: TimeZoneChoice) -> NaiveDate {
    local_naive(now, zone).date()
}

/// A wall-clock time in `zone` as an instant; the earlier one when a DST change repeats it.
fn from_local(naive: NaiveDateTime, zone: TimeZoneChoice) -> Result<DateTime<Utc>, String> {
    match zone {
        TimeZoneChoice::Utc => Ok(naive.and_utc()),
        TimeZoneChoice::Local => match Local.from_local_datetime(&naive) {
            LocalResult::Single(time) | LocalResult::Ambiguous(time, _) => {
                Ok(time.with_timezone(&Utc))
            }
            LocalResult::None => Err(format!(
                "{} does not exist in the local time zone (a daylight-saving change skips it)",
                naive.format(INPUT_FORMAT)
            )),
        },
    }
}

fn time_of_day(text: &str) -> Result<NaiveTime, String> {
    ["%H:%M", "%H:%M:%S"]
        .iter()
        .find_map(|format| NaiveTime::parse_from_str(text, format).ok())
        .ok_or_else(|| format!("cannot read the time {text:?}: use HH:MM, e.g. 09:30"))
}

/// `1d2h30m` → that duration; units d, h, m, each at most once in any order.
fn relative(text: &str) -> Result<Duration, String> {
    let bad = || format!("cannot read +{text}: use e.g. +90m, +2h, +1d or +1d2h");
    let mut total = Duration::zero();
    let mut digits = String::new();
    let mut seen_unit = false;
    for c in text.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        let amount: i64 = digits.parse().map_err(|_| bad())?;
        digits.clear();
        let part = match c {
            'd' => Duration::try_days(amount),
            'h' => Duration::try_hours(amount),
            'm' => Duration::try_minutes(amount),
            _ => None,
        }
        .ok_or_else(bad)?;
        total = total.checked_add(&part).ok_or_else(bad)?;
        seen_unit = true;
    }
    if !digits.is_empty() || !seen_unit {
        return Err(bad());
    }
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        crate::api::model::parse_instant(text).expect("test instant")
    }

    #[test]
    fn absolute_relative_and_named_forms() {
        let now = at("2026-11-29T22:50:10Z");
        let utc = TimeZoneChoice::Utc;
        assert_eq!(
            parse("2026-12-01 09:30", now, utc),
            Ok(at("2026-12-01T09:30:00Z"))
        );
        assert_eq!(
            parse(" 2026-12-01T09:30:15 ", now, utc),
            Ok(at("2026-12-01T09:30:15Z"))
        );
        // Relative times are whole minutes, as the dialog shows them.
        assert_eq!(parse("+2h", now, utc), Ok(at("2026-11-30T00:50:00Z")));
        assert_eq!(parse("+1d2h30m", now, utc), Ok(at("2026-12-01T01:20:00Z")));
        assert_eq!(parse("tomorrow", now, utc), Ok(at("2026-11-30T22:50:00Z")));
        assert_eq!(
            parse("tomorrow 09:00", now, utc),
            Ok(at("2026-11-30T09:00:00Z"))
        );
        assert_eq!(
            parse("Today 23:00", now, utc),
            Ok(at("2026-11-29T23:00:00Z"))
        );
        // A clock time already passed today means tomorrow's; one still ahead means today's.
        assert_eq!(parse("08:15", now, utc), Ok(at("2026-11-30T08:15:00Z")));
        assert_eq!(parse("23:15", now, utc), Ok(at("2026-11-29T23:15:00Z")));
        assert_eq!(parse("now", now, utc), Ok(now));
        for bad in [
            "",
            "2026-13-01 09:00",
            "+2x",
            "+h",
            "+2",
            "tomorrow 25:00",
            "soon",
            // Valid as a duration, but beyond the calendar: an error, not a panic.
            "+99999999d",
        ] {
            assert!(parse(bad, now, utc).is_err(), "{bad:?} must not parse");
        }
    }

    #[test]
    fn prefill_rounds_up_to_the_quarter_hour() {
        let now = at("2026-11-29T22:50:10Z");
        assert_eq!(prefill(None, now), at("2026-11-30T00:00:00Z"));
        assert_eq!(
            prefill(Some(at("2026-12-01T14:30:00Z")), now),
            at("2026-12-01T14:30:00Z")
        );
        // A past scheduled time is not offered.
        assert_eq!(
            prefill(Some(at("2026-11-01T10:00:00Z")), now),
            at("2026-11-30T00:00:00Z")
        );
        assert_eq!(
            format_input(at("2026-12-01T14:30:00Z"), TimeZoneChoice::Utc),
            "2026-12-01 14:30"
        );
    }
}
