//! Reading list-posts query strings the way the real (Express) server does (POSTPOST_API.md §3.1).
//!
//! Data flow: the list-posts handler in `mock::routes` hands the decoded `(name, value)` pairs of
//! the query string to [`parse_list_query`] and either answers the 400 it returns or passes the
//! resulting [`ListQuery`] to `Store::list`. Also home of the JavaScript-flavoured number and date
//! readers (`parseInt`, `new Date()`) that the rules are written in terms of.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

use super::store::ListQuery;
use crate::api::model::{PostStatus, SortField, SortOrder, error_text, parse_instant};

/// Smallest and largest page size (§3.1).
const LIMIT_RANGE: (i64, i64) = (1, 100);
/// Page size when `limit` is absent or falsy (§3.1).
const DEFAULT_LIMIT: i64 = 20;

/// JavaScript's `parseInt(text, 10)`: optional leading whitespace and sign, then the longest run
/// of decimal digits; `None` (NaN) when there is no digit. Values beyond `i64` saturate.
pub fn js_parse_int(text: &str) -> Option<i64> {
    let text = text.trim_start();
    let (negative, rest) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return None;
    }
    let magnitude: i64 = rest[..digits].parse().unwrap_or(i64::MAX);
    Some(if negative { -magnitude } else { magnitude })
}

/// The forms of JavaScript's `new Date(text)` the mock accepts for `fromDate`/`toDate` (§1.3):
/// anything [`parse_instant`] reads (RFC 3339; offset-less ISO read as UTC), a plain date
/// `2026-05-01` (UTC midnight, as JavaScript reads date-only ISO), and `2026-05-01 10:00:00`
/// (read as UTC, where JavaScript would use the local zone) [INF]. `None` = "Invalid Date".
pub fn js_parse_date(text: &str) -> Option<DateTime<Utc>> {
    let text = text.trim();
    parse_instant(text)
        .or_else(|| {
            NaiveDate::parse_from_str(text, "%Y-%m-%d")
                .ok()
                .and_then(|date| date.and_hms_opt(0, 0, 0))
                .map(|naive| naive.and_utc())
        })
        .or_else(|| {
            NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S%.f")
                .ok()
                .map(|naive| naive.and_utc())
        })
}

/// Builds a [`ListQuery`] from decoded query pairs, following §3.1 rule by rule:
///
/// * `page`: `max(1, parseInt(page) || 1)`, so `0`, `-3`, `abc` → 1; never an error.
/// * `limit`: `parseInt(limit) || 20`, then clamped to 1..=100 (`0`/`abc`/empty → 20, `-5` → 1,
///   `500` → 100); never an error.
/// * `status`: exact match on one of the five group statuses, else 400
///   [`error_text::INVALID_STATUS`]; empty = absent [INF].
/// * `platform`: not validated; kept for the prefix match; empty = absent.
/// * `sortBy`: `createdAt` | `scheduledTime` | `updatedAt`, else 400
///   [`error_text::INVALID_SORT_BY`]; empty = absent [INF].
/// * `sortOrder`: `asc`, anything else is `desc`.
/// * `fromDate` / `toDate`: [`js_parse_date`], else 400 [`error_text::INVALID_FROM_DATE`] /
///   [`error_text::INVALID_TO_DATE`]; empty = absent (JavaScript falsy) [INF].
///
/// When a name repeats, the first value is used [INF]. Checks run in the order status, sortBy,
/// fromDate, toDate [INF].
///
/// # Errors
/// The literal 400 message of the first failing check.
pub fn parse_list_query(pairs: &[(String, String)]) -> Result<ListQuery, &'static str> {
    let get = |name: &str| {
        pairs
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
            .filter(|value| !value.is_empty())
    };

    let page = get("page")
        .and_then(js_parse_int)
        .filter(|&p| p != 0)
        .unwrap_or(1)
        .max(1);
    let limit = get("limit")
        .and_then(js_parse_int)
        .filter(|&l| l != 0)
        .unwrap_or(DEFAULT_LIMIT)
        .clamp(LIMIT_RANGE.0, LIMIT_RANGE.1);

    let status = match get("status") {
        None => None,
        Some(text) => match PostStatus::from_wire(text) {
            PostStatus::Other(_) => return Err(error_text::INVALID_STATUS),
            known => Some(known),
        },
    };
    let sort_by = match get("sortBy") {
        None | Some("createdAt") => SortField::CreatedAt,
        Some("scheduledTime") => SortField::ScheduledTime,
        Some("updatedAt") => SortField::UpdatedAt,
        Some(_) => return Err(error_text::INVALID_SORT_BY),
    };
    let sort_order = match get("sortOrder") {
        Some("asc") => SortOrder::Asc,
        _ => SortOrder::Desc,
    };
    let from = match get("fromDate") {
        None => None,
        Some(text) => Some(js_parse_date(text).ok_or(error_text::INVALID_FROM_DATE)?),
    };
    let to = match get("toDate") {
        None => None,
        Some(text) => Some(js_parse_date(text).ok_or(error_text::INVALID_TO_DATE)?),
    };

    Ok(ListQuery {
        page: u64::try_from(page).unwrap_or(1),
        limit: u64::try_from(limit).unwrap_or(1),
        status,
        platform: get("platform").map(str::to_string),
        sort_by,
        sort_order,
        from,
        to,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
        items
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn parse_int_follows_javascript() {
        assert_eq!(js_parse_int("12"), Some(12));
        assert_eq!(js_parse_int("  -5"), Some(-5));
        assert_eq!(js_parse_int("3abc"), Some(3));
        assert_eq!(js_parse_int("abc"), None);
        assert_eq!(js_parse_int(""), None);
        assert_eq!(js_parse_int("99999999999999999999999"), Some(i64::MAX));
    }

    #[test]
    fn page_and_limit_clamp() {
        let q = parse_list_query(&pairs(&[("page", "0"), ("limit", "-5")])).expect("ok");
        assert_eq!((q.page, q.limit), (1, 1));
        let q = parse_list_query(&pairs(&[("page", "abc"), ("limit", "500")])).expect("ok");
        assert_eq!((q.page, q.limit), (1, 100));
        let q = parse_list_query(&pairs(&[("page", "3"), ("limit", "0")])).expect("ok");
        assert_eq!((q.page, q.limit), (3, 20));
    }

    #[test]
    fn dates_accept_plain_dates_and_reject_junk() {
        assert_eq!(
            js_parse_date("2026-05-01"),
            parse_instant("2026-05-01T00:00:00Z")
        );
        assert!(js_parse_date("2026-05-01T10:00:00+02:00").is_some());
        assert!(js_parse_date("2026-05-01 10:00:00").is_some());
        assert!(js_parse_date("yesterday").is_none());
        assert_eq!(
            parse_list_query(&pairs(&[("toDate", "soon")])),
            Err(error_text::INVALID_TO_DATE)
        );
    }
}
