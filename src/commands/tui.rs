//! `postpost` with no command: the TUI against the configured account (and `demo`'s TUI): the
//! state and draw context built from the config, then `tui::run_terminal`.

use std::process::ExitCode;

use super::exit::Exit;
use super::setup::{StartupError, client, looks, server_label, worker_options};
use crate::api::client::{ApiClient, is_loopback_url};
use crate::app::state::{AppState, NoticeLevel, UiSettings};
use crate::config::{Config, Paths};
use crate::secret::ApiKey;
use crate::ui::DrawContext;

/// Runs the TUI against `config` with `key`.
///
/// # Errors
/// [`StartupError`] for a broken config, a client that cannot be built, or a terminal error.
pub async fn run_tui(
    config: Config,
    key: ApiKey,
    demo: bool,
    log_file: Option<String>,
    paths: &Paths,
) -> Result<ExitCode, StartupError> {
    let client = client(&config, key)?;
    run_tui_with(client, &config, demo, log_file, paths).await
}

/// Runs the TUI with a client already built.
///
/// # Errors
/// [`StartupError`] for a broken config, a client that cannot be built, or a terminal error.
pub async fn run_tui_with(
    client: ApiClient,
    config: &Config,
    demo: bool,
    log_file: Option<String>,
    paths: &Paths,
) -> Result<ExitCode, StartupError> {
    let label = server_label(&config.base_url);
    let looks = looks(config)?;
    let mut state = AppState::new(UiSettings {
        confirm_typed_threshold: config.confirm_typed_threshold,
        server_label: label,
        demo,
        loopback: is_loopback_url(&config.base_url),
        read_only: config.read_only,
        profile: config.profile.clone(),
        request_timeout: std::time::Duration::from_secs(config.request_timeout_secs),
        backup: config.backup,
        clipboard: config.clipboard,
        views: config
            .views
            .iter()
            .map(|(name, view)| (name.clone(), view.query.clone()))
            .collect(),
    });
    // The header shows whom the requests act as; `u` switches.
    state.act_as(crate::app::state::ActingAs {
        user_id: config.user_id.clone().filter(|id| !id.is_empty()),
        name: None,
    });
    for clash in &looks.clashes {
        tracing::warn!(%clash, "key override clash");
    }
    if let Some(notice) = crate::app::keymap::clash_notice(&looks.clashes) {
        state.notify(NoticeLevel::Warn, notice, std::time::Instant::now());
    }
    let context = DrawContext {
        log_file,
        time_zone: config.time_zone(),
        keymap: looks.keymap,
        theme: looks.theme,
        ..DrawContext::default()
    };
    let options = crate::worker::WorkerOptions {
        backup_root: Some(super::demo::backups_root(paths, demo)),
        ..worker_options(config, paths)
    };
    crate::tui::run_terminal(client, options, state, context, config.mouse).await?;
    Ok(ExitCode::from(Exit::Done))
}
