//! Typed errors of the API client: what the worker and the headless commands get back from
//! `api::client`, and what the UI turns into notices. Built from the HTTP status plus the
//! server's `error` (or `message`) string (POSTPOST_API.md §1.4), or from an account of what came
//! back when the body is not JSON. No variant ever holds the API key.

use std::time::Duration;

use super::model::{InvalidPostGroupId, error_text};
use crate::secret::Redactor;
use crate::text::sanitize;

/// Why a request did not give the answer asked for.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApiError {
    /// The id was refused before any request was made (the server would answer a 500, §3.2).
    #[error(transparent)]
    InvalidId(#[from] InvalidPostGroupId),
    /// A changing request was refused before it was sent: the client is read-only.
    #[error(
        "read-only: {action} is disabled (--read-only, or read_only in the config or the profile)"
    )]
    ReadOnly {
        /// What was refused, e.g. "deleting".
        action: &'static str,
    },
    /// No connection could be made (refused, DNS, TLS).
    #[error("cannot reach {url}: {reason}")]
    Connect {
        /// The URL asked for (never holds the key, which travels in a header).
        url: String,
        /// What the network layer said.
        reason: String,
    },
    /// The server did not answer within the configured timeout.
    #[error("{url} did not answer within {}s", after.as_secs_f64())]
    Timeout {
        /// The URL asked for.
        url: String,
        /// The timeout that ran out.
        after: Duration,
    },
    /// The connection broke while sending or reading (reset, truncated body).
    #[error("network error talking to {url}: {reason}")]
    Network {
        /// The URL asked for.
        url: String,
        /// What the network layer said.
        reason: String,
    },
    /// The server answered with an error status and a JSON error body (§1.4).
    #[error("HTTP {status}: {message}")]
    Http {
        /// HTTP status code.
        status: u16,
        /// `body.error || body.message`, verbatim.
        message: String,
        /// `Retry-After` of a 429 or 503, when given (seconds or an HTTP date).
        retry_after: Option<Duration>,
    },
    /// The server answered 2xx without `"success": true` (POSTPOST_API.md §1.4): whatever it
    /// says, it did not report doing what was asked, so nothing is counted as done.
    #[error("the server did not confirm it (HTTP {status} without \"success\": true): {message}")]
    NotConfirmed {
        /// HTTP status code (2xx).
        status: u16,
        /// `body.error || body.message`, or what was missing.
        message: String,
    },
    /// The server sent a post id that is not 24 hexadecimal characters (§1.2): nothing is
    /// shown or done with it, since it could be anything from a typo to an escape sequence.
    #[error("the server sent an invalid post id \"{}\" (expected 24 hexadecimal characters); nothing was done with it", sanitize::truncate_to_width(&sanitize::sanitize_line(id), 60))]
    InvalidServerId {
        /// The id as sent (shown sanitized and cut).
        id: String,
    },
    /// list-posts still said there was more after the walk's page limit (`api::pages`): a
    /// server whose pages never end.
    #[error(
        "the server still said there were more posts after {pages} pages ({posts} posts read); reading stopped there, so the list is incomplete"
    )]
    PageLimit {
        /// Pages read.
        pages: u32,
        /// Posts they held.
        posts: usize,
    },
    /// The server answered something that is not the JSON the spec describes (an HTML error page,
    /// an empty body, truncated JSON, a redirect).
    #[error("unexpected answer (HTTP {status}{}): {detail}", content_type.as_deref().map(|t| format!(", {t}")).unwrap_or_default())]
    UnexpectedBody {
        /// HTTP status code.
        status: u16,
        /// The `Content-Type` header, when present.
        content_type: Option<String>,
        /// What was wrong, with the first characters of the body made printable.
        detail: String,
    },
}

impl ApiError {
    /// The error with every secret `redactor` knows removed from its texts, and the
    /// credentials of its URL dropped: what the client hands out (DESIGN §7 invariant 5).
    #[must_use]
    pub fn redacted(self, redactor: &Redactor) -> Self {
        let text = |text: String| redactor.redact(&text).into_owned();
        match self {
            Self::InvalidId(InvalidPostGroupId(id)) => {
                Self::InvalidId(InvalidPostGroupId(text(id)))
            }
            Self::ReadOnly { action } => Self::ReadOnly { action },
            Self::Connect { url, reason } => Self::Connect {
                url: redactor.url_for_display(&url),
                reason: text(reason),
            },
            Self::Timeout { url, after } => Self::Timeout {
                url: redactor.url_for_display(&url),
                after,
            },
            Self::Network { url, reason } => Self::Network {
                url: redactor.url_for_display(&url),
                reason: text(reason),
            },
            Self::Http {
                status,
                message,
                retry_after,
            } => Self::Http {
                status,
                message: text(message),
                retry_after,
            },
            Self::UnexpectedBody {
                status,
                content_type,
                detail,
            } => Self::UnexpectedBody {
                status,
                content_type: content_type.map(text),
                detail: text(detail),
            },
            Self::InvalidServerId { id } => Self::InvalidServerId { id: text(id) },
            Self::NotConfirmed { status, message } => Self::NotConfirmed {
                status,
                message: text(message),
            },
            Self::PageLimit { pages, posts } => Self::PageLimit { pages, posts },
        }
    }

    /// HTTP status of the answer, when there was one.
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Http { status, .. }
            | Self::UnexpectedBody { status, .. }
            | Self::NotConfirmed { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// 401 or 403 (POSTPOST_API.md §1.5), or the 400 `Invalid x-postpost-user-id`: no request of
    /// this session can succeed until the key or user id changes, so a job stops at once. A 403
    /// plan-limit error ([`ApiError::is_limit`]) is not an authentication error.
    pub fn is_auth(&self) -> bool {
        match self {
            Self::Http {
                status, message, ..
            } => {
                (matches!(status, 401 | 403) && !self.is_limit())
                    || (*status == 400 && message == error_text::INVALID_USER_ID)
            }
            _ => false,
        }
    }

    /// A 403 structured LimitExceededError (POSTPOST_API.md §9.2): the `error` is one of
    /// [`error_text::LIMIT_ERRORS`] (the client reads it as `<error>: <message>`). It concerns
    /// one request (e.g. a time beyond the plan's horizon), so a job goes on with the others.
    pub fn is_limit(&self) -> bool {
        match self {
            Self::Http {
                status: 403,
                message,
                ..
            } => error_text::LIMIT_ERRORS.iter().any(|limit| {
                message
                    .strip_prefix(limit)
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with(':'))
            }),
            _ => false,
        }
    }

    /// A JSON 404 (`Post group not found`): the post group does not exist (or belongs to
    /// someone else, §3.2). An HTML 404 is not this: it means a wrong base URL or a proxy
    /// (§1.1: unknown routes answer Express's HTML page), and says nothing about the post.
    pub fn is_not_found(&self) -> bool {
        matches!(self, Self::Http { status: 404, .. })
    }

    /// The 403 `Workspace access is not enabled for this key` of GET workspace/users (§8): the
    /// key has no managed users, so only the owner can be acted as.
    pub fn is_workspace_not_enabled(&self) -> bool {
        match self {
            Self::Http {
                status: 403,
                message: text,
                ..
            }
            | Self::UnexpectedBody {
                status: 403,
                detail: text,
                ..
            } => text.contains(error_text::WORKSPACE_NOT_ENABLED),
            _ => false,
        }
    }

    /// True when trying again may succeed: timeouts, broken connections, 5xx and 429.
    /// A 500 from delete-post is a rolled-back transaction and safe to retry (§3.5, §10).
    pub fn is_retryable(&self) -> bool {
        match self {
            Self::Timeout { .. } | Self::Network { .. } | Self::Connect { .. } => true,
            Self::Http { status, .. } | Self::UnexpectedBody { status, .. } => {
                *status == 429 || *status >= 500
            }
            Self::InvalidId(_)
            | Self::ReadOnly { .. }
            | Self::NotConfirmed { .. }
            | Self::InvalidServerId { .. }
            | Self::PageLimit { .. } => false,
        }
    }

    /// True for an authentication error about the acting user rather than the key (§1.5,
    /// §8): a 403 that mentions the user (`User is not managed by key`) or the 400
    /// `Invalid x-postpost-user-id`.
    pub fn is_about_user(&self) -> bool {
        match self {
            Self::Http {
                status: 403,
                message,
                ..
            } => !self.is_limit() && message.to_ascii_lowercase().contains("user"),
            Self::Http {
                status: 400,
                message,
                ..
            } => message == error_text::INVALID_USER_ID,
            _ => false,
        }
    }

    /// An answer that is a web page rather than the API's JSON: an Express 404 for a path
    /// outside `/api/v1` (§1.1), a proxy's or a website's page. Almost always a base URL
    /// without the `/api/v1` prefix, or pointing at the wrong host.
    pub fn is_web_page(&self) -> bool {
        match self {
            Self::UnexpectedBody {
                content_type,
                detail,
                ..
            } => {
                content_type
                    .as_deref()
                    .is_some_and(|t| t.to_ascii_lowercase().contains("html"))
                    || detail.contains(super::client::WEB_PAGE)
            }
            _ => false,
        }
    }

    /// A 2xx whose body could not be read as the answer asked for (cut off, HTML from a proxy):
    /// the request reached the server and may have been carried out.
    pub fn is_unreadable_success(&self) -> bool {
        matches!(self, Self::UnexpectedBody { status, .. } if (200..300).contains(status))
    }

    /// What the user can do about it, for authentication errors: a refused acting user points
    /// at the user id, other 401/403s at the key.
    pub fn hint(&self) -> Option<&'static str> {
        if self.is_about_user() {
            Some(
                "check the user id: --user-id, POSTPOST_USER_ID, or user_id in the config file or profile; in the TUI, u picks another user",
            )
        } else if self.is_auth() {
            Some(
                "set the key with POSTPOST_API_KEY, or api_key / api_key_command in the config file (postpost config path)",
            )
        } else if matches!(self, Self::Timeout { .. }) {
            Some(
                "the server did not answer in time (request_timeout_secs in the config sets the limit)",
            )
        } else if self.is_web_page() {
            Some(
                "the base URL must be the API root including /api/v1 (e.g. https://api.postpost.dev/api/v1): check --base-url, POSTPOST_BASE_URL or base_url in the config",
            )
        } else if matches!(self, Self::Connect { .. }) {
            Some("check --base-url (the API root including /api/v1) and the network")
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn http(status: u16, message: &str) -> ApiError {
        ApiError::Http {
            status,
            message: message.to_owned(),
            retry_after: None,
        }
    }

    /// A refused acting user points at the user id, not at the key.
    #[test]
    fn errors_about_the_acting_user_hint_at_the_user_id() {
        for error in [
            http(403, error_text::USER_NOT_MANAGED),
            http(403, "user 6650a1b2c3d4e5f60123ab01 is suspended"),
            http(400, error_text::INVALID_USER_ID),
        ] {
            let hint = error.hint().expect("a hint");
            assert!(error.is_auth(), "{error}");
            assert!(
                hint.contains("--user-id") && hint.contains("u picks"),
                "{error}: {hint}"
            );
            assert!(!hint.contains("POSTPOST_API_KEY"), "{hint}");
        }
        for error in [
            http(401, error_text::INVALID_API_KEY),
            http(403, error_text::API_ACCESS_NOT_ENABLED),
        ] {
            let hint = error.hint().expect("a hint");
            assert!(hint.contains("POSTPOST_API_KEY"), "{error}: {hint}");
        }
    }
}
