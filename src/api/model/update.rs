//! update-post (POSTPOST_API.md §3.4): the request body the client sends and the mock reads,
//! and the success body whose `postGroup` is the truth for the resulting status and time.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::timestamp::{deserialize_instant, serialize_instant};
use super::{PostGroupId, PostStatus, Timestamp};

/// The update-post request body (POSTPOST_API.md §3.4). Only `status` and `scheduledTime` can
/// change; at least one must be set (the server answers 400
/// [`EITHER_REQUIRED`](super::error_text::EITHER_REQUIRED) otherwise). Absent fields are not
/// sent.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UpdatePostRequest {
    /// `draft` or `scheduled`; any other value is refused with 400
    /// [`BAD_UPDATE_STATUS`](super::error_text::BAD_UPDATE_STATUS). Moving to draft keeps the
    /// stored time.
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

/// `postGroup` of the update-post answer (POSTPOST_API.md §3.4): the group as the server stored
/// it. This is the truth for the resulting status and time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UpdatedGroup {
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
