//! The mock's HTTP surface: the router factory, the post endpoints of POSTPOST_API.md §3.1–§3.6,
//! the connection endpoints of §5.1 and §5.2, the workspace user list (§8), Express's HTML 404
//! for everything else (§1.1), the request log, and the `/__mock` control routes.
//!
//! Data flow: `MockServer::start` serves [`router`]. A request to `/api/v1/...` passes the request
//! recorder, which also applies the fault knobs of `mock::faults` (latency, hang, 429, 500, then
//! delete-then-fail on the answer), then (on known routes only) the key check in `mock::auth`,
//! then a handler here, which locks the store once, does its work synchronously, unlocks, and
//! answers with the wire types of `api::model`. Control routes bypass the recorder, the faults
//! and the key check.

use axum::Json;
use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Extension, Path, Query, Request, State};
use axum::http::{Method, StatusCode, Uri, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post, put};
use chrono::Utc;

use super::auth::{ActingUser, require_key};
use super::bodies::{INVALID_JSON_BODY, json_object, read_update, validate_create};
use super::faults::{
    DeleteFailMode, Faults, POST_BEING_PUBLISHED, TOO_MANY_REQUESTS, is_delete_path,
};
use super::query::parse_list_query;
use super::store::{GroupRecord, PlatformPostRecord, UpdateRefusal, platform_of};
use super::{MockState, NO_RESPONSE, RecordedRequest};
use crate::api::model::{
    CreatePostResponse, ErrorBody, ListPostsResponse, PlatformConnectionsResponse, PlatformStatus,
    PostGroupId, PostLogsResponse, PostStatus, SuccessBody, Timestamp, UpdatePostResponse,
    UpdatedGroup, WorkspaceUsersResponse, error_text, format_instant, is_object_id,
};

/// Builds the mock's router over `state` (axum-example style factory):
///
/// * `GET /api/v1/list-posts` (§3.1), `GET /api/v1/get-post/{id}` (§3.2),
///   `POST /api/v1/create-post` (§3.3), `PUT /api/v1/update-post/{id}` (§3.4),
///   `DELETE /api/v1/delete-post/{id}` (§3.5), `GET /api/v1/post-logs/{id}` (§3.6),
///   `GET /api/v1/platform-connections` (§5.1), `POST /api/v1/test-connection/{platformId}`
///   (§5.2), `GET /api/v1/workspace/users` (§8), each behind the §1.5 key check, subject to
///   the fault knobs, and recorded in the request log;
/// * any other path or method: 404 `text/html` `Cannot <METHOD> <path>` (§1.1), also recorded;
/// * `GET /__mock/requests` (the log as a JSON array of [`RecordedRequest`]),
///   `DELETE /__mock/requests` (clears it, answers `{"success":true}`), `GET /__mock/posts`
///   (JSON array of every stored post group id), `GET /__mock/faults` (the [`Faults`] in force)
///   , `PUT /__mock/faults` (body: a JSON object of [`Faults`] knobs laid over those in force,
///   restarting the request numbering; answers the knobs now in force, or 400 `{error}` for bad
///   JSON, an unknown knob or a share outside 0..=1) and `DELETE /__mock/faults` (every knob
///   off, the seed kept): no key, not recorded, never faulted.
pub fn router(state: MockState) -> Router {
    let auth = middleware::from_fn_with_state(state.clone(), require_key);
    // route_layer covers the routes above it only, so the fallbacks below answer without a key.
    let api = Router::new()
        .route("/api/v1/list-posts", get(list_posts))
        .route("/api/v1/get-post/{id}", get(get_post))
        .route("/api/v1/create-post", post(create_post))
        .route("/api/v1/update-post/{id}", put(update_post))
        .route("/api/v1/delete-post/{id}", delete(delete_post))
        .route("/api/v1/post-logs/{id}", get(post_logs))
        .route("/api/v1/platform-connections", get(platform_connections))
        .route(
            "/api/v1/test-connection/{platform_id}",
            post(test_connection),
        )
        .route("/api/v1/workspace/users", get(workspace_users))
        .route(
            "/api/v1/get-upload-url",
            post(super::storage::get_upload_url),
        )
        .route_layer(auth)
        // The storage host needs no key (it is not the API): added after the key check.
        .route(
            "/__storage/{*key}",
            get(super::storage::get_object)
                .put(super::storage::put_object)
                .layer(axum::extract::DefaultBodyLimit::max(
                    super::storage::MAX_OBJECT_BYTES,
                )),
        )
        .method_not_allowed_fallback(express_not_found)
        .fallback(express_not_found)
        .layer(middleware::from_fn_with_state(
            state.clone(),
            record_request,
        ));
    let control = Router::new()
        .route(
            "/__mock/requests",
            get(control_requests).delete(control_clear_requests),
        )
        .route("/__mock/posts", get(control_posts))
        .route(
            "/__mock/faults",
            get(control_faults)
                .put(control_set_faults)
                .delete(control_clear_faults),
        );
    control.merge(api).with_state(state)
}

/// 429 `{"error":"Too many requests"}` with `Retry-After: seconds`.
fn too_many_requests(seconds: u64) -> Response {
    let mut response = error_response(StatusCode::TOO_MANY_REQUESTS, TOO_MANY_REQUESTS);
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, header::HeaderValue::from(seconds));
    response
}

/// `{ "error": message }` with `status` (§1.4).
pub fn error_response(status: StatusCode, message: &str) -> Response {
    (
        status,
        Json(ErrorBody {
            error: message.to_string(),
        }),
    )
        .into_response()
}

/// Escapes text for HTML, as Express's `escape-html` does.
fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            other => out.push(other),
        }
    }
    out
}

/// Express's default 404 page (finalhandler): status 404, `text/html; charset=utf-8`, body
/// `<pre>Cannot GET /api/v1/xyz</pre>` inside a small HTML document (§1.1). The path is shown
/// without the query string.
pub async fn express_not_found(method: Method, uri: Uri) -> Response {
    let body = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Error</title>\n</head>\n<body>\n<pre>Cannot {} {}</pre>\n</body>\n</html>\n",
        escape_html(method.as_str()),
        escape_html(uri.path())
    );
    (
        StatusCode::NOT_FOUND,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CONTENT_SECURITY_POLICY, "default-src 'none'"),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        ],
        body,
    )
        .into_response()
}

/// True for paths the fault knobs apply to: `/api/v1` and everything under it.
fn is_api_path(path: &str) -> bool {
    path == "/api/v1" || path.starts_with("/api/v1/")
}

/// A response whose body fails before its first byte, so hyper closes the connection without
/// sending the status line or headers (they are still buffered when the body errors); the
/// client sees a transport error. Used for hangs cut short by shutdown and for
/// [`DeleteFailMode::DropConnection`].
fn dropped_connection() -> Response {
    let failing = futures_util::stream::once(async {
        Err::<Bytes, std::io::Error>(std::io::Error::other("mock fault: connection dropped"))
    });
    Response::new(Body::from_stream(failing))
}

/// Middleware appending one [`RecordedRequest`] per request: method, path, raw query, final
/// status ([`NO_RESPONSE`] when none was sent), and the `x-postpost-user-id` header as sent. The
/// `x-api-key` value is never read here, so it can never reach the log.
///
/// On `/api/v1` paths it first numbers the request and applies the fault knobs, in this order
/// ([`Faults::plan`]): latency (a tokio sleep); hang (recorded with status 0, then waits until
/// the client goes away or the server stops); 429 `Too many requests` with `Retry-After`; 500
/// `Internal server error`; the handler; delete-then-fail on a delete-post that answered 200.
async fn record_request(State(state): State<MockState>, request: Request, next: Next) -> Response {
    let method = request.method().to_string();
    let path = request.uri().path().to_string();
    let query = request.uri().query().map(str::to_string);
    let user_id = request
        .headers()
        .get("x-postpost-user-id")
        .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned());
    let api_key_sent = request.headers().contains_key("x-api-key");
    let record = |status: u16| {
        state.record(RecordedRequest {
            method: method.clone(),
            path: path.clone(),
            query: query.clone(),
            status,
            user_id: user_id.clone(),
            api_key_sent,
        });
    };
    if !is_api_path(&path) {
        let response = next.run(request).await;
        record(response.status().as_u16());
        return response;
    }
    let (number, faults) = state.next_api_request();
    let key = request
        .headers()
        .get("x-api-key")
        .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned())
        .unwrap_or_default();
    if let Err(seconds) = state.admit(&key, &faults) {
        let response = too_many_requests(seconds);
        record(response.status().as_u16());
        return response;
    }
    let plan = faults.plan(number, &path);
    if !plan.latency.is_zero() {
        tokio::time::sleep(plan.latency).await;
    }
    if plan.hang {
        record(NO_RESPONSE);
        tracing::debug!(number, %path, "mock fault: hanging");
        state.stopping().await;
        return dropped_connection();
    }
    if let Some(seconds) = plan.rate_limited {
        let response = too_many_requests(seconds);
        record(response.status().as_u16());
        return response;
    }
    if plan.error {
        let response = error_response(
            StatusCode::INTERNAL_SERVER_ERROR,
            error_text::INTERNAL_SERVER_ERROR,
        );
        record(response.status().as_u16());
        return response;
    }
    if plan.refuse_delete {
        let response = Json(serde_json::json!({
            "success": false,
            "error": POST_BEING_PUBLISHED,
        }))
        .into_response();
        record(response.status().as_u16());
        return response;
    }
    let response = next.run(request).await;
    let response = match plan.delete_then_fail {
        Some(mode) if is_delete_path(&path) && response.status() == StatusCode::OK => {
            tracing::debug!(number, %path, ?mode, "mock fault: delete applied, then failing");
            match mode {
                DeleteFailMode::Status500 => error_response(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    error_text::FAILED_TO_DELETE,
                ),
                DeleteFailMode::DropConnection => {
                    record(NO_RESPONSE);
                    return dropped_connection();
                }
                DeleteFailMode::TruncatedBody => {
                    ([(header::CONTENT_TYPE, "application/json")], "{\"succ").into_response()
                }
            }
        }
        _ => response,
    };
    let mut response = response;
    if faults.clock_skew_secs != 0 {
        let skewed = chrono::Utc::now() + chrono::Duration::seconds(faults.clock_skew_secs);
        if let Ok(value) =
            header::HeaderValue::from_str(&skewed.format("%a, %d %b %Y %H:%M:%S GMT").to_string())
        {
            response.headers_mut().insert(header::DATE, value);
        }
    }
    record(response.status().as_u16());
    response
}

/// `GET /api/v1/list-posts` (§3.1): 200 [`ListPostsResponse`], or 400 `{error}` for a bad
/// `status`, `sortBy`, `fromDate` or `toDate` (rules in `mock::query::parse_list_query`).
async fn list_posts(
    State(state): State<MockState>,
    Extension(user): Extension<ActingUser>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Response {
    let mut query = match parse_list_query(&pairs) {
        Ok(query) => query,
        Err(message) => return error_response(StatusCode::BAD_REQUEST, message),
    };
    if state.faults().ignore_list_filters {
        query.status = None;
        query.platform = None;
        query.from = None;
        query.to = None;
    }
    let mut page = state.with_store(|store| store.list(&user.0, &query));
    for post in &mut page.posts {
        for url in &mut post.media_urls {
            *url = state.storage().public_url(url);
        }
    }
    Json(ListPostsResponse {
        success: true,
        posts: page.posts,
        pagination: page.pagination,
    })
    .into_response()
}

/// The post group id of a path, lower-cased; `None` for anything but 24 hex characters, which
/// the routes answer with their own 500 (§3.2, §3.4, §3.5: a malformed ObjectId is a server
/// error there, not a 400).
fn path_id(id: &str) -> Option<PostGroupId> {
    is_object_id(id).then(|| PostGroupId::new_unchecked(id.to_ascii_lowercase()))
}

/// `GET /api/v1/get-post/{id}` (§3.2): 200 `PostDetail` (raw platform ids, `postedId` only when
/// published, `error` only when failed); 500 `Failed to fetch post group` for an id that is not
/// 24 hex; 404 `Post group not found` for an unknown or foreign id.
async fn get_post(
    State(state): State<MockState>,
    Extension(user): Extension<ActingUser>,
    Path(id): Path<String>,
) -> Response {
    let Some(id) = path_id(&id) else {
        return error_response(
            StatusCode::INTERNAL_SERVER_ERROR,
            error_text::FAILED_TO_FETCH,
        );
    };
    match state.with_store(|store| store.detail(&user.0, &id)) {
        Some(detail) => Json(detail).into_response(),
        None => error_response(StatusCode::NOT_FOUND, error_text::POST_GROUP_NOT_FOUND),
    }
}

/// `DELETE /api/v1/delete-post/{id}` (§3.5, §10): removes the group, its platform posts and media
/// records in one locked step, then (lock released) deletes the media objects best-effort: they
/// are appended to the media-deletion log unless deletions are set to fail, which is only logged
/// and does not change the answer. 200 `{"success":true}`; 500 `Failed to delete post group` for
/// an id that is not 24 hex; 404 `Post group not found` for an unknown, foreign or already deleted
/// id.
async fn delete_post(
    State(state): State<MockState>,
    Extension(user): Extension<ActingUser>,
    Path(id): Path<String>,
) -> Response {
    let Some(id) = path_id(&id) else {
        return error_response(
            StatusCode::INTERNAL_SERVER_ERROR,
            error_text::FAILED_TO_DELETE,
        );
    };
    let Some(media_urls) = state.with_store(|store| store.remove(&user.0, &id)) else {
        return error_response(StatusCode::NOT_FOUND, error_text::POST_GROUP_NOT_FOUND);
    };
    state.delete_media_objects(media_urls);
    Json(SuccessBody { success: true }).into_response()
}

/// `GET /api/v1/post-logs/{id}` (§3.6): 200 `{success, logs}` with at most 100 entries,
/// `createdAt` ascending, optional fields absent (see `mock::logs`); 500 `Failed to get post
/// logs` for an id that is not 24 hex (Mongoose's CastError); 404 `Post group not found` for an
/// unknown or foreign id.
async fn post_logs(
    State(state): State<MockState>,
    Extension(user): Extension<ActingUser>,
    Path(id): Path<String>,
) -> Response {
    let Some(id) = path_id(&id) else {
        return error_response(
            StatusCode::INTERNAL_SERVER_ERROR,
            error_text::FAILED_TO_GET_POST_LOGS,
        );
    };
    match state.with_store(|store| store.post_logs(&user.0, &id)) {
        Some(logs) => Json(PostLogsResponse {
            success: true,
            logs,
        })
        .into_response(),
        None => error_response(StatusCode::NOT_FOUND, error_text::POST_GROUP_NOT_FOUND),
    }
}

/// `GET /api/v1/platform-connections` (§5.1): 200 `{success, connections}` with the acting
/// user's accounts (`[]` when none); `tokenStatus` and `tokenExpiresIn` computed at the request.
async fn platform_connections(
    State(state): State<MockState>,
    Extension(user): Extension<ActingUser>,
) -> Response {
    let now = Utc::now();
    let connections = state
        .connections_of(&user.0)
        .iter()
        .map(|record| record.wire(now))
        .collect();
    Json(PlatformConnectionsResponse {
        success: true,
        connections,
    })
    .into_response()
}

/// `POST /api/v1/test-connection/{platformId}` (§5.2), no body read: 400 `Invalid platformId
/// format` when the id has no dash (uppercase prefixes pass); 404 `Connection not found` when the
/// acting user has no connection with exactly that id; otherwise 200 with the test result,
/// `status` `ok` or `error` (see `ConnectionRecord::test`).
async fn test_connection(
    State(state): State<MockState>,
    Extension(user): Extension<ActingUser>,
    Path(platform_id): Path<String>,
) -> Response {
    if !platform_id.contains('-') {
        return error_response(
            StatusCode::BAD_REQUEST,
            error_text::INVALID_PLATFORM_ID_FORMAT,
        );
    }
    let record = state
        .connections_of(&user.0)
        .into_iter()
        .find(|record| record.platform_id == platform_id);
    match record {
        Some(record) => Json(record.test(Utc::now())).into_response(),
        None => error_response(StatusCode::NOT_FOUND, error_text::CONNECTION_NOT_FOUND),
    }
}

/// `POST /api/v1/create-post` (§3.3): 200 [`CreatePostResponse`] with a fresh 24-hex id; the
/// group is `draft` without `scheduledTime`, else `scheduled` (a time at or before now becomes
/// now); one platform post per entry with the same status, no media. 400 `{error}` with the §3.3
/// texts; 400 [`INVALID_JSON_BODY`] when the body is not a JSON object (an empty body reads as
/// `{}`) [INF]. The `Content-Type` header is not checked [INF]. `platformSettings` is validated
/// but not stored.
async fn create_post(
    State(state): State<MockState>,
    Extension(user): Extension<ActingUser>,
    body: Bytes,
) -> Response {
    let Some(body) = json_object(&body) else {
        return error_response(StatusCode::BAD_REQUEST, INVALID_JSON_BODY);
    };
    let new_post = match validate_create(&body) {
        Ok(new_post) => new_post,
        Err(message) => return error_response(StatusCode::BAD_REQUEST, &message),
    };
    let now = Utc::now();
    let (status, platform_status) = match new_post.scheduled_time {
        Some(_) => (PostStatus::Scheduled, PlatformStatus::Scheduled),
        None => (PostStatus::Draft, PlatformStatus::Draft),
    };
    let id = state.with_store(|store| {
        let id = state.fresh_group_id(store, now);
        let platform_posts = new_post
            .platforms
            .iter()
            .map(|platform_id| PlatformPostRecord {
                id: store.next_object_id(),
                platform_id: platform_id.clone(),
                platform: platform_of(platform_id),
                content: new_post.content.clone(),
                status: platform_status.clone(),
                posted_id: None,
                error: None,
            })
            .collect();
        let group = GroupRecord {
            id: id.clone(),
            user_id: user.0.clone(),
            content: new_post.content.clone(),
            status,
            scheduled_time: new_post.scheduled_time,
            created_at: now,
            updated_at: now,
        };
        store.insert(group, platform_posts, Vec::new());
        id
    });
    Json(CreatePostResponse {
        success: true,
        post_group_id: id,
    })
    .into_response()
}

/// `PUT /api/v1/update-post/{id}` (§3.4), checks in the [INF] order body → lookup → status:
/// the body checks of `mock::bodies::read_update` (400 `Either status or scheduledTime must be
/// provided`, `Status must be either 'draft' or 'scheduled'`, `Invalid scheduled time format`;
/// a past time becomes now); 400 [`INVALID_JSON_BODY`] [INF]; 500 `Failed to update post` for an
/// id that is not 24 hex; 404 `Post group not found`; 400 `Cannot update post: post is currently
/// in <status> status` unless the group is draft or scheduled; 403 structured `Schedule horizon
/// reached` (§9.2) for a time beyond `MockConfig::schedule_horizon_days`; a time closer than
/// `MockConfig::min_spacing` to another scheduled post of the user is moved forward (the answer
/// carries the moved time). Success 200 [`UpdatePostResponse`]
/// `{success, message: "Post updated successfully", postGroup: {_id, status, scheduledTime?}}`.
async fn update_post(
    State(state): State<MockState>,
    Extension(user): Extension<ActingUser>,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    let Some(body) = json_object(&body) else {
        return error_response(StatusCode::BAD_REQUEST, INVALID_JSON_BODY);
    };
    let mut request = match read_update(&body) {
        Ok(request) => request,
        Err(message) => return error_response(StatusCode::BAD_REQUEST, message),
    };
    let now = Utc::now();
    request.scheduled_time = request.scheduled_time.map(|time| time.max(now));
    let Some(id) = path_id(&id) else {
        return error_response(
            StatusCode::INTERNAL_SERVER_ERROR,
            error_text::FAILED_TO_UPDATE,
        );
    };
    let rules = *state.update_rules();
    let outcome = state.with_store(|store| store.update(&user.0, &id, request, now, &rules));
    match outcome {
        Ok(group) => Json(UpdatePostResponse {
            success: true,
            message: error_text::POST_UPDATED.to_owned(),
            post_group: UpdatedGroup {
                id: group.id,
                status: group.status,
                scheduled_time: group.scheduled_time.map(Timestamp::from_instant),
            },
        })
        .into_response(),
        Err(UpdateRefusal::NotFound) => {
            error_response(StatusCode::NOT_FOUND, error_text::POST_GROUP_NOT_FOUND)
        }
        Err(UpdateRefusal::NotUpdatable(current)) => error_response(
            StatusCode::BAD_REQUEST,
            &format!(
                "{}{current}{}",
                error_text::NOT_UPDATABLE_PREFIX,
                error_text::NOT_UPDATABLE_SUFFIX
            ),
        ),
        Err(UpdateRefusal::HorizonReached {
            horizon_days,
            max_scheduled,
            requested,
        }) => horizon_reached(horizon_days, max_scheduled, requested),
    }
}

/// The structured 403 LimitExceededError for a time beyond the plan's horizon (§9.2: code
/// `SCHEDULE_HORIZON_REACHED`, metric `posts.schedule_horizon_days`, the counters and period
/// null, plus the context keys `scheduledTime` and `maxScheduledDate`). The plan is called
/// `Starter`, the plan the docs give a 7-day horizon.
fn horizon_reached(
    horizon_days: u32,
    max_scheduled: chrono::DateTime<Utc>,
    requested: chrono::DateTime<Utc>,
) -> Response {
    let body = serde_json::json!({
        "error": error_text::SCHEDULE_HORIZON_REACHED,
        "code": "SCHEDULE_HORIZON_REACHED",
        "metric": "posts.schedule_horizon_days",
        "message": format!(
            "Your Starter plan allows scheduling up to {horizon_days} days ahead."
        ),
        "limit": horizon_days,
        "used": null,
        "requested": null,
        "remaining": null,
        "periodStart": null,
        "periodEnd": null,
        "planName": "Starter",
        "scheduledTime": format_instant(requested),
        "maxScheduledDate": format_instant(max_scheduled),
    });
    (StatusCode::FORBIDDEN, Json(body)).into_response()
}

/// The `GET /workspace/users` body (§8): `{ "users": [ManagedUser] }`, no `success` key.
/// 403 `Workspace access is not enabled for this key` when `MockConfig::workspaces_enabled` is
/// off. [INF] the docs only show the owner calling it; the mock lists the users managed by the
/// *acting* user, so a request carrying a managed user's `x-postpost-user-id` gets
/// `{"users":[]}` (a managed user manages nobody). The TUI always asks as the owner.
async fn workspace_users(
    State(state): State<MockState>,
    Extension(user): Extension<ActingUser>,
) -> Response {
    if !state.auth().workspaces_enabled {
        return error_response(StatusCode::FORBIDDEN, error_text::WORKSPACE_NOT_ENABLED);
    }
    let users = if user.0 == state.auth().owner_user_id {
        state.managed_users().to_vec()
    } else {
        Vec::new()
    };
    Json(WorkspaceUsersResponse { users }).into_response()
}

/// `GET /__mock/requests`: the request log.
async fn control_requests(State(state): State<MockState>) -> Json<Vec<RecordedRequest>> {
    Json(state.requests())
}

/// `DELETE /__mock/requests`: clears the request log.
async fn control_clear_requests(State(state): State<MockState>) -> Json<SuccessBody> {
    state.clear_requests();
    Json(SuccessBody { success: true })
}

/// `GET /__mock/posts`: every stored post group id (all users), sorted.
async fn control_posts(State(state): State<MockState>) -> Json<Vec<PostGroupId>> {
    Json(state.with_store(|store| store.ids()))
}

/// `GET /__mock/faults`: the fault knobs in force.
async fn control_faults(State(state): State<MockState>) -> Json<Faults> {
    Json(state.faults())
}

/// `PUT /__mock/faults`: replaces every knob with the JSON body (missing fields are off) and
/// restarts the request numbering; answers the new [`Faults`]. 400 `{error}` for a body that is
/// not a valid [`Faults`] object or has a share outside 0..=1.
/// `DELETE /__mock/faults`: every knob off; the seed stays.
async fn control_clear_faults(State(state): State<MockState>) -> Response {
    let faults = Faults {
        seed: state.faults().seed,
        ..Faults::default()
    };
    state.set_faults(faults.clone());
    Json(faults).into_response()
}

async fn control_set_faults(State(state): State<MockState>, body: Bytes) -> Response {
    // The knobs given are laid over those in force: `{"error_share":0.1}` changes that knob
    // alone and keeps the seed and every other knob.
    let merged = serde_json::from_slice::<serde_json::Map<String, serde_json::Value>>(&body)
        .map_err(|error| error.to_string())
        .and_then(|patch| {
            let mut knobs = match serde_json::to_value(state.faults()) {
                Ok(serde_json::Value::Object(knobs)) => knobs,
                _ => serde_json::Map::new(),
            };
            knobs.extend(patch);
            serde_json::from_value::<Faults>(serde_json::Value::Object(knobs))
                .map_err(|error| error.to_string())
        });
    let faults = match merged {
        Ok(faults) => faults,
        Err(error) => {
            return error_response(StatusCode::BAD_REQUEST, &format!("invalid faults: {error}"));
        }
    };
    if let Err(message) = faults.validate() {
        return error_response(
            StatusCode::BAD_REQUEST,
            &format!("invalid faults: {message}"),
        );
    }
    state.set_faults(faults.clone());
    tracing::info!(?faults, "mock: fault knobs changed");
    Json(faults).into_response()
}
