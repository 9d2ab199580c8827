//! [`DetailPane`]: the detail pane's tab and scroll, and its caches of get-post
//! (POSTPOST_API.md §3.2) and post-logs (§3.6) answers, each slot keyed by the request number it
//! waits for so that a stale answer is dropped.

use std::collections::HashMap;

use crate::api::model::{PostDetail, PostGroupId, PostLog};
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

/// Answers cached per post, each kept with the request number it waits for (or was answered
/// by), so that only the answer to the latest request for a post is kept.
#[derive(Debug, Clone)]
struct AnswerCache<S, E> {
    slots: HashMap<PostGroupId, (S, E)>,
    /// The last request number handed out.
    latest: S,
}

impl<S: Default, E> Default for AnswerCache<S, E> {
    fn default() -> Self {
        Self {
            slots: HashMap::new(),
            latest: S::default(),
        }
    }
}

impl<S: Copy + PartialEq, E: PartialEq> AnswerCache<S, E> {
    /// A new request number (made by `next` from the latest) for `id` when nothing is cached,
    /// or when its slot still waits (holds `loading`) under an older number: the worker's
    /// debounce may have skipped that request, the cursor having moved on before it was sent.
    /// The slot then waits for the new number.
    fn want(&mut self, id: &PostGroupId, loading: E, next: impl Fn(S) -> S) -> Option<S> {
        let fetch = self
            .slots
            .get(id)
            .is_none_or(|(seq, entry)| *entry == loading && *seq != self.latest);
        if !fetch {
            return None;
        }
        self.latest = next(self.latest);
        self.slots.insert(id.clone(), (self.latest, loading));
        Some(self.latest)
    }

    /// Keeps `entry` for `id` when `seq` is the request its slot waits for.
    fn answered(&mut self, seq: S, id: &PostGroupId, entry: E) {
        if let Some(slot) = self
            .slots
            .get_mut(id)
            .filter(|(waits_for, _)| *waits_for == seq)
        {
            slot.1 = entry;
        }
    }

    fn get(&self, id: &PostGroupId) -> Option<&E> {
        self.slots.get(id).map(|(_, entry)| entry)
    }

    fn request(&self, id: &PostGroupId) -> Option<S> {
        self.slots.get(id).map(|(seq, _)| *seq)
    }
}

/// The detail pane: its tab, its scroll, and the caches of get-post and post-logs answers. The
/// scroll starts at the top whenever another post comes under the cursor ([`DetailPane::show`])
/// or the tab changes, and never passes the end the last frame measured.
#[derive(Debug, Clone, Default)]
pub struct DetailPane {
    tab: DetailTab,
    /// Lines scrolled.
    scroll: u16,
    /// How far the pane can scroll, from the last frame's `Viewport`; `None` until the focused
    /// pane was measured for the post and tab shown now.
    scroll_max: Option<u16>,
    /// The post the pane showed when it was last synced.
    shown: Option<PostGroupId>,
    details: AnswerCache<DetailSeq, DetailEntry>,
    logs: AnswerCache<LogsSeq, LogsEntry>,
}

impl DetailPane {
    /// The tab shown.
    pub fn tab(&self) -> DetailTab {
        self.tab
    }

    /// Lines scrolled.
    pub fn scroll(&self) -> u16 {
        self.scroll
    }

    /// How far the pane scrolls, as measured on the last frame.
    pub fn scroll_max(&self) -> Option<u16> {
        self.scroll_max
    }

    /// What is known of `id`'s get-post answer.
    pub fn detail(&self, id: &PostGroupId) -> Option<&DetailEntry> {
        self.details.get(id)
    }

    /// What is known of `id`'s post-logs answer.
    pub fn logs(&self, id: &PostGroupId) -> Option<&LogsEntry> {
        self.logs.get(id)
    }

    /// The get-post request `id`'s slot waits for (or was answered by).
    pub fn detail_request(&self, id: &PostGroupId) -> Option<DetailSeq> {
        self.details.request(id)
    }

    /// The post-logs request `id`'s slot waits for (or was answered by).
    pub fn logs_request(&self, id: &PostGroupId) -> Option<LogsSeq> {
        self.logs.request(id)
    }

    /// True when no get-post answer is cached or asked for.
    pub fn no_details(&self) -> bool {
        self.details.slots.is_empty()
    }

    /// True when no post-logs answer is cached or asked for.
    pub fn no_logs(&self) -> bool {
        self.logs.slots.is_empty()
    }

    /// `[` / `]`: the previous or next tab, from its top.
    pub fn cycle_tab(&mut self, forward: bool) {
        self.tab = self.tab.cycle(forward);
        self.scroll = 0;
        // Another tab shows other lines: the next frame measures them.
        self.scroll_max = None;
    }

    /// Scrolls down `lines`, to `limit` at the most.
    pub fn scroll_down(&mut self, lines: u16, limit: u16) {
        self.scroll = self.scroll.saturating_add(lines).min(limit);
    }

    /// Scrolls up `lines`.
    pub fn scroll_up(&mut self, lines: u16) {
        self.scroll = self.scroll.saturating_sub(lines);
    }

    /// Back to the top.
    pub fn scroll_to_top(&mut self) {
        self.scroll = 0;
    }

    /// The pane now shows `id` (the cursor post); another post than before starts at the top.
    pub fn show(&mut self, id: Option<&PostGroupId>) {
        if id != self.shown.as_ref() {
            self.shown = id.cloned();
            self.scroll = 0;
            // Measured for the previous post; the next frame measures this one.
            self.scroll_max = None;
        }
    }

    /// The frame measured how far the pane scrolls (`None`: not focused, not measured).
    pub fn measured(&mut self, scroll_max: Option<u16>) {
        self.scroll_max = scroll_max;
        if let Some(max) = scroll_max {
            self.scroll = self.scroll.min(max);
        }
    }

    /// A request number for `id`'s get-post when nothing is cached, or when its slot still waits
    /// under an older number; the slot then waits for the new one.
    pub fn want_detail(&mut self, id: &PostGroupId) -> Option<DetailSeq> {
        self.details.want(id, DetailEntry::Loading, DetailSeq::next)
    }

    /// A request number for `id`'s post-logs, by the rules of [`DetailPane::want_detail`].
    pub fn want_logs(&mut self, id: &PostGroupId) -> Option<LogsSeq> {
        self.logs.want(id, LogsEntry::Loading, LogsSeq::next)
    }

    /// Keeps `entry` as `id`'s get-post answer when `seq` is the request its slot waits for;
    /// a stale answer is dropped.
    pub fn detail_answered(&mut self, seq: DetailSeq, id: &PostGroupId, entry: DetailEntry) {
        self.details.answered(seq, id, entry);
    }

    /// Keeps `entry` as `id`'s post-logs answer when `seq` is the request its slot waits for.
    pub fn logs_answered(&mut self, seq: LogsSeq, id: &PostGroupId, entry: LogsEntry) {
        self.logs.answered(seq, id, entry);
    }

    /// Forgets every cached log (`r`: logs grow while posts publish).
    pub fn forget_logs(&mut self) {
        self.logs.slots.clear();
    }

    /// Forgets `id`'s cached log, and its get-post answer too when `detail` (a job changed it).
    pub fn forget_post(&mut self, id: &PostGroupId, detail: bool) {
        if detail {
            self.details.slots.remove(id);
        }
        self.logs.slots.remove(id);
    }

    /// Forgets both caches and the scroll (another acting user: ids belong to one user).
    pub fn clear(&mut self) {
        self.details.slots.clear();
        self.logs.slots.clear();
        self.scroll = 0;
    }
}
