//! [`PostList`]: the loaded posts and everything derived from them: the filtered and sorted
//! view, the cursor and the list's scroll offset, the marks (keyed by `PostGroupId`, so they
//! survive paging, filtering and reloads) and range marking. Every change goes through one
//! method, and the view, the order and the counts follow by themselves: a change only records
//! what it invalidated, and [`PostList::sync`] (called by `update`, `settle` and the frame)
//! rebuilds what is stale, once per batch of changes rather than once per post.
//!
//! The marks change only by a key (DESIGN §7 rule 2): a range follows the cursor only while
//! the view stays as the user walked it; anything that changes the view (rows arriving or
//! leaving, a filter, a sort) first ends the range, so it is committed to exactly the rows
//! walked over and can never absorb a post that moved into it. Bulk changes to the marks can be
//! undone ([`PostList::undo_marks`]).

use std::collections::HashSet;

use chrono::{DateTime, Utc};

use crate::api::model::{
    PlatformRef, PlatformStatus, PostGroupId, PostSummary, SortField, Targets, Timestamp,
    UpdatedGroup,
};
use crate::protocol::{JobKind, LoadSeq};

use super::filter::{Filter, Sort};
use super::rows::{PostRow, RowIndex, SearchIndex};
use super::viewport::wheel;

/// Undo steps of the marks kept; older ones are forgotten.
const MARK_HISTORY_STEPS: usize = 20;

mod marks;
mod matched;
mod order;
mod query;

use marks::MarkBits;
use matched::Matched;
use order::Orders;

pub use marks::Marks;
pub use query::{MAX_QUERY_BYTES, QueryEdit};

/// Range marking: the post where `v` was pressed and the marks from before.
#[derive(Debug, Clone, PartialEq)]
pub struct RangeMark {
    /// The anchor post.
    pub anchor: PostGroupId,
    /// Marks before the range began; the range is added to these.
    base: MarkBits,
}

/// The loaded posts, the view over them, the cursor and the marks. See the module docs.
#[derive(Debug, Clone, Default)]
pub struct PostList {
    /// Every loaded post, in arrival order.
    rows: Vec<PostRow>,
    /// `rows` position of each id.
    index: RowIndex,
    /// Positions in `rows` that pass the filter, in sort order.
    view: Vec<u32>,
    view_stale: bool,
    /// Every row position in sort order; rebuilt only when rows or the sort change, so a filter
    /// keystroke is one linear pass with no sorting.
    sorted: Vec<u32>,
    order_stale: bool,
    /// Ascending order of every row position per sort field, kept up to date as rows change.
    orders: Orders,
    /// Every search key in row order, for one SIMD pass per keystroke; kept up to date at each
    /// sync, so the first keystroke of a search does not pay for indexing the rows.
    search_index: SearchIndex,
    /// One copy of each distinct list of targets the rows hold (see [`Targets`]).
    targets: HashSet<Targets>,
    /// The sort `sorted` was built with.
    sorted_by: Option<Sort>,
    /// Which rows the filter lets through, kept while the rows and the filter allow.
    matched: Option<Matched>,
    /// Rows flagged `gone`, dropped at the next sync.
    gone_rows: usize,
    /// Posts the server confirmed deleted in this session; never shown again.
    confirmed_gone: HashSet<PostGroupId>,
    /// Cursor, as a position in `view`.
    cursor: usize,
    /// First visible row of the list, as a position in `view`.
    list_offset: usize,
    /// Rows the list can show (from the last frame's layout).
    list_height: usize,
    /// The marks, a bit per row position (marks are only ever on loaded rows).
    marks: MarkBits,
    /// The marks before each bulk change, newest last (at most [`MARK_HISTORY_STEPS`]); cut
    /// like the marks when rows leave.
    mark_history: Vec<MarkBits>,
    range: Option<RangeMark>,
    filter: Filter,
    /// The query being typed (`/`); `Some` while the field is open.
    editing: Option<QueryEdit>,
    sort: Sort,
    /// Bumped whenever a row is added, replaced or removed; what derived data elsewhere (stats,
    /// posts per connection) is keyed by.
    version: u64,
}

impl PostList {
    // ---- reading ----

    /// The view, which must be current: a change records what it made stale and only
    /// [`PostList::sync`] rebuilds it, so a read between the two would show (or act on) rows
    /// the filter no longer chooses. Debug builds, and so every test, check it.
    fn view(&self) -> &[u32] {
        debug_assert!(
            !self.view_stale,
            "the post list's view was read before sync() rebuilt it"
        );
        &self.view
    }

    /// Every loaded row in arrival order; rows the server confirmed gone are dropped at the next
    /// [`PostList::sync`] (until then they carry `gone`).
    pub fn rows(&self) -> &[PostRow] {
        &self.rows
    }

    /// Loaded posts not gone.
    pub fn loaded(&self) -> usize {
        self.rows.iter().filter(|row| !row.gone).count()
    }

    /// The row of `id`, if loaded and not gone.
    pub fn row(&self, id: &PostGroupId) -> Option<&PostRow> {
        self.index
            .get(&self.rows, id)
            .map(|i| &self.rows[i])
            .filter(|row| !row.gone)
    }

    /// The search key of row `i` ([`crate::app::query::search_key`]): from the index when it
    /// covers the row, else computed.
    fn key(&self, i: usize) -> std::borrow::Cow<'_, str> {
        if i < self.search_index.covered() {
            self.search_index.key(i).into()
        } else {
            self.rows.get(i).map_or_else(Default::default, |row| {
                crate::app::query::search_key(row.post.content.as_deref()).into()
            })
        }
    }

    /// Rows the filter shows.
    pub fn view_len(&self) -> usize {
        self.view().len()
    }

    /// The row at `position` of the view.
    pub fn view_row(&self, position: usize) -> Option<&PostRow> {
        self.view().get(position).map(|&i| &self.rows[i as usize])
    }

    /// The rows the filter shows, in order.
    pub fn view_rows(&self) -> impl ExactSizeIterator<Item = &PostRow> + DoubleEndedIterator {
        self.view().iter().map(|&i| &self.rows[i as usize])
    }

    /// The rows of view positions `start..end` (clamped), for drawing only what is visible.
    pub fn view_window(&self, start: usize, end: usize) -> impl Iterator<Item = &PostRow> {
        let end = end.min(self.view().len());
        let start = start.min(end);
        self.view()[start..end]
            .iter()
            .map(|&i| &self.rows[i as usize])
    }

    /// The view position of `id`, when shown.
    pub fn view_position(&self, id: &PostGroupId) -> Option<usize> {
        let row = self.index.get(&self.rows, id)?;
        self.view().iter().position(|&i| i as usize == row)
    }

    /// Cursor, as a position in the view.
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// The post under the cursor.
    pub fn cursor_row(&self) -> Option<&PostRow> {
        self.view_row(self.cursor)
    }

    /// The id under the cursor.
    pub fn cursor_id(&self) -> Option<&PostGroupId> {
        self.cursor_row().map(PostRow::id)
    }

    /// First visible row of the list, as a position in the view.
    pub fn list_offset(&self) -> usize {
        self.list_offset
    }

    /// Rows the list shows, as measured from the last frame.
    pub fn list_height(&self) -> usize {
        self.list_height
    }

    /// The marked posts.
    pub fn marked(&self) -> Marks<'_> {
        Marks::of(self)
    }

    /// True when `id` is marked.
    pub fn is_marked(&self, id: &PostGroupId) -> bool {
        self.position(id).is_some_and(|i| self.marks.contains(i))
    }

    /// Active range marking.
    pub fn range(&self) -> Option<&RangeMark> {
        self.range.as_ref()
    }

    /// What the list shows.
    pub fn filter(&self) -> &Filter {
        &self.filter
    }

    /// The list's order.
    pub fn sort(&self) -> Sort {
        self.sort
    }

    /// True while the query is being typed (`/`).
    pub fn searching(&self) -> bool {
        self.editing.is_some()
    }

    /// Changes with every added, replaced or removed row.
    pub fn version(&self) -> u64 {
        self.version
    }

    /// The posts a bulk action applies to: the marked ones in view order, then the marked ones
    /// the filter hides (by id); the cursor post when nothing is marked.
    pub fn chosen(&self) -> Vec<PostGroupId> {
        if self.marks.is_empty() {
            return self.cursor_id().cloned().into_iter().collect();
        }
        let mut pending: Vec<_> = self
            .view()
            .iter()
            .filter(|&&i| self.marks.contains(i as usize))
            .map(|&i| self.rows[i as usize].id().clone())
            .collect();
        // The hidden ones: rows the view leaves out, in row order (a million marks cost no set
        // of what is shown).
        let mut hidden: Vec<_> = self
            .rows
            .iter()
            .zip(self.shown_flags())
            .enumerate()
            .filter(|(i, (row, shown))| !shown && !row.gone && self.marks.contains(*i))
            .map(|(_, (row, _))| row.id().clone())
            .collect();
        hidden.sort();
        pending.extend(hidden);
        if pending.is_empty()
            && let Some(id) = self.cursor_id()
        {
            pending.push(id.clone());
        }
        pending
    }

    /// The position in [`PostList::rows`] of `id`'s row, if loaded and not gone.
    pub fn position(&self, id: &PostGroupId) -> Option<usize> {
        self.index
            .get(&self.rows, id)
            .filter(|&i| !self.rows[i].gone)
    }

    /// Per row of [`PostList::rows`]: whether the view shows it.
    pub fn shown_flags(&self) -> Vec<bool> {
        let mut shown = vec![false; self.rows.len()];
        for &i in self.view() {
            shown[i as usize] = true;
        }
        shown
    }

    // ---- the rows ----

    /// Adds or replaces a post (deduplicated by id), seen by load `seq`. A post the server
    /// confirmed gone never comes back (a page read before its delete may still carry it).
    pub fn upsert(&mut self, mut post: PostSummary, seq: LoadSeq) {
        if self.confirmed_gone.contains(&post.post_group_id) {
            return;
        }
        post.platforms = self.intern(post.platforms);
        let mut row = PostRow::new(post, seq);
        match self.index.get(&self.rows, row.id()) {
            Some(i) => {
                let old = &self.rows[i];
                if old.post.content != row.post.content {
                    self.search_index.reset();
                }
                if old.post != row.post {
                    self.matched = None;
                }
                if old.gone {
                    self.gone_rows -= 1;
                }
                if SortField::ALL
                    .iter()
                    .any(|&field| self.rows[i].sort_key(field) != row.sort_key(field))
                {
                    self.orders.moved(i);
                }
                row.keep_last_error(&mut self.rows[i]);
                self.rows[i] = row;
            }
            None => {
                self.rows.push(row);
                self.index.insert(&self.rows, self.rows.len() - 1);
            }
        }
        self.rows_changed();
    }

    /// The server says the list holds `total` posts: room for them is made once, instead of
    /// growing the rows by doubling (at a million rows, each doubling leaves the old buffer
    /// behind as free but resident memory). Bounded, as the number may be wrong.
    pub fn expect_total(&mut self, total: usize) {
        const MOST_RESERVED: usize = 2_000_000;
        let wanted = total.min(MOST_RESERVED);
        if wanted > self.rows.capacity() {
            self.rows.reserve_exact(wanted - self.rows.len());
            self.index.reserve(&self.rows, wanted - self.rows.len());
            self.search_index.reserve(wanted - self.rows.len());
        }
    }

    /// The shared copy of `targets`.
    fn intern(&mut self, targets: Targets) -> Targets {
        if let Some(shared) = self.targets.get(&targets) {
            return shared.clone();
        }
        self.targets.insert(targets.clone());
        targets
    }

    /// Puts update-post's `postGroup` (§3.4) into the row of `id`: status, time, and every
    /// platform's status follows the group, `updatedAt` becomes `updated_at` (now); the row's
    /// last error is cleared. False when `id` is not loaded.
    pub fn apply_update(
        &mut self,
        id: &PostGroupId,
        group: &UpdatedGroup,
        updated_at: DateTime<Utc>,
    ) -> bool {
        let Some(row) = self.row(id) else {
            return false;
        };
        let seen = row.seen_in_load;
        let mut post = row.post.clone();
        post.status = group.status.clone();
        post.scheduled_time = group.scheduled_time.clone();
        // The server changed the post just now: its `updatedAt` moved (§3.4 answers without it).
        post.updated_at = Some(Timestamp::from_instant(updated_at));
        let platform_status = PlatformStatus::from_wire(group.status.as_str());
        post.platforms = post
            .platforms
            .iter()
            .map(|target| PlatformRef {
                status: platform_status.clone(),
                ..target.clone()
            })
            .collect();
        self.upsert(post, seen);
        if let Some(i) = self.index.get(&self.rows, id) {
            self.rows[i].set_last_error(None);
        }
        true
    }

    /// Records why the last job's attempt to change `id` failed.
    pub fn set_last_error(&mut self, id: &PostGroupId, reason: &str, kind: JobKind) {
        if let Some(i) = self.index.get(&self.rows, id) {
            self.rows[i].set_last_error(Some((reason.to_string(), kind)));
        }
    }

    /// The server confirmed `id` gone: it leaves the list at the next sync, its mark goes, and
    /// it is never shown again in this session.
    pub fn confirm_gone(&mut self, id: &PostGroupId) {
        self.confirmed_gone.insert(id.clone());
        self.remove(id);
    }

    /// Removes every post load `seq` did not see (gone from the server).
    pub fn drop_unseen(&mut self, seq: LoadSeq) {
        let stale: Vec<_> = self
            .rows
            .iter()
            .filter(|row| row.seen_in_load != seq)
            .map(|row| row.id().clone())
            .collect();
        for id in &stale {
            self.remove(id);
        }
    }

    fn remove(&mut self, id: &PostGroupId) {
        if let Some(i) = self.index.get(&self.rows, id)
            && !self.rows[i].gone
        {
            self.rows[i].gone = true;
            self.gone_rows += 1;
            self.marks.set(i, false);
            if let Some(range) = &mut self.range {
                range.base.set(i, false);
            }
            self.rows_changed();
        }
    }

    /// Forgets every post, mark and range and the connection filter, and puts the cursor at the
    /// top: the posts belong to another user now. The filter's other parts and the sort stay.
    pub fn clear(&mut self) {
        let version = self.version;
        *self = Self {
            filter: Filter {
                connection: None,
                ..self.filter.clone()
            },
            editing: self.editing.take(),
            sort: self.sort,
            list_height: self.list_height,
            ..Self::default()
        };
        self.version = version;
        self.rows_changed();
    }

    fn rows_changed(&mut self) {
        self.view_changed();
        self.order_stale = true;
        self.version += 1;
    }

    /// Something the view is built from changed: it is rebuilt at the next sync, and range
    /// marking ends here, before any row can move into or out of the range.
    fn view_changed(&mut self) {
        self.view_stale = true;
        self.range = None;
    }

    // ---- the filter and the sort ----

    /// Only posts targeting this connected account (a compound `platformId`, §1.2); the cursor
    /// goes to the top.
    pub fn set_connection(&mut self, platform_id: String) {
        self.filter.connection = Some(platform_id);
        self.filter_changed_to_top();
    }

    /// Drops the connection filter; true when there was one.
    pub fn clear_connection(&mut self) -> bool {
        let had = self.filter.connection.take().is_some();
        if had {
            self.view_changed();
        }
        had
    }

    fn filter_changed_to_top(&mut self) {
        self.view_changed();
        self.cursor = 0;
        self.list_offset = 0;
    }

    /// Shows what `filter` lets through; the cursor stays on its post when that is still shown.
    pub fn set_filter(&mut self, filter: Filter) {
        self.filter = filter;
        self.view_changed();
    }

    /// Puts the list in `sort`'s order.
    pub fn set_sort(&mut self, sort: Sort) {
        self.sort = sort;
        self.view_changed();
    }

    /// The next sort in the cycle.
    pub fn cycle_sort(&mut self) -> Sort {
        self.sort = self.sort.next();
        self.view_changed();
        self.sort
    }

    // ---- the cursor ----

    /// Puts the cursor at `target` (clamped to the view).
    pub fn set_cursor(&mut self, target: usize) {
        self.cursor = target;
        self.clamp_cursor();
        self.follow_range();
    }

    /// Moves the cursor by `delta` rows (clamped).
    pub fn move_cursor(&mut self, delta: isize) {
        self.set_cursor(self.cursor.saturating_add_signed(delta));
    }

    /// The mouse wheel: the list moves by `rows` and the cursor with it, so it stays where the
    /// pointer left it on screen; at either end only the cursor moves.
    pub fn scroll(&mut self, down: bool, rows: usize) {
        let (offset, step) = wheel(
            self.list_offset,
            self.view.len(),
            self.list_height,
            down,
            rows,
        );
        self.list_offset = offset;
        let step = isize::try_from(step).unwrap_or(isize::MAX);
        self.move_cursor(if down { step } else { -step });
    }

    /// Keeps the cursor inside the view and the list offset around the cursor.
    fn clamp_cursor(&mut self) {
        self.cursor = self.cursor.min(self.view.len().saturating_sub(1));
        let height = self.list_height.max(1);
        if self.cursor < self.list_offset {
            self.list_offset = self.cursor;
        } else if self.cursor >= self.list_offset + height {
            self.list_offset = self.cursor + 1 - height;
        }
        let max_offset = self.view.len().saturating_sub(height);
        self.list_offset = self.list_offset.min(max_offset);
    }

    /// The list shows `rows` rows (from the frame's layout); the offset follows the cursor.
    pub fn set_list_height(&mut self, rows: usize) {
        self.list_height = rows;
        self.clamp_cursor();
    }

    // ---- the marks ----

    /// Marks `id`, or unmarks it when marked.
    pub fn toggle_mark(&mut self, id: &PostGroupId) {
        if let Some(i) = self.position(id) {
            let on = !self.marks.contains(i);
            self.marks.set(i, on);
        }
    }

    /// Marks every post the view shows (undoable); returns how many it shows.
    pub fn mark_shown(&mut self) -> usize {
        self.end_range();
        self.remember_marks();
        let shown = self.view().len();
        for i in self.shown_positions() {
            self.marks.set(i, true);
        }
        shown
    }

    /// Unmarks every post the view shows (undoable); returns how many marks that removed.
    pub fn unmark_shown(&mut self) -> usize {
        self.end_range();
        self.remember_marks();
        self.shown_positions()
            .into_iter()
            .filter(|&i| self.marks.set(i, false))
            .count()
    }

    /// Inverts the marks within what the view shows (undoable).
    pub fn invert_shown(&mut self) {
        self.end_range();
        self.remember_marks();
        for i in self.shown_positions() {
            let on = !self.marks.contains(i);
            self.marks.set(i, on);
        }
    }

    /// Unmarks everything (undoable); returns how many were marked.
    pub fn clear_marks(&mut self) -> usize {
        self.end_range();
        let count = self.marks.len();
        if count > 0 {
            let marks = std::mem::take(&mut self.marks);
            self.push_mark_history(marks);
        }
        count
    }

    /// The row positions the view shows, in row order.
    fn shown_positions(&self) -> Vec<usize> {
        let mut shown: Vec<usize> = self.view().iter().map(|&i| i as usize).collect();
        shown.sort_unstable();
        shown
    }

    /// `v`: starts range marking at the cursor post (undoable as one step), or ends it.
    pub fn toggle_range(&mut self) {
        if self.range.take().is_none()
            && let Some(anchor) = self.cursor_id().cloned()
        {
            self.remember_marks();
            self.range = Some(RangeMark {
                anchor,
                base: self.marks.clone(),
            });
            self.follow_range();
        }
    }

    /// Keeps the marks as they are now as an undo step.
    fn remember_marks(&mut self) {
        self.push_mark_history(self.marks.clone());
    }

    /// Keeps `marks` as the newest undo step, forgetting the oldest beyond
    /// [`MARK_HISTORY_STEPS`].
    fn push_mark_history(&mut self, marks: MarkBits) {
        self.mark_history.push(marks);
        if self.mark_history.len() > MARK_HISTORY_STEPS {
            self.mark_history.remove(0);
        }
    }

    /// Undo steps available.
    pub fn mark_undo_steps(&self) -> usize {
        self.mark_history.len()
    }

    /// `z`: the marks go back to before the last bulk change (a running range is committed and
    /// undone as one step). Posts that left the list since stay unmarked. Returns the number of
    /// marks before and after, or `None` when there is nothing to undo.
    pub fn undo_marks(&mut self) -> Option<(usize, usize)> {
        self.range = None;
        let mut previous = self.mark_history.pop()?;
        let before = self.marks.len();
        // Rows confirmed gone but not yet dropped keep no mark.
        if self.gone_rows > 0 {
            let gone: Vec<usize> = previous
                .iter()
                .filter(|&i| self.rows.get(i).is_none_or(|row| row.gone))
                .collect();
            for i in gone {
                previous.set(i, false);
            }
        }
        self.marks = previous;
        Some((before, self.marks.len()))
    }

    /// Ends range marking; true when it was on.
    pub fn end_range(&mut self) -> bool {
        self.range.take().is_some()
    }

    // ---- bringing derived data up to date ----

    /// Rebuilds what the changes since the last call made stale: drops gone rows, filters,
    /// sorts (ties by id), and keeps the cursor on the same post when it is still shown, else
    /// at the same position, clamped. It never touches the marks: whatever made the view stale
    /// ended range marking first.
    pub fn sync(&mut self) {
        if self.view_stale {
            self.rebuild_view();
        }
    }

    fn rebuild_view(&mut self) {
        self.view_stale = false;
        let cursor_id = self.cursor_id().cloned();
        if self.gone_rows > 0 {
            self.drop_gone_rows();
        }
        let sort_changed = self.sorted_by != Some(self.sort);
        if self.order_stale || sort_changed {
            self.rebuild_order();
        }
        self.search_index.extend(&self.rows);
        let view: Vec<u32> = if self.filter.is_empty() {
            self.sorted.clone()
        } else {
            self.update_matched();
            let pass = self.matched.as_ref().map_or(&[][..], |m| &m.pass[..]);
            self.sorted
                .iter()
                .copied()
                .filter(|&i| pass.get(i as usize).copied().unwrap_or(false))
                .collect()
        };
        self.view = view;
        let kept = cursor_id.and_then(|id| self.view_position(&id));
        self.cursor = kept.unwrap_or(self.cursor);
        self.clamp_cursor();
    }

    /// The filter's flags over every row, brought up to date: kept when the filter is the same
    /// (extended to rows added since), narrowed when it only narrows, else computed afresh.
    fn update_matched(&mut self) {
        let (rows, index) = (&self.rows, &self.search_index);
        let matched = match self.matched.take() {
            Some(mut matched) if matched.filter == self.filter => {
                matched.extend(rows, index);
                matched
            }
            Some(mut matched) if self.filter.narrows(&matched.filter) => {
                matched.extend(rows, index);
                matched.narrow(rows, index, self.filter.clone())
            }
            previous => Matched::new(rows, index, self.filter.clone(), previous),
        };
        self.matched = Some(matched);
    }

    /// Drops the rows the server confirmed gone; every row position after them moves.
    fn drop_gone_rows(&mut self) {
        let mut kept = 0;
        let remap: Vec<Option<u32>> = self
            .rows
            .iter()
            .map(|row| {
                (!row.gone).then(|| {
                    kept += 1;
                    u32::try_from(kept - 1).expect("fewer than 4 billion rows")
                })
            })
            .collect();
        self.orders.remap(&remap);
        self.search_index.remap(&remap);
        self.index.remap(&remap);
        if let Some(matched) = &mut self.matched {
            matched.remap(&remap);
        }
        self.marks.remap(&remap);
        for marks in &mut self.mark_history {
            marks.remap(&remap);
        }
        if let Some(range) = &mut self.range {
            range.base.remap(&remap);
        }
        self.rows.retain(|row| !row.gone);
        self.gone_rows = 0;
    }

    /// Puts every row position in the sort's order: the orders are kept up to date as rows
    /// change ([`Orders`]), so this is a merge of what changed and a copy.
    fn rebuild_order(&mut self) {
        self.order_stale = false;
        self.sorted_by = Some(self.sort);
        self.orders.refresh(&self.rows);
        self.sorted = self
            .orders
            .sorted(&self.rows, self.sort.field, self.sort.order);
    }

    /// While range marking, the marks are the range's base plus every row between the anchor
    /// and the cursor, in the view the user walked (never stale: a change to it ends the range).
    fn follow_range(&mut self) {
        let Some(range) = &self.range else { return };
        if self.view_stale {
            self.range = None;
            return;
        }
        let Some(anchor) = self.view_position(&range.anchor) else {
            self.range = None;
            return;
        };
        let (low, high) = (anchor.min(self.cursor), anchor.max(self.cursor));
        let mut marks = range.base.clone();
        if let Some(rows) = self.view.get(low..=high) {
            for &i in rows {
                marks.set(i as usize, true);
            }
        }
        self.marks = marks;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::TimeZoneChoice;

    fn now() -> chrono::DateTime<chrono::Utc> {
        chrono::DateTime::from_timestamp(1_800_000_000, 0).expect("instant")
    }

    fn post(n: u32, content: &str) -> PostSummary {
        serde_json::from_value(serde_json::json!({
            "postGroupId": format!("{n:024x}"),
            "status": "draft",
            "content": content,
            "platforms": [],
        }))
        .expect("test post parses")
    }

    #[test]
    fn the_view_follows_a_filter_once_synced() {
        let mut posts = PostList::default();
        posts.upsert(post(1, "launch day"), LoadSeq(1));
        posts.upsert(post(2, "other"), LoadSeq(1));
        posts.sync();
        assert_eq!(posts.view_len(), 2);
        posts
            .set_query_text("launch", now(), TimeZoneChoice::Utc)
            .expect("parses");
        posts.sync();
        assert_eq!(posts.view_len(), 1);
    }

    #[test]
    #[cfg(debug_assertions)]
    #[should_panic(expected = "read before sync()")]
    fn reading_the_view_between_a_change_and_sync_is_caught() {
        let mut posts = PostList::default();
        posts.upsert(post(1, "launch day"), LoadSeq(1));
        posts.upsert(post(2, "other"), LoadSeq(1));
        posts.sync();
        posts
            .set_query_text("launch", now(), TimeZoneChoice::Utc)
            .expect("parses");
        // Without sync() this would still count both posts.
        let _ = posts.view_len();
    }
}
