//! The marks as one bit per row position: a million marks are 125 KB rather than 70 MB of ids,
//! and marking, inverting or clearing every post is a pass over bits rather than a million hash
//! lookups. Marks are only ever on loaded rows, so a row position names a mark as well as its
//! id does; rows leaving are cut out of the bits ([`MarkBits::remap`]) like every other
//! derived structure, and a row loaded again keeps its position and so its mark.

use std::collections::HashSet;

use super::PostList;
use crate::api::model::PostGroupId;

/// A set of row positions.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct MarkBits {
    words: Vec<u64>,
    count: usize,
}

impl MarkBits {
    pub(super) fn len(&self) -> usize {
        self.count
    }

    pub(super) fn is_empty(&self) -> bool {
        self.count == 0
    }

    pub(super) fn contains(&self, i: usize) -> bool {
        self.words
            .get(i / 64)
            .is_some_and(|word| word & (1 << (i % 64)) != 0)
    }

    /// Sets position `i` to `on`; true when that changed it.
    pub(super) fn set(&mut self, i: usize, on: bool) -> bool {
        if self.contains(i) == on {
            return false;
        }
        if self.words.len() <= i / 64 {
            self.words.resize(i / 64 + 1, 0);
        }
        self.words[i / 64] ^= 1 << (i % 64);
        if on {
            self.count += 1;
        } else {
            self.count -= 1;
        }
        true
    }

    /// Every position in the set, in order.
    pub(super) fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.words.iter().enumerate().flat_map(|(w, &word)| {
            (0..64)
                .filter(move |bit| word & (1 << bit) != 0)
                .map(move |bit| w * 64 + bit)
        })
    }

    /// Rows left: `remap[i]` is the new position of old row `i`, or `None` when it is gone.
    pub(super) fn remap(&mut self, remap: &[Option<u32>]) {
        let mut moved = Self::default();
        for i in self.iter() {
            if let Some(new) = remap.get(i).copied().flatten() {
                moved.set(new as usize, true);
            }
        }
        *self = moved;
    }
}

/// The marked posts, as [`PostList::marked`] gives them.
#[derive(Debug, Clone, Copy)]
pub struct Marks<'a> {
    list: &'a PostList,
}

impl<'a> Marks<'a> {
    pub(super) fn of(list: &'a PostList) -> Self {
        Self { list }
    }

    /// How many posts are marked.
    pub fn len(self) -> usize {
        self.list.marks.len()
    }

    /// True when no post is marked.
    pub fn is_empty(self) -> bool {
        self.list.marks.is_empty()
    }

    /// True when `id` is marked.
    pub fn contains(self, id: &PostGroupId) -> bool {
        self.list.is_marked(id)
    }

    /// The marked ids, in row order.
    pub fn iter(self) -> impl Iterator<Item = &'a PostGroupId> + 'a {
        let rows = self.list.rows();
        self.list
            .marks
            .iter()
            .filter_map(move |i| rows.get(i).map(|row| row.id()))
    }

    /// The marked ids as a set.
    pub fn to_set(self) -> HashSet<PostGroupId> {
        self.iter().cloned().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bits_count_iterate_and_remap() {
        let mut bits = MarkBits::default();
        assert!(bits.set(3, true));
        assert!(!bits.set(3, true), "already set");
        assert!(bits.set(64, true));
        assert!(bits.set(130, true));
        assert_eq!(bits.len(), 3);
        assert_eq!(bits.iter().collect::<Vec<_>>(), [3, 64, 130]);
        assert!(bits.set(64, false));
        assert!(!bits.contains(64) && bits.contains(130));
        // Rows 0..=3 stay, row 4 goes, the rest move down one.
        let remap: Vec<Option<u32>> = (0..200u32)
            .map(|i| match i {
                0..4 => Some(i),
                4 => None,
                _ => Some(i - 1),
            })
            .collect();
        bits.remap(&remap);
        assert_eq!(bits.iter().collect::<Vec<_>>(), [3, 129]);
        assert_eq!(bits.len(), 2);
    }
}
