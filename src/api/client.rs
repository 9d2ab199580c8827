//! The PostPost HTTP client (reqwest): builds requests with the auth headers of
//! POSTPOST_API.md §1.5, applies connect and total timeouts to every request, and turns every
//! answer into either a typed value from `api::model` or an [`ApiError`]. Owned by the worker
//! (TUI) or by a headless command; knows nothing of the UI.
//!
//! Redirects are never followed, so the `x-api-key` header cannot leak to another host.

use std::time::Duration;

use reqwest::header::{CONTENT_TYPE, HeaderMap, HeaderValue, RETRY_AFTER};
use serde::de::DeserializeOwned;

use super::model::{
    CreatePostRequest, CreatePostResponse, GetUploadUrlRequest, GetUploadUrlResponse,
    ListPostsPage, ManagedUser, PlatformConnectionsPage, PostDetail, PostGroupId, PostLogsPage,
    PostStatus, SortField, SortOrder, TestConnectionResult, UpdatePostRequest, UpdatePostResponse,
    UpdatedGroup, WorkspaceUsersResponse, error_text,
};
use super::{error::ApiError, pacer::Pacer};
use crate::secret::{ApiKey, Redactor};

/// Everything needed to talk to one account.
#[derive(Debug, Clone)]
pub struct ClientOptions {
    /// API root including the version prefix, e.g. `https://api.postpost.dev/api/v1`.
    pub base_url: String,
    /// Sent as `x-api-key`.
    pub api_key: ApiKey,
    /// Sent as `x-postpost-user-id` when set (act as a managed workspace user, §1.5).
    pub user_id: Option<String>,
    /// Limit for establishing a connection.
    pub connect_timeout: Duration,
    /// Limit for a whole request, from sending to the last byte of the body.
    pub request_timeout: Duration,
    /// Refuse every changing request (create, update, delete) before it is sent.
    pub read_only: bool,
}

/// Longest answer body read, in bytes: a server that floods is cut off here (a page of 100
/// posts of 100 KB each is a sixth of it).
pub const MAX_BODY_BYTES: usize = 64 * 1024 * 1024;

/// The `x-postpost-user-id` header name (§1.5).
const USER_ID_HEADER: &str = "x-postpost-user-id";

/// Query of list-posts (POSTPOST_API.md §3.1). `None` fields are not sent.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ListQuery {
    /// 1-based page.
    pub page: u32,
    /// Page size, 1..=100 (the server clamps).
    pub limit: u32,
    /// Exact group status.
    pub status: Option<PostStatus>,
    /// Platform name; the server matches it as a case-insensitive `^name-` prefix.
    pub platform: Option<String>,
    /// Sort field (`sortBy`).
    pub sort_by: Option<SortField>,
    /// Sort order (`sortOrder`).
    pub sort_order: Option<SortOrder>,
    /// Inclusive lower bound on `scheduledTime` (anything `new Date()` parses).
    pub from_date: Option<String>,
    /// Inclusive upper bound on `scheduledTime`.
    pub to_date: Option<String>,
}

impl ListQuery {
    /// The query pairs as sent on the wire.
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = vec![
            ("page", self.page.max(1).to_string()),
            ("limit", self.limit.to_string()),
        ];
        if let Some(status) = &self.status {
            pairs.push(("status", status.as_str().to_string()));
        }
        if let Some(platform) = &self.platform {
            pairs.push(("platform", platform.clone()));
        }
        if let Some(sort_by) = self.sort_by {
            pairs.push(("sortBy", sort_by.as_str().to_string()));
        }
        if let Some(order) = self.sort_order {
            pairs.push(("sortOrder", order.as_str().to_string()));
        }
        if let Some(from) = &self.from_date {
            pairs.push(("fromDate", from.clone()));
        }
        if let Some(to) = &self.to_date {
            pairs.push(("toDate", to.clone()));
        }
        pairs
    }
}

/// A client for one account. Cheap to clone (reqwest shares the connection pool).
///
/// The acting user (`x-postpost-user-id`, §1.5) is part of the client, not of the connection
/// pool: [`ApiClient::with_user_id`] gives a clone acting as another managed user, which is how
/// the TUI switches users at runtime.
#[derive(Debug, Clone)]
pub struct ApiClient {
    http: reqwest::Client,
    base_url: String,
    request_timeout: Duration,
    read_only: bool,
    /// Sent as `x-postpost-user-id` on every request except `GET /workspace/users`.
    user_id: Option<HeaderValue>,
    /// Applied to every answer body and every error before they leave the client.
    redactor: Redactor,
    /// The server's clock minus ours, from the `Date` header of the latest answer that had one
    /// (shared by clones).
    clock_skew: std::sync::Arc<std::sync::Mutex<Option<chrono::Duration>>>,
    /// The key's pace ([`super::pacer`]) for jobs, restores and page walks; shared by clones.
    pacer: Option<std::sync::Arc<Pacer>>,
}

impl ApiClient {
    /// Builds the client. Proxies are never used for loopback servers (tests, the demo).
    ///
    /// # Errors
    /// [`ApiError::Connect`] when the key or user id cannot be sent as a header, or reqwest
    /// cannot build a client.
    pub fn new(options: &ClientOptions) -> Result<Self, ApiError> {
        let base_url = options.base_url.trim_end_matches('/').to_string();
        let redactor = Redactor::new(&options.api_key, &base_url);
        let setup_error = |reason: String| {
            ApiError::Connect {
                url: base_url.clone(),
                reason,
            }
            .redacted(&redactor)
        };
        let mut headers = HeaderMap::new();
        let mut key = HeaderValue::from_str(options.api_key.expose()).map_err(|_| {
            setup_error("the API key holds characters that cannot go in a header".into())
        })?;
        key.set_sensitive(true);
        headers.insert("x-api-key", key);
        let user_id =
            user_header(options.user_id.as_deref()).map_err(|reason| setup_error(reason.into()))?;
        let mut builder = reqwest::Client::builder()
            .default_headers(headers)
            .connect_timeout(options.connect_timeout)
            .timeout(options.request_timeout)
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("postpost-tui/", env!("CARGO_PKG_VERSION")));
        if is_loopback_url(&base_url) {
            builder = builder.no_proxy();
        }
        let http = builder
            .build()
            .map_err(|error| setup_error(error.to_string()))?;
        Ok(Self {
            http,
            base_url,
            request_timeout: options.request_timeout,
            read_only: options.read_only,
            user_id,
            redactor,
            clock_skew: std::sync::Arc::default(),
            pacer: None,
        })
    }

    /// This client with `pacer` spacing its jobs, restores and page walks (one per API key).
    #[must_use]
    pub fn with_pacer(mut self, pacer: std::sync::Arc<Pacer>) -> Self {
        self.pacer = Some(pacer);
        self
    }

    /// The key's pacer, when requests are paced.
    pub fn pacer(&self) -> Option<&std::sync::Arc<Pacer>> {
        self.pacer.as_ref()
    }

    /// The redaction step of this client (the key and the base URL's credentials), for
    /// callers that write server text to a sink the client does not know about.
    pub fn redactor(&self) -> &Redactor {
        &self.redactor
    }

    /// How far the server's clock is ahead of ours (negative: behind), read from the `Date`
    /// header of the latest answer that carried one (RFC 9110 §6.6.1; whole seconds, so a
    /// second or so of it is rounding and latency). `None` before any such answer.
    pub fn clock_skew(&self) -> Option<chrono::Duration> {
        *self
            .clock_skew
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// A clone of this client acting as `user_id` (a managed user's 24-hex id, sent as
    /// `x-postpost-user-id`, §1.5), or as the key owner for `None` or an empty id. Shares the
    /// connection pool; the key, timeouts, read-only setting and pacer (limits count per key) stay.
    ///
    /// # Errors
    /// [`ApiError::Connect`] when the id holds characters that cannot go in a header.
    pub fn with_user_id(&self, user_id: Option<&str>) -> Result<Self, ApiError> {
        let user_id = user_header(user_id).map_err(|reason| {
            ApiError::Connect {
                url: self.base_url.clone(),
                reason: reason.into(),
            }
            .redacted(&self.redactor)
        })?;
        Ok(Self {
            user_id,
            ..self.clone()
        })
    }

    /// The user this client acts as (`x-postpost-user-id`), `None` for the key owner.
    pub fn user_id(&self) -> Option<&str> {
        self.user_id.as_ref().and_then(|value| value.to_str().ok())
    }

    /// True when changing requests are refused (`--read-only`).
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    fn check_writable(&self, action: &'static str) -> Result<(), ApiError> {
        if self.read_only {
            Err(ApiError::ReadOnly { action })
        } else {
            Ok(())
        }
    }

    /// The API root this client talks to, as it may be shown (credentials removed).
    pub fn base_url(&self) -> String {
        self.redactor.url_for_display(&self.base_url)
    }

    /// `GET /list-posts` (POSTPOST_API.md §3.1): one page. Entries that cannot be read are
    /// skipped and counted in [`ListPostsPage::skipped`].
    ///
    /// # Errors
    /// Any [`ApiError`]; 400 for a bad `status`/`sortBy`/date, with the server's text.
    pub async fn list_posts(&self, query: &ListQuery) -> Result<ListPostsPage, ApiError> {
        let url = format!("{}/list-posts", self.base_url);
        let request = self.http.get(&url).query(&query.pairs());
        let (status, content_type, body) = self.send(&url, request).await?;
        ListPostsPage::from_json(&body)
            .map_err(|detail| unexpected(status, content_type, &body, &detail))
    }

    /// `GET /get-post/:postGroupId` (POSTPOST_API.md §3.2).
    ///
    /// # Errors
    /// [`ApiError::InvalidId`] before any request for an id that is not 24 hex characters;
    /// 404 `Post group not found` for unknown or foreign ids; any other [`ApiError`].
    pub async fn get_post(&self, id: &PostGroupId) -> Result<PostDetail, ApiError> {
        check_id(id)?;
        let url = format!("{}/get-post/{}", self.base_url, id);
        self.json(&url, self.http.get(&url)).await
    }

    /// `GET /post-logs/:postGroupId` (POSTPOST_API.md §3.6): at most the first 100 entries,
    /// `createdAt` ascending. Entries that cannot be read are skipped and counted in
    /// [`PostLogsPage::skipped`].
    ///
    /// # Errors
    /// [`ApiError::InvalidId`] before any request for an id that is not 24 hex characters (the
    /// server would answer 500 `Failed to get post logs`); 404 `Post group not found` for unknown
    /// or foreign ids; any other [`ApiError`].
    pub async fn post_logs(&self, id: &PostGroupId) -> Result<PostLogsPage, ApiError> {
        check_id(id)?;
        let url = format!("{}/post-logs/{}", self.base_url, id);
        let request = self.http.get(&url);
        let (status, content_type, body) = self.send(&url, request).await?;
        PostLogsPage::from_json(&body)
            .map_err(|detail| unexpected(status, content_type, &body, &detail))
    }

    /// `GET /platform-connections` (POSTPOST_API.md §5.1): the acting user's connected
    /// accounts. Entries that cannot be read are skipped and counted.
    ///
    /// # Errors
    /// 500 `Failed to fetch platform connections`; any other [`ApiError`].
    pub async fn platform_connections(&self) -> Result<PlatformConnectionsPage, ApiError> {
        let url = format!("{}/platform-connections", self.base_url);
        let request = self.http.get(&url);
        let (status, content_type, body) = self.send(&url, request).await?;
        PlatformConnectionsPage::from_json(&body)
            .map_err(|detail| unexpected(status, content_type, &body, &detail))
    }

    /// `POST /test-connection/:platformId` (POSTPOST_API.md §5.2), no body. The result of the
    /// test is the answer's `status` (`ok`/`error`), always with HTTP 200. Allowed in read-only
    /// mode: it changes nothing on the server. The id is sent as one path segment
    /// (percent-encoded where needed).
    ///
    /// # Errors
    /// 400 `Invalid platformId format` (no dash); 404 `Connection not found`; 500
    /// `Failed to test connection`; any other [`ApiError`].
    pub async fn test_connection(
        &self,
        platform_id: &str,
    ) -> Result<TestConnectionResult, ApiError> {
        let mut url = reqwest::Url::parse(&self.base_url).map_err(|error| ApiError::Connect {
            url: self.base_url.clone(),
            reason: error.to_string(),
        })?;
        url.path_segments_mut()
            .map_err(|()| ApiError::Connect {
                url: self.base_url.clone(),
                reason: "the base URL cannot take a path".into(),
            })?
            .pop_if_empty()
            .push("test-connection")
            .push(platform_id);
        let text = url.to_string();
        self.json(&text, self.http.post(url)).await
    }

    /// `DELETE /delete-post/:postGroupId` (POSTPOST_API.md §3.5): removes the whole group.
    ///
    /// # Errors
    /// [`ApiError::InvalidId`] before any request; 404 when already gone; 500
    /// `Failed to delete post group` when the server rolled back (safe to retry).
    pub async fn delete_post(&self, id: &PostGroupId) -> Result<(), ApiError> {
        self.check_writable("deleting")?;
        check_id(id)?;
        let url = format!("{}/delete-post/{}", self.base_url, id);
        let answer: serde_json::Value = self.json(&url, self.http.delete(&url)).await?;
        confirmed(&answer)
    }

    /// `PUT /update-post/:postGroupId` (POSTPOST_API.md §3.4): changes the status (`draft` or
    /// `scheduled`) and/or the time of a draft or scheduled group. The answer's `postGroup` is
    /// the truth: a past time comes back as the server's now, and the limits service may move
    /// the time for spacing.
    ///
    /// # Errors
    /// [`ApiError::ReadOnly`] before anything is sent in read-only mode; [`ApiError::InvalidId`]
    /// before any request for an id that is not 24 hex; 400 with the §3.4 texts
    /// (`Either status or scheduledTime must be provided`, `Status must be either 'draft' or
    /// 'scheduled'`, `Invalid scheduled time format`, `Cannot update post: post is currently in
    /// <status> status`); 403 structured LimitExceededError (§9.2, see
    /// [`ApiError::is_limit`]); 404 `Post group not found`; 500 `Failed to update post`.
    pub async fn update_post(
        &self,
        id: &PostGroupId,
        request: &UpdatePostRequest,
    ) -> Result<UpdatedGroup, ApiError> {
        self.check_writable("updating posts")?;
        check_id(id)?;
        let url = format!("{}/update-post/{}", self.base_url, id);
        let answer: serde_json::Value = self.json(&url, self.http.put(&url).json(request)).await?;
        confirmed(&answer)?;
        let answer: UpdatePostResponse =
            serde_json::from_value(answer).map_err(|error| ApiError::UnexpectedBody {
                status: 200,
                content_type: None,
                detail: format!("body is not the expected JSON: {error}"),
            })?;
        Ok(answer.post_group)
    }

    /// `GET /workspace/users` (POSTPOST_API.md §8): the users the key owner manages. Always sent
    /// as the key owner (without `x-postpost-user-id`), since the list belongs to the owner's
    /// workspace whoever the client acts as.
    ///
    /// # Errors
    /// 403 `Workspace access is not enabled for this key` when the owner lacks workspaces; any
    /// other [`ApiError`].
    pub async fn workspace_users(&self) -> Result<Vec<ManagedUser>, ApiError> {
        let url = format!("{}/workspace/users", self.base_url);
        let request = self.http.get(&url);
        let (status, content_type, body) = self.send_as(&url, request, false).await?;
        let answer: WorkspaceUsersResponse = serde_json::from_slice(&body).map_err(|error| {
            unexpected(
                status,
                content_type,
                &body,
                &format!("body is not the expected JSON: {error}"),
            )
        })?;
        Ok(answer.users)
    }

    /// `POST /create-post` (POSTPOST_API.md §3.3); answers 200 with the new group's id.
    ///
    /// # Errors
    /// 400 with the validation text of §3.3; any other [`ApiError`].
    pub async fn create_post(&self, request: &CreatePostRequest) -> Result<PostGroupId, ApiError> {
        self.check_writable("creating posts")?;
        let url = format!("{}/create-post", self.base_url);
        let answer: CreatePostResponse =
            self.json(&url, self.http.post(&url).json(request)).await?;
        Ok(answer.post_group_id)
    }

    /// `POST /get-upload-url` (POSTPOST_API.md §4.1): a pre-signed URL to PUT one media file to,
    /// attached to post group `request.post_group_id`. The PUT itself goes to the storage host
    /// through `api::storage`, without the key.
    ///
    /// # Errors
    /// 400 `fileName, contentType, and postGroupId are required`; 500 `Failed to create upload
    /// URL`; a 2xx without `"success": true`; any other [`ApiError`].
    pub async fn get_upload_url(
        &self,
        request: &GetUploadUrlRequest,
    ) -> Result<GetUploadUrlResponse, ApiError> {
        self.check_writable("uploading media")?;
        let url = format!("{}/get-upload-url", self.base_url);
        let answer: serde_json::Value = self.json(&url, self.http.post(&url).json(request)).await?;
        confirmed(&answer)?;
        serde_json::from_value(answer).map_err(|error| ApiError::UnexpectedBody {
            status: 200,
            content_type: None,
            detail: format!("body is not the expected JSON: {error}"),
        })
    }

    async fn json<T: DeserializeOwned>(
        &self,
        url: &str,
        request: reqwest::RequestBuilder,
    ) -> Result<T, ApiError> {
        let (status, content_type, body) = self.send(url, request).await?;
        serde_json::from_slice(&body).map_err(|error| {
            unexpected(
                status,
                content_type,
                &body,
                &format!("body is not the expected JSON: {error}"),
            )
        })
    }

    /// Sends as the acting user; see [`ApiClient::send_as`].
    async fn send(
        &self,
        url: &str,
        request: reqwest::RequestBuilder,
    ) -> Result<(u16, Option<String>, Vec<u8>), ApiError> {
        self.send_as(url, request, true).await
    }

    /// Sends (with `x-postpost-user-id` when `as_acting_user` and a user is set), reads the
    /// whole body, and turns every non-2xx answer into an [`ApiError`]. The redaction edge:
    /// the body is redacted as soon as it is read (so nothing built from it, an error quoting
    /// its start included, can hold a secret or half of one), and so is every error.
    async fn send_as(
        &self,
        url: &str,
        request: reqwest::RequestBuilder,
        as_acting_user: bool,
    ) -> Result<(u16, Option<String>, Vec<u8>), ApiError> {
        self.exchange(url, request, as_acting_user)
            .await
            .map_err(|error| error.redacted(&self.redactor))
    }

    /// [`ApiClient::send_as`] before its errors are redacted.
    async fn exchange(
        &self,
        url: &str,
        request: reqwest::RequestBuilder,
        as_acting_user: bool,
    ) -> Result<(u16, Option<String>, Vec<u8>), ApiError> {
        let request = match (&self.user_id, as_acting_user) {
            (Some(user_id), true) => request.header(USER_ID_HEADER, user_id.clone()),
            _ => request,
        };
        let request = request
            .build()
            .map_err(|error| self.transport_error(url, &error))?;
        let method = request.method().clone();
        let started = std::time::Instant::now();
        // Logged at debug (-vv): method, URL (without credentials) and status, never the
        // headers, so never the key.
        let shown_url = self.redactor.url_for_display(url);
        let response = self.http.execute(request).await.map_err(|error| {
            let reason = self.redactor.redact(&error.to_string()).into_owned();
            tracing::debug!(%method, url = %shown_url, error = %reason, "request failed");
            self.transport_error(url, &error)
        })?;
        let status = response.status().as_u16();
        tracing::debug!(%method, url = %shown_url, status, elapsed_ms = started.elapsed().as_millis() as u64, "request");
        let headers = response.headers().clone();
        if let Some(date) = headers
            .get(reqwest::header::DATE)
            .and_then(|value| value.to_str().ok())
            .and_then(|text| chrono::DateTime::parse_from_rfc2822(text).ok())
        {
            let skew = date.with_timezone(&chrono::Utc) - chrono::Utc::now();
            *self
                .clock_skew
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(skew);
        }
        let content_type = headers
            .get(CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .map(str::to_string);
        let too_large = || ApiError::UnexpectedBody {
            status,
            content_type: content_type.clone(),
            detail: format!(
                "the answer is larger than {} MB; it was not read to its end",
                MAX_BODY_BYTES / (1024 * 1024)
            ),
        };
        if response
            .content_length()
            .is_some_and(|length| length > MAX_BODY_BYTES as u64)
        {
            return Err(too_large());
        }
        let mut response = response;
        let mut body = Vec::new();
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|error| self.transport_error(url, &error))?
        {
            if body.len() + chunk.len() > MAX_BODY_BYTES {
                return Err(too_large());
            }
            body.extend_from_slice(&chunk);
        }
        let body = redact_body(&self.redactor, body);
        if (200..300).contains(&status) {
            return Ok((status, content_type, body));
        }
        if (300..400).contains(&status) {
            let location = headers
                .get(reqwest::header::LOCATION)
                .and_then(|value| value.to_str().ok())
                .map_or_else(|| "nowhere".into(), |text| self.redactor.redact(text));
            return Err(ApiError::UnexpectedBody {
                status,
                content_type,
                detail: format!(
                    "the server redirects to {}; redirects are not followed so the API key stays with this host",
                    printable_prefix(location.as_bytes(), 120)
                ),
            });
        }
        let retry_after = headers
            .get(RETRY_AFTER)
            .and_then(|value| value.to_str().ok())
            .and_then(parse_retry_after);
        match error_message(&body) {
            Some(message) => Err(ApiError::Http {
                status,
                message,
                retry_after,
            }),
            None if status == 429 => Err(ApiError::Http {
                status,
                message: "Too Many Requests".into(),
                retry_after,
            }),
            None => Err(unexpected(
                status,
                content_type,
                &body,
                "error answer without a JSON error or message",
            )),
        }
    }

    fn transport_error(&self, url: &str, error: &reqwest::Error) -> ApiError {
        let url = url.to_string();
        if error.is_timeout() {
            ApiError::Timeout {
                url,
                after: self.request_timeout,
            }
        } else if error.is_connect() {
            ApiError::Connect {
                url,
                reason: root_cause(error),
            }
        } else {
            ApiError::Network {
                url,
                reason: root_cause(error),
            }
        }
    }
}

/// `body` with every secret of `redactor` replaced, before anything reads it. A JSON body
/// that escapes characters with `\u` (which could spell the key without its plain bytes) is
/// redacted string by string after parsing and written back; any other body byte by byte.
fn redact_body(redactor: &Redactor, body: Vec<u8>) -> Vec<u8> {
    if redactor.is_empty() {
        return body;
    }
    if memchr::memmem::find(&body, b"\\u").is_some()
        && let Ok(mut value) = serde_json::from_slice::<serde_json::Value>(&body)
    {
        if redact_json(redactor, &mut value) {
            return serde_json::to_vec(&value).unwrap_or(body);
        }
        return body;
    }
    if !redactor.finds_in(&body) {
        return body;
    }
    match String::from_utf8(body) {
        Ok(text) => redactor.redact(&text).into_owned().into_bytes(),
        Err(error) => {
            let text = String::from_utf8_lossy(error.as_bytes()).into_owned();
            redactor.redact(&text).into_owned().into_bytes()
        }
    }
}

/// Redacts every string (object keys included) of `value`; true when something changed.
fn redact_json(redactor: &Redactor, value: &mut serde_json::Value) -> bool {
    match value {
        serde_json::Value::String(text) => {
            let before = text.len();
            let redacted = redactor.redact(text).into_owned();
            let changed = redacted.len() != before || redacted != *text;
            *text = redacted;
            changed
        }
        serde_json::Value::Array(items) => items
            .iter_mut()
            .fold(false, |changed, item| redact_json(redactor, item) | changed),
        serde_json::Value::Object(map) => {
            let mut changed = false;
            let entries = std::mem::take(map);
            for (key, mut item) in entries {
                changed |= redact_json(redactor, &mut item);
                let shown = redactor.redact(&key).into_owned();
                changed |= shown != key;
                map.insert(shown, item);
            }
            changed
        }
        _ => false,
    }
}

/// The header value for a user id; `None` for no id or an empty one.
fn user_header(user_id: Option<&str>) -> Result<Option<HeaderValue>, &'static str> {
    match user_id.filter(|id| !id.is_empty()) {
        None => Ok(None),
        Some(id) => HeaderValue::from_str(id)
            .map(Some)
            .map_err(|_| "the user id holds characters that cannot go in a header"),
    }
}

/// A changing request's 2xx answer counts only with `"success": true` (§1.4, §3.4, §3.5): a
/// server or proxy answering `{"success": false, "error": "Post is being published"}`, or JSON
/// without the field, did not report doing it.
fn confirmed(answer: &serde_json::Value) -> Result<(), ApiError> {
    if answer.get("success") == Some(&serde_json::Value::Bool(true)) {
        return Ok(());
    }
    let said = ["error", "message"]
        .iter()
        .find_map(|key| answer.get(*key).and_then(serde_json::Value::as_str));
    let message = match (said, answer.get("success")) {
        (Some(text), _) => text.chars().take(300).collect(),
        (None, None) => "the answer has no \"success\" field".to_string(),
        (None, Some(value)) => format!(
            "\"success\" is {}",
            value.to_string().chars().take(40).collect::<String>()
        ),
    };
    Err(ApiError::NotConfirmed {
        status: 200,
        message,
    })
}

fn check_id(id: &PostGroupId) -> Result<(), ApiError> {
    if id.is_well_formed() {
        Ok(())
    } else {
        Err(ApiError::InvalidId(super::model::InvalidPostGroupId(
            id.as_str().to_string(),
        )))
    }
}

/// `body.error || body.message` (POSTPOST_API.md §1.4), when the body is a JSON object with one.
/// A structured LimitExceededError (§9.2: `error`, `code` and `message`) reads as
/// `<error>: <message>`, so the plan's explanation reaches the user.
fn error_message(body: &[u8]) -> Option<String> {
    let value: serde_json::Value = serde_json::from_slice(body).ok()?;
    let text = |field: &str| {
        value
            .get(field)
            .and_then(serde_json::Value::as_str)
            .filter(|text| !text.is_empty())
    };
    if let (Some(error), Some(_code), Some(message)) =
        (text("error"), text("code"), text("message"))
        && error_text::LIMIT_ERRORS.contains(&error)
    {
        return Some(format!("{error}: {message}"));
    }
    ["error", "message"].iter().find_map(|field| {
        value
            .get(field)
            .and_then(serde_json::Value::as_str)
            .filter(|text| !text.is_empty())
            .map(str::to_string)
    })
}

fn unexpected(status: u16, content_type: Option<String>, body: &[u8], what: &str) -> ApiError {
    let html = content_type
        .as_deref()
        .is_some_and(|t| t.to_ascii_lowercase().contains("html"))
        || body.trim_ascii_start().starts_with(b"<");
    let detail = if body.is_empty() {
        format!("{what}; the body is empty")
    } else if html {
        match html_gist(body) {
            Some(gist) => format!("{what}; {WEB_PAGE} ({gist:?})"),
            None => format!("{what}; {WEB_PAGE}"),
        }
    } else {
        format!("{what}; body starts {:?}", printable_prefix(body, 80))
    };
    ApiError::UnexpectedBody {
        status,
        content_type,
        detail,
    }
}

/// How an HTML answer is described instead of quoting it (see [`ApiError::is_web_page`]).
pub const WEB_PAGE: &str = "an HTML page, not the API's JSON";

/// The text of an HTML page's `<pre>` (Express's 404 says `Cannot GET /path` there) or
/// `<title>`, printable and short.
fn html_gist(body: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(&body[..body.len().min(4096)]).into_owned();
    let lower = text.to_ascii_lowercase();
    ["pre", "title", "h1"].iter().find_map(|tag| {
        let start = lower.find(&format!("<{tag}>"))? + tag.len() + 2;
        let end = start + lower[start..].find(&format!("</{tag}>"))?;
        let inner = printable_prefix(&text.as_bytes()[start..end], 80);
        (!inner.is_empty()).then_some(inner)
    })
}

/// The first `max_chars` characters of `bytes`, lossily decoded, with controls replaced so the
/// text is safe to show in a terminal.
fn printable_prefix(bytes: &[u8], max_chars: usize) -> String {
    String::from_utf8_lossy(bytes)
        .chars()
        .take(max_chars)
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .trim()
        .to_string()
}

/// Reads `Retry-After`: delay-seconds, or an HTTP date (RFC 9110 §10.2.3). Never overflows:
/// a number of seconds too large for a `u64` saturates to `u64::MAX` seconds, and a date in
/// the past is no wait. The caller bounds the result before waiting it out (DESIGN §7
/// invariant 6; `worker::job` stops a job whose wait exceeds `max_rate_limit_wait_secs`).
pub fn parse_retry_after(value: &str) -> Option<Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        let seconds = value.parse::<u64>().unwrap_or(u64::MAX);
        return Some(Duration::from_secs(seconds));
    }
    let when = chrono::DateTime::parse_from_rfc2822(value).ok()?;
    let wait = when.with_timezone(&chrono::Utc) - chrono::Utc::now();
    Some(wait.to_std().unwrap_or(Duration::ZERO))
}

fn root_cause(error: &reqwest::Error) -> String {
    let mut source: &dyn std::error::Error = error;
    while let Some(next) = source.source() {
        source = next;
    }
    source.to_string()
}

/// True when the URL's host is a loopback address or `localhost`.
pub fn is_loopback_url(url: &str) -> bool {
    let Ok(parsed) = reqwest::Url::parse(url) else {
        return false;
    };
    match parsed.host() {
        Some(url::Host::Domain(domain)) => domain.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        assert_eq!(parse_retry_after("7"), Some(Duration::from_secs(7)));
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT"),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon"), None);
        assert_eq!(
            parse_retry_after("18446744073709551615"),
            Some(Duration::from_secs(u64::MAX))
        );
        assert_eq!(
            parse_retry_after("99999999999999999999999999"),
            Some(Duration::from_secs(u64::MAX))
        );
        assert_eq!(parse_retry_after("-5"), None);
        let far = parse_retry_after("Fri, 31 Dec 9999 23:59:59 GMT").expect("a date");
        assert!(far > Duration::from_secs(7_000 * 365 * 86_400), "{far:?}");
    }

    #[test]
    fn bodies_are_redacted_however_the_key_is_spelled() {
        let redactor = Redactor::new(&ApiKey::new("sk_live_abc123"), "http://u:pw0rd-x@h/api/v1");
        let escaped = br#"{"error":"bad key \u0073k_live_abc123","list":["sk_live_abc123"],"sk_live_abc123":1}"#;
        let text = String::from_utf8(redact_body(&redactor, escaped.to_vec())).expect("utf-8");
        let value: serde_json::Value = serde_json::from_str(&text).expect("still JSON");
        assert!(!value.to_string().contains("sk_live_abc123"), "{value}");
        assert_eq!(value["error"], "bad key <redacted>");
        let html = b"<html>key sk_live_abc123 for u:pw0rd-x@h \xff</html>".to_vec();
        let text = String::from_utf8_lossy(&redact_body(&redactor, html)).into_owned();
        assert!(
            !text.contains("sk_live_abc123") && !text.contains("pw0rd-x"),
            "{text}"
        );
        let plain = br#"{"posts":[]}"#.to_vec();
        assert_eq!(redact_body(&redactor, plain.clone()), plain);
    }

    #[test]
    fn error_message_prefers_error_then_message() {
        assert_eq!(
            error_message(br#"{"error":"Invalid API key","message":"x"}"#).as_deref(),
            Some("Invalid API key")
        );
        assert_eq!(error_message(br#"{"message":"m"}"#).as_deref(), Some("m"));
        assert_eq!(error_message(b"<html>"), None);
    }

    #[test]
    fn loopback_detection() {
        assert!(is_loopback_url("http://127.0.0.1:8787/api/v1"));
        assert!(is_loopback_url("http://localhost/api/v1"));
        assert!(is_loopback_url("http://[::1]:1/api/v1"));
        assert!(!is_loopback_url("https://api.postpost.dev/api/v1"));
    }

    #[test]
    fn query_pairs_skip_absent_fields() {
        let query = ListQuery {
            page: 0,
            limit: 100,
            status: Some(PostStatus::Failed),
            ..ListQuery::default()
        };
        assert_eq!(
            query.pairs(),
            vec![
                ("page", "1".to_string()),
                ("limit", "100".to_string()),
                ("status", "failed".to_string())
            ]
        );
    }
}
