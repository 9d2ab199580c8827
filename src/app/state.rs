//! The app state, owned by the app loop alone (DESIGN §5 rule 1): the loaded posts with their
//! precomputed row text, the filtered and sorted view, the cursor, the marks (keyed by
//! `PostGroupId`, so they survive paging, filtering and reloads), the detail and log caches, the
//! platform connections with their cursor, pickers, dialogs, the running job, the acting user
//! (issue 6 item 4) and the notice line. `app::update` changes it; `ui` only reads it.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

use crate::api::model::{
    Platform, PlatformConnection, PlatformStatus, PostDetail, PostGroupId, PostLog, PostStatus,
    PostSummary, SortField, SortOrder, UpdatedGroup,
};
use crate::text::sanitize;
use crate::time::TimeZoneChoice;

use super::keymap::Mode;
use super::stats::Stats;
use crate::protocol::{
    ConnectionsSeq, DetailSeq, JobId, JobKind, JobSummary, LoadSeq, LogsSeq, Outcome, UsersSeq,
};

/// Shortest time between two countings of the stats while a load is still running.
pub const STATS_REFRESH_WHILE_LOADING: Duration = Duration::from_millis(500);

/// Longest one-line content kept per row, in chars; the list never shows more.
const ROW_TEXT_CHARS: usize = 400;

/// One loaded post with everything the list needs computed once (issue 4: no per-frame work).
#[derive(Debug, Clone)]
pub struct PostRow {
    /// The post as list-posts returned it.
    pub post: PostSummary,
    /// Sanitized one-line content, at most [`ROW_TEXT_CHARS`] chars.
    pub content_line: String,
    /// Lower-cased content and id, for the text filter.
    pub search_key: String,
    /// Sort keys: milliseconds since the epoch, `None` when absent or unparseable.
    pub created_ms: Option<i64>,
    /// See `created_ms`.
    pub scheduled_ms: Option<i64>,
    /// See `created_ms`.
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
        let mut search_key = content.to_lowercase();
        search_key.push('\n');
        search_key.push_str(&post.post_group_id.as_str().to_lowercase());
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

    /// The id.
    pub fn id(&self) -> &PostGroupId {
        &self.post.post_group_id
    }

    fn sort_key(&self, field: SortField) -> Option<i64> {
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

/// Which pane has the keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Focus {
    /// The list.
    #[default]
    List,
    /// The detail pane (on narrow terminals it then covers the list).
    Detail,
}

/// Which full screen the body shows (issue 6): the posts (list and detail), the platform
/// connections (POSTPOST_API.md §5.1), or the stats charts. `1`, `2`, `3` switch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Screen {
    /// The post list and the detail pane.
    #[default]
    Posts,
    /// The account's platform connections.
    Connections,
    /// Posts per status and platform, and the scheduled posts per day.
    Stats,
}

/// Which tab the detail pane shows (issue 6 item 1); `[` and `]` cycle.
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

/// What the list shows.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Filter {
    /// Only this group status.
    pub status: Option<PostStatus>,
    /// Only posts with a target on this platform.
    pub platform: Option<Platform>,
    /// Case-insensitive substring of content or id; empty = all.
    pub text: String,
    /// Only posts with a target on this connected account: a compound `platformId` (§1.2, as
    /// list-posts' `platforms[].platformId` and platform-connections' `platformId`).
    pub connection: Option<String>,
}

impl Filter {
    /// True when `row` passes every part of the filter. `needle` is a searcher for `text`
    /// lower-cased, built once by the caller ([`Filter::needle`]) rather than once per row.
    pub fn matches(&self, row: &PostRow, needle: &memchr::memmem::Finder<'_>) -> bool {
        self.status.as_ref().is_none_or(|s| &row.post.status == s)
            && self.platform.as_ref().is_none_or(|p| row.has_platform(p))
            && self
                .connection
                .as_ref()
                .is_none_or(|id| row.has_platform_id(id))
            && (needle.needle().is_empty() || needle.find(row.search_key.as_bytes()).is_some())
    }

    /// A SIMD substring searcher for the lower-cased text (the search keys are lower-cased).
    pub fn needle(&self) -> memchr::memmem::Finder<'static> {
        memchr::memmem::Finder::new(self.text.to_lowercase().as_bytes()).into_owned()
    }

    /// True when every post passing `self` also passes `wider`: same status and platform, the
    /// same connection or none in `wider`, and this text contains the wider one (so typing one
    /// more character only narrows).
    pub fn narrows(&self, wider: &Filter) -> bool {
        self.status == wider.status
            && self.platform == wider.platform
            && (wider.connection.is_none() || self.connection == wider.connection)
            && self
                .text
                .to_lowercase()
                .contains(&wider.text.to_lowercase())
    }

    /// True when nothing is filtered.
    pub fn is_empty(&self) -> bool {
        self.status.is_none()
            && self.platform.is_none()
            && self.text.is_empty()
            && self.connection.is_none()
    }
}

/// The list's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Sort {
    /// Which time.
    pub field: SortField,
    /// Which way.
    pub order: SortOrder,
}

impl Sort {
    /// The next sort in the cycle: created ↓, created ↑, scheduled ↓, scheduled ↑, updated ↓, …
    pub fn next(self) -> Self {
        match self.order {
            SortOrder::Desc => Self {
                field: self.field,
                order: SortOrder::Asc,
            },
            SortOrder::Asc => {
                let position = SortField::ALL
                    .iter()
                    .position(|f| *f == self.field)
                    .unwrap_or(0);
                Self {
                    field: SortField::ALL[(position + 1) % SortField::ALL.len()],
                    order: SortOrder::Desc,
                }
            }
        }
    }

    /// `created ↓`.
    pub fn label(self) -> String {
        let arrow = match self.order {
            SortOrder::Asc => '↑',
            SortOrder::Desc => '↓',
        };
        format!("{} {arrow}", self.field.label())
    }
}

/// The cached answer of get-post for one post.
#[derive(Debug, Clone, PartialEq)]
pub enum DetailEntry {
    /// Asked, not answered yet.
    Loading,
    /// The answer.
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
/// loaded posts that target each (issue 6 item 2).
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
    /// Rows the table shows; the loop sets it from the drawn layout as it does `list_height`
    /// (0 until the first frame, taken as 1).
    pub page: usize,
    /// Loaded posts (not gone) with a target on each `platformId`; a post counts once per
    /// account. Rebuilt by [`AppState::sync_connection_counts`] when stale.
    pub post_counts: HashMap<String, usize>,
    /// Set when the rows or the connections changed since `post_counts` was built.
    pub counts_stale: bool,
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

    /// Loaded posts that target `platform_id` (0 when unknown or not yet counted).
    pub fn post_count(&self, platform_id: &str) -> usize {
        self.post_counts.get(platform_id).copied().unwrap_or(0)
    }
}

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

/// Which picker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PickerKind {
    /// Group status.
    Status,
    /// Platform.
    Platform,
}

/// An open picker: entries with counts, and its cursor.
#[derive(Debug, Clone, PartialEq)]
pub struct Picker {
    /// Which one.
    pub kind: PickerKind,
    /// `(label, count)`; the first entry is "all".
    pub entries: Vec<(String, usize)>,
    /// Highlighted entry.
    pub cursor: usize,
}

/// What the confirm dialog shows and, on yes, sends (DESIGN §2: `ConfirmDelete { pending }`).
#[derive(Debug, Clone, PartialEq)]
pub struct ConfirmDelete {
    /// Exactly the posts that will be deleted.
    pub pending: Vec<PostGroupId>,
    /// Platform name → number of pending posts with a target there.
    pub platforms: BTreeMap<String, usize>,
    /// Pending posts with status published or partially_published (they stay live).
    pub published: usize,
    /// Pending posts the current filter hides.
    pub hidden: usize,
    /// When set, the count must be typed instead of `y`.
    pub typed_required: bool,
    /// What was typed so far.
    pub typed: String,
    /// Back up each post before deleting it.
    pub backup: bool,
}

/// Which update-post change a [`ChangeDialog`] prepares (POSTPOST_API.md §3.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    /// New time, status scheduled (`t`).
    Reschedule,
    /// Status draft, time kept (`D`).
    MoveToDraft,
}

/// The reschedule / move-to-draft dialog (issue 6 item 3): like [`ConfirmDelete`], it holds
/// exactly the ids that `Confirm` sends.
#[derive(Debug, Clone, PartialEq)]
pub struct ChangeDialog {
    /// Which change.
    pub kind: ChangeKind,
    /// The posts that will be changed: the chosen ones whose status is draft or scheduled.
    pub pending: Vec<PostGroupId>,
    /// Chosen posts left out because their status cannot change (§3.4: published, failed,
    /// partially_published, or a status this client does not know), counted by status.
    pub skipped: BTreeMap<String, usize>,
    /// Pending posts the current filter hides.
    pub hidden: usize,
    /// Pending posts that are drafts: a reschedule makes them scheduled, so they will be
    /// published at the new time (§3.4).
    pub drafts: usize,
    /// The time as typed (reschedule only), read in the dialog's time zone.
    pub input: String,
    /// `input` read as an instant, or why it cannot be (see `app::when`).
    pub parsed: Result<DateTime<Utc>, String>,
    /// The instant the dialog was last updated at, for the past-time warning.
    pub now: DateTime<Utc>,
    /// The zone `input` is read and shown in.
    pub zone: TimeZoneChoice,
    /// Set after Enter: the dialog asks y/n before sending.
    pub confirming: bool,
    /// Batches of `confirm_typed_threshold` posts or more ask to type the count instead of
    /// `y`, as deleting does (DESIGN §3): a reschedule overwrites every post's time.
    pub typed_required: bool,
    /// What was typed so far.
    pub typed: String,
}

impl ChangeDialog {
    /// Skipped posts in all.
    pub fn skipped_total(&self) -> usize {
        self.skipped.values().sum()
    }

    /// True when the parsed time lies in the past: the server will set it to now (§3.4).
    pub fn is_past(&self) -> bool {
        self.parsed.as_ref().is_ok_and(|time| *time < self.now)
    }
}

/// One entry of the user picker: the owner, or a managed user of GET workspace/users (§8).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserEntry {
    /// `None` for the key owner, else the managed user's 24-hex id.
    pub user_id: Option<String>,
    /// Sanitized display name (`owner (you)` for the owner).
    pub name: String,
    /// Sanitized e-mail address; empty for the owner.
    pub username: String,
    /// `dailyPostsLeft` (stored by the server, not enforced).
    pub daily_posts_left: Option<i64>,
}

/// What the user picker knows of the workspace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UserList {
    /// GET workspace/users was sent; only the owner can be chosen meanwhile.
    Loading,
    /// The managed users arrived.
    Loaded,
    /// It failed; the text says why (only the owner can be chosen).
    Failed(String),
}

/// The managed-user picker (`u`, issue 6 item 4).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserPicker {
    /// Request number of the GET workspace/users it waits for.
    pub seq: UsersSeq,
    /// The owner first, then the managed users in the server's order.
    pub entries: Vec<UserEntry>,
    /// Loading state.
    pub list: UserList,
    /// Highlighted entry.
    pub cursor: usize,
}

/// The user the app acts as (`x-postpost-user-id`, POSTPOST_API.md §1.5); shown in the header.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ActingAs {
    /// `None` for the key owner.
    pub user_id: Option<String>,
    /// The managed user's sanitized display name, when known.
    pub name: Option<String>,
}

impl ActingAs {
    /// `owner`, the display name, or `user <id>` when the name is not known.
    pub fn label(&self) -> String {
        match (&self.user_id, &self.name) {
            (None, _) => "owner".to_string(),
            (Some(_), Some(name)) => name.clone(),
            (Some(id), None) => format!("user {}", sanitize::sanitize_line(id)),
        }
    }
}

/// A modal dialog.
#[derive(Debug, Clone, PartialEq)]
pub enum Dialog {
    /// Confirm deletion.
    ConfirmDelete(ConfirmDelete),
    /// Reschedule or move to draft.
    Change(ChangeDialog),
    /// Choose the acting user.
    UserPicker(UserPicker),
    /// A job runs: quit anyway?
    QuitPrompt,
    /// The help overlay.
    Help,
}

/// A running (or just finished) job.
#[derive(Debug, Clone, PartialEq)]
pub struct JobProgress {
    /// The job.
    pub id: JobId,
    /// What it does to each post.
    pub kind: JobKind,
    /// Posts in it.
    pub total: usize,
    /// Outcomes so far.
    pub summary: JobSummary,
    /// When it started.
    pub started_at: Instant,
    /// Set while waiting out a rate limit.
    pub waiting_until: Option<Instant>,
    /// Cancel asked for.
    pub cancelling: bool,
    /// Posts of the job not yet finished.
    pub remaining: HashSet<PostGroupId>,
    /// Items finished in each whole second since the start: `per_second[0]` is the first
    /// second. Drawn as the rate sparkline (issue 6 item 7).
    pub per_second: Vec<u64>,
}

impl JobProgress {
    /// Counts one finished item at `now` in [`JobProgress::per_second`].
    pub fn count_finished(&mut self, now: Instant) {
        let second = usize::try_from(now.saturating_duration_since(self.started_at).as_secs())
            .unwrap_or(usize::MAX)
            .min(24 * 60 * 60);
        if self.per_second.len() <= second {
            self.per_second.resize(second + 1, 0);
        }
        self.per_second[second] += 1;
    }

    /// Items finished per second over the last `seconds` whole seconds up to `now` (zeros
    /// for seconds with none), oldest first; the second in progress is left out.
    pub fn recent_rates(&self, now: Instant, seconds: usize) -> Vec<u64> {
        let current = usize::try_from(now.saturating_duration_since(self.started_at).as_secs())
            .unwrap_or(usize::MAX)
            .min(24 * 60 * 60);
        let start = current.saturating_sub(seconds);
        (start..current)
            .map(|second| self.per_second.get(second).copied().unwrap_or(0))
            .collect()
    }

    /// Items finished (any outcome).
    pub fn done(&self) -> usize {
        self.summary.done()
    }

    /// Items per second since the start.
    pub fn rate_per_second(&self, now: Instant) -> f64 {
        let elapsed = now.saturating_duration_since(self.started_at).as_secs_f64();
        if elapsed <= 0.0 {
            0.0
        } else {
            self.done() as f64 / elapsed
        }
    }

    /// Time left at the current rate, plus any rate-limit wait still to sit out.
    pub fn eta(&self, now: Instant) -> Option<Duration> {
        let rate = self.rate_per_second(now);
        let left = self.total.saturating_sub(self.done());
        let wait = self
            .waiting_until
            .map(|until| until.saturating_duration_since(now))
            .unwrap_or_default();
        if left == 0 {
            return Some(Duration::ZERO);
        }
        (rate > 0.0).then(|| Duration::from_secs_f64(left as f64 / rate) + wait)
    }
}

/// How a notice looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeLevel {
    /// Good news.
    Info,
    /// Worth reading.
    Warn,
    /// Something failed.
    Error,
}

/// The one-line message above the footer.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    /// The text (already free of control characters).
    pub text: String,
    /// Its look.
    pub level: NoticeLevel,
    /// When it disappears; errors stay until replaced or dismissed.
    pub expires_at: Option<Instant>,
}

/// Settings the state needs from the config.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UiSettings {
    /// Batches at least this large ask to type the count (DESIGN §3).
    pub confirm_typed_threshold: usize,
    /// Shown in the header: the server (host and port).
    pub server_label: String,
    /// True against the embedded demo server.
    pub demo: bool,
    /// Deleting is disabled (`--read-only`, or `read_only` in the config or the profile); the
    /// client refuses it too.
    pub read_only: bool,
    /// The config profile in use, shown in the header (issue 6 item 4); `None` without one.
    pub profile: Option<String>,
}

impl Default for UiSettings {
    fn default() -> Self {
        Self {
            confirm_typed_threshold: 20,
            server_label: String::new(),
            demo: false,
            read_only: false,
            profile: None,
        }
    }
}

/// The search keys of every row joined into one buffer (NUL between keys), so a text filter
/// is one SIMD substring pass over contiguous memory instead of 100k pointer chases (issue 4).
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

/// Range marking: the row where `v` was pressed and the marks from before.
#[derive(Debug, Clone, PartialEq)]
pub struct RangeMark {
    /// The anchor post.
    pub anchor: PostGroupId,
    /// Marks before the range began; the range is added to these.
    pub base: HashSet<PostGroupId>,
}

/// Everything the TUI knows. See the module docs.
#[derive(Debug, Clone, Default)]
pub struct AppState {
    /// Every loaded post, in arrival order.
    pub rows: Vec<PostRow>,
    /// `rows` position of each id.
    pub index: HashMap<PostGroupId, usize>,
    /// Positions in `rows` that pass the filter, in sort order.
    pub view: Vec<usize>,
    /// Set when `view` must be rebuilt (see [`AppState::sync_view`]).
    pub view_dirty: bool,
    /// Every row position in sort order; rebuilt only when rows or the sort change, so a filter
    /// keystroke is one linear pass with no sorting (issue 4).
    pub sorted: Vec<usize>,
    /// Set when `sorted` must be rebuilt.
    pub order_dirty: bool,
    /// Ascending order of every row position per sort field, valid until the rows change.
    pub ascending_orders: HashMap<SortField, Vec<usize>>,
    /// Every search key in row order, for one SIMD pass per keystroke; built on first use
    /// after the rows change.
    pub search_index: Option<SearchIndex>,
    /// The filter `view` was built with, and the sort `sorted` was built with.
    pub built_with: Option<(Filter, Sort)>,
    /// Posts the server confirmed deleted in this session; never shown again.
    pub confirmed_gone: HashSet<PostGroupId>,
    /// Cursor, as a position in `view`.
    pub cursor: usize,
    /// First visible row of the list, as a position in `view`.
    pub list_offset: usize,
    /// Rows the list can show (set from the terminal size).
    pub list_height: usize,
    /// The marked posts.
    pub marked: HashSet<PostGroupId>,
    /// Active range marking.
    pub range: Option<RangeMark>,
    /// What the list shows.
    pub filter: Filter,
    /// Text filter before `/` was pressed, restored by `Esc`; `Some` while typing.
    pub search_before: Option<String>,
    /// The list's order.
    pub sort: Sort,
    /// Which pane has the keys.
    pub focus: Focus,
    /// Which screen the body shows.
    pub screen: Screen,
    /// Which tab the detail pane shows.
    pub detail_tab: DetailTab,
    /// Lines scrolled in the help overlay (the drawing clamps it to the help's length).
    pub help_scroll: u16,
    /// Lines scrolled in the detail pane.
    pub detail_scroll: u16,
    /// How far the detail pane can scroll, measured by the loop from the drawn pane when it has
    /// focus (`ui::detail::scroll_limit`); `None` until then (an estimate is used).
    pub detail_scroll_max: Option<u16>,
    /// The post the detail pane showed when it was last scrolled; when another post comes
    /// under the cursor (a move, a filter, a reload), the pane starts again at the top.
    pub detail_post: Option<PostGroupId>,
    /// get-post answers by id.
    pub details: HashMap<PostGroupId, DetailSlot>,
    /// Last detail request number handed out.
    pub detail_seq: DetailSeq,
    /// post-logs answers by id (§3.6), for the detail pane's logs tab.
    pub logs: HashMap<PostGroupId, LogsSlot>,
    /// Last post-logs request number handed out.
    pub logs_seq: LogsSeq,
    /// The platform connections (§5.1) and their screen's cursor.
    pub connections: ConnectionsView,
    /// Loading progress.
    pub load: LoadState,
    /// Open picker.
    pub picker: Option<Picker>,
    /// Open dialog.
    pub dialog: Option<Dialog>,
    /// Running job.
    pub job: Option<JobProgress>,
    /// Last job id handed out.
    pub last_job_id: JobId,
    /// Posts that failed in the last finished job, for `R`.
    pub last_failed: Vec<PostGroupId>,
    /// What the last finished job did, so `R` retries the same thing.
    pub last_kind: JobKind,
    /// The user the app acts as.
    pub acting: ActingAs,
    /// Last workspace-users request number handed out.
    pub users_seq: UsersSeq,
    /// The wall-clock time of the current action or event, set by the loop (tests set it), so
    /// that `update` stays pure: prefills and past-time warnings of the reschedule dialog.
    pub wall_now: DateTime<Utc>,
    /// The zone the reschedule dialog reads and shows times in (the screen's zone).
    pub time_zone: TimeZoneChoice,
    /// Message line.
    pub notice: Option<Notice>,
    /// The loop exits when set.
    pub should_quit: bool,
    /// Ctrl-c was pressed once while a job ran.
    pub force_quit_armed: bool,
    /// From the config.
    pub settings: UiSettings,
    /// Bumped whenever a row is added, replaced or removed; what derived data is keyed by.
    pub rows_version: u64,
    /// The stats screen's numbers, with the rows version and day they were computed for.
    pub stats: Option<StatsCache>,
}

/// [`Stats`] with what they were computed from, so they are recomputed only when that changes.
#[derive(Debug, Clone, PartialEq)]
pub struct StatsCache {
    /// `AppState::rows_version` at the time.
    pub rows_version: u64,
    /// When they were computed.
    pub computed_at: Instant,
    /// The numbers.
    pub stats: Stats,
}

impl AppState {
    /// A fresh state.
    pub fn new(settings: UiSettings) -> Self {
        Self {
            settings,
            list_height: 20,
            ..Self::default()
        }
    }

    /// Which keys are live: dialog > picker > text input > browse.
    pub fn mode(&self) -> Mode {
        match &self.dialog {
            Some(Dialog::ConfirmDelete(confirm)) if confirm.typed_required => Mode::ConfirmTyped,
            Some(Dialog::ConfirmDelete(_)) => Mode::Confirm,
            // Move to draft has no time to type: it asks to confirm at once.
            Some(Dialog::Change(change))
                if change.typed_required
                    && (change.confirming || change.kind == ChangeKind::MoveToDraft) =>
            {
                Mode::ConfirmChangeTyped
            }
            Some(Dialog::Change(change)) if change.confirming => Mode::ConfirmChange,
            Some(Dialog::Change(change)) if change.kind == ChangeKind::Reschedule => {
                Mode::TimeInput
            }
            Some(Dialog::Change(_)) => Mode::ConfirmChange,
            Some(Dialog::UserPicker(_)) => Mode::Picker,
            Some(Dialog::QuitPrompt) => Mode::QuitPrompt,
            Some(Dialog::Help) => Mode::Help,
            None if self.picker.is_some() => Mode::Picker,
            None if self.search_before.is_some() => Mode::Search,
            None => match self.screen {
                Screen::Posts => Mode::Browse,
                Screen::Connections => Mode::Connections,
                Screen::Stats => Mode::Stats,
            },
        }
    }

    /// The post under the cursor.
    pub fn cursor_row(&self) -> Option<&PostRow> {
        self.view.get(self.cursor).map(|&i| &self.rows[i])
    }

    /// The id under the cursor.
    pub fn cursor_id(&self) -> Option<&PostGroupId> {
        self.cursor_row().map(PostRow::id)
    }

    /// The row of `id`, if loaded and not gone.
    pub fn row(&self, id: &PostGroupId) -> Option<&PostRow> {
        self.index
            .get(id)
            .map(|&i| &self.rows[i])
            .filter(|row| !row.gone)
    }

    /// Adds or replaces a post (deduplicated by id).
    pub fn upsert(&mut self, post: PostSummary, seq: LoadSeq) {
        let row = PostRow::new(post, seq);
        match self.index.get(row.id()) {
            Some(&i) => {
                let last_error = self.rows[i].last_error.take();
                let last_error_job = self.rows[i].last_error_job;
                self.rows[i] = PostRow {
                    last_error,
                    last_error_job,
                    ..row
                };
            }
            None => {
                self.index.insert(row.id().clone(), self.rows.len());
                self.rows.push(row);
            }
        }
        self.view_dirty = true;
        self.order_dirty = true;
        self.connections.counts_stale = true;
        self.rows_version += 1;
    }

    /// Recomputes the stats when the rows changed since, or the day did (issue 6 item 7).
    /// `today` and `day_of` are as in [`Stats::compute`]. While pages are still arriving,
    /// at most every [`STATS_REFRESH_WHILE_LOADING`] (counting 100k posts takes about 20 ms;
    /// doing it for each of 1,000 pages would slow the load down).
    pub fn refresh_stats(
        &mut self,
        now: Instant,
        today: chrono::NaiveDate,
        day_of: impl Fn(i64) -> chrono::NaiveDate,
    ) {
        let fresh = self.stats.as_ref().is_some_and(|cache| {
            cache.rows_version == self.rows_version && cache.stats.first_day == today
        });
        let throttled = self.load.in_progress
            && self.stats.as_ref().is_some_and(|cache| {
                now.saturating_duration_since(cache.computed_at) < STATS_REFRESH_WHILE_LOADING
            });
        if !fresh && !throttled {
            self.stats = Some(StatsCache {
                rows_version: self.rows_version,
                computed_at: now,
                stats: Stats::compute(&self.rows, today, day_of),
            });
        }
    }

    /// Marks a post as gone; it leaves the list at the next sync.
    pub fn remove(&mut self, id: &PostGroupId) {
        if let Some(&i) = self.index.get(id) {
            self.rows[i].gone = true;
            self.view_dirty = true;
            self.order_dirty = true;
            self.connections.counts_stale = true;
            self.rows_version += 1;
        }
        self.marked.remove(id);
        if let Some(range) = &mut self.range {
            range.base.remove(id);
        }
    }

    /// Rebuilds the view when needed: drops gone rows, filters, sorts (ties by id), and keeps
    /// the cursor on the same post when it is still shown, else at the same position, clamped.
    pub fn sync_view(&mut self) {
        if !self.view_dirty {
            return;
        }
        self.view_dirty = false;
        let cursor_id = self.cursor_id().cloned();
        if self.rows.iter().any(|row| row.gone) {
            self.rows.retain(|row| !row.gone);
            self.index = self
                .rows
                .iter()
                .enumerate()
                .map(|(i, row)| (row.id().clone(), i))
                .collect();
        }
        let sort_changed = self
            .built_with
            .as_ref()
            .is_none_or(|(_, sort)| *sort != self.sort);
        let narrowing = !self.order_dirty
            && !sort_changed
            && self
                .built_with
                .as_ref()
                .is_some_and(|(filter, _)| self.filter.narrows(filter));
        if self.order_dirty || sort_changed {
            self.rebuild_order();
        }
        let needle = self.filter.needle();
        let hits = if needle.needle().is_empty() {
            None
        } else {
            let index = self
                .search_index
                .get_or_insert_with(|| SearchIndex::build(&self.rows));
            Some(index.matching(&needle))
        };
        let structural = Filter {
            text: String::new(),
            ..self.filter.clone()
        };
        let no_text = memchr::memmem::Finder::new(b"");
        let candidates = if narrowing { &self.view } else { &self.sorted };
        let view: Vec<usize> = candidates
            .iter()
            .copied()
            .filter(|&i| {
                hits.as_ref().is_none_or(|hits| hits[i])
                    && structural.matches(&self.rows[i], &no_text)
            })
            .collect();
        self.built_with = Some((self.filter.clone(), self.sort));
        self.view = view;
        let kept = cursor_id.and_then(|id| {
            let &row = self.index.get(&id)?;
            self.view.iter().position(|&i| i == row)
        });
        self.cursor = kept.unwrap_or(self.cursor);
        self.clamp_cursor();
    }

    /// Puts every row position in the sort's order. Each field's ascending order (time, then
    /// id; absent times first) is computed once per change of the rows and cached, and
    /// descending is its reverse, so cycling the sort over 100k posts costs a copy, not a sort.
    fn rebuild_order(&mut self) {
        if self.order_dirty {
            self.order_dirty = false;
            self.search_index = None;
            self.ascending_orders.clear();
        }
        let field = self.sort.field;
        let rows = &self.rows;
        let ascending = self.ascending_orders.entry(field).or_insert_with(|| {
            // Sort compact (key, position) pairs; ids are read only to break ties.
            let mut keyed: Vec<(Option<i64>, usize)> = rows
                .iter()
                .enumerate()
                .map(|(i, row)| (row.sort_key(field), i))
                .collect();
            keyed.sort_unstable_by(|a, b| {
                a.0.cmp(&b.0)
                    .then_with(|| rows[a.1].id().cmp(rows[b.1].id()))
            });
            keyed.into_iter().map(|(_, i)| i).collect()
        });
        self.sorted = match self.sort.order {
            SortOrder::Asc => ascending.clone(),
            SortOrder::Desc => ascending.iter().rev().copied().collect(),
        };
    }

    /// Keeps the cursor inside the view and the list offset around the cursor.
    pub fn clamp_cursor(&mut self) {
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

    /// Posts passing every part of the filter but the status, counted by status; and likewise
    /// for platforms (a post counts once per platform it targets). Used by the pickers: "all",
    /// then every known value in the spec's order, then any unknown values the server sent.
    pub fn picker_entries(&self, kind: PickerKind) -> Vec<(String, usize)> {
        let (filter, known): (Filter, Vec<&str>) = match kind {
            PickerKind::Status => (
                Filter {
                    status: None,
                    ..self.filter.clone()
                },
                PostStatus::KNOWN.iter().map(PostStatus::as_str).collect(),
            ),
            PickerKind::Platform => (
                Filter {
                    platform: None,
                    ..self.filter.clone()
                },
                Platform::KNOWN.iter().map(Platform::as_str).collect(),
            ),
        };
        let needle = filter.needle();
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        let mut all = 0;
        for row in self
            .rows
            .iter()
            .filter(|r| !r.gone && filter.matches(r, &needle))
        {
            all += 1;
            let names: std::collections::BTreeSet<&str> = match kind {
                PickerKind::Status => std::iter::once(row.post.status.as_str()).collect(),
                PickerKind::Platform => row
                    .post
                    .platforms
                    .iter()
                    .map(|p| p.platform.as_str())
                    .collect(),
            };
            for name in names {
                *counts.entry(name.to_string()).or_default() += 1;
            }
        }
        let mut entries = vec![("all".to_string(), all)];
        for name in known {
            entries.push((name.to_string(), counts.remove(name).unwrap_or(0)));
        }
        entries.extend(counts);
        entries
    }

    /// Recounts the loaded posts per connected account when the rows or the connections changed
    /// and the connections screen shows them: one pass over the rows, none per frame (issue 4).
    pub fn sync_connection_counts(&mut self) {
        if !self.connections.counts_stale || self.screen != Screen::Connections {
            return;
        }
        self.connections.counts_stale = false;
        let mut counts: HashMap<String, usize> = self
            .connections
            .list
            .iter()
            .map(|c| (c.platform_id.clone(), 0))
            .collect();
        for row in self.rows.iter().filter(|row| !row.gone) {
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
        self.connections.post_counts = counts;
    }

    /// How the filter bar names a connection filter: the account's username (sanitized) when
    /// the connections are loaded, else its `platformId`.
    pub fn connection_label(&self, platform_id: &str) -> String {
        let name = self
            .connections
            .list
            .iter()
            .find(|c| c.platform_id == platform_id)
            .map(|c| c.username.as_str())
            .filter(|name| !name.is_empty())
            .unwrap_or(platform_id);
        sanitize::sanitize_line(name)
    }

    /// Puts update-post's `postGroup` (§3.4) into the row of `id`, when loaded.
    pub fn apply_update(&mut self, id: &PostGroupId, group: &UpdatedGroup) {
        let Some(row) = self.row(id) else { return };
        let seen = row.seen_in_load;
        let mut post = row.post.clone();
        post.status = group.status.clone();
        post.scheduled_time = group.scheduled_time.clone();
        let platform_status = PlatformStatus::from_wire(group.status.as_str());
        for target in &mut post.platforms {
            target.status = platform_status.clone();
        }
        self.upsert(post, seen);
        if let Some(&i) = self.index.get(id) {
            self.rows[i].last_error = None;
        }
        self.details.remove(id);
    }

    /// Forgets everything that belongs to the acting user: posts, marks, range, caches, the
    /// last job's failures and the cursor. Used when switching users (ids belong to one user).
    pub fn clear_user_data(&mut self) {
        self.rows.clear();
        self.index.clear();
        self.view.clear();
        self.sorted.clear();
        self.ascending_orders.clear();
        self.search_index = None;
        self.built_with = None;
        self.confirmed_gone.clear();
        self.marked.clear();
        self.range = None;
        self.details.clear();
        self.logs.clear();
        // Connections belong to the user too: forget them, and the filter by one.
        self.connections = ConnectionsView {
            // Moved on, so an answer still on its way for the previous user is dropped.
            seq: self.connections.seq.next(),
            ..ConnectionsView::default()
        };
        // The stats counted the previous user's posts.
        self.rows_version += 1;
        self.stats = None;
        self.filter.connection = None;
        self.last_failed.clear();
        self.cursor = 0;
        self.list_offset = 0;
        self.detail_scroll = 0;
        self.view_dirty = true;
        self.order_dirty = true;
    }

    /// Sets the notice line.
    pub fn notify(&mut self, level: NoticeLevel, text: impl Into<String>, now: Instant) {
        let expires_at = match level {
            NoticeLevel::Error => None,
            NoticeLevel::Info | NoticeLevel::Warn => Some(now + Duration::from_secs(6)),
        };
        self.notice = Some(Notice {
            text: sanitize::sanitize_line(&text.into()),
            level,
            expires_at,
        });
    }

    /// Records the outcome of one item of the running job. An update puts the server's answer
    /// into the row (status, time, every platform's status follows the group, §3.4), refreshes
    /// its sort keys and drops its cached detail.
    /// `kind` is the job's kind, named with a failure. A changed post's cached get-post and
    /// post-logs answers are dropped: its statuses and log moved on (issue 6 item 3).
    pub fn record_outcome(&mut self, id: &PostGroupId, outcome: &Outcome, kind: JobKind) {
        if let Outcome::Updated { group, .. } = outcome {
            // `apply_update` drops the cached get-post answer; the log moved on too.
            self.apply_update(id, group);
            self.logs.remove(id);
        } else if outcome.is_gone() {
            self.confirmed_gone.insert(id.clone());
            self.remove(id);
        } else if let (Some(reason), Some(&i)) = (outcome.reason(), self.index.get(id)) {
            self.rows[i].last_error = Some(reason.to_string());
            self.rows[i].last_error_job = kind;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(n: u32) -> PostSummary {
        serde_json::from_value(serde_json::json!({
            "postGroupId": format!("{n:024x}"),
            "status": "draft",
            "platforms": [],
        }))
        .expect("test post parses")
    }

    #[test]
    fn stats_follow_the_rows_but_at_most_twice_a_second_while_loading() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 29).expect("date");
        let day_of = |_ms: i64| today;
        let total = |state: &AppState| state.stats.as_ref().map(|cache| cache.stats.total);
        let start = Instant::now();
        let mut state = AppState::default();
        state.load.in_progress = true;
        state.upsert(summary(1), LoadSeq(1));
        state.refresh_stats(start, today, day_of);
        assert_eq!(total(&state), Some(1));
        state.upsert(summary(2), LoadSeq(1));
        state.refresh_stats(start + Duration::from_millis(100), today, day_of);
        assert_eq!(total(&state), Some(1), "throttled while loading");
        state.refresh_stats(start + Duration::from_millis(600), today, day_of);
        assert_eq!(total(&state), Some(2));
        state.load.in_progress = false;
        state.remove(&summary(2).post_group_id);
        state.refresh_stats(start + Duration::from_millis(700), today, day_of);
        assert_eq!(total(&state), Some(1), "recounted at once when not loading");
        // Another acting user: the previous user's numbers are gone at once.
        state.clear_user_data();
        assert_eq!(total(&state), None);
        state.refresh_stats(start + Duration::from_millis(800), today, day_of);
        assert_eq!(total(&state), Some(0));
    }

    #[test]
    fn recent_rates_count_items_per_whole_second_with_zeros_for_quiet_seconds() {
        let start = Instant::now();
        let mut job = JobProgress {
            kind: JobKind::Delete,
            id: JobId(1),
            total: 10,
            summary: JobSummary::default(),
            started_at: start,
            waiting_until: None,
            cancelling: false,
            remaining: HashSet::new(),
            per_second: Vec::new(),
        };
        for offset_ms in [100, 200, 900, 2_100, 2_500] {
            job.count_finished(start + Duration::from_millis(offset_ms));
        }
        assert_eq!(job.per_second, vec![3, 0, 2]);
        let now = start + Duration::from_millis(4_300);
        assert_eq!(job.recent_rates(now, 10), vec![3, 0, 2, 0]);
        assert_eq!(job.recent_rates(now, 2), vec![2, 0]);
    }
}
