//! The job engine (DESIGN §2), shared by the TUI worker and the headless `delete`: deletes
//! exactly the ids it is given with delete-post (POSTPOST_API.md §3.5) — or, for an update job
//! ([`run_update_job`]), applies one [`PostChange`] to them with update-post (§3.4) — a bounded
//! number in flight, at the pace of the client's pacer (`api::pacer`, shared by every job and
//! load of the key), retrying timeouts, broken connections and 5xx as its [`RetryPolicy`] says,
//! with exponential backoff and jitter. A 429 is waited out at the pacer's word and uses no
//! retry; without a pacer it pauses the whole job for its `Retry-After`. update-post sets absolute values, so repeating it is safe and
//! its retries need no check afterwards; a delete whose attempt went unanswered is checked with
//! get-post. An authentication error stops the whole job; a plan-limit 403 (§9.2) fails only
//! its item. Reports one `ItemFinished` per attempted id, `JobWaiting` while rate limited, then
//! one `JobFinished`.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use futures_util::StreamExt;
use tokio::sync::{Mutex, mpsc};
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

use crate::api::client::ApiClient;
use crate::api::error::ApiError;
use crate::api::model::PostGroupId;
use crate::api::retry::{Backoff, RetryAfter, RetryPolicy, RetryWait, retry_after};
use crate::protocol::{JobId, JobKind, JobSummary, Outcome, PostChange, WorkerEvent};

use super::backup::{self, BackupOptions};
use super::journal::{self, Journal, JournalEvent};
use crate::api::pacer::{LONG_WAIT, MAX_REFUSALS};

/// How a job (delete or update) behaves.
#[derive(Debug, Clone)]
pub struct JobOptions {
    /// Requests in flight at once (config `concurrency`, default 8).
    pub concurrency: usize,
    /// Retries after the first attempt, for retryable errors.
    pub max_retries: u32,
    /// First backoff; doubles per retry, plus up to 50 % jitter.
    pub base_backoff: Duration,
    /// Longest single backoff.
    pub max_backoff: Duration,
    /// Wait after a 429 that gives no `Retry-After`.
    pub default_retry_after: Duration,
    /// The longest server-given wait the job sits out (config `max_rate_limit_wait_secs`); a
    /// longer one stops the job at once, naming the wait.
    pub max_rate_limit_wait: Duration,
    /// Where every item is recorded; `None` records nothing.
    pub journal: Option<Arc<Journal>>,
    /// When set, each post is backed up into `<root>/<job name>/` before it is deleted (see
    /// `worker::backup`); a post whose backup fails is not deleted.
    pub backup: Option<BackupOptions>,
    /// Batches of this many posts or more ask a person to type the count (config
    /// `confirm_typed_threshold`), in the headless question as in the TUI.
    pub confirm_typed_threshold: usize,
}

impl Default for JobOptions {
    fn default() -> Self {
        Self {
            concurrency: 8,
            max_retries: 3,
            base_backoff: Duration::from_millis(250),
            max_backoff: Duration::from_secs(8),
            default_retry_after: Duration::from_secs(5),
            max_rate_limit_wait: Duration::from_secs(300),
            journal: None,
            backup: None,
            confirm_typed_threshold: 20,
        }
    }
}

impl JobOptions {
    /// The retry policy these options describe.
    pub fn retry_policy(&self) -> RetryPolicy {
        RetryPolicy {
            max_retries: self.max_retries,
            backoff: Backoff::Exponential {
                base: self.base_backoff,
                max: self.max_backoff,
            },
            retry_after: RetryAfter::RateLimit {
                default: self.default_retry_after,
            },
        }
    }
}

/// Shared by the items of one job.
struct JobShared {
    /// Requests do not start before this instant (rate limit).
    paused_until: Mutex<Option<Instant>>,
    /// Cancelled by the user, or stopped by an authentication error.
    stop: CancellationToken,
    /// Why the job stopped on its own.
    stopped: Mutex<Option<String>>,
}

/// Deletes `ids` and reports through `events`. Returns when every item is finished or will
/// never be attempted; `JobFinished` is the last event sent.
pub async fn run_job(
    client: &ApiClient,
    job: JobId,
    ids: Vec<PostGroupId>,
    options: &JobOptions,
    cancel: CancellationToken,
    events: mpsc::Sender<WorkerEvent>,
) {
    run(client, job, ids, JobKind::Delete, options, cancel, events).await;
}

/// Applies `change` to `ids` with update-post (§3.4) and reports through `events`, with the
/// same concurrency, retries, rate-limit pauses, stop on authentication errors and journal as
/// [`run_job`] (the backup option is ignored: nothing is lost by an update). Each
/// `ItemFinished` of a post the server changed carries [`Outcome::Updated`] with the server's
/// `postGroup`; 404 gives `NotFound`; 400 `Cannot update post: …`, a plan limit (403, §9.2) or
/// another refusal gives `Failed` with the server's text; an unanswered last attempt gives
/// `Unknown` (it may have been applied).
pub async fn run_update_job(
    client: &ApiClient,
    job: JobId,
    ids: Vec<PostGroupId>,
    change: PostChange,
    options: &JobOptions,
    cancel: CancellationToken,
    events: mpsc::Sender<WorkerEvent>,
) {
    run(
        client,
        job,
        ids,
        JobKind::Change(change),
        options,
        cancel,
        events,
    )
    .await;
}

/// The engine behind [`run_job`] and [`run_update_job`].
async fn run(
    client: &ApiClient,
    job: JobId,
    ids: Vec<PostGroupId>,
    kind: JobKind,
    options: &JobOptions,
    cancel: CancellationToken,
    events: mpsc::Sender<WorkerEvent>,
) {
    let total = ids.len();
    let label = journal::job_label(job);
    let log = |result: std::io::Result<()>| {
        if let Err(error) = result {
            tracing::warn!(%error, "cannot write the journal");
        }
    };
    if let Some(journal) = &options.journal {
        log(journal.job_started(&label, total, &journal_kind(kind)));
    }
    tracing::info!(job = %label, total, kind = kind.name(), "job started");
    // Backups go to a folder named like the job; media comes from the storage host, without
    // the API's credentials.
    let backup = match (&options.backup, kind) {
        (Some(backup), JobKind::Delete) => {
            match crate::api::storage::StorageClient::new(MEDIA_TIMEOUT) {
                Ok(storage) => Some((backup, backup.root.join(&label), storage)),
                Err(reason) => {
                    tracing::error!(%reason, "cannot build the storage client");
                    None
                }
            }
        }
        _ => None,
    };
    let _ = events
        .send(WorkerEvent::JobStarted {
            job,
            total,
            name: label.clone(),
            backup_dir: backup.as_ref().map(|(_, dir, _)| dir.clone()),
        })
        .await;
    let shared = Arc::new(JobShared {
        paused_until: Mutex::new(None),
        stop: cancel.child_token(),
        stopped: Mutex::new(None),
    });
    if options.backup.is_some() && kind == JobKind::Delete && backup.is_none() {
        // A backup was asked for and cannot be made: nothing is deleted.
        *shared.stopped.lock().await =
            Some("the backup cannot be made; nothing was deleted".into());
        shared.stop.cancel();
    }
    let backup = backup.as_ref();
    let mut summary = JobSummary::default();
    let mut never_attempted = Vec::new();
    let mut items = futures_util::stream::iter(ids)
        .map(|id| {
            let shared = Arc::clone(&shared);
            let events = events.clone();
            let label = &label;
            async move {
                let outcome = run_one(
                    client, job, kind, label, &id, options, backup, &shared, &events,
                )
                .await;
                // The backup folder says which of its posts are gone: a restore brings back
                // only those, never one whose delete failed.
                if let (Some(outcome), Some((_, dir, _))) = (&outcome, backup)
                    && outcome.is_gone()
                    && let Err(error) = backup::mark_deleted(dir, &id)
                {
                    tracing::warn!(%error, "cannot record the delete in the backup folder");
                }
                if let Some(journal) = &options.journal {
                    match &outcome {
                        Some(outcome) => log(journal.outcome(label, &id, outcome)),
                        None => log(journal.item(label, &id, JournalEvent::NeverAttempted, None)),
                    }
                }
                if let Some(outcome) = &outcome {
                    let _ = events
                        .send(WorkerEvent::ItemFinished {
                            job,
                            id: id.clone(),
                            outcome: outcome.clone(),
                        })
                        .await;
                }
                (id, outcome)
            }
        })
        .buffer_unordered(options.concurrency.max(1));
    while let Some((id, outcome)) = items.next().await {
        match outcome {
            Some(outcome) => summary.add(&outcome),
            None => never_attempted.push(id),
        }
    }
    summary.never_attempted = never_attempted.len();
    let stopped = shared.stopped.lock().await.clone();
    if let Some(journal) = &options.journal {
        log(journal.job(
            &label,
            JournalEvent::JobFinished,
            Some(total),
            stopped.as_deref(),
        ));
    }
    tracing::info!(job = %label, ?summary, cancelled = cancel.is_cancelled(), "job finished");
    let _ = events
        .send(WorkerEvent::JobFinished {
            job,
            summary,
            cancelled: cancel.is_cancelled(),
            stopped,
            never_attempted,
        })
        .await;
}

/// How the journal names a job: `delete`, `reschedule to <UTC time>`, `move to draft`.
fn journal_kind(kind: JobKind) -> String {
    match kind {
        JobKind::Change(PostChange::Reschedule(time)) => {
            format!("reschedule to {}", crate::api::model::format_instant(time))
        }
        other => other.name().to_string(),
    }
}

/// One post: `None` when it was never sent (job cancelled or stopped before its turn).
#[allow(clippy::too_many_arguments)]
async fn run_one(
    client: &ApiClient,
    job: JobId,
    kind: JobKind,
    label: &str,
    id: &PostGroupId,
    options: &JobOptions,
    backup: Option<&(&BackupOptions, PathBuf, crate::api::storage::StorageClient)>,
    shared: &JobShared,
    events: &mpsc::Sender<WorkerEvent>,
) -> Option<Outcome> {
    if shared.stop.is_cancelled() {
        return None;
    }
    let change = match kind {
        JobKind::Delete => None,
        JobKind::Change(change) => Some(change),
        // Restores run in `worker::restore`.
        JobKind::Restore => return Some(Outcome::Failed("not a delete or update job".into())),
    };
    if let Some((backup_options, dir, storage)) = backup.filter(|_| change.is_none())
        && let Err(reason) = backup::back_up(client, storage, backup_options, label, dir, id).await
    {
        return Some(Outcome::Failed(format!(
            "backup failed, not deleted: {reason}"
        )));
    }
    let mut attempt: u32 = 0;
    let mut refusals: u32 = 0;
    let mut ambiguous = false;
    loop {
        // Sit out a rate limit; a cancel ends the wait.
        let pause = *shared.paused_until.lock().await;
        if let Some(until) = pause {
            tokio::select! {
                () = shared.stop.cancelled() => {}
                () = tokio::time::sleep_until(until) => {}
            }
        }
        if shared.stop.is_cancelled() {
            if attempt == 0 {
                return None;
            }
            let reason = "cancelled before it could be retried".to_string();
            return Some(settle(client, change, id, reason, ambiguous).await);
        }
        // Wait for the pace the server sustains (the client's pacer, shared by every job and
        // load of the key); a cancel ends the wait.
        let flight = match client.pacer() {
            Some(pacer) => match pacer.start(&shared.stop).await {
                Some(flight) => Some(flight),
                None if attempt == 0 && refusals == 0 => return None,
                None => {
                    let reason = "cancelled before it could be retried".to_string();
                    return Some(settle(client, change, id, reason, ambiguous).await);
                }
            },
            None => None,
        };
        if let Some(journal) = &options.journal
            && let Err(error) = journal.item(label, id, JournalEvent::Attempt, None)
        {
            tracing::warn!(%error, "cannot write the journal");
        }
        let result = match change {
            None => client.delete_post(id).await.map(|()| Outcome::Deleted),
            Some(change) => client
                .update_post(id, &change.request())
                .await
                .map(|group| Outcome::Updated {
                    moved: change.moved_by_server(&group),
                    group,
                }),
        };
        let error = match (result, flight) {
            (Ok(outcome), flight) => {
                if let Some(flight) = flight {
                    flight.answered();
                }
                return Some(outcome);
            }
            // A 429 is the server asking us to come back, not a failed attempt: it uses up
            // none of the item's retries, and teaches the pacer the server's pace.
            (Err(error), Some(flight)) if error.status() == Some(429) => {
                if let Some(wait) =
                    retry_after(&error).filter(|wait| *wait > options.max_rate_limit_wait)
                {
                    flight.answered();
                    let reason = stop_for_rate_limit(shared, wait, options).await;
                    return Some(settle(client, change, id, reason, ambiguous).await);
                }
                refusals += 1;
                let pacer = client.pacer();
                let before = pacer.and_then(|pacer| pacer.rate());
                let wait = flight.rate_limited(retry_after(&error));
                if refusals > MAX_REFUSALS {
                    let reason = format!("{error} ({refusals} times; the server kept refusing)");
                    return Some(settle(client, change, id, reason, ambiguous).await);
                }
                if wait > LONG_WAIT {
                    let _ = events
                        .send(WorkerEvent::JobWaiting {
                            job,
                            resume_in: wait,
                        })
                        .await;
                }
                let after = pacer.and_then(|pacer| pacer.rate());
                if after != before {
                    let _ = events
                        .send(WorkerEvent::JobPaced {
                            job,
                            per_second: after,
                        })
                        .await;
                }
                tokio::select! {
                    () = shared.stop.cancelled() => {}
                    () = tokio::time::sleep(wait.min(LONG_WAIT)) => {}
                }
                continue;
            }
            (Err(error), flight) => {
                if let Some(flight) = flight {
                    flight.answered();
                }
                error
            }
        };
        if error.is_not_found() {
            return Some(if attempt == 0 || change.is_some() {
                Outcome::NotFound
            } else {
                Outcome::AlreadyGone
            });
        }
        if error.is_auth() {
            let reason = error.to_string();
            let mut stopped = shared.stopped.lock().await;
            if stopped.is_none() {
                *stopped = Some(reason.clone());
            }
            shared.stop.cancel();
            return Some(settle(client, change, id, reason, ambiguous).await);
        }
        // A timeout, a broken connection or a 2xx cut off mid-body may come after the server
        // applied the request. For a delete that stays true (a later 404 may be our own
        // doing); an update is settled by its last answer, since repeating it is harmless.
        let unanswered = matches!(error, ApiError::Timeout { .. } | ApiError::Network { .. })
            || error.is_unreadable_success();
        ambiguous = if change.is_some() {
            unanswered
        } else {
            ambiguous || unanswered
        };
        let Some(wait) = options.retry_policy().wait(&error, attempt) else {
            let tries = if attempt > 0 {
                format!(" (after {} attempts)", attempt + 1)
            } else {
                String::new()
            };
            let reason = format!("{error}{tries}");
            return Some(settle(client, change, id, reason, ambiguous).await);
        };
        attempt += 1;
        if let RetryWait::RateLimited(wait) = wait {
            let until = Instant::now().checked_add(wait);
            let Some(until) = until.filter(|_| wait <= options.max_rate_limit_wait) else {
                let reason = stop_for_rate_limit(shared, wait, options).await;
                return Some(settle(client, change, id, reason, ambiguous).await);
            };
            let mut paused = shared.paused_until.lock().await;
            if paused.is_none_or(|current| current < until) {
                *paused = Some(until);
            }
            drop(paused);
            let _ = events
                .send(WorkerEvent::JobWaiting {
                    job,
                    resume_in: wait,
                })
                .await;
        } else {
            tokio::select! {
                () = shared.stop.cancelled() => {}
                () = tokio::time::sleep(wait.duration()) => {}
            }
        }
    }
}

/// The outcome of a post whose request did not get a 200. A delete goes to
/// [`settle_failure`]; an update whose last attempt went unanswered may have been applied
/// (`Unknown`: the row keeps its old values until the next reload), else it failed.
async fn settle(
    client: &ApiClient,
    change: Option<PostChange>,
    id: &PostGroupId,
    reason: String,
    ambiguous: bool,
) -> Outcome {
    match change {
        None => settle_failure(client, id, reason, ambiguous).await,
        Some(_) if ambiguous => Outcome::Unknown(format!(
            "{reason}; an attempt got no answer, so the change may have been applied (r reloads)"
        )),
        Some(_) => Outcome::Failed(reason),
    }
}

/// The outcome of a post whose delete did not get a 200. When an earlier attempt timed out or
/// lost its connection, that attempt may have deleted it: get-post tells (up to three tries).
/// 404 means it is gone (`AlreadyGone`); an answer means it still exists and the failure
/// stands; no answer at all gives `Unknown` (the post stays listed; `postpost show` checks).
async fn settle_failure(
    client: &ApiClient,
    id: &PostGroupId,
    reason: String,
    ambiguous: bool,
) -> Outcome {
    if !ambiguous {
        return Outcome::Failed(reason);
    }
    let mut last_error = None;
    for attempt in 0..VERIFY_ATTEMPTS {
        if attempt > 0 {
            tokio::time::sleep(VERIFY_BACKOFF.before_retry(attempt)).await;
        }
        match client.get_post(id).await {
            Err(error) if error.is_not_found() => return Outcome::AlreadyGone,
            Ok(_) => return Outcome::Failed(format!("{reason}; the post still exists")),
            Err(error) => last_error = Some(error),
        }
    }
    let checked = last_error.map(|e| e.to_string()).unwrap_or_default();
    Outcome::Unknown(format!(
        "{reason}; an earlier attempt got no answer and checking with get-post failed too ({checked})"
    ))
}

/// How a job stopped by a rate limit it will not sit out says so; [`is_rate_limit_stop`]
/// recognises it.
const RATE_LIMIT_STOP: &str = "the server asks to wait";

/// Stops the whole job: the server asks to wait `wait`, longer than the job sits out. Gives
/// the reason.
async fn stop_for_rate_limit(shared: &JobShared, wait: Duration, options: &JobOptions) -> String {
    let reason = rate_limit_stop(wait, options.max_rate_limit_wait);
    let mut stopped = shared.stopped.lock().await;
    if stopped.is_none() {
        *stopped = Some(reason.clone());
    }
    drop(stopped);
    shared.stop.cancel();
    reason
}

/// The reason a job stops with when the server asks for `wait`, longer than `limit`.
fn rate_limit_stop(wait: Duration, limit: Duration) -> String {
    format!(
        "{RATE_LIMIT_STOP} {}; stopped (max_rate_limit_wait_secs is {})",
        crate::text::wording::duration(wait),
        limit.as_secs()
    )
}

/// True when a job's stop reason is a rate limit longer than it would wait, rather than an
/// authentication error (the headless exit code is 1 for the one, 3 for the other).
pub fn is_rate_limit_stop(reason: &str) -> bool {
    reason.starts_with(RATE_LIMIT_STOP)
}

/// get-post calls made to learn whether an unanswered delete took effect, and the waits
/// between them (100 ms, 200 ms).
const VERIFY_ATTEMPTS: u32 = 3;
const VERIFY_BACKOFF: Backoff = Backoff::Linear {
    step: Duration::from_millis(100),
};

/// How long one media download of a backup may take.
const MEDIA_TIMEOUT: Duration = Duration::from_secs(120);
