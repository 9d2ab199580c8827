//! create-post (POSTPOST_API.md §3.3): the request body and the success body.

use serde::{Deserialize, Serialize};

use super::PostGroupId;

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

/// True when create-post accepts `text` as a platform id: the hand-written form of
/// `/^[a-z]+-[a-zA-Z0-9_-]+$/` (§3.3). Some ids list-posts shows do not pass (Bluesky's
/// `bluesky-did:plc:…`), so a post targeting them cannot be re-created through the API.
pub fn is_valid_platform_id(text: &str) -> bool {
    let Some(dash) = text.find('-') else {
        return false;
    };
    let (name, rest) = (&text[..dash], &text[dash + 1..]);
    !name.is_empty()
        && name.bytes().all(|b| b.is_ascii_lowercase())
        && !rest.is_empty()
        && rest
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}
