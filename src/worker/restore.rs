//! Restoring a delete job from its backups (`worker::backup`), for `postpost restore` and the
//! TUI's `U`: each post is re-created with the documented media flow (POSTPOST_API.md §3.3,
//! §4.1, §3.4): create-post as a draft with the content and platforms; for each media file
//! get-upload-url, then a PUT of the bytes to the storage host with the same content type
//! (never with the API key); then update-post to scheduled at the old time when it was scheduled
//! and the time is still ahead. Everything else comes back as a draft: nothing is re-published
//! on its own. `platformSettings` are not returned by the API, so they cannot come back.
//!
//! Every step that succeeded is appended to the folder's `restore.jsonl`: a second restore
//! creates nothing, and one that was interrupted resumes where it stopped (the new post is
//! reused, the media already uploaded are not sent again). Reports like every job:
//! `JobStarted`, one `ItemFinished` per post (`Restored`, or `Failed` naming the step), then
//! `JobFinished`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use futures_util::StreamExt;
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use crate::api::client::ApiClient;
use crate::api::error::ApiError;
use crate::api::model::{
    CreatePostRequest, GetUploadUrlRequest, PostGroupId, PostStatus, UpdatePostRequest,
    format_instant, media_kind,
};
use crate::api::retry::retry_after;
use crate::api::storage::StorageClient;
use crate::protocol::{JobId, JobSummary, Outcome, WorkerEvent};

use super::backup::{
    self, Comeback, RestorePlan, RestoreProgress, RestoreStep, log_restore_step, read_media,
};
use super::job::JobOptions;
use super::journal::{self, JournalEvent};
use crate::api::pacer::{LONG_WAIT, MAX_REFUSALS, Pacer};

/// What a restore is asked to bring back, read from a job's backup folder.
#[derive(Debug, Clone, Default)]
pub struct RestoreSet {
    /// The posts that can come back, with how.
    pub plans: Vec<RestorePlan>,
    /// Backed-up posts that cannot (no content, no platform), with why.
    pub unrestorable: Vec<(PostGroupId, String)>,
    /// Files of the folder that are not readable backups.
    pub unreadable: Vec<String>,
    /// Backed-up posts whose delete did not happen (refused, failed, never sent): they are
    /// still on the server and are never re-created.
    pub not_deleted: Vec<PostGroupId>,
    /// What `restore.jsonl` says was done before.
    pub progress: HashMap<PostGroupId, RestoreProgress>,
}

/// Reads the backup folder `dir` and plans each post (only those of `only` when it is not
/// empty) at `now`.
///
/// # Errors
/// The folder cannot be read.
pub fn read_set(
    dir: &Path,
    only: &[PostGroupId],
    now: chrono::DateTime<chrono::Utc>,
) -> std::io::Result<RestoreSet> {
    let (records, unreadable) = backup::read_job(dir)?;
    let deleted = backup::read_deleted(dir);
    let mut set = RestoreSet {
        unreadable,
        progress: backup::read_restore_log(dir),
        ..RestoreSet::default()
    };
    for record in records {
        if !only.is_empty() && !only.contains(&record.post_group_id) {
            continue;
        }
        if deleted
            .as_ref()
            .is_some_and(|gone| !gone.contains(&record.post_group_id))
        {
            set.not_deleted.push(record.post_group_id);
            continue;
        }
        match backup::plan(&record, dir, now) {
            Ok(plan) => set.plans.push(plan),
            Err(why) => set.unrestorable.push((record.post_group_id, why)),
        }
    }
    Ok(set)
}

/// Runs the restore of `set` (from folder `dir`) as job `job`, `options.concurrency` posts at a
/// time; the journal records it like any job. Returns when every post is finished or will not
/// be attempted; `JobFinished` is the last event sent.
#[allow(clippy::too_many_arguments)]
pub async fn run_restore(
    client: &ApiClient,
    storage: &StorageClient,
    job: JobId,
    dir: &Path,
    set: RestoreSet,
    options: &JobOptions,
    cancel: CancellationToken,
    events: mpsc::Sender<WorkerEvent>,
) {
    let label = journal::job_label(job);
    let total = set.plans.len() + set.unrestorable.len();
    let log = |result: std::io::Result<()>| {
        if let Err(error) = result {
            tracing::warn!(%error, "cannot write the journal");
        }
    };
    if let Some(journal) = &options.journal {
        log(journal.job_started(&label, total, &format!("restore from {}", dir.display())));
    }
    let _ = events
        .send(WorkerEvent::JobStarted {
            job,
            total,
            name: label.clone(),
            backup_dir: Some(dir.to_path_buf()),
        })
        .await;
    // New posts the log already gives to an old one: never adopted for another.
    let claimed: Arc<std::collections::HashSet<PostGroupId>> = Arc::new(
        set.progress
            .values()
            .filter_map(|p| p.new_id.clone())
            .collect(),
    );
    let progress = Arc::new(set.progress);
    let mut summary = JobSummary::default();
    let mut never_attempted = Vec::new();
    // Posts the API cannot re-create are reported like any failure, with why.
    for (id, why) in set.unrestorable {
        let outcome = Outcome::Failed(format!("cannot be restored: {why}"));
        if let Some(journal) = &options.journal {
            log(journal.outcome(&label, &id, &outcome));
        }
        summary.add(&outcome);
        let _ = events
            .send(WorkerEvent::ItemFinished { job, id, outcome })
            .await;
    }
    let mut items = futures_util::stream::iter(set.plans)
        .map(|plan| {
            let progress = Arc::clone(&progress);
            let claimed = Arc::clone(&claimed);
            let events = events.clone();
            let cancel = cancel.clone();
            let label = &label;
            async move {
                if cancel.is_cancelled() {
                    return (plan.old_id, None);
                }
                if let Some(journal) = &options.journal {
                    log(journal.item(label, &plan.old_id, JournalEvent::Attempt, None));
                }
                let done = progress.get(&plan.old_id).cloned().unwrap_or_default();
                let calls = Calls {
                    pacer: client.pacer().map(Arc::as_ref),
                    stop: &cancel,
                    max_wait: options.max_rate_limit_wait,
                };
                let outcome =
                    restore_one(client, &calls, storage, dir, &plan, &done, &claimed).await;
                if let Some(journal) = &options.journal {
                    log(journal.outcome(label, &plan.old_id, &outcome));
                }
                let _ = events
                    .send(WorkerEvent::ItemFinished {
                        job,
                        id: plan.old_id.clone(),
                        outcome: outcome.clone(),
                    })
                    .await;
                (plan.old_id, Some(outcome))
            }
        })
        .buffer_unordered(options.concurrency.clamp(1, 4));
    while let Some((id, outcome)) = items.next().await {
        match outcome {
            Some(outcome) => summary.add(&outcome),
            None => never_attempted.push(id),
        }
    }
    summary.never_attempted = never_attempted.len();
    if let Some(journal) = &options.journal {
        log(journal.job(&label, JournalEvent::JobFinished, Some(total), None));
    }
    let _ = events
        .send(WorkerEvent::JobFinished {
            job,
            summary,
            cancelled: cancel.is_cancelled(),
            stopped: None,
            never_attempted,
        })
        .await;
}

/// Restores one post, resuming after the steps `done` records.
async fn restore_one(
    client: &ApiClient,
    calls: &Calls<'_>,
    storage: &StorageClient,
    dir: &Path,
    plan: &RestorePlan,
    done: &RestoreProgress,
    claimed: &std::collections::HashSet<PostGroupId>,
) -> Outcome {
    let draft = match &plan.comeback {
        Comeback::Scheduled(_) => None,
        Comeback::Draft(why) => Some(why.clone()),
    };
    if let (true, Some(new_id)) = (done.done, &done.new_id) {
        return Outcome::Restored {
            new_id: new_id.clone(),
            draft,
            earlier: true,
        };
    }
    match restore_steps(client, calls, storage, dir, plan, done, claimed).await {
        Ok(new_id) => Outcome::Restored {
            new_id,
            draft,
            earlier: false,
        },
        Err(reason) => Outcome::Failed(reason),
    }
}

#[allow(clippy::too_many_arguments)]
async fn restore_steps(
    client: &ApiClient,
    calls: &Calls<'_>,
    storage: &StorageClient,
    dir: &Path,
    plan: &RestorePlan,
    done: &RestoreProgress,
    claimed: &std::collections::HashSet<PostGroupId>,
) -> Result<PostGroupId, String> {
    let step = |new_id: Option<&PostGroupId>, name: &str, media: Option<usize>| RestoreStep {
        time: format_instant(chrono::Utc::now()),
        old_id: plan.old_id.clone(),
        new_id: new_id.cloned(),
        step: name.to_string(),
        media,
    };
    // A restore stopped between create-post and the line saying so may have created the post:
    // it is looked for before another is made.
    let adopted = match (&done.new_id, &done.creating_since) {
        (None, Some(since)) => find_created(client, calls, plan, since, claimed).await,
        _ => None,
    };
    if let Some(new_id) = &adopted {
        log_restore_step(dir, &step(Some(new_id), "created", None))?;
    }
    let new_id = match done.new_id.clone().or(adopted) {
        Some(new_id) => new_id,
        None => {
            // Never a second copy: the original must be gone.
            if calls.call(|| client.get_post(&plan.old_id)).await.is_ok() {
                return Err(format!(
                    "{} still exists (its delete did not happen); not re-created",
                    plan.old_id
                ));
            }
            log_restore_step(dir, &step(None, "creating", None))?;
            let request = CreatePostRequest {
                content: plan.content.clone(),
                platforms: plan.platforms.clone(),
                scheduled_time: None,
                platform_settings: None,
            };
            // Only a 429 is tried again (it comes before any effect); anything else may have
            // created the post, which the next restore finds and adopts.
            let new_id = calls
                .call(|| client.create_post(&request))
                .await
                .map_err(|error| format!("create-post: {error}"))?;
            log_restore_step(dir, &step(Some(&new_id), "created", None))?;
            new_id
        }
    };
    for (n, (path, content_type, name)) in plan.media.iter().enumerate() {
        let number = n + 1;
        if done.media_done.contains(&number) {
            continue;
        }
        let file = read_media(path, content_type)?;
        let request = GetUploadUrlRequest {
            file_name: name.clone(),
            content_type: content_type.clone(),
            post_group_id: new_id.to_string(),
            kind: Some(media_kind(content_type).to_string()),
        };
        let grant = calls
            .call(|| client.get_upload_url(&request))
            .await
            .map_err(|error| format!("get-upload-url for media {number}: {error}"))?;
        storage
            .upload(&grant.upload_url, &file)
            .await
            .map_err(|error| format!("media {number}: {error}"))?;
        log_restore_step(dir, &step(Some(&new_id), "media", Some(number)))?;
    }
    let draft_time = plan.draft_time.map(|time| UpdatePostRequest {
        status: Some(PostStatus::Draft),
        scheduled_time: Some(time),
    });
    if let (Comeback::Draft(_), Some(request)) = (&plan.comeback, &draft_time)
        && let Err(error) = calls.call(|| client.update_post(&new_id, request)).await
    {
        // The post is back as a draft either way; only its time is missing.
        tracing::warn!(%error, "the restored draft did not get its time back");
    }
    if let Comeback::Scheduled(time) = plan.comeback {
        let request = UpdatePostRequest {
            status: Some(PostStatus::Scheduled),
            scheduled_time: Some(time),
        };
        calls
            .call(|| client.update_post(&new_id, &request))
            .await
            .map_err(|error| format!("update-post to scheduled: {error}"))?;
    }
    log_restore_step(dir, &step(Some(&new_id), "done", None))?;
    Ok(new_id)
}

/// How a restore sends its API requests: at the account's pace (the job engine's pacer), a 429
/// waited out and sent again rather than failing the post, as a delete does.
struct Calls<'a> {
    pacer: Option<&'a Pacer>,
    stop: &'a CancellationToken,
    /// A longer `Retry-After` fails the request instead (config `max_rate_limit_wait_secs`).
    max_wait: std::time::Duration,
}

impl Calls<'_> {
    async fn call<T, F, Fut>(&self, send: F) -> Result<T, ApiError>
    where
        F: Fn() -> Fut,
        Fut: std::future::Future<Output = Result<T, ApiError>>,
    {
        let mut refusals = 0;
        loop {
            let flight = match self.pacer {
                Some(pacer) => pacer.start(self.stop).await,
                None => None,
            };
            let result = send().await;
            let error = match result {
                Err(error) if error.status() == Some(429) => error,
                other => {
                    if let Some(flight) = flight {
                        flight.answered();
                    }
                    return other;
                }
            };
            refusals += 1;
            let asked = retry_after(&error);
            if refusals > MAX_REFUSALS
                || self.stop.is_cancelled()
                || asked.is_some_and(|wait| wait > self.max_wait)
            {
                return Err(error);
            }
            let wait = match flight {
                Some(flight) => flight.rate_limited(asked),
                None => asked.unwrap_or(std::time::Duration::from_secs(1)),
            };
            tokio::select! {
                () = self.stop.cancelled() => return Err(error),
                () = tokio::time::sleep(wait.min(LONG_WAIT)) => {}
            }
        }
    }
}

/// The draft an interrupted restore created for `plan` after `since` (the `creating` line's
/// time), if the server has one: the same content and platforms, created then or later (a
/// minute of clock skew allowed). Reads the newest posts, a page at a time, back to `since`.
async fn find_created(
    client: &ApiClient,
    calls: &Calls<'_>,
    plan: &RestorePlan,
    since: &str,
    claimed: &std::collections::HashSet<PostGroupId>,
) -> Option<PostGroupId> {
    let since = crate::api::model::parse_instant(since)? - chrono::Duration::minutes(1);
    let wanted: std::collections::BTreeSet<&str> =
        plan.platforms.iter().map(String::as_str).collect();
    for page in 1..=20 {
        let query = crate::api::client::ListQuery {
            page,
            limit: 100,
            status: Some(PostStatus::Draft),
            sort_by: Some(crate::api::model::SortField::CreatedAt),
            sort_order: Some(crate::api::model::SortOrder::Desc),
            ..Default::default()
        };
        let answer = calls.call(|| client.list_posts(&query)).await.ok()?;
        let mut older = false;
        for post in &answer.posts {
            let created = post.created_at.as_ref().and_then(|t| t.parsed());
            if created.is_some_and(|at| at < since) {
                older = true;
                continue;
            }
            let platforms: std::collections::BTreeSet<&str> = post
                .platforms
                .iter()
                .map(|p| p.platform_id.as_str())
                .collect();
            if post.content.as_deref() == Some(plan.content.as_str())
                && platforms == wanted
                && !claimed.contains(&post.post_group_id)
            {
                return Some(post.post_group_id.clone());
            }
        }
        if older || answer.posts.len() < 100 {
            return None;
        }
    }
    None
}

/// The backup folders under `root`, newest first: `(job name, folder)`.
pub fn backup_jobs(root: &Path) -> Vec<(String, PathBuf)> {
    let Ok(entries) = std::fs::read_dir(root) else {
        return Vec::new();
    };
    let mut jobs: Vec<(String, PathBuf)> = entries
        .flatten()
        .filter(|entry| entry.path().is_dir())
        .map(|entry| {
            (
                entry.file_name().to_string_lossy().into_owned(),
                entry.path(),
            )
        })
        .collect();
    // Names start with the UTC start time, so the name's order is the time's.
    jobs.sort_by(|a, b| b.0.cmp(&a.0));
    jobs
}
