//! The pure heart of the TUI (DESIGN §2 steps 2–3): [`update`] folds an [`Action`] into
//! [`AppState`] and returns the [`Command`]s the worker must run; [`apply`] does the same for a
//! [`WorkerEvent`]. No I/O and no clock reads happen here: the loop passes `now` in.
//!
//! Deletion is two-step: `RequestDelete` only opens the confirm dialog holding the exact pending
//! ids; only `Confirm` sends `Command::StartDelete` with them. A post leaves the list only when
//! an `ItemFinished` says the server no longer has it. Rescheduling and moving to draft
//! (issue 6 item 3) work the same way: `RequestReschedule` / `RequestMoveToDraft` open a
//! [`ChangeDialog`] holding the draft and scheduled posts among the chosen ones, and only its
//! `Confirm` sends `Command::StartUpdate`; each row then takes the server's answer.
//!
//! The user picker (`u`, issue 6 item 4) asks the worker for the workspace's users; choosing one
//! sends `Command::SwitchUser` and a reload, after clearing everything that belonged to the
//! previous user. It is refused while a job runs.

use std::collections::{BTreeMap, HashSet};
use std::time::Instant;

use crate::api::model::{Platform, PostGroupId, PostStatus, error_text};
use crate::text::sanitize;

use super::action::{Action, SCROLL_ROWS};
use super::state::{
    ActingAs, AppState, ChangeDialog, ChangeKind, ConfirmDelete, ConnectionsLoad, DetailEntry,
    DetailSlot, DetailTab, Dialog, Focus, JobProgress, LogsEntry, LogsSlot, NoticeLevel, Picker,
    PickerKind, RangeMark, Screen, UserEntry, UserList, UserPicker,
};
use crate::protocol::{
    Command, JobId, JobKind, JobSummary, LoadSeq, PostChange, SummaryWording, WorkerEvent,
};
use crate::text::wording::describe_counts;
use crate::time::input as when;

/// Said where a changing action would have been, in read-only mode.
pub const READ_ONLY_NOTICE: &str = "read-only: deleting and changing posts is disabled (--read-only, or read_only in the config or the profile)";

/// Said when a job or a user switch is asked for while a job runs.
const JOB_RUNNING_NOTICE: &str = "a job is running; wait for it or cancel it with x";

/// Folds one user action into state; returns the work for the worker.
pub fn update(state: &mut AppState, action: Action, now: Instant) -> Vec<Command> {
    state.sync_view();
    let mut commands = Vec::new();
    if action != Action::ForceQuit {
        state.force_quit_armed = false;
    }
    match state.dialog.clone() {
        Some(Dialog::ConfirmDelete(confirm)) => {
            confirm_dialog(state, confirm, action, now, &mut commands)
        }
        Some(Dialog::Change(change)) => change_dialog(state, change, action, now, &mut commands),
        Some(Dialog::UserPicker(picker)) => user_picker(state, picker, action, now, &mut commands),
        Some(Dialog::QuitPrompt) => match action {
            Action::Confirm | Action::ForceQuit => quit_now(state, &mut commands),
            Action::Cancel => state.dialog = None,
            _ => {}
        },
        Some(Dialog::Help) => match action {
            Action::ForceQuit => quit(state, now, &mut commands, true),
            Action::Cancel | Action::ToggleHelp => state.dialog = None,
            // The help is taller than small terminals: it scrolls (the drawing clamps).
            Action::CursorDown => state.help_scroll = state.help_scroll.saturating_add(1).min(200),
            Action::CursorUp => state.help_scroll = state.help_scroll.saturating_sub(1),
            Action::PageDown => state.help_scroll = state.help_scroll.saturating_add(10).min(200),
            Action::PageUp => state.help_scroll = state.help_scroll.saturating_sub(10),
            _ => {}
        },
        None if state.picker.is_some() => picker(state, action, now, &mut commands),
        None if state.search_before.is_some() => search(state, action, now, &mut commands),
        None if state.screen != Screen::Posts => other_screen(state, action, now, &mut commands),
        None => browse(state, action, now, &mut commands),
    }
    state.sync_view();
    follow_range(state);
    follow_detail(state);
    commands.extend(want_detail(state));
    commands.extend(want_logs(state));
    state.sync_connection_counts();
    commands
}

fn browse(state: &mut AppState, action: Action, now: Instant, commands: &mut Vec<Command>) {
    let page = state.list_height.max(1);
    match action {
        Action::CursorDown | Action::CursorUp | Action::PageDown | Action::PageUp
            if state.focus == Focus::Detail =>
        {
            let step = match action {
                Action::CursorDown | Action::CursorUp => 1,
                _ => u16::try_from(page).unwrap_or(u16::MAX),
            };
            let scrolled = if matches!(action, Action::CursorDown | Action::PageDown) {
                state.detail_scroll.saturating_add(step)
            } else {
                state.detail_scroll.saturating_sub(step)
            };
            state.detail_scroll = scrolled.min(detail_scroll_limit(state));
        }
        Action::CursorDown => move_cursor(state, 1),
        Action::CursorUp => move_cursor(state, -1),
        Action::CursorTop => set_cursor(state, 0),
        Action::CursorBottom => set_cursor(state, state.view.len().saturating_sub(1)),
        Action::PageDown => move_cursor(state, page as isize),
        Action::PageUp => move_cursor(state, -(page as isize)),
        Action::ToggleMark => {
            if let Some(id) = state.cursor_id().cloned() {
                if !state.marked.remove(&id) {
                    state.marked.insert(id);
                }
                move_cursor(state, 1);
            }
        }
        Action::RangeMark => match state.range.take() {
            Some(_) => {}
            None => {
                if let Some(anchor) = state.cursor_id().cloned() {
                    state.range = Some(RangeMark {
                        anchor,
                        base: state.marked.clone(),
                    });
                }
            }
        },
        Action::MarkAll => {
            let shown: Vec<_> = state
                .view
                .iter()
                .map(|&i| state.rows[i].id().clone())
                .collect();
            let count = shown.len();
            state.marked.extend(shown);
            state.notify(
                NoticeLevel::Info,
                format!("marked the {count} posts shown"),
                now,
            );
        }
        Action::InvertMarks => {
            for &i in &state.view {
                let id = state.rows[i].id();
                if !state.marked.remove(id) {
                    state.marked.insert(id.clone());
                }
            }
        }
        Action::Escape => {
            // One layer at a time: range marking, detail focus, text filter, connection filter,
            // marks, notice.
            if state.range.is_some() {
                state.range = None;
            } else if state.focus == Focus::Detail {
                state.focus = Focus::List;
            } else if !state.filter.text.is_empty() {
                state.filter.text.clear();
                state.view_dirty = true;
            } else if state.filter.connection.is_some() {
                state.filter.connection = None;
                state.view_dirty = true;
                state.notify(NoticeLevel::Info, "connection filter cleared", now);
            } else if !state.marked.is_empty() {
                let count = state.marked.len();
                state.marked.clear();
                state.notify(NoticeLevel::Info, format!("cleared {count} marks"), now);
            } else {
                state.notice = None;
            }
        }
        Action::OpenStatusPicker => open_picker(state, PickerKind::Status),
        Action::OpenPlatformPicker => open_picker(state, PickerKind::Platform),
        Action::StartSearch => {
            state.range = None;
            state.search_before = Some(state.filter.text.clone());
        }
        Action::CycleSort => {
            state.sort = state.sort.next();
            state.view_dirty = true;
            state.notify(
                NoticeLevel::Info,
                format!("sorted by {}", state.sort.label()),
                now,
            );
        }
        Action::SwitchFocus => {
            state.focus = match state.focus {
                Focus::List => Focus::Detail,
                Focus::Detail => Focus::List,
            };
        }
        Action::OpenDetail if state.cursor_row().is_some() => {
            state.focus = Focus::Detail;
            state.detail_scroll = 0;
        }
        Action::RequestDelete => request_delete(state, now),
        Action::RequestReschedule => request_change(state, ChangeKind::Reschedule, now),
        Action::RequestMoveToDraft => request_change(state, ChangeKind::MoveToDraft, now),
        Action::OpenUserPicker => open_user_picker(state, now, commands),
        Action::CancelJob => match &mut state.job {
            Some(job) if !job.cancelling => {
                job.cancelling = true;
                commands.push(Command::CancelJob { job: job.id });
                state.notify(
                    NoticeLevel::Warn,
                    "cancelling: no new deletes start; in-flight ones finish",
                    now,
                );
            }
            Some(_) => {}
            None => state.notify(NoticeLevel::Info, "no job is running", now),
        },
        Action::RetryFailed => {
            if state.settings.read_only {
                state.notify(NoticeLevel::Warn, READ_ONLY_NOTICE, now);
            } else if state.job.is_some() {
                state.notify(NoticeLevel::Warn, JOB_RUNNING_NOTICE, now);
            } else {
                let failed: Vec<_> = state
                    .last_failed
                    .iter()
                    .filter(|id| state.row(id).is_some())
                    .cloned()
                    .collect();
                if failed.is_empty() {
                    state.notify(NoticeLevel::Info, "no failed posts to retry", now);
                } else {
                    // Retry what the last job did: a failed reschedule must never turn into a
                    // delete.
                    match state.last_kind {
                        JobKind::Delete => open_confirm(state, failed),
                        JobKind::Change(PostChange::Reschedule(time)) => {
                            open_change(state, ChangeKind::Reschedule, failed, Some(time), now)
                        }
                        JobKind::Change(PostChange::MoveToDraft) => {
                            open_change(state, ChangeKind::MoveToDraft, failed, None, now)
                        }
                    }
                }
            }
        }
        Action::Reload => commands.push(reload(state)),
        Action::NextDetailTab | Action::PrevDetailTab => {
            state.detail_tab = state.detail_tab.cycle(action == Action::NextDetailTab);
            state.detail_scroll = 0;
            state.detail_scroll_max = None;
        }
        Action::ShowPosts | Action::ShowConnections | Action::ShowStats => {
            show_screen(state, action, commands)
        }
        Action::ToggleHelp => open_help(state),
        Action::Quit => quit(state, now, commands, false),
        Action::ForceQuit => quit(state, now, commands, true),
        Action::ClickRow(position) if position < state.view.len() => {
            state.focus = Focus::List;
            set_cursor(state, position);
        }
        Action::ToggleMarkAt(position) => {
            if let Some(&row) = state.view.get(position) {
                // A click marks exactly the row clicked, so range marking ends first.
                state.range = None;
                let id = state.rows[row].id().clone();
                if !state.marked.remove(&id) {
                    state.marked.insert(id);
                }
                state.focus = Focus::List;
                set_cursor(state, position);
            }
        }
        Action::FocusDetail if state.cursor_row().is_some() => state.focus = Focus::Detail,
        Action::ScrollDown | Action::ScrollUp => {
            // The list moves by SCROLL_ROWS and the cursor with it, so it stays where the
            // pointer left it on screen; at either end only the cursor moves.
            let max_offset = state.view.len().saturating_sub(state.list_height.max(1));
            let before = state.list_offset;
            state.list_offset = if action == Action::ScrollDown {
                (before + SCROLL_ROWS).min(max_offset)
            } else {
                before.saturating_sub(SCROLL_ROWS)
            };
            let scrolled = state.list_offset.abs_diff(before);
            let step = if scrolled == 0 { SCROLL_ROWS } else { scrolled };
            let step = isize::try_from(step).unwrap_or(isize::MAX);
            move_cursor(
                state,
                if action == Action::ScrollDown {
                    step
                } else {
                    -step
                },
            );
        }
        Action::ScrollDetailDown => {
            let step = u16::try_from(SCROLL_ROWS).unwrap_or(u16::MAX);
            state.detail_scroll = state
                .detail_scroll
                .saturating_add(step)
                .min(detail_scroll_limit(state));
        }
        Action::ScrollDetailUp => {
            let step = u16::try_from(SCROLL_ROWS).unwrap_or(u16::MAX);
            state.detail_scroll = state.detail_scroll.saturating_sub(step);
        }
        _ => {}
    }
}

fn open_help(state: &mut AppState) {
    state.help_scroll = 0;
    state.dialog = Some(Dialog::Help);
}

/// Keys of the connections and stats screens.
fn other_screen(state: &mut AppState, action: Action, now: Instant, commands: &mut Vec<Command>) {
    match action {
        Action::ShowPosts | Action::ShowConnections | Action::ShowStats => {
            show_screen(state, action, commands)
        }
        Action::Reload if state.screen == Screen::Connections => {
            commands.push(start_connections_load(state));
        }
        Action::Reload => commands.push(reload(state)),
        Action::CursorDown
        | Action::CursorUp
        | Action::CursorTop
        | Action::CursorBottom
        | Action::FilterByConnection
        | Action::TestConnection
        | Action::ClickConnection(_)
        | Action::ScrollDown
        | Action::ScrollUp
            if state.screen == Screen::Connections =>
        {
            connections_screen(state, action, now, commands)
        }
        Action::ToggleHelp => open_help(state),
        Action::Quit => quit(state, now, commands, false),
        Action::ForceQuit => quit(state, now, commands, true),
        _ => {}
    }
}

/// The connections screen's own keys: its cursor, filtering the posts by the connection under
/// it, and testing that connection (§5.2).
fn connections_screen(
    state: &mut AppState,
    action: Action,
    now: Instant,
    commands: &mut Vec<Command>,
) {
    let view = &mut state.connections;
    let last = view.list.len().saturating_sub(1);
    match action {
        Action::CursorDown => view.cursor = (view.cursor + 1).min(last),
        Action::CursorUp => view.cursor = view.cursor.saturating_sub(1),
        Action::CursorTop => view.cursor = 0,
        Action::CursorBottom => view.cursor = last,
        Action::ClickConnection(position) if position < view.list.len() => view.cursor = position,
        Action::ScrollDown | Action::ScrollUp => {
            // As the posts list: the table moves by SCROLL_ROWS and the cursor with it; at
            // either end only the cursor moves.
            let max_offset = view.list.len().saturating_sub(view.page.max(1));
            let before = view.first_row(view.page);
            view.offset = if action == Action::ScrollDown {
                (before + SCROLL_ROWS).min(max_offset)
            } else {
                before.saturating_sub(SCROLL_ROWS)
            };
            let scrolled = view.offset.abs_diff(before);
            let step = if scrolled == 0 { SCROLL_ROWS } else { scrolled };
            view.cursor = if action == Action::ScrollDown {
                (view.cursor + step).min(last)
            } else {
                view.cursor.saturating_sub(step)
            };
        }
        Action::FilterByConnection => {
            let Some(connection) = view.cursor_connection() else {
                state.notify(NoticeLevel::Info, "no connection to filter by", now);
                return;
            };
            let platform_id = connection.platform_id.clone();
            let label = state.connection_label(&platform_id);
            state.filter.connection = Some(platform_id);
            state.view_dirty = true;
            state.cursor = 0;
            state.list_offset = 0;
            state.focus = Focus::List;
            state.screen = Screen::Posts;
            state.sync_view();
            state.notify(
                NoticeLevel::Info,
                format!(
                    "{} posts of {label}; Esc clears the connection filter",
                    state.view.len()
                ),
                now,
            );
        }
        Action::TestConnection => {
            let Some(connection) = view.cursor_connection() else {
                state.notify(NoticeLevel::Info, "no connection to test", now);
                return;
            };
            let platform_id = connection.platform_id.clone();
            let label = state.connection_label(&platform_id);
            commands.push(Command::TestConnection { platform_id });
            state.notify(NoticeLevel::Info, format!("testing {label}…"), now);
        }
        _ => {}
    }
    state.connections.keep_cursor_in_view();
}

/// Switches the body to the screen `action` names (issue 6); the connections are fetched the
/// first time their screen is shown.
fn show_screen(state: &mut AppState, action: Action, commands: &mut Vec<Command>) {
    state.range = None;
    state.screen = match action {
        Action::ShowConnections => Screen::Connections,
        Action::ShowStats => Screen::Stats,
        _ => Screen::Posts,
    };
    if state.screen == Screen::Connections && state.connections.load == ConnectionsLoad::NotAsked {
        commands.push(start_connections_load(state));
    }
}

/// Starts a new platform-connections request (§5.1).
pub fn start_connections_load(state: &mut AppState) -> Command {
    state.connections.seq = state.connections.seq.next();
    state.connections.load = ConnectionsLoad::Loading;
    Command::LoadConnections {
        seq: state.connections.seq,
    }
}

/// The furthest the detail pane scrolls, so scrolling past the end never leaves a blank pane to
/// scroll back through: as measured on the last frame (`ui::detail::scroll_limit`), else an
/// estimate of the cursor post's length.
fn detail_scroll_limit(state: &AppState) -> u16 {
    if let Some(max) = state.detail_scroll_max {
        return max;
    }
    let Some(row) = state.cursor_row() else {
        return 0;
    };
    if state.detail_tab == DetailTab::Logs {
        // A heading, then up to three lines per entry.
        let entries = match state.logs.get(row.id()).map(|slot| &slot.entry) {
            Some(LogsEntry::Loaded { logs, .. }) => logs.len(),
            _ => 0,
        };
        return u16::try_from(4 + entries * 3).unwrap_or(u16::MAX);
    }
    let content = row.post.content.as_deref().unwrap_or("");
    // Header, platforms and media lines, plus the content wrapped at a narrow 30 cells.
    let lines = 12
        + row.post.platforms.len() * 3
        + row.post.media_urls.len()
        + content.lines().count()
        + content.chars().count() / 30;
    u16::try_from(lines).unwrap_or(u16::MAX)
}

fn quit(state: &mut AppState, now: Instant, commands: &mut Vec<Command>, force: bool) {
    if state.job.is_none() {
        state.should_quit = true;
    } else if force && state.force_quit_armed {
        quit_now(state, commands);
    } else {
        if force {
            state.force_quit_armed = true;
            state.notify(
                NoticeLevel::Warn,
                "a job is running: Ctrl-c again quits now",
                now,
            );
        }
        state.dialog = Some(Dialog::QuitPrompt);
    }
}

fn quit_now(state: &mut AppState, commands: &mut Vec<Command>) {
    if let Some(job) = &state.job {
        commands.push(Command::CancelJob { job: job.id });
    }
    state.should_quit = true;
}

fn move_cursor(state: &mut AppState, delta: isize) {
    let target = state.cursor.saturating_add_signed(delta);
    set_cursor(state, target);
}

fn set_cursor(state: &mut AppState, target: usize) {
    let before = state.cursor;
    state.cursor = target;
    state.clamp_cursor();
    if state.cursor != before {
        state.detail_scroll = 0;
    }
}

/// Scrolls the detail pane back to the top when the post under the cursor changed, however
/// it changed (cursor keys, a filter, a sort, a reload, a mouse click).
fn follow_detail(state: &mut AppState) {
    let shown = state.cursor_id();
    if shown != state.detail_post.as_ref() {
        state.detail_post = shown.cloned();
        state.detail_scroll = 0;
        // Measured for the previous post; the next frame measures this one.
        state.detail_scroll_max = None;
    }
}

/// While range marking, the marks are the base plus every row between anchor and cursor.
fn follow_range(state: &mut AppState) {
    let Some(range) = &state.range else { return };
    let anchor = state
        .index
        .get(&range.anchor)
        .and_then(|&row| state.view.iter().position(|&i| i == row));
    let Some(anchor) = anchor else {
        state.range = None;
        return;
    };
    let (low, high) = (anchor.min(state.cursor), anchor.max(state.cursor));
    let mut marked = range.base.clone();
    if let Some(rows) = state.view.get(low..=high) {
        marked.extend(rows.iter().map(|&i| state.rows[i].id().clone()));
    }
    state.marked = marked;
}

fn open_picker(state: &mut AppState, kind: PickerKind) {
    let entries = state.picker_entries(kind);
    let current = match kind {
        PickerKind::Status => state.filter.status.as_ref().map(|s| s.as_str().to_string()),
        PickerKind::Platform => state
            .filter
            .platform
            .as_ref()
            .map(|p| p.as_str().to_string()),
    };
    let cursor = current
        .and_then(|name| entries.iter().position(|(label, _)| *label == name))
        .unwrap_or(0);
    state.range = None;
    state.picker = Some(Picker {
        kind,
        entries,
        cursor,
    });
}

fn picker(state: &mut AppState, action: Action, now: Instant, commands: &mut Vec<Command>) {
    let Some(picker) = &mut state.picker else {
        return;
    };
    match action {
        Action::PickerDown => {
            picker.cursor = (picker.cursor + 1).min(picker.entries.len().saturating_sub(1))
        }
        Action::PickerUp => picker.cursor = picker.cursor.saturating_sub(1),
        Action::Cancel => state.picker = None,
        Action::ForceQuit => {
            state.picker = None;
            quit(state, now, commands, true);
        }
        Action::Submit => {
            let kind = picker.kind;
            let choice = (picker.cursor > 0)
                .then(|| {
                    picker
                        .entries
                        .get(picker.cursor)
                        .map(|(label, _)| label.clone())
                })
                .flatten();
            match kind {
                PickerKind::Status => {
                    state.filter.status = choice.map(|c| PostStatus::from_wire(&c))
                }
                PickerKind::Platform => {
                    state.filter.platform = choice.map(|c| Platform::from_wire(&c))
                }
            }
            state.picker = None;
            state.view_dirty = true;
            state.cursor = 0;
            state.list_offset = 0;
        }
        _ => {}
    }
}

fn search(state: &mut AppState, action: Action, now: Instant, commands: &mut Vec<Command>) {
    match action {
        Action::Input(c) => {
            state.filter.text.push(c);
            state.view_dirty = true;
            state.cursor = 0;
        }
        Action::Backspace => {
            state.filter.text.pop();
            state.view_dirty = true;
        }
        Action::ClearInput => {
            state.filter.text.clear();
            state.view_dirty = true;
        }
        Action::Submit => state.search_before = None,
        Action::Cancel => {
            state.filter.text = state.search_before.take().unwrap_or_default();
            state.view_dirty = true;
        }
        Action::ForceQuit => {
            state.search_before = None;
            quit(state, now, commands, true);
        }
        _ => {}
    }
}

fn request_delete(state: &mut AppState, now: Instant) {
    if state.settings.read_only {
        state.notify(NoticeLevel::Warn, READ_ONLY_NOTICE, now);
        return;
    }
    if state.job.is_some() {
        state.notify(NoticeLevel::Warn, JOB_RUNNING_NOTICE, now);
        return;
    }
    let pending = chosen_posts(state);
    if pending.is_empty() {
        state.notify(NoticeLevel::Info, "nothing to delete", now);
        return;
    }
    open_confirm(state, pending);
}

/// The posts a bulk action applies to: the marked ones in view order, then the marked ones the
/// filter hides (by id); the cursor post when nothing is marked.
fn chosen_posts(state: &AppState) -> Vec<PostGroupId> {
    let mut pending: Vec<_> = state
        .view
        .iter()
        .map(|&i| state.rows[i].id())
        .filter(|id| state.marked.contains(*id))
        .cloned()
        .collect();
    let shown: HashSet<_> = pending.iter().cloned().collect();
    let mut hidden: Vec<_> = state
        .marked
        .iter()
        .filter(|id| !shown.contains(*id) && state.row(id).is_some())
        .cloned()
        .collect();
    hidden.sort();
    pending.extend(hidden);
    if pending.is_empty()
        && let Some(id) = state.cursor_id()
    {
        pending.push(id.clone());
    }
    pending
}

/// `t` / `D`: opens the change dialog for the chosen posts that can change (§3.4).
fn request_change(state: &mut AppState, kind: ChangeKind, now: Instant) {
    if state.settings.read_only {
        state.notify(NoticeLevel::Warn, READ_ONLY_NOTICE, now);
        return;
    }
    if state.job.is_some() {
        state.notify(NoticeLevel::Warn, JOB_RUNNING_NOTICE, now);
        return;
    }
    let chosen = chosen_posts(state);
    if chosen.is_empty() {
        state.notify(NoticeLevel::Info, "nothing to change", now);
        return;
    }
    let prefill = match kind {
        ChangeKind::Reschedule => state
            .cursor_row()
            .and_then(|row| row.post.scheduled_time.as_ref())
            .and_then(|time| time.parsed),
        ChangeKind::MoveToDraft => None,
    };
    open_change(state, kind, chosen, prefill, now);
}

/// True for the statuses update-post accepts (§3.4: draft and scheduled only).
fn can_change(status: &PostStatus) -> bool {
    matches!(status, PostStatus::Draft | PostStatus::Scheduled)
}

/// Opens the change dialog for `chosen`: keeps the draft and scheduled ones, counts the others
/// by status, and prefills the time from `scheduled` (see `when::prefill`). When none can
/// change, says so instead.
fn open_change(
    state: &mut AppState,
    kind: ChangeKind,
    chosen: Vec<PostGroupId>,
    scheduled: Option<chrono::DateTime<chrono::Utc>>,
    now: Instant,
) {
    let shown: HashSet<_> = state.view.iter().map(|&i| state.rows[i].id()).collect();
    let mut pending = Vec::new();
    let mut skipped: BTreeMap<String, usize> = BTreeMap::new();
    let mut hidden = 0;
    let mut drafts = 0;
    for id in chosen {
        let Some(row) = state.row(&id) else { continue };
        if can_change(&row.post.status) {
            hidden += usize::from(!shown.contains(&id));
            drafts += usize::from(row.post.status == PostStatus::Draft);
            pending.push(id);
        } else {
            let status = match row.post.status.as_str() {
                "" => "unknown".to_string(),
                other => sanitize::sanitize_line(other),
            };
            *skipped.entry(status).or_default() += 1;
        }
    }
    if pending.is_empty() {
        let total: usize = skipped.values().sum();
        // "the 1 post chosen is published", "the 3 posts chosen are failed", "the 3 posts
        // chosen are: published 2, failed 1".
        let what = match (total, skipped.len()) {
            (1, _) => format!(
                "the 1 post chosen is {}",
                skipped.keys().cloned().collect::<String>()
            ),
            (_, 1) => format!(
                "the {total} posts chosen are {}",
                skipped.keys().cloned().collect::<String>()
            ),
            _ => format!(
                "the {total} posts chosen are: {}",
                describe_counts(&skipped)
            ),
        };
        state.notify(
            NoticeLevel::Warn,
            format!("nothing to change: {what}; only draft and scheduled posts can change"),
            now,
        );
        return;
    }
    let wall_now = state.wall_now;
    let zone = state.time_zone;
    let (input, parsed) = match kind {
        ChangeKind::Reschedule => {
            let time = when::prefill(scheduled, wall_now);
            let input = when::format_input(time, zone);
            let parsed = when::parse(&input, wall_now, zone);
            (input, parsed)
        }
        ChangeKind::MoveToDraft => (String::new(), Err(String::new())),
    };
    state.range = None;
    let pending_count = pending.len();
    state.dialog = Some(Dialog::Change(ChangeDialog {
        kind,
        pending,
        skipped,
        hidden,
        input,
        parsed,
        now: wall_now,
        zone,
        drafts,
        confirming: false,
        typed_required: pending_count >= state.settings.confirm_typed_threshold.max(1),
        typed: String::new(),
    }));
}

fn change_dialog(
    state: &mut AppState,
    mut dialog: ChangeDialog,
    action: Action,
    now: Instant,
    commands: &mut Vec<Command>,
) {
    let reparse = |dialog: &mut ChangeDialog, wall_now| {
        dialog.now = wall_now;
        dialog.parsed = when::parse(&dialog.input, wall_now, dialog.zone);
    };
    let typing = dialog.kind == ChangeKind::Reschedule && !dialog.confirming;
    match action {
        Action::Cancel => {
            state.dialog = None;
            state.notify(NoticeLevel::Info, "cancelled; nothing was changed", now);
        }
        Action::Input(c) if typing => {
            if dialog.input.chars().count() < 40 {
                dialog.input.push(c);
            }
            reparse(&mut dialog, state.wall_now);
            state.dialog = Some(Dialog::Change(dialog));
        }
        Action::Backspace if typing => {
            dialog.input.pop();
            reparse(&mut dialog, state.wall_now);
            state.dialog = Some(Dialog::Change(dialog));
        }
        Action::ClearInput if typing => {
            dialog.input.clear();
            reparse(&mut dialog, state.wall_now);
            state.dialog = Some(Dialog::Change(dialog));
        }
        Action::Submit if typing => {
            reparse(&mut dialog, state.wall_now);
            if let Err(reason) = &dialog.parsed {
                state.notify(NoticeLevel::Warn, reason.clone(), now);
            } else {
                dialog.confirming = true;
            }
            state.dialog = Some(Dialog::Change(dialog));
        }
        Action::Input(c) if !typing && dialog.typed_required => {
            if dialog.typed.len() < 9 {
                dialog.typed.push(c);
            }
            state.dialog = Some(Dialog::Change(dialog));
        }
        Action::Backspace if !typing && dialog.typed_required => {
            dialog.typed.pop();
            state.dialog = Some(Dialog::Change(dialog));
        }
        Action::Confirm
            if !typing
                && dialog.typed_required
                && dialog.typed != dialog.pending.len().to_string() =>
        {
            let count = dialog.pending.len();
            state.notify(
                NoticeLevel::Warn,
                format!("type {count} to confirm, or Esc to cancel"),
                now,
            );
            state.dialog = Some(Dialog::Change(dialog));
        }
        Action::Confirm if !typing => {
            let change = match (dialog.kind, &dialog.parsed) {
                (ChangeKind::MoveToDraft, _) => PostChange::MoveToDraft,
                (ChangeKind::Reschedule, Ok(time)) => PostChange::Reschedule(*time),
                (ChangeKind::Reschedule, Err(_)) => return,
            };
            state.dialog = None;
            let job = start_job(state, JobKind::Change(change), &dialog.pending, now);
            commands.push(Command::StartUpdate {
                job,
                ids: dialog.pending,
                change,
            });
        }
        _ => {}
    }
}

/// Registers a new job over `ids` in state and returns its id.
fn start_job(state: &mut AppState, kind: JobKind, ids: &[PostGroupId], now: Instant) -> JobId {
    state.last_job_id = state.last_job_id.next();
    let job = state.last_job_id;
    state.job = Some(JobProgress {
        id: job,
        kind,
        total: ids.len(),
        summary: JobSummary::default(),
        started_at: now,
        waiting_until: None,
        cancelling: false,
        remaining: ids.iter().cloned().collect(),
        per_second: Vec::new(),
    });
    state.notice = None;
    job
}

/// `u`: opens the user picker with the owner and asks the worker for the managed users.
fn open_user_picker(state: &mut AppState, now: Instant, commands: &mut Vec<Command>) {
    if state.job.is_some() {
        state.notify(
            NoticeLevel::Warn,
            "a job is running; switch users after it ends (or cancel it with x)",
            now,
        );
        return;
    }
    state.users_seq = state.users_seq.next();
    let seq = state.users_seq;
    state.range = None;
    state.dialog = Some(Dialog::UserPicker(UserPicker {
        seq,
        entries: vec![owner_entry()],
        list: UserList::Loading,
        cursor: 0,
    }));
    commands.push(Command::LoadWorkspaceUsers { seq });
}

/// The picker's entry for a managed user: the sanitized display name, else the username.
fn user_entry(user: crate::api::model::ManagedUser) -> UserEntry {
    let username = sanitize::sanitize_line(&user.username);
    let name = user
        .display_name
        .as_deref()
        .map(sanitize::sanitize_line)
        .filter(|name| !name.trim().is_empty())
        .unwrap_or_else(|| username.clone());
    UserEntry {
        user_id: Some(user.id),
        name,
        username,
        daily_posts_left: user.daily_posts_left,
    }
}

/// At start, acting as a user given by id (`--user-id`, a profile's `user_id`): asks GET
/// workspace/users (§8) once in the background, so the header can show their name instead of
/// the id. `None` when acting as the owner or the name is known.
pub fn look_up_acting_user(state: &mut AppState) -> Option<Command> {
    if state.acting.user_id.is_none() || state.acting.name.is_some() {
        return None;
    }
    state.users_seq = state.users_seq.next();
    Some(Command::LoadWorkspaceUsers {
        seq: state.users_seq,
    })
}

fn owner_entry() -> UserEntry {
    UserEntry {
        user_id: None,
        name: "owner (you)".to_string(),
        username: String::new(),
        daily_posts_left: None,
    }
}

fn user_picker(
    state: &mut AppState,
    mut picker: UserPicker,
    action: Action,
    now: Instant,
    commands: &mut Vec<Command>,
) {
    match action {
        Action::PickerDown => {
            picker.cursor = (picker.cursor + 1).min(picker.entries.len().saturating_sub(1));
            state.dialog = Some(Dialog::UserPicker(picker));
        }
        Action::PickerUp => {
            picker.cursor = picker.cursor.saturating_sub(1);
            state.dialog = Some(Dialog::UserPicker(picker));
        }
        Action::Cancel => state.dialog = None,
        Action::ForceQuit => {
            state.dialog = None;
            quit(state, now, commands, true);
        }
        Action::Submit => {
            let Some(entry) = picker.entries.get(picker.cursor).cloned() else {
                return;
            };
            state.dialog = None;
            switch_user(state, entry, now, commands);
        }
        _ => {}
    }
}

/// Makes `entry` the acting user: clears the previous user's posts, marks and caches, tells
/// the worker, and reloads. Refused while a job runs.
fn switch_user(state: &mut AppState, entry: UserEntry, now: Instant, commands: &mut Vec<Command>) {
    if state.acting.user_id == entry.user_id {
        return;
    }
    if state.job.is_some() {
        state.notify(
            NoticeLevel::Warn,
            "a job is running; switch users after it ends (or cancel it with x)",
            now,
        );
        return;
    }
    // Only ids that are ObjectIds go out as a header (§1.5), so the worker's switch cannot fail.
    if let Some(id) = &entry.user_id
        && !crate::api::model::is_object_id(id)
    {
        state.notify(
            NoticeLevel::Error,
            format!(
                "cannot act as {}: its id is not 24 hex characters",
                entry.name
            ),
            now,
        );
        return;
    }
    state.acting = ActingAs {
        user_id: entry.user_id.clone(),
        name: entry.user_id.as_ref().map(|_| entry.name.clone()),
    };
    state.clear_user_data();
    commands.push(Command::SwitchUser {
        user_id: entry.user_id,
    });
    state.load.auto_reloads_left = 1;
    commands.push(start_load(state));
    // The connections are the new user's too: ask now when their screen shows, else on its
    // next showing.
    if state.screen == Screen::Connections {
        commands.push(start_connections_load(state));
    }
    state.notify(
        NoticeLevel::Info,
        format!("acting as {}{SWITCH_LOADING}", state.acting.label()),
        now,
    );
}

/// The end of the notice a user switch shows until its load finishes; `LoadFinished` replaces
/// it with the usual "reloaded: N posts".
const SWITCH_LOADING: &str = "; loading their posts";

fn open_confirm(state: &mut AppState, pending: Vec<PostGroupId>) {
    let shown: HashSet<_> = state.view.iter().map(|&i| state.rows[i].id()).collect();
    let mut platforms: BTreeMap<String, usize> = BTreeMap::new();
    let mut published = 0;
    let mut hidden = 0;
    for id in &pending {
        if !shown.contains(id) {
            hidden += 1;
        }
        let Some(row) = state.row(id) else { continue };
        if matches!(
            row.post.status,
            PostStatus::Published | PostStatus::PartiallyPublished
        ) {
            published += 1;
        }
        let names: HashSet<_> = row
            .post
            .platforms
            .iter()
            .map(|p| p.platform.as_str())
            .collect();
        for name in names {
            *platforms.entry(name.to_string()).or_default() += 1;
        }
    }
    let typed_required = pending.len() >= state.settings.confirm_typed_threshold.max(1);
    state.range = None;
    state.dialog = Some(Dialog::ConfirmDelete(ConfirmDelete {
        pending,
        platforms,
        published,
        hidden,
        typed_required,
        typed: String::new(),
        backup: false,
    }));
}

fn confirm_dialog(
    state: &mut AppState,
    mut confirm: ConfirmDelete,
    action: Action,
    now: Instant,
    commands: &mut Vec<Command>,
) {
    match action {
        Action::Cancel => {
            state.dialog = None;
            state.notify(
                NoticeLevel::Info,
                "deletion cancelled; nothing was deleted",
                now,
            );
        }
        Action::Input(c) if confirm.typed_required => {
            if confirm.typed.len() < 9 {
                confirm.typed.push(c);
            }
            state.dialog = Some(Dialog::ConfirmDelete(confirm));
        }
        Action::Backspace => {
            confirm.typed.pop();
            state.dialog = Some(Dialog::ConfirmDelete(confirm));
        }
        Action::ToggleBackup => {
            confirm.backup = !confirm.backup;
            state.dialog = Some(Dialog::ConfirmDelete(confirm));
        }
        Action::Confirm => {
            if confirm.typed_required && confirm.typed != confirm.pending.len().to_string() {
                state.notify(
                    NoticeLevel::Warn,
                    format!(
                        "type {} to confirm, or Esc to cancel",
                        confirm.pending.len()
                    ),
                    now,
                );
                return;
            }
            state.dialog = None;
            let job = start_job(state, JobKind::Delete, &confirm.pending, now);
            commands.push(Command::StartDelete {
                job,
                ids: confirm.pending,
                backup: confirm.backup,
            });
        }
        _ => {}
    }
}

/// `r`: loads every post again, and forgets the cached logs (they grow while posts publish).
fn reload(state: &mut AppState) -> Command {
    state.load.auto_reloads_left = 1;
    state.logs.clear();
    start_load(state)
}

/// Starts a new load generation.
pub fn start_load(state: &mut AppState) -> Command {
    state.load.seq = state.load.seq.next();
    state.load.in_progress = true;
    state.load.pages_loaded = 0;
    state.load.skipped = 0;
    state.load.error = None;
    state.load.hint = None;
    state.load.first_total = None;
    state.load.total_changed = false;
    Command::LoadPosts {
        seq: state.load.seq,
    }
}

/// The rule the detail and log caches share: fetch when nothing is cached, or when the slot
/// still waits under an older request number than `latest` (the worker's debounce may have
/// skipped that request: the cursor moved on before it was sent). `slot` is
/// `(still loading, its request number)`.
fn needs_fetch<S: PartialEq>(slot: Option<(bool, S)>, latest: S) -> bool {
    slot.is_none_or(|(loading, seq)| loading && seq != latest)
}

/// Asks for the cursor post's details when they are not cached.
fn want_detail(state: &mut AppState) -> Option<Command> {
    let id = state.cursor_id()?.clone();
    let slot = state.details.get(&id);
    let loading = slot.map(|slot| (slot.entry == DetailEntry::Loading, slot.seq));
    if !needs_fetch(loading, state.detail_seq) {
        return None;
    }
    state.detail_seq = state.detail_seq.next();
    let seq = state.detail_seq;
    state.details.insert(
        id.clone(),
        DetailSlot {
            seq,
            entry: DetailEntry::Loading,
        },
    );
    Some(Command::FetchDetail { seq, id })
}

/// Asks for the cursor post's log when the logs tab is shown and it is not cached (the same
/// rules as [`want_detail`]).
fn want_logs(state: &mut AppState) -> Option<Command> {
    if state.screen != Screen::Posts || state.detail_tab != DetailTab::Logs {
        return None;
    }
    let id = state.cursor_id()?.clone();
    let slot = state.logs.get(&id);
    let loading = slot.map(|slot| (slot.entry == LogsEntry::Loading, slot.seq));
    if !needs_fetch(loading, state.logs_seq) {
        return None;
    }
    state.logs_seq = state.logs_seq.next();
    let seq = state.logs_seq;
    state.logs.insert(
        id.clone(),
        LogsSlot {
            seq,
            entry: LogsEntry::Loading,
        },
    );
    Some(Command::FetchLogs { seq, id })
}

/// Folds one worker event into state; returns follow-up work.
pub fn apply(state: &mut AppState, event: WorkerEvent, now: Instant) -> Vec<Command> {
    match event {
        WorkerEvent::PageLoaded {
            seq,
            posts,
            skipped,
            pagination,
        } => {
            if seq != state.load.seq {
                return Vec::new();
            }
            state.load.pages_loaded += 1;
            state.load.total_pages = pagination.total_pages;
            state.load.total_items = pagination.total_items;
            match state.load.first_total {
                None => state.load.first_total = Some(pagination.total_items),
                Some(first) if first != pagination.total_items => state.load.total_changed = true,
                Some(_) => {}
            }
            state.load.skipped += skipped;
            for post in posts {
                // A post the server confirmed gone must not come back from a page read before
                // its delete.
                if !state.confirmed_gone.contains(&post.post_group_id) {
                    state.upsert(post, seq);
                }
            }
        }
        WorkerEvent::LoadFinished { seq } => {
            if seq != state.load.seq {
                return Vec::new();
            }
            state.load.in_progress = false;
            // Posts not seen by this load are gone from the server.
            let stale: Vec<_> = state
                .rows
                .iter()
                .filter(|row| row.seen_in_load != seq)
                .map(|row| row.id().clone())
                .collect();
            for id in &stale {
                state.remove(id);
            }
            if state.load.total_changed {
                let before = state.load.first_total.unwrap_or_default();
                let after = state.load.total_items;
                if state.load.auto_reloads_left > 0 && state.job.is_none() {
                    state.load.auto_reloads_left -= 1;
                    state.notify(
                        NoticeLevel::Warn,
                        format!("the server's post count changed while loading ({before} → {after}); reloading"),
                        now,
                    );
                    return vec![start_load(state)];
                }
                state.notify(
                    NoticeLevel::Warn,
                    format!("the server's post count changed while loading ({before} → {after}); r reloads"),
                    now,
                );
            }
            let switching = state
                .notice
                .as_ref()
                .is_some_and(|notice| notice.text.ends_with(SWITCH_LOADING));
            if seq > LoadSeq(1) && (state.notice.is_none() || switching) {
                let count = state.rows.iter().filter(|row| !row.gone).count();
                state.notify(NoticeLevel::Info, format!("reloaded: {count} posts"), now);
            }
            if state.load.skipped > 0 {
                state.notify(
                    NoticeLevel::Warn,
                    format!(
                        "{} entries of the server's answer could not be read and are not shown",
                        state.load.skipped
                    ),
                    now,
                );
            }
        }
        WorkerEvent::LoadFailed { seq, error } => {
            if seq != state.load.seq {
                return Vec::new();
            }
            state.load.in_progress = false;
            state.load.error = Some(error.to_string());
            state.load.hint = error.hint();
            let hint = error.hint().map(|h| format!(" ({h})")).unwrap_or_default();
            state.notify(
                NoticeLevel::Error,
                format!("loading posts failed: {error}{hint}; r retries"),
                now,
            );
        }
        WorkerEvent::DetailLoaded { seq, id, result } => {
            let Some(slot) = state.details.get_mut(&id) else {
                return Vec::new();
            };
            if slot.seq != seq {
                return Vec::new();
            }
            slot.entry = match result {
                Ok(detail) => DetailEntry::Loaded(detail),
                Err(error) => DetailEntry::Failed(error.to_string()),
            };
        }
        WorkerEvent::LogsLoaded { seq, id, result } => {
            let Some(slot) = state.logs.get_mut(&id) else {
                return Vec::new();
            };
            if slot.seq != seq {
                return Vec::new();
            }
            slot.entry = match result {
                Ok(page) => LogsEntry::Loaded {
                    logs: page.logs,
                    skipped: page.skipped,
                },
                Err(error) => LogsEntry::Failed(error.to_string()),
            };
        }
        WorkerEvent::ConnectionsLoaded { seq, result } => {
            if seq != state.connections.seq {
                return Vec::new();
            }
            match result {
                Ok(page) => {
                    let view = &mut state.connections;
                    view.list = page.connections;
                    view.skipped = page.skipped;
                    view.load = ConnectionsLoad::Loaded;
                    view.cursor = view.cursor.min(view.list.len().saturating_sub(1));
                    view.counts_stale = true;
                    if page.skipped > 0 {
                        state.notify(
                            NoticeLevel::Warn,
                            format!(
                                "{} connections of the server's answer could not be read and are not shown",
                                page.skipped
                            ),
                            now,
                        );
                    }
                }
                Err(error) => {
                    let hint = error.hint();
                    state.connections.load = ConnectionsLoad::Failed {
                        error: error.to_string(),
                        hint,
                    };
                    let hint = hint.map(|h| format!(" ({h})")).unwrap_or_default();
                    state.notify(
                        NoticeLevel::Error,
                        format!("loading connections failed: {error}{hint}; r retries"),
                        now,
                    );
                }
            }
        }
        WorkerEvent::ConnectionTested {
            platform_id,
            result,
        } => {
            let label = state.connection_label(&platform_id);
            match result {
                Ok(test) => {
                    let message = test.message.unwrap_or_default();
                    let (level, verdict) = match test.status {
                        crate::api::model::TestStatus::Ok => (NoticeLevel::Info, "ok"),
                        _ => (NoticeLevel::Warn, "failed"),
                    };
                    state.notify(level, format!("test of {label}: {verdict}: {message}"), now);
                }
                Err(error) => state.notify(
                    NoticeLevel::Error,
                    format!("testing {label} failed: {error}"),
                    now,
                ),
            }
        }
        WorkerEvent::WorkspaceUsersLoaded { seq, result } => {
            // The header's name for a user given by id (--user-id, a profile's user_id), from
            // whichever answer names them: the start-up look-up or the picker's.
            if let (Ok(users), Some(acting), None) =
                (&result, &state.acting.user_id, &state.acting.name)
                && let Some(user) = users.iter().find(|user| &user.id == acting)
            {
                state.acting.name = Some(user_entry(user.clone()).name);
            }
            let Some(Dialog::UserPicker(picker)) = &mut state.dialog else {
                return Vec::new();
            };
            if picker.seq != seq {
                return Vec::new();
            }
            match result {
                Ok(users) => {
                    picker.entries.truncate(1);
                    picker.entries.extend(users.into_iter().map(user_entry));
                    picker.list = UserList::Loaded;
                    // Start on the user acted as now.
                    if let Some(at) = picker
                        .entries
                        .iter()
                        .position(|entry| entry.user_id == state.acting.user_id)
                    {
                        picker.cursor = at;
                    }
                    // The picker knows the name of a user given by --user-id.
                    if state.acting.name.is_none()
                        && let Some(entry) = picker.entries.iter().find(|entry| {
                            entry.user_id.is_some() && entry.user_id == state.acting.user_id
                        })
                    {
                        state.acting.name = Some(entry.name.clone());
                    }
                }
                Err(error) => {
                    let text = if error.status() == Some(403)
                        && error
                            .to_string()
                            .contains(error_text::WORKSPACE_NOT_ENABLED)
                    {
                        "workspace access is not enabled for this key (§8): only the owner's posts are available".to_string()
                    } else {
                        format!("cannot load the workspace's users: {error}")
                    };
                    picker.list = UserList::Failed(sanitize::sanitize_line(&text));
                }
            }
        }
        WorkerEvent::UserSwitchFailed { user_id, reason } => {
            state.notify(
                NoticeLevel::Error,
                format!(
                    "could not act as {}: {reason}",
                    user_id.as_deref().unwrap_or("the owner")
                ),
                now,
            );
        }
        WorkerEvent::JobStarted { job, total } => {
            if let Some(progress) = state.job.as_mut().filter(|p| p.id == job) {
                progress.total = total;
            }
        }
        WorkerEvent::ItemFinished { job, id, outcome } => {
            let Some(progress) = state.job.as_mut().filter(|p| p.id == job) else {
                return Vec::new();
            };
            if !progress.remaining.remove(&id) {
                return Vec::new();
            }
            progress.count_finished(now);
            progress.summary.add(&outcome);
            let kind = progress.kind;
            state.record_outcome(&id, &outcome, kind);
        }
        WorkerEvent::JobWaiting { job, resume_in } => {
            if let Some(progress) = state.job.as_mut().filter(|p| p.id == job) {
                progress.waiting_until = Some(now + resume_in);
            }
        }
        WorkerEvent::JobFinished {
            job,
            summary,
            cancelled,
            stopped,
            never_attempted,
        } => {
            let Some(progress) = state.job.take_if(|p| p.id == job) else {
                return Vec::new();
            };
            state.last_kind = progress.kind;
            // Nothing is left to ask about once the job is over.
            if state.dialog == Some(Dialog::QuitPrompt) {
                state.dialog = None;
            }
            state.last_failed = progress
                .remaining
                .iter()
                .filter(|id| !never_attempted.contains(id))
                .cloned()
                .chain(
                    state
                        .rows
                        .iter()
                        .filter(|row| row.last_error.is_some() && !row.gone)
                        .map(|row| row.id().clone()),
                )
                .collect::<HashSet<_>>()
                .into_iter()
                .collect();
            state.last_failed.sort();
            let wording = SummaryWording::notice(progress.kind);
            let mut text = format!("job {job}: {}", summary.describe(&wording));
            if cancelled {
                text.push_str(" — cancelled");
            }
            if let Some(reason) = &stopped {
                text.push_str(&format!(" — stopped: {reason}"));
            }
            let level = if stopped.is_some() || summary.failed > 0 || summary.unknown > 0 {
                NoticeLevel::Error
            } else if cancelled || summary.never_attempted > 0 {
                NoticeLevel::Warn
            } else {
                NoticeLevel::Info
            };
            state.notify(level, text, now);
        }
    }
    // The view is rebuilt lazily, once per batch of events ([`settle`], called by the loop
    // before it draws): rebuilding it for each of thousands of job or page events would make
    // the screen lag far behind the work (issue 4).
    Vec::new()
}

/// Brings derived state up to date after a batch of [`apply`] calls: rebuilds the view if
/// needed, extends a range marking, recounts the posts per connection when shown, and asks for
/// the cursor post's details (and its log, on the logs tab).
pub fn settle(state: &mut AppState) -> Vec<Command> {
    state.sync_view();
    follow_range(state);
    follow_detail(state);
    state.sync_connection_counts();
    want_detail(state)
        .into_iter()
        .chain(want_logs(state))
        .collect()
}

/// Expires notices and ends rate-limit countdowns; true when anything visible changed.
pub fn tick(state: &mut AppState, now: Instant) -> bool {
    let mut changed = false;
    if state
        .notice
        .as_ref()
        .and_then(|n| n.expires_at)
        .is_some_and(|at| at <= now)
    {
        state.notice = None;
        changed = true;
    }
    if let Some(job) = &state.job {
        // Rate, ETA and countdowns move with time.
        changed |= job.done() < job.total;
    }
    changed || state.load.in_progress
}

/// When the loop must wake up next without input: a notice expiring, or progress to redraw.
/// `None` means idle: no tick at all (issue 4).
pub fn next_deadline(state: &AppState, now: Instant) -> Option<Instant> {
    let progress = (state.job.is_some() || state.load.in_progress)
        .then(|| now + std::time::Duration::from_millis(250));
    let notice = state.notice.as_ref().and_then(|n| n.expires_at);
    match (progress, notice) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}
