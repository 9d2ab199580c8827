//! `postpost`: parse the command line and dispatch to `commands`; nothing else lives here
//! (DESIGN §1).

use std::process::ExitCode;

fn main() -> ExitCode {
    postpost_tui::commands::parse_and_run(std::env::args_os())
}
