//! `postpost reschedule [IDS|-] [filters] --at TIME` and `postpost draft [IDS|-] [filters]`:
//! update-post (POSTPOST_API.md §3.4) on the job engine the TUI's `t` and `D` use, through the
//! flow every job command shares (`batch`). `--at` takes the forms of the TUI's time field
//! (`time::input`: `2026-12-01 09:30`, `09:30`, `tomorrow 09:00`, `+2h`, `now`) in the local
//! zone. A filter's posts that are neither draft nor scheduled are skipped (the server would
//! refuse them); ids given by hand are sent, and the server's refusal is reported per post.

use std::collections::BTreeMap;
use std::process::ExitCode;

use chrono::{DateTime, Utc};

use super::batch::{BatchRequest, Plan, run_batch};
use super::exit::usage;
use crate::api::client::ApiClient;
use crate::cli::ChangeArgs;
use crate::config::View;
use crate::protocol::PostChange;
use crate::time::TimeZoneChoice;
use crate::worker::job::JobOptions;

/// How far in the past `--at` may be (a minute typed a moment ago) before it is refused: the
/// server would publish such posts at once (§3.4 sets a past time to now).
const PAST_TOLERANCE: chrono::Duration = chrono::Duration::minutes(1);

/// Reads `--at` in `zone` as the TUI's time field does; a time in the past is refused, `now`
/// aside.
///
/// # Errors
/// The parser's explanation, or that the time has passed.
pub fn read_at(
    text: &str,
    now: DateTime<Utc>,
    zone: TimeZoneChoice,
) -> Result<DateTime<Utc>, String> {
    let at = crate::time::input::parse(text, now, zone)
        .map_err(|error| format!("--at {text:?}: {error}"))?;
    if at + PAST_TOLERANCE < now {
        return Err(format!(
            "--at {text:?} is in the past ({}); the server would publish at once. Give a future time, or `now`",
            crate::time::format_time(at, zone)
        ));
    }
    Ok(at)
}

/// `postpost reschedule` (`at: Some`) or `postpost draft` (`at: None`).
pub async fn change(
    client: &ApiClient,
    args: &ChangeArgs,
    at: Option<&str>,
    views: &BTreeMap<String, View>,
    options: JobOptions,
) -> ExitCode {
    let (command, change) = match at {
        Some(text) => match read_at(text, Utc::now(), TimeZoneChoice::configured()) {
            Ok(at) => ("reschedule", PostChange::Reschedule(at)),
            Err(message) => return usage(&message),
        },
        None => ("draft", PostChange::MoveToDraft),
    };
    let request = BatchRequest {
        command,
        ids: &args.ids,
        filter: &args.filter,
        dry_run: args.dry_run,
        yes: args.yes,
        json: args.json,
        concurrency: args.concurrency,
    };
    run_batch(client, request, Plan::Change(change), views, options).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn at_takes_the_time_fields_forms_and_refuses_the_past() {
        let now: DateTime<Utc> = "2026-12-07T08:00:30Z".parse().expect("time");
        let zone = TimeZoneChoice::Utc;
        assert_eq!(
            read_at("+2h", now, zone),
            Ok("2026-12-07T10:00:00Z".parse().expect("time"))
        );
        assert_eq!(
            read_at("2026-12-08 09:30", now, zone),
            Ok("2026-12-08T09:30:00Z".parse().expect("time"))
        );
        assert_eq!(read_at("now", now, zone), Ok(now));
        let past = read_at("2026-12-01 09:30", now, zone).expect_err("past");
        assert!(past.contains("in the past"), "{past}");
        let bad = read_at("soonish", now, zone).expect_err("bad");
        assert!(bad.starts_with("--at \"soonish\""), "{bad}");
    }
}
