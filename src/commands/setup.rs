//! What `main` needs before the TUI or a command can run: the tokio runtime, logging (to a
//! file while the TUI owns the terminal, never to the screen), the config with its profile laid
//! under the environment and the flags, the keymap and theme from the config ([`looks`]), the API
//! key, and the refusal of unsafe base URLs. Every failure here is a [`StartupError`] with the
//! exit code of DESIGN §4.

use std::path::Path;
use std::time::Duration;

use super::exit::Exit;
use crate::api::client::{ApiClient, ClientOptions, is_loopback_url};
use crate::app::keymap::{Clash, Keymap};
use crate::cli::GlobalArgs;
use crate::config::{self, Config, ConfigError, Paths};
use crate::secret::ApiKey;
use crate::tui::TuiError;
use crate::ui::Theme;
use crate::worker::{JobOptions, WorkerOptions};

/// Why the program could not start or run.
#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    /// Config file or value problems (exit 2).
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// A usage problem, e.g. an insecure URL (exit 2).
    #[error("{0}")]
    Usage(String),
    /// No API key anywhere (exit 3).
    #[error(
        "no API key: set POSTPOST_API_KEY, or api_key / api_key_command in the config file ({0}); try `postpost demo` to explore without an account"
    )]
    NoKey(String),
    /// The TUI itself failed.
    #[error(transparent)]
    Tui(#[from] TuiError),
    /// Anything else from the system (exit 1).
    #[error("{0}")]
    Io(String),
}

impl StartupError {
    /// The process exit code (DESIGN §4).
    pub fn exit_code(&self) -> Exit {
        match self {
            Self::Config(_) | Self::Usage(_) | Self::Tui(TuiError::NotATerminal) => Exit::Usage,
            Self::NoKey(_) => Exit::Auth,
            Self::Tui(TuiError::Io(_) | TuiError::Panicked) | Self::Io(_) => Exit::Failed,
        }
    }
}

/// A multi-threaded tokio runtime.
///
/// # Errors
/// [`StartupError::Io`] when the runtime cannot start.
pub fn runtime() -> Result<tokio::runtime::Runtime, StartupError> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|error| StartupError::Io(format!("cannot start the async runtime: {error}")))
}

/// Log level for `-v` counts: jobs and errors by default, each request with `-v`.
fn level(verbose: u8) -> &'static str {
    match verbose {
        0 => "info",
        1 => "debug",
        _ => "trace",
    }
}

/// The log filter: `POSTPOST_LOG` when set (a level such as `debug` applies to this crate;
/// anything else is a `tracing` filter such as `postpost_tui=trace,reqwest=debug`), else the
/// level of `-v`.
fn log_filter(verbose: u8) -> tracing_subscriber::EnvFilter {
    let default = || tracing_subscriber::EnvFilter::new(format!("postpost_tui={}", level(verbose)));
    match std::env::var("POSTPOST_LOG") {
        Ok(spec) if !spec.trim().is_empty() => {
            let spec = spec.trim();
            let spec = if ["error", "warn", "info", "debug", "trace", "off"]
                .contains(&spec.to_ascii_lowercase().as_str())
            {
                format!("postpost_tui={spec}")
            } else {
                spec.to_owned()
            };
            tracing_subscriber::EnvFilter::try_new(spec).unwrap_or_else(|_| default())
        }
        _ => default(),
    }
}

/// True when `POSTPOST_LOG` asks for logging.
pub fn log_env_set() -> bool {
    std::env::var("POSTPOST_LOG").is_ok_and(|spec| !spec.trim().is_empty())
}

/// A log file at least this big is rotated when a command starts.
const LOG_ROTATE_BYTES: u64 = 5 * 1024 * 1024;
/// Rotated logs kept beside the current one: `postpost.log.1` (newest) … `.3`.
const LOG_FILES_KEPT: u32 = 3;

/// Rotates `path` when it has grown to [`LOG_ROTATE_BYTES`]: `.2` becomes `.3` (the oldest is
/// dropped), `.1` becomes `.2`, the log becomes `.1`. Errors leave the files as they are.
fn rotate_log(path: &Path) {
    if std::fs::metadata(path).map_or(true, |meta| meta.len() < LOG_ROTATE_BYTES) {
        return;
    }
    let numbered = |n: u32| {
        let mut name = path.as_os_str().to_owned();
        name.push(format!(".{n}"));
        std::path::PathBuf::from(name)
    };
    let _ = std::fs::remove_file(numbered(LOG_FILES_KEPT));
    for n in (1..LOG_FILES_KEPT).rev() {
        let _ = std::fs::rename(numbered(n), numbered(n + 1));
    }
    let _ = std::fs::rename(path, numbered(1));
}

/// Logs to the log file in the state dir (the TUI owns the terminal), created 0600 and rotated
/// at start-up when it is big ([`rotate_log`]). Returns the file's path, or `None` when it
/// cannot be opened (then nothing is logged).
pub fn init_file_logging(paths: &Paths, verbose: u8) -> Option<String> {
    rotate_log(&paths.log_file);
    let file = crate::worker::private::open_append(&paths.log_file).ok()?;
    let filter = log_filter(verbose);
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(false)
        .with_writer(std::sync::Mutex::new(file))
        .try_init()
        .ok()?;
    Some(paths.log_file.display().to_string())
}

/// Logs to stderr (for `mock-server`, which has no TUI).
pub fn init_stderr_logging(verbose: u8) {
    let filter = log_filter(verbose.max(1));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}

/// Reads the config file, lays the chosen profile over it, then the environment and flags
/// (file < profile < environment < flags), and validates the result, the `[keys]` and
/// `[theme]` tables included. In the result, `profile` names the profile in use.
///
/// # Errors
/// [`ConfigError`] naming the file, line and key, or an unknown profile with the known ones;
/// [`StartupError::Usage`] for a plain-http URL to a host that is not loopback without
/// `--allow-insecure-http`.
pub fn load_config(
    path: &Path,
    must_exist: bool,
    flags: &GlobalArgs,
) -> Result<Config, StartupError> {
    let file = config::load_file(path, must_exist)?;
    let config = resolve(file, flags.profile.as_deref(), flags)?;
    looks(&config)?;
    // The headless commands read `--from`/`--to` and print times in this zone.
    crate::time::TimeZoneChoice::set_configured(config.time_zone());
    if let Some(warning) = config::permission_warning(path, &config) {
        eprintln!("postpost: warning: {warning}");
    }
    Ok(config)
}

/// `file` with the profile `profile` (or the file's own choice) and `flags` laid over it, then
/// validated: what [`load_config`] does after reading, and what `config check` does for every
/// profile.
///
/// # Errors
/// As [`load_config`].
pub fn resolve(
    file: Config,
    profile: Option<&str>,
    flags: &GlobalArgs,
) -> Result<Config, StartupError> {
    let name = file.profile_name(profile).map(str::to_owned);
    let mut config = config::apply_profile(file, name.as_deref())?;
    config.profile = name;
    config.mouse &= !flags.no_mouse;
    if let Some(zone) = &flags.timezone {
        config.timezone = Some(zone.clone());
    }
    if let Some(base_url) = &flags.base_url {
        config.base_url.clone_from(base_url);
    }
    if let Some(user_id) = &flags.user_id {
        // Named as given, so the error does not blame a config key the user never wrote.
        if !crate::api::model::is_object_id(user_id) {
            return Err(StartupError::Usage(format!(
                "--user-id (or POSTPOST_USER_ID): \"{user_id}\" is not 24 hexadecimal characters"
            )));
        }
        config.user_id = Some(user_id.clone());
    }
    config.allow_insecure_http |= flags.allow_insecure_http;
    config.read_only |= flags.read_only;
    config::validate(&config)?;
    if config.base_url.starts_with("http://")
        && !is_loopback_url(&config.base_url)
        && !config.allow_insecure_http
    {
        return Err(StartupError::Usage(format!(
            "refusing plain http:// to {}: the API key would travel unencrypted; use https:// or pass --allow-insecure-http",
            crate::secret::url_without_credentials(&config.base_url)
        )));
    }
    Ok(config)
}

/// The keys and styles the config asks for.
#[derive(Debug, Clone)]
pub struct Looks {
    /// The default keys with the `[keys]` overrides.
    pub keymap: Keymap,
    /// Overrides dropped because they clashed; to be reported.
    pub clashes: Vec<Clash>,
    /// The `[theme]` styles (mono when `NO_COLOR` is set and no preset is named).
    pub theme: Theme,
}

/// Builds the keymap and theme of `config`; `NO_COLOR` (set and not empty) means mono.
///
/// # Errors
/// [`ConfigError::Setting`] naming the key path of a bad mode, action, key, style or colour.
pub fn looks(config: &Config) -> Result<Looks, ConfigError> {
    let (keymap, clashes) = Keymap::with_overrides(&config.keys)?;
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|value| !value.is_empty());
    let theme = Theme::from_config(&config.theme, no_color)?;
    Ok(Looks {
        keymap,
        clashes,
        theme,
    })
}

/// The API key from the environment, the key command or the file.
///
/// # Errors
/// [`StartupError::NoKey`] when there is none; [`ConfigError`] when the key command fails.
pub fn api_key(config: &Config, config_path: &Path) -> Result<ApiKey, StartupError> {
    let env_key = std::env::var("POSTPOST_API_KEY").ok();
    config::resolve_api_key(config, env_key)?
        .filter(|key| !key.is_empty())
        .ok_or_else(|| StartupError::NoKey(config_path.display().to_string()))
}

/// Builds the client for `config`, with the key's pacer: every job, restore and page walk of
/// this process (one key) learns the server's pace once and shares it.
///
/// # Errors
/// [`StartupError::Usage`] when the client cannot be built (e.g. a key with newlines inside).
pub fn client(config: &Config, key: ApiKey) -> Result<ApiClient, StartupError> {
    let pacer = std::sync::Arc::new(crate::api::pacer::Pacer::default());
    ApiClient::new(&ClientOptions {
        base_url: config.base_url.clone(),
        api_key: key,
        user_id: config.user_id.clone(),
        connect_timeout: Duration::from_secs(config.connect_timeout_secs),
        request_timeout: Duration::from_secs(config.request_timeout_secs),
        read_only: config.read_only,
    })
    .map(|client| client.with_pacer(pacer))
    .map_err(|error| StartupError::Usage(error.to_string()))
}

/// The delete engine's options from the config, journaling to the journal file (a journal that
/// cannot be opened is reported on stderr, and jobs run without it).
pub fn job_options(config: &Config, paths: &Paths) -> JobOptions {
    let journal = match crate::worker::journal::Journal::open(&paths.journal_file) {
        Ok(journal) => Some(std::sync::Arc::new(journal)),
        Err(error) => {
            eprintln!(
                "postpost: warning: cannot open the journal {}: {error}",
                paths.journal_file.display()
            );
            None
        }
    };
    JobOptions {
        concurrency: config.concurrency,
        max_rate_limit_wait: Duration::from_secs(config.max_rate_limit_wait_secs),
        journal,
        confirm_typed_threshold: config.confirm_typed_threshold,
        ..JobOptions::default()
    }
}

/// The worker's options from the config.
pub fn worker_options(config: &Config, paths: &Paths) -> WorkerOptions {
    WorkerOptions {
        page_size: config.page_size,
        page_concurrency: config.page_concurrency,
        jobs: job_options(config, paths),
        backup_root: Some(super::demo::backups_root(paths, false)),
        ..WorkerOptions::default()
    }
}

/// A short label for the header: host and port of the base URL (never its credentials).
pub fn server_label(base_url: &str) -> String {
    reqwest::Url::parse(base_url)
        .ok()
        .and_then(|url| {
            let host = url.host_str()?.to_string();
            Some(match url.port() {
                Some(port) => format!("{host}:{port}"),
                None => host,
            })
        })
        .unwrap_or_else(|| crate::secret::url_without_credentials(base_url))
}

#[cfg(test)]
mod tests {
    use clap::Parser as _;

    use super::*;

    /// A big log moves to `.1`, the older ones shift, and no more than three are kept; a small
    /// one stays.
    #[test]
    fn a_big_log_is_rotated_and_old_ones_are_bounded() {
        let dir = tempfile::tempdir().expect("tempdir");
        let log = dir.path().join("postpost.log");
        let name = |n: u32| dir.path().join(format!("postpost.log.{n}"));
        std::fs::write(&log, b"small").expect("write");
        rotate_log(&log);
        assert!(log.exists() && !name(1).exists());
        for round in 1..=5u8 {
            std::fs::write(&log, vec![round; LOG_ROTATE_BYTES as usize]).expect("write");
            rotate_log(&log);
            assert!(!log.exists(), "round {round}");
        }
        for (n, round) in [(1, 5u8), (2, 4), (3, 3)] {
            let first = std::fs::read(name(n)).expect("kept").first().copied();
            assert_eq!(first, Some(round), "{n}");
        }
        assert!(!name(4).exists(), "at most three are kept");
    }

    /// A bad `--user-id` (or `POSTPOST_USER_ID`) is named as such, not as the config key.
    #[test]
    fn a_bad_user_id_flag_is_named_as_the_flag() {
        let cli = crate::cli::Cli::try_parse_from(["postpost", "--user-id", "zzz", "list"])
            .expect("parses");
        let error = resolve(Config::default(), None, &cli.global).expect_err("refused");
        let text = error.to_string();
        assert!(
            text.contains("--user-id") && text.contains("\"zzz\""),
            "{text}"
        );
        assert!(!text.contains("config key"), "{text}");
        assert!(matches!(error, StartupError::Usage(_)), "exit code 2");
        let good = "6650a1b2c3d4e5f60123ab01";
        let cli = crate::cli::Cli::try_parse_from(["postpost", "--user-id", good, "list"])
            .expect("parses");
        let config = resolve(Config::default(), None, &cli.global).expect("accepted");
        assert_eq!(config.user_id.as_deref(), Some(good));
    }
}
