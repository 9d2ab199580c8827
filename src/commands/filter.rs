//! The filters of `list` and `delete` (server-side, POSTPOST_API.md §3.1): checked before any
//! request, then walked page by page.

use crate::api::client::{ApiClient, ListQuery};
use crate::api::error::ApiError;
use crate::api::model::{
    Platform, PostStatus, PostSummary, SortField, SortOrder, format_instant, parse_instant,
};
use crate::api::pages::{PageWalk, walk_pages};
use crate::cli::FilterArgs;

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

/// Reads every page of list-posts for `query`, in order, deduplicated by id
/// ([`PageWalk::collect`]).
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
