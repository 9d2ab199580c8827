//! Connected accounts (POSTPOST_API.md §5): platform-connections (§5.1) with the token status
//! and time left computed as the server does (§2.4), and test-connection (§5.2).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer, Serialize};

use super::lenient::{lenient_array, lenient_text, lenient_vec, null_as_default};
use super::{Platform, TestStatus, Timestamp, TokenStatus, platform_of_id};

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
    #[serde(default, deserialize_with = "lenient_text")]
    pub display_name: Option<String>,
    /// Avatar URL.
    #[serde(default, deserialize_with = "lenient_text")]
    pub profile_image_url: Option<String>,
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
