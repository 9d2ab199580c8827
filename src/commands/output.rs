//! Where the headless commands' answers go, and the JSON contract (DESIGN §4): answers on
//! stdout, progress, notes and questions on stderr. With `--json` every answer is one object
//! carrying `"schema_version": 1`, and an error is one such object too
//! (`{"schema_version":1,"error":{"kind":…,"message":…,"hint":…}}`) on stdout, besides the
//! line on stderr, with the same exit code. `--quiet` keeps errors, JSON and the data a read
//! command was asked for, and drops notes, progress and the human reports of jobs.
//!
//! JSON goes through `text::json`, which escapes every character a terminal would act on
//! without changing a value.
//!
//! A closed stdout (a pipe into `head`) ends the process at once with exit 0: the reader has
//! what it wanted, and nothing is left half-done by it (reports are written after their job).

use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;
use std::sync::OnceLock;

use serde::Serialize;

use super::exit::Exit;

/// The version of every `--json` shape; a change that could break a script raises it.
pub const SCHEMA_VERSION: u32 = 1;

/// How the process answers, set once from the command line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OutputMode {
    /// `--json` (or `--jsonl`) was given: errors are JSON on stdout too.
    pub json: bool,
    /// `--quiet`: nothing but errors, JSON and asked-for data.
    pub quiet: bool,
}

static MODE: OnceLock<OutputMode> = OnceLock::new();

/// Sets the mode for the rest of the process (the first call wins).
pub fn set_mode(mode: OutputMode) {
    let _ = MODE.set(mode);
}

/// The mode [`set_mode`] set, or the default.
pub fn mode() -> OutputMode {
    MODE.get().copied().unwrap_or_default()
}

/// True when stdout is a terminal (tables are padded for eyes, tab-separated for tools).
pub fn stdout_is_terminal() -> bool {
    io::stdout().is_terminal()
}

/// Ends the process after a failed write to stdout: quietly with 0 when the reader went away,
/// else with 1 and the reason on stderr.
fn write_failed(error: &io::Error) -> ! {
    if error.kind() == io::ErrorKind::BrokenPipe {
        std::process::exit(0);
    }
    eprintln!("postpost: cannot write to stdout: {error}");
    std::process::exit(i32::from(Exit::Failed.code()));
}

/// Writes `args` to stdout (see [`write_failed`] for a closed stdout).
pub fn write_stdout(args: std::fmt::Arguments<'_>) {
    let mut out = io::stdout().lock();
    if let Err(error) = out.write_fmt(args).and_then(|()| out.flush()) {
        write_failed(&error);
    }
}

/// Prints a line on stdout; a closed stdout ends the process with exit 0.
macro_rules! outln {
    () => { $crate::commands::output::write_stdout(format_args!("\n")) };
    ($($arg:tt)*) => {
        $crate::commands::output::write_stdout(format_args!("{}\n", format_args!($($arg)*)))
    };
}
pub(crate) use outln;

/// Prints a note on stderr unless `--quiet`.
macro_rules! note {
    ($($arg:tt)*) => {
        if !$crate::commands::output::mode().quiet {
            eprintln!($($arg)*);
        }
    };
}
pub(crate) use note;

/// `body` with `"schema_version": 1` in front.
#[derive(Serialize)]
struct Versioned<'a, T: Serialize> {
    schema_version: u32,
    #[serde(flatten)]
    body: &'a T,
}

/// Prints `body` (a struct or map) as one pretty JSON object with `schema_version` added.
pub fn print_json<T: Serialize>(body: &T) {
    let versioned = Versioned {
        schema_version: SCHEMA_VERSION,
        body,
    };
    match crate::text::json::to_string_pretty(&versioned) {
        Ok(text) => outln!("{text}"),
        Err(error) => eprintln!("postpost: cannot write JSON: {error}"),
    }
}

/// Prints `value` as one compact JSON line (`--jsonl`).
pub fn print_json_line<T: Serialize>(value: &T) {
    match crate::text::json::to_string(value) {
        Ok(text) => outln!("{text}"),
        Err(error) => eprintln!("postpost: cannot write JSON: {error}"),
    }
}

/// What kind of error a JSON error object names (`error.kind`); stable strings for scripts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// Bad flags or input; nothing was sent (exit 2).
    Usage,
    /// The config file or a value in it (exit 2).
    Config,
    /// The key or the acting user was refused, or there is no key (exit 3).
    Auth,
    /// The client is read-only (exit 2).
    ReadOnly,
    /// No connection, a timeout or a broken connection (exit 1).
    Network,
    /// The answer was not the API's JSON: often a base URL without `/api/v1` (exit 1).
    UnexpectedAnswer,
    /// The server answered with an error (exit 1).
    Server,
    /// No such post (exit 1).
    NotFound,
    /// Reading or writing a local file failed (exit 1).
    Io,
}

/// The error object of the JSON contract.
#[derive(Debug, Serialize)]
struct ErrorBody<'a> {
    kind: ErrorKind,
    message: &'a str,
    hint: Option<&'a str>,
}

/// Reports an error: `postpost: message` (and the hint) on stderr, and with `--json` the error
/// object on stdout; gives `exit`.
pub fn fail(kind: ErrorKind, message: &str, hint: Option<&str>, exit: Exit) -> ExitCode {
    let message = &super::exit::error_line(message);
    eprintln!("postpost: {message}");
    if let Some(hint) = hint {
        eprintln!("postpost: {hint}");
    }
    if mode().json {
        #[derive(Serialize)]
        struct Wrapper<'a> {
            error: ErrorBody<'a>,
        }
        print_json(&Wrapper {
            error: ErrorBody {
                kind,
                message,
                hint,
            },
        });
    }
    exit.into()
}

/// Writes a table: padded columns when stdout is a terminal or `padded` is forced, else one
/// line per row with the cells separated by tabs (cells never hold tabs: they are sanitized).
/// `widths` gives each column's width in the padded form; the last column is never padded.
pub fn print_table(header: &[&str], rows: &[Vec<String>], widths: &[usize], padded: bool) {
    let line = |cells: &[String]| {
        if padded {
            let mut text = String::new();
            for (n, cell) in cells.iter().enumerate() {
                if n + 1 == cells.len() {
                    text.push_str(cell);
                } else {
                    let width = widths.get(n).copied().unwrap_or(0);
                    let cells_wide = unicode_width::UnicodeWidthStr::width(cell.as_str());
                    text.push_str(cell);
                    text.push_str(&" ".repeat(width.saturating_sub(cells_wide) + 2));
                }
            }
            text.trim_end().to_string()
        } else {
            cells.join("\t")
        }
    };
    let header: Vec<String> = header.iter().map(|h| (*h).to_string()).collect();
    outln!("{}", line(&header));
    for row in rows {
        outln!("{}", line(row));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versioned_puts_the_schema_version_beside_the_fields() {
        #[derive(Serialize)]
        struct Body {
            posts: Vec<u8>,
        }
        let value = serde_json::to_value(Versioned {
            schema_version: SCHEMA_VERSION,
            body: &Body { posts: vec![1, 2] },
        })
        .expect("serializes");
        assert_eq!(
            value,
            serde_json::json!({"schema_version": 1, "posts": [1, 2]})
        );
    }
}
