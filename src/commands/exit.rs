//! Exit codes, defined once for every command (DESIGN §4): 0 done, 1 some items failed or were
//! left unknown, 2 usage or config error, 3 authentication or permission error.

use std::process::ExitCode;

use super::output::{self, ErrorKind};
use crate::api::error::ApiError;
use crate::text::sanitize;

/// Longest error line printed, in terminal cells (an HTML page quoted by a server is cut).
const MAX_ERROR_CELLS: usize = 2_000;

/// `text` made safe for one line of stderr: sanitized like every terminal sink (DESIGN §5
/// rule 5) and cut to [`MAX_ERROR_CELLS`].
pub fn error_line(text: &str) -> String {
    sanitize::truncate_to_width(&sanitize::sanitize_line(text), MAX_ERROR_CELLS)
}

/// The process exit code of a command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// 0: everything asked for was done.
    Done,
    /// 1: some items failed or were left unknown, or the output could not be written.
    Failed,
    /// 2: usage or config error; nothing was sent.
    Usage,
    /// 3: authentication or permission error.
    Auth,
}

impl Exit {
    /// The number the process exits with.
    pub fn code(self) -> u8 {
        match self {
            Self::Done => 0,
            Self::Failed => 1,
            Self::Usage => 2,
            Self::Auth => 3,
        }
    }
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> Self {
        Self::from(exit.code())
    }
}

/// The exit code and the JSON `error.kind` of an API error.
pub fn classify(error: &ApiError) -> (Exit, ErrorKind) {
    match error {
        ApiError::InvalidId(_) => (Exit::Usage, ErrorKind::Usage),
        ApiError::ReadOnly { .. } => (Exit::Usage, ErrorKind::ReadOnly),
        _ if error.is_auth() => (Exit::Auth, ErrorKind::Auth),
        ApiError::Connect { .. } | ApiError::Timeout { .. } | ApiError::Network { .. } => {
            (Exit::Failed, ErrorKind::Network)
        }
        ApiError::UnexpectedBody { .. }
        | ApiError::InvalidServerId { .. }
        | ApiError::PageLimit { .. } => (Exit::Failed, ErrorKind::UnexpectedAnswer),
        _ if error.is_not_found() => (Exit::Failed, ErrorKind::NotFound),
        ApiError::Http { .. } | ApiError::NotConfirmed { .. } => (Exit::Failed, ErrorKind::Server),
    }
}

/// Reports an API error (already redacted by the client; sanitized by [`output::fail`]) with its
/// hint, on stderr and, with `--json`, as JSON on stdout; gives its exit code.
pub fn report_api_error(error: &ApiError) -> ExitCode {
    let (exit, kind) = classify(error);
    output::fail(kind, &error.to_string(), error.hint(), exit)
}

/// Reports a usage error; exit 2.
pub fn usage(message: &str) -> ExitCode {
    output::fail(ErrorKind::Usage, message, None, Exit::Usage)
}
