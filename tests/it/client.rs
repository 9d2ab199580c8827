//! The API client (`postpost_tui::api::client::ApiClient`) over real HTTP: against the embedded
//! `MockServer` for the documented behaviour (POSTPOST_API.md §1.4, §1.5, §3.1–§3.5), and against
//! small hand-made loopback servers for the ways a real server or network misbehaves (HTML
//! pages, redirects, silence, refused connections, half-readable bodies). Every server binds
//! 127.0.0.1:0 and every wait is bounded by `tokio::time::timeout`.

use std::collections::HashSet;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use axum::Router;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;
use chrono::{DateTime, SubsecRound, Utc};
use postpost_tui::api::client::{ApiClient, ClientOptions, ListQuery};
use postpost_tui::api::error::ApiError;
use postpost_tui::api::model::{
    CreatePostRequest, ListPostsPage, PlatformStatus, PostGroupId, PostStatus, PostSummary,
    SortField, SortOrder, UpdatePostRequest, error_text,
};
use postpost_tui::mock::{DEFAULT_MANAGED_USER_ID, MockConfig, MockServer, SECOND_MANAGED_USER_ID};
use postpost_tui::secret::ApiKey;

use crate::support::{bounded, client_for, client_options, client_with_key, seed_server, start};

fn client_as_user(server: &MockServer, user_id: &str) -> ApiClient {
    ApiClient::new(&ClientOptions {
        user_id: Some(user_id.to_string()),
        ..client_options(&server.base_url())
    })
    .expect("client builds")
}

fn query(limit: u32) -> ListQuery {
    ListQuery {
        page: 1,
        limit,
        ..ListQuery::default()
    }
}

async fn list(client: &ApiClient, query: &ListQuery) -> ListPostsPage {
    bounded("list-posts", client.list_posts(query))
        .await
        .unwrap_or_else(|error| panic!("list-posts {query:?} failed: {error}"))
}

async fn list_err(client: &ApiClient, query: &ListQuery) -> ApiError {
    match bounded("list-posts", client.list_posts(query)).await {
        Ok(page) => panic!("list-posts {query:?} should fail, got {page:?}"),
        Err(error) => error,
    }
}

/// Asserts `error` is `Http { status, message }` (the §1.4 `error` string verbatim).
fn assert_http(error: &ApiError, status: u16, message: &str) {
    match error {
        ApiError::Http {
            status: got_status,
            message: got_message,
            ..
        } => assert_eq!(
            (*got_status, got_message.as_str()),
            (status, message),
            "{error:?}"
        ),
        other => panic!("expected HTTP {status} {message:?}, got {other:?}"),
    }
}

/// Serves `router` on 127.0.0.1:0 until the test's runtime ends.
async fn serve(router: Router) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind loopback");
    let addr = listener.local_addr().expect("local addr");
    tokio::spawn(async move {
        let _ = axum::serve(listener, router).await;
    });
    addr
}

/// §1.5, row by row, as the client sees each answer: the status, the literal `error` string, and
/// `is_auth()` (the worker stops a whole job on it).
#[tokio::test]
async fn auth_rows_of_section_1_5_reach_the_caller_verbatim() {
    let server = start(MockConfig {
        orphan_api_key: Some("sk_orphan".into()),
        ..MockConfig::default()
    })
    .await;
    let base = server.base_url();

    let error = list_err(&client_with_key(&base, "sk_wrong"), &query(20)).await;
    assert_http(&error, 401, error_text::INVALID_API_KEY);
    assert_eq!(error.to_string(), "HTTP 401: Invalid API key");
    assert!(error.is_auth() && !error.is_retryable() && error.hint().is_some());

    let error = list_err(&client_with_key(&base, "sk_orphan"), &query(20)).await;
    assert_http(&error, 401, "Invalid API key owner");
    assert!(error.is_auth());

    // §1.5 row 1 (400): the header is present but not an ObjectId; the session cannot recover.
    let error = list_err(&client_as_user(&server, "not-an-id"), &query(20)).await;
    assert_http(&error, 400, "Invalid x-postpost-user-id");
    assert!(error.is_auth(), "{error:?}");
    // Other 400s are not authentication errors.
    let bogus = ListQuery {
        status: Some(PostStatus::Other("bogus".into())),
        ..query(20)
    };
    assert!(!list_err(&client_for(&server), &bogus).await.is_auth());

    // Well formed but not managed by this key (also what a non-existent user gets).
    let error = list_err(
        &client_as_user(&server, "ffffffffffffffffffffffff"),
        &query(20),
    )
    .await;
    assert_http(&error, 403, "User is not managed by key");
    assert!(error.is_auth());

    // The managed user sees their own posts and none of the owner's; the header goes out as set.
    let owner = list(&client_for(&server), &query(100)).await;
    server.clear_requests();
    let managed = list(
        &client_as_user(&server, DEFAULT_MANAGED_USER_ID),
        &query(100),
    )
    .await;
    assert!(!managed.posts.is_empty());
    assert_eq!(managed.pagination.total_items, managed.posts.len() as u64);
    let owner_ids: HashSet<&PostGroupId> = owner.posts.iter().map(|p| &p.post_group_id).collect();
    assert!(
        managed
            .posts
            .iter()
            .all(|p| !owner_ids.contains(&p.post_group_id)),
        "the managed user must not see the owner's posts"
    );
    let log = server.requests();
    assert_eq!(log.len(), 1, "{log:?}");
    assert_eq!(log[0].user_id.as_deref(), Some(DEFAULT_MANAGED_USER_ID));
    server.shutdown().await;

    let server = start(MockConfig {
        api_access: false,
        ..MockConfig::default()
    })
    .await;
    let error = list_err(&client_for(&server), &query(20)).await;
    assert_http(&error, 403, "API access is not enabled for this account");
    assert!(error.is_auth());
    server.shutdown().await;
}

/// §3.1 `status`: an exact filter; a value outside §2.1 is a 400 with the documented text.
#[tokio::test]
async fn list_status_filter_and_its_400() {
    let server = seed_server().await;
    let client = client_for(&server);
    let all = list(&client, &query(100)).await;
    let published = list(
        &client,
        &ListQuery {
            status: Some(PostStatus::Published),
            ..query(100)
        },
    )
    .await;
    assert!(published.pagination.total_items > 0);
    assert!(published.pagination.total_items < all.pagination.total_items);
    assert!(
        published
            .posts
            .iter()
            .all(|p| p.status == PostStatus::Published),
        "published is exact and excludes partially_published"
    );
    let want = all
        .posts
        .iter()
        .filter(|p| p.status == PostStatus::Published)
        .count() as u64;
    assert_eq!(published.pagination.total_items, want);

    let error = list_err(
        &client,
        &ListQuery {
            status: Some(PostStatus::Other("bogus".into())),
            ..query(20)
        },
    )
    .await;
    assert_http(
        &error,
        400,
        "Invalid status. Must be one of: draft, scheduled, published, failed, partially_published",
    );
    assert!(!error.is_retryable());
    server.shutdown().await;
}

/// §3.1 `platform`: a bare name matches every account of that network, case-insensitively.
#[tokio::test]
async fn list_platform_filter_bare_name_any_case() {
    let server = seed_server().await;
    let client = client_for(&server);
    let lower = list(
        &client,
        &ListQuery {
            platform: Some("twitter".into()),
            ..query(100)
        },
    )
    .await;
    assert!(lower.pagination.total_items > 1);
    assert!(lower.posts.iter().all(|p| {
        p.platforms
            .iter()
            .any(|t| t.platform_id.starts_with("twitter-"))
    }));
    let mixed = list(
        &client,
        &ListQuery {
            platform: Some("TwItTeR".into()),
            ..query(100)
        },
    )
    .await;
    let ids = |page: &ListPostsPage| -> Vec<PostGroupId> {
        page.posts.iter().map(|p| p.post_group_id.clone()).collect()
    };
    assert_eq!(ids(&mixed), ids(&lower));
    let unknown = list(
        &client,
        &ListQuery {
            platform: Some("foobar".into()),
            ..query(100)
        },
    )
    .await;
    assert!(unknown.posts.is_empty());
    assert_eq!(unknown.pagination.total_items, 0);
    server.shutdown().await;
}

/// §3.1 `limit` is clamped into 1..=100 (500 → 100) and §3.1.1 reports the clamped value; a page
/// past the end is empty, not an error.
#[tokio::test]
async fn list_limit_clamp_and_page_beyond_end() {
    let server = start(MockConfig {
        generated_posts: 150,
        ..MockConfig::default()
    })
    .await;
    let client = client_for(&server);
    let big = list(&client, &query(500)).await;
    assert_eq!(big.pagination.limit, 100);
    assert_eq!(big.posts.len(), 100);
    assert_eq!(big.skipped, 0);
    assert!(big.pagination.total_items > 150);
    assert!(big.pagination.has_next_page);

    let total_pages = big.pagination.total_pages;
    assert_eq!(total_pages, big.pagination.total_items.div_ceil(100));
    let beyond_page = u32::try_from(total_pages + 2).expect("small");
    let beyond = list(
        &client,
        &ListQuery {
            page: beyond_page,
            ..query(100)
        },
    )
    .await;
    assert!(beyond.posts.is_empty());
    assert_eq!(beyond.pagination.page, u64::from(beyond_page));
    assert_eq!(beyond.pagination.total_items, big.pagination.total_items);
    assert!(!beyond.pagination.has_next_page);
    server.shutdown().await;
}

/// §3.1 `sortBy=scheduledTime` with `sortOrder` asc and desc; an unparseable `fromDate` is a 400.
#[tokio::test]
async fn list_sorting_by_scheduled_time_and_bad_from_date() {
    let server = seed_server().await;
    let client = client_for(&server);
    let sorted = |order| ListQuery {
        status: Some(PostStatus::Scheduled),
        sort_by: Some(SortField::ScheduledTime),
        sort_order: Some(order),
        ..query(100)
    };
    let times = |page: &ListPostsPage| -> Vec<_> {
        page.posts
            .iter()
            .map(|p| p.scheduled_time.as_ref().and_then(|t| t.parsed()))
            .collect()
    };
    let asc = times(&list(&client, &sorted(SortOrder::Asc)).await);
    let desc = times(&list(&client, &sorted(SortOrder::Desc)).await);
    assert!(asc.len() > 3);
    assert!(asc.iter().all(Option::is_some), "{asc:?}");
    assert!(asc.windows(2).all(|w| w[0] <= w[1]), "asc: {asc:?}");
    assert!(desc.windows(2).all(|w| w[0] >= w[1]), "desc: {desc:?}");
    assert_ne!(
        asc.first(),
        asc.last(),
        "the times must differ for the test to mean anything"
    );
    let mut reversed = asc.clone();
    reversed.reverse();
    assert_eq!(desc, reversed);

    let error = list_err(
        &client,
        &ListQuery {
            from_date: Some("not a date".into()),
            ..query(20)
        },
    )
    .await;
    assert_http(&error, 400, "Invalid fromDate format");
    server.shutdown().await;
}

/// §3.2: get-post gives the raw account id (no `platform-` prefix, §1.2), `postedId` only for
/// published entries and the §2.3 error object for failed ones.
#[tokio::test]
async fn get_post_raw_ids_posted_id_and_error_object() {
    let server = seed_server().await;
    let client = client_for(&server);
    let partial = list(
        &client,
        &ListQuery {
            status: Some(PostStatus::PartiallyPublished),
            platform: Some("telegram".into()),
            ..query(100)
        },
    )
    .await;
    let summary = partial.posts.first().expect("a partial telegram seed post");
    let detail = bounded("get-post", client.get_post(&summary.post_group_id))
        .await
        .expect("get-post succeeds");
    assert_eq!(detail.post_group_id, summary.post_group_id);
    assert_eq!(detail.posts.len(), summary.platforms.len());
    let telegram = detail
        .posts
        .iter()
        .find(|p| p.platform.as_str() == "telegram")
        .expect("telegram entry");
    assert_eq!(telegram.platform_id, "-1001234567890");
    let mut seen_published = false;
    let mut seen_failed = false;
    for post in &detail.posts {
        assert!(
            !post
                .platform_id
                .starts_with(&format!("{}-", post.platform.as_str())),
            "get-post must give the raw id: {post:?}"
        );
        let published = post.status == PlatformStatus::Published;
        let failed = post.status == PlatformStatus::Failed;
        seen_published |= published;
        seen_failed |= failed;
        assert_eq!(post.posted_id.is_some(), published, "{post:?}");
        assert_eq!(post.error.is_some(), failed, "{post:?}");
        if let Some(error) = &post.error {
            assert!(!error.code.is_empty(), "{error:?}");
            assert!(!error.message.is_empty(), "{error:?}");
            assert!(error.retryable.is_some(), "{error:?}");
            assert!(
                error.failed_at.as_ref().and_then(|t| t.parsed()).is_some(),
                "{error:?}"
            );
        }
    }
    assert!(seen_published && seen_failed);

    let scheduled = list(
        &client,
        &ListQuery {
            status: Some(PostStatus::Scheduled),
            ..query(5)
        },
    )
    .await;
    let id = &scheduled
        .posts
        .first()
        .expect("a scheduled post")
        .post_group_id;
    let detail = bounded("get-post", client.get_post(id))
        .await
        .expect("get-post succeeds");
    assert!(!detail.posts.is_empty());
    assert!(
        detail
            .posts
            .iter()
            .all(|p| p.posted_id.is_none() && p.error.is_none())
    );
    server.shutdown().await;
}

/// §3.5: delete removes the group once; afterwards get-post and delete-post are 404
/// `Post group not found`. §3.2/§3.5 say a malformed id gets a 500 from the server, so the client
/// refuses it locally and never sends a request.
#[tokio::test]
async fn delete_then_404_and_malformed_ids_never_leave_the_client() {
    let server = seed_server().await;
    let client = client_for(&server);
    let before = list(&client, &query(100)).await;
    let id = before.posts[0].post_group_id.clone();
    bounded("delete-post", client.delete_post(&id))
        .await
        .expect("first delete succeeds");
    assert!(!server.contains(&id));

    let error = bounded("get-post", client.get_post(&id))
        .await
        .expect_err("gone");
    assert_http(&error, 404, "Post group not found");
    assert!(error.is_not_found() && !error.is_auth());
    let error = bounded("delete-post", client.delete_post(&id))
        .await
        .expect_err("gone");
    assert_http(&error, 404, "Post group not found");
    assert!(error.is_not_found());
    let after = list(&client, &query(100)).await;
    assert_eq!(
        after.pagination.total_items,
        before.pagination.total_items - 1
    );

    server.clear_requests();
    let bad = PostGroupId::new_unchecked("abc");
    let error = bounded("get-post", client.get_post(&bad))
        .await
        .expect_err("refused");
    assert!(
        matches!(&error, ApiError::InvalidId(invalid) if invalid.0 == "abc"),
        "{error:?}"
    );
    assert!(!error.is_retryable() && !error.is_not_found());
    let error = bounded("delete-post", client.delete_post(&bad))
        .await
        .expect_err("refused");
    assert!(matches!(&error, ApiError::InvalidId(_)), "{error:?}");
    assert_eq!(
        server.requests(),
        Vec::new(),
        "no request for a malformed id"
    );
    server.shutdown().await;
}

/// §3.3: create-post without `scheduledTime` makes a draft that list-posts shows; empty content
/// is a 400 `Content is required`.
#[tokio::test]
async fn create_post_makes_a_visible_draft_and_rejects_empty_content() {
    let server = seed_server().await;
    let client = client_for(&server);
    let request = CreatePostRequest {
        content: "Client test: a brand-new draft".into(),
        platforms: vec!["twitter-1402938475".into(), "linkedin-Tz9W5i6ZYG".into()],
        scheduled_time: None,
        platform_settings: None,
    };
    let id = bounded("create-post", client.create_post(&request))
        .await
        .expect("create succeeds");
    assert!(id.is_well_formed(), "{id:?}");
    assert!(server.contains(&id));
    let drafts = list(
        &client,
        &ListQuery {
            status: Some(PostStatus::Draft),
            ..query(100)
        },
    )
    .await;
    let created = drafts
        .posts
        .iter()
        .find(|p| p.post_group_id == id)
        .expect("the new draft is listed");
    assert_eq!(
        created.content.as_deref(),
        Some("Client test: a brand-new draft")
    );
    assert_eq!(created.status, PostStatus::Draft);
    let mut platform_ids: Vec<&str> = created
        .platforms
        .iter()
        .map(|p| p.platform_id.as_str())
        .collect();
    platform_ids.sort_unstable();
    assert_eq!(platform_ids, ["linkedin-Tz9W5i6ZYG", "twitter-1402938475"]);

    let before = server.post_ids().len();
    for content in ["", "   "] {
        let error = bounded(
            "create-post",
            client.create_post(&CreatePostRequest {
                content: content.into(),
                ..request.clone()
            }),
        )
        .await
        .expect_err("empty content is refused");
        assert_http(&error, 400, "Content is required");
    }
    assert_eq!(server.post_ids().len(), before);
    server.shutdown().await;
}

/// §1.1: a base URL with the wrong path gets Express's HTML 404, which the client reports as an
/// unexpected (non-JSON) answer rather than pretending it was a JSON error.
#[tokio::test]
async fn wrong_base_path_gives_unexpected_html() {
    let server = seed_server().await;
    let client = client_with_key(
        &format!("http://{}/nope", server.addr()),
        &MockConfig::default().api_key,
    );
    let error = list_err(&client, &query(20)).await;
    match &error {
        ApiError::UnexpectedBody {
            status,
            content_type,
            detail,
        } => {
            assert_eq!(*status, 404);
            assert!(
                content_type
                    .as_deref()
                    .is_some_and(|t| t.starts_with("text/html")),
                "{content_type:?}"
            );
            assert!(detail.contains("JSON"), "{detail}");
            assert!(detail.to_ascii_lowercase().contains("html"), "{detail}");
            // The page is summed up by its text, never quoted as markup.
            assert!(!detail.contains("<!DOCTYPE html>"), "{detail}");
            assert!(detail.contains("Cannot GET /nope/list-posts"), "{detail}");
        }
        other => panic!("expected UnexpectedBody, got {other:?}"),
    }
    assert!(error.is_web_page(), "{error:?}");
    assert!(
        error.hint().is_some_and(|hint| hint.contains("/api/v1")),
        "{:?}",
        error.hint()
    );
    server.shutdown().await;
}

/// An HTML 404 from a wrong base path says nothing about the post group, so it must not read as
/// `is_not_found()`: the delete worker treats `is_not_found()` as "not found"/"already gone"
/// (src/worker/job.rs), which would count a misrouted delete as done.
#[tokio::test]
async fn html_404_is_not_a_missing_post() {
    let server = seed_server().await;
    let id = server.post_ids()[0].clone();
    let client = client_with_key(
        &format!("http://{}/nope", server.addr()),
        &MockConfig::default().api_key,
    );
    let error = bounded("delete-post", client.delete_post(&id))
        .await
        .expect_err("wrong path");
    assert!(
        matches!(error, ApiError::UnexpectedBody { status: 404, .. }),
        "{error:?}"
    );
    assert!(server.contains(&id));
    assert!(
        !error.is_not_found(),
        "an HTML 404 is not `Post group not found`: {error:?}"
    );
    server.shutdown().await;
}

/// Nothing listens on the port: `ApiError::Connect`, retryable, with the URL asked for.
#[tokio::test]
async fn connection_refused_is_connect_error() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().expect("addr").port()
    };
    let base = format!("http://127.0.0.1:{port}/api/v1");
    let client = ApiClient::new(&client_options(&base)).expect("client builds");
    let error = list_err(&client, &query(20)).await;
    match &error {
        ApiError::Connect { url, .. } => {
            assert_eq!(url, &format!("{base}/list-posts"));
        }
        other => panic!("expected Connect, got {other:?}"),
    }
    assert!(error.is_retryable() && error.hint().is_some());
}

/// A server that accepts and never answers: the request timeout gives `ApiError::Timeout`.
#[tokio::test]
async fn silent_server_times_out() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let holder = tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            held.push(socket);
        }
    });
    let client = ApiClient::new(&ClientOptions {
        request_timeout: Duration::from_millis(300),
        ..client_options(&format!("http://{addr}/api/v1"))
    })
    .expect("client builds");
    let started = std::time::Instant::now();
    let error = list_err(&client, &query(20)).await;
    let took = started.elapsed();
    match &error {
        ApiError::Timeout { url, after } => {
            assert_eq!(*after, Duration::from_millis(300));
            assert!(url.ends_with("/list-posts"), "{url}");
        }
        other => panic!("expected Timeout, got {other:?}"),
    }
    assert!(took >= Duration::from_millis(250), "{took:?}");
    assert!(took < Duration::from_secs(5), "{took:?}");
    assert!(error.is_retryable());
    holder.abort();
}

/// Redirects are never followed (the `x-api-key` header would go to another host): a 302 is an
/// `UnexpectedBody` naming the target, and the target never sees a request.
#[tokio::test]
async fn redirects_are_reported_not_followed() {
    let hits = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&hits);
    let target = serve(Router::new().fallback(move || {
        let counter = Arc::clone(&counter);
        async move {
            counter.fetch_add(1, Ordering::SeqCst);
            "stolen"
        }
    }))
    .await;
    let local_target = format!("http://{target}/steal");
    let redirecting = serve(
        Router::new()
            .route(
                "/far/list-posts",
                get(|| async {
                    (
                        StatusCode::FOUND,
                        [(header::LOCATION, "http://127.0.0.2:9/steal")],
                    )
                }),
            )
            .route(
                "/near/list-posts",
                get(move || {
                    let location = local_target.clone();
                    async move { (StatusCode::FOUND, [(header::LOCATION, location)]) }
                }),
            ),
    )
    .await;
    assert_ne!(redirecting.port(), target.port());

    for (prefix, location) in [
        ("far", "http://127.0.0.2:9/steal".to_string()),
        ("near", format!("http://{target}/steal")),
    ] {
        let client = client_with_key(&format!("http://{redirecting}/{prefix}"), "sk_secret");
        let error = list_err(&client, &query(20)).await;
        match &error {
            ApiError::UnexpectedBody { status, detail, .. } => {
                assert_eq!(*status, 302);
                assert!(detail.contains("redirect"), "{detail}");
                assert!(detail.contains(&location), "{detail}");
                assert!(!detail.contains("sk_secret"), "{detail}");
            }
            other => panic!("expected UnexpectedBody for the redirect, got {other:?}"),
        }
    }
    assert_eq!(hits.load(Ordering::SeqCst), 0, "the redirect was followed");
    // The counter does count: a direct request reaches it.
    let direct = client_with_key(&format!("http://{target}"), "k");
    let _ = list_err(&direct, &query(20)).await;
    assert_eq!(hits.load(Ordering::SeqCst), 1);
}

/// §3.1 with a sloppy server: a post without `postGroupId` is skipped and counted, not fatal; a
/// `null` pagination reads as zeros.
#[tokio::test]
async fn unreadable_post_is_skipped_and_counted() {
    let addr = serve(Router::new().route(
        "/api/v1/list-posts",
        get(|| async {
            (
                [(header::CONTENT_TYPE, "application/json")],
                r#"{"success":true,"posts":[
                    {"postGroupId":"66b0c0ffee00000000000a01","content":"ok","status":"draft",
                     "createdAt":"2026-05-01T12:00:00.000Z","updatedAt":"2026-05-01T12:00:00.000Z",
                     "platforms":[{"platformId":"twitter-4411","platform":"twitter","status":"draft"}],
                     "mediaUrls":[]},
                    {"content":"no id"}
                ],"pagination":null}"#,
            )
        }),
    ))
    .await;
    let client = client_with_key(&format!("http://{addr}/api/v1"), "k");
    let page = list(&client, &query(20)).await;
    assert_eq!(page.posts.len(), 1);
    assert_eq!(page.skipped, 1);
    assert_eq!(
        page.posts[0].post_group_id.as_str(),
        "66b0c0ffee00000000000a01"
    );
    assert_eq!(page.posts[0].content.as_deref(), Some("ok"));
    assert_eq!(page.posts[0].platforms.len(), 1);
    assert_eq!(page.pagination, Default::default());
}

/// §1.4 has no word for a 500 with nothing in it: the client says the body is empty.
#[tokio::test]
async fn empty_500_is_unexpected_and_retryable() {
    let addr = serve(Router::new().route(
        "/api/v1/list-posts",
        get(|| async { StatusCode::INTERNAL_SERVER_ERROR.into_response() }),
    ))
    .await;
    let client = client_with_key(&format!("http://{addr}/api/v1"), "k");
    let error = list_err(&client, &query(20)).await;
    match &error {
        ApiError::UnexpectedBody { status, detail, .. } => {
            assert_eq!(*status, 500);
            assert!(detail.contains("empty"), "{detail}");
        }
        other => panic!("expected UnexpectedBody, got {other:?}"),
    }
    assert!(error.is_retryable() && !error.is_auth());
}

/// The key never shows up in `Debug` of the options or the client (it goes into logs and panics).
#[test]
fn debug_output_never_holds_the_key() {
    let key = "sk_live_Zq8SuperSecret";
    let options = ClientOptions {
        api_key: ApiKey::new(key),
        user_id: Some(DEFAULT_MANAGED_USER_ID.into()),
        ..client_options("http://127.0.0.1:9/api/v1")
    };
    let client = ApiClient::new(&options).expect("client builds");
    let shown_options = format!("{options:?} {options:#?}");
    let shown_client = format!("{client:?} {client:#?}");
    assert!(!shown_options.contains(key), "{shown_options}");
    assert!(!shown_client.contains(key), "{shown_client}");
    assert!(!shown_client.contains("Zq8Super"), "{shown_client}");
    // The Debug output is real output, not empty.
    assert!(shown_options.contains("127.0.0.1:9"), "{shown_options}");
    assert!(shown_client.contains("127.0.0.1:9"), "{shown_client}");
}

/// Read-only: changing requests are refused before they are sent; reading works.
#[tokio::test]
async fn a_read_only_client_never_sends_a_changing_request() {
    let server = seed_server().await;
    let client = ApiClient::new(&ClientOptions {
        read_only: true,
        ..client_options(&server.base_url())
    })
    .expect("client");
    let id = server.post_ids()[0].clone();
    let error = client.delete_post(&id).await.expect_err("refused");
    assert!(matches!(error, ApiError::ReadOnly { .. }), "{error:?}");
    assert!(error.to_string().contains("read-only"));
    assert!(!error.is_retryable());
    let create = postpost_tui::api::model::CreatePostRequest {
        content: "x".into(),
        platforms: vec!["twitter-1".into()],
        scheduled_time: None,
        platform_settings: None,
    };
    assert!(matches!(
        client.create_post(&create).await,
        Err(ApiError::ReadOnly { .. })
    ));
    assert!(
        server.requests().is_empty(),
        "nothing was sent: {:?}",
        server.requests()
    );
    assert!(server.contains(&id));
    // Reading still works.
    client
        .get_post(&id)
        .await
        .expect("get-post works read-only");
}

// ---- update-post (§3.4) and workspace users (§8) ----

/// The first seed post of the owner with `status`.
async fn first_with_status(client: &ApiClient, status: PostStatus) -> PostSummary {
    let page = list(
        client,
        &ListQuery {
            status: Some(status.clone()),
            ..query(100)
        },
    )
    .await;
    page.posts
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("the seed has a {status} post"))
}

async fn update_err(client: &ApiClient, id: &PostGroupId, request: &UpdatePostRequest) -> ApiError {
    match bounded("update-post", client.update_post(id, request)).await {
        Ok(group) => panic!("update-post {request:?} should fail, got {group:?}"),
        Err(error) => error,
    }
}

fn reschedule(time: DateTime<Utc>) -> UpdatePostRequest {
    UpdatePostRequest {
        status: Some(PostStatus::Scheduled),
        scheduled_time: Some(time),
    }
}

/// Only draft and scheduled groups change; the others answer the exact 400 of §3.4 and stay
/// as they were.
#[tokio::test]
async fn update_post_changes_only_draft_and_scheduled_posts() {
    let server = seed_server().await;
    let client = client_for(&server);
    let later = Utc::now() + chrono::Duration::days(3);
    for status in [
        PostStatus::Published,
        PostStatus::Failed,
        PostStatus::PartiallyPublished,
    ] {
        let post = first_with_status(&client, status.clone()).await;
        let error = update_err(&client, &post.post_group_id, &reschedule(later)).await;
        assert_http(
            &error,
            400,
            &format!("Cannot update post: post is currently in {status} status"),
        );
        assert!(!error.is_retryable() && !error.is_auth());
        let still = first_with_status(&client, status.clone()).await;
        assert_eq!(still, post, "a refused update changes nothing");
    }
    for status in [PostStatus::Draft, PostStatus::Scheduled] {
        let post = first_with_status(&client, status).await;
        let group = bounded(
            "update-post",
            client.update_post(&post.post_group_id, &reschedule(later)),
        )
        .await
        .expect("draft and scheduled posts change");
        assert_eq!(group.id, post.post_group_id);
        assert_eq!(group.status, PostStatus::Scheduled);
        let expected = later.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string();
        assert_eq!(
            group.scheduled_time.map(|t| t.raw().into_owned()),
            Some(expected)
        );
        // Every platform post follows the group.
        let detail = client.get_post(&post.post_group_id).await.expect("detail");
        assert!(
            detail
                .posts
                .iter()
                .all(|p| p.status == PlatformStatus::Scheduled)
        );
    }
}

/// The body rules: neither field, a bad status, a bad time (sent raw: the typed client cannot
/// produce one); a past time becomes the server's now; moving to draft keeps the time.
#[tokio::test]
async fn update_post_body_rules_past_times_and_draft_keeps_time() {
    let server = seed_server().await;
    let client = client_for(&server);
    let scheduled = first_with_status(&client, PostStatus::Scheduled).await;
    let id = scheduled.post_group_id.clone();
    let error = update_err(&client, &id, &UpdatePostRequest::default()).await;
    assert_http(&error, 400, error_text::EITHER_REQUIRED);
    let error = update_err(
        &client,
        &id,
        &UpdatePostRequest {
            status: Some(PostStatus::Published),
            scheduled_time: None,
        },
    )
    .await;
    assert_http(&error, 400, error_text::BAD_UPDATE_STATUS);
    let raw = reqwest::Client::builder()
        .no_proxy()
        .build()
        .expect("raw client");
    for time in ["2026-03-15", "2026-03-15 10:00:00", "tomorrow"] {
        let answer = bounded(
            "raw update-post",
            raw.put(format!("{}/update-post/{id}", server.base_url()))
                .header("x-api-key", MockConfig::default().api_key)
                .json(&serde_json::json!({ "scheduledTime": time }))
                .send(),
        )
        .await
        .expect("answer");
        assert_eq!(answer.status(), 400, "{time}");
        let body: serde_json::Value = answer.json().await.expect("json");
        assert_eq!(body["error"], error_text::INVALID_SCHEDULED_TIME, "{time}");
    }

    // A past time is set to now: the answer's time is not before the request was sent.
    let sent_at = Utc::now();
    let group = client
        .update_post(&id, &reschedule(sent_at - chrono::Duration::days(30)))
        .await
        .expect("past time accepted");
    let answered = group
        .scheduled_time
        .and_then(|t| t.parsed())
        .expect("a time");
    assert!(
        answered >= sent_at - chrono::Duration::milliseconds(1),
        "{answered} < {sent_at}"
    );
    assert!(answered <= Utc::now());

    // Move to draft keeps the time.
    let future = Utc::now() + chrono::Duration::days(2);
    client
        .update_post(&id, &reschedule(future))
        .await
        .expect("reschedule");
    let group = client
        .update_post(
            &id,
            &UpdatePostRequest {
                status: Some(PostStatus::Draft),
                scheduled_time: None,
            },
        )
        .await
        .expect("to draft");
    assert_eq!(group.status, PostStatus::Draft);
    assert_eq!(
        group.scheduled_time.and_then(|t| t.parsed()),
        Some(future.trunc_subsecs(3))
    );
    let listed = list(&client, &query(100)).await;
    let row = listed
        .posts
        .iter()
        .find(|p| p.post_group_id == id)
        .expect("listed");
    assert_eq!(row.status, PostStatus::Draft);
}

/// Ids: unknown → 404; malformed → refused by the client before sending, and the server's own
/// answer to one is 500 `Failed to update post`. Read-only refuses before sending.
#[tokio::test]
async fn update_post_ids_and_read_only() {
    let server = seed_server().await;
    let client = client_for(&server);
    let later = Utc::now() + chrono::Duration::days(1);
    let unknown = PostGroupId::parse("0123456789abcdef01234567").expect("id");
    let error = update_err(&client, &unknown, &reschedule(later)).await;
    assert_http(&error, 404, error_text::POST_GROUP_NOT_FOUND);
    assert!(error.is_not_found());
    server.clear_requests();
    let malformed = PostGroupId::new_unchecked("pg_abc123xyz");
    let error = update_err(&client, &malformed, &reschedule(later)).await;
    assert!(matches!(error, ApiError::InvalidId(_)), "{error:?}");
    assert!(server.requests().is_empty());
    let answer = reqwest::Client::builder()
        .no_proxy()
        .build()
        .expect("raw client")
        .put(format!("{}/update-post/pg_abc123xyz", server.base_url()))
        .header("x-api-key", MockConfig::default().api_key)
        .json(&serde_json::json!({ "status": "draft" }))
        .send()
        .await
        .expect("answer");
    assert_eq!(answer.status(), 500);
    let body: serde_json::Value = answer.json().await.expect("json");
    assert_eq!(body["error"], error_text::FAILED_TO_UPDATE);

    let scheduled = first_with_status(&client, PostStatus::Scheduled).await;
    let read_only = ApiClient::new(&ClientOptions {
        read_only: true,
        ..client_options(&server.base_url())
    })
    .expect("client");
    server.clear_requests();
    let error = update_err(&read_only, &scheduled.post_group_id, &reschedule(later)).await;
    assert!(matches!(error, ApiError::ReadOnly { .. }), "{error:?}");
    assert!(server.requests().is_empty(), "{:?}", server.requests());
}

/// The limits re-check (§3.4, §9.2): a time beyond the horizon is a structured 403 that is a
/// plan limit, not an auth error; spacing moves the time and the answer says where to.
#[tokio::test]
async fn update_post_limits_horizon_and_spacing() {
    let server = start(MockConfig {
        schedule_horizon_days: Some(7),
        min_spacing: Some(Duration::from_secs(600)),
        ..MockConfig::default()
    })
    .await;
    let client = client_for(&server);
    let page = list(
        &client,
        &ListQuery {
            status: Some(PostStatus::Scheduled),
            ..query(100)
        },
    )
    .await;
    assert!(page.posts.len() >= 2);
    let (first, second) = (&page.posts[0], &page.posts[1]);
    let error = update_err(
        &client,
        &first.post_group_id,
        &reschedule(Utc::now() + chrono::Duration::days(30)),
    )
    .await;
    assert_eq!(error.status(), Some(403));
    assert!(
        error.is_limit() && !error.is_auth() && !error.is_retryable(),
        "{error:?}"
    );
    assert!(
        error.to_string().contains(
            "Schedule horizon reached: Your Starter plan allows scheduling up to 7 days ahead."
        ),
        "{error}"
    );
    // Spacing: the second post asks for the first one's time and lands 10 minutes later.
    let time = (Utc::now() + chrono::Duration::days(2)).trunc_subsecs(0);
    client
        .update_post(&first.post_group_id, &reschedule(time))
        .await
        .expect("first");
    let moved = client
        .update_post(&second.post_group_id, &reschedule(time))
        .await
        .expect("second");
    assert_eq!(
        moved.scheduled_time.and_then(|t| t.parsed()),
        Some(time + chrono::Duration::minutes(10))
    );
}

/// GET workspace/users (§8): `{users:[...]}` without `success`, the seeded users, always asked
/// as the owner; 403 when workspaces are off. `with_user_id` switches the acting user.
#[tokio::test]
async fn workspace_users_shape_403_and_switching_users() {
    let server = seed_server().await;
    let client = client_for(&server);
    let users = bounded("workspace users", client.workspace_users())
        .await
        .expect("users");
    assert_eq!(users.len(), 2);
    assert_eq!(users[0].id, DEFAULT_MANAGED_USER_ID);
    assert_eq!(users[0].display_name.as_deref(), Some("Northbeam Kyoto"));
    assert_eq!(users[0].role, "managed");
    assert_eq!(users[0].daily_posts_left, Some(100));
    assert!(users[0].connections_page_url.is_some());
    assert_eq!(users[1].id, SECOND_MANAGED_USER_ID);
    assert!(users[1].connections_page_url.is_none());
    assert!(
        users[1]
            .display_name
            .as_deref()
            .is_some_and(|n| n.contains('\u{1b}'))
    );
    let raw: serde_json::Value = reqwest::Client::builder()
        .no_proxy()
        .build()
        .expect("raw client")
        .get(format!("{}/workspace/users", server.base_url()))
        .header("x-api-key", MockConfig::default().api_key)
        .send()
        .await
        .expect("answer")
        .json()
        .await
        .expect("json");
    assert!(raw.get("success").is_none(), "{raw}");
    assert!(raw["users"][1]["connectionsPageUrl"].is_null(), "{raw}");
    // [INF] documented in the mock: asked as a managed user, the list is that user's (empty).
    let as_managed: serde_json::Value = reqwest::Client::builder()
        .no_proxy()
        .build()
        .expect("raw client")
        .get(format!("{}/workspace/users", server.base_url()))
        .header("x-api-key", MockConfig::default().api_key)
        .header("x-postpost-user-id", DEFAULT_MANAGED_USER_ID)
        .send()
        .await
        .expect("answer")
        .json()
        .await
        .expect("json");
    assert_eq!(as_managed, serde_json::json!({ "users": [] }));

    // Acting as a managed user: the list is still the owner's (no header on that request),
    // and every other request carries the header.
    let acting = client
        .with_user_id(Some(SECOND_MANAGED_USER_ID))
        .expect("switch");
    assert_eq!(acting.user_id(), Some(SECOND_MANAGED_USER_ID));
    server.clear_requests();
    assert_eq!(acting.workspace_users().await.expect("users").len(), 2);
    let posts = list(&acting, &query(100)).await;
    assert_eq!(posts.posts.len(), 3, "the second managed user's seed posts");
    let log = server.requests();
    assert_eq!(log[0].user_id, None);
    assert_eq!(log[1].user_id.as_deref(), Some(SECOND_MANAGED_USER_ID));
    let owner_again = acting.with_user_id(None).expect("back");
    assert_eq!(owner_again.user_id(), None);
    assert!(list(&owner_again, &query(100)).await.posts.len() > 3);

    let closed = start(MockConfig {
        workspaces_enabled: false,
        ..MockConfig::default()
    })
    .await;
    let error = client_for(&closed)
        .workspace_users()
        .await
        .expect_err("403");
    assert_http(&error, 403, error_text::WORKSPACE_NOT_ENABLED);
}

/// §3.6 and §5.1 through the client against the mock: the failed TikTok post's log with its
/// retries, and the owner's connections with typed token statuses.
#[tokio::test]
async fn post_logs_and_connections_parse_from_the_mock() {
    use postpost_tui::api::model::{PostLogEvent, TokenStatus};
    let server = seed_server().await;
    let client = client_for(&server);
    let id = PostGroupId::parse("6b0979a8a1c0ffee00000017").expect("id");
    let page = bounded("post-logs", client.post_logs(&id))
        .await
        .expect("logs");
    assert_eq!(page.skipped, 0);
    assert_eq!(page.logs[0].event, PostLogEvent::Scheduled);
    assert_eq!(page.logs[0].platform, None);
    let failed: Vec<_> = page
        .logs
        .iter()
        .filter(|log| log.event == PostLogEvent::PublishFailed)
        .collect();
    assert_eq!(failed.len(), 3);
    assert_eq!(failed[2].retry_count, Some(2));
    assert_eq!(failed[2].error_code(), Some("TIMEOUT_ERROR"));
    assert_eq!(failed[2].retryable(), Some(true));
    assert!(failed[2].error.is_some());
    assert!(
        page.logs
            .iter()
            .all(|log| log.created_at.as_ref().and_then(|t| t.parsed()).is_some())
    );

    let error = bounded(
        "post-logs",
        client.post_logs(&PostGroupId::parse("ffffffffffffffffffffffff").expect("id")),
    )
    .await
    .expect_err("unknown post");
    assert_http(&error, 404, error_text::POST_GROUP_NOT_FOUND);
    let error = bounded(
        "post-logs",
        client.post_logs(&PostGroupId::new_unchecked("nope")),
    )
    .await
    .expect_err("malformed id");
    assert!(matches!(error, ApiError::InvalidId(_)), "{error:?}");

    let connections = bounded("connections", client.platform_connections())
        .await
        .expect("connections");
    assert_eq!(connections.skipped, 0);
    let statuses: HashSet<TokenStatus> = connections
        .connections
        .iter()
        .map(|c| c.token_status.clone())
        .collect();
    assert_eq!(statuses.len(), 4, "{statuses:?}");
    let tiktok = connections
        .connections
        .iter()
        .find(|c| c.platform_id.starts_with("tiktok-"))
        .expect("tiktok");
    assert_eq!(tiktok.token_status, TokenStatus::Expired);
    assert_eq!(tiktok.token_expires_in.as_deref(), Some("expired"));
    let last_error = tiktok.last_error.as_ref().expect("last error");
    assert!(
        last_error
            .occurred_at
            .as_ref()
            .and_then(|t| t.parsed())
            .is_some()
    );
    let managed = client_as_user(&server, DEFAULT_MANAGED_USER_ID);
    let theirs = bounded("connections", managed.platform_connections())
        .await
        .expect("managed connections");
    assert!(theirs.connections.len() < connections.connections.len());
}

/// §5.2 through the client: allowed in read-only mode (it changes nothing), ids with `:` reach
/// the server as one path segment, and the §5.2 errors come back typed.
#[tokio::test]
async fn test_connection_works_read_only_and_reports_errors() {
    use postpost_tui::api::model::TestStatus;
    let server = seed_server().await;
    let client = ApiClient::new(&ClientOptions {
        read_only: true,
        ..client_options(&server.base_url())
    })
    .expect("client");
    let result = bounded("test", client.test_connection("bluesky-did:plc:abc123"))
        .await
        .expect("tested");
    assert_eq!(result.status, TestStatus::Ok);
    assert_eq!(
        result.platform_id.as_deref(),
        Some("bluesky-did:plc:abc123")
    );
    let result = bounded(
        "test",
        client.test_connection("pinterest-987654321012345678"),
    )
    .await
    .expect("tested");
    assert_eq!(result.status, TestStatus::Error);
    assert_eq!(
        result.message.as_deref(),
        Some("Unknown platform: pinterest")
    );
    let error = bounded("test", client.test_connection("nodash"))
        .await
        .expect_err("400");
    assert_http(&error, 400, error_text::INVALID_PLATFORM_ID_FORMAT);
    let error = bounded("test", client.test_connection("twitter-1/../../x"))
        .await
        .expect_err("404");
    assert_http(&error, 404, error_text::CONNECTION_NOT_FOUND);
    assert!(
        server
            .requests()
            .iter()
            .any(|r| r.path == "/api/v1/test-connection/twitter-1%2F..%2F..%2Fx"),
        "the id stayed one path segment: {:?}",
        server.requests()
    );
}

/// A sloppy server: a connection without `platformId` and a log entry without `event` are
/// skipped and counted; `lastError` as a plain string (the OpenAPI shape, §12 item 7), an
/// unknown token status and the OpenAPI event names (§12 item 8) are kept.
#[tokio::test]
async fn sloppy_logs_and_connections_are_read_leniently() {
    use postpost_tui::api::model::{PostLogEvent, TokenStatus};
    let addr = serve(
        Router::new()
            .route(
                "/api/v1/platform-connections",
                get(|| async {
                    (
                        [(header::CONTENT_TYPE, "application/json")],
                        r#"{"success":true,"connections":[
                            {"platformId":"twitter-1","username":"@a","tokenStatus":"valid",
                             "tokenExpiresIn":"29 days","lastError":"Token revoked by user"},
                            {"username":"no id"},
                            {"platformId":"bluesky-did:plc:x","username":null,"tokenStatus":"revoked",
                             "displayName":7,"lastError":{"message":"m","occurredAt":"later"}},
                            {"platformId":"threads-2","lastError":null}
                        ]}"#,
                    )
                }),
            )
            .route(
                "/api/v1/post-logs/{id}",
                get(|| async {
                    (
                        [(header::CONTENT_TYPE, "application/json")],
                        r#"{"success":true,"logs":[
                            {"_id":"a","postGroupId":"66b0c0ffee00000000000a01","event":"published",
                             "platformId":"twitter-1","message":"ok","createdAt":"2026-05-04T09:30:00Z"},
                            {"_id":"b","postGroupId":"66b0c0ffee00000000000a01"},
                            {"_id":"c","event":"publish_failed","httpStatus":"422","retryCount":2.0,
                             "error":{"code":"X"},"metadata":{"errorCode":"INVALID_CONTENT"}}
                        ]}"#,
                    )
                }),
            ),
    )
    .await;
    let client = client_with_key(&format!("http://{addr}/api/v1"), "k");
    let page = bounded("connections", client.platform_connections())
        .await
        .expect("connections read");
    assert_eq!(page.skipped, 1);
    assert_eq!(page.connections.len(), 3);
    let first = &page.connections[0];
    assert_eq!(first.token_expires_in.as_deref(), Some("29 days"));
    let last_error = first.last_error.as_ref().expect("string lastError");
    assert_eq!(last_error.message, "Token revoked by user");
    assert_eq!(last_error.occurred_at, None);
    let second = &page.connections[1];
    assert_eq!(second.token_status, TokenStatus::Other("revoked".into()));
    assert_eq!(second.username, "");
    assert_eq!(second.display_name.as_deref(), Some("7"));
    assert_eq!(
        second
            .last_error
            .as_ref()
            .and_then(|e| e.occurred_at.as_ref())
            .map(|t| t.parsed()),
        Some(None)
    );
    assert_eq!(page.connections[2].token_status, TokenStatus::Unknown);
    assert_eq!(page.connections[2].last_error, None);

    let id = PostGroupId::parse("66b0c0ffee00000000000a01").expect("id");
    let logs = bounded("logs", client.post_logs(&id))
        .await
        .expect("logs read");
    assert_eq!(logs.skipped, 1);
    assert_eq!(logs.logs[0].event, PostLogEvent::Other("published".into()));
    assert_eq!(logs.logs[1].http_status, Some(422));
    assert_eq!(logs.logs[1].retry_count, Some(2));
    assert_eq!(logs.logs[1].error.as_deref(), Some(r#"{"code":"X"}"#));
    assert_eq!(logs.logs[1].retryable(), None);
}

/// An HTML page or garbage where JSON belongs is a typed [`ApiError::UnexpectedBody`], for
/// both new endpoints; a JSON error body is [`ApiError::Http`] with the server's text.
#[tokio::test]
async fn html_and_garbage_bodies_are_typed_errors() {
    let addr = serve(
        Router::new()
            .route(
                "/api/v1/platform-connections",
                get(|| async {
                    (
                        StatusCode::OK,
                        [(header::CONTENT_TYPE, "text/html")],
                        "<html><body>Bad Gateway</body></html>",
                    )
                }),
            )
            .route(
                "/api/v1/post-logs/{id}",
                get(|| async {
                    (
                        [(header::CONTENT_TYPE, "application/json")],
                        r#"{"success":true,"logs":"#,
                    )
                }),
            ),
    )
    .await;
    let client = client_with_key(&format!("http://{addr}/api/v1"), "k");
    let error = bounded("connections", client.platform_connections())
        .await
        .expect_err("HTML");
    match &error {
        ApiError::UnexpectedBody { status, detail, .. } => {
            assert_eq!(*status, 200);
            assert!(detail.contains("not JSON"), "{detail}");
        }
        other => panic!("expected UnexpectedBody, got {other:?}"),
    }
    let id = PostGroupId::parse("66b0c0ffee00000000000a01").expect("id");
    let error = bounded("logs", client.post_logs(&id))
        .await
        .expect_err("garbage");
    assert!(
        matches!(error, ApiError::UnexpectedBody { .. }),
        "{error:?}"
    );
    let failing = serve(Router::new().route(
        "/api/v1/platform-connections",
        get(|| async {
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                axum::Json(serde_json::json!({"error": "Failed to fetch platform connections"})),
            )
        }),
    ))
    .await;
    let client = client_with_key(&format!("http://{failing}/api/v1"), "k");
    let error = bounded("connections", client.platform_connections())
        .await
        .expect_err("500");
    assert_http(&error, 500, error_text::FAILED_TO_FETCH_CONNECTIONS);
    assert!(error.is_retryable());
}
