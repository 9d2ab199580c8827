//! Loading every post (POSTPOST_API.md §3.1) for the TUI: [`api::pages`](crate::api::pages)
//! walks the pages ([`PageWalk::stream`]: the first page tells how many there are, the rest are
//! fetched concurrently, each retried) and each one goes to the app loop as
//! `WorkerEvent::PageLoaded` as soon as it arrives, so the list is usable while they come. The
//! app loop deduplicates by `postGroupId`.

use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use crate::api::client::{ApiClient, ListQuery};
use crate::api::model::{SortField, SortOrder};
use crate::api::pages::{PageWalk, walk_pages};
use crate::protocol::{LoadSeq, RequestError, WorkerEvent};

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
    let query = ListQuery {
        page: 1,
        limit: page_size.clamp(1, 100),
        sort_by: Some(SortField::CreatedAt),
        sort_order: Some(SortOrder::Desc),
        ..ListQuery::default()
    };
    let walk = PageWalk::stream(page_concurrency);
    let sender = &events;
    let work = walk_pages(&client, &query, &walk, |page| async move {
        let _ = sender
            .send(WorkerEvent::PageLoaded {
                seq,
                posts: page.posts,
                skipped: page.skipped,
                pagination: page.pagination,
            })
            .await;
    });
    let result = tokio::select! {
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
