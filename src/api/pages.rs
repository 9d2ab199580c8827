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

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    use axum::Router;
    use axum::extract::Query;
    use axum::routing::get;
    use serde_json::{Value, json};

    use super::*;
    use crate::api::client::ClientOptions;
    use crate::secret::ApiKey;

    #[derive(serde::Deserialize)]
    struct Asked {
        page: u32,
        limit: u32,
    }

    /// A list-posts server answering page `n` of size `limit` with `answer(n, limit)`, and
    /// the count of requests it got.
    async fn server(answer: fn(u32, u32) -> Value) -> (ApiClient, Arc<AtomicUsize>) {
        let asked = Arc::new(AtomicUsize::new(0));
        let count = Arc::clone(&asked);
        let app = Router::new().route(
            "/api/v1/list-posts",
            get(move |Query(q): Query<Asked>| {
                count.fetch_add(1, Ordering::SeqCst);
                async move { axum::Json(answer(q.page, q.limit)) }
            }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let base_url = format!("http://{}/api/v1", listener.local_addr().expect("addr"));
        tokio::spawn(async move { axum::serve(listener, app).await });
        let client = ApiClient::new(&ClientOptions {
            base_url,
            api_key: ApiKey::new("k"),
            user_id: None,
            connect_timeout: Duration::from_secs(2),
            request_timeout: Duration::from_secs(5),
            read_only: false,
        })
        .expect("client");
        (client, asked)
    }

    fn posts(numbers: std::ops::Range<u32>) -> Vec<Value> {
        numbers
            .map(|n| json!({"postGroupId": format!("{n:024x}"), "status": "draft", "content": "x"}))
            .collect()
    }

    /// The ids `walk` hands on, in order, and how many requests it made.
    async fn walked(answer: fn(u32, u32) -> Value, walk: PageWalk) -> (Vec<String>, usize) {
        let (client, asked) = server(answer).await;
        let query = ListQuery {
            limit: 100,
            ..ListQuery::default()
        };
        let mut ids = Vec::new();
        walk_pages(&client, &query, &walk, |page| {
            ids.extend(page.posts.into_iter().map(|p| p.post_group_id.to_string()));
            std::future::ready(())
        })
        .await
        .expect("the walk succeeds");
        (ids, asked.load(Ordering::SeqCst))
    }

    #[tokio::test]
    async fn a_page_without_pagination_ends_a_collect_but_not_a_stream() {
        fn answer(page: u32, limit: u32) -> Value {
            let start = (page - 1) * limit;
            json!({"success": true, "posts": posts(start..(start + limit).min(250)), "pagination": null})
        }
        let (ids, requests) = walked(answer, PageWalk::collect()).await;
        assert_eq!((ids.len(), requests), (100, 1));
        let (ids, requests) = walked(answer, PageWalk::stream(4)).await;
        assert_eq!((ids.len(), requests), (250, 3), "paged until a short page");
    }

    #[tokio::test]
    async fn a_collect_stops_at_an_empty_page_and_a_stream_trusts_the_first_count() {
        fn answer(page: u32, _limit: u32) -> Value {
            let numbers = match page {
                1 => 0..100,
                3 => 200..300,
                _ => 0..0,
            };
            json!({"success": true, "posts": posts(numbers),
                "pagination": {"page": page, "limit": 100, "totalItems": 300, "totalPages": 3, "hasNextPage": page < 3}})
        }
        let (ids, requests) = walked(answer, PageWalk::collect()).await;
        assert_eq!((ids.len(), requests), (100, 2));
        let (ids, requests) = walked(answer, PageWalk::stream(1)).await;
        assert_eq!((ids.len(), requests), (200, 3));
    }

    #[tokio::test]
    async fn a_collect_drops_what_an_earlier_page_gave_and_a_stream_hands_it_on() {
        // A post created while walking shifts page 2 back by one.
        fn answer(page: u32, _limit: u32) -> Value {
            let numbers = if page == 1 { 0..100 } else { 99..150 };
            json!({"success": true, "posts": posts(numbers),
                "pagination": {"page": page, "limit": 100, "totalItems": 150, "totalPages": 2, "hasNextPage": page < 2}})
        }
        let (ids, _) = walked(answer, PageWalk::collect()).await;
        assert_eq!(ids.len(), 150);
        assert_eq!(ids[99], format!("{:024x}", 99));
        let (ids, _) = walked(answer, PageWalk::stream(4)).await;
        assert_eq!(ids.len(), 151);
    }
}
