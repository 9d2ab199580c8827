//! [`Matched`]: which rows the filter lets through, one flag per row in row order. Rows are read
//! in the order they are stored (never in the sort's order, which at a million rows would be a
//! cache miss per row), each word is looked for with one pass over the search index, and the
//! flags are kept: a sort change reuses them, rows arriving extend them, and typing that only
//! narrows the filter tests only the rows still passing.

use crate::app::state::filter::Filter;
use crate::app::state::rows::{PostRow, SearchIndex};

/// A word is looked for per row instead of with one pass over the whole index when fewer than
/// one row in this many is still a candidate.
const PER_ROW_BELOW: usize = 8;

/// The flags of one filter over rows `0..pass.len()`.
#[derive(Debug, Clone)]
pub(super) struct Matched {
    pub(super) filter: Filter,
    pub(super) pass: Vec<bool>,
}

impl Matched {
    /// `filter` over every row; `index` must cover them.
    pub(super) fn new(rows: &[PostRow], index: &SearchIndex, filter: Filter) -> Self {
        let pass = evaluate(rows, index, &filter, 0, None);
        Self { filter, pass }
    }

    /// The same filter over rows added since (`rows` holds the rows flagged so far, unchanged).
    pub(super) fn extend(&mut self, rows: &[PostRow], index: &SearchIndex) {
        if self.pass.len() < rows.len() {
            let added = evaluate(rows, index, &self.filter, self.pass.len(), None);
            self.pass.extend(added);
        }
    }

    /// Rows left: `remap[i]` is `None` for old row `i` gone.
    pub(super) fn remap(&mut self, remap: &[Option<u32>]) {
        let mut old = 0;
        self.pass.retain(|_| {
            old += 1;
            remap.get(old - 1).is_some_and(Option::is_some)
        });
    }

    /// `narrower`, which lets through only rows `self.filter` lets through, over the same rows:
    /// only the rows passing now are tested.
    pub(super) fn narrow(&self, rows: &[PostRow], index: &SearchIndex, narrower: Filter) -> Self {
        let pass = evaluate(rows, index, &narrower, 0, Some(&self.pass));
        Self {
            filter: narrower,
            pass,
        }
    }
}

/// The flags of `filter` for rows `start..`, testing only rows flagged in `within` when given.
fn evaluate(
    rows: &[PostRow],
    index: &SearchIndex,
    filter: &Filter,
    start: usize,
    within: Option<&[bool]>,
) -> Vec<bool> {
    let matcher = filter.query.matcher();
    let connection = filter.connection.as_deref();
    let rows_from = rows.get(start..).unwrap_or_default();
    let mut pass: Vec<bool> = rows_from
        .iter()
        .enumerate()
        .map(|(n, row)| {
            within.is_none_or(|within| within.get(start + n).copied().unwrap_or(false))
                && connection.is_none_or(|id| row.has_platform_id(id))
                && matcher.matches_structure(&row.subject(""))
        })
        .collect();
    for (negated, finder) in matcher.words() {
        words(rows, index, start, &mut pass, *negated, finder);
    }
    pass
}

/// Clears the flags of rows `start..` that fail the word `finder` (or hold it, when `negated`):
/// with one pass over the index while many rows are candidates, else row by row.
fn words(
    rows: &[PostRow],
    index: &SearchIndex,
    start: usize,
    pass: &mut [bool],
    negated: bool,
    finder: &memchr::memmem::Finder<'_>,
) {
    let candidates = pass.iter().filter(|&&p| p).count();
    let in_id = |row: &PostRow| finder.find(row.id().as_str().as_bytes()).is_some();
    if candidates == 0 {
        return;
    }
    debug_assert!(
        index.covered() >= start + pass.len(),
        "the index covers the rows"
    );
    if candidates * PER_ROW_BELOW < pass.len() {
        for (n, flag) in pass.iter_mut().enumerate() {
            if *flag {
                let i = start + n;
                let found = finder.find(index.key(i).as_bytes()).is_some()
                    || rows.get(i).is_some_and(in_id);
                *flag = found != negated;
            }
        }
        return;
    }
    let hits = index.matching(finder, start);
    // The index holds the content only: a word of hex digits may be part of an id instead.
    let needle = finder.needle();
    let id_may_hold = needle.len() <= 24 && needle.iter().all(u8::is_ascii_hexdigit);
    for (n, flag) in pass.iter_mut().enumerate() {
        if *flag {
            let found = hits[n] || (id_may_hold && rows.get(start + n).is_some_and(in_id));
            *flag = found != negated;
        }
    }
}
