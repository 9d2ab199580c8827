//! Status enumerations (POSTPOST_API.md §2): of a post group (§2.1), of one platform post
//! (§2.2), the error object of a failed platform post (§2.3), and the other enumerations of §2.4
//! (post-log events, token and test-connection statuses).

use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::Timestamp;
use super::lenient::null_as_default;
use super::wire_enum::wire_enum;

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
    #[serde(default)]
    pub failed_at: Option<Timestamp>,
    /// Whether retrying may help.
    #[serde(default)]
    pub retryable: Option<bool>,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_input_statuses_reject_unknowns() {
        assert_eq!("Draft".parse::<PostStatus>(), Ok(PostStatus::Draft));
        assert!("processing".parse::<PostStatus>().is_err());
    }
}
