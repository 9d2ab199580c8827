//! The filters of `list`, `delete` and `prune`: the command-line flags become one [`Query`]
//! (DESIGN §8), checked before any request; list-posts is asked for what it can filter itself
//! (POSTPOST_API.md §3.1), walked page by page, and every summary is checked against the whole
//! query locally (DESIGN §7 invariant 4): a server that ignores its filters cannot make a command
//! act on a post the query does not match.

use std::collections::{BTreeMap, HashSet};

use chrono::{DateTime, Utc};

use crate::api::client::{ApiClient, ListQuery};
use crate::api::error::ApiError;
use crate::api::model::{PostGroupId, PostSummary, SortField, SortOrder, format_instant};
use crate::api::pages::{PageWalk, walk_pages};
use crate::app::query::{Query, Subject, TimeOp, search_key};
use crate::cli::FilterArgs;
use crate::config::View;
use crate::time::TimeZoneChoice;

/// A query built from the flags, with its text (for messages) and what to ask list-posts.
#[derive(Debug, Clone)]
pub struct CommandQuery {
    /// The query text all the flags add up to.
    pub text: String,
    pub query: Query,
    /// The list-posts request (page 1; the walker moves on).
    pub list: ListQuery,
}

/// `text` quoted for the query parser, `"` and `\` escaped: a flag's value is one value.
fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        if c == '"' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

impl FilterArgs {
    /// True when any filter is given.
    pub fn is_set(&self) -> bool {
        self.query.is_some()
            || self.view.is_some()
            || !self.status.is_empty()
            || !self.platform.is_empty()
            || self.older_than.is_some()
            || !self.contains.is_empty()
            || !self.exclude.is_empty()
            || self.created_before.is_some()
            || self.created_after.is_some()
            || self.scheduled_before.is_some()
            || self.scheduled_after.is_some()
            || self.from.is_some()
            || self.to.is_some()
    }

    /// Every flag as `(flag, query text)`: `--view` and `--query` as written, each sugar flag
    /// as the terms it adds.
    ///
    /// # Errors
    /// An unknown view, naming the known ones.
    fn pieces(&self, views: &BTreeMap<String, View>) -> Result<Vec<(String, String)>, String> {
        let mut pieces = Vec::new();
        if let Some(name) = &self.view {
            let view = views.get(name).ok_or_else(|| {
                let known: Vec<&str> = views.keys().map(String::as_str).collect();
                if known.is_empty() {
                    format!(
                        "--view {name}: the config has no saved views; add [views.{name}] query = \"…\""
                    )
                } else {
                    format!(
                        "--view {name}: no such view; the config has {}",
                        known.join(", ")
                    )
                }
            })?;
            pieces.push((format!("--view {name}"), view.query.clone()));
        }
        if let Some(query) = &self.query {
            pieces.push(("--query".to_string(), query.clone()));
        }
        let mut sugar = |flag: &str, value: &str, text: String| {
            pieces.push((format!("--{flag} {value}"), text));
        };
        if !self.status.is_empty() {
            let value = self.status.join(",");
            sugar("status", &value, format!("status:{}", quoted(&value)));
        }
        if !self.platform.is_empty() {
            let value = self.platform.join(",");
            sugar("platform", &value, format!("platform:{}", quoted(&value)));
        }
        if let Some(value) = &self.older_than {
            sugar("older-than", value, format!("created:<{}", quoted(value)));
        }
        for value in &self.contains {
            sugar("contains", value, quoted(value));
        }
        for value in &self.exclude {
            sugar("exclude", value, format!("-{}", quoted(value)));
        }
        for (flag, value, term) in [
            ("created-before", &self.created_before, "created:<"),
            ("created-after", &self.created_after, "created:>"),
            ("scheduled-before", &self.scheduled_before, "scheduled:<"),
            ("scheduled-after", &self.scheduled_after, "scheduled:>"),
            ("from", &self.from, "scheduled:>"),
        ] {
            if let Some(value) = value {
                sugar(flag, value, format!("{term}{}", quoted(value)));
            }
        }
        if let Some(value) = &self.to {
            // Inclusive: a date runs through its last moment, so the bound is the next day.
            let bound = chrono::NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d")
                .ok()
                .and_then(|date| date.succ_opt())
                .map_or_else(|| value.clone(), |next| next.format("%Y-%m-%d").to_string());
            sugar("to", value, format!("scheduled:<{}", quoted(&bound)));
        }
        Ok(pieces)
    }

    /// Checks every flag and builds the query (ages from `now`, dates in `zone`); nothing is
    /// sent.
    ///
    /// # Errors
    /// A message naming the flag and the bad term (exit 2).
    pub fn to_query(
        &self,
        views: &BTreeMap<String, View>,
        now: DateTime<Utc>,
        zone: TimeZoneChoice,
    ) -> Result<CommandQuery, String> {
        let pieces = self.pieces(views)?;
        for (flag, text) in &pieces {
            Query::parse(text, now, zone).map_err(|error| format!("{flag}: {error}"))?;
        }
        let text = pieces
            .iter()
            .map(|(_, text)| text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        let query = Query::parse(&text, now, zone).map_err(|error| error.to_string())?;
        check_time_bounds(&query)?;
        let server = query.server_filter();
        let list = ListQuery {
            page: 1,
            limit: 100,
            status: server.status,
            platform: server.platform.map(|p| p.as_str().to_string()),
            sort_by: Some(SortField::CreatedAt),
            sort_order: Some(SortOrder::Asc),
            from_date: server
                .scheduled_from_ms
                .and_then(DateTime::from_timestamp_millis)
                .map(format_instant),
            to_date: server
                .scheduled_to_ms
                .and_then(DateTime::from_timestamp_millis)
                .map(format_instant),
        };
        Ok(CommandQuery { text, query, list })
    }
}

/// Refuses time bounds no post can meet (e.g. `--from` after `--to`).
fn check_time_bounds(query: &Query) -> Result<(), String> {
    use crate::app::query::Term;
    let times: Vec<_> = query
        .terms()
        .iter()
        .filter_map(|term| match term {
            Term::Time(time) => Some(time),
            _ => None,
        })
        .collect();
    for low in &times {
        for high in &times {
            if low.field == high.field
                && low.op != TimeOp::Before
                && high.op != TimeOp::After
                && high.bounds_ms().1.is_some_and(|to| low.at_ms > to)
            {
                let at = |ms: i64| {
                    DateTime::from_timestamp_millis(ms).map_or_else(String::new, format_instant)
                };
                return Err(format!(
                    "{} from {} and before {} cannot both hold: no post can match",
                    low.field.key(),
                    at(low.at_ms),
                    at(high.bounds_ms().1.unwrap_or_default().saturating_add(1))
                ));
            }
        }
    }
    Ok(())
}

/// The posts a listing returned that match the query, and those that did not.
#[derive(Debug, Default)]
pub struct Collected {
    /// Matching summaries, in the server's order, deduplicated by id.
    pub matching: Vec<PostSummary>,
    /// Ids the server returned that the query does not match.
    pub mismatched: HashSet<PostGroupId>,
}

impl Collected {
    /// Lists every page once more and adds the matching posts this listing did not have (they
    /// appeared meanwhile, or shifting pages hid them from the first walk); returns them.
    ///
    /// # Errors
    /// The first [`ApiError`].
    pub async fn list_again(
        &mut self,
        client: &ApiClient,
        query: &CommandQuery,
    ) -> Result<Vec<PostSummary>, ApiError> {
        let again = collect_matching(client, query).await?;
        let known: HashSet<PostGroupId> = self
            .matching
            .iter()
            .map(|post| post.post_group_id.clone())
            .collect();
        let extra: Vec<PostSummary> = again
            .matching
            .into_iter()
            .filter(|post| !known.contains(&post.post_group_id))
            .collect();
        self.matching.extend(extra.iter().cloned());
        self.mismatched.extend(again.mismatched);
        Ok(extra)
    }

    /// The stderr line about the posts the server returned that the query does not match.
    pub fn mismatch_note(&self) -> Option<String> {
        let count = self.mismatched.len();
        (count > 0).then(|| {
            format!(
                "the server returned {count} {} that {} not match the filter; skipped",
                if count == 1 { "post" } else { "posts" },
                if count == 1 { "does" } else { "do" }
            )
        })
    }
}

/// True when `post` matches `query` (the local check every filter command makes).
pub fn summary_matches(query: &Query, post: &PostSummary) -> bool {
    let key = search_key(post.content.as_deref());
    query.matches(&Subject::of(post, &key))
}

/// Reads every page of list-posts for `query.list`, in order, deduplicated by id
/// ([`PageWalk::collect`]), and keeps the summaries the query matches locally.
///
/// # Errors
/// The first [`ApiError`].
pub async fn collect_matching(
    client: &ApiClient,
    query: &CommandQuery,
) -> Result<Collected, ApiError> {
    let posts = collect_all(client, &query.list).await?;
    let mut collected = Collected::default();
    let mut seen = HashSet::new();
    for post in posts {
        if !seen.insert(post.post_group_id.clone()) {
            continue;
        }
        if summary_matches(&query.query, &post) {
            collected.matching.push(post);
        } else {
            collected.mismatched.insert(post.post_group_id);
        }
    }
    Ok(collected)
}

/// Reads every page of list-posts for `query`, in order, deduplicated by id
/// ([`PageWalk::collect`]), unchecked.
///
/// # Errors
/// The first [`ApiError`].
pub async fn collect_all(
    client: &ApiClient,
    query: &ListQuery,
) -> Result<Vec<PostSummary>, ApiError> {
    let mut posts = Vec::new();
    walk_pages(client, query, &PageWalk::collect(), |page| {
        posts.extend(page.posts);
        std::future::ready(())
    })
    .await?;
    Ok(posts)
}
