//! `postpost config path|init|check`.

use std::process::ExitCode;

use super::exit::Exit;
use super::output::outln;
use super::setup::{self, StartupError};
use crate::app::query::Query;
use crate::cli::{Cli, ConfigAction};
use crate::config::{self, Paths};

pub fn config_command(
    action: &ConfigAction,
    paths: &Paths,
    config_path: &std::path::Path,
    cli: &Cli,
) -> Result<ExitCode, StartupError> {
    match action {
        ConfigAction::Path => {
            outln!("config file  {}", config_path.display());
            outln!("data dir     {}", paths.data_dir.display());
            outln!("journal      {}", paths.journal_file.display());
            outln!("log file     {}", paths.log_file.display());
            let profile = match config::load_file(config_path, false) {
                Ok(file) => match file.profile_name(cli.global.profile.as_deref()) {
                    None => "(none)".to_owned(),
                    Some(name) if file.profiles.contains_key(name) => name.to_owned(),
                    Some(name) => format!("{name} (not defined in the config file)"),
                },
                Err(_) => {
                    "? (the config file has errors; postpost config check shows them)".to_owned()
                }
            };
            outln!("profile      {profile}");
            Ok(ExitCode::from(Exit::Done))
        }
        ConfigAction::Init => {
            config::write_example(config_path)?;
            outln!("wrote {}", config_path.display());
            Ok(ExitCode::from(Exit::Done))
        }
        ConfigAction::Check => config_check(config_path, cli),
    }
}

/// `postpost config check`: parses the file, then checks the active profile and every other
/// one (each laid over the top-level keys, with the flags), the `[keys]` and `[theme]` tables,
/// every saved view's query (top-level and per profile) and the file's permissions. Errors exit 2, warnings alone (permissions, clashing key
/// overrides) exit 1.
fn config_check(config_path: &std::path::Path, cli: &Cli) -> Result<ExitCode, StartupError> {
    if cli.global.config.is_none() && !config_path.exists() {
        // Running without a config file is valid: say so, and check nothing else.
        outln!(
            "no config file at {}; defaults in use (postpost config init writes one)",
            config_path.display()
        );
        return Ok(ExitCode::from(Exit::Done));
    }
    let file = config::load_file(config_path, true)?;
    let active = file
        .profile_name(cli.global.profile.as_deref())
        .map(str::to_owned);
    match &active {
        Some(name) => outln!("profile: {name}"),
        None => outln!("profile: (none)"),
    }
    let mut errors = 0;
    let mut warnings = 0;
    if let Err(error) = setup::resolve(file.clone(), active.as_deref(), &cli.global) {
        outln!("error: {error}");
        errors += 1;
    }
    for name in file.profiles.keys() {
        if Some(name) == active.as_ref() {
            continue;
        }
        match setup::resolve(file.clone(), Some(name), &cli.global) {
            Ok(_) => outln!("profile {name}: ok"),
            Err(error) => {
                outln!("error: profile {name}: {error}");
                errors += 1;
            }
        }
    }
    match setup::looks(&file) {
        Ok(looks) => {
            for clash in &looks.clashes {
                outln!("warning: {clash}");
                warnings += 1;
            }
        }
        Err(error) => {
            outln!("error: {error}");
            errors += 1;
        }
    }
    errors += check_views(&file);
    if let Some(warning) = config::permission_warning(config_path, &file) {
        outln!("warning: {warning}");
        warnings += 1;
    }
    if errors > 0 {
        Ok(Exit::Usage.into())
    } else if warnings > 0 {
        Ok(Exit::Failed.into())
    } else {
        outln!("{}: ok", config_path.display());
        Ok(ExitCode::from(Exit::Done))
    }
}

/// Parses the query of every `[views.NAME]` and `[profiles.P.views.NAME]`; prints each error
/// and returns how many there were.
fn check_views(file: &config::Config) -> usize {
    let now = chrono::Utc::now();
    let zone = crate::time::TimeZoneChoice::configured();
    let top = file
        .views
        .iter()
        .map(|(name, view)| (format!("views.{name}"), view));
    let profiles = file.profiles.iter().flat_map(|(profile, p)| {
        p.views
            .iter()
            .map(move |(name, view)| (format!("profiles.{profile}.views.{name}"), view))
    });
    let mut errors = 0;
    for (key, view) in top.chain(profiles) {
        match Query::parse(&view.query, now, zone) {
            Ok(query) if query.is_empty() => {
                outln!("error: [{key}] query is empty: it would match every post");
                errors += 1;
            }
            Ok(query) => outln!("view {key}: ok ({})", query.describe()),
            Err(error) => {
                outln!("error: [{key}] query: {error}");
                errors += 1;
            }
        }
    }
    errors
}
