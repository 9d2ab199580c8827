//! Headless commands (DESIGN §4, issue 3): `list`, `show`, `delete` and `journal` for scripts.
//! They reuse the API client (`api`) and the delete engine (`worker::delete`) of the TUI. Input
//! is validated before any request (exit 2); a filter-based delete first collects every
//! matching id and only then deletes by id, because deleting while paging by offset skips
//! posts. Output goes to stdout (a table, or JSON with `--json`); progress and questions go to
//! stderr. Exit codes: 0 done, 1 some items failed, 2 usage, 3 authentication or permission.

use std::collections::HashSet;
use std::io::{self, BufRead, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use serde::Serialize;
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use crate::api::client::{ApiClient, ListQuery};
use crate::api::error::ApiError;
use crate::api::model::{
    Platform, PostGroupId, PostStatus, PostSummary, SortField, SortOrder, format_instant,
    parse_instant,
};
use crate::app::event::{Outcome, WorkerEvent};
use crate::ui::sanitize;
use crate::worker::delete::{DeleteOptions, run_job};
use crate::worker::journal;

/// Exit code: some items failed.
pub const EXIT_FAILED: u8 = 1;
/// Exit code: usage or config error.
pub const EXIT_USAGE: u8 = 2;
/// Exit code: authentication or permission error.
pub const EXIT_AUTH: u8 = 3;

/// Filters shared by `list` and `delete` (server-side, POSTPOST_API.md §3.1).
#[derive(Debug, Clone, Default, Args)]
pub struct FilterArgs {
    /// Only this status: draft, scheduled, published, failed, partially_published.
    #[arg(long)]
    pub status: Option<String>,
    /// Only posts with an account on this platform (twitter, linkedin, …).
    #[arg(long)]
    pub platform: Option<String>,
    /// Scheduled at or after this time (RFC 3339, or a date YYYY-MM-DD as 00:00 UTC). Excludes drafts without a time.
    #[arg(long, value_name = "TIME")]
    pub from: Option<String>,
    /// Scheduled at or before this time (RFC 3339, or a date YYYY-MM-DD as 23:59:59.999 UTC).
    #[arg(long, value_name = "TIME")]
    pub to: Option<String>,
}

impl FilterArgs {
    /// True when any filter is set.
    pub fn is_set(&self) -> bool {
        self.status.is_some() || self.platform.is_some() || self.from.is_some() || self.to.is_some()
    }

    /// Checks every value and builds the query; nothing is sent.
    ///
    /// # Errors
    /// A message naming the bad value (exit 2).
    pub fn to_query(&self) -> Result<ListQuery, String> {
        let status = self
            .status
            .as_deref()
            .map(str::parse::<PostStatus>)
            .transpose()?;
        let platform = self
            .platform
            .as_deref()
            .map(str::parse::<Platform>)
            .transpose()?
            .map(|p| p.as_str().to_string());
        let from_date = self
            .from
            .as_deref()
            .map(|t| parse_user_time(t, false))
            .transpose()?;
        let to_date = self
            .to
            .as_deref()
            .map(|t| parse_user_time(t, true))
            .transpose()?;
        // Both are written the same way (UTC, milliseconds), so text order is time order.
        if let (Some(from), Some(to)) = (&from_date, &to_date)
            && from > to
        {
            return Err(format!(
                "--from {from} is after --to {to}: no post can match"
            ));
        }
        Ok(ListQuery {
            page: 1,
            limit: 100,
            status,
            platform,
            sort_by: Some(SortField::CreatedAt),
            sort_order: Some(SortOrder::Asc),
            from_date,
            to_date,
        })
    }
}

/// Reads a time typed by a person: RFC 3339, or `YYYY-MM-DD` (start or end of that UTC day).
///
/// # Errors
/// A message naming the text.
pub fn parse_user_time(text: &str, end_of_day: bool) -> Result<String, String> {
    if let Some(instant) = parse_instant(text) {
        return Ok(format_instant(instant));
    }
    let date = chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| format!("cannot read {text:?} as a time: use RFC 3339 (2026-05-01T09:30:00Z) or a date (2026-05-01)"))?;
    let time = if end_of_day {
        date.and_hms_milli_opt(23, 59, 59, 999)
    } else {
        date.and_hms_opt(0, 0, 0)
    }
    .ok_or_else(|| format!("cannot read {text:?} as a time"))?;
    Ok(format_instant(time.and_utc()))
}

/// Reads every page of list-posts for `query`, in order, deduplicated by id.
///
/// # Errors
/// The first [`ApiError`].
pub async fn collect_all(
    client: &ApiClient,
    query: &ListQuery,
) -> Result<Vec<PostSummary>, ApiError> {
    let mut posts = Vec::new();
    let mut seen = HashSet::new();
    let mut page = 1;
    loop {
        let answer = client
            .list_posts(&ListQuery {
                page,
                ..query.clone()
            })
            .await?;
        let count = answer.posts.len();
        for post in answer.posts {
            if seen.insert(post.post_group_id.clone()) {
                posts.push(post);
            }
        }
        let more =
            answer.pagination.has_next_page || u64::from(page) < answer.pagination.total_pages;
        if !more || count == 0 {
            return Ok(posts);
        }
        page += 1;
    }
}

/// Prints an API error and gives its exit code.
pub fn report_api_error(error: &ApiError) -> ExitCode {
    eprintln!("postpost: {error}");
    if let Some(hint) = error.hint() {
        eprintln!("postpost: {hint}");
    }
    ExitCode::from(match error {
        ApiError::InvalidId(_) => EXIT_USAGE,
        _ if error.is_auth() => EXIT_AUTH,
        _ => EXIT_FAILED,
    })
}

fn usage(message: &str) -> ExitCode {
    eprintln!("postpost: {message}");
    ExitCode::from(EXIT_USAGE)
}

fn one_line(text: &str, cells: usize) -> String {
    sanitize::truncate_to_width(&sanitize::sanitize_line(text), cells)
}

fn time_or_dash(ts: Option<&crate::api::model::Timestamp>) -> String {
    ts.map_or_else(
        || "-".to_string(),
        |t| {
            t.parsed
                .map_or_else(|| "unknown".to_string(), format_instant)
        },
    )
}

/// `postpost list`: every matching post, as a table, JSON, or ids only.
pub async fn list(client: &ApiClient, filter: &FilterArgs, json: bool, ids_only: bool) -> ExitCode {
    let query = match filter.to_query() {
        Ok(query) => query,
        Err(message) => return usage(&message),
    };
    let posts = match collect_all(client, &query).await {
        Ok(posts) => posts,
        Err(error) => return report_api_error(&error),
    };
    let mut out = io::stdout().lock();
    let written = if json {
        serde_json::to_writer_pretty(&mut out, &posts)
            .map_err(io::Error::other)
            .and_then(|()| writeln!(out))
    } else if ids_only {
        posts
            .iter()
            .try_for_each(|post| writeln!(out, "{}", post.post_group_id))
    } else {
        writeln!(
            out,
            "{:<24}  {:<19}  {:<24}  {:<24}  content",
            "id", "status", "platforms", "scheduled"
        )
        .and_then(|()| {
            posts.iter().try_for_each(|post| {
                let platforms: Vec<&str> =
                    post.platforms.iter().map(|p| p.platform.as_str()).collect();
                writeln!(
                    out,
                    "{:<24}  {:<19}  {:<24}  {:<24}  {}",
                    one_line(post.post_group_id.as_str(), 24),
                    one_line(post.status.as_str(), 19),
                    one_line(&platforms.join(","), 24),
                    time_or_dash(post.scheduled_time.as_ref()),
                    one_line(post.content.as_deref().unwrap_or(""), 60)
                )
            })
        })
    };
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("postpost: cannot write: {error}");
            ExitCode::from(EXIT_FAILED)
        }
    }
}

/// `postpost show ID`: one post with get-post (POSTPOST_API.md §3.2).
pub async fn show(client: &ApiClient, id: &str, json: bool) -> ExitCode {
    let id = match PostGroupId::parse(id) {
        Ok(id) => id,
        Err(error) => return usage(&error.to_string()),
    };
    let detail = match client.get_post(&id).await {
        Ok(detail) => detail,
        Err(error) => return report_api_error(&error),
    };
    if json {
        match serde_json::to_string_pretty(&detail) {
            Ok(text) => println!("{text}"),
            Err(error) => eprintln!("postpost: {error}"),
        }
        return ExitCode::SUCCESS;
    }
    println!("post group {}", detail.post_group_id);
    for post in &detail.posts {
        let mut line = format!(
            "  {:<10} {:<11} {}",
            one_line(post.platform.as_str(), 10),
            one_line(post.status.as_str(), 11),
            one_line(&post.platform_id, 40)
        );
        if let Some(posted) = &post.posted_id {
            line.push_str(&format!("  posted {}", one_line(posted, 40)));
        }
        println!("{line}");
        if let Some(error) = &post.error {
            println!(
                "      {}: {}",
                one_line(&error.code, 40),
                one_line(&error.message, 200)
            );
        }
    }
    if let Some(content) = detail.posts.first().and_then(|p| p.content.as_deref()) {
        println!();
        for line in sanitize::sanitize_lines(content) {
            println!("{line}");
        }
    }
    ExitCode::SUCCESS
}

/// `postpost delete` arguments.
#[derive(Debug, Clone, Default, Args)]
pub struct DeleteArgs {
    /// Post group ids (24 hex characters each).
    pub ids: Vec<String>,
    /// Delete every post matching these filters (collected first, then deleted by id).
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Print the exact set that would be deleted, and delete nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Do not ask; required when stdin is not a terminal.
    #[arg(long)]
    pub yes: bool,
    /// Print a JSON report on stdout.
    #[arg(long)]
    pub json: bool,
    /// Before deleting each post, save it (get-post JSON) to DIR/<id>.json; a post whose backup fails is not deleted.
    #[arg(long, value_name = "DIR")]
    pub backup: Option<PathBuf>,
    /// Delete requests in flight at once (default: config `concurrency`).
    #[arg(long)]
    pub concurrency: Option<usize>,
}

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
}

/// A post that was not deleted.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct FailedItem {
    /// The post.
    pub id: String,
    /// Why.
    pub reason: String,
}

impl DeleteReport {
    /// Exit code: 0 when everything asked for is gone, 3 when stopped by authentication, else 1.
    pub fn exit_code(&self) -> u8 {
        if self.stopped.is_some() {
            EXIT_AUTH
        } else if self.failed.is_empty()
            && self.unknown.is_empty()
            && self.never_attempted.is_empty()
            && !self.cancelled
        {
            0
        } else {
            EXIT_FAILED
        }
    }
}

/// `postpost delete`: by ids or by filter, with confirmation, progress, journal and report.
pub async fn delete(client: &ApiClient, args: &DeleteArgs, mut options: DeleteOptions) -> ExitCode {
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
    if args.filter.is_set() {
        let query = match args.filter.to_query() {
            Ok(query) => query,
            Err(message) => return usage(&message),
        };
        match collect_all(client, &query).await {
            Ok(posts) => ids = posts.into_iter().map(|p| p.post_group_id).collect(),
            Err(error) => return report_api_error(&error),
        }
    }
    if args.dry_run {
        if args.json {
            let ids: Vec<&str> = ids.iter().map(PostGroupId::as_str).collect();
            println!(
                "{}",
                serde_json::json!({ "dry_run": true, "would_delete": ids })
            );
        } else {
            for id in &ids {
                println!("{id}");
            }
            let noun = if ids.len() == 1 { "post" } else { "posts" };
            eprintln!(
                "dry run: {} {noun} would be deleted; nothing was deleted",
                ids.len()
            );
        }
        return ExitCode::SUCCESS;
    }
    if ids.is_empty() {
        eprintln!("no posts match; nothing to delete");
        if args.json {
            println!(
                "{}",
                serde_json::to_string(&DeleteReport::default()).unwrap_or_default()
            );
        }
        return ExitCode::SUCCESS;
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
            return ExitCode::SUCCESS;
        }
    }
    if let Some(concurrency) = args.concurrency {
        options.concurrency = concurrency.max(1);
    }
    if let Some(dir) = &args.backup {
        options.backup_dir = Some(dir.clone());
    }
    let report = run_with_progress(client, ids, &options).await;
    if args.json {
        match serde_json::to_string_pretty(&report) {
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
    options: &DeleteOptions,
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
    let job = run_job(client, 1, ids, options, cancel.clone(), tx);
    let mut report = DeleteReport::default();
    let collect = async {
        while let Some(event) = rx.recv().await {
            match event {
                WorkerEvent::ItemFinished { id, outcome, .. } => {
                    bar.inc(1);
                    let id = id.as_str().to_string();
                    match outcome {
                        // A delete job reports no updates.
                        Outcome::Deleted | Outcome::Updated { .. } => report.deleted.push(id),
                        Outcome::AlreadyGone => report.already_gone.push(id),
                        Outcome::NotFound => report.not_found.push(id),
                        Outcome::Failed(reason) => report.failed.push(FailedItem { id, reason }),
                        Outcome::Unknown(reason) => report.unknown.push(FailedItem { id, reason }),
                    }
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

fn print_report(report: &DeleteReport) {
    println!(
        "deleted {}, already gone {}, not found {}, failed {}, unknown {}, not attempted {}{}",
        report.deleted.len(),
        report.already_gone.len(),
        report.not_found.len(),
        report.failed.len(),
        report.unknown.len(),
        report.never_attempted.len(),
        if report.cancelled { " (cancelled)" } else { "" }
    );
    if let Some(reason) = &report.stopped {
        println!("stopped: {}", one_line(reason, 300));
    }
    for item in &report.failed {
        println!("failed  {}  {}", item.id, one_line(&item.reason, 300));
    }
    for item in &report.unknown {
        println!("unknown  {}  {}", item.id, one_line(&item.reason, 300));
    }
    for id in &report.never_attempted {
        println!("not attempted  {id}");
    }
}

/// `postpost journal`: the last `jobs` jobs with their outcome counts.
pub fn show_journal(path: &std::path::Path, jobs: usize, json: bool) -> ExitCode {
    let (entries, bad) = match journal::read(path) {
        Ok(read) => read,
        Err(error) => {
            eprintln!("postpost: cannot read {}: {error}", path.display());
            return ExitCode::from(EXIT_FAILED);
        }
    };
    let records = journal::summarize(&entries);
    let recent = &records[records.len().saturating_sub(jobs)..];
    if json {
        let rows: Vec<_> = recent
            .iter()
            .map(|r| {
                serde_json::json!({
                    "job": r.job, "kind": r.kind.as_deref().unwrap_or("delete"),
                    "started": r.started, "total": r.total, "finished": r.finished,
                    "stopped": r.stop_reason, "counts": r.counts, "unresolved": r.unresolved,
                })
            })
            .collect();
        println!("{}", serde_json::Value::Array(rows));
        return ExitCode::SUCCESS;
    }
    if recent.is_empty() {
        println!("no jobs in {}", path.display());
    }
    for record in recent {
        let counts: Vec<String> = record
            .counts
            .iter()
            .map(|(event, n)| {
                format!(
                    "{} {n}",
                    serde_json::to_value(event)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_string))
                        .unwrap_or_default()
                )
            })
            .collect();
        let state = if record.finished {
            "finished"
        } else {
            "did not finish"
        };
        println!(
            "{}  {}  {} posts  {}  {}",
            record.job,
            one_line(record.kind.as_deref().unwrap_or("delete"), 60),
            record.total.map_or_else(|| "?".into(), |t| t.to_string()),
            counts.join(", "),
            state
        );
        if let Some(reason) = &record.stop_reason {
            println!("    stopped: {}", one_line(reason, 200));
        }
        if !record.unresolved.is_empty() {
            println!(
                "    {} sent with no answer recorded (check them with `postpost show`): {}",
                record.unresolved.len(),
                record.unresolved.join(" ")
            );
        }
    }
    if bad > 0 {
        eprintln!(
            "postpost: {bad} lines of {} could not be read",
            path.display()
        );
    }
    ExitCode::SUCCESS
}
