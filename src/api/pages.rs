//! Walking every page of list-posts (POSTPOST_API.md §3.1, §3.1.1): the one set of rules for
//! which page to ask for next, how many at once, how often to retry one and when to stop. The
//! headless commands collect what it yields (`commands::filter::collect_all`, with
//! [`PageWalk::collect`]); the TUI's loader sends each page to the app loop as it arrives
//! (`worker::load`, with [`PageWalk::stream`]). The two differ where their callers need it, and
//! each difference is a field of [`PageWalk`].
//!
//! The server's numbers are bounded before they drive the loop (DESIGN §7 invariant 6): the
//! walk stops at the first empty page; it never asks beyond `ceil(totalItems / limit)` pages,
//! plus one while the last page is full (to notice posts added meanwhile); without a usable
//! pagination object (absent, `null`, zeros) it reads on while pages come back full; and in
//! every case it stops with [`ApiError::PageLimit`] after [`PageWalk::max_pages`] pages. Pages
//! are handed on with `totalPages` cut to what the walk will actually read.
//!
//! Every page is asked for at the pace of the client's pacer, when it has one (`super::pacer`,
//! shared with the jobs of the same key); a 429 then waits its turn and uses no retry.

use std::collections::HashSet;
use std::future::Future;
use std::time::Duration;

use futures_util::StreamExt;

use super::client::{ApiClient, ListQuery};
use super::error::ApiError;
use super::model::{ListPostsPage, Pagination};
use super::pacer::{LONG_WAIT, MAX_REFUSALS};
use super::retry::{RetryPolicy, retry_after};

/// Pages read at most by one walk: two million posts at 100 a page, twice the largest account
/// this tool is measured with. It is what a server that claims endless posts costs (each page a
/// request), so it stays near that size rather than far above it. An account of exactly the cap
/// is read whole: the one page past an honest count may go past it.
pub const MAX_PAGES: u32 = 20_000;

/// The longest `Retry-After` a paced walk sits out (the job engine's default too).
pub const MAX_RATE_LIMIT_WAIT: Duration = Duration::from_secs(300);

/// How to walk the pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageWalk {
    /// Whose page count decides whether there is more.
    pub count: PageCount,
    /// Drop posts whose `postGroupId` an earlier page already gave (a post created while
    /// walking by offset shifts the later pages by one). A page that brings nothing new ends
    /// the walk: the server is repeating itself.
    pub dedupe: bool,
    /// How each page's request is retried.
    pub retry: RetryPolicy,
    /// The hard cap: a walk that would read more pages than this stops with
    /// [`ApiError::PageLimit`].
    pub max_pages: u32,
    /// A page holding a `postGroupId` that is not 24 hex characters ends the walk with
    /// [`ApiError::InvalidServerId`]; without it such entries are dropped and counted in the
    /// page's `skipped`.
    pub refuse_invalid_ids: bool,
    /// With a pacer on the client, a 429 is waited out and its page asked for again, using
    /// none of `retry`, unless its `Retry-After` is longer than this (then `retry` decides).
    pub max_rate_limit_wait: Duration,
}

/// Which answer's page count the walk believes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageCount {
    /// Every page's own: after each page, go on to the next one while that page was not empty
    /// and says there is more (`hasNextPage`, or its `page < totalPages`). Pages come in order.
    EachPage,
    /// The first page's: when it gives `totalPages`, pages `2..=totalPages` (bounded as the
    /// module docs say) are then fetched `concurrency` at a time, and handed on in the order
    /// they complete, until one comes back empty. When it gives none, pages are read one at a
    /// time as with [`PageCount::EachPage`].
    FirstPage {
        /// Requests in flight at once after the first page (at least 1).
        concurrency: usize,
    },
}

impl PageWalk {
    /// Every matching post once, in the order of the query: one page at a time by each page's
    /// count, deduplicated; the first error, an invalid id or the page cap ends the walk (a
    /// script reruns the command, and a delete never acts on a partial or doubtful list).
    pub fn collect() -> Self {
        Self {
            count: PageCount::EachPage,
            dedupe: true,
            retry: RetryPolicy::NEVER,
            max_pages: MAX_PAGES,
            refuse_invalid_ids: true,
            max_rate_limit_wait: MAX_RATE_LIMIT_WAIT,
        }
    }

    /// Pages as fast as the server gives them, for a list that is usable while they arrive:
    /// the first page's count fans out `concurrency` requests, each page is retried
    /// ([`RetryPolicy::PAGES`]), entries with invalid ids are skipped and counted, and
    /// duplicates are left to the receiver (the app loop keys its rows by id).
    pub fn stream(concurrency: usize) -> Self {
        Self {
            count: PageCount::FirstPage { concurrency },
            dedupe: false,
            retry: RetryPolicy::PAGES,
            max_pages: MAX_PAGES,
            refuse_invalid_ids: false,
            max_rate_limit_wait: MAX_RATE_LIMIT_WAIT,
        }
    }
}

/// What one answer says about the pages, bounded.
#[derive(Debug, Clone, Copy)]
struct Bounds {
    /// Posts a full page holds: the answer's `limit` when it is between 1 and what was asked,
    /// else what was asked.
    page_size: u64,
    /// `ceil(totalItems / page_size)`, when `totalItems` is given.
    item_pages: Option<u64>,
    /// `totalPages` as given, 0 when absent.
    total_pages: u64,
}

impl Bounds {
    fn of(pagination: &Pagination, asked: u64) -> Self {
        let page_size = if (1..=asked).contains(&pagination.limit) {
            pagination.limit
        } else {
            asked
        };
        Self {
            page_size,
            item_pages: (pagination.total_items > 0)
                .then(|| pagination.total_items.div_ceil(page_size)),
            total_pages: pagination.total_pages,
        }
    }

    /// True when the answer gives a count at all.
    fn known(self) -> bool {
        self.item_pages.is_some() || self.total_pages > 0
    }

    /// The pages the answer says there are, the smaller of its two counts.
    fn pages(self) -> u64 {
        match (self.item_pages, self.total_pages) {
            (Some(items), 0) => items,
            (Some(items), pages) => items.min(pages),
            (None, pages) => pages,
        }
    }
}

/// Reads every page of list-posts for `query` (its `page` is ignored) as `walk` says, handing
/// each page to `on_page` and waiting for it before the next is handed on.
///
/// # Errors
/// The first [`ApiError`] left after the page's retries; [`ApiError::InvalidServerId`] for a
/// page with an invalid id when `walk.refuse_invalid_ids`; [`ApiError::PageLimit`] when the
/// server still says there is more after `walk.max_pages` pages. Pages handed on before it
/// stay handed on.
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
    walk_pages_while(client, query, walk, |page| {
        let handled = on_page(page);
        async move {
            handled.await;
            true
        }
    })
    .await
}

/// [`walk_pages`] for a caller that may have seen enough: the walk ends quietly (`Ok`) as soon
/// as `on_page` answers `false`, before another page is asked for.
///
/// # Errors
/// As [`walk_pages`].
pub async fn walk_pages_while<F, Fut>(
    client: &ApiClient,
    query: &ListQuery,
    walk: &PageWalk,
    mut on_page: F,
) -> Result<(), ApiError>
where
    F: FnMut(ListPostsPage) -> Fut,
    Fut: Future<Output = bool>,
{
    let asked = u64::from(query.limit.clamp(1, 100));
    let max_pages = walk.max_pages.max(1);
    let mut seen = HashSet::new();
    let mut posts_read = 0usize;
    // Hands a page on: whether it brought something new (a deduplicating walk ends when not),
    // and whether the caller wants more.
    let mut hand_on =
        async |mut page: ListPostsPage, reported: u64| -> Result<(bool, bool), ApiError> {
            if let Some(id) = page.invalid_ids.first() {
                if walk.refuse_invalid_ids {
                    return Err(ApiError::InvalidServerId { id: id.clone() });
                }
                page.skipped += page.invalid_ids.len();
            }
            let before = page.posts.len();
            if walk.dedupe {
                page.posts
                    .retain(|post| seen.insert(post.post_group_id.clone()));
            }
            let fresh = page.posts.len();
            posts_read += fresh;
            page.pagination.total_pages = page.pagination.total_pages.min(reported);
            let go_on = on_page(page).await;
            Ok((fresh > 0 || before == 0, go_on))
        };
    let page_query = |page: u32| ListQuery {
        page,
        ..query.clone()
    };
    let first = fetch(client, &page_query(1), walk).await?;
    let first_bounds = Bounds::of(&first.pagination, asked);
    if let PageCount::FirstPage { concurrency } = walk.count
        && first_bounds.known()
    {
        let said = first_bounds.pages();
        let last = u32::try_from(said).unwrap_or(u32::MAX).min(max_pages);
        let empty = first.posts.is_empty() && first.invalid_ids.is_empty();
        let (_, go_on) = hand_on(first, u64::from(last)).await?;
        if empty || !go_on {
            return Ok(());
        }
        let mut pages = futures_util::stream::iter(2..=last)
            .map(|page| {
                let query = page_query(page);
                async move { fetch(client, &query, walk).await }
            })
            .buffer_unordered(concurrency.max(1));
        while let Some(page) = pages.next().await {
            let page = page?;
            if page.posts.is_empty() && page.invalid_ids.is_empty() {
                return Ok(());
            }
            if !hand_on(page, u64::from(last)).await?.1 {
                return Ok(());
            }
        }
        return if said > u64::from(max_pages) {
            Err(ApiError::PageLimit {
                pages: max_pages,
                posts: posts_read,
            })
        } else {
            Ok(())
        };
    }
    let mut answer = first;
    let mut page: u32 = 1;
    loop {
        let bounds = match walk.count {
            PageCount::EachPage => Bounds::of(&answer.pagination, asked),
            PageCount::FirstPage { .. } => first_bounds,
        };
        let full = answer.posts.len() + answer.invalid_ids.len() >= bounds.page_size as usize;
        let empty = answer.posts.is_empty() && answer.invalid_ids.is_empty();
        let here = u64::from(page);
        // The count is read, and all that is left is the one page past it that notices posts
        // added meanwhile: that page may go past the cap.
        let only_growth = bounds.known()
            && here == bounds.pages()
            && !answer.pagination.has_next_page
            && page == max_pages;
        let more = !empty
            && if bounds.known() {
                // One page past the count while pages come back full: posts added meanwhile.
                let growth = full && here == bounds.pages();
                (answer.pagination.has_next_page || here < bounds.pages() || growth)
                    && bounds.item_pages.is_none_or(|items| here < items + 1)
            } else {
                full || answer.pagination.has_next_page
            };
        let reported = bounds.pages().saturating_add(1).min(u64::from(max_pages));
        let (fresh, go_on) = hand_on(answer, reported).await?;
        if !more || !go_on {
            return Ok(());
        }
        if !fresh {
            tracing::warn!(
                page,
                "list-posts repeated earlier pages; the walk ends here"
            );
            return Ok(());
        }
        if page >= max_pages && !only_growth {
            return Err(ApiError::PageLimit {
                pages: max_pages,
                posts: posts_read,
            });
        }
        page += 1;
        answer = fetch(client, &page_query(page), walk).await?;
    }
}

/// One page, at the key's pace when the client has a pacer ([`super::pacer`]), retried as
/// `walk.retry` says. Under a pacer a 429 is the server asking us to come back, not a failed
/// attempt: the page waits its turn and is asked for again, using none of the retries, so a
/// rate limit never fails a walk nor loses a page. A walk dropped mid-request (a cancelled
/// load) leaves the pacer as if that request had not been sent.
async fn fetch(
    client: &ApiClient,
    query: &ListQuery,
    walk: &PageWalk,
) -> Result<ListPostsPage, ApiError> {
    // A walk is stopped by dropping it; the pacer's own wait needs no other signal.
    let never = tokio_util::sync::CancellationToken::new();
    let mut retries_done = 0;
    let mut refusals = 0;
    loop {
        let flight = match client.pacer() {
            Some(pacer) => pacer.start(&never).await,
            None => None,
        };
        let error = match client.list_posts(query).await {
            Ok(page) => {
                if let Some(flight) = flight {
                    flight.answered();
                }
                return Ok(page);
            }
            Err(error) => error,
        };
        if let Some(flight) = flight {
            let asked = retry_after(&error);
            if error.status() == Some(429)
                && refusals < MAX_REFUSALS
                && asked.is_none_or(|wait| wait <= walk.max_rate_limit_wait)
            {
                refusals += 1;
                let wait = flight.rate_limited(asked);
                tracing::debug!(page = query.page, ?wait, "page rate limited; asked again");
                tokio::time::sleep(wait.min(LONG_WAIT)).await;
                continue;
            }
            flight.answered();
        }
        let Some(wait) = walk.retry.wait(&error, retries_done) else {
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

    /// The walk's result instead of its ids, for walks expected to fail.
    async fn walk_result(
        answer: fn(u32, u32) -> Value,
        walk: PageWalk,
    ) -> (Result<usize, ApiError>, usize) {
        let (client, asked) = server(answer).await;
        let query = ListQuery {
            limit: 100,
            ..ListQuery::default()
        };
        let mut count = 0;
        let result = walk_pages(&client, &query, &walk, |page| {
            count += page.posts.len();
            std::future::ready(())
        })
        .await
        .map(|()| count);
        (result, asked.load(Ordering::SeqCst))
    }

    #[tokio::test]
    async fn without_pagination_both_walks_read_until_a_short_page() {
        fn answer(page: u32, limit: u32) -> Value {
            let start = (page - 1) * limit;
            json!({"success": true, "posts": posts(start..(start + limit).min(250)), "pagination": null})
        }
        let (ids, requests) = walked(answer, PageWalk::collect()).await;
        assert_eq!((ids.len(), requests), (250, 3));
        let (ids, requests) = walked(answer, PageWalk::stream(4)).await;
        assert_eq!((ids.len(), requests), (250, 3), "paged until a short page");
    }

    #[tokio::test]
    async fn both_walks_stop_at_the_first_empty_page() {
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
        assert_eq!((ids.len(), requests), (100, 2));
    }

    /// `totalPages: 4294967295` with an honest `totalItems`: never more than
    /// `ceil(totalItems / limit) + 1` requests.
    #[tokio::test]
    async fn a_huge_page_count_is_bounded_by_the_item_count() {
        fn answer(page: u32, limit: u32) -> Value {
            let start = (page - 1) * limit;
            json!({"success": true, "posts": posts(start..(start + limit).min(250)),
                "pagination": {"page": page, "limit": limit, "totalItems": 250,
                    "totalPages": u32::MAX, "hasNextPage": true}})
        }
        for walk in [PageWalk::collect(), PageWalk::stream(4)] {
            let (ids, requests) = walked(answer, walk).await;
            assert_eq!(ids.len(), 250, "{walk:?}");
            assert!(requests <= 4, "{requests} requests for {walk:?}");
        }
    }

    /// A server whose pages never end (full pages of new posts, no usable count, or a count
    /// that always grows) stops at the cap, and says so.
    #[tokio::test]
    async fn endless_pages_stop_at_the_cap_with_an_error() {
        fn no_count(page: u32, limit: u32) -> Value {
            let start = (page - 1) * limit;
            json!({"success": true, "posts": posts(start..start + limit)})
        }
        fn lying_count(page: u32, limit: u32) -> Value {
            let start = (page - 1) * limit;
            json!({"success": true, "posts": posts(start..start + limit),
                "pagination": {"page": page, "limit": limit, "totalItems": u64::MAX,
                    "totalPages": u64::MAX, "hasNextPage": true}})
        }
        for answer in [no_count as fn(u32, u32) -> Value, lying_count] {
            for walk in [PageWalk::collect(), PageWalk::stream(2)] {
                let walk = PageWalk {
                    max_pages: 7,
                    ..walk
                };
                let (result, requests) = walk_result(answer, walk).await;
                let error = result.expect_err("the cap is an error");
                assert_eq!(
                    error,
                    ApiError::PageLimit {
                        pages: 7,
                        posts: 700
                    },
                    "{walk:?}"
                );
                assert!(error.to_string().contains("after 7 pages"), "{error}");
                assert_eq!(requests, 7, "{walk:?}");
            }
        }
    }

    /// An account of exactly the cap's pages, every page full (a million posts at the real
    /// cap's scale): the count is honest, so it is read whole, the page past it included.
    #[tokio::test]
    async fn an_account_of_exactly_the_cap_is_read_whole() {
        fn answer(page: u32, limit: u32) -> Value {
            let start = (page - 1) * limit;
            json!({"success": true, "posts": posts(start..(start + limit).min(700)),
                "pagination": {"page": page, "limit": limit, "totalItems": 700,
                    "totalPages": 7, "hasNextPage": page < 7}})
        }
        for walk in [PageWalk::collect(), PageWalk::stream(2)] {
            let walk = PageWalk {
                max_pages: 7,
                ..walk
            };
            let (result, _) = walk_result(answer, walk).await;
            assert_eq!(result, Ok(700), "{walk:?}");
        }
    }

    /// A caller that has seen enough ends the walk before another page is asked for.
    #[tokio::test]
    async fn a_walk_ends_when_the_caller_has_seen_enough() {
        fn answer(page: u32, limit: u32) -> Value {
            let start = (page - 1) * limit;
            json!({"success": true, "posts": posts(start..(start + limit).min(1000)),
                "pagination": {"page": page, "limit": limit, "totalItems": 1000, "totalPages": 10}})
        }
        for walk in [PageWalk::collect(), PageWalk::stream(1)] {
            let (client, asked) = server(answer).await;
            let query = ListQuery {
                limit: 100,
                ..ListQuery::default()
            };
            let mut pages = 0;
            walk_pages_while(&client, &query, &walk, |_| {
                pages += 1;
                std::future::ready(pages < 3)
            })
            .await
            .expect("the walk succeeds");
            assert_eq!(pages, 3, "{walk:?}");
            assert!(asked.load(Ordering::SeqCst) <= 4, "{walk:?}");
        }
    }

    /// A server that ignores `page` and repeats page 1 ends a collecting walk at once.
    #[tokio::test]
    async fn a_repeated_page_ends_a_collect() {
        fn answer(_page: u32, limit: u32) -> Value {
            json!({"success": true, "posts": posts(0..limit), "pagination": null})
        }
        let (ids, requests) = walked(answer, PageWalk::collect()).await;
        assert_eq!((ids.len(), requests), (100, 2));
    }

    /// An id that is not 24 hex characters fails a collect (naming it sanitized) and is
    /// skipped and counted by a stream.
    #[tokio::test]
    async fn an_invalid_id_fails_a_collect_and_is_skipped_by_a_stream() {
        fn answer(_page: u32, _limit: u32) -> Value {
            let mut list = posts(0..3);
            list.push(json!({"postGroupId": "\u{1b}]0;pwned\u{7}", "status": "draft"}));
            json!({"success": true, "posts": list,
                "pagination": {"page": 1, "limit": 100, "totalItems": 4, "totalPages": 1}})
        }
        let (result, _) = walk_result(answer, PageWalk::collect()).await;
        let error = result.expect_err("refused");
        let text = error.to_string();
        assert!(
            matches!(error, ApiError::InvalidServerId { .. }),
            "{error:?}"
        );
        assert!(
            text.contains("invalid post id") && text.contains("␛]0;pwned␇"),
            "{text}"
        );
        assert!(!text.contains('\u{1b}'), "{text:?}");
        let (client, _) = server(answer).await;
        let query = ListQuery {
            limit: 100,
            ..ListQuery::default()
        };
        let mut pages = Vec::new();
        walk_pages(&client, &query, &PageWalk::stream(2), |page| {
            pages.push((page.posts.len(), page.skipped));
            std::future::ready(())
        })
        .await
        .expect("a stream goes on");
        assert_eq!(pages, vec![(3, 1)]);
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
