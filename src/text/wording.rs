//! Counts in words, written once for the TUI's notices and dialogs and the headless reports.

use std::collections::BTreeMap;

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

#[cfg(test)]
mod tests {
    use super::*;

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
