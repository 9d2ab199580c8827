//! `postpost list`: every matching post (all pages) as a table (padded on a terminal or with
//! `--table`, tab-separated otherwise), one JSON object, JSON lines, or ids.

use std::collections::BTreeMap;
use std::process::ExitCode;

use serde::Serialize;

use super::exit::{Exit, report_api_error, usage};
use super::filter::collect_matching;
use super::output::{self, note, outln};
use crate::api::client::ApiClient;
use crate::api::model::{PostSummary, format_instant};
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
            t.parsed()
                .map_or_else(|| "unknown".to_string(), format_instant)
        },
    )
}

/// How `list` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Columns: padded when `padded` (a terminal, or `--table`), else tab-separated.
    Table { padded: bool },
    /// `{"schema_version":1,"posts":[…]}`.
    Json,
    /// One list-posts entry per line.
    JsonLines,
    /// One id per line.
    Ids,
}

impl Format {
    /// The format the flags ask for (clap keeps them exclusive).
    pub fn from_flags(json: bool, jsonl: bool, ids: bool, table: bool) -> Self {
        if json {
            Self::Json
        } else if jsonl {
            Self::JsonLines
        } else if ids {
            Self::Ids
        } else {
            Self::Table {
                padded: table || output::stdout_is_terminal(),
            }
        }
    }
}

/// The `--json` object of `list`.
#[derive(Serialize)]
struct ListJson<'a> {
    /// The list-posts entries, in the server's order.
    posts: &'a [PostSummary],
    /// Posts the server listed that the query does not match locally (left out).
    skipped_not_matching: usize,
}

/// `postpost list`: every matching post in `format`. Posts the server lists that the query
/// does not match locally are left out (and counted on stderr).
pub async fn list(
    client: &ApiClient,
    filter: &FilterArgs,
    views: &BTreeMap<String, View>,
    format: Format,
) -> ExitCode {
    let query = match filter.to_query(views, chrono::Utc::now(), TimeZoneChoice::configured()) {
        Ok(query) => query,
        Err(message) => return usage(&message),
    };
    let collected = match collect_matching(client, &query).await {
        Ok(collected) => collected,
        Err(error) => return report_api_error(&error),
    };
    if let Some(text) = collected.mismatch_note() {
        note!("{text}");
    }
    let posts = collected.matching;
    match format {
        Format::Json => output::print_json(&ListJson {
            posts: &posts,
            skipped_not_matching: collected.mismatched.len(),
        }),
        Format::JsonLines => posts.iter().for_each(output::print_json_line),
        Format::Ids => posts
            .iter()
            .for_each(|post| outln!("{}", one_line(post.post_group_id.as_str(), 24))),
        Format::Table { padded } => {
            // Padded columns are cut to fit a screen; tab-separated cells are whole (still one
            // sanitized line each, so a tab or newline in a post cannot shift a column).
            let cell = |text: &str, cells: usize| {
                if padded {
                    one_line(text, cells)
                } else {
                    sanitize::sanitize_line(text)
                }
            };
            let rows: Vec<Vec<String>> = posts
                .iter()
                .map(|post| {
                    let platforms: Vec<&str> =
                        post.platforms.iter().map(|p| p.platform.as_str()).collect();
                    vec![
                        cell(post.post_group_id.as_str(), 24),
                        cell(post.status.as_str(), 19),
                        cell(&platforms.join(","), 24),
                        time_or_dash(post.scheduled_time.as_ref()),
                        cell(post.content.as_deref().unwrap_or(""), 60),
                    ]
                })
                .collect();
            output::print_table(
                &["id", "status", "platforms", "scheduled", "content"],
                &rows,
                &[24, 19, 24, 24],
                padded,
            );
        }
    }
    ExitCode::from(Exit::Done)
}
