//! `postpost list`: every matching post (all pages) as a table, JSON, or ids.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::process::ExitCode;

use super::exit::{Exit, report_api_error, usage};
use super::filter::collect_matching;
use crate::api::client::ApiClient;
use crate::api::model::format_instant;
use crate::cli::FilterArgs;
use crate::config::View;
use crate::text::sanitize;
use crate::time::TimeZoneChoice;

pub(super) fn one_line(text: &str, cells: usize) -> String {
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

/// `postpost list`: every matching post, as a table, JSON, or ids only. Posts the server lists
/// that the query does not match locally are left out (and counted on stderr).
pub async fn list(
    client: &ApiClient,
    filter: &FilterArgs,
    views: &BTreeMap<String, View>,
    json: bool,
    ids_only: bool,
) -> ExitCode {
    let query = match filter.to_query(views, chrono::Utc::now(), TimeZoneChoice::Local) {
        Ok(query) => query,
        Err(message) => return usage(&message),
    };
    let collected = match collect_matching(client, &query).await {
        Ok(collected) => collected,
        Err(error) => return report_api_error(&error),
    };
    if let Some(note) = collected.mismatch_note() {
        eprintln!("{note}");
    }
    let posts = collected.matching;
    let mut out = io::stdout().lock();
    let written = if json {
        crate::text::json::to_writer_pretty(&mut out, &posts)
            .map_err(io::Error::other)
            .and_then(|()| writeln!(out))
    } else if ids_only {
        posts
            .iter()
            .try_for_each(|post| writeln!(out, "{}", one_line(post.post_group_id.as_str(), 24)))
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
        Ok(()) => ExitCode::from(Exit::Done),
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => ExitCode::from(Exit::Done),
        Err(error) => {
            eprintln!("postpost: cannot write: {error}");
            Exit::Failed.into()
        }
    }
}
