//! The delete engine (DESIGN §2, issue 3), shared by the TUI worker and the headless `delete`:
//! deletes exactly the ids it is given with delete-post (POSTPOST_API.md §3.5), a bounded number
//! in flight, retrying timeouts, broken connections, 5xx and 429 (honouring `Retry-After`) with
//! exponential backoff and jitter. An authentication error stops the whole job. Reports one
//! `ItemFinished` per attempted id, `JobWaiting` while rate limited, then one `JobFinished`.

use std::sync::Arc;
use std::time::Duration;

use futures_util::StreamExt;
use tokio::sync::{Mutex, mpsc};
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

use crate::api::client::ApiClient;
use crate::api::model::PostGroupId;
use crate::app::event::{JobId, JobSummary, Outcome, WorkerEvent};

/// How a delete job behaves.
#[derive(Debug, Clone)]
pub struct DeleteOptions {
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
}

impl Default for DeleteOptions {
    fn default() -> Self {
        Self {
            concurrency: 8,
            max_retries: 3,
            base_backoff: Duration::from_millis(250),
            max_backoff: Duration::from_secs(8),
            default_retry_after: Duration::from_secs(5),
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
    options: &DeleteOptions,
    cancel: CancellationToken,
    events: mpsc::Sender<WorkerEvent>,
) {
    let total = ids.len();
    let _ = events.send(WorkerEvent::JobStarted { job, total }).await;
    let shared = Arc::new(JobShared {
        paused_until: Mutex::new(None),
        stop: cancel.child_token(),
        stopped: Mutex::new(None),
    });
    let mut summary = JobSummary::default();
    let mut never_attempted = Vec::new();
    let mut items = futures_util::stream::iter(ids)
        .map(|id| {
            let shared = Arc::clone(&shared);
            let events = events.clone();
            async move {
                let outcome = delete_one(client, job, &id, options, &shared, &events).await;
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
            Some(Outcome::Deleted) => summary.deleted += 1,
            Some(Outcome::AlreadyGone) => summary.already_gone += 1,
            Some(Outcome::NotFound) => summary.not_found += 1,
            Some(Outcome::Failed(_)) => summary.failed += 1,
            None => never_attempted.push(id),
        }
    }
    summary.never_attempted = never_attempted.len();
    let stopped = shared.stopped.lock().await.clone();
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

/// One post: `None` when it was never sent (job cancelled or stopped before its turn).
async fn delete_one(
    client: &ApiClient,
    job: JobId,
    id: &PostGroupId,
    options: &DeleteOptions,
    shared: &JobShared,
    events: &mpsc::Sender<WorkerEvent>,
) -> Option<Outcome> {
    let mut attempt: u32 = 0;
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
            return (attempt > 0)
                .then(|| Outcome::Failed("cancelled before it could be retried".into()));
        }
        let error = match client.delete_post(id).await {
            Ok(()) => return Some(Outcome::Deleted),
            Err(error) => error,
        };
        if error.is_not_found() {
            return Some(if attempt == 0 {
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
            return Some(Outcome::Failed(reason));
        }
        if !error.is_retryable() || attempt >= options.max_retries {
            let tries = if attempt > 0 {
                format!(" (after {} attempts)", attempt + 1)
            } else {
                String::new()
            };
            return Some(Outcome::Failed(format!("{error}{tries}")));
        }
        attempt += 1;
        if error.status() == Some(429) {
            let wait = match &error {
                crate::api::error::ApiError::Http {
                    retry_after: Some(after),
                    ..
                } => *after,
                _ => options.default_retry_after,
            };
            let until = Instant::now() + wait;
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
            let exponent = attempt.saturating_sub(1).min(16);
            let backoff = options
                .base_backoff
                .saturating_mul(1 << exponent)
                .min(options.max_backoff);
            let jitter = backoff.mul_f64(fastrand::f64() * 0.5);
            tokio::select! {
                () = shared.stop.cancelled() => {}
                () = tokio::time::sleep(backoff + jitter) => {}
            }
        }
    }
}
