//! Counts and spans of time in words, written once for the TUI's notices and dialogs and the
//! headless reports.

use std::collections::BTreeMap;
use std::time::Duration;

/// `one` when `count` is 1, else `many`: `noun(3, "post", "posts")` is `posts`.
pub fn noun<'a>(count: usize, one: &'a str, many: &'a str) -> &'a str {
    if count == 1 { one } else { many }
}

/// `8,700`: a count with its thousands grouped, as notices say it.
pub fn grouped(count: usize) -> String {
    let digits = count.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// `published 2, failed 1`: each name with its count, in the map's order.
pub fn describe_counts(counts: &BTreeMap<String, usize>) -> String {
    counts
        .iter()
        .map(|(name, count)| format!("{name} {count}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A span of time in the largest unit that keeps it at 2 or more, rounded down: `45 seconds`,
/// `5 minutes`, `3 hours`, `11 days`, `292471208677 years` (never more than a `u64` of years).
pub fn duration(span: Duration) -> String {
    const UNITS: [(u64, &str, &str); 5] = [
        (365 * 86_400, "year", "years"),
        (86_400, "day", "days"),
        (3_600, "hour", "hours"),
        (60, "minute", "minutes"),
        (1, "second", "seconds"),
    ];
    let seconds = span.as_secs();
    let (size, one, many) = UNITS
        .iter()
        .copied()
        .find(|(size, _, _)| seconds / size >= 2)
        .unwrap_or((1, "second", "seconds"));
    let count = seconds / size;
    let count_usize = usize::try_from(count).unwrap_or(usize::MAX);
    format!("{count} {}", noun(count_usize, one, many))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_use_the_largest_fitting_unit() {
        let secs = Duration::from_secs;
        assert_eq!(duration(secs(0)), "0 seconds");
        assert_eq!(duration(secs(1)), "1 second");
        assert_eq!(duration(secs(119)), "119 seconds");
        assert_eq!(duration(secs(300)), "5 minutes");
        assert_eq!(duration(secs(999_999)), "11 days");
        assert_eq!(duration(secs(u64::MAX)), "584942417355 years");
    }

    #[test]
    fn nouns_follow_the_count() {
        assert_eq!(noun(0, "post", "posts"), "posts");
        assert_eq!(noun(1, "post", "posts"), "post");
        assert_eq!(noun(2, "entry", "entries"), "entries");
    }

    #[test]
    fn counts_are_grouped_by_thousands() {
        for (count, text) in [
            (0, "0"),
            (999, "999"),
            (1_000, "1,000"),
            (8_700, "8,700"),
            (123_456, "123,456"),
            (1_234_567, "1,234,567"),
        ] {
            assert_eq!(grouped(count), text);
        }
    }

    #[test]
    fn counts_are_listed_in_order() {
        let counts = BTreeMap::from([("published".to_string(), 2), ("failed".to_string(), 1)]);
        assert_eq!(describe_counts(&counts), "failed 1, published 2");
        assert_eq!(describe_counts(&BTreeMap::new()), "");
    }
}
