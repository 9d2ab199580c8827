//! Where loading every page of list-posts (POSTPOST_API.md §3.1) stands: one load generation at
//! a time, its pages counted against what the server said, and the one automatic reload a
//! load gets when the server's count moved while it paged.

use crate::api::model::Pagination;
use crate::protocol::LoadSeq;

/// Progress of loading every page. Changed only through its methods, one per step of a load.
#[derive(Debug, Clone, Default)]
pub struct LoadState {
    /// Generation of the current (or last) load; only pages carrying it count.
    seq: LoadSeq,
    /// Pages still expected.
    in_progress: bool,
    /// Pages arrived in this generation.
    pages_loaded: u64,
    /// Posts those pages held (a reload's progress, while the list still holds the last
    /// load's posts).
    received: usize,
    /// Pages the server said there are (the last page's `totalPages`).
    total_pages: u64,
    /// Posts the server said there are (the last page's `totalItems`).
    total_items: u64,
    /// Entries that could not be read, in this generation.
    skipped: usize,
    /// Why the last load stopped, shown until the next load.
    error: Option<String>,
    /// What the user can do about `error`.
    hint: Option<&'static str>,
    /// `totalItems` of the first page of this generation.
    first_total: Option<u64>,
    /// A later page reported another `totalItems`: posts were added or removed meanwhile.
    total_changed: bool,
    /// Automatic reloads left before the user asks again (one, so a busy account cannot keep
    /// the list reloading forever).
    auto_reloads_left: u8,
}

impl LoadState {
    /// Generation of the current (or last) load.
    pub fn seq(&self) -> LoadSeq {
        self.seq
    }

    /// True while pages are still expected.
    pub fn in_progress(&self) -> bool {
        self.in_progress
    }

    /// Pages arrived in this generation.
    pub fn pages_loaded(&self) -> u64 {
        self.pages_loaded
    }

    /// Posts the pages of this generation held so far.
    pub fn received(&self) -> usize {
        self.received
    }

    /// Pages the server said there are.
    pub fn total_pages(&self) -> u64 {
        self.total_pages
    }

    /// Posts the server said there are (`totalItems` of the last page).
    pub fn total_items(&self) -> u64 {
        self.total_items
    }

    /// Entries of this generation that could not be read.
    pub fn skipped(&self) -> usize {
        self.skipped
    }

    /// Why the last load stopped, until the next one starts.
    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    /// What the user can do about [`Self::error`].
    pub fn hint(&self) -> Option<&'static str> {
        self.hint
    }

    /// A load the user asked for (start-up, `r`, a user switch): a new generation, with one
    /// automatic reload allowed again.
    pub fn start_asked(&mut self) -> LoadSeq {
        self.auto_reloads_left = 1;
        self.start()
    }

    /// A new generation: every count of the last one is forgotten.
    pub fn start(&mut self) -> LoadSeq {
        self.seq = self.seq.next();
        self.in_progress = true;
        self.pages_loaded = 0;
        self.received = 0;
        self.total_items = 0;
        self.skipped = 0;
        self.error = None;
        self.hint = None;
        self.first_total = None;
        self.total_changed = false;
        self.seq
    }

    /// One page of the current generation arrived with `posts` posts and `pagination`;
    /// `skipped` of its entries could not be read.
    pub fn page(&mut self, pagination: &Pagination, posts: usize, skipped: usize) {
        self.pages_loaded += 1;
        self.received = self.received.saturating_add(posts);
        self.total_pages = pagination.total_pages;
        self.total_items = pagination.total_items;
        match self.first_total {
            None => self.first_total = Some(pagination.total_items),
            Some(first) if first != pagination.total_items => self.total_changed = true,
            Some(_) => {}
        }
        self.skipped += skipped;
    }

    /// Every page arrived. When the server's `totalItems` moved while paging, gives it as
    /// `(first, last)`.
    pub fn finish(&mut self) -> Option<(u64, u64)> {
        self.in_progress = false;
        self.total_changed
            .then(|| (self.first_total.unwrap_or_default(), self.total_items))
    }

    /// The load stopped on `error`, with `hint` of what to do.
    pub fn fail(&mut self, error: String, hint: Option<&'static str>) {
        self.in_progress = false;
        self.error = Some(error);
        self.hint = hint;
    }

    /// Uses up the automatic reload, when one is left: true when the caller may reload now.
    pub fn take_auto_reload(&mut self) -> bool {
        let left = self.auto_reloads_left > 0;
        self.auto_reloads_left = self.auto_reloads_left.saturating_sub(1);
        left
    }
}
