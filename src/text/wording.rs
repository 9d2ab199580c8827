//! Counts in words, written once for the TUI's notices and dialogs and the headless reports.

use std::collections::BTreeMap;

/// `one` when `count` is 1, else `many`: `noun(3, "post", "posts")` is `posts`.
pub fn noun<'a>(count: usize, one: &'a str, many: &'a str) -> &'a str {
    if count == 1 { one } else { many }
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
    fn counts_are_listed_in_order() {
        let counts = BTreeMap::from([("published".to_string(), 2), ("failed".to_string(), 1)]);
        assert_eq!(describe_counts(&counts), "failed 1, published 2");
        assert_eq!(describe_counts(&BTreeMap::new()), "");
    }
}
