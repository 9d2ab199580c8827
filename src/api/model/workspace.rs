//! Workspace users (POSTPOST_API.md §8): the users a key owner manages and may act as through
//! the `x-postpost-user-id` header (§1.5).

use serde::{Deserialize, Serialize};

use super::Timestamp;
use super::lenient::{lenient_vec, null_as_default};

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
