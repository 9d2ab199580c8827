//! The detail pane's tabs and its caches of get-post (POSTPOST_API.md §3.2) and post-logs
//! (§3.6) answers, each slot keyed by the request number it waits for.

use crate::api::model::{PostDetail, PostLog};
use crate::protocol::{DetailSeq, LogsSeq};

/// Which tab the detail pane shows; `[` and `]` cycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DetailTab {
    /// Status, times, platforms with their errors, media and content (get-post, §3.2).
    #[default]
    Post,
    /// The post's log timeline (post-logs, §3.6).
    Logs,
}

impl DetailTab {
    /// Every tab, in display order.
    pub const ALL: [DetailTab; 2] = [DetailTab::Post, DetailTab::Logs];

    /// The tab's title.
    pub fn label(self) -> &'static str {
        match self {
            Self::Post => "post",
            Self::Logs => "logs",
        }
    }

    /// The next tab (`forward`) or the previous one, wrapping.
    pub fn cycle(self, forward: bool) -> Self {
        let count = Self::ALL.len();
        let position = Self::ALL.iter().position(|t| *t == self).unwrap_or(0);
        let next = if forward {
            (position + 1) % count
        } else {
            (position + count - 1) % count
        };
        Self::ALL[next]
    }
}

/// The cached answer of get-post for one post.
#[derive(Debug, Clone, PartialEq)]
pub enum DetailEntry {
    /// Asked, not answered yet.
    Loading,
    Loaded(PostDetail),
    /// Why it could not be fetched.
    Failed(String),
}

/// A detail cache slot: the request number it waits for, and what is known.
#[derive(Debug, Clone, PartialEq)]
pub struct DetailSlot {
    /// Only the answer carrying this number is kept.
    pub seq: DetailSeq,
    /// What is known.
    pub entry: DetailEntry,
}

/// The cached answer of post-logs (§3.6) for one post.
#[derive(Debug, Clone, PartialEq)]
pub enum LogsEntry {
    /// Asked, not answered yet.
    Loading,
    /// The entries in the server's order (`createdAt` ascending, at most 100), and how many
    /// entries could not be read.
    Loaded {
        /// Entries that parsed.
        logs: Vec<PostLog>,
        /// Entries skipped as unreadable.
        skipped: usize,
    },
    /// Why it could not be fetched.
    Failed(String),
}

/// A log cache slot: the request number it waits for, and what is known.
#[derive(Debug, Clone, PartialEq)]
pub struct LogsSlot {
    /// Only the answer carrying this number is kept.
    pub seq: LogsSeq,
    /// What is known.
    pub entry: LogsEntry,
}
