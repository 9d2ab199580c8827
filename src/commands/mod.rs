//! Every command of the binary (DESIGN §4), one file each, and the dispatch from the parsed
//! command line: the TUI (`tui`, `demo`), the headless `list`, `show`, `delete`, `prune`,
//! `restore`, `backups` and `journal` for scripts, `config` and `mock-server`. `setup` is what they share before running: the
//! runtime, logging, the resolved config, the key and the client. Input is validated before any
//! request (exit 2); output goes to stdout, progress and questions to stderr; exit codes are in
//! `exit`.

pub mod backups;
pub mod config;
pub mod delete;
pub mod demo;
pub mod exit;
pub mod filter;
pub mod journal;
pub mod list;
pub mod mock_server;
pub mod prune;
pub mod restore;
pub mod setup;
pub mod show;
pub mod tui;

use std::process::ExitCode;

use crate::cli::{Cli, CommandLine};
use crate::config::{Config, Paths};
use crate::mock::MockConfig;
use setup::StartupError;

pub use delete::{DeleteReport, FailedItem, delete, run_with_progress};
pub use exit::{Exit, report_api_error};
pub use filter::{CommandQuery, collect_all, collect_matching, summary_matches};
pub use journal::show_journal;
pub use list::list;
pub use show::show;

/// Runs the command `cli` names and gives the process exit code; errors are printed to stderr
/// with their exit code (DESIGN §4).
pub fn run(cli: Cli) -> ExitCode {
    match dispatch(cli) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("postpost: {}", exit::error_line(&error.to_string()));
            ExitCode::from(error.exit_code())
        }
    }
}

fn dispatch(cli: Cli) -> Result<ExitCode, StartupError> {
    let paths = Paths::discover()?;
    let config_path = cli
        .global
        .config
        .clone()
        .unwrap_or_else(|| paths.config_file.clone());
    match &cli.command {
        Some(CommandLine::Config { action }) => {
            return config::config_command(action, &paths, &config_path, &cli);
        }
        Some(CommandLine::MockServer {
            addr,
            api_key,
            posts,
            seed,
            no_seed_posts,
            faults,
        }) => {
            setup::init_stderr_logging(cli.global.verbose);
            let config = MockConfig {
                addr: *addr,
                api_key: api_key.clone(),
                include_seed: !no_seed_posts,
                generated_posts: *posts,
                seed: *seed,
                faults: faults.to_faults(*seed),
                ..MockConfig::default()
            };
            return setup::runtime()?.block_on(mock_server::serve_mock(config));
        }
        Some(CommandLine::Journal { jobs, json, demo }) => {
            let path = if *demo {
                demo::demo_journal(&paths)
            } else {
                paths.journal_file.clone()
            };
            return Ok(show_journal(&path, *jobs, *json));
        }
        Some(CommandLine::Backups(args)) => {
            let root = demo::backups_root(&paths, args.demo);
            return Ok(match &args.action {
                None => backups::list_backups(&root, args.json),
                Some(crate::cli::BackupsAction::Prune {
                    older_than,
                    dry_run,
                    json,
                }) => backups::prune_backups(&root, older_than, *dry_run, *json || args.json),
            });
        }
        _ => {}
    }
    let log_file = setup::init_file_logging(&paths, cli.global.verbose);
    let runtime = setup::runtime()?;
    if let Some(CommandLine::Demo {
        posts,
        seed,
        faults,
    }) = &cli.command
    {
        return runtime.block_on(demo::demo(
            &cli,
            &paths,
            &config_path,
            *posts,
            *seed,
            faults,
            log_file,
        ));
    }
    let config: Config =
        setup::load_config(&config_path, cli.global.config.is_some(), &cli.global)?;
    let key = setup::api_key(&config, &config_path)?;
    let client = setup::client(&config, key)?;
    runtime.block_on(async {
        match &cli.command {
            Some(CommandLine::List { filter, json, ids }) => {
                Ok(list(&client, filter, &config.views, *json, *ids).await)
            }
            Some(CommandLine::Show { id, json }) => Ok(show(&client, id, *json).await),
            Some(CommandLine::Delete(args)) => Ok(delete(
                &client,
                args,
                &config.views,
                setup::job_options(&config, &paths),
                Some(demo::backups_root(&paths, false)),
            )
            .await),
            Some(CommandLine::Prune(args)) => Ok(prune::prune(
                &client,
                args,
                &config.views,
                &paths,
                setup::job_options(&config, &paths),
            )
            .await),
            Some(CommandLine::Restore(args)) => Ok(restore::restore(
                &client,
                args,
                setup::job_options(&config, &paths),
                &demo::backups_root(&paths, args.demo),
                config.confirm_typed_threshold,
            )
            .await),
            _ => tui::run_tui_with(client, &config, false, log_file, &paths).await,
        }
    })
}
