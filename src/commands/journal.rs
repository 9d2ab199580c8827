//! `postpost journal`: recent jobs from the journal, and what became of their posts.

use std::process::ExitCode;

use super::exit::Exit;
use super::list::one_line;
use super::output::outln;
use crate::protocol::SummaryWording;
use crate::worker::journal;

/// `postpost journal`: the last `jobs` jobs with their outcome counts.
pub fn show_journal(path: &std::path::Path, jobs: usize, json: bool) -> ExitCode {
    let (entries, bad) = match journal::read(path) {
        Ok(read) => read,
        Err(error) => {
            eprintln!("postpost: cannot read {}: {error}", path.display());
            return Exit::Failed.into();
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
        super::output::print_json(&serde_json::json!({
            "journal": path.display().to_string(),
            "jobs": rows,
            "unreadable_lines": bad,
        }));
        return ExitCode::from(Exit::Done);
    }
    if recent.is_empty() {
        outln!("no jobs in {}", path.display());
    }
    for record in recent {
        let state = if record.finished {
            "finished"
        } else {
            "did not finish"
        };
        outln!(
            "{}  {}  {} posts  {}  {}",
            one_line(&record.job, 60),
            one_line(record.kind.as_deref().unwrap_or("delete"), 60),
            record.total.map_or_else(|| "?".into(), |t| t.to_string()),
            record.summary().describe(&SummaryWording::JOURNAL),
            state
        );
        if let Some(reason) = &record.stop_reason {
            outln!("    stopped: {}", one_line(reason, 200));
        }
        if !record.unresolved.is_empty() {
            outln!(
                "    {} sent with no answer recorded (check them with `postpost show`): {}",
                record.unresolved.len(),
                one_line(&record.unresolved.join(" "), 2_000)
            );
        }
    }
    if bad > 0 {
        eprintln!(
            "postpost: {bad} lines of {} could not be read",
            path.display()
        );
    }
    ExitCode::from(Exit::Done)
}
