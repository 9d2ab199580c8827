//! The mock's connected accounts (POSTPOST_API.md §5.1, §5.2): the embedded seed file
//! `assets/seed_connections.json`, read once at start-up, and the two views of a connection the
//! API gives: the platform-connections entry and the test-connection result.
//!
//! Data flow: `MockState::new` calls [`load_seed_connections`] with the start instant; the
//! records are immutable afterwards. `routes::platform_connections` and
//! `routes::test_connection` pick the acting user's records and call [`ConnectionRecord::wire`]
//! or [`ConnectionRecord::test`] with the request's "now", so `tokenStatus` and
//! `tokenExpiresIn` are always computed, never stored (§2.4).
//!
//! # Seed file format (`assets/seed_connections.json`)
//!
//! ```json
//! { "about": "free text, ignored",
//!   "connections": [
//!     { "user": "owner" | "managed" | "managed2",    // optional, default "owner"
//!       "platformId": "<platform>-<rawId>", "username": "…",
//!       "displayName": "…" | null, "profileImageUrl": "…" | null, "profileUrl": "…" | null,
//!       "tokenExpiresInMinutes": 83730 | null,      // from the mock's start; null = never
//!       "lastSuccessfulPost": "ISO 8601" | null,
//!       "lastError": { "message": "…", "occurredAt": "ISO 8601" } | null,
//!       "permissions": ["scope", …],                // optional, for test-connection
//!       "testFails": "message" } ] }                // optional: test-connection says error
//! ```

use chrono::{DateTime, Duration, Utc};
use serde::Deserialize;

use super::seed::{SeedError, SeedUser};
use crate::api::model::{
    LastError, Platform, PlatformConnection, TestConnectionResult, TestStatus, Timestamp,
    platform_of_id, token_expires_in_at, token_status_at,
};

/// The embedded seed file of connected accounts.
pub const SEED_CONNECTIONS_JSON: &str = include_str!("../../assets/seed_connections.json");

/// test-connection's message for a token that has expired [INF: the docs give no text].
pub const TOKEN_EXPIRED_MESSAGE: &str = "Access token expired";

/// The whole seed file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct SeedConnectionsFile {
    #[serde(default)]
    #[allow(dead_code)]
    about: Option<String>,
    connections: Vec<SeedConnection>,
}

/// One connection of the seed file.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct SeedConnection {
    #[serde(default)]
    user: SeedUser,
    platform_id: String,
    username: String,
    #[serde(default)]
    display_name: Option<String>,
    #[serde(default)]
    profile_image_url: Option<String>,
    #[serde(default)]
    profile_url: Option<String>,
    #[serde(default)]
    token_expires_in_minutes: Option<i64>,
    #[serde(default)]
    last_successful_post: Option<String>,
    #[serde(default)]
    last_error: Option<LastError>,
    #[serde(default)]
    permissions: Vec<String>,
    #[serde(default)]
    test_fails: Option<String>,
}

/// One connected account as the mock keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnectionRecord {
    /// Owner: 24-hex user id (§1.5).
    pub user_id: String,
    /// Compound id (§1.2).
    pub platform_id: String,
    /// Account name.
    pub username: String,
    /// The account's display name; string or null (§5.1).
    pub display_name: Option<String>,
    /// Avatar URL.
    pub profile_image_url: Option<String>,
    /// Profile page URL.
    pub profile_url: Option<String>,
    /// `None`: the token never expires (`tokenStatus` `unknown`).
    pub expires_at: Option<DateTime<Utc>>,
    /// Last post that went out.
    pub last_successful_post: Option<Timestamp>,
    /// Last failure.
    pub last_error: Option<LastError>,
    /// Scopes reported by test-connection.
    pub permissions: Vec<String>,
    /// When set, test-connection answers `status: "error"` with this message.
    pub test_fails: Option<String>,
}

/// Reads the embedded seed connections: the `"owner"` ones go to `owner`, the `"managed"` ones
/// to `managed[0]` and the `"managed2"` ones to `managed[1]` (dropped when there is no such
/// managed user). Expiries count from `started`.
///
/// # Errors
/// [`SeedError`] when the file is malformed: not the documented shape, a platform id without a
/// dash or of an unknown platform, a time that does not parse, or a duplicate id for one user.
pub fn load_seed_connections(
    owner: &str,
    managed: &[String],
    started: DateTime<Utc>,
) -> Result<Vec<ConnectionRecord>, SeedError> {
    let file: SeedConnectionsFile = serde_json::from_str(SEED_CONNECTIONS_JSON)?;
    let mut records: Vec<ConnectionRecord> = Vec::with_capacity(file.connections.len());
    for seed in file.connections {
        let invalid = |reason: &str| SeedError::InvalidConnection {
            platform_id: seed.platform_id.clone(),
            reason: reason.to_string(),
        };
        if !seed.platform_id.contains('-') || !platform_of_id(&seed.platform_id).is_known() {
            return Err(invalid("platformId is not <known platform>-<rawId>"));
        }
        let user_id = match seed.user {
            SeedUser::Owner => Some(owner),
            SeedUser::Managed => managed.first().map(String::as_str),
            SeedUser::Managed2 => managed.get(1).map(String::as_str),
        };
        let Some(user_id) = user_id else { continue };
        if records
            .iter()
            .any(|r| r.user_id == user_id && r.platform_id == seed.platform_id)
        {
            return Err(invalid("duplicate platformId"));
        }
        let last_successful_post = seed.last_successful_post.map(Timestamp::from_raw);
        if last_successful_post
            .as_ref()
            .is_some_and(|t| t.parsed().is_none())
        {
            return Err(invalid("lastSuccessfulPost is not an ISO 8601 instant"));
        }
        records.push(ConnectionRecord {
            user_id: user_id.to_string(),
            platform_id: seed.platform_id,
            username: seed.username,
            display_name: seed.display_name,
            profile_image_url: seed.profile_image_url,
            profile_url: seed.profile_url,
            expires_at: seed
                .token_expires_in_minutes
                .map(|minutes| started + Duration::minutes(minutes)),
            last_successful_post,
            last_error: seed.last_error,
            permissions: seed.permissions,
            test_fails: seed.test_fails,
        });
    }
    Ok(records)
}

impl ConnectionRecord {
    /// The platform-connections entry (§5.1) as seen at `now`.
    pub fn wire(&self, now: DateTime<Utc>) -> PlatformConnection {
        PlatformConnection {
            platform_id: self.platform_id.clone(),
            username: self.username.clone(),
            display_name: self.display_name.clone(),
            profile_image_url: self.profile_image_url.clone(),
            profile_url: self.profile_url.clone(),
            access_token_expires_at: self.expires_at.map(Timestamp::from_instant),
            token_status: token_status_at(self.expires_at, now),
            token_expires_in: token_expires_in_at(self.expires_at, now),
            last_successful_post: self.last_successful_post.clone(),
            last_error: self.last_error.clone(),
        }
    }

    /// The test-connection result (§5.2) at `now`: Pinterest has no validator (`Unknown platform:
    /// pinterest`, username `unknown`, no permissions, the other fields null); a seeded failure
    /// (e.g. Telegram MTProto's `Invalid bot token`) or an expired token is `status: "error"`;
    /// anything else is `ok` with `Connected as <display name or username>`.
    pub fn test(&self, now: DateTime<Utc>) -> TestConnectionResult {
        let platform = platform_of_id(&self.platform_id);
        if platform == Platform::Pinterest {
            return TestConnectionResult {
                platform: Some(platform.as_str().to_string()),
                platform_id: Some(self.platform_id.clone()),
                username: Some("unknown".into()),
                status: TestStatus::Error,
                message: Some(format!("Unknown platform: {platform}")),
                permissions: Vec::new(),
                token_expires_in: None,
                last_successful_post: None,
                last_error: None,
            };
        }
        let expired = self.expires_at.is_some_and(|at| at <= now);
        let failure = self
            .test_fails
            .clone()
            .or_else(|| expired.then(|| TOKEN_EXPIRED_MESSAGE.to_string()));
        let name = self.display_name.as_deref().unwrap_or(&self.username);
        let (status, message, permissions) = match failure {
            Some(message) => (TestStatus::Error, message, Vec::new()),
            None => (
                TestStatus::Ok,
                format!("Connected as {name}"),
                self.permissions.clone(),
            ),
        };
        TestConnectionResult {
            platform: Some(platform.as_str().to_string()),
            platform_id: Some(self.platform_id.clone()),
            username: Some(self.username.clone()),
            status,
            message: Some(message),
            permissions,
            token_expires_in: token_expires_in_at(self.expires_at, now),
            last_successful_post: self.last_successful_post.clone(),
            last_error: self.last_error.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::model::TokenStatus;

    #[test]
    fn seed_connections_cover_every_token_status_and_the_seed_posts_accounts() {
        let now = Utc::now();
        let managed = [
            "bbbbbbbbbbbbbbbbbbbbbbbb".to_string(),
            "cccccccccccccccccccccccc".to_string(),
        ];
        let records = load_seed_connections("aaaaaaaaaaaaaaaaaaaaaaaa", &managed, now)
            .expect("seed connections load");
        let statuses: Vec<TokenStatus> = records.iter().map(|r| r.wire(now).token_status).collect();
        for status in TokenStatus::KNOWN {
            assert!(statuses.contains(status), "no {status} connection");
        }
        let seed = super::super::seed::parse_seed(super::super::seed::SEED_JSON).expect("seed");
        for post in &seed.posts {
            let user = match post.user {
                SeedUser::Owner => "aaaaaaaaaaaaaaaaaaaaaaaa",
                SeedUser::Managed => "bbbbbbbbbbbbbbbbbbbbbbbb",
                SeedUser::Managed2 => "cccccccccccccccccccccccc",
            };
            for target in &post.platforms {
                assert!(
                    records
                        .iter()
                        .any(|r| r.user_id == user && r.platform_id == target.platform_id),
                    "no connection for {} of {user}",
                    target.platform_id
                );
            }
        }
        let without_managed =
            load_seed_connections("aaaaaaaaaaaaaaaaaaaaaaaa", &[], now).expect("loads");
        assert!(without_managed.len() < records.len());
    }
}
