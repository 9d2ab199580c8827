//! One loaded post, and the search index over every row: what the list filters and sorts.

use std::hash::BuildHasher;

use crate::api::model::{PostGroupId, PostSummary, SortField};
use crate::app::query::{self, Subject};
use crate::protocol::{JobKind, LoadSeq};
use crate::text::sanitize;

/// Longest one-line content kept per row, in chars; the list never shows more.
const ROW_TEXT_CHARS: usize = 400;

/// One loaded post, as lean as a million of them need: what the list shows and sorts by is
/// derived from `post` when asked (the sort keys and the one-line text are cheap), and the
/// lower-cased text the query searches lives once, in the list's [`SearchIndex`].
#[derive(Debug, Clone)]
pub struct PostRow {
    /// The post as list-posts returned it.
    pub post: PostSummary,
    /// Load generation that last saw this post.
    pub seen_in_load: LoadSeq,
    /// Set when the server confirmed the post is gone; removed at the next view sync.
    pub gone: bool,
    /// The known networks the post targets, a bit each ([`crate::api::model::Platform::bit`]).
    platform_mask: u16,
    /// Why the last job's attempt to change it (delete, reschedule, move to draft) failed, and
    /// the kind of job; boxed, as few rows have one.
    last_error: Option<Box<(String, JobKind)>>,
}

impl PostRow {
    pub fn new(post: PostSummary, seen_in_load: LoadSeq) -> Self {
        let platform_mask = post
            .platforms
            .iter()
            .filter_map(|target| target.platform.bit())
            .fold(0, |mask, bit| mask | bit);
        Self {
            post,
            seen_in_load,
            gone: false,
            platform_mask,
            last_error: None,
        }
    }

    /// Why the last job's attempt to change it (delete, reschedule, move to draft) failed, and
    /// the kind of job that was.
    pub fn last_error(&self) -> Option<(&str, JobKind)> {
        self.last_error
            .as_deref()
            .map(|(reason, job)| (reason.as_str(), *job))
    }

    /// Records why `job`'s attempt to change the post failed; `None` forgets it.
    pub(super) fn set_last_error(&mut self, error: Option<(String, JobKind)>) {
        self.last_error = error.map(Box::new);
    }

    /// Takes the last error over from `previous` (the same post, loaded again).
    pub(super) fn keep_last_error(&mut self, previous: &mut PostRow) {
        self.last_error = previous.last_error.take();
    }

    /// Sanitized one-line content, at most [`ROW_TEXT_CHARS`] chars (and an ellipsis).
    pub fn content_line(&self) -> String {
        let content = self.post.content.as_deref().unwrap_or("");
        let mut head: String = content.chars().take(ROW_TEXT_CHARS).collect();
        if head.len() < content.len() {
            head.push('…');
        }
        sanitize::sanitize_line(&head)
    }

    /// Milliseconds since the epoch of `createdAt`; `None` when absent or unparseable.
    pub fn created_ms(&self) -> Option<i64> {
        query::millis_of(self.post.created_at.as_ref())
    }

    /// Milliseconds since the epoch of `scheduledTime`; `None` when absent or unparseable.
    pub fn scheduled_ms(&self) -> Option<i64> {
        query::millis_of(self.post.scheduled_time.as_ref())
    }

    /// Milliseconds since the epoch of `updatedAt`; `None` when absent or unparseable.
    pub fn updated_ms(&self) -> Option<i64> {
        query::millis_of(self.post.updated_at.as_ref())
    }

    /// What a query is tested against (`app::query`); `key` is the row's search key, from the
    /// list's [`SearchIndex`] (or [`query::search_key`]).
    pub fn subject<'a>(&'a self, key: &'a str) -> Subject<'a> {
        Subject {
            platform_mask: Some(self.platform_mask),
            ..Subject::of(&self.post, key)
        }
    }

    pub fn id(&self) -> &PostGroupId {
        &self.post.post_group_id
    }

    pub(super) fn sort_key(&self, field: SortField) -> Option<i64> {
        match field {
            SortField::CreatedAt => self.created_ms(),
            SortField::ScheduledTime => self.scheduled_ms(),
            SortField::UpdatedAt => self.updated_ms(),
        }
    }

    /// True when any target is the connected account `platform_id` (compound, §1.2).
    pub fn has_platform_id(&self, platform_id: &str) -> bool {
        self.post
            .platforms
            .iter()
            .any(|p| p.platform_id == platform_id)
    }
}

/// The search keys of every row ([`query::search_key`]: the lower-cased content) joined into
/// one buffer, NUL after each, in row order: the only lower-cased copy of the posts' text. A
/// text filter is one SIMD substring pass over contiguous memory instead of a million pointer
/// chases, and a row's key is a slice of it. Rows appended to the list are added to the end
/// ([`SearchIndex::extend`]), rows leaving are cut out ([`SearchIndex::remap`]); a row whose text
/// changed needs a [`SearchIndex::reset`].
#[derive(Debug, Clone, Default)]
pub struct SearchIndex {
    /// UTF-8: every key is a `str`, and the separators are ASCII.
    blob: Vec<u8>,
    /// `starts[i]..starts[i + 1]` is row `i`'s key plus its NUL; one more entry than rows.
    starts: Vec<usize>,
}

impl SearchIndex {
    /// Makes room for `additional` more rows' keys, reckoning with the keys' mean length so far.
    pub fn reserve(&mut self, additional: usize) {
        let mean = self.blob.len().checked_div(self.covered()).unwrap_or(100);
        self.starts.reserve_exact(additional);
        self.blob.reserve_exact(additional.saturating_mul(mean + 8));
    }

    /// Rows the index holds: rows `0..covered()` of the list.
    pub fn covered(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    /// Forgets every key; the next [`SearchIndex::extend`] indexes every row again.
    pub fn reset(&mut self) {
        *self = Self::default();
    }

    /// Adds the keys of `rows[covered()..]`; `rows` must be the rows indexed so far, unchanged,
    /// plus new ones.
    pub fn extend(&mut self, rows: &[PostRow]) {
        if self.starts.is_empty() {
            self.starts.push(0);
        }
        for row in rows.iter().skip(self.covered()) {
            let key = query::search_key(row.post.content.as_deref());
            self.blob.extend_from_slice(key.as_bytes());
            self.blob.push(0);
            self.starts.push(self.blob.len());
        }
    }

    /// Rows left: `remap[i]` is `None` for old row `i` gone; the keys of the others move down
    /// in place, in order.
    pub fn remap(&mut self, remap: &[Option<u32>]) {
        let covered = self.covered();
        let mut write = 0;
        let mut starts = Vec::with_capacity(covered + 1);
        starts.push(0);
        for (i, kept) in remap.iter().enumerate().take(covered) {
            if kept.is_some() {
                let (start, end) = (self.starts[i], self.starts[i + 1]);
                self.blob.copy_within(start..end, write);
                write += end - start;
                starts.push(write);
            }
        }
        self.blob.truncate(write);
        self.starts = starts;
    }

    /// Row `i`'s key ("" for a row not indexed).
    pub fn key(&self, i: usize) -> &str {
        std::str::from_utf8(self.key_bytes(i)).unwrap_or("")
    }

    /// Row `i`'s key as bytes, for searching without checking it is UTF-8 again.
    pub fn key_bytes(&self, i: usize) -> &[u8] {
        match (self.starts.get(i), self.starts.get(i + 1)) {
            (Some(&start), Some(&end)) => self.blob.get(start..end - 1).unwrap_or_default(),
            _ => &[],
        }
    }

    /// `hits[n]` is true when row `start + n`'s key contains the needle, for every row from
    /// `start` on. After a hit the search goes on from the next row's key.
    pub fn matching(&self, needle: &memchr::memmem::Finder<'_>, start: usize) -> Vec<bool> {
        let rows = self.covered().saturating_sub(start);
        let mut hits = vec![false; rows];
        let blob = &self.blob[..];
        let mut row = start;
        let mut from = self.starts.get(start).copied().unwrap_or(blob.len());
        while let Some(found) = blob.get(from..).and_then(|rest| needle.find(rest)) {
            let position = from + found;
            // The row holding `position`: the last whose key starts at or before it.
            while self
                .starts
                .get(row + 1)
                .is_some_and(|&next| next <= position)
            {
                row += 1;
            }
            if let Some(hit) = hits.get_mut(row - start) {
                *hit = true;
            }
            row += 1;
            from = self.starts.get(row).copied().unwrap_or(blob.len());
        }
        hits
    }
}
/// Where each id's row is: row positions found by the id's hash, compared against the rows
/// themselves, so the index holds 4 bytes a row instead of a copy of each id.
#[derive(Debug, Clone, Default)]
pub struct RowIndex {
    table: hashbrown::HashTable<u32>,
    hasher: std::hash::RandomState,
}

impl RowIndex {
    /// The position of `id`'s row in `rows` (the rows this index was built over).
    pub fn get(&self, rows: &[PostRow], id: &PostGroupId) -> Option<usize> {
        let hash = self.hasher.hash_one(id);
        self.table
            .find(hash, |&position| {
                rows.get(position as usize)
                    .is_some_and(|row| row.id() == id)
            })
            .map(|&position| position as usize)
    }

    /// Rows left: `remap[i]` is the new position of old row `i`, or `None` when it is gone.
    pub fn remap(&mut self, remap: &[Option<u32>]) {
        self.table.retain(
            |position| match remap.get(*position as usize).copied().flatten() {
                Some(new) => {
                    *position = new;
                    true
                }
                None => false,
            },
        );
    }

    /// Makes room for `additional` more rows of `rows`.
    pub fn reserve(&mut self, rows: &[PostRow], additional: usize) {
        let hasher = &self.hasher;
        self.table.reserve(additional, |&other| {
            rows.get(other as usize)
                .map_or(0, |row| hasher.hash_one(row.id()))
        });
    }

    /// Adds `rows[position]`, whose id must not be indexed yet.
    pub fn insert(&mut self, rows: &[PostRow], position: usize) {
        let Some(row) = rows.get(position) else {
            return;
        };
        let stored = u32::try_from(position).expect("fewer than 4 billion rows");
        let hasher = &self.hasher;
        self.table
            .insert_unique(hasher.hash_one(row.id()), stored, |&other| {
                rows.get(other as usize)
                    .map_or(0, |row| hasher.hash_one(row.id()))
            });
    }
}
