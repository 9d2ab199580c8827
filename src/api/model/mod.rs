//! Wire types of the PostPost API, shared by the client (`api::client`) and the mock server
//! (`mock`) so that the two cannot drift apart. One file per section of POSTPOST_API.md:
//! ids (§1.2), platforms (§1.6), timestamps (§1.3), error and success bodies (§1.4), statuses
//! (§2), the post endpoints (§3.1 list and its sort parameters, §3.2 detail, §3.3 create,
//! §3.4 update, §3.6 logs), media uploads (§4.1), connections (§5) and the workspace (§8). Every item is re-exported
//! here, so `api::model::X` is the one path to use.
//!
//! Parsing is deliberately forgiving where the spec is loose or the server may be sloppy: every
//! optional field accepts `null` or absence, unknown status and platform strings are kept as-is
//! (`Other`), timestamps that do not parse are kept raw and shown as unknown, and a post that
//! cannot be read at all is skipped and counted instead of failing its whole page
//! ([`ListPostsPage::from_json`]); the shared readers live in `lenient`.

mod connections;
mod create;
mod detail;
mod errors;
mod ids;
mod lenient;
mod list;
mod logs;
mod media;
mod platform;
mod sort;
mod status;
mod timestamp;
mod update;
mod wire_enum;
mod workspace;

pub use connections::{
    EXPIRING_SOON_DAYS, LastError, PlatformConnection, PlatformConnectionsPage,
    PlatformConnectionsResponse, TestConnectionResult, token_expires_in_at, token_status_at,
};
pub use create::{CreatePostRequest, CreatePostResponse, is_valid_platform_id};
pub use detail::{PlatformPost, PostDetail};
pub use errors::{ErrorBody, SuccessBody, error_text};
pub use ids::{InvalidPostGroupId, PostGroupId, is_object_id};
pub use lenient::null_as_default;
pub use list::{ListPostsPage, ListPostsResponse, Pagination, PlatformRef, PostSummary, Targets};
pub use logs::{PostLog, PostLogsPage, PostLogsResponse};
pub use media::{GetUploadUrlRequest, GetUploadUrlResponse, media_kind, sanitize_file_name};
pub use platform::{Platform, platform_of_id};
pub use sort::{SortField, SortOrder};
pub use status::{
    PlatformError, PlatformStatus, PostLogEvent, PostStatus, TestStatus, TokenStatus,
};
pub use timestamp::{Timestamp, format_instant, parse_instant};
pub use update::{UpdatePostRequest, UpdatePostResponse, UpdatedGroup};
pub use workspace::{ManagedUser, WorkspaceUsersResponse};
