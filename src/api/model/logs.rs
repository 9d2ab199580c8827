//! post-logs (POSTPOST_API.md §3.6): a group's event log, entry by entry, with the optional
//! fields absent (not null) when they do not apply.

use serde::{Deserialize, Serialize};

use super::lenient::{lenient_array, lenient_int, lenient_text, null_as_default};
use super::{Platform, PostGroupId, PostLogEvent, Timestamp};

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
