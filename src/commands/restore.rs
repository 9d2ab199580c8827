//! `postpost restore [JOB|DIR] [--only ID…] [--dry-run] [--yes] [--json]`: re-creates the posts
//! of a backed-up delete job with `worker::restore` (new ids; scheduled at their time only when
//! they were scheduled and the time is still ahead, else drafts; media uploaded again). A second
//! run creates nothing; an interrupted one resumes. Exit codes as `delete`.

use std::io::{self, BufRead, IsTerminal};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde::Serialize;
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use super::exit::{Exit, usage};
use super::output::{note, outln};
use crate::api::client::ApiClient;
use crate::api::model::{PostGroupId, format_instant};
use crate::api::storage::StorageClient;
use crate::cli::RestoreArgs;
use crate::protocol::{JobId, Outcome, WorkerEvent};
use crate::text::sanitize::sanitize_line;
use crate::worker::backup::Comeback;
use crate::worker::job::JobOptions;
use crate::worker::restore::{self, RestoreSet};

/// One restored post.
#[derive(Debug, Serialize)]
pub struct RestoredItem {
    pub old_id: String,
    pub new_id: String,
    /// `scheduled` or `draft`.
    #[serde(rename = "as")]
    pub comes_back_as: String,
    /// Why a draft; `None` when scheduled.
    pub why: Option<String>,
    /// Re-created by an earlier restore; nothing was sent now.
    pub earlier: bool,
}

/// What became of every post of a restore.
#[derive(Debug, Default, Serialize)]
pub struct RestoreReport {
    pub schema_version: u32,
    pub dry_run: bool,
    /// The backup's job name.
    pub job: String,
    pub restored: Vec<RestoredItem>,
    /// Not restored, with the step that failed.
    pub failed: Vec<super::FailedItem>,
    /// Backed-up posts that cannot be restored (no content or no platform), with why.
    pub unrestorable: Vec<super::FailedItem>,
    /// Backed-up posts whose delete did not happen: still on the server, never re-created.
    pub not_deleted: Vec<String>,
    pub never_attempted: Vec<String>,
    pub cancelled: bool,
}

impl RestoreReport {
    fn exit_code(&self) -> Exit {
        if self.failed.is_empty()
            && self.never_attempted.is_empty()
            && self.unrestorable.is_empty()
            && !self.cancelled
        {
            Exit::Done
        } else {
            Exit::Failed
        }
    }
}

/// The job folder `target` names: a folder path, or a job's name under `root`; the newest job
/// under `root` when `None`.
fn resolve(root: &Path, target: Option<&str>) -> Result<(String, PathBuf), String> {
    match target {
        None => restore::backup_jobs(root)
            .into_iter()
            .next()
            .ok_or_else(|| format!("no backups in {}", root.display())),
        Some(text) => {
            let as_path = PathBuf::from(text);
            if as_path.is_dir() {
                let name = as_path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                return Ok((name, as_path));
            }
            let under_root = root.join(text);
            if !text.contains('/') && under_root.is_dir() {
                return Ok((text.to_string(), under_root));
            }
            Err(format!(
                "no backup named {:?} in {} (postpost backups lists them)",
                sanitize_line(text),
                root.display()
            ))
        }
    }
}

/// `postpost restore`.
pub async fn restore(
    client: &ApiClient,
    args: &RestoreArgs,
    options: JobOptions,
    root: &Path,
    threshold: usize,
) -> ExitCode {
    let mut only = Vec::new();
    for text in &args.only {
        match PostGroupId::parse(text) {
            Ok(id) => only.push(id),
            Err(error) => return usage(&error.to_string()),
        }
    }
    let (name, dir) = match resolve(root, args.target.as_deref()) {
        Ok(found) => found,
        Err(message) => return usage(&message),
    };
    if client.is_read_only() && !args.dry_run {
        return usage("read-only: restoring creates posts and is disabled; --dry-run still works");
    }
    let set = match restore::read_set(&dir, &only, chrono::Utc::now()) {
        Ok(set) => set,
        Err(error) => return usage(&format!("cannot read {}: {error}", dir.display())),
    };
    let known: std::collections::HashSet<&PostGroupId> = set
        .plans
        .iter()
        .map(|plan| &plan.old_id)
        .chain(set.unrestorable.iter().map(|(id, _)| id))
        .chain(&set.not_deleted)
        .collect();
    let unknown: Vec<String> = only
        .iter()
        .filter(|id| !known.contains(id))
        .map(ToString::to_string)
        .collect();
    if !unknown.is_empty() {
        return usage(&format!(
            "not in the backup {}: {} (postpost restore {} --dry-run lists its posts)",
            sanitize_line(&name),
            unknown.join(", "),
            sanitize_line(&name)
        ));
    }
    let mut report = RestoreReport {
        schema_version: 1,
        dry_run: args.dry_run,
        job: name.clone(),
        unrestorable: set
            .unrestorable
            .iter()
            .map(|(id, why)| super::FailedItem {
                id: id.to_string(),
                reason: why.clone(),
            })
            .collect(),
        not_deleted: set.not_deleted.iter().map(ToString::to_string).collect(),
        ..RestoreReport::default()
    };
    for id in &report.not_deleted {
        eprintln!("{id}: its delete did not happen, so it is still on the server; not re-created");
    }
    for file in &set.unreadable {
        eprintln!(
            "postpost: skipped {}: not a readable backup",
            sanitize_line(file)
        );
    }
    if args.dry_run || set.plans.is_empty() {
        print_plan(&set, &mut report, args.json);
        return ExitCode::from(report.exit_code());
    }
    let fresh = set
        .plans
        .iter()
        .filter(|plan| !set.progress.get(&plan.old_id).is_some_and(|p| p.done))
        .count();
    if !args.yes
        && fresh > 0
        && let Err(message) = confirm(&set, fresh, threshold)
    {
        return message;
    }
    let storage = match StorageClient::new(std::time::Duration::from_secs(120)) {
        Ok(storage) => storage,
        Err(error) => return usage(&error),
    };
    run(client, &storage, &dir, set, &options, &mut report).await;
    print_report(&report, args.json);
    ExitCode::from(report.exit_code())
}

/// Asks on the terminal: `y` for a few posts, the count typed from `threshold` on.
fn confirm(set: &RestoreSet, fresh: usize, threshold: usize) -> Result<(), ExitCode> {
    if !io::stdin().is_terminal() {
        return Err(usage(
            "refusing to restore without --yes when stdin is not a terminal",
        ));
    }
    let scheduled = set
        .plans
        .iter()
        .filter(|p| matches!(p.comeback, Comeback::Scheduled(_)))
        .count();
    eprintln!(
        "Restore {fresh} posts: {scheduled} scheduled at their time, the others as drafts. Platform settings are not restored."
    );
    let typed = fresh >= threshold.max(1);
    if typed {
        eprint!("Type {fresh} to restore: ");
    } else {
        eprint!("Restore? [y/N] ");
    }
    let mut answer = String::new();
    let _ = io::stdin().lock().read_line(&mut answer);
    let answer = answer.trim();
    let yes = if typed {
        answer == fresh.to_string()
    } else {
        matches!(answer, "y" | "Y" | "yes")
    };
    if yes {
        Ok(())
    } else {
        eprintln!("nothing was restored");
        Err(ExitCode::from(Exit::Done))
    }
}

async fn run(
    client: &ApiClient,
    storage: &StorageClient,
    dir: &Path,
    set: RestoreSet,
    options: &JobOptions,
    report: &mut RestoreReport,
) {
    let cancel = CancellationToken::new();
    let on_interrupt = cancel.clone();
    let interrupt = tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            on_interrupt.cancel();
        }
    });
    let (tx, mut rx) = mpsc::channel(256);
    let job = restore::run_restore(client, storage, JobId(1), dir, set, options, cancel, tx);
    let collect = async {
        while let Some(event) = rx.recv().await {
            match event {
                WorkerEvent::ItemFinished { id, outcome, .. } => match outcome {
                    Outcome::Restored {
                        new_id,
                        draft,
                        earlier,
                    } => report.restored.push(RestoredItem {
                        old_id: id.to_string(),
                        new_id: new_id.to_string(),
                        comes_back_as: if draft.is_some() {
                            "draft"
                        } else {
                            "scheduled"
                        }
                        .into(),
                        why: draft,
                        earlier,
                    }),
                    // Posts that cannot be restored are listed already, from the plan.
                    _ if report
                        .unrestorable
                        .iter()
                        .any(|item| item.id == id.as_str()) => {}
                    other => report.failed.push(super::FailedItem {
                        id: id.to_string(),
                        reason: other.reason().unwrap_or(other.label()).to_string(),
                    }),
                },
                WorkerEvent::JobFinished {
                    cancelled,
                    never_attempted,
                    ..
                } => {
                    report.cancelled = cancelled;
                    report.never_attempted =
                        never_attempted.iter().map(ToString::to_string).collect();
                }
                _ => {}
            }
        }
    };
    tokio::join!(job, collect);
    interrupt.abort();
}

fn print_plan(set: &RestoreSet, report: &mut RestoreReport, json: bool) {
    for plan in &set.plans {
        let (comes_back_as, why) = match &plan.comeback {
            Comeback::Scheduled(time) => {
                ("scheduled", Some(format!("at {}", format_instant(*time))))
            }
            Comeback::Draft(why) => ("draft", Some(why.clone())),
        };
        let earlier = set.progress.get(&plan.old_id);
        report.restored.push(RestoredItem {
            old_id: plan.old_id.to_string(),
            new_id: earlier
                .and_then(|p| p.new_id.as_ref())
                .map(ToString::to_string)
                .unwrap_or_default(),
            comes_back_as: comes_back_as.into(),
            why,
            earlier: earlier.is_some_and(|p| p.done),
        });
    }
    if json {
        outln!(
            "{}",
            crate::text::json::to_string(report).unwrap_or_default()
        );
        return;
    }
    for item in &report.restored {
        outln!(
            "{}  {}{}  {}",
            sanitize_line(item.old_id.as_ref()),
            if item.earlier {
                "restored earlier as "
            } else {
                ""
            },
            item.comes_back_as,
            sanitize_line(item.why.as_deref().unwrap_or(""))
        );
    }
    for item in &report.unrestorable {
        outln!(
            "cannot restore  {}  {}",
            sanitize_line(item.id.as_ref()),
            sanitize_line(&item.reason)
        );
    }
    if report.dry_run {
        note!(
            "dry run: {} posts would come back from {}; nothing was sent",
            report.restored.iter().filter(|i| !i.earlier).count(),
            sanitize_line(&report.job)
        );
    } else {
        note!(
            "nothing to restore from {}: {} restored earlier, {} cannot be restored, {} were not deleted",
            sanitize_line(&report.job),
            report.restored.iter().filter(|i| i.earlier).count(),
            report.unrestorable.len(),
            report.not_deleted.len()
        );
    }
}

fn print_report(report: &RestoreReport, json: bool) {
    if json {
        outln!(
            "{}",
            crate::text::json::to_string_pretty(report).unwrap_or_default()
        );
        return;
    }
    if super::output::mode().quiet {
        return;
    }
    for item in &report.restored {
        outln!(
            "restored  {} → {}  as {}{}{}",
            sanitize_line(item.old_id.as_ref()),
            sanitize_line(item.new_id.as_ref()),
            item.comes_back_as,
            item.why
                .as_deref()
                .map(|why| format!(" ({})", sanitize_line(why)))
                .unwrap_or_default(),
            if item.earlier { " [earlier]" } else { "" }
        );
    }
    for item in report.failed.iter().chain(&report.unrestorable) {
        outln!(
            "failed  {}  {}",
            sanitize_line(item.id.as_ref()),
            sanitize_line(&item.reason)
        );
    }
    for id in &report.never_attempted {
        outln!("not attempted  {}", sanitize_line(id.as_ref()));
    }
    let earlier = report.restored.iter().filter(|i| i.earlier).count();
    outln!(
        "restored {}, already restored earlier {earlier}, failed {}, not attempted {}{}",
        report.restored.len() - earlier,
        report.failed.len() + report.unrestorable.len(),
        report.never_attempted.len(),
        if report.cancelled { " (cancelled)" } else { "" }
    );
}
