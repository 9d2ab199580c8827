//! The job journal: every delete or update job appends JSON lines to `journal.jsonl` in the
//! data dir (`postpost config path`), written straight to the file (no user-space buffer) one
//! line per event, so that after a crash or a kill nothing about what was done is lost. The
//! job engine writes an `attempt` line before each request and an outcome line after it, so
//! an id with an attempt but no outcome is exactly an id whose fate the process never learned.
//! `postpost journal` reads it back. The file is created 0600 in a folder created 0700
//! (`worker::private`); the reasons it records come from the client, which redacts them.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use crate::api::model::PostGroupId;
use crate::protocol::{JobId, JobSummary, Outcome};

/// What a journal line records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum JournalEvent {
    /// A job began; `total` holds its size.
    JobStarted,
    /// A request for the post is about to be sent (first attempt only).
    Attempt,
    /// The server answered 200.
    Deleted,
    /// update-post answered 200; `result` holds the server's status and time.
    Updated,
    /// Re-created from its backup; `result` holds the new id and how it came back.
    Restored,
    /// 404 after a retry: an earlier attempt probably deleted it.
    AlreadyGone,
    /// 404 on the first attempt.
    NotFound,
    /// Not deleted; `reason` says why.
    Failed,
    /// Sent, no answer, and a check could not tell; `reason` says what was tried.
    Unknown,
    /// Never sent (cancelled or stopped first).
    NeverAttempted,
    /// The job ended; `reason` says why when it stopped early.
    JobFinished,
}

impl JournalEvent {
    /// The event for an item outcome.
    pub fn of(outcome: &Outcome) -> Self {
        match outcome {
            Outcome::Deleted => Self::Deleted,
            Outcome::Updated { .. } => Self::Updated,
            Outcome::Restored { .. } => Self::Restored,
            Outcome::AlreadyGone => Self::AlreadyGone,
            Outcome::NotFound => Self::NotFound,
            Outcome::Failed(_) => Self::Failed,
            Outcome::Unknown(_) => Self::Unknown,
        }
    }
}

/// One line of the journal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JournalEntry {
    /// Job id, unique across runs: `<UTC start time>-<process id>-<job number>`.
    pub job: String,
    /// When, as RFC 3339 UTC with milliseconds.
    pub time: String,
    pub event: JournalEvent,
    /// The post, for item events.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub post_group_id: Option<String>,
    /// Why it failed, or why the job stopped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Posts in the job, on `job_started`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total: Option<usize>,
    /// What the job does, on `job_started`: `delete`, `reschedule to <UTC time>`,
    /// `move to draft` (absent in journals written before update jobs existed: a delete).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// What the server made of the post, on `updated`: `<status> <scheduledTime>` as answered,
    /// plus ` (moved by the server)` when the time is not the one asked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<String>,
}

/// An open journal; cheap to share (`&Journal` from many tasks), each line one `write` call.
#[derive(Debug)]
pub struct Journal {
    path: PathBuf,
    file: Mutex<File>,
}

impl Journal {
    /// Opens (creating it 0600 and its folder 0700 when needed) the journal at `path` for
    /// appending.
    ///
    /// # Errors
    /// The I/O error, when the folder or file cannot be created.
    pub fn open(path: &Path) -> io::Result<Self> {
        let file = super::private::open_append(path)?;
        Ok(Self {
            path: path.to_path_buf(),
            file: Mutex::new(file),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends one line and hands it to the kernel before returning.
    ///
    /// # Errors
    /// The I/O error; the caller reports it (a job goes on without its journal).
    pub fn record(&self, entry: &JournalEntry) -> io::Result<()> {
        let mut line = serde_json::to_string(entry).map_err(io::Error::other)?;
        line.push('\n');
        let mut file = self
            .file
            .lock()
            .map_err(|_| io::Error::other("journal lock poisoned"))?;
        file.write_all(line.as_bytes())
    }

    /// Records an item event now.
    ///
    /// # Errors
    /// The I/O error of the write.
    pub fn item(
        &self,
        job: &str,
        id: &PostGroupId,
        event: JournalEvent,
        reason: Option<&str>,
    ) -> io::Result<()> {
        self.record(&JournalEntry {
            job: job.to_string(),
            time: now_text(),
            event,
            post_group_id: Some(id.as_str().to_string()),
            reason: reason.map(str::to_string),
            total: None,
            kind: None,
            result: None,
        })
    }

    /// Records an item's outcome now: its event, the reason of a failure, and for an update
    /// the server's resulting status and time.
    ///
    /// # Errors
    /// The I/O error of the write.
    pub fn outcome(&self, job: &str, id: &PostGroupId, outcome: &Outcome) -> io::Result<()> {
        let result = match outcome {
            Outcome::Updated { group, moved } => Some(format!(
                "{} {}{}",
                group.status,
                group
                    .scheduled_time
                    .as_ref()
                    .map_or("(no time)".into(), |time| time.raw()),
                if *moved { " (moved by the server)" } else { "" }
            )),
            Outcome::Restored {
                new_id,
                draft,
                earlier,
            } => Some(format!(
                "new id {new_id}, {}{}",
                draft
                    .as_deref()
                    .map_or("scheduled at its time".to_string(), |why| {
                        format!("as a draft: {why}")
                    }),
                if *earlier {
                    " (by an earlier restore)"
                } else {
                    ""
                }
            )),
            _ => None,
        };
        self.record(&JournalEntry {
            job: job.to_string(),
            time: now_text(),
            event: JournalEvent::of(outcome),
            post_group_id: Some(id.as_str().to_string()),
            reason: outcome.reason().map(str::to_string),
            total: None,
            kind: None,
            result,
        })
    }

    /// Records the start of a job of `total` posts doing `kind` (see [`JournalEntry::kind`]).
    ///
    /// # Errors
    /// The I/O error of the write.
    pub fn job_started(&self, job: &str, total: usize, kind: &str) -> io::Result<()> {
        self.record(&JournalEntry {
            job: job.to_string(),
            time: now_text(),
            event: JournalEvent::JobStarted,
            post_group_id: None,
            reason: None,
            total: Some(total),
            kind: Some(kind.to_string()),
            result: None,
        })
    }

    /// Records a job-level event now.
    ///
    /// # Errors
    /// The I/O error of the write.
    pub fn job(
        &self,
        job: &str,
        event: JournalEvent,
        total: Option<usize>,
        reason: Option<&str>,
    ) -> io::Result<()> {
        self.record(&JournalEntry {
            job: job.to_string(),
            time: now_text(),
            event,
            post_group_id: None,
            reason: reason.map(str::to_string),
            total,
            kind: None,
            result: None,
        })
    }
}

fn now_text() -> String {
    crate::api::model::format_instant(chrono::Utc::now())
}

/// A job id unique across runs: `<UTC start>-<pid>-<n>`.
pub fn job_label(job: JobId) -> String {
    format!(
        "{}-{}-{job}",
        chrono::Utc::now().format("%Y%m%dT%H%M%SZ"),
        std::process::id()
    )
}

/// Reads every line of the journal; lines that do not parse are skipped and counted.
///
/// # Errors
/// The I/O error when the file cannot be read (a missing file reads as empty).
pub fn read(path: &Path) -> io::Result<(Vec<JournalEntry>, usize)> {
    let file = match File::open(path) {
        Ok(file) => file,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok((Vec::new(), 0)),
        Err(error) => return Err(error),
    };
    let mut entries = Vec::new();
    let mut bad = 0;
    for line in BufReader::new(file).lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str(&line) {
            Ok(entry) => entries.push(entry),
            Err(_) => bad += 1,
        }
    }
    Ok((entries, bad))
}

/// What the journal says about one job.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JobRecord {
    pub job: String,
    /// First line's time.
    pub started: String,
    /// Size, from `job_started`.
    pub total: Option<usize>,
    /// What the job did, from `job_started` (`None` for old delete journals).
    pub kind: Option<String>,
    /// Outcome counts by event (attempts not counted).
    pub counts: BTreeMap<JournalEvent, usize>,
    /// Ids attempted with no outcome recorded: the process never learned their fate.
    pub unresolved: Vec<String>,
    /// True when `job_finished` was written.
    pub finished: bool,
    /// Why it stopped, if it said.
    pub stop_reason: Option<String>,
}

impl JobRecord {
    /// The outcome counts as a job summary (`moved` is not journalled: 0).
    pub fn summary(&self) -> JobSummary {
        let count = |event| self.counts.get(&event).copied().unwrap_or_default();
        JobSummary {
            deleted: count(JournalEvent::Deleted),
            updated: count(JournalEvent::Updated),
            restored: count(JournalEvent::Restored),
            moved: 0,
            already_gone: count(JournalEvent::AlreadyGone),
            not_found: count(JournalEvent::NotFound),
            failed: count(JournalEvent::Failed),
            unknown: count(JournalEvent::Unknown),
            never_attempted: count(JournalEvent::NeverAttempted),
        }
    }
}

/// Groups entries by job, in the order jobs started.
pub fn summarize(entries: &[JournalEntry]) -> Vec<JobRecord> {
    let mut order: Vec<String> = Vec::new();
    let mut jobs: BTreeMap<String, (JobRecord, BTreeMap<String, bool>)> = BTreeMap::new();
    for entry in entries {
        let (record, items) = jobs.entry(entry.job.clone()).or_insert_with(|| {
            order.push(entry.job.clone());
            (
                JobRecord {
                    job: entry.job.clone(),
                    started: entry.time.clone(),
                    ..JobRecord::default()
                },
                BTreeMap::new(),
            )
        });
        match entry.event {
            JournalEvent::JobStarted => {
                record.total = entry.total;
                record.kind.clone_from(&entry.kind);
            }
            JournalEvent::JobFinished => {
                record.finished = true;
                record.stop_reason.clone_from(&entry.reason);
            }
            JournalEvent::Attempt => {
                if let Some(id) = &entry.post_group_id {
                    items.entry(id.clone()).or_insert(false);
                }
            }
            other => {
                *record.counts.entry(other).or_default() += 1;
                if let Some(id) = &entry.post_group_id {
                    items.insert(id.clone(), true);
                }
            }
        }
    }
    order
        .into_iter()
        .filter_map(|job| jobs.remove(&job))
        .map(|(mut record, items)| {
            record.unresolved = items
                .into_iter()
                .filter(|(_, resolved)| !resolved)
                .map(|(id, _)| id)
                .collect();
            record
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `postpost journal` names each count as the file names its event.
    #[test]
    fn a_jobs_counts_are_worded_with_the_journals_event_names() {
        let events = [
            JournalEvent::Deleted,
            JournalEvent::Updated,
            JournalEvent::AlreadyGone,
            JournalEvent::NotFound,
            JournalEvent::Failed,
            JournalEvent::Unknown,
            JournalEvent::NeverAttempted,
        ];
        let record = JobRecord {
            counts: events.into_iter().zip(1..).collect(),
            ..JobRecord::default()
        };
        let by_event_name: Vec<String> = record
            .counts
            .iter()
            .map(|(event, n)| {
                let name = serde_json::to_value(event).expect("an event serializes");
                format!("{} {n}", name.as_str().expect("a name"))
            })
            .collect();
        assert_eq!(
            record
                .summary()
                .describe(&crate::protocol::SummaryWording::JOURNAL),
            by_event_name.join(", ")
        );
    }

    #[test]
    fn lines_round_trip_and_unresolved_attempts_are_found() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("sub").join("journal.jsonl");
        let journal = Journal::open(&path).expect("open");
        let a = PostGroupId::parse("aaaaaaaaaaaaaaaaaaaaaaaa").expect("id");
        let b = PostGroupId::parse("bbbbbbbbbbbbbbbbbbbbbbbb").expect("id");
        journal
            .job("j1", JournalEvent::JobStarted, Some(2), None)
            .expect("write");
        journal
            .item("j1", &a, JournalEvent::Attempt, None)
            .expect("write");
        journal
            .item("j1", &a, JournalEvent::Deleted, None)
            .expect("write");
        journal
            .item("j1", &b, JournalEvent::Attempt, None)
            .expect("write");
        std::fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .and_then(|mut f| f.write_all(b"{not json\n"))
            .expect("append garbage");
        let (entries, bad) = read(&path).expect("read");
        assert_eq!((entries.len(), bad), (4, 1));
        let jobs = summarize(&entries);
        assert_eq!(jobs.len(), 1);
        assert_eq!(jobs[0].total, Some(2));
        assert_eq!(jobs[0].counts.get(&JournalEvent::Deleted), Some(&1));
        assert_eq!(jobs[0].unresolved, vec![b.as_str().to_string()]);
        assert!(!jobs[0].finished);
    }
}
