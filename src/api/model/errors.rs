//! Error and success bodies (POSTPOST_API.md §1.4): `{ "error": "..." }` and
//! `{ "success": true }`, and every literal error text the API sends (§1.5, §3, §5, §9.2),
//! shared so that the mock writes exactly what the client matches on.

use serde::{Deserialize, Serialize};

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

/// `{ "success": true }` of delete-post (POSTPOST_API.md §3.5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SuccessBody {
    /// Always `true`.
    pub success: bool,
}

/// `{ "error": "..." }`, the body of almost every error (POSTPOST_API.md §1.4).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub error: String,
}
