//! [`ConfigError`]: why the configuration could not be loaded, checked or completed, each
//! variant naming the file, line, column or key the user has to fix.

use std::fmt;
use std::io;
use std::path::PathBuf;

/// Why the configuration could not be loaded, checked or completed.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// Reading or writing a file failed.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or directory involved.
        path: PathBuf,
        source: io::Error,
    },
    /// The file is not valid TOML, has a value of the wrong type, or an unknown key.
    /// `line` and `column` are 1-based (column counted in chars); both are 1 when the parser
    /// gave no position.
    #[error("{}:{line}:{column}: {}{message}", path.display(), KeyPrefix(key.as_deref()))]
    Parse {
        /// The config file.
        path: PathBuf,
        /// 1-based line of the error.
        line: usize,
        /// 1-based column (in chars) of the error.
        column: usize,
        /// The key involved, when it can be told.
        key: Option<String>,
        /// The parser's description, e.g. `invalid type: string "ten", expected u32`.
        message: String,
    },
    /// A value parsed but is out of range or malformed.
    #[error("config key \"{key}\": {message}")]
    Invalid {
        /// The config key, as spelled in the file.
        key: &'static str,
        /// What is wrong and what is allowed.
        message: String,
    },
    /// `api_key_command` failed or printed nothing. `message` never holds its standard output.
    #[error("api_key_command `{command}` {message}")]
    KeyCommand {
        /// The command as configured.
        command: String,
        /// Exit status and the first line of standard error.
        message: String,
    },
    /// [`write_example`](super::write_example) found a file already there.
    #[error("{} already exists; not overwriting it (edit it, or move it away first)", path.display())]
    Exists {
        /// The existing file.
        path: PathBuf,
    },
    /// No home directory, so no default place for the config and data files.
    #[error("cannot find a home directory for the config and data files; pass --config")]
    NoDirs,
    /// A value inside a table is malformed: a key name in `[keys]`, a colour in `[theme]`.
    /// `path` is the dotted key path, e.g. `keys.browse.request_delete`.
    #[error("config key \"{path}\": {message}")]
    Setting {
        /// Dotted path of the key, as spelled in the file.
        path: String,
        /// What is wrong and what is allowed.
        message: String,
    },
    /// `--profile`, `POSTPOST_PROFILE` or `profile` names a profile the file does not define.
    #[error("unknown profile \"{name}\"; {}", KnownProfiles(known))]
    UnknownProfile {
        /// The name asked for.
        name: String,
        /// The `[profiles.NAME]` tables of the file, sorted.
        known: Vec<String>,
    },
}

/// `the config file defines: a, b` or `the config file defines no profiles`.
struct KnownProfiles<'a>(&'a [String]);

impl fmt::Display for KnownProfiles<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            write!(
                f,
                "the config file defines no profiles (add a [profiles.NAME] table)"
            )
        } else {
            write!(f, "the config file defines: {}", self.0.join(", "))
        }
    }
}

/// Displays `key "name": ` when a key is known, nothing otherwise.
struct KeyPrefix<'a>(Option<&'a str>);

impl fmt::Display for KeyPrefix<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(key) => write!(f, "key \"{key}\": "),
            None => Ok(()),
        }
    }
}
