//! Reading and writing the reschedule dialog's time: the user types a time in the screen's
//! zone (the config's `timezone`, `--timezone`, else the machine's; UTC in tests), and
//! [`parse`] turns it into the UTC instant sent as update-post's `scheduledTime`
//! (POSTPOST_API.md §1.3, §3.4). Pure: the current time and the zone are passed in, so
//! `app::update` stays free of clock reads.
//!
//! Accepted forms (case-insensitive, surrounding spaces ignored):
//! * `2026-12-01 09:30` (also with `T` instead of the space, and with `:SS`);
//! * `2026-12-25` — a date alone means [`DEFAULT_TIME`] (09:00) that day;
//! * `09:30` — the next 09:30: today if it is still ahead, else tomorrow;
//! * `today 09:30`, `tomorrow 09:30` (`tomorrow` alone means tomorrow at the current minute);
//! * `mon 09:00`, `friday` — the next such day at that time (today if it is still ahead;
//!   09:00 when no time is given); `next fri 18:00` — that day of a later date, never today;
//! * `+90m`, `+2h`, `+1d`, `+1w`, and sums like `+1d2h30m` — that long from now, to the minute.
//!   Days and weeks are calendar days: `+1d` keeps the wall-clock time across a
//!   daylight-saving change; hours and minutes are elapsed time;
//! * `now`.
//!
//! Every form but `now` gives a whole minute, as the dialog shows it: what is sent is what the
//! user saw. A time more than [`MAX_DAYS_AHEAD`] days ahead is refused, with the reason. An
//! error names the part it could not read.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Utc, Weekday};

use crate::time::TimeZoneChoice;

/// How a time is written in the dialog's input field: `2026-12-01 09:30`.
pub const INPUT_FORMAT: &str = "%Y-%m-%d %H:%M";

/// The time of day a date given alone (`2026-12-25`, `fri`) means.
pub const DEFAULT_TIME: (u32, u32) = (9, 0);

/// The furthest ahead a typed time may be, in days (about ten years): further is a typo.
pub const MAX_DAYS_AHEAD: i64 = 3653;

const FORMS: &str = "use e.g. 2026-12-01 09:30, 2026-12-25, 09:30, tomorrow 09:00, mon 09:00, next fri, +2h, +1d or +1w";

/// Reads `text` as an instant (see the module docs for the forms), with wall-clock forms taken
/// in `zone` and relative ones counted from `now`.
///
/// # Errors
/// A short explanation for the dialog, naming the part not understood: empty input, an unknown
/// form, a date or time that does not exist, a local time skipped by a daylight-saving change,
/// or a time too far ahead.
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
    let time = match text.strip_prefix('+') {
        Some(rest) => relative(rest, now, zone)?,
        None => absolute(&text, now, zone)?,
    };
    if time - now > Duration::days(MAX_DAYS_AHEAD) {
        return Err(format!(
            "{} is more than 10 years ahead: refused as a likely typo",
            format_input(time, zone)
        ));
    }
    Ok(time)
}

/// The day part of an absolute time.
enum Day {
    Date(NaiveDate),
    Today,
    Tomorrow,
    /// A weekday; `next` never means today.
    Weekday {
        day: Weekday,
        next: bool,
    },
}

fn absolute(text: &str, now: DateTime<Utc>, zone: TimeZoneChoice) -> Result<DateTime<Utc>, String> {
    // `2026-12-01T09:30` is a date and a time.
    let spaced = match text.split_once('t') {
        Some((date, clock)) if date.contains('-') && clock.contains(':') => {
            format!("{date} {clock}")
        }
        _ => text.to_owned(),
    };
    let words: Vec<&str> = spaced.split_whitespace().collect();
    let (day, clock) = match words.as_slice() {
        [one] if one.contains(':') => (None, Some(*one)),
        [one] => (Some(day_of(one, false)?), None),
        ["next", day] => (Some(day_of(day, true)?), None),
        ["next", day, clock] => (Some(day_of(day, true)?), Some(*clock)),
        [day, clock] => (Some(day_of(day, false)?), Some(*clock)),
        _ => return Err(format!("cannot read {text:?}: {FORMS}")),
    };
    let clock = clock.map(time_of_day).transpose()?;
    let today = zone.today(now);
    let at = |date: NaiveDate, time: NaiveTime| from_local(date.and_time(time), zone);
    let default = NaiveTime::from_hms_opt(DEFAULT_TIME.0, DEFAULT_TIME.1, 0).unwrap_or_default();
    match day {
        // A bare clock time means its next occurrence: 09:00 typed at 23:49 is tomorrow's.
        None => {
            let time = clock.unwrap_or(default);
            let today_at = at(today, time)?;
            if today_at >= now {
                return Ok(today_at);
            }
            at(next_day(today)?, time)
        }
        Some(Day::Date(date)) => at(date, clock.unwrap_or(default)),
        Some(Day::Today) => match clock {
            Some(time) => at(today, time),
            None => Err("today needs a time, e.g. today 17:00".into()),
        },
        Some(Day::Tomorrow) => {
            let time = clock.unwrap_or_else(|| zone.civil(whole_minute(now)).time());
            at(next_day(today)?, time)
        }
        Some(Day::Weekday { day, next }) => {
            let time = clock.unwrap_or(default);
            let mut date = today;
            for step in 0..=7 {
                if date.weekday() == day && (step > 0 || !next) {
                    let candidate = at(date, time)?;
                    if step > 0 || candidate >= now {
                        return Ok(candidate);
                    }
                }
                date = next_day(date)?;
            }
            Err("that date is out of range".into())
        }
    }
}

fn next_day(date: NaiveDate) -> Result<NaiveDate, String> {
    date.succ_opt()
        .ok_or_else(|| "that date is out of range".to_string())
}

/// The day part: a date, `today`, `tomorrow` or a weekday (`mon`, `monday`).
fn day_of(word: &str, next: bool) -> Result<Day, String> {
    let weekday = |word: &str| -> Option<Weekday> {
        const NAMES: [(&str, Weekday); 7] = [
            ("monday", Weekday::Mon),
            ("tuesday", Weekday::Tue),
            ("wednesday", Weekday::Wed),
            ("thursday", Weekday::Thu),
            ("friday", Weekday::Fri),
            ("saturday", Weekday::Sat),
            ("sunday", Weekday::Sun),
        ];
        NAMES
            .iter()
            .find(|(name, _)| word.len() >= 3 && name.starts_with(word))
            .map(|(_, day)| *day)
    };
    if let Some(day) = weekday(word) {
        return Ok(Day::Weekday { day, next });
    }
    if next {
        return Err(format!(
            "cannot read {word:?} after next: use a weekday, e.g. next fri 18:00"
        ));
    }
    match word {
        "today" => Ok(Day::Today),
        "tomorrow" => Ok(Day::Tomorrow),
        date if date.contains('-') => NaiveDate::parse_from_str(date, "%Y-%m-%d")
            .map(Day::Date)
            .map_err(|_| format!("cannot read the date {date:?}: use YYYY-MM-DD, e.g. 2026-12-25")),
        other => Err(format!("cannot read {other:?}: {FORMS}")),
    }
}

/// `instant` with its seconds and fraction dropped.
fn whole_minute(instant: DateTime<Utc>) -> DateTime<Utc> {
    let seconds = instant.timestamp();
    DateTime::from_timestamp(seconds - seconds.rem_euclid(60), 0).unwrap_or(instant)
}

/// `instant` written in `zone` as the input field shows it ([`INPUT_FORMAT`]).
pub fn format_input(instant: DateTime<Utc>, zone: TimeZoneChoice) -> String {
    zone.civil(instant).format(INPUT_FORMAT).to_string()
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

/// A wall-clock time in `zone` as an instant; the earlier one when a DST change repeats it.
fn from_local(naive: NaiveDateTime, zone: TimeZoneChoice) -> Result<DateTime<Utc>, String> {
    zone.instant_of(naive).ok_or_else(|| {
        format!(
            "{} does not exist in {} (a daylight-saving change skips it)",
            naive.format(INPUT_FORMAT),
            zone.label()
        )
    })
}

fn time_of_day(text: &str) -> Result<NaiveTime, String> {
    // An hour alone: `18` is 18:00.
    if (1..=2).contains(&text.len()) && text.chars().all(|c| c.is_ascii_digit()) {
        return text
            .parse()
            .ok()
            .and_then(|hour| NaiveTime::from_hms_opt(hour, 0, 0))
            .ok_or_else(|| format!("cannot read the time {text:?}: use HH:MM, e.g. 09:30"));
    }
    ["%H:%M", "%H:%M:%S"]
        .iter()
        .find_map(|format| NaiveTime::parse_from_str(text, format).ok())
        .ok_or_else(|| format!("cannot read the time {text:?}: use HH:MM, e.g. 09:30"))
}

/// `1d2h30m` from `now`: weeks and days on the calendar (the wall-clock time is kept across a
/// daylight-saving change), then hours and minutes of elapsed time; units w, d, h, m, each at
/// most once, in any order.
fn relative(text: &str, now: DateTime<Utc>, zone: TimeZoneChoice) -> Result<DateTime<Utc>, String> {
    let bad = |part: &str| {
        format!("cannot read {part:?} in +{text}: use e.g. +90m, +2h, +1d, +1w or +1d2h")
    };
    let too_far = || format!("+{text} is more than 10 years ahead: refused as a likely typo");
    let (mut days, mut minutes) = (0i64, 0i64);
    let mut seen = String::new();
    let mut digits = String::new();
    for c in text.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        if digits.is_empty() || seen.contains(c) {
            return Err(bad(&format!("{digits}{c}")));
        }
        // More digits than fit are far too far ahead, not unreadable.
        let amount: i64 = digits.parse().map_err(|_| too_far())?;
        let (day_part, minute_part) = match c {
            'w' => (amount.checked_mul(7), Some(0)),
            'd' => (Some(amount), Some(0)),
            'h' => (Some(0), amount.checked_mul(60)),
            'm' => (Some(0), Some(amount)),
            _ => return Err(bad(&format!("{digits}{c}"))),
        };
        days = day_part
            .and_then(|part| days.checked_add(part))
            .ok_or_else(too_far)?;
        minutes = minute_part
            .and_then(|part| minutes.checked_add(part))
            .ok_or_else(too_far)?;
        if days > MAX_DAYS_AHEAD || minutes / (24 * 60) > MAX_DAYS_AHEAD {
            return Err(too_far());
        }
        seen.push(c);
        digits.clear();
    }
    if !digits.is_empty() {
        return Err(bad(&digits));
    }
    if seen.is_empty() {
        return Err(bad(text));
    }
    let start = whole_minute(now);
    let moved = if days == 0 {
        start
    } else {
        let civil = zone.civil(start) + Duration::days(days);
        from_local(civil, zone)?
    };
    moved
        .checked_add_signed(Duration::minutes(minutes))
        .ok_or_else(too_far)
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

    /// A table of inputs across a daylight-saving change in two zones: New York springs
    /// forward on 2026-03-08, Berlin falls back on 2026-10-25.
    #[test]
    fn forms_across_a_dst_change_in_two_zones() {
        let york = TimeZoneChoice::named("America/New_York").expect("tz database");
        // Saturday 2026-03-07 09:00 EST.
        let now = at("2026-03-07T14:00:00Z");
        let table = [
            // Calendar days keep the wall-clock time: 09:00 EDT the next day, 23 h later.
            ("+1d", "2026-03-08T13:00:00Z"),
            // Hours are elapsed time.
            ("+24h", "2026-03-08T14:00:00Z"),
            ("+1w", "2026-03-14T13:00:00Z"),
            ("+1d1h", "2026-03-08T14:00:00Z"),
            ("tomorrow 09:00", "2026-03-08T13:00:00Z"),
            ("2026-03-09", "2026-03-09T13:00:00Z"),
            ("mon 09:00", "2026-03-09T13:00:00Z"),
            ("Monday", "2026-03-09T13:00:00Z"),
            // Today is Saturday: 10:00 is still ahead, 08:00 is next week's.
            ("sat 10:00", "2026-03-07T15:00:00Z"),
            ("sat 08:00", "2026-03-14T12:00:00Z"),
            ("next sat", "2026-03-14T13:00:00Z"),
            ("next fri 18:00", "2026-03-13T22:00:00Z"),
            ("next fri 18", "2026-03-13T22:00:00Z"),
        ];
        for (input, want) in table {
            assert_eq!(
                parse(input, now, york),
                Ok(at(want)),
                "{input:?} in New York"
            );
        }
        let skipped = parse("2026-03-08 02:30", now, york).expect_err("skipped");
        assert!(skipped.contains("America/New_York"), "{skipped}");

        let berlin = TimeZoneChoice::named("Europe/Berlin").expect("tz database");
        // Saturday 2026-10-24 09:00 CEST.
        let now = at("2026-10-24T07:00:00Z");
        let table = [
            ("+1d", "2026-10-25T08:00:00Z"),
            ("+24h", "2026-10-25T07:00:00Z"),
            ("+2d", "2026-10-26T08:00:00Z"),
            ("next sun 09:00", "2026-10-25T08:00:00Z"),
            ("sun", "2026-10-25T08:00:00Z"),
            // 02:30 happens twice: the earlier (summer time) is meant.
            ("2026-10-25 02:30", "2026-10-25T00:30:00Z"),
            ("2026-10-25T12:00", "2026-10-25T11:00:00Z"),
        ];
        for (input, want) in table {
            assert_eq!(
                parse(input, now, berlin),
                Ok(at(want)),
                "{input:?} in Berlin"
            );
        }
    }

    /// An error names the part it could not read; an absurd time says why it is refused.
    #[test]
    fn errors_name_the_part_not_understood() {
        let now = at("2026-11-29T22:50:10Z");
        let utc = TimeZoneChoice::Utc;
        for (input, part) in [
            ("tomorow 09:00", "\"tomorow\""),
            ("tomorrow 25:00", "\"25:00\""),
            ("next xyz", "\"xyz\""),
            ("2026-13-01", "\"2026-13-01\""),
            ("+3x", "\"3x\""),
            ("+1d1d", "\"1d\""),
            ("+99999d", "10 years"),
            ("+99999999999999999999999d", "10 years"),
            ("2040-01-01 09:00", "10 years"),
            ("today", "today needs a time"),
        ] {
            let error = parse(input, now, utc).expect_err(input);
            assert!(error.contains(part), "{input:?}: {error}");
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
