//! `postpost`: parse the command line and dispatch to `commands`; nothing else lives here
//! (DESIGN §1).

use std::process::ExitCode;

use clap::Parser;
use postpost_tui::cli::Cli;

fn main() -> ExitCode {
    postpost_tui::commands::run(Cli::parse())
}
