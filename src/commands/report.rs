//! The report of a job command (`delete`, `prune`, `reschedule`, `draft`): one shape for the
//! dry run and the real run (`dry_run: true/false`, an id list per outcome; README "JSON
//! output"), the engine run with a progress bar on stderr and Ctrl-c as cancel, the human
//! report and the exit code (DESIGN §4).

use serde::Serialize;
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use super::exit::Exit;
use super::list::one_line;
use super::output::{self, outln};
use crate::api::client::ApiClient;
use crate::api::model::{PostGroupId, format_instant};
use crate::protocol::{
    CountNames, JobId, JobKind, JobSummary, Outcome, SummaryWording, WorkerEvent,
};
use crate::text::wording;
use crate::worker::job::{JobOptions, run_job, run_update_job};

/// A post that was not done, with why.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct FailedItem {
    pub id: String,
    pub reason: String,
}

/// A post the server rescheduled at another time than asked (spacing, or a past time set to
/// now), or left without one.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct MovedItem {
    pub id: String,
    /// The time the server stored (RFC 3339, UTC), or `null`.
    pub scheduled_time: Option<String>,
}

/// What became of every post of a job command, or (with `dry_run`) what would be acted on.
/// Every list holds post group ids; a dry run fills `selected` only.
#[derive(Debug, Default, Clone, Serialize, PartialEq, Eq)]
pub struct JobReport {
    /// `delete`, `prune`, `reschedule` or `draft`.
    pub command: &'static str,
    /// True: nothing was sent; `selected` is what a real run would act on.
    pub dry_run: bool,
    /// `reschedule`: the time asked for (RFC 3339, UTC).
    pub at: Option<String>,
    /// Every post the job acts (or would act) on, in order.
    pub selected: Vec<String>,
    /// Deleted, rescheduled or moved to draft, as the server confirmed.
    pub done: Vec<String>,
    /// Of `done` (reschedule), those the server put at another time than asked.
    pub moved: Vec<MovedItem>,
    /// 404 after a retry: an earlier attempt probably did it (delete).
    pub already_gone: Vec<String>,
    /// 404 on the first attempt.
    pub not_found: Vec<String>,
    /// Refused or failed, with the reason.
    pub failed: Vec<FailedItem>,
    /// Sent without an answer, and a check could not tell; with what was tried.
    pub unknown: Vec<FailedItem>,
    /// Never sent (cancelled, or stopped before their turn).
    pub never_attempted: Vec<String>,
    /// Listed posts that match the filter but cannot be changed (reschedule and draft take
    /// draft and scheduled posts only, POSTPOST_API.md §3.4), with their status: never sent.
    pub skipped: Vec<FailedItem>,
    /// Posts the server listed for the filter that do not match it locally: never sent.
    pub skipped_not_matching: usize,
    /// Matching posts found by listing once more after collecting (added meanwhile, or missed
    /// as pages shifted); acted on with the rest.
    pub found_on_second_listing: Vec<String>,
    /// True when interrupted (Ctrl-c).
    pub cancelled: bool,
    /// Why the job stopped on its own (authentication).
    pub stopped: Option<String>,
    /// The job's name, as the journal and the backup folder show it; `null` in a dry run.
    pub job: Option<String>,
    /// Where the posts were backed up (`postpost restore <job>` brings them back).
    pub backup_dir: Option<String>,
    /// The journal file the job was recorded in.
    pub journal: Option<String>,
}

impl JobReport {
    /// An empty report of `command`.
    pub fn new(command: &'static str, dry_run: bool) -> Self {
        Self {
            command,
            dry_run,
            ..Self::default()
        }
    }

    /// The counts of the report.
    pub fn summary(&self) -> JobSummary {
        let (deleted, updated) = if self.command == "delete" || self.command == "prune" {
            (self.done.len(), 0)
        } else {
            (0, self.done.len())
        };
        JobSummary {
            deleted,
            updated,
            moved: self.moved.len(),
            already_gone: self.already_gone.len(),
            not_found: self.not_found.len(),
            failed: self.failed.len(),
            unknown: self.unknown.len(),
            never_attempted: self.never_attempted.len(),
            ..JobSummary::default()
        }
    }

    /// Exit code: 0 when everything asked for is done, 3 when stopped by authentication, else
    /// 1 (a rate limit longer than `max_rate_limit_wait_secs` included).
    pub fn exit_code(&self) -> Exit {
        if self
            .stopped
            .as_deref()
            .is_some_and(|reason| !crate::worker::job::is_rate_limit_stop(reason))
        {
            Exit::Auth
        } else if self.failed.is_empty()
            && self.unknown.is_empty()
            && self.never_attempted.is_empty()
            && !self.cancelled
        {
            Exit::Done
        } else {
            Exit::Failed
        }
    }

    /// Prints the report: the JSON object with `--json`, else the human report on stdout
    /// (nothing with `--quiet`).
    pub fn print(&self, kind: JobKind, json: bool) {
        if json {
            output::print_json(self);
        } else if !output::mode().quiet {
            print_human(self, kind);
        }
    }
}

/// Runs the engine on `ids` for `kind` (delete or update) with a progress bar on stderr (drawn
/// only when stderr is a terminal and not `--quiet`) and Ctrl-c as cancel; fills the outcome
/// lists, `job`, `backup_dir`, `cancelled` and `stopped` of `report`.
pub async fn run_with_progress(
    client: &ApiClient,
    ids: Vec<PostGroupId>,
    kind: JobKind,
    options: &JobOptions,
    report: &mut JobReport,
) {
    let target = if output::mode().quiet {
        indicatif::ProgressDrawTarget::hidden()
    } else {
        indicatif::ProgressDrawTarget::stderr()
    };
    let bar = indicatif::ProgressBar::with_draw_target(Some(ids.len() as u64), target);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} {per_sec} ETA {eta} {msg}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let cancel = CancellationToken::new();
    let on_interrupt = cancel.clone();
    let interrupt = tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            on_interrupt.cancel();
        }
    });
    let (tx, mut rx) = mpsc::channel(256);
    let job = async {
        match kind {
            JobKind::Change(change) => {
                run_update_job(client, JobId(1), ids, change, options, cancel.clone(), tx).await;
            }
            JobKind::Delete | JobKind::Restore => {
                run_job(client, JobId(1), ids, options, cancel.clone(), tx).await;
            }
        }
    };
    let collect = async {
        while let Some(event) = rx.recv().await {
            match event {
                WorkerEvent::ItemFinished { id, outcome, .. } => {
                    bar.inc(1);
                    record(report, id.as_str().to_string(), outcome);
                }
                WorkerEvent::JobStarted {
                    name, backup_dir, ..
                } => {
                    report.job = Some(name);
                    report.backup_dir = backup_dir.map(|dir| dir.display().to_string());
                }
                WorkerEvent::JobWaiting { resume_in, .. } => {
                    bar.set_message(format!(
                        "rate limited, resuming in {}s",
                        resume_in.as_secs()
                    ));
                }
                WorkerEvent::JobFinished {
                    cancelled,
                    stopped,
                    never_attempted,
                    ..
                } => {
                    report.cancelled = cancelled;
                    report.stopped = stopped;
                    report.never_attempted = never_attempted
                        .iter()
                        .map(|id| id.as_str().to_string())
                        .collect();
                }
                _ => {}
            }
        }
    };
    tokio::join!(job, collect);
    interrupt.abort();
    bar.finish_and_clear();
}

/// Files one outcome under its list.
fn record(report: &mut JobReport, id: String, outcome: Outcome) {
    match outcome {
        Outcome::Updated { group, moved } => {
            if moved {
                report.moved.push(MovedItem {
                    id: id.clone(),
                    scheduled_time: group
                        .scheduled_time
                        .and_then(|time| time.parsed())
                        .map(format_instant),
                });
            }
            report.done.push(id);
        }
        // A delete or update job reports no restores.
        Outcome::Deleted | Outcome::Restored { .. } => report.done.push(id),
        Outcome::AlreadyGone => report.already_gone.push(id),
        Outcome::NotFound => report.not_found.push(id),
        Outcome::Failed(reason) => report.failed.push(FailedItem { id, reason }),
        Outcome::Unknown(reason) => report.unknown.push(FailedItem { id, reason }),
    }
}

fn print_human(report: &JobReport, kind: JobKind) {
    let wording = SummaryWording {
        names: CountNames::Spoken,
        lead: Some(kind),
        zeros: true,
        hints: false,
    };
    outln!(
        "{}{}",
        report.summary().describe(&wording),
        if report.cancelled { " (cancelled)" } else { "" }
    );
    if let Some(reason) = &report.stopped {
        outln!("stopped: {}", one_line(reason, 300));
    }
    if report.skipped_not_matching > 0 {
        outln!(
            "skipped {} listed {} that {} not match the filter",
            report.skipped_not_matching,
            wording::noun(report.skipped_not_matching, "post", "posts"),
            if report.skipped_not_matching == 1 {
                "does"
            } else {
                "do"
            }
        );
    }
    print_items("skipped", &report.skipped);
    for item in &report.moved {
        outln!(
            "moved by the server  {}  {}",
            one_line(&item.id, 24),
            item.scheduled_time.as_deref().unwrap_or("no time")
        );
    }
    print_items("failed", &report.failed);
    print_items("unknown", &report.unknown);
    for id in &report.never_attempted {
        outln!("not attempted  {}", one_line(id, 24));
    }
    if let Some(job) = &report.job {
        let job = one_line(job, 60);
        outln!("job: {job}");
        if let Some(dir) = &report.backup_dir {
            outln!(
                "backups: {} (postpost restore {job} brings them back)",
                one_line(dir, 2_000)
            );
        }
    }
}

/// One line per item: `label  id  reason`.
fn print_items(label: &str, items: &[FailedItem]) {
    for item in items {
        outln!(
            "{label}  {}  {}",
            one_line(&item.id, 24),
            one_line(&item.reason, 300)
        );
    }
}
