//! Jobs in the state: [`Jobs`] holds the running job and what the last one left for `R`;
//! [`JobProgress`] is the running job as the screen shows it: counts, rate, countdown.

use std::collections::HashSet;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

use crate::api::model::{PostGroupId, PostStatus};
use crate::protocol::{JobId, JobKind, JobSummary};

/// A running (or just finished) job.
#[derive(Debug, Clone, PartialEq)]
pub struct JobProgress {
    pub id: JobId,
    /// What it does to each post.
    pub kind: JobKind,
    /// Posts in it.
    pub total: usize,
    /// Outcomes so far.
    pub summary: JobSummary,
    pub started_at: Instant,
    /// Set while waiting out a rate limit.
    pub waiting_until: Option<Instant>,
    /// Cancel asked for.
    pub cancelling: bool,
    /// Posts of the job not yet finished.
    pub remaining: HashSet<PostGroupId>,
    /// Items finished in each whole second since the start: `per_second[0]` is the first
    /// second. Drawn as the rate sparkline.
    pub per_second: Vec<u64>,
    /// The job's name (its journal lines and backup folder), once the worker said it.
    pub name: Option<String>,
    /// Where its posts are backed up, when they are.
    pub backup_dir: Option<std::path::PathBuf>,
    /// Status and time of each post when the job started (deletes with a backup), for what a
    /// restore would bring back.
    pub before: std::collections::HashMap<PostGroupId, (PostStatus, Option<DateTime<Utc>>)>,
    /// Posts the server confirmed deleted.
    pub deleted: Vec<PostGroupId>,
    /// Posts of a backed-up delete a restore could not re-create.
    pub unrestorable: HashSet<PostGroupId>,
    /// The pace the job learned from the server's rate limit, in requests per second.
    pub pace: Option<f64>,
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

/// The running job, the last job id handed out, and what the last finished job left for `R`:
/// its kind and the posts it failed.
#[derive(Debug, Clone, Default)]
pub struct Jobs {
    running: Option<JobProgress>,
    last_id: JobId,
    /// Posts that failed in the last finished job, sorted, each once.
    last_failed: Vec<PostGroupId>,
    /// What the last finished job did, so `R` retries the same thing.
    last_kind: JobKind,
    /// The last delete job whose deleted posts were backed up, for `U`.
    last_backup: Option<LastBackup>,
}

/// A finished delete job whose posts can be restored (`U`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LastBackup {
    pub job: JobId,
    /// Its name (the backup folder's).
    pub name: String,
    /// Its backup folder.
    pub dir: std::path::PathBuf,
    /// The posts it deleted, with their status and time before.
    pub posts: Vec<(PostGroupId, PostStatus, Option<DateTime<Utc>>)>,
    /// Of them, those the API cannot re-create (create-post refuses a platform id).
    pub unrestorable: usize,
}

impl Jobs {
    /// The running job.
    pub fn running(&self) -> Option<&JobProgress> {
        self.running.as_ref()
    }

    /// True while a job runs.
    pub fn is_running(&self) -> bool {
        self.running.is_some()
    }

    /// The running job when its id is `job`; answers about another job are ignored.
    pub fn progress_of(&mut self, job: JobId) -> Option<&mut JobProgress> {
        self.running.as_mut().filter(|progress| progress.id == job)
    }

    /// Marks the running job as cancelling; its id the first time, `None` when no job runs or
    /// its cancel was already asked for.
    pub fn cancel(&mut self) -> Option<JobId> {
        let job = self.running.as_mut().filter(|job| !job.cancelling)?;
        job.cancelling = true;
        Some(job.id)
    }

    /// Posts the last finished job failed, for `R`.
    pub fn last_failed(&self) -> &[PostGroupId] {
        &self.last_failed
    }

    /// What the last finished job did.
    pub fn last_kind(&self) -> JobKind {
        self.last_kind
    }

    /// Registers a new running job of `kind` over `ids`, started at `now`; returns its id.
    pub fn start(&mut self, kind: JobKind, ids: &[PostGroupId], now: Instant) -> JobId {
        self.last_id = self.last_id.next();
        self.running = Some(JobProgress {
            id: self.last_id,
            kind,
            total: ids.len(),
            summary: JobSummary::default(),
            started_at: now,
            waiting_until: None,
            cancelling: false,
            remaining: ids.iter().cloned().collect(),
            per_second: Vec::new(),
            name: None,
            backup_dir: None,
            before: std::collections::HashMap::new(),
            deleted: Vec::new(),
            unrestorable: HashSet::new(),
            pace: None,
        });
        self.last_id
    }

    /// The last delete job with backups, for `U`.
    pub fn last_backup(&self) -> Option<&LastBackup> {
        self.last_backup.as_ref()
    }

    /// Ends the running job when its id is `job`, and remembers `failed` (any order, repeats
    /// allowed) and its kind for `R`; gives back its progress.
    pub fn finish(
        &mut self,
        job: JobId,
        failed: impl FnOnce(&JobProgress) -> Vec<PostGroupId>,
    ) -> Option<JobProgress> {
        let progress = self.running.take_if(|progress| progress.id == job)?;
        self.last_kind = progress.kind;
        // `U` restores the last delete job: none when it was not backed up or deleted
        // nothing, and none once a restore of it brought everything back.
        if progress.kind == JobKind::Restore && progress.summary.failed == 0 {
            self.last_backup = None;
        }
        if progress.kind == JobKind::Delete {
            self.last_backup = None;
        }
        if let (JobKind::Delete, Some(name), Some(dir), false) = (
            progress.kind,
            &progress.name,
            &progress.backup_dir,
            progress.deleted.is_empty(),
        ) {
            self.last_backup = Some(LastBackup {
                job,
                name: name.clone(),
                dir: dir.clone(),
                unrestorable: progress
                    .deleted
                    .iter()
                    .filter(|id| progress.unrestorable.contains(*id))
                    .count(),
                posts: progress
                    .deleted
                    .iter()
                    .map(|id| {
                        let (status, time) = progress
                            .before
                            .get(id)
                            .cloned()
                            .unwrap_or((PostStatus::Other(String::new()), None));
                        (id.clone(), status, time)
                    })
                    .collect(),
            });
        }
        let mut failed = failed(&progress);
        failed.sort();
        failed.dedup();
        self.last_failed = failed;
        Some(progress)
    }

    /// Forgets the last job's failures (another acting user: ids belong to one user).
    pub fn forget_failures(&mut self) {
        self.last_failed.clear();
    }
}
