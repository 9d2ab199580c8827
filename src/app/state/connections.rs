//! The connections screen's data (platform-connections, POSTPOST_API.md §5.1): the account's
//! connections, their cursor, and how many loaded posts target each.

use std::collections::HashMap;

use crate::api::model::PlatformConnection;
use crate::protocol::ConnectionsSeq;

use super::super::action::SCROLL_ROWS;

use super::rows::PostRow;
use super::viewport::wheel;

/// Where the platform connections (§5.1) stand.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum ConnectionsLoad {
    /// Never asked: the connections screen has not been shown yet.
    #[default]
    NotAsked,
    /// A request is out.
    Loading,
    /// The list holds the last answer.
    Loaded,
    /// The last request failed.
    Failed {
        /// What went wrong.
        error: String,
        /// What the user can do about it.
        hint: Option<&'static str>,
    },
}

/// The connections screen's data: the account's connections, their cursor, and the number of
/// loaded posts that target each.
#[derive(Debug, Clone, Default)]
pub struct ConnectionsView {
    /// Request number; only the answer carrying it is kept.
    seq: ConnectionsSeq,
    /// Where loading stands.
    load: ConnectionsLoad,
    /// The connections of the last answer, in the server's order.
    list: Vec<PlatformConnection>,
    /// Entries of the last answer that could not be read.
    skipped: usize,
    /// Highlighted connection, a position in `list`.
    cursor: usize,
    /// The first connection the table shows (kept so the cursor stays in sight; see
    /// [`ConnectionsView::first_row`]).
    offset: usize,
    /// Rows the table shows, from the frame's `Viewport` (`AppState::prepare_frame`; 0 until
    /// the first frame, taken as 1).
    page: usize,
    /// Loaded posts (not gone) with a target on each `platformId`; a post counts once per
    /// account. Recounted by [`ConnectionsView::count_posts`] when the posts or the connections
    /// changed since.
    post_counts: HashMap<String, usize>,
    /// `(posts version, connections version)` the counts were made for.
    counted_for: Option<(u64, u64)>,
    /// Bumped whenever `list` is replaced.
    list_version: u64,
}

impl ConnectionsView {
    /// The request whose answer is awaited or was kept last.
    pub fn seq(&self) -> ConnectionsSeq {
        self.seq
    }

    /// Where loading stands.
    pub fn load(&self) -> &ConnectionsLoad {
        &self.load
    }

    /// The connections of the last answer, in the server's order.
    pub fn list(&self) -> &[PlatformConnection] {
        &self.list
    }

    /// Entries of the last answer that could not be read.
    pub fn skipped(&self) -> usize {
        self.skipped
    }

    /// The highlighted connection, a position in [`Self::list`].
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// The first connection the table showed on the last frame.
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// A new platform-connections request: its number, the only one whose answer is kept.
    pub fn start_request(&mut self) -> ConnectionsSeq {
        self.seq = self.seq.next();
        self.load = ConnectionsLoad::Loading;
        self.seq
    }

    /// The request `seq` failed; the last list stays.
    pub fn set_failed(&mut self, error: String, hint: Option<&'static str>) {
        self.load = ConnectionsLoad::Failed { error, hint };
    }

    /// The table shows `rows` rows (from the frame's `Viewport`).
    pub fn set_page(&mut self, rows: usize) {
        self.page = rows;
        self.keep_cursor_in_view();
    }

    /// Puts the cursor on `position` when it is a connection; else nothing moves.
    pub fn set_cursor(&mut self, position: usize) {
        if position < self.list.len() {
            self.cursor = position;
            self.keep_cursor_in_view();
        }
    }

    /// Moves the cursor by `delta` rows, clamped to the list.
    pub fn move_cursor(&mut self, delta: isize) {
        let last = self.list.len().saturating_sub(1);
        self.cursor = self.cursor.saturating_add_signed(delta).min(last);
        self.keep_cursor_in_view();
    }

    /// The mouse wheel, as on the posts list: the table moves by [`SCROLL_ROWS`] and the
    /// cursor with it; at either end only the cursor moves.
    pub fn scroll(&mut self, down: bool) {
        let first = self.first_row(self.page);
        let (offset, step) = wheel(first, self.list.len(), self.page, down, SCROLL_ROWS);
        self.offset = offset;
        let step = isize::try_from(step).unwrap_or(isize::MAX);
        self.move_cursor(if down { step } else { -step });
    }

    /// The connection under the cursor.
    pub fn cursor_connection(&self) -> Option<&PlatformConnection> {
        self.list.get(self.cursor)
    }

    /// The first connection a table of `rows` rows shows: `offset`, moved just enough to keep
    /// the cursor in sight and the table full. Drawing and hit-testing both use it, so a click
    /// lands on the row drawn under the pointer.
    pub fn first_row(&self, rows: usize) -> usize {
        let rows = rows.max(1);
        let start = if self.cursor < self.offset {
            self.cursor
        } else if self.cursor >= self.offset + rows {
            self.cursor + 1 - rows
        } else {
            self.offset
        };
        start.min(self.list.len().saturating_sub(rows))
    }

    /// Moves `offset` to what [`Self::first_row`] draws for `page` rows.
    fn keep_cursor_in_view(&mut self) {
        self.cursor = self.cursor.min(self.list.len().saturating_sub(1));
        self.offset = self.first_row(self.page);
    }

    /// Takes the connections of an answer: the list, how many entries could not be read, and
    /// the cursor clamped to the new list.
    pub fn set_answer(&mut self, list: Vec<PlatformConnection>, skipped: usize) {
        self.list = list;
        self.skipped = skipped;
        self.load = ConnectionsLoad::Loaded;
        self.cursor = self.cursor.min(self.list.len().saturating_sub(1));
        self.list_version += 1;
    }

    /// Forgets everything for another acting user; the request number moves on, so an answer
    /// still on its way for the previous user is dropped.
    pub fn clear(&mut self) {
        *self = Self {
            seq: self.seq.next(),
            list_version: self.list_version + 1,
            ..Self::default()
        };
    }

    /// Recounts the loaded posts per connected account when the posts (as of `posts_version`)
    /// or the connections changed since the last count: one pass over the rows, none per frame.
    pub fn count_posts(&mut self, posts_version: u64, rows: &[PostRow]) {
        let now = (posts_version, self.list_version);
        if self.counted_for == Some(now) {
            return;
        }
        self.counted_for = Some(now);
        let mut counts: HashMap<String, usize> = self
            .list
            .iter()
            .map(|c| (c.platform_id.clone(), 0))
            .collect();
        for row in rows.iter().filter(|row| !row.gone) {
            let mut seen: Vec<&str> = Vec::with_capacity(row.post.platforms.len());
            for target in &row.post.platforms {
                let id = target.platform_id.as_str();
                if seen.contains(&id) {
                    continue;
                }
                seen.push(id);
                if let Some(count) = counts.get_mut(id) {
                    *count += 1;
                }
            }
        }
        self.post_counts = counts;
    }

    /// Loaded posts that target `platform_id` (0 when unknown or not yet counted).
    pub fn post_count(&self, platform_id: &str) -> usize {
        self.post_counts.get(platform_id).copied().unwrap_or(0)
    }
}
