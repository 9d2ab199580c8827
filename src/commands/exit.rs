//! Exit codes, defined once for every command (DESIGN §4): 0 done, 1 some items failed or were
//! left unknown, 2 usage or config error, 3 authentication or permission error.

use std::process::ExitCode;

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

/// Prints an API error (already redacted by the client; sanitized here) and gives its exit
/// code.
pub fn report_api_error(error: &ApiError) -> ExitCode {
    eprintln!("postpost: {}", error_line(&error.to_string()));
    if let Some(hint) = error.hint() {
        eprintln!("postpost: {hint}");
    }
    match error {
        ApiError::InvalidId(_) => Exit::Usage,
        _ if error.is_auth() => Exit::Auth,
        _ => Exit::Failed,
    }
    .into()
}

/// Prints a usage error; exit 2.
pub fn usage(message: &str) -> ExitCode {
    eprintln!("postpost: {}", error_line(message));
    Exit::Usage.into()
}
