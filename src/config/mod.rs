//! Settings from the config file, and where the app keeps its files. `main` finds the file
//! ([`Paths::discover`], or `POSTPOST_CONFIG` / `--config`), reads it with [`load_file`], lays the
//! chosen profile over the top-level keys ([`apply_profile`], issue 6 item 4), lets the
//! environment and flags override fields (file < profile < environment < flags), checks the
//! result with [`validate`], and resolves the API key with [`resolve_api_key`]. The resulting
//! [`Config`] is handed to the API client (base URL, key, user id, timeouts), the worker (page
//! size and concurrency) and the app (the typed-confirmation threshold, mouse, and the raw
//! `[keys]` and `[theme]` tables, which `app::keymap::Keymap` and `ui::Theme` turn into a keymap
//! and styles, issue 6 item 6). Nothing here touches the terminal.
//!
//! Every key is documented in `config.example.toml` at the repository root ([`EXAMPLE`]).

use std::collections::BTreeMap;
use std::fmt;
use std::fs;
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde::Deserialize;

use crate::secret::ApiKey;

/// The example config file, every key documented; `postpost config init` writes it.
/// Parses to exactly [`Config::default()`].
pub const EXAMPLE: &str = include_str!("../../config.example.toml");

/// Default API root, version prefix included (POSTPOST_API.md §1.1).
pub const DEFAULT_BASE_URL: &str = "https://api.postpost.dev/api/v1";

/// Largest page the API serves; larger `limit`s are clamped (POSTPOST_API.md §3.1).
pub const MAX_PAGE_SIZE: u32 = 100;

/// Settings read from the config file (TOML). Missing keys take their defaults; unknown keys are
/// an error. Durations are whole seconds, named `*_secs`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// API root including the version prefix, e.g. `https://api.postpost.dev/api/v1`.
    pub base_url: String,
    /// API key stored in the file. Discouraged: prefer `POSTPOST_API_KEY` or `api_key_command`.
    pub api_key: Option<ApiKey>,
    /// Shell command (run with `sh -c`) whose trimmed standard output is the API key.
    pub api_key_command: Option<String>,
    /// Managed workspace user to act as: the `x-postpost-user-id` header, 24 hex characters
    /// (POSTPOST_API.md §1.5).
    pub user_id: Option<String>,
    /// Posts per list request, `1..=100`.
    pub page_size: u32,
    /// List pages requested at once, at least 1.
    pub page_concurrency: usize,
    /// Delete requests in flight at once, at least 1.
    pub concurrency: usize,
    /// Bulk deletes of this many posts or more require typing the count (DESIGN §3).
    pub confirm_typed_threshold: usize,
    /// Connection (TCP + TLS) timeout in seconds, more than 0.
    pub connect_timeout_secs: u64,
    /// Whole-request timeout in seconds, more than 0.
    pub request_timeout_secs: u64,
    /// Allow plain `http://` to hosts other than loopback (sends the key unencrypted).
    pub allow_insecure_http: bool,
    /// Look, never change: no deleting (or other changing request) can be sent (issue 6).
    pub read_only: bool,
    /// The profile used when neither `--profile` nor `POSTPOST_PROFILE` names one (issue 6
    /// item 4). Must name a table of [`Config::profiles`].
    pub profile: Option<String>,
    /// Named accounts, `[profiles.NAME]`: each may override the account-level keys.
    pub profiles: BTreeMap<String, Profile>,
    /// Mouse support in the TUI (click, wheel; issue 6 item 6); flag `--no-mouse` turns it off.
    pub mouse: bool,
    /// Key overrides, `[keys.MODE] action = ["key", ...]`: mode and action names in snake_case
    /// (`keys.browse.request_delete`). Checked by `app::keymap::Keymap::with_overrides`.
    pub keys: KeyOverrides,
    /// Style overrides, `[theme]`; checked by `ui::Theme::from_config`.
    pub theme: ThemeConfig,
}

/// `[keys]`: mode name → action name → keys, as written in the file (issue 6 item 6).
pub type KeyOverrides = BTreeMap<String, BTreeMap<String, Vec<String>>>;

/// One `[profiles.NAME]` table: the account-level keys, each optional; a key left out keeps the
/// top-level value (issue 6 item 4). A profile that sets `api_key` or `api_key_command` replaces
/// both top-level key sources, so a top-level `api_key_command` cannot outrank the profile's key.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Profile {
    /// See [`Config::base_url`].
    pub base_url: Option<String>,
    /// See [`Config::api_key`].
    pub api_key: Option<ApiKey>,
    /// See [`Config::api_key_command`].
    pub api_key_command: Option<String>,
    /// See [`Config::user_id`].
    pub user_id: Option<String>,
    /// See [`Config::read_only`]; `true` makes every session of this profile read-only.
    pub read_only: Option<bool>,
    /// See [`Config::allow_insecure_http`].
    pub allow_insecure_http: Option<bool>,
}

/// `[theme]`: an optional preset, then per-style overrides by the style's name in `ui::Theme`
/// (e.g. `cursor = { fg = "black", bg = "#ffaf00", bold = true }`; issue 6 item 6).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct ThemeConfig {
    /// `"default"` (colours) or `"mono"` (no colours, only bold, reverse and underline). The
    /// `NO_COLOR` environment variable picks `"mono"` when this is unset.
    pub preset: Option<String>,
    /// Style name → override, applied over the preset.
    #[serde(flatten)]
    pub styles: BTreeMap<String, StyleSpec>,
}

/// One style override: colours by name (`"red"`, `"dark_gray"`, `"reset"`), `"#rrggbb"` or a
/// 256-colour index (`"208"`); each modifier `true` adds it, `false` removes it; anything left
/// out keeps the preset's value.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct StyleSpec {
    /// Foreground colour.
    pub fg: Option<String>,
    /// Background colour.
    pub bg: Option<String>,
    /// Bold.
    pub bold: Option<bool>,
    /// Dim.
    pub dim: Option<bool>,
    /// Italic.
    pub italic: Option<bool>,
    /// Underlined.
    pub underlined: Option<bool>,
    /// Reversed colours.
    pub reversed: Option<bool>,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            base_url: DEFAULT_BASE_URL.to_owned(),
            api_key: None,
            api_key_command: None,
            user_id: None,
            page_size: MAX_PAGE_SIZE,
            page_concurrency: 4,
            concurrency: 8,
            confirm_typed_threshold: 20,
            connect_timeout_secs: 5,
            request_timeout_secs: 30,
            allow_insecure_http: false,
            read_only: false,
            profile: None,
            profiles: BTreeMap::new(),
            mouse: true,
            keys: KeyOverrides::new(),
            theme: ThemeConfig::default(),
        }
    }
}

impl Config {
    /// The profile to use: `chosen` (`--profile` or `POSTPOST_PROFILE`), else the file's
    /// `profile` key, else none.
    pub fn profile_name<'a>(&'a self, chosen: Option<&'a str>) -> Option<&'a str> {
        chosen.or(self.profile.as_deref())
    }
}

/// Lays the profile `name` over the top-level keys of `config` (issue 6 item 4): each key the
/// profile sets replaces the top-level one (see [`Profile`] for the API key). `None` leaves the
/// config as it is. The environment and flags are laid over the result by the caller.
///
/// # Errors
/// [`ConfigError::UnknownProfile`] when `name` is not a `[profiles.NAME]` table, listing the
/// names that are.
pub fn apply_profile(mut config: Config, name: Option<&str>) -> Result<Config, ConfigError> {
    let Some(name) = name else {
        return Ok(config);
    };
    let Some(profile) = config.profiles.get(name).cloned() else {
        return Err(ConfigError::UnknownProfile {
            name: name.to_owned(),
            known: config.profiles.keys().cloned().collect(),
        });
    };
    if let Some(base_url) = profile.base_url {
        config.base_url = base_url;
    }
    if profile.api_key.is_some() || profile.api_key_command.is_some() {
        config.api_key = profile.api_key;
        config.api_key_command = profile.api_key_command;
    }
    if let Some(user_id) = profile.user_id {
        config.user_id = Some(user_id);
    }
    if let Some(read_only) = profile.read_only {
        config.read_only = read_only;
    }
    if let Some(allow) = profile.allow_insecure_http {
        config.allow_insecure_http = allow;
    }
    Ok(config)
}

/// Where the app keeps its files, from the platform's conventions (XDG on Linux).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paths {
    /// The config file: `<config dir>/config.toml`.
    pub config_file: PathBuf,
    /// Durable data (the journal).
    pub data_dir: PathBuf,
    /// Logs and other state; the local data dir on platforms without a state dir.
    pub state_dir: PathBuf,
    /// `state_dir/postpost.log`.
    pub log_file: PathBuf,
    /// `data_dir/journal.jsonl`: one JSON record per line.
    pub journal_file: PathBuf,
}

impl Paths {
    /// Finds the directories for qualifier `dev`, organisation `postpost`, application
    /// `postpost`.
    ///
    /// # Errors
    /// [`ConfigError::NoDirs`] when no home directory can be found.
    pub fn discover() -> Result<Paths, ConfigError> {
        let dirs = directories::ProjectDirs::from("dev", "postpost", "postpost")
            .ok_or(ConfigError::NoDirs)?;
        let data_dir = dirs.data_dir().to_path_buf();
        let state_dir = dirs
            .state_dir()
            .unwrap_or_else(|| dirs.data_local_dir())
            .to_path_buf();
        Ok(Paths {
            config_file: dirs.config_dir().join("config.toml"),
            log_file: state_dir.join("postpost.log"),
            journal_file: data_dir.join("journal.jsonl"),
            data_dir,
            state_dir,
        })
    }
}

/// Why the configuration could not be loaded, checked or completed.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// Reading or writing a file failed.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or directory involved.
        path: PathBuf,
        /// The underlying error.
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
    /// [`write_example`] found a file already there.
    #[error("{} already exists; not overwriting it (edit it, or move it away first)", path.display())]
    Exists {
        /// The existing file.
        path: PathBuf,
    },
    /// No home directory, so no default place for the config and data files.
    #[error("cannot find a home directory for the config and data files; pass --config")]
    NoDirs,
    /// A value inside a table is malformed: a key name in `[keys]`, a colour in `[theme]`.
    /// `path` is the dotted key path, e.g. `keys.browse.request_delete` (issue 6 item 6).
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

/// Reads and parses the config file at `path`.
///
/// A missing file gives [`Config::default()`] unless `must_exist` (set when the user named the
/// file with `--config` or `POSTPOST_CONFIG`). Does not [`validate`].
///
/// # Errors
/// [`ConfigError::Io`] when the file cannot be read (or is missing and `must_exist`),
/// [`ConfigError::Parse`] when it is not a valid config.
pub fn load_file(path: &Path, must_exist: bool) -> Result<Config, ConfigError> {
    match fs::read_to_string(path) {
        Ok(text) => parse_str(&text, path),
        Err(error) if error.kind() == io::ErrorKind::NotFound && !must_exist => {
            Ok(Config::default())
        }
        Err(source) => Err(ConfigError::Io {
            path: path.to_path_buf(),
            source,
        }),
    }
}

/// Parses config text; `path` only names the source in errors.
///
/// # Errors
/// [`ConfigError::Parse`] with the 1-based line and column, and the key when it can be told.
pub fn parse_str(text: &str, path: &Path) -> Result<Config, ConfigError> {
    toml::from_str(text).map_err(|error| parse_error(text, path, &error))
}

fn parse_error(text: &str, path: &Path, error: &toml::de::Error) -> ConfigError {
    let offset = error.span().map_or(0, |span| span.start.min(text.len()));
    let line_start = text[..offset].rfind('\n').map_or(0, |index| index + 1);
    let line_end = text[offset..]
        .find('\n')
        .map_or(text.len(), |index| offset + index);
    let line = text[..line_start].matches('\n').count() + 1;
    let column = text
        .get(line_start..offset)
        .map_or(0, |before| before.chars().count())
        + 1;
    let message = error.message().trim().to_owned();
    let key = key_from_message(&message).or_else(|| key_from_line(&text[line_start..line_end]));
    ConfigError::Parse {
        path: path.to_path_buf(),
        line,
        column,
        key,
        message,
    }
}

/// serde names unknown fields as ``unknown field `name`, expected ...``.
fn key_from_message(message: &str) -> Option<String> {
    let rest = message.strip_prefix("unknown field `")?;
    let end = rest.find('`')?;
    Some(rest[..end].to_owned())
}

/// The key of a `key = value` line, or the name of a `[table]` header.
fn key_from_line(line: &str) -> Option<String> {
    let line = line.trim();
    let raw = if let Some(header) = line.strip_prefix('[') {
        header.trim_start_matches('[').split(']').next()?
    } else {
        line.split_once('=')?.0
    };
    let key = raw.trim().trim_matches(|c| c == '"' || c == '\'');
    let plausible = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'));
    plausible.then(|| key.to_owned())
}

/// The API key to use, from (highest first) the environment, `api_key_command`, or `api_key`.
///
/// `env_key` is `POSTPOST_API_KEY`; empty or whitespace-only counts as unset. The command runs
/// with `sh -c`, standard input inherited (so a password manager can prompt) and its output
/// captured; its trimmed standard output is the key. `Ok(None)` when no source gives a key.
///
/// # Errors
/// [`ConfigError::KeyCommand`] when the command cannot start, exits unsuccessfully, prints
/// nothing, or prints something other than UTF-8. The message names the exit status and the first
/// line of standard error, never standard output.
pub fn resolve_api_key(
    config: &Config,
    env_key: Option<String>,
) -> Result<Option<ApiKey>, ConfigError> {
    if let Some(key) = env_key.map(ApiKey::new).filter(|key| !key.is_empty()) {
        return Ok(Some(key));
    }
    if let Some(command) = config.api_key_command.as_deref() {
        return run_key_command(command).map(Some);
    }
    Ok(config.api_key.clone().filter(|key| !key.is_empty()))
}

/// How long `api_key_command` may run (it may ask for a password on the terminal).
const KEY_COMMAND_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(60);

fn run_key_command(command: &str) -> Result<ApiKey, ConfigError> {
    let failure = |message: String| ConfigError::KeyCommand {
        command: command.to_owned(),
        message,
    };
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(command)
        .stdin(Stdio::inherit())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|error| failure(format!("could not start: {error}")))?;
    // Read both pipes on threads so a chatty command cannot block on a full pipe, and give up
    // after KEY_COMMAND_TIMEOUT so a command that hangs cannot freeze start-up.
    let read = |pipe: Option<Box<dyn std::io::Read + Send>>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut bytes);
            }
            bytes
        })
    };
    let stdout_reader = read(
        child
            .stdout
            .take()
            .map(|p| Box::new(p) as Box<dyn std::io::Read + Send>),
    );
    let stderr_reader = read(
        child
            .stderr
            .take()
            .map(|p| Box::new(p) as Box<dyn std::io::Read + Send>),
    );
    let started = std::time::Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() >= KEY_COMMAND_TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(failure(format!(
                    "did not finish within {} s",
                    KEY_COMMAND_TIMEOUT.as_secs()
                )));
            }
            Ok(None) => std::thread::sleep(std::time::Duration::from_millis(20)),
            Err(error) => return Err(failure(format!("could not wait for it: {error}"))),
        }
    };
    let output = std::process::Output {
        status,
        stdout: stdout_reader.join().unwrap_or_default(),
        stderr: stderr_reader.join().unwrap_or_default(),
    };
    let stderr = String::from_utf8_lossy(&output.stderr);
    let first_stderr_line = stderr.lines().map(str::trim).find(|line| !line.is_empty());
    let stderr_note =
        first_stderr_line.map_or_else(String::new, |line| format!("; stderr: {line}"));
    if !output.status.success() {
        return Err(failure(format!("failed ({}){stderr_note}", output.status)));
    }
    let stdout = String::from_utf8(output.stdout).map_err(|_| {
        failure(format!(
            "printed a key that is not UTF-8 ({})",
            output.status
        ))
    })?;
    let key = ApiKey::new(stdout);
    if key.is_empty() {
        return Err(failure(format!(
            "printed no key ({}){stderr_note}",
            output.status
        )));
    }
    Ok(key)
}

/// Writes [`EXAMPLE`] to `path`, creating parent directories. On unix the file is created with
/// mode `0o600`, since the user may put a key in it.
///
/// # Errors
/// [`ConfigError::Exists`] when `path` already exists (it is never overwritten),
/// [`ConfigError::Io`] for other failures.
pub fn write_example(path: &Path) -> Result<(), ConfigError> {
    let io_error = |path: &Path| {
        let path = path.to_path_buf();
        move |source| ConfigError::Io { path, source }
    };
    if let Some(parent) = path
        .parent()
        .filter(|parent| !parent.as_os_str().is_empty())
    {
        fs::create_dir_all(parent).map_err(io_error(parent))?;
    }
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600);
    }
    let mut file = match options.open(path) {
        Ok(file) => file,
        Err(error) if error.kind() == io::ErrorKind::AlreadyExists => {
            return Err(ConfigError::Exists {
                path: path.to_path_buf(),
            });
        }
        Err(source) => return Err(io_error(path)(source)),
    };
    file.write_all(EXAMPLE.as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(io_error(path))
}

/// A warning when the file at `path` holds an API key (`config.api_key` is set) and group or
/// others may read it; `None` otherwise, when the file cannot be inspected, and off unix.
pub fn permission_warning(path: &Path, config: &Config) -> Option<String> {
    let holds_key = config.api_key.is_some()
        || config
            .profiles
            .values()
            .any(|profile| profile.api_key.is_some());
    if !holds_key {
        return None;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = fs::metadata(path).ok()?.permissions().mode() & 0o7777;
        if mode & 0o077 != 0 {
            let shown = path.display();
            return Some(format!(
                "config file {shown} holds an API key and is readable by group or others \
                 (mode {mode:04o}); run chmod 600 {shown}"
            ));
        }
    }
    #[cfg(not(unix))]
    let _ = path;
    None
}

/// Checks ranges and formats that serde cannot.
///
/// `page_size` in `1..=100`; `page_concurrency` and `concurrency` at least 1; timeouts more than
/// 0; `base_url` an `http://` or `https://` URL with a host, where plain `http://` needs a
/// loopback host (`localhost`, `127.0.0.1`, `[::1]`) or `allow_insecure_http`; `user_id` 24 hex
/// characters when set; `api_key_command` not blank when set.
///
/// # Errors
/// The first [`ConfigError::Invalid`] found, naming the key.
pub fn validate(config: &Config) -> Result<(), ConfigError> {
    let invalid = |key: &'static str, message: String| Err(ConfigError::Invalid { key, message });
    if !(1..=MAX_PAGE_SIZE).contains(&config.page_size) {
        return invalid(
            "page_size",
            format!(
                "{} is out of range; use 1 to {MAX_PAGE_SIZE}",
                config.page_size
            ),
        );
    }
    if config.page_concurrency == 0 {
        return invalid("page_concurrency", "must be at least 1".to_owned());
    }
    if config.concurrency == 0 {
        return invalid("concurrency", "must be at least 1".to_owned());
    }
    if config.connect_timeout_secs == 0 {
        return invalid(
            "connect_timeout_secs",
            "must be more than 0 seconds".to_owned(),
        );
    }
    if config.request_timeout_secs == 0 {
        return invalid(
            "request_timeout_secs",
            "must be more than 0 seconds".to_owned(),
        );
    }
    check_base_url(&config.base_url, config.allow_insecure_http)
        .or_else(|message| invalid("base_url", message))?;
    if let Some(user_id) = config
        .user_id
        .as_ref()
        .filter(|id| !(id.len() == 24 && id.bytes().all(|b| b.is_ascii_hexdigit())))
    {
        return invalid(
            "user_id",
            format!("\"{user_id}\" is not 24 hexadecimal characters"),
        );
    }
    if config
        .api_key_command
        .as_ref()
        .is_some_and(|command| command.trim().is_empty())
    {
        return invalid(
            "api_key_command",
            "is empty; remove the key or give a command".to_owned(),
        );
    }
    Ok(())
}

/// The message says what is wrong with `url`; it is shown after `config key "base_url": `.
fn check_base_url(url: &str, allow_insecure_http: bool) -> Result<(), String> {
    let (rest, secure) = if let Some(rest) = url.strip_prefix("https://") {
        (rest, true)
    } else if let Some(rest) = url.strip_prefix("http://") {
        (rest, false)
    } else {
        return Err(format!("\"{url}\" must start with https:// or http://"));
    };
    if url.chars().any(char::is_whitespace) {
        return Err(format!("\"{url}\" contains whitespace"));
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = host_of(authority);
    if host.is_empty() {
        return Err(format!("\"{url}\" has no host"));
    }
    if !secure && !allow_insecure_http && !matches!(host, "localhost" | "127.0.0.1" | "[::1]") {
        return Err(format!(
            "\"{url}\" would send the API key unencrypted; use https://, or set \
             allow_insecure_http = true (flag --allow-insecure-http)"
        ));
    }
    Ok(())
}

/// `host` from `user@host:port`; IPv6 literals keep their brackets.
fn host_of(authority: &str) -> &str {
    let host_port = authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host);
    if host_port.starts_with('[') {
        return host_port
            .find(']')
            .map_or(host_port, |end| &host_port[..=end]);
    }
    host_port.split(':').next().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, ConfigError> {
        parse_str(text, Path::new("/home/u/.config/postpost/config.toml"))
    }

    fn parse_err(text: &str) -> (usize, usize, Option<String>, String, String) {
        let error = parse(text).expect_err("should not parse");
        let shown = error.to_string();
        match error {
            ConfigError::Parse {
                line,
                column,
                key,
                message,
                ..
            } => (line, column, key, message, shown),
            other => panic!("expected a parse error, got {other:?}"),
        }
    }

    /// The field names serde knows for `Config`, read from its `Deserialize` impl, so a new
    /// field cannot be forgotten in the example.
    fn config_field_names() -> &'static [&'static str] {
        use serde::de::value::Error;
        use serde::de::{Deserializer, Visitor};

        struct Recorder(&'static [&'static str]);
        impl<'de> Deserializer<'de> for &mut Recorder {
            type Error = Error;
            fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Error> {
                Err(serde::de::Error::custom("recording only"))
            }
            fn deserialize_struct<V: Visitor<'de>>(
                self,
                _: &'static str,
                fields: &'static [&'static str],
                _: V,
            ) -> Result<V::Value, Error> {
                self.0 = fields;
                Err(serde::de::Error::custom("recording only"))
            }
            serde::forward_to_deserialize_any! {
                bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
                byte_buf option unit unit_struct newtype_struct seq tuple tuple_struct map enum
                identifier ignored_any
            }
        }
        let mut recorder = Recorder(&[]);
        let _ = Config::deserialize(&mut recorder);
        recorder.0
    }

    #[test]
    fn example_parses_to_the_defaults() {
        let parsed = parse(EXAMPLE).expect("example parses");
        assert_eq!(parsed, Config::default());
        validate(&parsed).expect("defaults are valid");
    }

    #[test]
    fn example_documents_every_field() {
        let fields = config_field_names();
        assert_eq!(fields.len(), 17, "{fields:?}");
        let lines: Vec<&str> = EXAMPLE.lines().collect();
        for field in fields {
            // `field = ...`, or a `[field]` / `[field.NAME]` table header.
            let at = lines
                .iter()
                .position(|line| {
                    let line = line.trim_start_matches(['#', ' ']);
                    line.strip_prefix(field)
                        .is_some_and(|rest| rest.trim_start().starts_with('='))
                        || line
                            .strip_prefix('[')
                            .and_then(|rest| rest.strip_prefix(field))
                            .is_some_and(|rest| rest.starts_with([']', '.']))
                })
                .unwrap_or_else(|| panic!("{field} missing from config.example.toml"));
            assert!(
                at > 0 && lines[at - 1].starts_with('#'),
                "{field} has no comment above it"
            );
        }
        for secret in ["api_key", "api_key_command", "user_id"] {
            assert!(EXAMPLE.contains(&format!("\n# {secret} = ")), "{secret}");
        }
        for variable in [
            "POSTPOST_API_KEY",
            "POSTPOST_BASE_URL",
            "POSTPOST_USER_ID",
            "POSTPOST_CONFIG",
            "POSTPOST_PROFILE",
            "NO_COLOR",
        ] {
            assert!(EXAMPLE.contains(variable), "{variable}");
        }
    }

    #[test]
    fn partial_file_keeps_other_defaults() {
        let config = parse("page_size = 50\napi_key = \"sk_abc\\n\"\n").expect("parses");
        assert_eq!(config.page_size, 50);
        assert_eq!(config.api_key.as_ref().map(ApiKey::expose), Some("sk_abc"));
        assert_eq!(config.concurrency, Config::default().concurrency);
        assert!(!format!("{config:?}").contains("sk_abc"));
    }

    #[test]
    fn wrong_type_names_file_line_column_and_key() {
        let (line, column, key, message, shown) =
            parse_err("base_url = \"https://x.dev\"\n\npage_size = \"ten\"\n");
        assert_eq!((line, column), (3, 13));
        assert_eq!(key.as_deref(), Some("page_size"));
        assert!(
            message.contains("invalid type: string \"ten\""),
            "{message}"
        );
        assert!(message.contains("u32"), "{message}");
        assert!(
            shown.starts_with("/home/u/.config/postpost/config.toml:3:13: key \"page_size\": "),
            "{shown}"
        );
    }

    #[test]
    fn bad_toml_names_line_column_and_key() {
        let (line, column, key, _message, shown) = parse_err("concurrency = 3\ntimeout = = 4\n");
        assert_eq!(line, 2);
        assert!(column > 1, "{column}");
        assert_eq!(key.as_deref(), Some("timeout"));
        assert!(
            shown.starts_with(&format!(
                "/home/u/.config/postpost/config.toml:2:{column}: key \"timeout\""
            )),
            "{shown}"
        );
        let (line, _, _, _, _) = parse_err("page_size = 10\nbase_url = \"unterminated\n");
        assert_eq!(line, 2);
    }

    #[test]
    fn unknown_key_is_named() {
        let (line, column, key, message, shown) = parse_err("page_size = 10\n  pagesize = 10\n");
        assert_eq!((line, column), (2, 3));
        assert_eq!(key.as_deref(), Some("pagesize"));
        assert!(message.contains("unknown field"), "{message}");
        assert!(
            shown.contains(":2:3: key \"pagesize\": unknown field"),
            "{shown}"
        );
        let (_, _, key, _, _) = parse_err("[profile]\nx = 1\n");
        assert_eq!(key.as_deref(), Some("profile"));
        let (line, _, key, message, _) = parse_err("[profiles.work]\nbase_ur = \"x\"\n");
        assert_eq!(line, 2);
        assert_eq!(key.as_deref(), Some("base_ur"), "{message}");
    }

    #[test]
    fn missing_file_gives_defaults_unless_required() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("nope.toml");
        assert_eq!(
            load_file(&path, false).expect("defaults"),
            Config::default()
        );
        let error = load_file(&path, true).expect_err("required file is missing");
        assert!(matches!(error, ConfigError::Io { .. }), "{error:?}");
        assert!(error.to_string().contains("nope.toml"), "{error}");
    }

    #[test]
    fn load_file_reads_and_reports_path() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("config.toml");
        fs::write(&path, "concurrency = 2\n").expect("write");
        assert_eq!(load_file(&path, true).expect("loads").concurrency, 2);
        fs::write(&path, "concurrency = -2\n").expect("write");
        let error = load_file(&path, true).expect_err("negative");
        assert!(
            error
                .to_string()
                .starts_with(&format!("{}:1:15: key \"concurrency\"", path.display())),
            "{error}"
        );
    }

    fn with_command(command: &str) -> Config {
        Config {
            api_key_command: Some(command.to_owned()),
            api_key: Some(ApiKey::new("from_file")),
            ..Config::default()
        }
    }

    fn resolved(config: &Config, env: Option<&str>) -> Option<String> {
        resolve_api_key(config, env.map(str::to_owned))
            .expect("resolves")
            .map(|key| key.expose().to_owned())
    }

    #[test]
    fn key_command_output_is_the_key() {
        let config = with_command("printf 'sk_from_command\\n'");
        assert_eq!(resolved(&config, None).as_deref(), Some("sk_from_command"));
    }

    #[test]
    fn key_command_failure_names_status_and_stderr_not_stdout() {
        let config = with_command(
            "printf 'sk_%s\\n' leaked; printf 'vault is locked\\nsecond_%s\\n' line >&2; exit 3",
        );
        let error = resolve_api_key(&config, None).expect_err("fails");
        let shown = error.to_string();
        assert!(matches!(error, ConfigError::KeyCommand { .. }), "{error:?}");
        assert!(shown.contains('3'), "{shown}");
        assert!(shown.contains("vault is locked"), "{shown}");
        assert!(!shown.contains("second_line"), "{shown}");
        assert!(!shown.contains("sk_leaked"), "{shown}");
        assert!(shown.contains("exit 3"), "names the command: {shown}");
    }

    #[test]
    fn key_command_with_empty_output_is_an_error() {
        let error = resolve_api_key(&with_command("printf '  \\n'"), None).expect_err("empty");
        assert!(error.to_string().contains("printed no key"), "{error}");
    }

    #[test]
    fn environment_wins_then_command_then_file() {
        let config = with_command("echo sk_command");
        assert_eq!(
            resolved(&config, Some("sk_env\n")).as_deref(),
            Some("sk_env")
        );
        assert_eq!(resolved(&config, Some("  ")).as_deref(), Some("sk_command"));
        assert_eq!(resolved(&config, None).as_deref(), Some("sk_command"));
        let file_only = Config {
            api_key_command: None,
            ..config
        };
        assert_eq!(resolved(&file_only, Some("")).as_deref(), Some("from_file"));
        assert_eq!(resolved(&Config::default(), None), None);
    }

    #[cfg(unix)]
    #[test]
    fn permission_warning_for_readable_file_with_key() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("config.toml");
        fs::write(&path, "api_key = \"sk\"\n").expect("write");
        let with_key = load_file(&path, true).expect("loads");

        fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).expect("chmod");
        let warning = permission_warning(&path, &with_key).expect("warns");
        let shown = path.display().to_string();
        assert_eq!(
            warning,
            format!(
                "config file {shown} holds an API key and is readable by group or others \
                 (mode 0644); run chmod 600 {shown}"
            )
        );
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).expect("chmod");
        assert!(permission_warning(&path, &with_key).is_some());

        fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).expect("chmod");
        assert_eq!(permission_warning(&path, &with_key), None);
        fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).expect("chmod");
        assert_eq!(permission_warning(&path, &Config::default()), None);
    }

    #[test]
    fn write_example_creates_dirs_and_refuses_to_overwrite() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("a/b/config.toml");
        write_example(&path).expect("writes");
        assert_eq!(fs::read_to_string(&path).expect("reads"), EXAMPLE);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = fs::metadata(&path).expect("stat").permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        fs::write(&path, "page_size = 7\n").expect("write");
        let error = write_example(&path).expect_err("exists");
        assert!(matches!(error, ConfigError::Exists { .. }), "{error:?}");
        assert!(error.to_string().contains("already exists"), "{error}");
        assert_eq!(fs::read_to_string(&path).expect("reads"), "page_size = 7\n");
    }

    fn invalid_key(config: &Config) -> &'static str {
        match validate(config) {
            Err(ConfigError::Invalid { key, .. }) => key,
            other => panic!("expected Invalid, got {other:?}"),
        }
    }

    #[test]
    fn validate_rejects_out_of_range_values() {
        let base = Config::default();
        for (config, key) in [
            (
                Config {
                    page_size: 0,
                    ..base.clone()
                },
                "page_size",
            ),
            (
                Config {
                    page_size: 101,
                    ..base.clone()
                },
                "page_size",
            ),
            (
                Config {
                    page_concurrency: 0,
                    ..base.clone()
                },
                "page_concurrency",
            ),
            (
                Config {
                    concurrency: 0,
                    ..base.clone()
                },
                "concurrency",
            ),
            (
                Config {
                    connect_timeout_secs: 0,
                    ..base.clone()
                },
                "connect_timeout_secs",
            ),
            (
                Config {
                    request_timeout_secs: 0,
                    ..base.clone()
                },
                "request_timeout_secs",
            ),
            (
                Config {
                    user_id: Some("abc".to_owned()),
                    ..base.clone()
                },
                "user_id",
            ),
            (
                Config {
                    user_id: Some("0123456789abcdef0123456g".to_owned()),
                    ..base.clone()
                },
                "user_id",
            ),
            (
                Config {
                    api_key_command: Some(" ".to_owned()),
                    ..base.clone()
                },
                "api_key_command",
            ),
        ] {
            assert_eq!(invalid_key(&config), key);
        }
        let ok = Config {
            page_size: 1,
            user_id: Some("0123456789abcdefABCDEF01".to_owned()),
            ..base
        };
        validate(&ok).expect("valid");
    }

    #[test]
    fn validate_checks_base_url() {
        let with_url = |url: &str, insecure: bool| Config {
            base_url: url.to_owned(),
            allow_insecure_http: insecure,
            ..Config::default()
        };
        for url in [
            "https://api.postpost.dev/api/v1",
            "http://127.0.0.1:8787/api/v1",
            "http://localhost:1234",
            "http://[::1]:80/api/v1",
            "https://user@host.example:8443/x",
        ] {
            validate(&with_url(url, false)).unwrap_or_else(|e| panic!("{url}: {e}"));
        }
        for url in [
            "ftp://x",
            "api.postpost.dev",
            "https://",
            "https:///api",
            "https://a b",
        ] {
            assert_eq!(invalid_key(&with_url(url, false)), "base_url", "{url}");
        }
        let remote_http = with_url("http://api.example.com/api/v1", false);
        let error = validate(&remote_http).expect_err("insecure");
        assert!(error.to_string().contains("allow_insecure_http"), "{error}");
        validate(&with_url("http://api.example.com/api/v1", true)).expect("allowed");
    }

    #[test]
    fn paths_follow_the_layout() {
        let Ok(paths) = Paths::discover() else {
            return; // no home directory in this environment
        };
        assert!(paths.config_file.ends_with("config.toml"));
        assert_eq!(paths.log_file, paths.state_dir.join("postpost.log"));
        assert_eq!(paths.journal_file, paths.data_dir.join("journal.jsonl"));
    }

    const PROFILES: &str = r#"
base_url = "https://api.postpost.dev/api/v1"
api_key_command = "echo sk_top"
user_id = "0123456789abcdef01234567"
profile = "work"

[profiles.work]
api_key = "sk_work"

[profiles.audit]
base_url = "https://audit.example/api/v1"
read_only = true
user_id = "aaaaaaaaaaaaaaaaaaaaaaaa"
"#;

    #[test]
    fn profiles_parse_and_lay_over_the_top_level_keys() {
        let config = parse(PROFILES).expect("parses");
        assert_eq!(
            config.profiles.keys().collect::<Vec<_>>(),
            ["audit", "work"]
        );
        // No choice on the command line: the file's `profile` key picks "work".
        let work = apply_profile(config.clone(), config.profile_name(None)).expect("work");
        assert_eq!(work.base_url, DEFAULT_BASE_URL);
        assert_eq!(work.api_key.as_ref().map(ApiKey::expose), Some("sk_work"));
        assert_eq!(
            work.api_key_command, None,
            "the profile's key outranks the top-level command"
        );
        assert_eq!(work.user_id.as_deref(), Some("0123456789abcdef01234567"));
        assert!(!work.read_only);
        // --profile audit wins over the file's choice.
        let audit =
            apply_profile(config.clone(), config.profile_name(Some("audit"))).expect("audit");
        assert_eq!(audit.base_url, "https://audit.example/api/v1");
        assert!(audit.read_only);
        assert_eq!(audit.user_id.as_deref(), Some("aaaaaaaaaaaaaaaaaaaaaaaa"));
        assert_eq!(audit.api_key_command.as_deref(), Some("echo sk_top"));
        validate(&audit).expect("valid");
        // No profile at all: the top-level keys as written.
        let plain = Config {
            profile: None,
            ..config
        };
        let none = apply_profile(plain.clone(), plain.profile_name(None)).expect("none");
        assert_eq!(none, plain);
    }

    #[test]
    fn an_unknown_profile_names_the_known_ones() {
        let config = parse(PROFILES).expect("parses");
        let error = apply_profile(config, Some("wrok")).expect_err("unknown");
        assert_eq!(
            error.to_string(),
            "unknown profile \"wrok\"; the config file defines: audit, work"
        );
        let error = apply_profile(Config::default(), Some("x")).expect_err("none defined");
        assert!(error.to_string().contains("defines no profiles"), "{error}");
        let (_, _, key, message, _) = parse_err("[profiles.x]\nread_only = \"yes\"\n");
        assert_eq!(key.as_deref(), Some("read_only"), "{message}");
    }

    #[test]
    fn keys_theme_and_mouse_parse_raw() {
        let config = parse(
            "mouse = false\n[keys.browse]\nrequest_delete = [\"X\", \"ctrl-x\"]\n\
             [theme]\npreset = \"mono\"\ncursor = { fg = \"black\", bg = \"#ffaf00\", bold = true }\n",
        )
        .expect("parses");
        assert!(!config.mouse);
        assert_eq!(
            config.keys["browse"]["request_delete"],
            vec!["X".to_owned(), "ctrl-x".to_owned()]
        );
        assert_eq!(config.theme.preset.as_deref(), Some("mono"));
        assert_eq!(
            config.theme.styles["cursor"],
            StyleSpec {
                fg: Some("black".into()),
                bg: Some("#ffaf00".into()),
                bold: Some(true),
                ..StyleSpec::default()
            }
        );
        let (_, _, _, message, _) = parse_err("[keys.browse]\nquit = \"q\"\n");
        assert!(message.contains("invalid type"), "{message}");
    }
}
