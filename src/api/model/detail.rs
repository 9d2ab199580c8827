//! get-post (POSTPOST_API.md §3.2): one group's platform posts, with raw account ids.

use serde::{Deserialize, Serialize};

use super::lenient::{lenient_vec, null_as_default};
use super::{Platform, PlatformError, PlatformStatus, PostGroupId};

/// One platform post of get-post: `posts[]` (POSTPOST_API.md §3.2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PlatformPost {
    /// Platform-post ObjectId.
    #[serde(rename = "_id", default, deserialize_with = "null_as_default")]
    pub id: String,
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
