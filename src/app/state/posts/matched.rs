//! [`Matched`]: which rows the filter lets through, one flag per row in row order. Rows are read
//! in the order they are stored (never in the sort's order, which at a million rows would be a
//! cache miss per row), each word is looked for with one pass over the search index, and the
//! flags are kept: a sort change reuses them, rows arriving extend them, typing that only
//! narrows the filter tests only the rows still passing, and each term's own flags are kept too,
//! so changing one term of five (erasing a letter of a word) costs one pass, not five.

use memchr::memmem::Finder;

use crate::app::query::Term;
use crate::app::state::filter::Filter;
use crate::app::state::rows::{PostRow, SearchIndex};

/// While narrowing, a word is looked for per row instead of with one pass over the whole index
/// when fewer than one row in this many is still a candidate.
const PER_ROW_BELOW: usize = 4;

/// One part of a filter, whose flags are kept on their own.
#[derive(Debug, Clone, PartialEq)]
enum Part {
    Term(Term),
    Connection(String),
}

fn parts(filter: &Filter) -> Vec<Part> {
    let mut parts: Vec<Part> = filter
        .query
        .terms()
        .iter()
        .cloned()
        .map(Part::Term)
        .collect();
    parts.extend(filter.connection.clone().map(Part::Connection));
    parts
}

/// The flags of one filter over rows `0..pass.len()`, and of each of its parts.
#[derive(Debug, Clone)]
pub(super) struct Matched {
    pub(super) filter: Filter,
    pub(super) pass: Vec<bool>,
    /// Flags of single parts over the same rows (or fewer, extended when used).
    parts: Vec<(Part, Vec<bool>)>,
}

impl Matched {
    /// `filter` over every row; `index` must cover them. The parts `previous` already flagged
    /// are reused.
    pub(super) fn new(
        rows: &[PostRow],
        index: &SearchIndex,
        filter: Filter,
        previous: Option<Matched>,
    ) -> Self {
        let mut kept = previous.map(|m| m.parts).unwrap_or_default();
        let mut pass = vec![true; rows.len()];
        let mut parts = Vec::new();
        for part in self::parts(&filter) {
            let mut flags = match kept.iter().position(|(p, _)| *p == part) {
                Some(at) => kept.swap_remove(at).1,
                None => Vec::new(),
            };
            if flags.len() < rows.len() {
                let added = part_flags(rows, index, &part, flags.len());
                flags.extend(added);
            }
            for (flag, &part_flag) in pass.iter_mut().zip(&flags) {
                *flag &= part_flag;
            }
            parts.push((part, flags));
        }
        Self {
            filter,
            pass,
            parts,
        }
    }

    /// The same filter over rows added since (`rows` holds the rows flagged so far, unchanged).
    pub(super) fn extend(&mut self, rows: &[PostRow], index: &SearchIndex) {
        let start = self.pass.len();
        if start < rows.len() {
            let mut added = vec![true; rows.len() - start];
            for part in parts(&self.filter) {
                apply(rows, index, &part, start, &mut added, false);
            }
            self.pass.extend(added);
        }
    }

    /// Rows left: `remap[i]` is `None` for old row `i` gone.
    pub(super) fn remap(&mut self, remap: &[Option<u32>]) {
        let keep = |flags: &mut Vec<bool>| {
            let mut old = 0;
            flags.retain(|_| {
                old += 1;
                remap.get(old - 1).is_some_and(Option::is_some)
            });
        };
        keep(&mut self.pass);
        for (_, flags) in &mut self.parts {
            keep(flags);
        }
    }

    /// `narrower`, which lets through only rows `self.filter` lets through, over the same rows:
    /// only its parts `self.filter` lacks are tested, and only on the rows passing now. The
    /// parts' flags are kept for later.
    pub(super) fn narrow(self, rows: &[PostRow], index: &SearchIndex, narrower: Filter) -> Self {
        let old = parts(&self.filter);
        let mut pass = self.pass;
        for part in parts(&narrower) {
            if !old.contains(&part) {
                apply(rows, index, &part, 0, &mut pass, false);
            }
        }
        Self {
            filter: narrower,
            pass,
            parts: self.parts,
        }
    }
}

/// The flags of `part` for rows `start..`.
fn part_flags(rows: &[PostRow], index: &SearchIndex, part: &Part, start: usize) -> Vec<bool> {
    let mut flags = vec![true; rows.len().saturating_sub(start)];
    apply(rows, index, part, start, &mut flags, true);
    flags
}

/// Clears the flags (of rows `start..`) of the rows failing `part`; rows already cleared are not
/// tested. Structure is tested row by row in row order; a word with one pass over the index
/// when `whole` or while many rows are candidates, else row by row.
fn apply(
    rows: &[PostRow],
    index: &SearchIndex,
    part: &Part,
    start: usize,
    pass: &mut [bool],
    whole: bool,
) {
    let rows_from = rows.get(start..).unwrap_or_default();
    let flags = pass.iter_mut().zip(rows_from).filter(|(flag, _)| **flag);
    match part {
        Part::Connection(id) => flags.for_each(|(flag, row)| *flag = row.has_platform_id(id)),
        Part::Term(Term::Text(text)) => {
            let finder = Finder::new(text.needle.as_bytes());
            words(rows, index, start, pass, text.negated, &finder, whole);
        }
        Part::Term(term) => flags.for_each(|(flag, row)| *flag = term.holds(&row.subject(""))),
    }
}

/// Clears the flags of rows `start..` that fail the word `finder` (or hold it, when `negated`):
/// with one pass over the index while many rows are candidates (or `whole`), else row by row.
fn words(
    rows: &[PostRow],
    index: &SearchIndex,
    start: usize,
    pass: &mut [bool],
    negated: bool,
    finder: &Finder<'_>,
    whole: bool,
) {
    debug_assert!(
        index.covered() >= start + pass.len(),
        "the index covers the rows"
    );
    let candidates = if whole {
        pass.len()
    } else {
        pass.iter().filter(|&&p| p).count()
    };
    let in_id = |row: &PostRow| finder.find(row.id().as_str().as_bytes()).is_some();
    if candidates == 0 {
        return;
    }
    if !whole && candidates * PER_ROW_BELOW < pass.len() {
        for (n, flag) in pass.iter_mut().enumerate() {
            if *flag {
                let i = start + n;
                let found =
                    finder.find(index.key_bytes(i)).is_some() || rows.get(i).is_some_and(in_id);
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
