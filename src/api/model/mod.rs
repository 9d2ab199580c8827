//! Wire types of the PostPost API (POSTPOST_API.md §2, §3), shared by the client (`api::client`)
//! and the mock server (`mock`) so that the two cannot drift apart.
//!
//! Parsing is deliberately forgiving where the spec is loose or the server may be sloppy: every
//! optional field accepts `null` or absence, unknown status and platform strings are kept as-is
//! (`Other`), timestamps that do not parse are kept raw and shown as unknown, and a post that
//! cannot be read at all is skipped and counted instead of failing its whole page
//! ([`ListPostsPage::from_json`]).

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Literal error strings of the API, carried over verbatim (POSTPOST_API.md §1.5, §3).
pub mod error_text {
    /// §1.5: no `x-api-key` header (401).
    pub const API_KEY_REQUIRED: &str = "API key is required";
    /// §1.5: unknown or revoked key (401).
    pub const INVALID_API_KEY: &str = "Invalid API key";
    /// §1.5: key exists but its owner cannot be resolved (401).
    pub const INVALID_API_KEY_OWNER: &str = "Invalid API key owner";
    /// §1.5: plan lacks `apiAccess` (403).
    pub const API_ACCESS_NOT_ENABLED: &str = "API access is not enabled for this account";
    /// §1.5: `x-postpost-client: mcp` and the plan lacks `mcpAccess` (403).
    pub const MCP_ACCESS_NOT_ENABLED: &str = "MCP access is not enabled for this account";
    /// §1.5: `x-postpost-user-id` not a valid ObjectId (400).
    pub const INVALID_USER_ID: &str = "Invalid x-postpost-user-id";
    /// §1.5: workspace header used without `workspacesEnabled` (403).
    pub const WORKSPACE_NOT_ENABLED: &str = "Workspace access is not enabled for this key";
    /// §1.5: target user not managed by the key owner, or does not exist (403).
    pub const USER_NOT_MANAGED: &str = "User is not managed by key";
    /// §1.5: unexpected error in the auth middleware (500).
    pub const INTERNAL_SERVER_ERROR: &str = "Internal server error";
    /// §3.1: bad `status` (400).
    pub const INVALID_STATUS: &str =
        "Invalid status. Must be one of: draft, scheduled, published, failed, partially_published";
    /// §3.1: bad `sortBy` (400); note the order of the names, kept verbatim (§12 item 19).
    pub const INVALID_SORT_BY: &str =
        "Invalid sortBy. Must be one of: createdAt, updatedAt, scheduledTime";
    /// §3.1: unparseable `fromDate` (400).
    pub const INVALID_FROM_DATE: &str = "Invalid fromDate format";
    /// §3.1: unparseable `toDate` (400).
    pub const INVALID_TO_DATE: &str = "Invalid toDate format";
    /// §3.1: internal error (500).
    pub const FAILED_TO_LIST: &str = "Failed to list posts";
    /// §3.2, §3.4, §3.5: unknown or foreign post group (404).
    pub const POST_GROUP_NOT_FOUND: &str = "Post group not found";
    /// §3.2: malformed ObjectId or internal error (500).
    pub const FAILED_TO_FETCH: &str = "Failed to fetch post group";
    /// §3.5: rolled-back transaction, or malformed ObjectId (500).
    pub const FAILED_TO_DELETE: &str = "Failed to delete post group";
    /// §3.3: content missing, empty or whitespace (400).
    pub const CONTENT_REQUIRED: &str = "Content is required";
    /// §3.3: platforms missing or null (400).
    pub const PLATFORMS_REQUIRED: &str = "Platforms are required";
    /// §3.3: platforms is `[]` (400).
    pub const AT_LEAST_ONE_PLATFORM: &str = "At least one platform is required";
    /// §3.3: platforms is not an array (400).
    pub const PLATFORMS_MUST_BE_ARRAY: &str = "Platforms must be an array";
    /// §3.3: platforms is a string that is not JSON (400).
    pub const INVALID_PLATFORMS_JSON: &str = "Invalid platforms JSON format";
    /// §3.3: prefix of the 400 for an entry failing `/^[a-z]+-[a-zA-Z0-9_-]+$/`; the id follows.
    pub const INVALID_PLATFORM_ID_PREFIX: &str = "Invalid platform ID format: ";
    /// §3.3, §3.4: bad `scheduledTime` (400).
    pub const INVALID_SCHEDULED_TIME: &str = "Invalid scheduled time format";
    /// §3.3: platformSettings string that is not JSON (400).
    pub const INVALID_PLATFORM_SETTINGS_JSON: &str = "Invalid platformSettings JSON";
    /// §3.3: platformSettings not an object (400).
    pub const PLATFORM_SETTINGS_MUST_BE_OBJECT: &str = "platformSettings must be an object";
    /// §3.3: internal error (500).
    pub const FAILED_TO_CREATE: &str = "Failed to create post group";
    /// §3.6: malformed ObjectId (Mongoose CastError) or internal error (500).
    pub const FAILED_TO_GET_POST_LOGS: &str = "Failed to get post logs";
    /// §5.1: internal error of platform-connections (500).
    pub const FAILED_TO_FETCH_CONNECTIONS: &str = "Failed to fetch platform connections";
    /// §5.2: a `:platformId` without a dash (400).
    pub const INVALID_PLATFORM_ID_FORMAT: &str = "Invalid platformId format";
    /// §5.2: no connection with that compound id for the acting user (404).
    pub const CONNECTION_NOT_FOUND: &str = "Connection not found";
    /// §5.2: internal error of test-connection (500, no `message` field).
    pub const FAILED_TO_TEST_CONNECTION: &str = "Failed to test connection";
    /// §3.4: neither a truthy `status` nor a truthy `scheduledTime` (400).
    pub const EITHER_REQUIRED: &str = "Either status or scheduledTime must be provided";
    /// §3.4: `status` other than draft or scheduled (400).
    pub const BAD_UPDATE_STATUS: &str = "Status must be either 'draft' or 'scheduled'";
    /// §3.4: prefix of the 400 for a group that is published, failed or partially published;
    /// the status and [`NOT_UPDATABLE_SUFFIX`] follow.
    pub const NOT_UPDATABLE_PREFIX: &str = "Cannot update post: post is currently in ";
    /// §3.4: suffix of the "cannot update" message.
    pub const NOT_UPDATABLE_SUFFIX: &str = " status";
    /// §3.4: malformed ObjectId or internal error (500).
    pub const FAILED_TO_UPDATE: &str = "Failed to update post";
    /// §3.4: the success `message`.
    pub const POST_UPDATED: &str = "Post updated successfully";
    /// §9.2: `error` of the structured 403 for the monthly post limit.
    pub const POST_LIMIT_REACHED: &str = "Post limit reached";
    /// §9.2: `error` of the structured 403 for the pending scheduled posts limit.
    pub const SCHEDULED_POST_LIMIT_REACHED: &str = "Scheduled post limit reached";
    /// §9.2: `error` of the structured 403 for a time beyond the plan's horizon.
    pub const SCHEDULE_HORIZON_REACHED: &str = "Schedule horizon reached";
    /// §9.2: `error` of the structured 403 for a platform the plan does not include.
    pub const PLATFORM_NOT_AVAILABLE: &str = "Platform not available";
    /// §9.2: `error` of the structured 403 for an account over its channel limit.
    pub const CONNECTIONS_OVER_LIMIT: &str = "Account over channel limit";
    /// Every §9.2 LimitExceededError `error` text: a 403 with one of these is a plan limit,
    /// not an authentication failure.
    pub const LIMIT_ERRORS: [&str; 5] = [
        POST_LIMIT_REACHED,
        SCHEDULED_POST_LIMIT_REACHED,
        SCHEDULE_HORIZON_REACHED,
        PLATFORM_NOT_AVAILABLE,
        CONNECTIONS_OVER_LIMIT,
    ];
}

/// A post group id: a MongoDB ObjectId, 24 hex characters (POSTPOST_API.md §1.2).
///
/// Ids read from a server are kept exactly as sent (serde is transparent and does not validate),
/// so a sloppy server cannot fail a page; ids typed by a person go through [`PostGroupId::parse`],
/// and the client refuses to send a request for an id that is not well formed (§3.2 and §3.5 say
/// the real server answers such ids with a 500, not a 400).
#[derive(Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PostGroupId(String);

/// Returned by [`PostGroupId::parse`] for anything that is not 24 hex characters.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid post group id {0:?}: expected 24 hexadecimal characters (a MongoDB ObjectId)")]
pub struct InvalidPostGroupId(pub String);

impl PostGroupId {
    /// Checks `text` is 24 ASCII hex digits (either case) and wraps it.
    ///
    /// # Errors
    /// [`InvalidPostGroupId`] naming the rejected text.
    pub fn parse(text: &str) -> Result<Self, InvalidPostGroupId> {
        let id = Self(text.to_string());
        if id.is_well_formed() {
            Ok(id)
        } else {
            Err(InvalidPostGroupId(text.to_string()))
        }
    }

    /// Wraps server-provided text without checking it.
    pub fn new_unchecked(text: impl Into<String>) -> Self {
        Self(text.into())
    }

    /// True when the id is 24 ASCII hex digits.
    pub fn is_well_formed(&self) -> bool {
        is_object_id(&self.0)
    }

    /// The id as sent on the wire.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for PostGroupId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for PostGroupId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PostGroupId({})", self.0)
    }
}

impl FromStr for PostGroupId {
    type Err = InvalidPostGroupId;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

/// True when `text` is a MongoDB ObjectId: exactly 24 ASCII hex digits (§1.2).
pub fn is_object_id(text: &str) -> bool {
    text.len() == 24 && text.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Declares a string enum with known variants plus `Other(String)` for values this client does
/// not know, which are shown as sent (issue 5, "a status or platform string the client does not
/// know"). Serialization writes the wire string back unchanged.
macro_rules! wire_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $wire:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $(#[doc = concat!("`", $wire, "`")] $variant,)+
            /// A value this client does not know, kept exactly as the server sent it.
            Other(String),
        }

        impl $name {
            /// Every known value, in the spec's order.
            pub const KNOWN: &'static [$name] = &[$($name::$variant),+];

            /// The wire string.
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $wire,)+
                    $name::Other(other) => other,
                }
            }

            /// Reads a wire string; never fails (unknown values become `Other`).
            pub fn from_wire(text: &str) -> Self {
                match text {
                    $($wire => $name::$variant,)+
                    other => $name::Other(other.to_string()),
                }
            }

            /// True for values the spec names.
            pub fn is_known(&self) -> bool {
                !matches!(self, $name::Other(_))
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = serde_json::Value::deserialize(deserializer)?;
                Ok(match value {
                    serde_json::Value::String(text) => $name::from_wire(&text),
                    serde_json::Value::Null => $name::Other(String::new()),
                    other => $name::Other(other.to_string()),
                })
            }
        }
    };
}

wire_enum!(
    /// Status of a post group (POSTPOST_API.md §2.1); also the list-posts `status` filter.
    PostStatus {
        Draft => "draft",
        Scheduled => "scheduled",
        Published => "published",
        Failed => "failed",
        PartiallyPublished => "partially_published",
    }
);

wire_enum!(
    /// Status of one platform post inside a group (POSTPOST_API.md §2.2).
    PlatformStatus {
        Draft => "draft",
        Scheduled => "scheduled",
        Pending => "pending",
        Processing => "processing",
        Published => "published",
        Failed => "failed",
    }
);

wire_enum!(
    /// A social network (POSTPOST_API.md §1.6; 11 names, Pinterest included per list-posts).
    Platform {
        Twitter => "twitter",
        Linkedin => "linkedin",
        Instagram => "instagram",
        Threads => "threads",
        Tiktok => "tiktok",
        Youtube => "youtube",
        Facebook => "facebook",
        Bluesky => "bluesky",
        Mastodon => "mastodon",
        Telegram => "telegram",
        Pinterest => "pinterest",
    }
);

impl FromStr for PostStatus {
    type Err = String;
    /// Accepts only the five documented values (case-insensitive), for user input.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match Self::from_wire(&s.to_ascii_lowercase()) {
            Self::Other(_) => Err(format!(
                "unknown status {s:?}: expected one of draft, scheduled, published, failed, partially_published"
            )),
            known => Ok(known),
        }
    }
}

impl FromStr for Platform {
    type Err = String;
    /// Accepts only the eleven documented names (case-insensitive), for user input.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match Self::from_wire(&s.to_ascii_lowercase()) {
            Self::Other(_) => {
                let names: Vec<&str> = Self::KNOWN.iter().map(Self::as_str).collect();
                Err(format!(
                    "unknown platform {s:?}: expected one of {}",
                    names.join(", ")
                ))
            }
            known => Ok(known),
        }
    }
}

/// An ISO 8601 timestamp as sent by the server (POSTPOST_API.md §1.3), kept raw together with its
/// parsed UTC value. Offsets and missing milliseconds parse; text that does not parse keeps
/// `parsed = None` and is shown as unknown, without failing the post or the page (issue 5).
#[derive(Clone, PartialEq, Eq)]
pub struct Timestamp {
    /// Exactly what the server sent (a non-string JSON value is kept as its JSON text).
    pub raw: String,
    /// The instant, when `raw` parses as RFC 3339 / ISO 8601 with an offset.
    pub parsed: Option<DateTime<Utc>>,
}

impl Timestamp {
    /// Parses `raw` leniently: RFC 3339 (with or without fractional seconds, `Z` or offset), or
    /// the same without an offset, read as UTC.
    pub fn from_raw(raw: impl Into<String>) -> Self {
        let raw = raw.into();
        let parsed = parse_instant(&raw);
        Self { raw, parsed }
    }

    /// A timestamp for `instant`, written as the API writes them (`2026-03-15T14:30:00.000Z`).
    pub fn from_instant(instant: DateTime<Utc>) -> Self {
        Self {
            raw: format_instant(instant),
            parsed: Some(instant),
        }
    }
}

/// Parses an ISO 8601 instant; `None` when it does not parse.
pub fn parse_instant(text: &str) -> Option<DateTime<Utc>> {
    let text = text.trim();
    if let Ok(instant) = DateTime::parse_from_rfc3339(text) {
        return Some(instant.with_timezone(&Utc));
    }
    chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f")
        .ok()
        .map(|naive| naive.and_utc())
}

/// Writes an instant the way the API does: UTC with milliseconds and `Z`.
pub fn format_instant(instant: DateTime<Utc>) -> String {
    instant.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Timestamp({:?})", self.raw)
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.raw)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = serde_json::Value::deserialize(deserializer)?;
        Ok(match value {
            serde_json::Value::String(text) => Self::from_raw(text),
            other => Self {
                raw: other.to_string(),
                parsed: None,
            },
        })
    }
}

/// Deserializes `null` as the type's default (serde's `default` only covers absence).
pub fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

/// Deserializes a list leniently: `null`/absent is empty, and items that do not parse are dropped
/// (a single odd platform entry must not hide its post).
fn lenient_vec<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: serde::de::DeserializeOwned,
{
    let value = Option::<serde_json::Value>::deserialize(deserializer)?;
    Ok(match value {
        Some(serde_json::Value::Array(items)) => items
            .into_iter()
            .filter_map(|item| serde_json::from_value(item).ok())
            .collect(),
        _ => Vec::new(),
    })
}

/// One target of a post group in list-posts: `posts[].platforms[]` (§3.1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PlatformRef {
    /// Compound connected-account id, `<platform>-<rawId>` (§1.2).
    #[serde(default, deserialize_with = "null_as_default")]
    pub platform_id: String,
    /// The network.
    pub platform: Platform,
    /// Per-platform status (§2.2).
    pub status: PlatformStatus,
}

/// A post group as list-posts returns it: `posts[]` (POSTPOST_API.md §3.1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PostSummary {
    /// 24-hex ObjectId; the only field a post cannot be read without.
    pub post_group_id: PostGroupId,
    /// Text of the post; `None` when the server sent `null` or nothing.
    #[serde(default)]
    pub content: Option<String>,
    /// Group status (§2.1).
    pub status: PostStatus,
    /// Absent or null for drafts without a time (§3.1, [INF]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scheduled_time: Option<Timestamp>,
    /// Creation time.
    #[serde(default)]
    pub created_at: Option<Timestamp>,
    /// Last change.
    #[serde(default)]
    pub updated_at: Option<Timestamp>,
    /// Targets of the group with their statuses.
    #[serde(default, deserialize_with = "lenient_vec")]
    pub platforms: Vec<PlatformRef>,
    /// Media file URLs; `[]` when none.
    #[serde(default, deserialize_with = "lenient_vec")]
    pub media_urls: Vec<String>,
}

/// The six-field pagination object of list-posts (POSTPOST_API.md §3.1.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Pagination {
    /// Current page, 1-based, after clamping.
    #[serde(default, deserialize_with = "null_as_default")]
    pub page: u64,
    /// Page size after clamping (1..=100).
    #[serde(default, deserialize_with = "null_as_default")]
    pub limit: u64,
    /// Posts matching the filters.
    #[serde(default, deserialize_with = "null_as_default")]
    pub total_items: u64,
    /// `ceil(totalItems / limit)`.
    #[serde(default, deserialize_with = "null_as_default")]
    pub total_pages: u64,
    /// A later page exists.
    #[serde(default, deserialize_with = "null_as_default")]
    pub has_next_page: bool,
    /// An earlier page exists.
    #[serde(default, deserialize_with = "null_as_default")]
    pub has_prev_page: bool,
}

/// The whole list-posts success body (POSTPOST_API.md §3.1), as the mock writes it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListPostsResponse {
    /// Always `true` on success.
    pub success: bool,
    /// One page of post groups.
    pub posts: Vec<PostSummary>,
    /// Where this page sits.
    pub pagination: Pagination,
}

/// One page of list-posts as the client reads it: posts that parsed, plus how many did not.
#[derive(Debug, Clone, PartialEq)]
pub struct ListPostsPage {
    /// Posts that parsed.
    pub posts: Vec<PostSummary>,
    /// Entries of `posts[]` that could not be read (e.g. no `postGroupId`); they are skipped.
    pub skipped: usize,
    /// The pagination object; absent or unreadable pagination reads as zeros.
    pub pagination: Pagination,
}

impl ListPostsPage {
    /// Reads a list-posts body, post by post, so one unreadable entry cannot fail the page.
    ///
    /// # Errors
    /// A message when the body is not a JSON object with a `posts` array.
    pub fn from_json(body: &[u8]) -> Result<Self, String> {
        let LenientArray {
            items: posts,
            skipped,
            object,
        } = lenient_array(body, "posts")?;
        let pagination = object
            .get("pagination")
            .and_then(|p| Pagination::deserialize(p).ok())
            .unwrap_or_default();
        Ok(Self {
            posts,
            skipped,
            pagination,
        })
    }
}

/// Error object of a failed platform post (POSTPOST_API.md §2.3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PlatformError {
    /// e.g. `PLATFORM_AUTH_EXPIRED`, `RATE_LIMITED` (not exhaustive).
    #[serde(default, deserialize_with = "null_as_default")]
    pub code: String,
    /// Human-readable reason.
    #[serde(default, deserialize_with = "null_as_default")]
    pub message: String,
    /// HTTP status the network answered; may be absent or null.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform_status_code: Option<i64>,
    /// The network's own error text.
    #[serde(default)]
    pub platform_error: Option<String>,
    /// When it failed.
    #[serde(default)]
    pub failed_at: Option<Timestamp>,
    /// Whether retrying may help.
    #[serde(default)]
    pub retryable: Option<bool>,
}

/// One platform post of get-post: `posts[]` (POSTPOST_API.md §3.2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PlatformPost {
    /// Platform-post ObjectId.
    #[serde(rename = "_id", default, deserialize_with = "null_as_default")]
    pub id: String,
    /// The network.
    pub platform: Platform,
    /// **Raw** account id, without the `platform-` prefix (§1.2; compound ids also accepted).
    #[serde(default, deserialize_with = "null_as_default")]
    pub platform_id: String,
    /// Text as sent to this network.
    #[serde(default)]
    pub content: Option<String>,
    /// Per-platform status (§2.2).
    pub status: PlatformStatus,
    /// The network's id of the published post; only present when published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub posted_id: Option<String>,
    /// Present when failed; may be absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<PlatformError>,
}

/// The get-post success body (POSTPOST_API.md §3.2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PostDetail {
    /// Always `true` on success.
    #[serde(default)]
    pub success: bool,
    /// The group's id; empty when a server leaves it out (some documentation pages show
    /// get-post bodies without it, §12 item 1).
    #[serde(default)]
    pub post_group_id: PostGroupId,
    /// One entry per target platform.
    #[serde(default, deserialize_with = "lenient_vec")]
    pub posts: Vec<PlatformPost>,
}

/// The create-post request body (POSTPOST_API.md §3.3).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreatePostRequest {
    /// Text; must not be empty or whitespace.
    pub content: String,
    /// Compound platform ids, each matching `^[a-z]+-[a-zA-Z0-9_-]+$`.
    pub platforms: Vec<String>,
    /// Omitted: the group is created as a draft.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scheduled_time: Option<String>,
    /// Per-platform settings object.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform_settings: Option<serde_json::Value>,
}

/// The create-post success body (POSTPOST_API.md §3.3): status 200, not 201.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreatePostResponse {
    /// Always `true`.
    #[serde(default)]
    pub success: bool,
    /// Id of the new group.
    pub post_group_id: PostGroupId,
}

/// `{ "success": true }` of delete-post (POSTPOST_API.md §3.5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SuccessBody {
    /// Always `true`.
    pub success: bool,
}

/// `{ "error": "..." }`, the body of almost every error (POSTPOST_API.md §1.4).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// The literal message.
    pub error: String,
}

wire_enum!(
    /// `event` of a post-log entry (POSTPOST_API.md §2.4, §3.6). The OpenAPI file's `published`
    /// and `failed` (§12 item 8) arrive as `Other` and are shown as sent.
    PostLogEvent {
        Scheduled => "scheduled",
        Processing => "processing",
        PublishAttempted => "publish_attempted",
        PublishSucceeded => "publish_succeeded",
        PublishFailed => "publish_failed",
        StatusChanged => "status_changed",
    }
);

wire_enum!(
    /// `tokenStatus` of a connection (POSTPOST_API.md §2.4): `valid` (at least 7 days left),
    /// `expiring_soon` (strictly less than 7 days), `expired`, `unknown` (no expiry, e.g.
    /// Twitter, Bluesky).
    TokenStatus {
        Valid => "valid",
        ExpiringSoon => "expiring_soon",
        Expired => "expired",
        Unknown => "unknown",
    }
);

impl Default for TokenStatus {
    /// An absent `tokenStatus` reads as `unknown`.
    fn default() -> Self {
        Self::Unknown
    }
}

wire_enum!(
    /// `status` of a test-connection result (POSTPOST_API.md §2.4, §5.2).
    TestStatus {
        Ok => "ok",
        Error => "error",
    }
);

impl Default for TestStatus {
    /// An absent `status` reads as an error: nothing says the connection works.
    fn default() -> Self {
        Self::Error
    }
}

/// Deserializes optional text leniently: a string is kept, `null` or absence is `None`, and any
/// other JSON value is kept as its JSON text (a server that sends an object where the spec says
/// string must not fail the entry).
fn lenient_text<'de, D>(deserializer: D) -> Result<Option<String>, D::Error>
where
    D: Deserializer<'de>,
{
    Ok(
        match Option::<serde_json::Value>::deserialize(deserializer)? {
            None | Some(serde_json::Value::Null) => None,
            Some(serde_json::Value::String(text)) => Some(text),
            Some(other) => Some(other.to_string()),
        },
    )
}

/// Deserializes an optional integer leniently: numbers (integral or not) and numeric strings
/// are read, anything else is `None`.
fn lenient_int<'de, D>(deserializer: D) -> Result<Option<i64>, D::Error>
where
    D: Deserializer<'de>,
{
    Ok(
        match Option::<serde_json::Value>::deserialize(deserializer)? {
            Some(serde_json::Value::Number(n)) => {
                n.as_i64().or_else(|| n.as_f64().map(|f| f as i64))
            }
            Some(serde_json::Value::String(text)) => text.trim().parse().ok(),
            _ => None,
        },
    )
}

/// One entry of a post's log (POSTPOST_API.md §3.6). Optional fields are **absent** on the wire
/// when they do not apply (`postId` and `platform` on group-level events; `error`, `httpStatus`,
/// `retryCount` and `metadata` unless there was a request or a failure); absence is kept as
/// `None` and written back as absence. `retryCount` absent is not 0.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PostLog {
    /// The entry's ObjectId (24 hex, §1.2); empty when a server leaves it out.
    #[serde(rename = "_id", default, deserialize_with = "null_as_default")]
    pub id: String,
    /// The post group the entry belongs to.
    #[serde(default)]
    pub post_group_id: PostGroupId,
    /// The platform post (ObjectId) of a per-platform event.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient_text"
    )]
    pub post_id: Option<String>,
    /// The network of a per-platform event; absent for group-level events.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform: Option<Platform>,
    /// What happened (§2.4); the one field an entry cannot be read without.
    pub event: PostLogEvent,
    /// Why it failed, as text (the OpenAPI file's `message` is not read, §12 item 8).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient_text"
    )]
    pub error: Option<String>,
    /// HTTP status the network answered.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient_int"
    )]
    pub http_status: Option<i64>,
    /// Retries made before this entry.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient_int"
    )]
    pub retry_count: Option<i64>,
    /// Free-form details; failures carry `{errorCode, retryable}` ([`PostLog::error_code`],
    /// [`PostLog::retryable`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<serde_json::Value>,
    /// When it happened (§1.3).
    #[serde(default)]
    pub created_at: Option<Timestamp>,
    /// Mongoose's `updatedAt`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<Timestamp>,
    /// Mongoose's version key `__v`.
    #[serde(
        rename = "__v",
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient_int"
    )]
    pub version: Option<i64>,
}

impl PostLog {
    /// `metadata.errorCode` (a §2.3 code such as `INVALID_CONTENT`), when it is a string.
    pub fn error_code(&self) -> Option<&str> {
        self.metadata.as_ref()?.get("errorCode")?.as_str()
    }

    /// `metadata.retryable`, when it is a boolean (`None`: the server did not say — "maybe").
    pub fn retryable(&self) -> Option<bool> {
        self.metadata.as_ref()?.get("retryable")?.as_bool()
    }
}

/// The post-logs success body (POSTPOST_API.md §3.6), as the mock writes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PostLogsResponse {
    /// Always `true`.
    pub success: bool,
    /// At most 100 entries, `createdAt` ascending.
    pub logs: Vec<PostLog>,
}

/// What [`lenient_array`] read: the items that parsed, how many did not, and the whole object.
struct LenientArray<T> {
    items: Vec<T>,
    skipped: usize,
    object: serde_json::Map<String, serde_json::Value>,
}

/// Reads `body` as a JSON object holding an array named `field`, item by item: items that parse
/// are kept, the others counted. Shared by the list answers (§3.1, §3.6, §5.1) so that one
/// unreadable entry never fails the whole answer.
fn lenient_array<T: serde::de::DeserializeOwned>(
    body: &[u8],
    field: &str,
) -> Result<LenientArray<T>, String> {
    let value: serde_json::Value =
        serde_json::from_slice(body).map_err(|error| format!("body is not JSON: {error}"))?;
    let serde_json::Value::Object(object) = value else {
        return Err("body is JSON but not an object".to_string());
    };
    let items = object
        .get(field)
        .and_then(serde_json::Value::as_array)
        .ok_or_else(|| format!("body has no {field:?} array"))?;
    let mut kept = Vec::with_capacity(items.len());
    let mut skipped = 0;
    for item in items {
        match T::deserialize(item) {
            Ok(entry) => kept.push(entry),
            Err(_) => skipped += 1,
        }
    }
    Ok(LenientArray {
        items: kept,
        skipped,
        object,
    })
}

/// A post's log as the client reads it (POSTPOST_API.md §3.6): the entries that parsed, in the
/// server's order, and how many did not.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PostLogsPage {
    /// Entries that parsed.
    pub logs: Vec<PostLog>,
    /// Entries of `logs[]` that could not be read (e.g. no `event`); they are skipped.
    pub skipped: usize,
}

impl PostLogsPage {
    /// Reads a post-logs body entry by entry.
    ///
    /// # Errors
    /// A message when the body is not a JSON object with a `logs` array.
    pub fn from_json(body: &[u8]) -> Result<Self, String> {
        let read = lenient_array(body, "logs")?;
        Ok(Self {
            logs: read.items,
            skipped: read.skipped,
        })
    }
}

/// `lastError` of a connection (POSTPOST_API.md §5.1): `{message, occurredAt}`. The OpenAPI
/// file shows a plain string instead (§12 item 7); a string reads as the message with no time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LastError {
    /// What went wrong.
    pub message: String,
    /// When; `None` when not given or for the plain-string form.
    pub occurred_at: Option<Timestamp>,
}

impl<'de> Deserialize<'de> for LastError {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct Object {
            #[serde(default, deserialize_with = "lenient_text")]
            message: Option<String>,
            #[serde(default, deserialize_with = "lenient_text")]
            error: Option<String>,
            #[serde(default)]
            occurred_at: Option<Timestamp>,
        }
        let value = serde_json::Value::deserialize(deserializer)?;
        Ok(match value {
            serde_json::Value::String(message) => Self {
                message,
                occurred_at: None,
            },
            serde_json::Value::Object(_) => {
                let object = Object::deserialize(value).map_err(serde::de::Error::custom)?;
                Self {
                    message: object.message.or(object.error).unwrap_or_default(),
                    occurred_at: object.occurred_at,
                }
            }
            other => Self {
                message: other.to_string(),
                occurred_at: None,
            },
        })
    }
}

/// Reads an optional [`LastError`]: `null`, absence and an empty string are `None`.
fn optional_last_error<'de, D>(deserializer: D) -> Result<Option<LastError>, D::Error>
where
    D: Deserializer<'de>,
{
    let value = Option::<serde_json::Value>::deserialize(deserializer)?;
    Ok(match value {
        None | Some(serde_json::Value::Null) => None,
        Some(serde_json::Value::String(text)) if text.is_empty() => None,
        Some(other) => LastError::deserialize(other).ok(),
    })
}

/// The network named by a compound platform id's prefix (`twitter-123` → twitter, §1.2).
pub fn platform_of_id(platform_id: &str) -> Platform {
    let name = platform_id.split('-').next().unwrap_or_default();
    Platform::from_wire(&name.to_ascii_lowercase())
}

/// One connected account (POSTPOST_API.md §5.1). Nullable fields are written as `null`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PlatformConnection {
    /// Compound id `<platform>-<rawId>` (§1.2), as list-posts' `platforms[].platformId`; the one
    /// field a connection cannot be read without.
    pub platform_id: String,
    /// Account name (may or may not start with `@`).
    #[serde(default, deserialize_with = "null_as_default")]
    pub username: String,
    /// Display name.
    #[serde(default, deserialize_with = "lenient_text")]
    pub display_name: Option<String>,
    /// Avatar URL.
    #[serde(default, deserialize_with = "lenient_text")]
    pub profile_image_url: Option<String>,
    /// Profile page URL.
    #[serde(default, deserialize_with = "lenient_text")]
    pub profile_url: Option<String>,
    /// When the token expires; `None` = never.
    #[serde(default)]
    pub access_token_expires_at: Option<Timestamp>,
    /// §2.4.
    #[serde(default)]
    pub token_status: TokenStatus,
    /// §2.4: `"82d 4h"`, `"5h"`, `"< 1h"`, `"expired"`, or `None` for no expiry (the OpenAPI
    /// file's `"29 days"` is kept as sent, §12 item 7).
    #[serde(default, deserialize_with = "lenient_text")]
    pub token_expires_in: Option<String>,
    /// Last post that went out through this account.
    #[serde(default)]
    pub last_successful_post: Option<Timestamp>,
    /// The last failure, object or plain string (§12 item 7).
    #[serde(default, deserialize_with = "optional_last_error")]
    pub last_error: Option<LastError>,
}

impl PlatformConnection {
    /// The network, from the compound id's prefix.
    pub fn platform(&self) -> Platform {
        platform_of_id(&self.platform_id)
    }
}

/// The platform-connections success body (POSTPOST_API.md §5.1), as the mock writes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlatformConnectionsResponse {
    /// Always `true`.
    pub success: bool,
    /// `[]` for an account without connections.
    pub connections: Vec<PlatformConnection>,
}

/// The connections as the client reads them: those that parsed, and how many did not.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PlatformConnectionsPage {
    /// Connections that parsed, in the server's order.
    pub connections: Vec<PlatformConnection>,
    /// Entries that could not be read (e.g. no `platformId`); they are skipped.
    pub skipped: usize,
}

impl PlatformConnectionsPage {
    /// Reads a platform-connections body entry by entry (§5.1).
    ///
    /// # Errors
    /// A message when the body is not a JSON object with a `connections` array.
    pub fn from_json(body: &[u8]) -> Result<Self, String> {
        let read = lenient_array(body, "connections")?;
        Ok(Self {
            connections: read.items,
            skipped: read.skipped,
        })
    }
}

/// The test-connection answer (POSTPOST_API.md §5.2): always HTTP 200, `status` says the result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TestConnectionResult {
    /// The network name.
    #[serde(default, deserialize_with = "lenient_text")]
    pub platform: Option<String>,
    /// Compound id.
    #[serde(default, deserialize_with = "lenient_text")]
    pub platform_id: Option<String>,
    /// Account name; `"unknown"` for a platform without a validator.
    #[serde(default, deserialize_with = "lenient_text")]
    pub username: Option<String>,
    /// `ok` or `error`.
    #[serde(default)]
    pub status: TestStatus,
    /// e.g. `Connected as Ada Example`, `Unknown platform: pinterest`, `Invalid bot token`.
    #[serde(default, deserialize_with = "lenient_text")]
    pub message: Option<String>,
    /// Scopes the token holds.
    #[serde(default, deserialize_with = "lenient_vec")]
    pub permissions: Vec<String>,
    /// As in §5.1.
    #[serde(default, deserialize_with = "lenient_text")]
    pub token_expires_in: Option<String>,
    /// As in §5.1.
    #[serde(default)]
    pub last_successful_post: Option<Timestamp>,
    /// As in §5.1.
    #[serde(default, deserialize_with = "optional_last_error")]
    pub last_error: Option<LastError>,
}

/// Days in which a token counts as `expiring_soon` (§2.4: strictly less than 7 days left).
pub const EXPIRING_SOON_DAYS: i64 = 7;

/// `tokenStatus` for a token expiring at `expires_at`, seen at `now` (§2.4).
pub fn token_status_at(expires_at: Option<DateTime<Utc>>, now: DateTime<Utc>) -> TokenStatus {
    match expires_at {
        None => TokenStatus::Unknown,
        Some(at) if at <= now => TokenStatus::Expired,
        Some(at) if at - now < chrono::Duration::days(EXPIRING_SOON_DAYS) => {
            TokenStatus::ExpiringSoon
        }
        Some(_) => TokenStatus::Valid,
    }
}

/// `tokenExpiresIn` for a token expiring at `expires_at`, seen at `now` (§2.4): `"<d>d <h>h"`
/// from one day left, `"<h>h"` below, `"< 1h"` below an hour, `"expired"`, `None` for no expiry.
/// Days and hours are rounded down.
pub fn token_expires_in_at(
    expires_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Option<String> {
    let left = expires_at? - now;
    let seconds = left.num_seconds();
    Some(if left <= chrono::Duration::zero() {
        "expired".to_string()
    } else if seconds < 3600 {
        "< 1h".to_string()
    } else if seconds < 86_400 {
        format!("{}h", seconds / 3600)
    } else {
        format!("{}d {}h", seconds / 86_400, (seconds % 86_400) / 3600)
    })
}

/// The update-post request body (POSTPOST_API.md §3.4). Only `status` and `scheduledTime` can
/// change; at least one must be set (the server answers 400
/// [`error_text::EITHER_REQUIRED`] otherwise). Absent fields are not sent.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UpdatePostRequest {
    /// `draft` or `scheduled`; any other value is refused with 400
    /// [`error_text::BAD_UPDATE_STATUS`]. Moving to draft keeps the stored time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<PostStatus>,
    /// The new time, sent as `2026-03-15T14:30:00.000Z`. A past time is silently set to now by
    /// the server, and the limits service may move it for spacing: read the answer.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "serialize_instant",
        deserialize_with = "deserialize_instant"
    )]
    pub scheduled_time: Option<DateTime<Utc>>,
}

fn serialize_instant<S: Serializer>(
    instant: &Option<DateTime<Utc>>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match instant {
        Some(instant) => serializer.serialize_str(&format_instant(*instant)),
        None => serializer.serialize_none(),
    }
}

fn deserialize_instant<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<DateTime<Utc>>, D::Error> {
    Ok(Option::<String>::deserialize(deserializer)?.and_then(|text| parse_instant(&text)))
}

/// `postGroup` of the update-post answer (POSTPOST_API.md §3.4): the group as the server stored
/// it. This is the truth for the resulting status and time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UpdatedGroup {
    /// The group's id.
    #[serde(rename = "_id")]
    pub id: PostGroupId,
    /// The resulting status (`draft` or `scheduled`).
    pub status: PostStatus,
    /// The resulting time; omitted by the server when the group has none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scheduled_time: Option<Timestamp>,
}

/// The update-post success body (POSTPOST_API.md §3.4).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UpdatePostResponse {
    /// Always `true`.
    #[serde(default)]
    pub success: bool,
    /// `Post updated successfully`.
    #[serde(default)]
    pub message: String,
    /// The group as stored.
    pub post_group: UpdatedGroup,
}

/// A user managed by the key owner's workspace (POSTPOST_API.md §8, `GET /workspace/users`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ManagedUser {
    /// The user's id (24 hex); sent as `x-postpost-user-id` to act as this user (§1.5).
    #[serde(rename = "_id")]
    pub id: String,
    /// The user's e-mail address.
    #[serde(default, deserialize_with = "null_as_default")]
    pub username: String,
    /// A display name (defaults to the e-mail on the server); remote text, sanitize before use.
    #[serde(default)]
    pub display_name: Option<String>,
    /// Always `"managed"`.
    #[serde(default, deserialize_with = "null_as_default")]
    pub role: String,
    /// Stored, default 100, not enforced by the server (§8).
    #[serde(default)]
    pub daily_posts_left: Option<i64>,
    /// The page where the user connects accounts, when one was generated.
    #[serde(default)]
    pub connections_page_url: Option<String>,
    /// When that page's token expires.
    #[serde(default)]
    pub connections_page_token_expires_at: Option<Timestamp>,
}

/// The `GET /workspace/users` success body (POSTPOST_API.md §8): `{ "users": [...] }`, with no
/// `success` key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkspaceUsersResponse {
    /// The managed users; entries that cannot be read are dropped.
    #[serde(default, deserialize_with = "lenient_vec")]
    pub users: Vec<ManagedUser>,
}

/// Sort field of list-posts `sortBy` (POSTPOST_API.md §3.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum SortField {
    /// `createdAt` (the default).
    #[default]
    CreatedAt,
    /// `scheduledTime`.
    ScheduledTime,
    /// `updatedAt`.
    UpdatedAt,
}

impl SortField {
    /// Every field, in the order the sort key cycles.
    pub const ALL: [SortField; 3] = [Self::CreatedAt, Self::ScheduledTime, Self::UpdatedAt];

    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::CreatedAt => "createdAt",
            Self::ScheduledTime => "scheduledTime",
            Self::UpdatedAt => "updatedAt",
        }
    }

    /// A short label for the screen.
    pub fn label(self) -> &'static str {
        match self {
            Self::CreatedAt => "created",
            Self::ScheduledTime => "scheduled",
            Self::UpdatedAt => "updated",
        }
    }
}

impl FromStr for SortField {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "createdat" | "created" => Ok(Self::CreatedAt),
            "scheduledtime" | "scheduled" => Ok(Self::ScheduledTime),
            "updatedat" | "updated" => Ok(Self::UpdatedAt),
            _ => Err(format!(
                "unknown sort field {s:?}: expected created, scheduled or updated"
            )),
        }
    }
}

/// Sort order of list-posts `sortOrder` (POSTPOST_API.md §3.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum SortOrder {
    /// `asc`.
    Asc,
    /// `desc` (the default).
    #[default]
    Desc,
}

impl SortOrder {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Asc => "asc",
            Self::Desc => "desc",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn post_group_id_accepts_only_24_hex() {
        assert!(PostGroupId::parse("66b0c0ffee00000000000a01").is_ok());
        assert!(PostGroupId::parse("66B0C0FFEE00000000000A01").is_ok());
        assert!(PostGroupId::parse("66b0c0ffee00000000000a0").is_err());
        assert!(PostGroupId::parse("66b0c0ffee00000000000a0g").is_err());
        assert!(PostGroupId::parse("pg_abc123xyz").is_err());
        assert!(PostGroupId::parse("").is_err());
    }

    #[test]
    fn summary_tolerates_nulls_unknowns_and_bad_times() {
        let body = br#"{"posts":[
            {"postGroupId":"66b0c0ffee00000000000a01","content":null,"status":"archived",
             "scheduledTime":"not a time","createdAt":"2026-03-15T14:30:00+02:00",
             "updatedAt":"2026-03-15T14:30:00Z","platforms":null,"mediaUrls":null,"extra":1},
            {"content":"no id"},
            {"postGroupId":"66b0c0ffee00000000000a02","status":"draft",
             "platforms":[{"platformId":"foo-1","platform":"myspace","status":"queued"}, 7]}
        ],"pagination":{"page":1,"limit":20,"totalItems":3,"totalPages":1,"hasNextPage":false,"hasPrevPage":null}}"#;
        let page = ListPostsPage::from_json(body).expect("page parses");
        assert_eq!(page.posts.len(), 2);
        assert_eq!(page.skipped, 1);
        let first = &page.posts[0];
        assert_eq!(first.content, None);
        assert_eq!(first.status, PostStatus::Other("archived".into()));
        assert_eq!(first.scheduled_time.as_ref().and_then(|t| t.parsed), None);
        assert_eq!(
            first.created_at.as_ref().and_then(|t| t.parsed),
            parse_instant("2026-03-15T12:30:00.000Z")
        );
        assert!(first.platforms.is_empty());
        let second = &page.posts[1];
        assert_eq!(second.platforms.len(), 1);
        assert_eq!(
            second.platforms[0].platform,
            Platform::Other("myspace".into())
        );
        assert_eq!(page.pagination.total_items, 3);
    }

    #[test]
    fn from_json_explains_non_json() {
        let error = ListPostsPage::from_json(b"<html>502 Bad Gateway</html>")
            .expect_err("HTML is not a page");
        assert!(error.contains("not JSON"), "{error}");
        let error = ListPostsPage::from_json(b"[]").expect_err("an array is not a page");
        assert!(error.contains("not an object"), "{error}");
    }

    #[test]
    fn user_input_enums_reject_unknowns() {
        assert_eq!("Draft".parse::<PostStatus>(), Ok(PostStatus::Draft));
        assert!("processing".parse::<PostStatus>().is_err());
        assert_eq!("LinkedIn".parse::<Platform>(), Ok(Platform::Linkedin));
        assert!("myspace".parse::<Platform>().is_err());
    }

    #[test]
    fn timestamps_round_trip_format() {
        let ts = Timestamp::from_raw("2026-03-15T14:30:00Z");
        let instant = ts.parsed.expect("parses");
        assert_eq!(format_instant(instant), "2026-03-15T14:30:00.000Z");
        assert!(Timestamp::from_raw("2026-03-15T14:30:00").parsed.is_some());
    }
}
