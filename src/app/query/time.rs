//! The value of a time term (`30d`, `+7d`, `2026-11-01`, `2026-11-01 09:30`, an RFC 3339
//! instant), resolved to milliseconds against the current time and the display zone.

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, Utc};

use super::term::{TimeField, TimeOp, TimeSpec, TimeTerm};
use crate::time::TimeZoneChoice;

const ALLOWED: &str = "use an age (30d, 12h, 90m, 2w, 1d12h), +7d for ahead of now, a date \
                       (2026-11-01), \"2026-11-01 09:30\" or an RFC 3339 time";

pub(super) fn time_term(
    field: TimeField,
    op: TimeOp,
    text: &str,
    now: DateTime<Utc>,
    zone: TimeZoneChoice,
) -> Result<TimeTerm, String> {
    let key = field.key();
    if text.is_empty() {
        return Err(format!(
            "{key}: needs a time: {key}:<30d (more than 30 days ago), {key}:>2026-11-01 (from that day), {key}:2026-11-01 (on that day)"
        ));
    }
    let spec = spec(text).ok_or_else(|| format!("cannot read {text:?} as a time; {ALLOWED}"))?;
    let too_far = || format!("{text:?} is too far from now");
    let (at, until) = match (&spec, op) {
        (TimeSpec::Date(date), op) => {
            let start = start_of_day(*date, zone)
                .ok_or_else(|| format!("{date} has no midnight in the display zone"))?;
            let next = date
                .succ_opt()
                .and_then(|next| start_of_day(next, zone))
                .ok_or_else(too_far)?;
            (start, if op == TimeOp::On { next } else { start })
        }
        (_, TimeOp::On) => {
            return Err(format!(
                "{key}:{text} needs < or > before the time ({key}:<{text} or {key}:>{text}); only a date alone means \"on that day\""
            ));
        }
        (TimeSpec::Ago(parts), _) => {
            let at = now.checked_sub_signed(span(parts).ok_or_else(too_far)?);
            let at = at.ok_or_else(too_far)?;
            (at, at)
        }
        (TimeSpec::Ahead(parts), _) => {
            let at = now.checked_add_signed(span(parts).ok_or_else(too_far)?);
            let at = at.ok_or_else(too_far)?;
            (at, at)
        }
        (TimeSpec::Local(naive), _) => {
            let at = zone.instant_of(*naive).ok_or_else(|| {
                format!(
                    "{text} does not exist in the display zone (a daylight-saving change skips it)"
                )
            })?;
            (at, at)
        }
        (TimeSpec::Instant(instant), _) => (*instant, *instant),
    };
    Ok(TimeTerm {
        field,
        op,
        spec,
        at_ms: at.timestamp_millis(),
        until_ms: until.timestamp_millis(),
    })
}

fn spec(text: &str) -> Option<TimeSpec> {
    if let Some(rest) = text.strip_prefix('+') {
        return parts(rest).map(TimeSpec::Ahead);
    }
    if let Some(parts) = parts(text) {
        return Some(TimeSpec::Ago(parts));
    }
    if text.len() == 10 {
        return NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .ok()
            .map(TimeSpec::Date);
    }
    let local = text.replacen(['T', 't'], " ", 1);
    if let Some(naive) = ["%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]
        .iter()
        .find_map(|format| NaiveDateTime::parse_from_str(&local, format).ok())
    {
        return Some(TimeSpec::Local(naive));
    }
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|instant| TimeSpec::Instant(instant.with_timezone(&Utc)))
}

/// `1d12h` → `[(1, 'd'), (12, 'h')]`; units m, h, d, w (case-insensitive); `None` for anything
/// else, an empty text or a part without a number.
fn parts(text: &str) -> Option<Vec<(u64, char)>> {
    let mut parts = Vec::new();
    let mut amount: Option<u64> = None;
    for c in text.chars() {
        if let Some(digit) = c.to_digit(10) {
            amount = Some(
                amount
                    .unwrap_or(0)
                    .checked_mul(10)?
                    .checked_add(u64::from(digit))?,
            );
            continue;
        }
        let unit = c.to_ascii_lowercase();
        if !matches!(unit, 'm' | 'h' | 'd' | 'w') {
            return None;
        }
        parts.push((amount.take()?, unit));
    }
    (amount.is_none() && !parts.is_empty()).then_some(parts)
}

fn span(parts: &[(u64, char)]) -> Option<Duration> {
    parts
        .iter()
        .try_fold(Duration::zero(), |total, &(amount, unit)| {
            let amount = i64::try_from(amount).ok()?;
            let part = match unit {
                'm' => Duration::try_minutes(amount),
                'h' => Duration::try_hours(amount),
                'd' => Duration::try_days(amount),
                _ => Duration::try_weeks(amount),
            }?;
            total.checked_add(&part)
        })
}

/// The first instant of `date` in `zone` (midnight, or the first minute after a daylight-saving
/// change that skips midnight).
fn start_of_day(date: NaiveDate, zone: TimeZoneChoice) -> Option<DateTime<Utc>> {
    let midnight = date.and_hms_opt(0, 0, 0)?;
    (0..=240)
        .step_by(15)
        .find_map(|minutes| zone.instant_of(midnight + Duration::minutes(minutes)))
}
