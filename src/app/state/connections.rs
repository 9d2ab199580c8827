//! The connections screen's data (platform-connections, POSTPOST_API.md §5.1): the account's
//! connections, their cursor, and how many loaded posts target each.

use std::collections::HashMap;

use crate::api::model::PlatformConnection;
use crate::protocol::ConnectionsSeq;

use super::rows::PostRow;

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
    pub seq: ConnectionsSeq,
    /// Where loading stands.
    pub load: ConnectionsLoad,
    /// The connections of the last answer, in the server's order.
    pub list: Vec<PlatformConnection>,
    /// Entries of the last answer that could not be read.
    pub skipped: usize,
    /// Highlighted connection, a position in `list`.
    pub cursor: usize,
    /// The first connection the table shows (kept so the cursor stays in sight; see
    /// [`ConnectionsView::first_row`]).
    pub offset: usize,
    /// Rows the table shows, from the frame's `Viewport` (`AppState::prepare_frame`; 0 until
    /// the first frame, taken as 1).
    pub page: usize,
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
    pub fn keep_cursor_in_view(&mut self) {
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
