//! `postpost backups`: the backed-up delete jobs (name, time, posts, restored, size), and
//! `postpost backups prune --older-than AGE` to remove old ones. Reads the backup folders only:
//! no key, no request.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::Serialize;

use super::exit::{Exit, usage};
use super::output::{note, outln};
use crate::text::sanitize::sanitize_line;
use crate::worker::{backup, restore};

/// One backed-up job as `postpost backups` lists it.
#[derive(Debug, Serialize)]
pub struct BackupJob {
    /// The job's name (`postpost restore <job>`).
    pub job: String,
    /// When the job started (UTC), from its name.
    pub started: Option<String>,
    /// Posts the job backed up and deleted.
    pub posts: usize,
    /// Of them, restored since.
    pub restored: usize,
    /// The server and user the posts were deleted from, when recorded.
    pub account: Option<String>,
    /// Bytes on disk, media included.
    pub bytes: u64,
    /// The folder.
    pub dir: String,
}

/// A job name's start time: names begin with `YYYYMMDDTHHMMSSZ`.
fn started(name: &str) -> Option<DateTime<Utc>> {
    let stamp = name.get(..16)?;
    NaiveDateTime::parse_from_str(stamp, "%Y%m%dT%H%M%SZ")
        .ok()
        .map(|time| time.and_utc())
}

fn folder_size(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .filter_map(|entry| entry.metadata().ok())
                .filter(|meta| meta.is_file())
                .map(|meta| meta.len())
                .sum()
        })
        .unwrap_or(0)
}

fn describe(name: String, dir: PathBuf) -> BackupJob {
    let (mut records, _) = backup::read_job(&dir).unwrap_or_default();
    // Only the posts the job deleted count: one whose delete failed is still on the server.
    if let Some(deleted) = backup::read_deleted(&dir) {
        records.retain(|record| deleted.contains(&record.post_group_id));
    }
    let progress = backup::read_restore_log(&dir);
    let restored = records
        .iter()
        .filter(|r| progress.get(&r.post_group_id).is_some_and(|p| p.done))
        .count();
    let account = records.iter().find_map(|r| r.account.clone());
    BackupJob {
        started: started(&name).map(crate::api::model::format_instant),
        posts: records.len(),
        restored,
        account,
        bytes: folder_size(&dir),
        dir: dir.display().to_string(),
        job: name,
    }
}

/// Reads an age: a number and `m`, `h`, `d` or `w` (`30d`).
///
/// # Errors
/// What is wrong with it.
pub fn parse_age(text: &str) -> Result<chrono::Duration, String> {
    let text = text.trim();
    let unit = text
        .chars()
        .last()
        .ok_or("an age is a number and m, h, d or w, e.g. 30d")?;
    let number: i64 = text[..text.len() - unit.len_utf8()].parse().map_err(|_| {
        format!("cannot read the age {text:?}: a number and m, h, d or w, e.g. 30d")
    })?;
    let minutes = match unit {
        'm' => 1,
        'h' => 60,
        'd' => 24 * 60,
        'w' => 7 * 24 * 60,
        _ => {
            return Err(format!(
                "cannot read the age {text:?}: the unit is m, h, d or w"
            ));
        }
    };
    number
        .checked_mul(minutes)
        .filter(|m| *m >= 0 && *m < 100 * 365 * 24 * 60)
        .map(chrono::Duration::minutes)
        .ok_or_else(|| format!("the age {text:?} is out of range"))
}

/// `postpost backups [--json]`.
pub fn list_backups(root: &Path, json: bool) -> ExitCode {
    let jobs: Vec<BackupJob> = restore::backup_jobs(root)
        .into_iter()
        .map(|(name, dir)| describe(name, dir))
        .collect();
    if json {
        let value = serde_json::json!({ "schema_version": 1, "root": root.display().to_string(), "jobs": jobs });
        outln!(
            "{}",
            crate::text::json::to_string(&value).unwrap_or_default()
        );
        return ExitCode::from(Exit::Done);
    }
    if jobs.is_empty() {
        note!("no backups in {}", root.display());
        return ExitCode::from(Exit::Done);
    }
    let rows: Vec<Vec<String>> = jobs
        .iter()
        .map(|job| {
            vec![
                sanitize_line(&job.job),
                job.posts.to_string(),
                job.restored.to_string(),
                human_size(job.bytes),
                sanitize_line(job.account.as_deref().unwrap_or("–")),
            ]
        })
        .collect();
    // Padded on a terminal, tab-separated for tools.
    super::output::print_table(
        &["job", "posts", "restored", "size", "account"],
        &rows,
        &[34, 5, 8, 10],
        super::output::stdout_is_terminal(),
    );
    note!(
        "backups: {} (postpost restore JOB brings one back)",
        root.display()
    );
    ExitCode::from(Exit::Done)
}

fn human_size(bytes: u64) -> String {
    match bytes {
        0..1024 => format!("{bytes} B"),
        1024..1_048_576 => format!("{:.1} KB", bytes as f64 / 1024.0),
        _ => format!("{:.1} MB", bytes as f64 / 1_048_576.0),
    }
}

/// `postpost backups prune --older-than AGE [--dry-run] [--json]`.
pub fn prune_backups(
    root: &Path,
    older_than: &str,
    dry_run: bool,
    yes: bool,
    json: bool,
) -> ExitCode {
    let age = match parse_age(older_than) {
        Ok(age) => age,
        Err(message) => return usage(&message),
    };
    let cutoff = Utc::now() - age;
    // Only folders this tool made (named by a job's start time) are ever removed.
    let old: Vec<(String, PathBuf)> = restore::backup_jobs(root)
        .into_iter()
        .filter(|(name, _)| started(name).is_some_and(|time| time < cutoff))
        .collect();
    if !dry_run && !yes && !old.is_empty() {
        use std::io::{BufRead as _, IsTerminal as _};
        if !std::io::stdin().is_terminal() {
            return usage(
                "refusing to remove backups without --yes when stdin is not a terminal (a backup is the only way back for its posts)",
            );
        }
        eprint!(
            "Remove {} backup{} older than {older_than} (m is minutes, d days, w weeks)? Their posts can no longer be restored. [y/N] ",
            old.len(),
            if old.len() == 1 { "" } else { "s" }
        );
        let mut answer = String::new();
        if std::io::stdin().lock().read_line(&mut answer).is_err()
            || !answer.trim().eq_ignore_ascii_case("y")
        {
            eprintln!("nothing was removed");
            return ExitCode::from(Exit::Done);
        }
    }
    let mut removed = Vec::new();
    let mut failed = Vec::new();
    for (name, dir) in old {
        if dry_run {
            removed.push(name);
        } else {
            match std::fs::remove_dir_all(&dir) {
                Ok(()) => removed.push(name),
                Err(error) => failed.push(format!("{}: {error}", dir.display())),
            }
        }
    }
    if json {
        let value = serde_json::json!({
            "schema_version": 1,
            "dry_run": dry_run,
            "removed": removed,
            "failed": failed,
        });
        outln!(
            "{}",
            crate::text::json::to_string(&value).unwrap_or_default()
        );
    } else {
        for name in &removed {
            outln!(
                "{}{}",
                if dry_run { "would remove " } else { "removed " },
                sanitize_line(name)
            );
        }
        for line in &failed {
            eprintln!("postpost: cannot remove {line}");
        }
        note!(
            "{} {} backup{} older than {older_than}",
            if dry_run { "dry run:" } else { "pruned" },
            removed.len(),
            if removed.len() == 1 { "" } else { "s" }
        );
    }
    ExitCode::from(if failed.is_empty() {
        Exit::Done
    } else {
        Exit::Failed
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_read_as_documented() {
        assert_eq!(parse_age("30d"), Ok(chrono::Duration::days(30)));
        assert_eq!(parse_age("2w"), Ok(chrono::Duration::weeks(2)));
        assert_eq!(parse_age("90m"), Ok(chrono::Duration::minutes(90)));
        for bad in ["", "d", "30", "30y", "-1d", "99999999999w", "3.5d"] {
            assert!(parse_age(bad).is_err(), "{bad}");
        }
        assert_eq!(
            started("20261207T080102Z-1234-4"),
            Some("2026-12-07T08:01:02Z".parse().expect("time"))
        );
        assert_eq!(started("notes"), None);
    }
}
