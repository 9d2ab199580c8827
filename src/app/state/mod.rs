//! The app state, owned by the app loop alone (DESIGN §5 rule 1), in parts that keep their
//! own invariants behind private fields: [`PostList`] (the posts, the view, the cursor, the
//! marks), the one [`Overlay`] slot (pickers and dialogs), [`DetailPane`] (tab, scroll, the
//! get-post and post-logs caches), [`ConnectionsView`], [`LoadState`] and [`Jobs`] (the running
//! job, the last one's failures). [`AppState`] itself changes the acting user, the clock, the
//! focus, the screen, the notice line and quitting through one method each. `app::update`
//! changes it; `ui` only reads it; [`AppState::prepare_frame`] applies each frame's
//! [`Viewport`].

mod connections;
mod detail;
mod field;
mod filter;
mod job;
mod load;
mod notice;
mod overlay;
mod posts;
mod rows;
mod viewport;

use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

use crate::api::model::PostGroupId;
use crate::protocol::{JobKind, Outcome, UsersSeq};
use crate::text::sanitize;
use crate::time::TimeZoneChoice;

use super::keymap::Mode;
use super::stats::Stats;

pub use connections::{ConnectionsLoad, ConnectionsView};
pub use detail::{DetailEntry, DetailPane, DetailTab, LogsEntry};
pub use field::{Edit, TextField};
pub use filter::{Filter, Sort};
pub use job::{JobProgress, Jobs, LastBackup};
pub use load::LoadState;
pub use notice::{Notice, NoticeLevel};
pub use overlay::{
    ChangeDialog, ChangeKind, ConfirmDelete, Overlay, Picker, PickerKind, Refusal, RestoreDialog,
    TypedCount, UserEntry, UserList, UserPicker,
};
pub use posts::{MAX_QUERY_BYTES, PostList, QueryEdit, RangeMark};
pub use rows::{PostRow, SearchIndex};
pub use viewport::{Panes, Viewport};

/// Shortest time between two countings of the stats while a load is still running.
pub const STATS_REFRESH_WHILE_LOADING: Duration = Duration::from_millis(500);

/// Which pane has the keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Focus {
    #[default]
    List,
    /// The detail pane (on narrow terminals it then covers the list).
    Detail,
}

/// Which full screen the body shows: the posts (list and detail), the platform
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

/// Settings the state needs from the config.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UiSettings {
    /// Batches at least this large ask to type the count (DESIGN §3).
    pub confirm_typed_threshold: usize,
    /// Shown in the header: the server (host and port).
    pub server_label: String,
    /// True against the embedded demo server.
    pub demo: bool,
    /// True when the server is on a loopback address (a mock such as `postpost mock-server`,
    /// not the real PostPost): the header says MOCK.
    pub loopback: bool,
    /// Deleting is disabled (`--read-only`, or `read_only` in the config or the profile); the
    /// client refuses it too.
    pub read_only: bool,
    /// The config profile in use, shown in the header; `None` without one.
    pub profile: Option<String>,
    /// The client's request timeout: how long quitting during a job waits for the requests in
    /// flight (plus a margin for the check of an unanswered delete).
    pub request_timeout: Duration,
    /// Back posts up before deleting them unless the confirm dialog turns it off (config
    /// `backup`, default true).
    pub backup: bool,
    /// The saved views, `(name, query text)`, in the config's order (`f`).
    pub views: Vec<(String, String)>,
    /// `y` / `Y` copy to the clipboard (config `clipboard`, default true).
    pub clipboard: bool,
}

impl Default for UiSettings {
    fn default() -> Self {
        Self {
            confirm_typed_threshold: 20,
            server_label: String::new(),
            demo: false,
            loopback: false,
            read_only: false,
            profile: None,
            request_timeout: Duration::from_secs(30),
            backup: true,
            views: Vec::new(),
            clipboard: true,
        }
    }
}

/// Everything the TUI knows. See the module docs.
#[derive(Debug, Clone, Default)]
pub struct AppState {
    /// The loaded posts, the view over them, the cursor and the marks.
    pub posts: PostList,
    /// The open picker or dialog; it takes every key.
    overlay: Option<Overlay>,
    /// Which pane has the keys.
    focus: Focus,
    /// Which screen the body shows.
    screen: Screen,
    /// The detail pane: its tab, its scroll, its get-post and post-logs caches.
    pub detail: DetailPane,
    /// The platform connections (§5.1) and their screen's cursor.
    pub connections: ConnectionsView,
    pub load: LoadState,
    /// The running job, and the last one's failures for `R`.
    pub jobs: Jobs,
    /// The user the app acts as.
    acting: ActingAs,
    /// Last workspace-users request number handed out.
    users_seq: UsersSeq,
    /// The wall-clock time of the current action or event, set by the loop (tests set it), so
    /// that `update` stays pure: prefills and past-time warnings of the reschedule dialog.
    wall_now: DateTime<Utc>,
    /// The zone the reschedule dialog reads and shows times in (the screen's zone).
    time_zone: TimeZoneChoice,
    /// The notice line.
    notice: Option<Notice>,
    /// The loop exits when set.
    should_quit: bool,
    /// Ctrl-c was pressed once while a job ran.
    force_quit_armed: bool,
    /// Quit was confirmed during a job: the job was told to stop, and the loop quits when it
    /// ends or at this instant, whichever comes first.
    quit_deadline: Option<Instant>,
    /// What the terminal is told after the TUI ends (the stopped job's summary).
    exit_report: Option<String>,
    pub settings: UiSettings,
    /// The stats screen's numbers, with the posts version and day they were computed for.
    stats: Option<StatsCache>,
}

/// [`Stats`] with what they were computed from, so they are recomputed only when that changes.
#[derive(Debug, Clone, PartialEq)]
struct StatsCache {
    posts_version: u64,
    computed_at: Instant,
    stats: Stats,
}

impl AppState {
    /// A fresh state.
    pub fn new(settings: UiSettings) -> Self {
        let mut state = Self {
            settings,
            ..Self::default()
        };
        state.posts.set_list_height(20);
        state
    }

    /// The user the app acts as.
    pub fn acting(&self) -> &ActingAs {
        &self.acting
    }

    /// Acts as `acting` from now on (at start, or a switch; the caller clears the previous
    /// user's data).
    pub fn act_as(&mut self, acting: ActingAs) {
        self.acting = acting;
    }

    /// The acting user, given by id, turned out to be called `name` (sanitized); a name already
    /// known stays.
    pub fn learn_acting_name(&mut self, name: String) {
        if self.acting.user_id.is_some() && self.acting.name.is_none() {
            self.acting.name = Some(name);
        }
    }

    /// The last workspace-users request number handed out.
    pub fn users_seq(&self) -> UsersSeq {
        self.users_seq
    }

    /// A new workspace-users request number.
    pub fn next_users_seq(&mut self) -> UsersSeq {
        self.users_seq = self.users_seq.next();
        self.users_seq
    }

    /// The wall-clock time of the current action or event.
    pub fn wall_now(&self) -> DateTime<Utc> {
        self.wall_now
    }

    /// The loop sets the wall-clock time before each action (tests set a fixed one).
    pub fn set_clock(&mut self, wall_now: DateTime<Utc>) {
        self.wall_now = wall_now;
    }

    /// The zone typed and shown times are read in.
    pub fn time_zone(&self) -> TimeZoneChoice {
        self.time_zone
    }

    /// Reads and shows typed times in `zone` from now on.
    pub fn set_time_zone(&mut self, zone: TimeZoneChoice) {
        self.time_zone = zone;
    }

    /// True once the user quit (or a signal asked to); the loop then ends.
    pub fn should_quit(&self) -> bool {
        self.should_quit
    }

    /// Ends the loop after this step; a running job must have been told to stop first.
    pub fn request_quit(&mut self) {
        self.should_quit = true;
    }

    /// Quits when the running job ends (it was told to stop), or at `deadline` at the latest.
    pub fn quit_when_job_ends(&mut self, deadline: Instant) {
        self.quit_deadline = Some(deadline);
    }

    /// When a confirmed quit gives up waiting for the job; `None` unless waiting.
    pub fn quit_deadline(&self) -> Option<Instant> {
        self.quit_deadline
    }

    /// Keeps `text` (sanitized: it quotes the server) to print on the terminal once the TUI
    /// has ended.
    pub fn set_exit_report(&mut self, text: String) {
        self.exit_report = Some(sanitize::sanitize_line(&text));
    }

    /// What to print on the terminal once the TUI has ended.
    pub fn exit_report(&self) -> Option<&str> {
        self.exit_report.as_deref()
    }

    /// True after one `Ctrl-c` during a job: the next one quits without asking.
    pub fn force_quit_armed(&self) -> bool {
        self.force_quit_armed
    }

    /// Arms (`true`) or disarms the second `Ctrl-c`.
    pub fn arm_force_quit(&mut self, armed: bool) {
        self.force_quit_armed = armed;
    }

    /// Which keys are live: the overlay's, else the search line's, else the screen's.
    pub fn mode(&self) -> Mode {
        match &self.overlay {
            Some(Overlay::ConfirmDelete(confirm)) if confirm.count.required() => Mode::ConfirmTyped,
            Some(Overlay::ConfirmDelete(_)) => Mode::Confirm,
            // Move to draft has no time to type: it asks to confirm at once.
            Some(Overlay::Change(change))
                if change.count.required()
                    && (change.confirming || change.kind == ChangeKind::MoveToDraft) =>
            {
                Mode::ConfirmChangeTyped
            }
            Some(Overlay::Change(change)) if change.confirming => Mode::ConfirmChange,
            Some(Overlay::Change(change)) if change.kind == ChangeKind::Reschedule => {
                Mode::TimeInput
            }
            Some(Overlay::Change(_)) => Mode::ConfirmChange,
            Some(Overlay::UserPicker(_) | Overlay::Picker(_)) => Mode::Picker,
            Some(Overlay::QuitPrompt) => Mode::QuitPrompt,
            Some(Overlay::Help { .. }) => Mode::Help,
            Some(Overlay::Refused(_)) => Mode::Refused,
            Some(Overlay::Restore(restore)) if restore.count.required() => Mode::ConfirmChangeTyped,
            Some(Overlay::Restore(_)) => Mode::ConfirmChange,
            None if self.posts.searching() => Mode::Search,
            None => match self.screen {
                Screen::Posts => Mode::Browse,
                Screen::Connections => Mode::Connections,
                Screen::Stats => Mode::Stats,
            },
        }
    }

    /// The open picker or dialog.
    pub fn overlay(&self) -> Option<&Overlay> {
        self.overlay.as_ref()
    }

    /// Opens `overlay` in place of whatever was open. Range marking ends first, committing
    /// the rows walked over: no dialog ever acts on a range still following the cursor.
    pub fn open(&mut self, overlay: Overlay) {
        self.posts.end_range();
        self.overlay = Some(overlay);
    }

    /// Opens the dialog that says `title` cannot be done, and why.
    pub fn refuse(&mut self, title: &str, reason: impl Into<String>) {
        self.open(Overlay::Refused(Refusal {
            title: title.to_string(),
            reason: sanitize::sanitize_line(&reason.into()),
        }));
    }

    /// Closes the open picker or dialog, and gives it back.
    pub fn close(&mut self) -> Option<Overlay> {
        self.overlay.take()
    }

    /// Lines scrolled in the help overlay; 0 when it is not open.
    pub fn help_scroll(&self) -> u16 {
        match self.overlay {
            Some(Overlay::Help { scroll }) => scroll,
            _ => 0,
        }
    }

    /// The open picker or dialog, to change in place (its cursor, its typed text).
    pub fn overlay_mut(&mut self) -> Option<&mut Overlay> {
        self.overlay.as_mut()
    }

    /// The stats of the last [`AppState::refresh_stats`], if any.
    pub fn stats(&self) -> Option<&Stats> {
        self.stats.as_ref().map(|cache| &cache.stats)
    }

    /// Recomputes the stats when the posts changed since, or the day did. `today` and `day_of`
    /// are as in [`Stats::compute`]. While pages are still arriving, at most every
    /// [`STATS_REFRESH_WHILE_LOADING`] (counting 100k posts takes about 20 ms; doing it for
    /// each of 1,000 pages would slow the load down).
    pub fn refresh_stats(
        &mut self,
        now: Instant,
        today: chrono::NaiveDate,
        day_of: impl Fn(i64) -> chrono::NaiveDate,
    ) {
        let version = self.posts.version();
        let fresh = self
            .stats
            .as_ref()
            .is_some_and(|cache| cache.posts_version == version && cache.stats.first_day == today);
        let throttled = self.load.in_progress()
            && self.stats.as_ref().is_some_and(|cache| {
                now.saturating_duration_since(cache.computed_at) < STATS_REFRESH_WHILE_LOADING
            });
        if !fresh && !throttled {
            self.stats = Some(StatsCache {
                posts_version: version,
                computed_at: now,
                stats: Stats::compute(self.posts.rows(), today, day_of),
            });
        }
    }

    /// Brings what the frame shows up to date for `viewport`: the view and the cursor, the list
    /// and connections windows, and the detail pane's scroll limit.
    pub fn prepare_frame(&mut self, viewport: &Viewport) {
        self.posts.set_list_height(viewport.list_rows);
        self.posts.sync();
        if let Some(panes) = viewport.panes {
            self.connections.set_page(panes.connection_rows);
            self.detail.measured(panes.detail_scroll_max);
        }
    }

    /// Brings derived data up to date after a batch of changes: the view (and range marking),
    /// the detail pane's post (its scroll starts at the top when another post comes under the
    /// cursor), and the posts per connection when their screen shows.
    pub fn sync(&mut self) {
        self.posts.sync();
        let shown = self.detail_row().map(|row| row.id().clone());
        self.detail.show(shown.as_ref());
        if self.screen == Screen::Connections {
            self.connections
                .count_posts(self.posts.version(), self.posts.rows());
        }
    }

    /// The post the detail pane shows: the cursor post; while the query is being typed, the
    /// post the cursor was on when `/` was pressed if the query being typed hides it, so the
    /// pane can say which term does ([`AppState::why_hidden`]).
    pub fn detail_row(&self) -> Option<&PostRow> {
        self.posts
            .search_anchor()
            .and_then(|id| self.posts.row(id))
            .filter(|row| self.posts.hides(row))
            .or_else(|| self.posts.cursor_row())
    }

    /// Why the current filter hides `row` (the query term that excludes it, or the connection
    /// filter); `None` when it is shown.
    pub fn why_hidden(&self, row: &PostRow) -> Option<String> {
        let filter = self.posts.filter();
        let key = crate::app::query::search_key(row.post.content.as_deref());
        if let Some(why) = filter
            .query
            .why_excluded(&row.subject(&key), self.time_zone)
        {
            return Some(why);
        }
        filter
            .connection
            .as_ref()
            .filter(|id| !row.has_platform_id(id))
            .map(|id| {
                format!(
                    "the connection filter: it does not target {}",
                    self.connection_label(id)
                )
            })
    }

    /// How the filter bar, notices and the detail pane name a connection: `platform @username`
    /// (or `platform Display Name` without a username) when the connections are loaded, else
    /// its `platformId`; sanitized.
    pub fn connection_label(&self, platform_id: &str) -> String {
        let platform = crate::api::model::platform_of_id(platform_id);
        let account = self
            .connections
            .list()
            .iter()
            .find(|c| c.platform_id == platform_id)
            .and_then(|c| {
                let username = c.username.trim().trim_start_matches('@');
                // A "username" with spaces is a page's name (LinkedIn): no `@` in front.
                if username.contains(char::is_whitespace) {
                    Some(username.to_owned())
                } else if username.is_empty() {
                    c.display_name
                        .as_deref()
                        .map(str::trim)
                        .filter(|name| !name.is_empty())
                        .map(str::to_owned)
                } else {
                    Some(format!("@{username}"))
                }
            });
        let label = match account {
            Some(account) => format!("{} {account}", platform.as_str()),
            None => platform_id.to_owned(),
        };
        sanitize::sanitize_line(&label)
    }

    /// Forgets everything that belongs to the acting user: posts, marks, range, caches,
    /// connections, stats, the last job's failures and the cursor. Used when switching users
    /// (ids belong to one user).
    pub fn clear_user_data(&mut self) {
        self.posts.clear();
        self.detail.clear();
        self.connections.clear();
        self.stats = None;
        self.jobs.forget_failures();
    }

    /// Which pane has the keys.
    pub fn focus(&self) -> Focus {
        self.focus
    }

    /// Gives the keys to `focus`.
    pub fn set_focus(&mut self, focus: Focus) {
        self.focus = focus;
    }

    /// Which screen the body shows.
    pub fn screen(&self) -> Screen {
        self.screen
    }

    /// Shows `screen` in the body; range marking ends, as its rows leave the screen.
    pub fn show_screen(&mut self, screen: Screen) {
        self.posts.end_range();
        self.screen = screen;
    }

    /// The notice line.
    pub fn notice(&self) -> Option<&Notice> {
        self.notice.as_ref()
    }

    /// Clears the notice line.
    pub fn clear_notice(&mut self) {
        self.notice = None;
    }

    /// Sets the notice line.
    pub fn notify(&mut self, level: NoticeLevel, text: impl Into<String>, now: Instant) {
        self.notice = Some(Notice::new(level, text.into(), now));
    }

    /// Sets a notice that the end of the current load replaces with its own ("reloaded: N
    /// posts"), unless another notice took its place meanwhile.
    pub fn notify_until_loaded(
        &mut self,
        level: NoticeLevel,
        text: impl Into<String>,
        now: Instant,
    ) {
        let mut notice = Notice::new(level, text.into(), now);
        notice.until_loaded = true;
        self.notice = Some(notice);
    }

    /// Records the outcome of one item of the running job of `kind`. An update puts the
    /// server's answer into the row (status, time, every platform's status follows the group,
    /// §3.4), and drops its cached get-post and post-logs answers: its statuses and log moved
    /// on. A post gone from the server leaves the list; a failure is kept on the row.
    pub fn record_outcome(&mut self, id: &PostGroupId, outcome: &Outcome, kind: JobKind) {
        if let Outcome::Updated { group, .. } = outcome {
            let row_changed = self.posts.apply_update(id, group, self.wall_now);
            self.detail.forget_post(id, row_changed);
        } else if outcome.is_gone() {
            self.posts.confirm_gone(id);
        } else if let Some(reason) = outcome.reason() {
            self.posts.set_last_error(id, reason, kind);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::model::PostSummary;
    use crate::protocol::{JobId, JobSummary, LoadSeq};
    use std::collections::HashSet;

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
        let total = |state: &AppState| state.stats().map(|stats| stats.total);
        let start = Instant::now();
        let mut state = AppState::default();
        state.load.start();
        state.posts.upsert(summary(1), LoadSeq(1));
        state.refresh_stats(start, today, day_of);
        assert_eq!(total(&state), Some(1));
        state.posts.upsert(summary(2), LoadSeq(1));
        state.refresh_stats(start + Duration::from_millis(100), today, day_of);
        assert_eq!(total(&state), Some(1), "throttled while loading");
        state.refresh_stats(start + Duration::from_millis(600), today, day_of);
        assert_eq!(total(&state), Some(2));
        state.load.finish();
        state.posts.confirm_gone(&summary(2).post_group_id);
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
            name: None,
            backup_dir: None,
            before: std::collections::HashMap::new(),
            deleted: Vec::new(),
            unrestorable: HashSet::new(),
            pace: None,
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
