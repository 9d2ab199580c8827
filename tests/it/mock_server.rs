//! Whole-server tests of the embedded mock (`postpost_tui::mock`) over real HTTP: each test starts
//! a `MockServer` on 127.0.0.1:0 and talks to it with reqwest, checking the rules of
//! POSTPOST_API.md §1.1, §1.5, §3.1–§3.3, §3.5 and §10. Every wait is bounded by a timeout.

use std::collections::HashSet;

use postpost_tui::api::model::{
    ListPostsResponse, PostDetail, PostGroupId, PostStatus, error_text, parse_instant,
};
use postpost_tui::mock::{
    DEFAULT_MANAGED_USER_ID, DEFAULT_OWNER_USER_ID, MockConfig, MockServer, RecordedRequest,
};
use reqwest::{Method, RequestBuilder};
use serde_json::{Value, json};

use crate::support::{KEY, api, http_client, send_json, send_raw, start};

async fn list(server: &MockServer, query: &[(&str, &str)]) -> ListPostsResponse {
    let (status, body) = send_json(api(server, Method::GET, "/list-posts").query(query)).await;
    assert_eq!(status, 200, "{body}");
    serde_json::from_value(body).expect("list body has the documented shape")
}

async fn list_error(server: &MockServer, query: &[(&str, &str)]) -> (u16, String) {
    let (status, body) = send_json(api(server, Method::GET, "/list-posts").query(query)).await;
    (
        status,
        body["error"].as_str().unwrap_or_default().to_string(),
    )
}

fn error_of(body: &Value) -> &str {
    body["error"].as_str().unwrap_or("<no error field>")
}

#[tokio::test]
async fn every_auth_row_of_section_1_5() {
    let server = start(MockConfig {
        orphan_api_key: Some("sk_orphan".into()),
        ..MockConfig::default()
    })
    .await;
    let url = format!("{}/list-posts", server.base_url());
    let cases: Vec<(RequestBuilder, u16, &str)> = vec![
        (http_client().get(&url), 401, error_text::API_KEY_REQUIRED),
        (
            http_client().get(&url).header("x-api-key", "sk_wrong"),
            401,
            error_text::INVALID_API_KEY,
        ),
        (
            http_client().get(&url).header("x-api-key", "sk_orphan"),
            401,
            error_text::INVALID_API_KEY_OWNER,
        ),
        (
            http_client()
                .get(&url)
                .header("x-api-key", KEY)
                .header("x-postpost-client", "mcp"),
            403,
            error_text::MCP_ACCESS_NOT_ENABLED,
        ),
        (
            http_client()
                .get(&url)
                .header("x-api-key", KEY)
                .header("x-postpost-user-id", "not-an-id"),
            400,
            error_text::INVALID_USER_ID,
        ),
        (
            http_client()
                .get(&url)
                .header("x-api-key", KEY)
                .header("x-postpost-user-id", "ffffffffffffffffffffffff"),
            403,
            error_text::USER_NOT_MANAGED,
        ),
        // Unknown key wins over a bad user id: the order of §1.5.
        (
            http_client()
                .get(&url)
                .header("x-api-key", "sk_wrong")
                .header("x-postpost-user-id", "zz"),
            401,
            error_text::INVALID_API_KEY,
        ),
    ];
    for (request, status, message) in cases {
        let (got_status, body) = send_json(request).await;
        assert_eq!((got_status, error_of(&body)), (status, message), "{body}");
    }

    // The owner's own id is a no-op; the managed user sees only their posts.
    let owner = list(&server, &[("limit", "100")]).await;
    let (status, body) = send_json(
        api(&server, Method::GET, "/list-posts")
            .header("x-postpost-user-id", DEFAULT_OWNER_USER_ID.to_uppercase())
            .query(&[("limit", "100")]),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(
        body["pagination"]["totalItems"].as_u64(),
        Some(owner.pagination.total_items)
    );
    let (status, body) = send_json(
        api(&server, Method::GET, "/list-posts")
            .header("x-postpost-user-id", DEFAULT_MANAGED_USER_ID)
            .query(&[("limit", "100")]),
    )
    .await;
    assert_eq!(status, 200);
    let managed: ListPostsResponse = serde_json::from_value(body).expect("shape");
    assert!(managed.pagination.total_items >= 3);
    let owner_ids: HashSet<_> = owner.posts.iter().map(|p| &p.post_group_id).collect();
    assert!(
        managed
            .posts
            .iter()
            .all(|p| !owner_ids.contains(&p.post_group_id))
    );
    server.shutdown().await;

    // Entitlement rows need other configurations.
    let server = start(MockConfig {
        api_access: false,
        mcp_access: true,
        workspaces_enabled: false,
        ..MockConfig::default()
    })
    .await;
    let (status, body) = send_json(api(&server, Method::GET, "/list-posts")).await;
    assert_eq!(
        (status, error_of(&body)),
        (403, error_text::API_ACCESS_NOT_ENABLED)
    );
    // The mcp header checks mcpAccess instead of apiAccess.
    let (status, _) =
        send_json(api(&server, Method::GET, "/list-posts").header("x-postpost-client", "mcp"))
            .await;
    assert_eq!(status, 200);
    let (status, body) = send_json(
        api(&server, Method::GET, "/list-posts")
            .header("x-postpost-client", "mcp")
            .header("x-postpost-user-id", DEFAULT_MANAGED_USER_ID),
    )
    .await;
    assert_eq!(
        (status, error_of(&body)),
        (403, error_text::WORKSPACE_NOT_ENABLED)
    );
    // Malformed ids are rejected before the workspace check.
    let (status, body) = send_json(
        api(&server, Method::GET, "/list-posts")
            .header("x-postpost-client", "mcp")
            .header("x-postpost-user-id", "123"),
    )
    .await;
    assert_eq!(
        (status, error_of(&body)),
        (400, error_text::INVALID_USER_ID)
    );
    server.shutdown().await;
}

#[tokio::test]
async fn list_clamps_page_and_limit() {
    let server = start(MockConfig::default()).await;
    for (page, limit, want_page, want_limit) in [
        ("0", "0", 1, 20),
        ("-3", "-5", 1, 1),
        ("abc", "500", 1, 100),
        ("2", "abc", 2, 20),
        ("", "", 1, 20),
        ("1", "7", 1, 7),
    ] {
        let body = list(&server, &[("page", page), ("limit", limit)]).await;
        assert_eq!(
            (body.pagination.page, body.pagination.limit),
            (want_page, want_limit),
            "page={page} limit={limit}"
        );
        assert!(body.posts.len() as u64 <= want_limit);
    }
    let one = list(&server, &[("limit", "-5")]).await;
    assert_eq!(one.posts.len(), 1);
    server.shutdown().await;
}

#[tokio::test]
async fn list_status_filter_is_exact_and_validated() {
    let server = start(MockConfig::default()).await;
    assert_eq!(
        list_error(&server, &[("status", "processing")]).await,
        (
            400,
            "Invalid status. Must be one of: draft, scheduled, published, failed, partially_published"
                .to_string()
        )
    );
    let all = list(&server, &[("status", ""), ("limit", "100")]).await;
    let published = list(&server, &[("status", "published"), ("limit", "100")]).await;
    assert!(published.pagination.total_items > 0);
    assert!(published.pagination.total_items < all.pagination.total_items);
    assert!(
        published
            .posts
            .iter()
            .all(|p| p.status == PostStatus::Published)
    );
    let mut sum = 0;
    for status in PostStatus::KNOWN {
        sum += list(&server, &[("status", status.as_str())])
            .await
            .pagination
            .total_items;
    }
    assert_eq!(sum, all.pagination.total_items);
    server.shutdown().await;
}

#[tokio::test]
async fn list_platform_filter_is_a_case_insensitive_prefix() {
    let server = start(MockConfig::default()).await;
    let twitter = list(&server, &[("platform", "twitter"), ("limit", "100")]).await;
    assert!(twitter.pagination.total_items > 5);
    assert!(twitter.posts.iter().all(|p| {
        p.platforms
            .iter()
            .any(|t| t.platform_id.starts_with("twitter-"))
    }));
    let upper = list(&server, &[("platform", "TwItTeR"), ("limit", "100")]).await;
    assert_eq!(upper.pagination.total_items, twitter.pagination.total_items);
    // A compound id becomes ^twitter-1402938475- and matches nothing.
    let compound = list(&server, &[("platform", "twitter-1402938475")]).await;
    assert_eq!(compound.pagination.total_items, 0);
    let unknown = list(&server, &[("platform", "foobar")]).await;
    assert_eq!(unknown.pagination.total_items, 0);
    assert!(unknown.posts.is_empty());
    // Telegram's raw ids start with '-', and list-posts shows the compound form.
    let telegram = list(&server, &[("platform", "telegram")]).await;
    assert!(telegram.posts.iter().any(|p| {
        p.platforms
            .iter()
            .any(|t| t.platform_id == "telegram--1001234567890")
    }));
    // Every post serializes mediaUrls, [] when none.
    let (_, raw) =
        send_json(api(&server, Method::GET, "/list-posts").query(&[("limit", "100")])).await;
    let posts = raw["posts"].as_array().expect("posts array");
    assert!(posts.iter().all(|p| p["mediaUrls"].is_array()));
    assert!(posts.iter().any(|p| p["mediaUrls"] == json!([])));
    server.shutdown().await;
}

#[tokio::test]
async fn list_sorting_validates_sort_by_and_defaults_order_to_desc() {
    let server = start(MockConfig::default()).await;
    assert_eq!(
        list_error(&server, &[("sortBy", "title")]).await,
        (
            400,
            "Invalid sortBy. Must be one of: createdAt, updatedAt, scheduledTime".to_string()
        )
    );
    let created = |page: &ListPostsResponse| -> Vec<_> {
        page.posts
            .iter()
            .map(|p| p.created_at.as_ref().and_then(|t| t.parsed()))
            .collect()
    };
    let desc = list(&server, &[("limit", "100")]).await;
    let sideways = list(&server, &[("limit", "100"), ("sortOrder", "sideways")]).await;
    let asc = list(
        &server,
        &[("limit", "100"), ("sortOrder", "asc"), ("sortBy", "")],
    )
    .await;
    let desc_times = created(&desc);
    assert!(desc_times.windows(2).all(|w| w[0] >= w[1]));
    assert_eq!(created(&sideways), desc_times);
    let mut reversed = created(&asc);
    reversed.reverse();
    assert_eq!(reversed, desc_times);
    let by_schedule = list(
        &server,
        &[
            ("limit", "100"),
            ("sortBy", "scheduledTime"),
            ("sortOrder", "asc"),
            ("status", "scheduled"),
        ],
    )
    .await;
    let times: Vec<_> = by_schedule
        .posts
        .iter()
        .map(|p| p.scheduled_time.as_ref().and_then(|t| t.parsed()))
        .collect();
    assert!(times.len() > 3);
    assert!(times.windows(2).all(|w| w[0] <= w[1]));
    server.shutdown().await;
}

#[tokio::test]
async fn list_date_range_is_inclusive_and_excludes_drafts_without_time() {
    let server = start(MockConfig::default()).await;
    assert_eq!(
        list_error(&server, &[("fromDate", "last tuesday")]).await,
        (400, "Invalid fromDate format".to_string())
    );
    assert_eq!(
        list_error(&server, &[("toDate", "2026-13-45")]).await,
        (400, "Invalid toDate format".to_string())
    );
    let all = list(&server, &[("limit", "100")]).await;
    assert!(all.posts.iter().any(|p| p.scheduled_time.is_none()));
    let target = all
        .posts
        .iter()
        .find(|p| p.status == PostStatus::Scheduled)
        .expect("a scheduled seed post");
    let at = target
        .scheduled_time
        .as_ref()
        .expect("time")
        .raw()
        .into_owned();
    let exact = list(
        &server,
        &[("fromDate", at.as_str()), ("toDate", at.as_str())],
    )
    .await;
    assert!(
        exact
            .posts
            .iter()
            .any(|p| p.post_group_id == target.post_group_id),
        "inclusive bounds keep the post scheduled exactly at {at}"
    );
    let wide = list(&server, &[("fromDate", "2000-01-01"), ("limit", "100")]).await;
    assert!(wide.posts.iter().all(|p| p.scheduled_time.is_some()));
    let dated = all
        .posts
        .iter()
        .filter(|p| p.scheduled_time.is_some())
        .count() as u64;
    assert_eq!(wide.pagination.total_items, dated);
    let window = list(
        &server,
        &[
            ("fromDate", "2026-11-29"),
            ("toDate", "2026-12-31T23:59:59Z"),
            ("limit", "100"),
        ],
    )
    .await;
    let from = parse_instant("2026-11-29T00:00:00Z");
    let to = parse_instant("2026-12-31T23:59:59Z");
    assert!(!window.posts.is_empty());
    assert!(window.posts.iter().all(|p| {
        let t = p.scheduled_time.as_ref().and_then(|t| t.parsed());
        t >= from && t <= to
    }));
    server.shutdown().await;
}

#[tokio::test]
async fn list_pagination_has_six_fields_and_handles_the_end() {
    let server = start(MockConfig::default()).await;
    let (_, raw) =
        send_json(api(&server, Method::GET, "/list-posts").query(&[("limit", "7")])).await;
    let pagination = raw["pagination"].as_object().expect("pagination object");
    let mut keys: Vec<&str> = pagination.keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "hasNextPage",
            "hasPrevPage",
            "limit",
            "page",
            "totalItems",
            "totalPages"
        ]
    );
    let total = raw["pagination"]["totalItems"].as_u64().expect("number");
    assert!(total >= 55);
    assert_eq!(
        raw["pagination"]["totalPages"].as_u64(),
        Some(total.div_ceil(7))
    );
    assert_eq!(raw["pagination"]["hasNextPage"], json!(true));
    assert_eq!(raw["pagination"]["hasPrevPage"], json!(false));
    let last_page = total.div_ceil(7);
    let last = list(&server, &[("limit", "7"), ("page", &last_page.to_string())]).await;
    assert_eq!(last.posts.len() as u64, total - (last_page - 1) * 7);
    assert!(!last.pagination.has_next_page && last.pagination.has_prev_page);
    let beyond = list(
        &server,
        &[("limit", "7"), ("page", &(last_page + 3).to_string())],
    )
    .await;
    assert!(beyond.posts.is_empty());
    assert_eq!(beyond.pagination.page, last_page + 3);
    assert!(!beyond.pagination.has_next_page && beyond.pagination.has_prev_page);
    assert_eq!(beyond.pagination.total_items, total);
    let none = list(&server, &[("platform", "foobar")]).await;
    assert_eq!(none.pagination.total_pages, 0);
    assert!(!none.pagination.has_next_page && !none.pagination.has_prev_page);
    server.shutdown().await;
}

#[tokio::test]
async fn get_post_returns_raw_ids_and_status_dependent_fields() {
    let server = start(MockConfig::default()).await;
    let partial = list(
        &server,
        &[("status", "partially_published"), ("platform", "telegram")],
    )
    .await;
    let summary = partial.posts.first().expect("a partial telegram seed post");
    let id = summary.post_group_id.as_str();
    let (status, raw) = send_json(api(&server, Method::GET, &format!("/get-post/{id}"))).await;
    assert_eq!(status, 200);
    let mut top: Vec<&str> = raw
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    top.sort_unstable();
    assert_eq!(top, ["postGroupId", "posts", "success"]);
    let detail: PostDetail = serde_json::from_value(raw.clone()).expect("shape");
    assert_eq!(detail.posts.len(), summary.platforms.len());
    let telegram = detail
        .posts
        .iter()
        .find(|p| p.platform.as_str() == "telegram")
        .expect("telegram entry");
    assert_eq!(telegram.platform_id, "-1001234567890");
    for (post, item) in detail
        .posts
        .iter()
        .zip(raw["posts"].as_array().expect("array"))
    {
        assert!(!post.platform_id.starts_with(&format!("{}-", post.platform)));
        let published = post.status.as_str() == "published";
        let failed = post.status.as_str() == "failed";
        assert_eq!(item.get("postedId").is_some(), published, "{item}");
        assert_eq!(item.get("error").is_some(), failed, "{item}");
        if failed {
            let error = &item["error"];
            assert!(error["code"].as_str().is_some_and(|c| !c.is_empty()));
            assert!(error["retryable"].is_boolean());
            assert!(error["failedAt"].is_string());
        }
    }
    assert!(detail.posts.iter().any(|p| p.status.as_str() == "failed"));
    assert!(
        detail
            .posts
            .iter()
            .any(|p| p.status.as_str() == "published")
    );

    // A scheduled post has neither postedId nor error.
    let scheduled = list(&server, &[("status", "scheduled")]).await;
    let id = scheduled.posts[0].post_group_id.as_str().to_string();
    let (_, raw) = send_json(api(&server, Method::GET, &format!("/get-post/{id}"))).await;
    for item in raw["posts"].as_array().expect("array") {
        assert!(item.get("postedId").is_none() && item.get("error").is_none());
    }

    let (status, body) = send_json(api(&server, Method::GET, "/get-post/pg_abc123xyz")).await;
    assert_eq!(
        (status, error_of(&body)),
        (500, "Failed to fetch post group")
    );
    let (status, body) = send_json(api(
        &server,
        Method::GET,
        "/get-post/ffffffffffffffffffffffff",
    ))
    .await;
    assert_eq!((status, error_of(&body)), (404, "Post group not found"));
    server.shutdown().await;
}

#[tokio::test]
async fn delete_post_removes_everything_once_and_hides_foreign_posts() {
    let server = start(MockConfig::default()).await;
    let all = list(&server, &[("limit", "100")]).await;
    let with_media = all
        .posts
        .iter()
        .find(|p| !p.media_urls.is_empty())
        .expect("a seed post with media");
    let id = with_media.post_group_id.clone();
    assert!(server.contains(&id));
    let (status, body) =
        send_json(api(&server, Method::DELETE, &format!("/delete-post/{id}"))).await;
    assert_eq!((status, body), (200, json!({"success": true})));
    assert!(!server.contains(&id));
    assert_eq!(server.media_deletions(), with_media.media_urls.to_vec());
    let (status, body) =
        send_json(api(&server, Method::DELETE, &format!("/delete-post/{id}"))).await;
    assert_eq!((status, error_of(&body)), (404, "Post group not found"));
    let (status, _) = send_json(api(&server, Method::GET, &format!("/get-post/{id}"))).await;
    assert_eq!(status, 404);
    let after = list(&server, &[("limit", "100")]).await;
    assert_eq!(after.pagination.total_items, all.pagination.total_items - 1);

    let (status, body) = send_json(api(&server, Method::DELETE, "/delete-post/12345")).await;
    assert_eq!(
        (status, error_of(&body)),
        (500, "Failed to delete post group")
    );

    // A managed user's post is "not found" for the owner, and deletable by that user.
    let (_, managed) = send_json(
        api(&server, Method::GET, "/list-posts")
            .header("x-postpost-user-id", DEFAULT_MANAGED_USER_ID),
    )
    .await;
    let foreign = managed["posts"][0]["postGroupId"]
        .as_str()
        .expect("a managed post")
        .to_string();
    let (status, body) = send_json(api(
        &server,
        Method::DELETE,
        &format!("/delete-post/{foreign}"),
    ))
    .await;
    assert_eq!((status, error_of(&body)), (404, "Post group not found"));
    let (status, _) = send_json(api(&server, Method::GET, &format!("/get-post/{foreign}"))).await;
    assert_eq!(status, 404);
    assert!(server.contains(&PostGroupId::new_unchecked(foreign.clone())));
    let (status, _) = send_json(
        api(&server, Method::DELETE, &format!("/delete-post/{foreign}"))
            .header("x-postpost-user-id", DEFAULT_MANAGED_USER_ID),
    )
    .await;
    assert_eq!(status, 200);
    assert!(!server.contains(&PostGroupId::new_unchecked(foreign)));

    // A failing media-object deletion is logged only; the delete still succeeds (§10).
    server.state().set_media_deletions_failing(true);
    let other = after
        .posts
        .iter()
        .find(|p| !p.media_urls.is_empty())
        .expect("another post with media");
    let (status, _) = send_json(api(
        &server,
        Method::DELETE,
        &format!("/delete-post/{}", other.post_group_id),
    ))
    .await;
    assert_eq!(status, 200);
    assert_eq!(server.media_deletions(), with_media.media_urls.to_vec());
    server.shutdown().await;
}

#[tokio::test]
async fn create_post_validates_in_order_and_stores_the_group() {
    let server = start(MockConfig {
        include_seed: false,
        ..MockConfig::default()
    })
    .await;
    let cases = [
        (json!({"platforms": ["twitter-1"]}), "Content is required"),
        (
            json!({"content": "   ", "platforms": "nope"}),
            "Content is required",
        ),
        (json!({"content": "hi"}), "Platforms are required"),
        (
            json!({"content": "hi", "platforms": null}),
            "Platforms are required",
        ),
        (
            json!({"content": "hi", "platforms": "[twitter"}),
            "Invalid platforms JSON format",
        ),
        (
            json!({"content": "hi", "platforms": {"a": 1}}),
            "Platforms must be an array",
        ),
        (
            json!({"content": "hi", "platforms": "{\"a\":1}"}),
            "Platforms must be an array",
        ),
        (
            json!({"content": "hi", "platforms": []}),
            "At least one platform is required",
        ),
        (
            json!({"content": "hi", "platforms": ["twitter-1", "bluesky-did:plc:abc123"]}),
            "Invalid platform ID format: bluesky-did:plc:abc123",
        ),
        (
            json!({"content": "hi", "platforms": ["Twitter-1"]}),
            "Invalid platform ID format: Twitter-1",
        ),
        (
            json!({"content": "hi", "platforms": ["twitter-1"], "scheduledTime": "tomorrow"}),
            "Invalid scheduled time format",
        ),
        (
            json!({"content": "hi", "platforms": ["twitter-1"], "platformSettings": "{oops"}),
            "Invalid platformSettings JSON",
        ),
        (
            json!({"content": "hi", "platforms": ["twitter-1"], "platformSettings": [1]}),
            "platformSettings must be an object",
        ),
    ];
    for (body, message) in cases {
        let (status, answer) =
            send_json(api(&server, Method::POST, "/create-post").json(&body)).await;
        assert_eq!((status, error_of(&answer)), (400, message), "{body}");
    }
    let (status, answer) = send_json(
        api(&server, Method::POST, "/create-post")
            .header("content-type", "application/json")
            .body("{not json"),
    )
    .await;
    assert_eq!((status, error_of(&answer)), (400, "Invalid JSON body"));
    assert!(server.post_ids().is_empty());

    let (status, draft) = send_json(api(&server, Method::POST, "/create-post").json(
        &json!({"content": "Draft ☕", "platforms": "[\"telegram--100123\",\"linkedin-Qx7\"]"}),
    ))
    .await;
    assert_eq!(status, 200);
    let draft_id = draft["postGroupId"].as_str().expect("id").to_string();
    assert!(PostGroupId::parse(&draft_id).is_ok());
    assert_eq!(draft["success"], json!(true));

    let before = chrono::Utc::now();
    let (status, scheduled) = send_json(api(&server, Method::POST, "/create-post").json(&json!({
        "content": "Past time becomes now",
        "platforms": ["twitter-1"],
        "scheduledTime": "2020-01-01T00:00:00Z",
        "platformSettings": {"tiktok": {"allowDuet": true}}
    })))
    .await;
    assert_eq!(status, 200);
    let scheduled_id = scheduled["postGroupId"].as_str().expect("id").to_string();
    assert_ne!(scheduled_id, draft_id);

    let listed = list(&server, &[]).await;
    assert_eq!(listed.pagination.total_items, 2);
    let draft_summary = listed
        .posts
        .iter()
        .find(|p| p.post_group_id.as_str() == draft_id)
        .expect("draft listed");
    assert_eq!(draft_summary.status, PostStatus::Draft);
    assert!(draft_summary.scheduled_time.is_none());
    assert_eq!(draft_summary.platforms[0].platform_id, "telegram--100123");
    let scheduled_summary = listed
        .posts
        .iter()
        .find(|p| p.post_group_id.as_str() == scheduled_id)
        .expect("scheduled listed");
    assert_eq!(scheduled_summary.status, PostStatus::Scheduled);
    let time = scheduled_summary
        .scheduled_time
        .as_ref()
        .and_then(|t| t.parsed())
        .expect("time set");
    assert!(time >= before - chrono::Duration::seconds(1));
    let (_, detail) = send_json(api(&server, Method::GET, &format!("/get-post/{draft_id}"))).await;
    assert_eq!(detail["posts"][0]["platformId"], json!("-100123"));
    assert_eq!(detail["posts"][0]["status"], json!("draft"));
    assert_eq!(detail["posts"][0]["content"], json!("Draft ☕"));
    server.shutdown().await;
}

#[tokio::test]
async fn unknown_routes_get_express_html_404() {
    let server = start(MockConfig::default()).await;
    let base = format!("http://{}", server.addr());
    for (method, path) in [
        (Method::GET, "/api/v1/xyz"),
        (Method::GET, "/nothing/here"),
        (Method::POST, "/api/v1/list-posts"),
        (
            Method::PATCH,
            "/api/v1/update-post/ffffffffffffffffffffffff",
        ),
        (Method::GET, "/api/v1/linkedin-posts"),
    ] {
        // Even without a key: unknown routes never reach the key check.
        let (status, content_type, body) =
            send_raw(http_client().request(method.clone(), format!("{base}{path}?q=1"))).await;
        assert_eq!(status, 404, "{method} {path}");
        assert!(content_type.starts_with("text/html"), "{content_type}");
        assert!(body.starts_with("<!DOCTYPE html>"), "{body}");
        assert!(
            body.contains(&format!("<pre>Cannot {method} {path}</pre>")),
            "{body}"
        );
    }
    server.shutdown().await;
}

#[tokio::test]
async fn request_log_records_calls_but_never_the_key() {
    let server = start(MockConfig::default()).await;
    let secret_config = MockConfig {
        api_key: "sk_very_secret_value_123".into(),
        ..MockConfig::default()
    };
    let secret = start(secret_config).await;
    let (status, _) = send_json(
        http_client()
            .get(format!(
                "{}/list-posts?status=draft&limit=5",
                secret.base_url()
            ))
            .header("x-api-key", "sk_very_secret_value_123")
            .header("x-postpost-user-id", DEFAULT_MANAGED_USER_ID),
    )
    .await;
    assert_eq!(status, 200);
    let (status, _) = send_json(
        http_client()
            .delete(format!("{}/delete-post/abc", secret.base_url()))
            .header("x-api-key", "sk_very_secret_value_123"),
    )
    .await;
    assert_eq!(status, 500);
    let (status, _) =
        send_json(http_client().get(format!("{}/get-post/x", secret.base_url()))).await;
    assert_eq!(status, 401);
    let log = secret.requests();
    assert_eq!(
        log,
        vec![
            RecordedRequest {
                method: "GET".into(),
                path: "/api/v1/list-posts".into(),
                query: Some("status=draft&limit=5".into()),
                status: 200,
                user_id: Some(DEFAULT_MANAGED_USER_ID.into()),
                api_key_sent: true,
            },
            RecordedRequest {
                method: "DELETE".into(),
                path: "/api/v1/delete-post/abc".into(),
                query: None,
                status: 500,
                user_id: None,
                api_key_sent: true,
            },
            RecordedRequest {
                method: "GET".into(),
                path: "/api/v1/get-post/x".into(),
                query: None,
                status: 401,
                user_id: None,
                api_key_sent: false,
            },
        ]
    );
    // The control route serves the same log, is not logged itself and needs no key.
    let control = format!("http://{}/__mock/requests", secret.addr());
    let (status, content_type, text) = send_raw(http_client().get(&control)).await;
    assert_eq!(status, 200, "{content_type}");
    assert!(!text.contains("sk_very_secret"), "{text}");
    let served: Vec<RecordedRequest> = serde_json::from_str(&text).expect("log JSON");
    assert_eq!(served, log);
    let (status, posts) =
        send_json(http_client().get(format!("http://{}/__mock/posts", secret.addr()))).await;
    assert_eq!(status, 200);
    assert_eq!(
        posts.as_array().map(Vec::len),
        Some(secret.post_ids().len())
    );
    let (status, _) = send_json(http_client().delete(&control)).await;
    assert_eq!(status, 200);
    assert!(secret.requests().is_empty());

    // Unknown routes are logged too; clear_requests empties the log.
    let (status, _, _) = send_raw(http_client().get(format!("{}/nope", server.base_url()))).await;
    assert_eq!(status, 404);
    assert_eq!(server.requests().len(), 1);
    assert_eq!(server.requests()[0].path, "/api/v1/nope");
    server.clear_requests();
    assert!(server.requests().is_empty());
    server.shutdown().await;
    secret.shutdown().await;
}

#[tokio::test]
async fn paging_generated_posts_visits_every_id_exactly_once() {
    let server = start(MockConfig {
        include_seed: false,
        generated_posts: 1234,
        seed: 99,
        ..MockConfig::default()
    })
    .await;
    for sort_by in ["createdAt", "scheduledTime", "updatedAt"] {
        let mut seen = Vec::new();
        let mut page = 1u64;
        loop {
            let body = list(
                &server,
                &[
                    ("limit", "100"),
                    ("page", &page.to_string()),
                    ("sortBy", sort_by),
                ],
            )
            .await;
            assert_eq!(body.pagination.total_items, 1234);
            assert_eq!(body.pagination.total_pages, 13);
            seen.extend(body.posts.into_iter().map(|p| p.post_group_id));
            if !body.pagination.has_next_page {
                break;
            }
            page += 1;
            assert!(page <= 13, "more pages than totalPages");
        }
        assert_eq!(seen.len(), 1234, "{sort_by}");
        let unique: HashSet<_> = seen.iter().cloned().collect();
        assert_eq!(unique.len(), 1234, "{sort_by}: an id repeated");
        let stored: HashSet<_> = server.post_ids().into_iter().collect();
        assert_eq!(unique, stored);
    }
    // Generated data covers every status.
    for status in PostStatus::KNOWN {
        assert!(
            list(&server, &[("status", status.as_str())])
                .await
                .pagination
                .total_items
                > 0,
            "no generated {status} post"
        );
    }
    server.shutdown().await;
}

#[tokio::test]
async fn update_post_changes_only_draft_and_scheduled_groups() {
    let server = start(MockConfig::default()).await;
    let put = |id: &str, body: Value| {
        api(&server, Method::PUT, &format!("/update-post/{id}")).json(&body)
    };
    let draft = list(&server, &[("status", "draft"), ("limit", "100")]).await;
    let untimed = draft
        .posts
        .iter()
        .find(|p| p.scheduled_time.is_none())
        .expect("a draft without time")
        .post_group_id
        .to_string();

    for (body, message) in [
        (json!({}), "Either status or scheduledTime must be provided"),
        (
            json!({"status": "", "scheduledTime": null}),
            "Either status or scheduledTime must be provided",
        ),
        (
            json!({"status": "published"}),
            "Status must be either 'draft' or 'scheduled'",
        ),
        (
            json!({"scheduledTime": "2026-12-01 10:00:00"}),
            "Invalid scheduled time format",
        ),
    ] {
        let (status, answer) = send_json(put(&untimed, body.clone())).await;
        assert_eq!((status, error_of(&answer)), (400, message), "{body}");
    }
    let (status, answer) = send_json(put("nope", json!({"status": "draft"}))).await;
    assert_eq!((status, error_of(&answer)), (500, "Failed to update post"));
    let (status, answer) =
        send_json(put("ffffffffffffffffffffffff", json!({"status": "draft"}))).await;
    assert_eq!((status, error_of(&answer)), (404, "Post group not found"));
    let published = list(&server, &[("status", "published")]).await;
    let published_id = published.posts[0].post_group_id.to_string();
    let (status, answer) = send_json(put(&published_id, json!({"status": "draft"}))).await;
    assert_eq!(
        (status, error_of(&answer)),
        (
            400,
            "Cannot update post: post is currently in published status"
        )
    );

    // Scheduling an untimed draft without a time uses now.
    let before = chrono::Utc::now() - chrono::Duration::seconds(1);
    let (status, answer) = send_json(put(&untimed, json!({"status": "scheduled"}))).await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["success"], json!(true));
    assert_eq!(answer["message"], json!("Post updated successfully"));
    assert_eq!(answer["postGroup"]["_id"], json!(untimed));
    assert_eq!(answer["postGroup"]["status"], json!("scheduled"));
    let time = answer["postGroup"]["scheduledTime"]
        .as_str()
        .and_then(parse_instant)
        .expect("time");
    assert!(time >= before);
    let (_, detail) = send_json(api(&server, Method::GET, &format!("/get-post/{untimed}"))).await;
    let statuses: Vec<&Value> = detail["posts"]
        .as_array()
        .expect("posts")
        .iter()
        .map(|p| &p["status"])
        .collect();
    assert!(!statuses.is_empty() && statuses.iter().all(|s| **s == json!("scheduled")));

    // Back to draft keeps the time; a new future time is stored as given.
    let (_, answer) = send_json(put(&untimed, json!({"status": "draft"}))).await;
    assert_eq!(answer["postGroup"]["status"], json!("draft"));
    assert!(answer["postGroup"]["scheduledTime"].is_string());
    let (_, answer) = send_json(put(
        &untimed,
        json!({"scheduledTime": "2027-03-01T09:30:00Z"}),
    ))
    .await;
    assert_eq!(answer["postGroup"]["status"], json!("draft"));
    assert_eq!(
        answer["postGroup"]["scheduledTime"],
        json!("2027-03-01T09:30:00.000Z")
    );
    server.shutdown().await;
}

/// The failed seed post whose TikTok target timed out (retryable, §2.3).
const FAILED_TIKTOK: &str = "6b0979a8a1c0ffee00000017";

async fn logs_of(server: &MockServer, id: &str) -> (u16, Value) {
    send_json(api(server, Method::GET, &format!("/post-logs/{id}"))).await
}

/// §3.6: entries ascending by `createdAt`, optional fields absent (not null) where they do not
/// apply, per-platform failures with `error`, `httpStatus`, `retryCount` and
/// `metadata {errorCode, retryable}`; 404 for unknown and foreign ids; 500 for malformed ids.
#[tokio::test]
async fn post_logs_follow_section_3_6() {
    let server = start(MockConfig::default()).await;
    let (status, body) = logs_of(&server, FAILED_TIKTOK).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["success"], json!(true));
    let logs = body["logs"].as_array().expect("logs array");
    assert!(!logs.is_empty());
    let times: Vec<_> = logs
        .iter()
        .map(|log| parse_instant(log["createdAt"].as_str().expect("createdAt")).expect("ISO"))
        .collect();
    assert!(
        times.windows(2).all(|w| w[0] <= w[1]),
        "ascending: {times:?}"
    );
    for log in logs {
        let object = log.as_object().expect("entry is an object");
        assert!(object.values().all(|v| !v.is_null()), "a null field: {log}");
        assert_eq!(log["postGroupId"], json!(FAILED_TIKTOK));
        assert!(
            postpost_tui::api::model::is_object_id(log["_id"].as_str().expect("_id")),
            "{log}"
        );
        for field in ["updatedAt", "__v", "event"] {
            assert!(object.contains_key(field), "{field} missing: {log}");
        }
        let group_level = matches!(
            log["event"].as_str(),
            Some("scheduled" | "processing" | "status_changed")
        );
        assert_eq!(object.contains_key("platform"), !group_level, "{log}");
        assert_eq!(object.contains_key("postId"), !group_level, "{log}");
        if log["event"] != json!("publish_failed") {
            assert!(!object.contains_key("error"), "{log}");
        }
    }
    let ids: HashSet<&str> = logs.iter().filter_map(|l| l["_id"].as_str()).collect();
    assert_eq!(ids.len(), logs.len(), "log ids are unique");
    assert_eq!(logs[0]["event"], json!("scheduled"));
    assert_eq!(logs[logs.len() - 1]["event"], json!("status_changed"));
    let failures: Vec<&Value> = logs
        .iter()
        .filter(|l| l["event"] == json!("publish_failed"))
        .collect();
    // A retryable failure is attempted three times: retryCount 0, 1, 2.
    assert_eq!(failures.len(), 3, "{logs:?}");
    for (n, failure) in failures.iter().enumerate() {
        assert_eq!(failure["platform"], json!("tiktok"));
        assert_eq!(failure["retryCount"], json!(n));
        assert_eq!(failure["metadata"]["errorCode"], json!("TIMEOUT_ERROR"));
        assert_eq!(failure["metadata"]["retryable"], json!(true));
        assert!(failure["error"].as_str().is_some_and(|e| !e.is_empty()));
    }
    // The log agrees with get-post.
    let (_, detail) = send_json(api(
        &server,
        Method::GET,
        &format!("/get-post/{FAILED_TIKTOK}"),
    ))
    .await;
    assert_eq!(failures[0]["postId"], detail["posts"][0]["_id"]);
    // Deterministic: the same answer twice.
    assert_eq!(logs_of(&server, FAILED_TIKTOK).await.1, body);

    // A published post: one success per platform, with HTTP 200 and no retry count.
    let published = list(&server, &[("status", "published"), ("limit", "1")]).await;
    let published = &published.posts[0];
    let (_, body) = logs_of(&server, published.post_group_id.as_str()).await;
    let successes: Vec<&Value> = body["logs"]
        .as_array()
        .expect("logs")
        .iter()
        .filter(|l| l["event"] == json!("publish_succeeded"))
        .collect();
    assert_eq!(successes.len(), published.platforms.len());
    assert!(successes.iter().all(|s| s["httpStatus"] == json!(200)
        && s.get("retryCount").is_none()
        && s.get("error").is_none()));
    // A draft never scheduled has no history.
    let drafts = list(&server, &[("status", "draft"), ("limit", "100")]).await;
    let untimed = drafts
        .posts
        .iter()
        .find(|p| p.scheduled_time.is_none())
        .expect("an untimed draft");
    let (status, body) = logs_of(&server, untimed.post_group_id.as_str()).await;
    assert_eq!((status, body["logs"].clone()), (200, json!([])));

    let (status, body) = logs_of(&server, "ffffffffffffffffffffffff").await;
    assert_eq!((status, error_of(&body)), (404, "Post group not found"));
    let (status, body) = logs_of(&server, "not-an-object-id").await;
    assert_eq!((status, error_of(&body)), (500, "Failed to get post logs"));
    // Another user's post is not found; as that user it is.
    let managed = list_as(&server, DEFAULT_MANAGED_USER_ID).await;
    let theirs = managed.posts[0].post_group_id.to_string();
    let (status, body) = logs_of(&server, &theirs).await;
    assert_eq!((status, error_of(&body)), (404, "Post group not found"));
    let (status, _) = send_json(
        api(&server, Method::GET, &format!("/post-logs/{theirs}"))
            .header("x-postpost-user-id", DEFAULT_MANAGED_USER_ID),
    )
    .await;
    assert_eq!(status, 200);
    // Without a key: the §1.5 check applies.
    let (status, body) =
        send_json(http_client().get(format!("{}/post-logs/{FAILED_TIKTOK}", server.base_url())))
            .await;
    assert_eq!((status, error_of(&body)), (401, "API key is required"));
}

async fn list_as(server: &MockServer, user: &str) -> ListPostsResponse {
    let (status, body) = send_json(
        api(server, Method::GET, "/list-posts")
            .header("x-postpost-user-id", user)
            .query(&[("limit", "100")]),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    serde_json::from_value(body).expect("list body")
}

/// §3.6 "at most the first 100": every reschedule adds entries; the answer stops at 100, the
/// oldest ones, still ascending.
#[tokio::test]
async fn post_logs_stop_at_100_entries() {
    let server = start(MockConfig::default()).await;
    let (status, created) = send_json(api(&server, Method::POST, "/create-post").json(&json!({
        "content": "rescheduled many times",
        "platforms": ["twitter-1402938475"],
        "scheduledTime": "2099-01-01T10:00:00.000Z",
    })))
    .await;
    assert_eq!(status, 200, "{created}");
    let id = created["postGroupId"].as_str().expect("id").to_string();
    let (_, body) = logs_of(&server, &id).await;
    assert_eq!(body["logs"].as_array().map(Vec::len), Some(1), "{body}");
    assert_eq!(body["logs"][0]["event"], json!("scheduled"));
    for minute in 0..120 {
        let (status, answer) = send_json(
            api(&server, Method::PUT, &format!("/update-post/{id}")).json(
                &json!({"scheduledTime": format!("2099-01-01T11:{:02}:00.000Z", minute % 60)}),
            ),
        )
        .await;
        assert_eq!(status, 200, "{answer}");
    }
    let (_, body) = logs_of(&server, &id).await;
    let logs = body["logs"].as_array().expect("logs");
    assert_eq!(logs.len(), postpost_tui::mock::MAX_LOG_ENTRIES);
    let times: Vec<_> = logs
        .iter()
        .map(|log| parse_instant(log["createdAt"].as_str().expect("createdAt")).expect("ISO"))
        .collect();
    assert!(times.windows(2).all(|w| w[0] <= w[1]));
    assert_eq!(logs[0]["event"], json!("scheduled"));
    assert_eq!(
        logs[1]["metadata"]["scheduledTime"],
        json!("2099-01-01T11:00:00.000Z"),
        "the oldest entries are kept"
    );
    // Moving it back to draft logs a status change.
    let (status, _) = send_json(
        api(&server, Method::PUT, &format!("/update-post/{id}")).json(&json!({"status": "draft"})),
    )
    .await;
    assert_eq!(status, 200);
}

/// True when `text` is one of §2.4's `tokenExpiresIn` forms.
fn is_expires_in(text: &str) -> bool {
    let hours = |h: &str| {
        h.strip_suffix('h')
            .is_some_and(|n| n.parse::<u32>().is_ok_and(|n| n < 24))
    };
    match text {
        "expired" | "< 1h" => true,
        _ => match text.split_once(' ') {
            Some((days, rest)) => {
                days.strip_suffix('d')
                    .is_some_and(|d| d.parse::<u32>().is_ok_and(|d| d >= 1))
                    && hours(rest)
            }
            None => hours(text) && text != "0h",
        },
    }
}

/// §5.1: `{success, connections}` per acting user; every field present (null when empty); every
/// token status of §2.4 with its `tokenExpiresIn` form; `lastError` as `{message, occurredAt}`.
#[tokio::test]
async fn platform_connections_follow_section_5_1() {
    assert!(is_expires_in("82d 4h") && is_expires_in("5h") && is_expires_in("< 1h"));
    assert!(!is_expires_in("29 days") && !is_expires_in("0d 3h") && !is_expires_in("25h"));
    let server = start(MockConfig::default()).await;
    let (status, body) = send_json(api(&server, Method::GET, "/platform-connections")).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["success"], json!(true));
    let connections = body["connections"].as_array().expect("connections");
    let fields = [
        "platformId",
        "username",
        "displayName",
        "profileImageUrl",
        "profileUrl",
        "accessTokenExpiresAt",
        "tokenStatus",
        "tokenExpiresIn",
        "lastSuccessfulPost",
        "lastError",
    ];
    let mut statuses = HashSet::new();
    for connection in connections {
        let object = connection.as_object().expect("object");
        for field in fields {
            assert!(object.contains_key(field), "{field} missing: {connection}");
        }
        assert_eq!(object.len(), fields.len(), "{connection}");
        let status = connection["tokenStatus"].as_str().expect("tokenStatus");
        statuses.insert(status.to_string());
        let expires_in = &connection["tokenExpiresIn"];
        match status {
            "unknown" => {
                assert_eq!(connection["accessTokenExpiresAt"], Value::Null);
                assert_eq!(*expires_in, Value::Null);
            }
            "expired" => assert_eq!(*expires_in, json!("expired")),
            "expiring_soon" => {
                let text = expires_in.as_str().expect("text");
                assert!(is_expires_in(text), "{text}");
                let at = parse_instant(connection["accessTokenExpiresAt"].as_str().expect("at"))
                    .expect("ISO");
                assert!(at - chrono::Utc::now() < chrono::Duration::days(7));
            }
            "valid" => {
                let text = expires_in.as_str().expect("text");
                assert!(is_expires_in(text) && text.contains('d'), "{text}");
            }
            other => panic!("unknown tokenStatus {other}"),
        }
        if !connection["lastError"].is_null() {
            assert!(
                connection["lastError"]["message"].is_string(),
                "{connection}"
            );
            assert!(
                parse_instant(connection["lastError"]["occurredAt"].as_str().expect("at"))
                    .is_some()
            );
        }
    }
    for wanted in ["valid", "expiring_soon", "expired", "unknown"] {
        assert!(statuses.contains(wanted), "no {wanted} connection");
    }
    // Every account the owner's posts go to is connected.
    let ids: HashSet<&str> = connections
        .iter()
        .filter_map(|c| c["platformId"].as_str())
        .collect();
    for post in list(&server, &[("limit", "100")]).await.posts {
        for target in post.platforms.iter() {
            assert!(
                ids.contains(target.platform_id.as_str()),
                "{}",
                target.platform_id
            );
        }
    }
    // The managed user sees their own, smaller set.
    let (status, theirs) = send_json(
        api(&server, Method::GET, "/platform-connections")
            .header("x-postpost-user-id", DEFAULT_MANAGED_USER_ID),
    )
    .await;
    assert_eq!(status, 200);
    let theirs = theirs["connections"].as_array().expect("connections");
    assert!(!theirs.is_empty() && theirs.len() < connections.len());
    assert!(
        theirs
            .iter()
            .all(|c| !ids.contains(c["platformId"].as_str().unwrap_or_default()))
    );
}

/// §5.2: results are 200 with `status` ok or error (Pinterest has no validator, Telegram MTProto
/// says `Invalid bot token`, an expired token fails); 400 without a dash; 404 for an account the
/// acting user does not have (uppercase prefixes pass the format check).
#[tokio::test]
async fn test_connection_follows_section_5_2() {
    let server = start(MockConfig::default()).await;
    let test = |id: &str| api(&server, Method::POST, &format!("/test-connection/{id}"));
    let (status, body) = send_json(test("linkedin-Tz9W5i6ZYG")).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["status"], json!("ok"));
    assert_eq!(body["platform"], json!("linkedin"));
    assert_eq!(body["platformId"], json!("linkedin-Tz9W5i6ZYG"));
    assert_eq!(
        body["message"],
        json!("Connected as Northbeam Coffee Roasters")
    );
    assert!(
        !body["permissions"]
            .as_array()
            .expect("permissions")
            .is_empty()
    );
    let (status, body) = send_json(test("pinterest-987654321012345678")).await;
    assert_eq!(status, 200);
    assert_eq!(body["status"], json!("error"));
    assert_eq!(body["message"], json!("Unknown platform: pinterest"));
    assert_eq!(body["username"], json!("unknown"));
    assert_eq!(body["permissions"], json!([]));
    assert_eq!(body["tokenExpiresIn"], Value::Null);
    let (_, body) = send_json(test("telegram--1001234567890")).await;
    assert_eq!(
        (body["status"].clone(), body["message"].clone()),
        (json!("error"), json!("Invalid bot token"))
    );
    let (_, body) = send_json(test("tiktok-7012345678901234567")).await;
    assert_eq!(body["status"], json!("error"));
    assert_eq!(body["tokenExpiresIn"], json!("expired"));
    let (status, body) = send_json(test("bluesky-did:plc:abc123")).await;
    assert_eq!((status, body["status"].clone()), (200, json!("ok")));
    let (status, body) = send_json(test("twitter1402938475")).await;
    assert_eq!(
        (status, error_of(&body)),
        (400, "Invalid platformId format")
    );
    let (status, body) = send_json(test("TWITTER-1402938475")).await;
    assert_eq!((status, error_of(&body)), (404, "Connection not found"));
    // The managed user's account is not the owner's.
    let (status, body) = send_json(test("twitter-998877665")).await;
    assert_eq!((status, error_of(&body)), (404, "Connection not found"));
    let (status, _) =
        send_json(test("twitter-998877665").header("x-postpost-user-id", DEFAULT_MANAGED_USER_ID))
            .await;
    assert_eq!(status, 200);
    // Recorded like every API call, and subject to the fault knobs.
    assert!(
        server
            .requests()
            .iter()
            .any(|r| r.method == "POST" && r.path == "/api/v1/test-connection/twitter-998877665")
    );
    server.set_faults(postpost_tui::mock::Faults {
        error_share: 1.0,
        ..Default::default()
    });
    for path in [
        "/platform-connections",
        &format!("/post-logs/{FAILED_TIKTOK}"),
    ] {
        let (status, body) = send_json(api(&server, Method::GET, path)).await;
        assert_eq!(
            (status, error_of(&body)),
            (500, "Internal server error"),
            "{path}"
        );
    }
}
