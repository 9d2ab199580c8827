//! The keys of the posts screen with nothing open over it: the cursor, the marks, the detail
//! pane, and the doors to every other flow (pickers, search, the bulk dialogs, the user picker,
//! the other screens).

use std::time::Instant;

use super::super::action::{Action, SCROLL_ROWS};
use super::super::reach;
use super::super::state::{
    AppState, ChangeKind, DetailEntry, DetailTab, Focus, LogsEntry, NoticeLevel, PickerKind,
};
use super::{change, connections, delete, filter, jobs, loading, open_help, quit, restore, users};
use crate::protocol::Command;
use crate::text::wording::{grouped, noun};

pub(super) fn browse(
    state: &mut AppState,
    action: Action,
    now: Instant,
    commands: &mut Vec<Command>,
) {
    let page = state.posts.list_height().max(1);
    match action {
        Action::CursorDown | Action::CursorUp | Action::PageDown | Action::PageUp
            if state.focus() == Focus::Detail =>
        {
            let step = match action {
                Action::CursorDown | Action::CursorUp => 1,
                _ => u16::try_from(page).unwrap_or(u16::MAX),
            };
            if matches!(action, Action::CursorDown | Action::PageDown) {
                let limit = detail_scroll_limit(state);
                state.detail.scroll_down(step, limit);
            } else {
                state.detail.scroll_up(step);
            }
        }
        // In the focused detail pane, top and bottom are the pane's, not the list's: the pane
        // must not switch post under the reader.
        Action::CursorTop if state.focus() == Focus::Detail => state.detail.scroll_to_top(),
        Action::CursorBottom if state.focus() == Focus::Detail => {
            let limit = detail_scroll_limit(state);
            state.detail.scroll_down(u16::MAX, limit);
        }
        Action::CursorDown => state.posts.move_cursor(1),
        Action::CursorUp => state.posts.move_cursor(-1),
        Action::CursorTop => state.posts.set_cursor(0),
        Action::CursorBottom => state
            .posts
            .set_cursor(state.posts.view_len().saturating_sub(1)),
        Action::PageDown => state.posts.move_cursor(page as isize),
        Action::PageUp => state.posts.move_cursor(-(page as isize)),
        Action::ToggleMark => {
            if let Some(id) = state.posts.cursor_id().cloned() {
                // Space marks exactly the cursor row: a range running is committed first, so
                // the cursor's move down does not drag it along.
                state.posts.end_range();
                state.posts.toggle_mark(&id);
                state.posts.move_cursor(1);
            }
        }
        Action::RangeMark => state.posts.toggle_range(),
        Action::MarkAll => filter::mark_shown(state, now),
        Action::UnmarkShown => filter::unmark_shown(state, now),
        Action::InvertMarks => {
            state.posts.invert_shown();
            let count = state.posts.marked().len();
            state.notify(
                NoticeLevel::Info,
                format!(
                    "inverted the marks shown: {} marked — z undoes",
                    grouped(count)
                ),
                now,
            );
        }
        Action::UndoMarks => undo_marks(state, now),
        Action::Escape => escape(state, now),
        Action::OpenStatusPicker => filter::open_picker(state, PickerKind::Status, now),
        Action::OpenPlatformPicker => filter::open_picker(state, PickerKind::Platform, now),
        Action::OpenViews => filter::open_picker(state, PickerKind::View, now),
        Action::StartSearch => state.posts.begin_search(),
        Action::CycleSort => {
            // The cursor keeps its post, so marking goes on where it was (the list's border
            // says which row that is now); `g` is the way to the top.
            let sort = state.posts.cycle_sort();
            state.posts.sync();
            let text = format!(
                "sorted by {}, posts without that time last · cursor kept on row {} (g: top)",
                sort.label(),
                grouped(state.posts.cursor() + 1)
            );
            state.notify(NoticeLevel::Info, text, now);
        }
        Action::SwitchFocus => {
            state.set_focus(match state.focus() {
                Focus::List => Focus::Detail,
                Focus::Detail => Focus::List,
            });
        }
        Action::OpenDetail if state.posts.cursor_row().is_some() => {
            state.set_focus(Focus::Detail);
            state.detail.scroll_to_top();
        }
        Action::RequestDelete => delete::request_delete(state),
        Action::RequestReschedule => change::request_change(state, ChangeKind::Reschedule),
        Action::RequestMoveToDraft => change::request_change(state, ChangeKind::MoveToDraft),
        Action::OpenUserPicker => users::open_user_picker(state, commands),
        Action::CancelJob => jobs::cancel_job(state, now, commands),
        Action::RetryFailed => jobs::retry_failed(state),
        Action::RestoreLastJob => restore::request_restore(state),
        Action::Reload => commands.push(loading::reload(state)),
        Action::CopyId | Action::CopyContent => copy(state, action, now, commands),
        Action::OpenPost => open_post(state, now, commands),
        Action::NextDetailTab | Action::PrevDetailTab => {
            state.detail.cycle_tab(action == Action::NextDetailTab);
        }
        Action::ShowPosts | Action::ShowConnections | Action::ShowStats => {
            connections::show_screen(state, action, commands)
        }
        Action::ToggleHelp => open_help(state),
        Action::Quit => quit(state, now, commands, false),
        Action::ForceQuit => quit(state, now, commands, true),
        Action::ClickRow(position) if position < state.posts.view_len() => {
            state.set_focus(Focus::List);
            state.posts.set_cursor(position);
        }
        Action::ToggleMarkAt(position) => {
            if let Some(id) = state.posts.view_row(position).map(|row| row.id().clone()) {
                // A click marks exactly the row clicked, so range marking ends first.
                state.posts.end_range();
                state.posts.toggle_mark(&id);
                state.set_focus(Focus::List);
                state.posts.set_cursor(position);
            }
        }
        Action::FocusDetail if state.posts.cursor_row().is_some() => state.set_focus(Focus::Detail),
        Action::ScrollDown | Action::ScrollUp => {
            state
                .posts
                .scroll(action == Action::ScrollDown, SCROLL_ROWS);
        }
        Action::ScrollDetailDown => {
            let step = u16::try_from(SCROLL_ROWS).unwrap_or(u16::MAX);
            let limit = detail_scroll_limit(state);
            state.detail.scroll_down(step, limit);
        }
        Action::ScrollDetailUp => {
            let step = u16::try_from(SCROLL_ROWS).unwrap_or(u16::MAX);
            state.detail.scroll_up(step);
        }
        _ => {}
    }
}

/// One layer at a time: range marking, detail focus, query, connection filter, marks, notice.
fn escape(state: &mut AppState, now: Instant) {
    if state.posts.end_range() {
        return;
    }
    if state.focus() == Focus::Detail {
        state.set_focus(Focus::List);
        return;
    }
    if state.posts.clear_query() {
        return;
    }
    if state.posts.clear_connection() {
        state.notify(NoticeLevel::Info, "connection filter cleared", now);
    } else if !state.posts.marked().is_empty() {
        let count = state.posts.clear_marks();
        state.notify(
            NoticeLevel::Info,
            format!(
                "cleared {} {} — z restores {}",
                grouped(count),
                noun(count, "mark", "marks"),
                noun(count, "it", "them")
            ),
            now,
        );
    } else {
        state.clear_notice();
    }
}

/// `z`: the marks as they were before the last bulk change.
fn undo_marks(state: &mut AppState, now: Instant) {
    let text = match state.posts.undo_marks() {
        Some((before, after)) => format!(
            "marks restored: {} marked (was {}){}",
            grouped(after),
            grouped(before),
            match state.posts.mark_undo_steps() {
                0 => String::new(),
                steps => format!(" — z again goes {steps} more back"),
            }
        ),
        None => "nothing to undo: z undoes clearing, marking all, inverting and ranges".to_string(),
    };
    state.notify(NoticeLevel::Info, text, now);
}

/// The furthest the detail pane scrolls, so scrolling past the end never leaves a blank pane to
/// scroll back through: as measured on the last frame (`ui::measure`), else an estimate of the
/// cursor post's length.
fn detail_scroll_limit(state: &AppState) -> u16 {
    if let Some(max) = state.detail.scroll_max() {
        return max;
    }
    let Some(row) = state.posts.cursor_row() else {
        return 0;
    };
    if state.detail.tab() == DetailTab::Logs {
        // A heading, then up to three lines per entry.
        let entries = match state.detail.logs(row.id()) {
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

/// `y` / `Y`: the cursor post's id / content to the clipboard (OSC 52, written by the loop).
fn copy(state: &mut AppState, action: Action, now: Instant, commands: &mut Vec<Command>) {
    if !state.settings.clipboard {
        state.notify(
            NoticeLevel::Info,
            "copying is off (clipboard = false in the config)",
            now,
        );
        return;
    }
    let Some(row) = state.posts.cursor_row() else {
        state.notify(NoticeLevel::Info, "no post to copy", now);
        return;
    };
    let (text, what) = if action == Action::CopyId {
        (row.id().as_str().to_owned(), format!("the id {}", row.id()))
    } else {
        let content = reach::clipboard_text(row.post.content.as_deref().unwrap_or(""));
        let what = format!(
            "its content ({} characters)",
            grouped(content.chars().count())
        );
        (content, what)
    };
    commands.push(Command::Clipboard { text });
    state.notify(
        NoticeLevel::Info,
        format!("copied {what} (OSC 52: the terminal must allow clipboard writes)"),
        now,
    );
}

/// `O`: opens the cursor post on the first network whose live URL can be built from its
/// `postedId` (get-post, §3.2); else says why not.
fn open_post(state: &mut AppState, now: Instant, commands: &mut Vec<Command>) {
    let Some(row) = state.posts.cursor_row() else {
        state.notify(NoticeLevel::Info, "no post to open", now);
        return;
    };
    let detail = match state.detail.detail(row.id()) {
        Some(DetailEntry::Loaded(detail)) => detail,
        Some(DetailEntry::Loading) | None => {
            state.notify(
                NoticeLevel::Info,
                "its details are still loading; O again in a moment",
                now,
            );
            return;
        }
        Some(DetailEntry::Failed(why)) => {
            let text = format!("cannot open: its details did not load ({why})");
            state.notify(NoticeLevel::Warn, text, now);
            return;
        }
    };
    let mut reasons = Vec::new();
    for post in &detail.posts {
        match reach::post_url(post) {
            Ok(url) => {
                state.notify(NoticeLevel::Info, format!("opening {url}"), now);
                commands.push(Command::OpenUrl { url });
                return;
            }
            Err(why) => reasons.push(why),
        }
    }
    let text = if reasons.is_empty() {
        "cannot open: the post targets no network".to_owned()
    } else {
        format!("cannot open: {}", reasons.join("; "))
    };
    state.notify(NoticeLevel::Warn, text, now);
}
