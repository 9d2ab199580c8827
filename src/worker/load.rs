//! Loading every post (POSTPOST_API.md §3.1): the first page tells how many pages there are,
//! then the rest are fetched concurrently (bounded) and streamed to the app loop as
//! `WorkerEvent::PageLoaded`, so the list is usable while they arrive (issue 4). The app loop
//! deduplicates by `postGroupId`.

use futures_util::StreamExt;
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use std::time::Duration;

use crate::api::client::{ApiClient, ListQuery};
use crate::api::error::ApiError;
use crate::api::model::{ListPostsPage, SortField, SortOrder};
use crate::protocol::{LoadSeq, RequestError, WorkerEvent};

/// Attempts per page before a load gives up.
const PAGE_ATTEMPTS: u32 = 3;

/// One page, retried like a delete (timeouts, broken connections, 5xx, 429 with its
/// `Retry-After`, capped at 10 s), so one lost request does not fail the whole load.
async fn list_with_retry(client: &ApiClient, query: &ListQuery) -> Result<ListPostsPage, ApiError> {
    let mut attempt = 1;
    loop {
        match client.list_posts(query).await {
            Err(error) if error.is_retryable() && !error.is_auth() && attempt < PAGE_ATTEMPTS => {
                let wait = match &error {
                    ApiError::Http {
                        retry_after: Some(after),
                        ..
                    } => (*after).min(Duration::from_secs(10)),
                    _ => Duration::from_millis(250 * u64::from(attempt)),
                };
                tracing::info!(page = query.page, attempt, %error, "retrying a page");
                tokio::time::sleep(wait).await;
                attempt += 1;
            }
            result => return result,
        }
    }
}

fn page_loaded(seq: LoadSeq, page: ListPostsPage) -> WorkerEvent {
    WorkerEvent::PageLoaded {
        seq,
        posts: page.posts,
        skipped: page.skipped,
        pagination: page.pagination,
    }
}

/// Upper bound on pages read one by one from a server that gives no page count.
const MAX_SEQUENTIAL_PAGES: u32 = 10_000;

/// Loads every page for generation `seq`, sending `PageLoaded` per page and then
/// `LoadFinished`, or `LoadFailed` at the first error. Stops quietly when cancelled.
pub async fn load_all(
    client: ApiClient,
    page_size: u32,
    page_concurrency: usize,
    seq: LoadSeq,
    events: mpsc::Sender<WorkerEvent>,
    cancel: CancellationToken,
) {
    let query = |page: u32| ListQuery {
        page,
        limit: page_size.clamp(1, 100),
        sort_by: Some(SortField::CreatedAt),
        sort_order: Some(SortOrder::Desc),
        ..ListQuery::default()
    };
    let work = async {
        let first = list_with_retry(&client, &query(1)).await?;
        let total_pages = u32::try_from(first.pagination.total_pages).unwrap_or(u32::MAX);
        // A server that gives no usable page count (§3.1.1 says it should): page one by one
        // while it says there is more, or while pages come back full.
        let limit = page_size.clamp(1, 100) as usize;
        if total_pages == 0 && (first.pagination.has_next_page || first.posts.len() >= limit) {
            let mut answer = first;
            let mut page: u32 = 1;
            loop {
                let more = !answer.posts.is_empty()
                    && (answer.pagination.has_next_page || answer.posts.len() >= limit);
                let _ = events.send(page_loaded(seq, answer)).await;
                if !more || page >= MAX_SEQUENTIAL_PAGES {
                    return Ok(());
                }
                page += 1;
                answer = list_with_retry(&client, &query(page)).await?;
            }
        }
        let _ = events.send(page_loaded(seq, first)).await;
        let mut pages = futures_util::stream::iter(2..=total_pages)
            .map(|page| {
                let client = client.clone();
                let query = query(page);
                async move { list_with_retry(&client, &query).await }
            })
            .buffer_unordered(page_concurrency.max(1));
        while let Some(page) = pages.next().await {
            let _ = events.send(page_loaded(seq, page?)).await;
        }
        Ok(())
    };
    let result: Result<(), ApiError> = tokio::select! {
        () = cancel.cancelled() => return,
        result = work => result,
    };
    let event = match result {
        Ok(()) => WorkerEvent::LoadFinished { seq },
        Err(error) => WorkerEvent::LoadFailed {
            seq,
            error: RequestError::from(error),
        },
    };
    let _ = events.send(event).await;
}
