//! [`Orders`]: every row position in ascending order of each sort field, kept up to date as rows
//! arrive, change and leave, so that neither a page arriving nor a sort change sorts every row:
//! a change costs a sort of the rows it touched and a merge, and a sort change a copy.
//!
//! The order of a field is by time, then id; rows without that time come last. Descending is the
//! timed part reversed, then the same untimed tail: rows without a time sort last both ways.

use std::cmp::Ordering;

use crate::api::model::{SortField, SortOrder};
use crate::app::state::rows::PostRow;

/// See the module docs.
#[derive(Debug, Clone, Default)]
pub(super) struct Orders {
    /// Per field of [`SortField::ALL`]: positions of `rows[..covered]`, ascending.
    ascending: [Vec<u32>; 3],
    /// Rows `0..covered` are in the orders (but for `moved`).
    covered: usize,
    /// Positions below `covered` whose sort keys changed since: out of place until [`Orders::refresh`].
    moved: Vec<u32>,
}

fn slot(field: SortField) -> usize {
    match field {
        SortField::CreatedAt => 0,
        SortField::ScheduledTime => 1,
        SortField::UpdatedAt => 2,
    }
}

/// The order of rows `a` and `b` by `field`: by time, untimed last, then by id.
fn compare(rows: &[PostRow], field: SortField, a: u32, b: u32) -> Ordering {
    let (a, b) = (&rows[a as usize], &rows[b as usize]);
    let (ka, kb) = (a.sort_key(field), b.sort_key(field));
    (ka.is_none(), ka)
        .cmp(&(kb.is_none(), kb))
        .then_with(|| a.id().cmp(b.id()))
}

fn position(i: usize) -> u32 {
    u32::try_from(i).expect("fewer than 4 billion rows")
}

impl Orders {
    /// The sort keys of row `i` (below `covered`) changed.
    pub(super) fn moved(&mut self, i: usize) {
        if i < self.covered {
            self.moved.push(position(i));
        }
    }

    /// Rows left: `remap[i]` is the new position of old row `i`, or `None` when it is gone.
    pub(super) fn remap(&mut self, remap: &[Option<u32>]) {
        let new = |i: &u32| remap.get(*i as usize).copied().flatten();
        for order in &mut self.ascending {
            *order = order.iter().filter_map(new).collect();
        }
        self.moved = self.moved.iter().filter_map(new).collect();
        self.covered = remap[..self.covered.min(remap.len())]
            .iter()
            .filter(|i| i.is_some())
            .count();
    }

    /// Brings every order up to date with `rows`: rows that moved are taken out, and they and the
    /// rows added since are sorted and merged in.
    pub(super) fn refresh(&mut self, rows: &[PostRow]) {
        if self.covered == rows.len() && self.moved.is_empty() {
            return;
        }
        let mut fresh = std::mem::take(&mut self.moved);
        fresh.sort_unstable();
        fresh.dedup();
        let had_moved = !fresh.is_empty();
        let mut out_of_place = Vec::new();
        if had_moved {
            out_of_place = vec![false; self.covered];
            for &i in &fresh {
                out_of_place[i as usize] = true;
            }
        }
        fresh.extend((self.covered..rows.len()).map(position));
        for field in SortField::ALL {
            let order = &mut self.ascending[slot(field)];
            if had_moved {
                order.retain(|&i| !out_of_place[i as usize]);
            }
            let mut incoming = fresh.clone();
            incoming.sort_unstable_by(|&a, &b| compare(rows, field, a, b));
            *order = merge(rows, field, order, &incoming);
        }
        self.covered = rows.len();
    }

    /// Every row position in `field`'s order, `direction` applied; [`Orders::refresh`] first.
    pub(super) fn sorted(
        &self,
        rows: &[PostRow],
        field: SortField,
        direction: SortOrder,
    ) -> Vec<u32> {
        let ascending = &self.ascending[slot(field)];
        match direction {
            SortOrder::Asc => ascending.clone(),
            SortOrder::Desc => {
                let timed =
                    ascending.partition_point(|&i| rows[i as usize].sort_key(field).is_some());
                let (timed, untimed) = ascending.split_at(timed);
                timed.iter().rev().chain(untimed).copied().collect()
            }
        }
    }
}

/// `existing` and `incoming`, both in `field`'s order, merged: each incoming position is placed
/// by a binary search of what is left, and the runs between are copied whole, so a few new rows
/// among a million cost a few searches and a copy.
fn merge(rows: &[PostRow], field: SortField, existing: &[u32], incoming: &[u32]) -> Vec<u32> {
    let mut merged = Vec::with_capacity(existing.len() + incoming.len());
    let mut rest = existing;
    for &new in incoming {
        let before = rest.partition_point(|&old| compare(rows, field, old, new) == Ordering::Less);
        merged.extend_from_slice(&rest[..before]);
        merged.push(new);
        rest = &rest[before..];
    }
    merged.extend_from_slice(rest);
    merged
}
