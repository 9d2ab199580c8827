//! Exit codes, defined once for every command (DESIGN §4): 0 done, 1 some items failed or were
//! left unknown, 2 usage or config error, 3 authentication or permission error.

use std::process::ExitCode;

use crate::api::error::ApiError;

/// Exit code: some items failed.
pub const EXIT_FAILED: u8 = 1;
/// Exit code: usage or config error.
pub const EXIT_USAGE: u8 = 2;
/// Exit code: authentication or permission error.
pub const EXIT_AUTH: u8 = 3;

/// Prints an API error and gives its exit code.
pub fn report_api_error(error: &ApiError) -> ExitCode {
    eprintln!("postpost: {error}");
    if let Some(hint) = error.hint() {
        eprintln!("postpost: {hint}");
    }
    ExitCode::from(match error {
        ApiError::InvalidId(_) => EXIT_USAGE,
        _ if error.is_auth() => EXIT_AUTH,
        _ => EXIT_FAILED,
    })
}

pub fn usage(message: &str) -> ExitCode {
    eprintln!("postpost: {message}");
    ExitCode::from(EXIT_USAGE)
}
