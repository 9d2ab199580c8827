//! Where loading every page of list-posts (POSTPOST_API.md §3.1) stands.

use crate::protocol::LoadSeq;

/// Progress of loading every page.
#[derive(Debug, Clone, Default)]
pub struct LoadState {
    /// Generation of the current (or last) load.
    pub seq: LoadSeq,
    /// Pages still expected.
    pub in_progress: bool,
    /// Pages arrived in this generation.
    pub pages_loaded: u64,
    /// Pages the server said there are.
    pub total_pages: u64,
    /// Posts the server said there are.
    pub total_items: u64,
    /// Entries that could not be read, in this generation.
    pub skipped: usize,
    /// Why the last load stopped, shown until the next load.
    pub error: Option<String>,
    /// Hint that goes with the error.
    pub hint: Option<&'static str>,
    /// `totalItems` of the first page of this generation.
    pub first_total: Option<u64>,
    /// A later page reported another `totalItems`: posts were added or removed meanwhile.
    pub total_changed: bool,
    /// Automatic reloads left before the user asks again (one, so a busy account cannot
    /// keep the list reloading forever).
    pub auto_reloads_left: u8,
}
