//! The pure heart of the TUI (DESIGN §2 steps 2–3): [`update`] folds an [`Action`] into
//! [`AppState`] and returns the [`Command`]s the worker must run; [`apply`] does the same for a
//! [`WorkerEvent`]. No I/O and no clock reads happen here: the loop passes `now` in.
//!
//! One file per feature: `browse` (the list's keys), `filter` (pickers and the search line),
//! `delete` and `change` (the two-step bulk flows), `users` (the acting user), `connections`,
//! `loading` (pages, the detail and log caches) and `jobs` (progress and summaries).
//!
//! Deletion is two-step: `RequestDelete` only opens the confirm dialog holding the exact pending
//! ids; only `Confirm` sends `Command::StartDelete` with them. A post leaves the list only when
//! an `ItemFinished` says the server no longer has it. Rescheduling and moving to draft work the
//! same way with the change dialog and `Command::StartUpdate`; each row then takes the server's
//! answer.

mod browse;
mod change;
mod connections;
mod delete;
mod filter;
mod jobs;
mod loading;
mod restore;
mod users;

use std::time::Instant;

use super::action::Action;
use super::state::{AppState, NoticeLevel, Overlay, Screen};
use crate::protocol::{Command, WorkerEvent};

pub use connections::start_connections_load;
pub use loading::start_load;
pub use users::look_up_acting_user;

/// Said where a changing action would have been, in read-only mode.
pub const READ_ONLY_NOTICE: &str = "read-only: deleting and changing posts is disabled (--read-only, or read_only in the config or the profile)";

/// Said when a job or a user switch is asked for while a job runs.
const JOB_RUNNING_NOTICE: &str = "a job is running; wait for it or cancel it with x";

/// Folds one user action into state; returns the work for the worker.
pub fn update(state: &mut AppState, action: Action, now: Instant) -> Vec<Command> {
    state.posts.sync();
    // A notice answers the action before: the next one makes it go (errors stay until
    // replaced, and so does "loading their posts" until the load ends). An action with
    // something to say says it anew.
    if state
        .notice()
        .is_some_and(|n| n.level != NoticeLevel::Error && !n.until_loaded)
    {
        state.clear_notice();
    }
    let mut commands = Vec::new();
    if action != Action::ForceQuit {
        state.arm_force_quit(false);
    }
    match state.overlay().cloned() {
        Some(Overlay::ConfirmDelete(confirm)) => {
            delete::confirm_dialog(state, confirm, action, now, &mut commands)
        }
        Some(Overlay::Change(change)) => {
            change::change_dialog(state, change, action, now, &mut commands)
        }
        Some(Overlay::Restore(dialog)) => {
            restore::restore_dialog(state, dialog, action, now, &mut commands)
        }
        Some(Overlay::UserPicker(picker)) => {
            users::user_picker(state, picker, action, now, &mut commands)
        }
        Some(Overlay::Picker(picker)) => filter::picker(state, picker, action, now, &mut commands),
        Some(Overlay::QuitPrompt) => match action {
            Action::Confirm => {
                state.close();
                stop_job_then_quit(state, now, &mut commands);
            }
            Action::ForceQuit => quit_now(state, &mut commands),
            Action::Cancel => {
                state.close();
            }
            _ => {}
        },
        // Only Esc and Enter close a refusal; anything else typed for the flow that did not
        // open goes nowhere.
        Some(Overlay::Refused(_)) => match action {
            Action::Cancel | Action::Submit => {
                state.close();
            }
            Action::ForceQuit => {
                state.close();
                quit(state, now, &mut commands, true);
            }
            _ => {}
        },
        Some(Overlay::Help { scroll }) => match action {
            Action::ForceQuit => quit(state, now, &mut commands, true),
            Action::Cancel | Action::ToggleHelp => {
                state.close();
            }
            // The help is taller than small terminals: it scrolls (the drawing clamps).
            Action::CursorDown => scroll_help(state, scroll.saturating_add(1)),
            Action::CursorUp => scroll_help(state, scroll.saturating_sub(1)),
            Action::PageDown => scroll_help(state, scroll.saturating_add(10)),
            Action::PageUp => scroll_help(state, scroll.saturating_sub(10)),
            _ => {}
        },
        None if state.posts.searching() => filter::search(state, action, now, &mut commands),
        None if state.screen() != Screen::Posts => {
            connections::other_screen(state, action, now, &mut commands)
        }
        None => browse::browse(state, action, now, &mut commands),
    }
    commands.extend(settle(state));
    commands
}

/// Longest paste taken into a text field, in characters.
const MAX_PASTE: usize = 1000;

/// A bracketed paste (DESIGN §7 rule 1): text, never keys. Into an open text field (the search,
/// the reschedule time, a typed count) it goes as typed characters, line breaks and other
/// control characters dropped; anywhere else it is ignored, with a notice, so pasting `dy`
/// while browsing deletes nothing.
pub fn paste(state: &mut AppState, text: &str, now: Instant) -> Vec<Command> {
    use super::keymap::Mode;
    let takes_text = matches!(
        state.mode(),
        Mode::Search | Mode::TimeInput | Mode::ConfirmTyped | Mode::ConfirmChangeTyped
    );
    if !takes_text {
        state.notify(
            NoticeLevel::Info,
            "paste ignored: pasted text is never read as keys (paste into / search or a dialog's field)",
            now,
        );
        return Vec::new();
    }
    let mut commands = Vec::new();
    for c in text.chars().filter(|c| !c.is_control()).take(MAX_PASTE) {
        commands.extend(update(state, Action::Input(c), now));
    }
    commands
}

/// Folds one worker event into state; returns follow-up work. The view is rebuilt lazily,
/// once per batch of events ([`settle`], called by the loop before it draws): rebuilding it for
/// each of thousands of job or page events would make the screen lag far behind the work.
pub fn apply(state: &mut AppState, event: WorkerEvent, now: Instant) -> Vec<Command> {
    match event {
        WorkerEvent::PageLoaded {
            seq,
            posts,
            skipped,
            pagination,
        } => loading::page_loaded(state, seq, posts, skipped, &pagination),
        WorkerEvent::LoadFinished { seq } => return loading::load_finished(state, seq, now),
        WorkerEvent::LoadFailed { seq, error } => loading::load_failed(state, seq, &error, now),
        WorkerEvent::DetailLoaded { seq, id, result } => {
            loading::detail_loaded(state, seq, &id, result)
        }
        WorkerEvent::LogsLoaded { seq, id, result } => {
            loading::logs_loaded(state, seq, &id, result)
        }
        WorkerEvent::ConnectionsLoaded { seq, result } => {
            connections::connections_loaded(state, seq, result, now)
        }
        WorkerEvent::ConnectionTested {
            platform_id,
            result,
        } => connections::connection_tested(state, &platform_id, result, now),
        WorkerEvent::WorkspaceUsersLoaded { seq, result } => {
            users::workspace_users_loaded(state, seq, result)
        }
        WorkerEvent::UserSwitchFailed { user_id, reason } => {
            users::user_switch_failed(state, user_id.as_deref(), &reason, now)
        }
        WorkerEvent::JobStarted {
            job,
            total,
            name,
            backup_dir,
        } => jobs::job_started(state, job, total, name, backup_dir),
        WorkerEvent::ItemFinished { job, id, outcome } => {
            jobs::item_finished(state, job, &id, &outcome, now)
        }
        WorkerEvent::JobPaced { job, per_second } => {
            if let Some(progress) = state.jobs.progress_of(job) {
                progress.pace = per_second;
            }
        }
        WorkerEvent::JobWaiting { job, resume_in } => {
            jobs::job_waiting(state, job, now + resume_in)
        }
        WorkerEvent::JobFinished {
            job,
            summary,
            cancelled,
            stopped,
            never_attempted,
        } => {
            return jobs::job_finished(
                state,
                job,
                &summary,
                cancelled,
                stopped.as_deref(),
                &never_attempted,
                now,
            );
        }
    }
    Vec::new()
}

/// Brings derived state up to date after a batch of [`apply`] calls (and after each
/// [`update`]): rebuilds the view if needed, extends a range marking, recounts the posts per
/// connection when shown, and asks for the cursor post's details (and its log, on the logs
/// tab).
pub fn settle(state: &mut AppState) -> Vec<Command> {
    state.sync();
    loading::want_detail(state)
        .into_iter()
        .chain(loading::want_logs(state))
        .collect()
}

/// [`settle`] after a batch of worker events. While a job runs, the cursor post changes as the
/// job's posts leave the list; fetching each new one's details would spend the server's rate
/// limit on posts nobody looked at (half the requests of a paced delete), so they wait for a
/// key that moves the cursor, or for the job's end.
pub fn settle_events(state: &mut AppState) -> Vec<Command> {
    if state.jobs.is_running() {
        state.sync();
        return Vec::new();
    }
    settle(state)
}

/// Expires notices and ends rate-limit countdowns; true when anything visible changed.
pub fn tick(state: &mut AppState, now: Instant) -> bool {
    let mut changed = false;
    if state
        .notice()
        .and_then(|n| n.expires_at)
        .is_some_and(|at| at <= now)
    {
        state.clear_notice();
        changed = true;
    }
    if let Some(job) = state.jobs.running() {
        // Rate, ETA and countdowns move with time.
        changed |= job.done() < job.total;
    }
    if state.quit_deadline().is_some_and(|at| at <= now) {
        state.request_quit();
        changed = true;
    }
    changed || state.load.in_progress()
}

/// When the loop must wake up next without input: a notice expiring, or progress to redraw.
/// `None` means idle: no tick at all.
pub fn next_deadline(state: &AppState, now: Instant) -> Option<Instant> {
    let progress = (state.jobs.is_running() || state.load.in_progress())
        .then(|| now + std::time::Duration::from_millis(250));
    let notice = state.notice().and_then(|n| n.expires_at);
    [progress, notice, state.quit_deadline()]
        .into_iter()
        .flatten()
        .min()
}

fn open_help(state: &mut AppState) {
    state.open(Overlay::Help { scroll: 0 });
}

/// The help overlay's scroll, up to a bound well past any help's length.
fn scroll_help(state: &mut AppState, lines: u16) {
    if let Some(Overlay::Help { scroll }) = state.overlay_mut() {
        *scroll = lines.min(200);
    }
}

/// `q` (or `Ctrl-c` with `force`): quits at once when no job runs, else asks first; a second
/// `Ctrl-c` quits without asking, and so does either key while a confirmed quit waits.
fn quit(state: &mut AppState, now: Instant, commands: &mut Vec<Command>, force: bool) {
    if !state.jobs.is_running() {
        state.request_quit();
    } else if state.quit_deadline().is_some() || (force && state.force_quit_armed()) {
        quit_now(state, commands);
    } else {
        if force {
            state.arm_force_quit(true);
            state.notify(
                NoticeLevel::Warn,
                "a job is running: Ctrl-c again quits now",
                now,
            );
        }
        state.open(Overlay::QuitPrompt);
    }
}

/// The quit prompt's yes: the job starts no new request, the loop waits for the answers of
/// those in flight (so they are journalled and shown), bounded by the request timeout, then
/// quits. A job that already ended quits at once.
fn stop_job_then_quit(state: &mut AppState, now: Instant, commands: &mut Vec<Command>) {
    if !state.jobs.is_running() {
        state.request_quit();
        return;
    }
    if let Some(job) = state.jobs.cancel() {
        commands.push(Command::CancelJob { job });
    }
    let wait = state.settings.request_timeout + QUIT_WAIT_MARGIN;
    state.quit_when_job_ends(now + wait);
    state.notify(
        NoticeLevel::Warn,
        format!(
            "stopping the job: no new request starts; waiting up to {}s for those in flight, then quitting (q or Ctrl-c quits now)",
            wait.as_secs()
        ),
        now,
    );
}

/// Added to the request timeout while a confirmed quit waits: an unanswered delete is checked
/// with get-post before its outcome is known.
pub const QUIT_WAIT_MARGIN: std::time::Duration = std::time::Duration::from_secs(5);

fn quit_now(state: &mut AppState, commands: &mut Vec<Command>) {
    if let Some(job) = state.jobs.running() {
        commands.push(Command::CancelJob { job: job.id });
    }
    state.request_quit();
}

/// The keys every list overlay (the status and platform pickers, the user picker) shares:
/// its cursor moves within its entries, `Esc` closes it, `Ctrl-c` closes it and quits. True
/// when `action` was one of them.
fn list_overlay_keys(
    state: &mut AppState,
    action: Action,
    now: Instant,
    commands: &mut Vec<Command>,
) -> bool {
    match action {
        Action::PickerDown | Action::PickerUp | Action::CursorTop | Action::CursorBottom => {
            if let Some((cursor, len)) = state.overlay_mut().and_then(Overlay::list_cursor) {
                *cursor = match action {
                    Action::PickerDown => (*cursor + 1).min(len.saturating_sub(1)),
                    Action::PickerUp => cursor.saturating_sub(1),
                    Action::CursorTop => 0,
                    _ => len.saturating_sub(1),
                };
            }
        }
        Action::Input(c) => {
            if let Some(overlay) = state.overlay_mut()
                && !overlay.jump_to(c)
            {
                state.notify(
                    NoticeLevel::Info,
                    format!("no entry starts with {c:?}"),
                    now,
                );
            }
        }
        Action::Cancel => {
            state.close();
        }
        Action::ForceQuit => {
            state.close();
            quit(state, now, commands, true);
        }
        _ => return false,
    }
    true
}

/// Refuses a new job `title` in read-only mode or while one runs, with the dialog that says
/// why; true when refused.
fn job_refused(state: &mut AppState, title: &str) -> bool {
    if state.settings.read_only {
        state.refuse(title, READ_ONLY_NOTICE);
        true
    } else if state.jobs.is_running() {
        state.refuse(title, JOB_RUNNING_NOTICE);
        true
    } else {
        false
    }
}
