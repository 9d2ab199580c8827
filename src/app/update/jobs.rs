//! A job's life in the state: started by a confirmed dialog, followed item by item (a post
//! leaves the list only on a server-confirmed outcome), cancelled with `x`, summed up in a
//! notice when it ends, and its failures retried with `R` as the same kind of job.

use std::time::Instant;

use super::super::state::{AppState, ChangeKind, JobProgress, NoticeLevel};
use super::{change, delete, job_refused};
use crate::api::model::{PostGroupId, is_valid_platform_id};
use crate::protocol::{Command, JobId, JobKind, JobSummary, Outcome, PostChange, SummaryWording};

/// What a refusal of `R` is titled.
const RETRY_TITLE: &str = "Retry the last job's failures";

/// Registers a new job over `ids` in state and returns its id.
pub(super) fn start_job(
    state: &mut AppState,
    kind: JobKind,
    ids: &[PostGroupId],
    now: Instant,
) -> JobId {
    let job = state.jobs.start(kind, ids, now);
    state.clear_notice();
    job
}

/// Said when `y` was pressed where the count of a large batch must be typed.
pub(super) fn ask_for_count(state: &mut AppState, count: usize, now: Instant) {
    state.notify(
        NoticeLevel::Warn,
        format!("type {count} to confirm, or Esc to cancel"),
        now,
    );
}

/// `x`: no new request of the running job starts.
pub(super) fn cancel_job(state: &mut AppState, now: Instant, commands: &mut Vec<Command>) {
    if !state.jobs.is_running() {
        state.notify(NoticeLevel::Info, "no job is running", now);
    } else if let Some(job) = state.jobs.cancel() {
        commands.push(Command::CancelJob { job });
        state.notify(
            NoticeLevel::Warn,
            "cancelling: no new deletes start; in-flight ones finish",
            now,
        );
    }
}

/// `R`: opens the dialog of the last job's kind again for its failed posts still loaded.
pub(super) fn retry_failed(state: &mut AppState) {
    if job_refused(state, RETRY_TITLE) {
        return;
    }
    let failed: Vec<_> = state
        .jobs
        .last_failed()
        .iter()
        .filter(|id| state.posts.row(id).is_some())
        .cloned()
        .collect();
    if failed.is_empty() {
        state.refuse(RETRY_TITLE, "no failures in the last job to retry");
        return;
    }
    // Retry what the last job did: a failed reschedule must never turn into a delete.
    match state.jobs.last_kind() {
        JobKind::Delete => delete::open_confirm(state, failed),
        JobKind::Restore => state.refuse(
            RETRY_TITLE,
            "a restore is retried by restoring again: U (or postpost restore) skips the posts already back",
        ),
        JobKind::Change(PostChange::Reschedule(time)) => {
            change::open_change(state, ChangeKind::Reschedule, failed, Some(time))
        }
        JobKind::Change(PostChange::MoveToDraft) => {
            change::open_change(state, ChangeKind::MoveToDraft, failed, None)
        }
    }
}

pub(super) fn job_started(
    state: &mut AppState,
    job: JobId,
    total: usize,
    name: String,
    backup_dir: Option<std::path::PathBuf>,
) {
    if let Some(progress) = state.jobs.progress_of(job) {
        progress.total = total;
        progress.name = Some(name);
        progress.backup_dir = backup_dir;
    }
}

/// Registers a delete job over `pending` and gives the command that starts it: with `backup`,
/// each post's summary goes along (the worker spends no request on it) and the status and time
/// each had is kept, for what `U` would bring back.
pub(super) fn start_delete(
    state: &mut AppState,
    pending: Vec<PostGroupId>,
    backup: bool,
    now: Instant,
) -> Command {
    let summaries: Option<Vec<_>> = backup.then(|| {
        pending
            .iter()
            .filter_map(|id| state.posts.row(id).map(|row| row.post.clone()))
            .collect()
    });
    let job = start_job(state, JobKind::Delete, &pending, now);
    if let (Some(summaries), Some(progress)) = (&summaries, state.jobs.progress_of(job)) {
        progress.before = summaries
            .iter()
            .map(|post| {
                let time = post.scheduled_time.as_ref().and_then(|t| t.parsed());
                (post.post_group_id.clone(), (post.status.clone(), time))
            })
            .collect();
        progress.unrestorable = summaries
            .iter()
            .filter(|post| {
                post.platforms
                    .iter()
                    .any(|target| !is_valid_platform_id(&target.platform_id))
            })
            .map(|post| post.post_group_id.clone())
            .collect();
    }
    Command::StartDelete {
        job,
        ids: pending,
        backup: summaries,
    }
}

/// One item of the running job finished; counted once per id, whatever the worker repeats.
pub(super) fn item_finished(
    state: &mut AppState,
    job: JobId,
    id: &PostGroupId,
    outcome: &Outcome,
    now: Instant,
) {
    let Some(progress) = state.jobs.progress_of(job) else {
        return;
    };
    if !progress.remaining.remove(id) {
        return;
    }
    progress.count_finished(now);
    progress.summary.add(outcome);
    if progress.kind == JobKind::Delete && outcome.is_gone() {
        progress.deleted.push(id.clone());
    }
    let kind = progress.kind;
    state.record_outcome(id, outcome, kind);
}

pub(super) fn job_waiting(state: &mut AppState, job: JobId, until: Instant) {
    if let Some(progress) = state.jobs.progress_of(job) {
        progress.waiting_until = Some(until);
    }
}

/// The job ended: remembers its failures for `R` and says what happened to every post.
pub(super) fn job_finished(
    state: &mut AppState,
    job: JobId,
    summary: &JobSummary,
    cancelled: bool,
    stopped: Option<&str>,
    never_attempted: &[PostGroupId],
    now: Instant,
) -> Vec<Command> {
    let rows = state.posts.rows();
    let failed = |progress: &JobProgress| {
        progress
            .remaining
            .iter()
            .filter(|id| !never_attempted.contains(id))
            .cloned()
            .chain(
                rows.iter()
                    .filter(|row| row.last_error().is_some() && !row.gone)
                    .map(|row| row.id().clone()),
            )
            .collect()
    };
    let Some(progress) = state.jobs.finish(job, failed) else {
        return Vec::new();
    };
    let mut text = format!(
        "job {job}: {}",
        summary.describe(&SummaryWording::notice(progress.kind))
    );
    if cancelled {
        text.push_str(" — cancelled");
    }
    if let Some(reason) = stopped {
        text.push_str(&format!(" — stopped: {reason}"));
    }
    let backed_up = state
        .jobs
        .last_backup()
        .filter(|last| last.job == job)
        .map(|last| (last.name.clone(), last.dir.display().to_string()));
    // After the TUI is gone, `U` is no more: the exit report names the command instead.
    let mut exit_text = text.clone();
    if let Some((name, dir)) = backed_up {
        text.push_str(&format!(" — backups in {dir}; U restores them"));
        exit_text.push_str(&format!(" — `postpost restore {name}` brings them back"));
    }
    let level = if stopped.is_some() || summary.failed > 0 || summary.unknown > 0 {
        NoticeLevel::Error
    } else if cancelled || summary.never_attempted > 0 {
        NoticeLevel::Warn
    } else {
        NoticeLevel::Info
    };
    if state.quit_deadline().is_some() {
        // The user quit during the job and waited for its requests in flight.
        state.set_exit_report(format!("postpost: {exit_text}"));
        state.request_quit();
    }
    state.notify(level, text, now);
    // Restored posts have new ids: a reload shows them.
    if progress.kind == JobKind::Restore && summary.restored > 0 && !state.should_quit() {
        return vec![super::loading::reload(state)];
    }
    Vec::new()
}
