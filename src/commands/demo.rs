//! `postpost demo`: the mock server with demo data on 127.0.0.1:0, then the TUI on it. The
//! demo's account is its own; the config file lends only its keys, theme, mouse setting and
//! saved views (top-level), and
//! demo jobs journal apart from real ones.

use std::path::PathBuf;
use std::process::ExitCode;

use super::setup::StartupError;
use super::tui::run_tui;
use crate::cli::Cli;
use crate::config::{self, Config, Paths};
use crate::mock::{FaultArgs, MockConfig, MockServer};
use crate::secret::ApiKey;

/// Jobs of `postpost demo` are journaled apart from real ones.
pub fn demo_journal(paths: &Paths) -> PathBuf {
    paths.data_dir.join("demo-journal.jsonl")
}

/// Where the demo's delete jobs back posts up: apart from a real account's backups.
pub fn demo_backups(paths: &Paths) -> PathBuf {
    paths.data_dir.join("demo-backups")
}

/// Where delete jobs back posts up (the demo's apart).
pub fn backups_root(paths: &Paths, demo: bool) -> PathBuf {
    if demo {
        demo_backups(paths)
    } else {
        paths.data_dir.join("backups")
    }
}

/// Starts the demo server, runs the TUI on it, and stops the server.
///
/// # Errors
/// The server cannot start, the config file is broken, or the TUI fails.
pub async fn demo(
    cli: &Cli,
    paths: &Paths,
    config_path: &std::path::Path,
    posts: usize,
    seed: u64,
    faults: &FaultArgs,
    log_file: Option<String>,
) -> Result<ExitCode, StartupError> {
    refuse_demo_flags(cli)?;
    let demo_paths = Paths {
        journal_file: demo_journal(paths),
        ..paths.clone()
    };
    let mock = MockServer::start(MockConfig {
        generated_posts: posts,
        seed,
        faults: faults.to_faults(seed),
        ..MockConfig::default()
    })
    .await
    .map_err(|error| StartupError::Io(format!("cannot start the demo server: {error}")))?;
    let file = config::load_file(config_path, cli.global.config.is_some())?;
    let config = Config {
        base_url: mock.base_url(),
        read_only: cli.global.read_only,
        mouse: file.mouse && !cli.global.no_mouse,
        keys: file.keys,
        theme: file.theme,
        views: file.views,
        user_id: cli.global.user_id.clone(),
        timezone: cli.global.timezone.clone().or(file.timezone),
        clipboard: file.clipboard,
        ..Config::default()
    };
    config::validate(&config)?;
    let key = ApiKey::new(MockConfig::default().api_key);
    let code = run_tui(config, key, true, log_file, &demo_paths).await;
    mock.shutdown().await;
    code
}

/// Flags that make no sense for the demo, refused with a reason rather than ignored:
/// `--base-url` (the demo's server is its own). A `POSTPOST_BASE_URL` from the environment is
/// left alone: it is meant for the real account. `--user-id` must name a managed user.
fn refuse_demo_flags(cli: &Cli) -> Result<(), StartupError> {
    let from_env = std::env::var("POSTPOST_BASE_URL").ok();
    if let Some(url) = &cli.global.base_url
        && from_env.as_deref() != Some(url.as_str())
    {
        return Err(StartupError::Usage(format!(
            "demo runs its own mock server on 127.0.0.1; --base-url {url} makes no sense here (use `postpost --base-url {url}` for the real account)"
        )));
    }
    if let Some(user_id) = &cli.global.user_id
        && !crate::api::model::is_object_id(user_id)
    {
        return Err(StartupError::Usage(format!(
            "--user-id (or POSTPOST_USER_ID): \"{user_id}\" is not 24 hexadecimal characters"
        )));
    }
    Ok(())
}
