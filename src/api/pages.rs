//! Walking every page of list-posts (POSTPOST_API.md §3.1, §3.1.1): the one set of rules for
//! which page to ask for next, how many at once, how often to retry one and when to stop. The
//! headless commands collect what it yields (`commands::filter::collect_all`, with
//! [`PageWalk::collect`]); the TUI's loader sends each page to the app loop as it arrives
//! (`worker::load`, with [`PageWalk::stream`]). The two differ where their callers need it, and
//! each difference is a field of [`PageWalk`].

use std::collections::HashSet;
use std::future::Future;

use futures_util::StreamExt;

use super::client::{ApiClient, ListQuery};
use super::error::ApiError;
use super::model::ListPostsPage;
use super::retry::RetryPolicy;

/// How to walk the pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageWalk {
    /// Whose page count decides whether there is more.
    pub count: PageCount,
    /// When the page count is unknown (the pagination object absent or `null`, which reads
    /// as zeros, §3.1.1 says it should be there): a full page means another may follow.
    /// Without it such a walk ends after its first page.
    pub full_page_means_more: bool,
    /// Drop posts whose `postGroupId` an earlier page already gave (a post created while
    /// walking by offset shifts the later pages by one).
    pub dedupe: bool,
    /// How each page's request is retried.
    pub retry: RetryPolicy,
    /// Pages read one at a time at most (a bound on a server that always says there is more).
    pub max_sequential_pages: u32,
}

/// Which answer's page count the walk believes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageCount {
    /// Every page's own: after each page, go on to the next one while that page was not empty
    /// and says there is more (`hasNextPage`, or its `page < totalPages`). Pages come in order.
    EachPage,
    /// The first page's: when it gives `totalPages`, pages `2..=totalPages` are then fetched
    /// `concurrency` at a time whatever they hold, and handed on in the order they complete.
    /// When it gives none, pages are read one at a time while they are not empty and say
    /// `hasNextPage` (or are full, with [`PageWalk::full_page_means_more`]).
    FirstPage {
        /// Requests in flight at once after the first page (at least 1).
        concurrency: usize,
    },
}

impl PageWalk {
    /// Every matching post once, in the order of the query: one page at a time by each page's
    /// count, deduplicated, and the first error ends the walk (a script reruns the command).
    pub fn collect() -> Self {
        Self {
            count: PageCount::EachPage,
            full_page_means_more: false,
            dedupe: true,
            retry: RetryPolicy::NEVER,
            max_sequential_pages: u32::MAX,
        }
    }

    /// Pages as fast as the server gives them, for a list that is usable while they arrive:
    /// the first page's count fans out `concurrency` requests, each page is retried
    /// ([`RetryPolicy::PAGES`]), and duplicates are left to the receiver (the app loop keys
    /// its rows by id).
    pub fn stream(concurrency: usize) -> Self {
        Self {
            count: PageCount::FirstPage { concurrency },
            full_page_means_more: true,
            dedupe: false,
            retry: RetryPolicy::PAGES,
            max_sequential_pages: 10_000,
        }
    }
}

/// Reads every page of list-posts for `query` (its `page` is ignored) as `walk` says, handing
/// each page to `on_page` and waiting for it before the next is handed on.
///
/// # Errors
/// The first [`ApiError`] left after the page's retries; pages handed on before it stay
/// handed on.
pub async fn walk_pages<F, Fut>(
    client: &ApiClient,
    query: &ListQuery,
    walk: &PageWalk,
    mut on_page: F,
) -> Result<(), ApiError>
where
    F: FnMut(ListPostsPage) -> Fut,
    Fut: Future<Output = ()>,
{
    let mut seen = HashSet::new();
    let mut hand_on = async |mut page: ListPostsPage| {
        if walk.dedupe {
            page.posts
                .retain(|post| seen.insert(post.post_group_id.clone()));
        }
        on_page(page).await;
    };
    let page_query = |page: u32| ListQuery {
        page,
        ..query.clone()
    };
    let first = fetch(client, &page_query(1), &walk.retry).await?;
    let first_count = u32::try_from(first.pagination.total_pages).unwrap_or(u32::MAX);
    if let PageCount::FirstPage { concurrency } = walk.count
        && first_count > 0
    {
        hand_on(first).await;
        let mut pages = futures_util::stream::iter(2..=first_count)
            .map(|page| {
                let query = page_query(page);
                async move { fetch(client, &query, &walk.retry).await }
            })
            .buffer_unordered(concurrency.max(1));
        while let Some(page) = pages.next().await {
            hand_on(page?).await;
        }
        return Ok(());
    }
    let full = query.limit.clamp(1, 100) as usize;
    let mut answer = first;
    let mut page: u32 = 1;
    loop {
        let count = match walk.count {
            PageCount::EachPage => answer.pagination.total_pages,
            PageCount::FirstPage { .. } => u64::from(first_count),
        };
        let more = !answer.posts.is_empty()
            && (answer.pagination.has_next_page
                || u64::from(page) < count
                || (walk.full_page_means_more && count == 0 && answer.posts.len() >= full));
        hand_on(answer).await;
        if !more || page >= walk.max_sequential_pages {
            return Ok(());
        }
        page += 1;
        answer = fetch(client, &page_query(page), &walk.retry).await?;
    }
}

/// One page, retried as `retry` says.
async fn fetch(
    client: &ApiClient,
    query: &ListQuery,
    retry: &RetryPolicy,
) -> Result<ListPostsPage, ApiError> {
    let mut retries_done = 0;
    loop {
        let error = match client.list_posts(query).await {
            Ok(page) => return Ok(page),
            Err(error) => error,
        };
        let Some(wait) = retry.wait(&error, retries_done) else {
            return Err(error);
        };
        tracing::info!(page = query.page, attempt = retries_done + 1, %error, "retrying a page");
        tokio::time::sleep(wait.duration()).await;
        retries_done += 1;
    }
}
