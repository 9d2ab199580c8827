//! One loaded post with its row text and sort keys computed once, and the search index over
//! every row: what the list filters and sorts without per-frame work.

use crate::api::model::{Platform, PostGroupId, PostSummary, SortField};
use crate::app::query::{self, Subject};
use crate::protocol::{JobKind, LoadSeq};
use crate::text::sanitize;

/// Longest one-line content kept per row, in chars; the list never shows more.
const ROW_TEXT_CHARS: usize = 400;

/// One loaded post with everything the list needs computed once: no per-frame work.
#[derive(Debug, Clone)]
pub struct PostRow {
    /// The post as list-posts returned it.
    pub post: PostSummary,
    /// Sanitized one-line content, at most [`ROW_TEXT_CHARS`] chars.
    pub content_line: String,
    /// Lower-cased content and id, for the query's words (`app::query::search_key`).
    pub search_key: String,
    // Sort keys: milliseconds since the epoch of createdAt, scheduledTime and updatedAt,
    // `None` when absent or unparseable.
    pub created_ms: Option<i64>,
    pub scheduled_ms: Option<i64>,
    pub updated_ms: Option<i64>,
    /// Load generation that last saw this post.
    pub seen_in_load: LoadSeq,
    /// Set when the server confirmed the post is gone; removed at the next view sync.
    pub gone: bool,
    /// Why the last job's attempt to change it (delete, reschedule, move to draft) failed.
    pub last_error: Option<String>,
    /// The kind of job `last_error` comes from.
    pub last_error_job: JobKind,
}

impl PostRow {
    /// Precomputes the row for `post`.
    pub fn new(post: PostSummary, seen_in_load: LoadSeq) -> Self {
        let content = post.content.as_deref().unwrap_or("");
        let mut head: String = content.chars().take(ROW_TEXT_CHARS).collect();
        if head.len() < content.len() {
            head.push('…');
        }
        let content_line = sanitize::sanitize_line(&head);
        let search_key = query::search_key(post.content.as_deref(), post.post_group_id.as_str());
        let millis = |ts: &Option<crate::api::model::Timestamp>| {
            ts.as_ref()
                .and_then(|t| t.parsed)
                .map(|t| t.timestamp_millis())
        };
        Self {
            created_ms: millis(&post.created_at),
            scheduled_ms: millis(&post.scheduled_time),
            updated_ms: millis(&post.updated_at),
            post,
            content_line,
            search_key,
            seen_in_load,
            gone: false,
            last_error: None,
            last_error_job: JobKind::Delete,
        }
    }

    /// What a query is tested against (`app::query`).
    pub fn subject(&self) -> Subject<'_> {
        Subject {
            status: &self.post.status,
            platforms: &self.post.platforms,
            text: &self.search_key,
            created_ms: self.created_ms,
            scheduled_ms: self.scheduled_ms,
            updated_ms: self.updated_ms,
            has_media: !self.post.media_urls.is_empty(),
        }
    }

    pub fn id(&self) -> &PostGroupId {
        &self.post.post_group_id
    }

    pub(super) fn sort_key(&self, field: SortField) -> Option<i64> {
        match field {
            SortField::CreatedAt => self.created_ms,
            SortField::ScheduledTime => self.scheduled_ms,
            SortField::UpdatedAt => self.updated_ms,
        }
    }

    /// True when any target is the connected account `platform_id` (compound, §1.2).
    pub fn has_platform_id(&self, platform_id: &str) -> bool {
        self.post
            .platforms
            .iter()
            .any(|p| p.platform_id == platform_id)
    }

    /// True when any target is on `platform`.
    pub fn has_platform(&self, platform: &Platform) -> bool {
        self.post.platforms.iter().any(|p| &p.platform == platform)
    }
}

/// The search keys of every row joined into one buffer (NUL between keys), so a text filter
/// is one SIMD substring pass over contiguous memory instead of 100k pointer chases.
#[derive(Debug, Clone, Default)]
pub struct SearchIndex {
    blob: Vec<u8>,
    /// `starts[i]..starts[i + 1]` is row `i`'s key (plus its separator).
    starts: Vec<usize>,
}

impl SearchIndex {
    /// Joins the keys of `rows`, in row order.
    pub fn build(rows: &[PostRow]) -> Self {
        let total: usize = rows.iter().map(|row| row.search_key.len() + 1).sum();
        let mut blob = Vec::with_capacity(total);
        let mut starts = Vec::with_capacity(rows.len() + 1);
        for row in rows {
            starts.push(blob.len());
            blob.extend_from_slice(row.search_key.as_bytes());
            blob.push(0);
        }
        starts.push(blob.len());
        Self { blob, starts }
    }

    /// `hits[i]` is true when row `i`'s key contains the needle.
    pub fn matching(&self, needle: &memchr::memmem::Finder<'_>) -> Vec<bool> {
        let rows = self.starts.len().saturating_sub(1);
        let mut hits = vec![false; rows];
        let mut row = 0;
        for position in needle.find_iter(&self.blob) {
            while row + 1 < self.starts.len() && self.starts[row + 1] <= position {
                row += 1;
            }
            if let Some(hit) = hits.get_mut(row) {
                *hit = true;
            }
        }
        hits
    }
}
