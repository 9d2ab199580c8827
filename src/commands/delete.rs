//! `postpost delete`: by id, or by filter (every matching id is collected first, then deleted
//! by id: deleting while paging by offset skips posts), on the job engine of the TUI.

use std::collections::{BTreeMap, HashSet};
use std::io::{self, BufRead, IsTerminal};
use std::process::ExitCode;

use serde::Serialize;
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use super::exit::{Exit, report_api_error, usage};
use super::filter::collect_matching;
use super::list::one_line;
use crate::api::client::ApiClient;
use crate::api::model::PostGroupId;
use crate::cli::DeleteArgs;
use crate::config::View;
use crate::protocol::{JobId, JobSummary, Outcome, SummaryWording, WorkerEvent};
use crate::text::wording;
use crate::time::TimeZoneChoice;
use crate::worker::job::{JobOptions, run_job};

/// What became of every id of a headless delete.
#[derive(Debug, Default, Serialize, PartialEq, Eq)]
pub struct DeleteReport {
    /// Confirmed deleted (200).
    pub deleted: Vec<String>,
    /// 404 after a retry.
    pub already_gone: Vec<String>,
    /// 404 on the first attempt.
    pub not_found: Vec<String>,
    /// Not deleted, with reasons.
    pub failed: Vec<FailedItem>,
    /// Sent without an answer, and a check could not tell; with what was tried.
    pub unknown: Vec<FailedItem>,
    /// Never sent.
    pub never_attempted: Vec<String>,
    /// True when interrupted (Ctrl-c).
    pub cancelled: bool,
    /// Why the job stopped on its own (authentication).
    pub stopped: Option<String>,
    /// The job's name, as its journal lines and its backup folder show it.
    pub job: String,
    /// Where the posts were backed up (`postpost restore <job>` brings them back).
    pub backup_dir: Option<String>,
    /// Posts the server listed for the filter that do not match it locally: never deleted.
    pub skipped_not_matching: usize,
    /// Matching posts found by listing once more after collecting (they appeared meanwhile, or
    /// shifting pages hid them); deleted with the rest.
    pub found_on_second_listing: Vec<String>,
}

/// A post that was not deleted.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct FailedItem {
    pub id: String,
    pub reason: String,
}

impl DeleteReport {
    /// The counts of the report.
    pub fn summary(&self) -> JobSummary {
        JobSummary {
            deleted: self.deleted.len(),
            already_gone: self.already_gone.len(),
            not_found: self.not_found.len(),
            failed: self.failed.len(),
            unknown: self.unknown.len(),
            never_attempted: self.never_attempted.len(),
            ..JobSummary::default()
        }
    }

    /// Exit code: 0 when everything asked for is gone, 3 when stopped by authentication, else 1
    /// (a rate limit longer than `max_rate_limit_wait_secs` included).
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
}

/// `postpost delete` (and `prune`): by ids or by filter, with confirmation, progress, journal
/// and report. A filter (with `views` for `--view`) is checked before any request; every post
/// the server lists is checked against it locally, and the listing is repeated once to catch
/// posts the first walk missed; a post that does not match is never deleted. `--backup`
/// without a folder backs up into `backup_root`.
pub async fn delete(
    client: &ApiClient,
    args: &DeleteArgs,
    views: &BTreeMap<String, View>,
    mut options: JobOptions,
    backup_root: Option<std::path::PathBuf>,
) -> ExitCode {
    if client.is_read_only() && !args.dry_run {
        return usage(
            "read-only: deleting is disabled (--read-only, or read_only in the config or the profile); --dry-run still works",
        );
    }
    if args.ids.is_empty() && !args.filter.is_set() {
        return usage("nothing to delete: give post group ids, or filters such as --status failed");
    }
    if !args.ids.is_empty() && args.filter.is_set() {
        return usage("give either ids or filters, not both");
    }
    let mut ids = Vec::new();
    let mut summaries: Option<Vec<crate::api::model::PostSummary>> = None;
    let mut seen = HashSet::new();
    for text in &args.ids {
        match PostGroupId::parse(text) {
            Ok(id) => {
                if seen.insert(id.clone()) {
                    ids.push(id);
                }
            }
            Err(error) => return usage(&error.to_string()),
        }
    }
    let mut checked = DeleteReport::default();
    if args.filter.is_set() {
        let query = match args
            .filter
            .to_query(views, chrono::Utc::now(), TimeZoneChoice::Local)
        {
            Ok(query) => query,
            Err(message) => return usage(&message),
        };
        if query.query.is_empty() {
            return usage(
                "the filter has no terms, so it matches every post; give at least one term",
            );
        }
        let mut collected = match collect_matching(client, &query).await {
            Ok(collected) => collected,
            Err(error) => return report_api_error(&error),
        };
        let extra = match collected.list_again(client, &query).await {
            Ok(extra) => extra,
            Err(error) => return report_api_error(&error),
        };
        if let Some(note) = collected.mismatch_note() {
            eprintln!("{note}");
        }
        if !extra.is_empty() {
            eprintln!(
                "listing once more found {} more matching {} (added meanwhile, or missed as pages shifted); included",
                extra.len(),
                wording::noun(extra.len(), "post", "posts")
            );
        }
        checked.skipped_not_matching = collected.mismatched.len();
        checked.found_on_second_listing = extra
            .iter()
            .map(|post| post.post_group_id.as_str().to_string())
            .collect();
        ids = collected
            .matching
            .iter()
            .map(|p| p.post_group_id.clone())
            .collect();
        summaries = Some(collected.matching);
    }
    if args.dry_run {
        if args.json {
            let ids: Vec<&str> = ids.iter().map(PostGroupId::as_str).collect();
            println!(
                "{}",
                crate::text::json::to_string(&serde_json::json!({
                    "dry_run": true,
                    "would_delete": ids,
                    "skipped_not_matching": checked.skipped_not_matching,
                    "found_on_second_listing": checked.found_on_second_listing,
                }))
                .unwrap_or_default()
            );
        } else {
            for id in &ids {
                println!("{}", one_line(id.as_str(), 24));
            }
            let noun = wording::noun(ids.len(), "post", "posts");
            eprintln!(
                "dry run: {} {noun} would be deleted; nothing was deleted",
                ids.len()
            );
        }
        return ExitCode::from(Exit::Done);
    }
    if ids.is_empty() {
        eprintln!("no posts match; nothing to delete");
        if args.json {
            println!(
                "{}",
                crate::text::json::to_string(&checked).unwrap_or_default()
            );
        }
        return ExitCode::from(Exit::Done);
    }
    if !args.yes {
        if !io::stdin().is_terminal() {
            return usage("refusing to delete without --yes when stdin is not a terminal");
        }
        eprint!(
            "Delete {} posts from PostPost? This cannot be undone. [y/N] ",
            ids.len()
        );
        let mut answer = String::new();
        if io::stdin().lock().read_line(&mut answer).is_err()
            || !answer.trim().eq_ignore_ascii_case("y")
        {
            eprintln!("nothing was deleted");
            return ExitCode::from(Exit::Done);
        }
    }
    if let Some(concurrency) = args.concurrency {
        options.concurrency = concurrency.max(1);
    }
    if let Some(dir) = &args.backup {
        let root = dir.clone().or_else(|| backup_root.clone());
        let Some(root) = root else {
            return usage("--backup needs a folder here: --backup DIR");
        };
        // The summaries hold the media URLs and the time a restore needs: the filter's
        // collection has them; for ids given by hand, list-posts is read until each is found.
        let summaries = match &summaries {
            Some(summaries) => summaries.clone(),
            None => match summaries_of(client, &ids).await {
                Ok(found) => found,
                Err(error) => return report_api_error(&error),
            },
        };
        options.backup = Some(crate::worker::backup::BackupOptions {
            root,
            summaries: summaries
                .into_iter()
                .map(|post| (post.post_group_id.clone(), post))
                .collect(),
            fetch_detail: true,
        });
    }
    let mut report = run_with_progress(client, ids, &options).await;
    report.skipped_not_matching = checked.skipped_not_matching;
    report.found_on_second_listing = checked.found_on_second_listing;
    if args.json {
        match crate::text::json::to_string_pretty(&report) {
            Ok(text) => println!("{text}"),
            Err(error) => eprintln!("postpost: {error}"),
        }
    } else {
        print_report(&report);
    }
    if let Some(journal) = &options.journal {
        eprintln!("journal: {}", journal.path().display());
    }
    ExitCode::from(report.exit_code())
}

/// Runs the delete engine with a progress bar on stderr (drawn only when stderr is a terminal)
/// and Ctrl-c as cancel; collects one outcome per id.
pub async fn run_with_progress(
    client: &ApiClient,
    ids: Vec<PostGroupId>,
    options: &JobOptions,
) -> DeleteReport {
    let bar = indicatif::ProgressBar::with_draw_target(
        Some(ids.len() as u64),
        indicatif::ProgressDrawTarget::stderr(),
    );
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
    let job = run_job(client, JobId(1), ids, options, cancel.clone(), tx);
    let mut report = DeleteReport::default();
    let collect = async {
        while let Some(event) = rx.recv().await {
            match event {
                WorkerEvent::ItemFinished { id, outcome, .. } => {
                    bar.inc(1);
                    let id = id.as_str().to_string();
                    match outcome {
                        // A delete job reports no updates or restores.
                        Outcome::Deleted | Outcome::Updated { .. } | Outcome::Restored { .. } => {
                            report.deleted.push(id)
                        }
                        Outcome::AlreadyGone => report.already_gone.push(id),
                        Outcome::NotFound => report.not_found.push(id),
                        Outcome::Failed(reason) => report.failed.push(FailedItem { id, reason }),
                        Outcome::Unknown(reason) => report.unknown.push(FailedItem { id, reason }),
                    }
                }
                WorkerEvent::JobStarted {
                    name, backup_dir, ..
                } => {
                    report.job = name;
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
    report
}

/// The list-posts summaries of `ids`, read with the one page walker (`api::pages`, its
/// bounds included) until every id was seen or the list ends (a post not listed is backed up
/// from get-post alone).
async fn summaries_of(
    client: &ApiClient,
    ids: &[PostGroupId],
) -> Result<Vec<crate::api::model::PostSummary>, crate::api::error::ApiError> {
    let mut wanted: HashSet<&PostGroupId> = ids.iter().collect();
    let mut found = Vec::new();
    if wanted.is_empty() {
        return Ok(found);
    }
    let query = crate::api::client::ListQuery {
        page: 1,
        limit: 100,
        ..Default::default()
    };
    crate::api::pages::walk_pages_while(
        client,
        &query,
        // Only a lookup: an entry with an invalid id is skipped, not a reason to stop.
        &crate::api::pages::PageWalk {
            refuse_invalid_ids: false,
            ..crate::api::pages::PageWalk::collect()
        },
        |page| {
            for post in page.posts {
                if wanted.remove(&post.post_group_id) {
                    found.push(post);
                }
            }
            std::future::ready(!wanted.is_empty())
        },
    )
    .await?;
    Ok(found)
}

fn print_report(report: &DeleteReport) {
    println!(
        "{}{}",
        report.summary().describe(&SummaryWording::REPORT),
        if report.cancelled { " (cancelled)" } else { "" }
    );
    if let Some(reason) = &report.stopped {
        println!("stopped: {}", one_line(reason, 300));
    }
    if report.skipped_not_matching > 0 {
        println!(
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
    for item in &report.failed {
        println!(
            "failed  {}  {}",
            one_line(&item.id, 24),
            one_line(&item.reason, 300)
        );
    }
    for item in &report.unknown {
        println!(
            "unknown  {}  {}",
            one_line(&item.id, 24),
            one_line(&item.reason, 300)
        );
    }
    for id in &report.never_attempted {
        println!("not attempted  {}", one_line(id, 24));
    }
    if !report.job.is_empty() {
        println!("job: {}", report.job);
    }
    if let Some(dir) = &report.backup_dir {
        println!(
            "backups: {dir} (postpost restore {} brings them back)",
            report.job
        );
    }
}
