//! `postpost`: parse the command line, load the config, dispatch. Nothing else lives here
//! (DESIGN §1). Exit codes (DESIGN §4): 0 done, 1 failed, 2 usage or config error,
//! 3 authentication or permission error.

use std::process::ExitCode;

use clap::Parser;
use postpost_tui::cli::{Cli, CommandLine, ConfigAction};
use postpost_tui::cli_cmds;
use postpost_tui::config::{self, Config, Paths};
use postpost_tui::mock::{MockConfig, MockServer};
use postpost_tui::secret::ApiKey;
use postpost_tui::startup::{self, StartupError};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("postpost: {error}");
            ExitCode::from(error.exit_code())
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode, StartupError> {
    let paths = Paths::discover()?;
    let config_path = cli
        .global
        .config
        .clone()
        .unwrap_or_else(|| paths.config_file.clone());
    match &cli.command {
        Some(CommandLine::Config { action }) => {
            return config_command(action, &paths, &config_path, &cli);
        }
        Some(CommandLine::MockServer {
            addr,
            api_key,
            posts,
            seed,
            no_seed_posts,
            faults,
        }) => {
            startup::init_stderr_logging(cli.global.verbose);
            let config = MockConfig {
                addr: *addr,
                api_key: api_key.clone(),
                include_seed: !no_seed_posts,
                generated_posts: *posts,
                seed: *seed,
                faults: faults.to_faults(*seed),
                ..MockConfig::default()
            };
            return startup::runtime()?.block_on(startup::serve_mock(config));
        }
        _ => {}
    }
    if let Some(CommandLine::Journal { jobs, json, demo }) = &cli.command {
        let path = if *demo {
            demo_journal(&paths)
        } else {
            paths.journal_file.clone()
        };
        return Ok(cli_cmds::show_journal(&path, *jobs, *json));
    }
    let log_file = startup::init_file_logging(&paths, cli.global.verbose);
    let runtime = startup::runtime()?;
    if let Some(CommandLine::Demo {
        posts,
        seed,
        faults,
    }) = &cli.command
    {
        // Demo jobs journal apart from real ones.
        let demo_paths = Paths {
            journal_file: demo_journal(&paths),
            ..paths.clone()
        };
        return runtime.block_on(async {
            let mock = MockServer::start(MockConfig {
                generated_posts: *posts,
                seed: *seed,
                faults: faults.to_faults(*seed),
                ..MockConfig::default()
            })
            .await
            .map_err(|error| StartupError::Io(format!("cannot start the demo server: {error}")))?;
            // The demo's account is its own; the file lends only its keys, theme and mouse.
            let file = config::load_file(&config_path, cli.global.config.is_some())?;
            let config = Config {
                base_url: mock.base_url(),
                read_only: cli.global.read_only,
                mouse: file.mouse && !cli.global.no_mouse,
                keys: file.keys,
                theme: file.theme,
                ..Config::default()
            };
            let key = ApiKey::new(MockConfig::default().api_key);
            let code = startup::run_tui(config, key, true, log_file, &demo_paths).await;
            mock.shutdown().await;
            code
        });
    }
    let config = startup::load_config(&config_path, cli.global.config.is_some(), &cli.global)?;
    let key = startup::api_key(&config, &config_path)?;
    let client = startup::client(&config, key)?;
    runtime.block_on(async {
        match &cli.command {
            Some(CommandLine::List { filter, json, ids }) => {
                Ok(cli_cmds::list(&client, filter, *json, *ids).await)
            }
            Some(CommandLine::Show { id, json }) => Ok(cli_cmds::show(&client, id, *json).await),
            Some(CommandLine::Delete(args)) => {
                Ok(cli_cmds::delete(&client, args, startup::delete_options(&config, &paths)).await)
            }
            _ => startup::run_tui_with(client, &config, false, log_file, &paths).await,
        }
    })
}

fn config_command(
    action: &ConfigAction,
    paths: &Paths,
    config_path: &std::path::Path,
    cli: &Cli,
) -> Result<ExitCode, StartupError> {
    match action {
        ConfigAction::Path => {
            println!("config file  {}", config_path.display());
            println!("data dir     {}", paths.data_dir.display());
            println!("journal      {}", paths.journal_file.display());
            println!("log file     {}", paths.log_file.display());
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
            println!("profile      {profile}");
            Ok(ExitCode::SUCCESS)
        }
        ConfigAction::Init => {
            config::write_example(config_path)?;
            println!("wrote {}", config_path.display());
            Ok(ExitCode::SUCCESS)
        }
        ConfigAction::Check => config_check(config_path, cli),
    }
}

/// `postpost config check`: parses the file, then checks the active profile and every other
/// one (each laid over the top-level keys, with the flags), the `[keys]` and `[theme]` tables
/// and the file's permissions (issue 6 items 4 and 6). Errors exit 2, warnings alone
/// (permissions, clashing key overrides) exit 1.
fn config_check(config_path: &std::path::Path, cli: &Cli) -> Result<ExitCode, StartupError> {
    let file = config::load_file(config_path, true)?;
    let active = file
        .profile_name(cli.global.profile.as_deref())
        .map(str::to_owned);
    match &active {
        Some(name) => println!("profile: {name}"),
        None => println!("profile: (none)"),
    }
    let mut errors = 0;
    let mut warnings = 0;
    if let Err(error) = startup::resolve(file.clone(), active.as_deref(), &cli.global) {
        println!("error: {error}");
        errors += 1;
    }
    for name in file.profiles.keys() {
        if Some(name) == active.as_ref() {
            continue;
        }
        match startup::resolve(file.clone(), Some(name), &cli.global) {
            Ok(_) => println!("profile {name}: ok"),
            Err(error) => {
                println!("error: profile {name}: {error}");
                errors += 1;
            }
        }
    }
    match startup::looks(&file) {
        Ok(looks) => {
            for clash in &looks.clashes {
                println!("warning: {clash}");
                warnings += 1;
            }
        }
        Err(error) => {
            println!("error: {error}");
            errors += 1;
        }
    }
    if let Some(warning) = config::permission_warning(config_path, &file) {
        println!("warning: {warning}");
        warnings += 1;
    }
    if errors > 0 {
        Ok(ExitCode::from(2))
    } else if warnings > 0 {
        Ok(ExitCode::from(cli_cmds::EXIT_FAILED))
    } else {
        println!("{}: ok", config_path.display());
        Ok(ExitCode::SUCCESS)
    }
}

/// Jobs of `postpost demo` are journaled apart from real ones.
fn demo_journal(paths: &Paths) -> std::path::PathBuf {
    paths.data_dir.join("demo-journal.jsonl")
}
