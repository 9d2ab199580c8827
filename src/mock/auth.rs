//! The mock's key-auth middleware: the whole shared authentication table of POSTPOST_API.md §1.5,
//! checked in the [INF] order given there.
//!
//! Data flow: `mock::routes` puts [`require_key`] in front of every `/api/v1` route (only matched
//! routes, so unknown paths still get Express's HTML 404). On success it stores the [`ActingUser`]
//! in the request extensions, where the handlers read whose posts they may see; on failure it
//! answers `{ "error": … }` itself and the handler never runs.

use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::Response;

use super::MockState;
use super::routes::error_response;
use crate::api::model::{error_text, is_object_id};

/// The user a request acts as: the key owner, or the managed user named by a valid
/// `x-postpost-user-id` header (§1.5). 24 lower-case hex characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActingUser(pub String);

/// The accounts and entitlements the middleware checks, taken from `MockConfig`.
#[derive(Debug, Clone)]
pub struct AuthSettings {
    /// The owner's key.
    pub api_key: String,
    /// The owner's user id (24 hex, lower case).
    pub owner_user_id: String,
    /// Users whose `parentUser` is the owner (24 hex, lower case).
    pub managed_user_ids: Vec<String>,
    /// Plan has `apiAccess`.
    pub api_access: bool,
    /// Plan has `mcpAccess`.
    pub mcp_access: bool,
    /// Owner has `workspacesEnabled`.
    pub workspaces_enabled: bool,
    /// A key whose owner record is missing.
    pub orphan_api_key: Option<String>,
}

/// A failed check: HTTP status and the literal `error` text.
pub type AuthFailure = (StatusCode, &'static str);

impl AuthSettings {
    /// Runs the §1.5 checks on the request headers, in this order:
    ///
    /// 1. no `x-api-key` (or an empty one) → 401 `API key is required`;
    /// 2. key is neither the owner's nor the orphan key → 401 `Invalid API key`;
    /// 3. the orphan key → 401 `Invalid API key owner`;
    /// 4. `x-postpost-client: mcp` → needs `mcp_access` (403 `MCP access is not enabled…`),
    ///    otherwise needs `api_access` (403 `API access is not enabled…`);
    /// 5. `x-postpost-user-id` present, non-empty and not the owner's id (compared ignoring hex
    ///    case): not 24 hex → 400 `Invalid x-postpost-user-id`; workspaces off → 403
    ///    `Workspace access is not enabled for this key`; not a managed user (including ids of
    ///    users that do not exist) → 403 `User is not managed by key`.
    ///
    /// # Errors
    /// The first failing check as `(status, message)`.
    pub fn authenticate(&self, headers: &HeaderMap) -> Result<ActingUser, AuthFailure> {
        let header = |name: &str| {
            headers
                .get(name)
                .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned())
                .filter(|value| !value.is_empty())
        };
        let Some(key) = header("x-api-key") else {
            return Err((StatusCode::UNAUTHORIZED, error_text::API_KEY_REQUIRED));
        };
        if self.orphan_api_key.as_deref() == Some(key.as_str()) && key != self.api_key {
            return Err((StatusCode::UNAUTHORIZED, error_text::INVALID_API_KEY_OWNER));
        }
        if key != self.api_key {
            return Err((StatusCode::UNAUTHORIZED, error_text::INVALID_API_KEY));
        }
        if header("x-postpost-client").as_deref() == Some("mcp") {
            if !self.mcp_access {
                return Err((StatusCode::FORBIDDEN, error_text::MCP_ACCESS_NOT_ENABLED));
            }
        } else if !self.api_access {
            return Err((StatusCode::FORBIDDEN, error_text::API_ACCESS_NOT_ENABLED));
        }
        let owner = ActingUser(self.owner_user_id.clone());
        let Some(target) = header("x-postpost-user-id") else {
            return Ok(owner);
        };
        let target = target.to_ascii_lowercase();
        if target == self.owner_user_id {
            return Ok(owner);
        }
        if !is_object_id(&target) {
            return Err((StatusCode::BAD_REQUEST, error_text::INVALID_USER_ID));
        }
        if !self.workspaces_enabled {
            return Err((StatusCode::FORBIDDEN, error_text::WORKSPACE_NOT_ENABLED));
        }
        if !self.managed_user_ids.contains(&target) {
            return Err((StatusCode::FORBIDDEN, error_text::USER_NOT_MANAGED));
        }
        Ok(ActingUser(target))
    }
}

/// axum middleware (`middleware::from_fn_with_state`) applying [`AuthSettings::authenticate`]:
/// on success inserts [`ActingUser`] into the request extensions and runs the handler; on failure
/// answers `{ "error": "<message>" }` with the check's status (§1.4, §1.5).
pub async fn require_key(
    State(state): State<MockState>,
    mut request: Request,
    next: Next,
) -> Response {
    match state.auth().authenticate(request.headers()) {
        Ok(user) => {
            request.extensions_mut().insert(user);
            next.run(request).await
        }
        Err((status, message)) => error_response(status, message),
    }
}
