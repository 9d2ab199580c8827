//! Every command of the binary (DESIGN §4), one file each, and the dispatch from the parsed
//! command line: the TUI (`tui`, `demo`), the headless `list`, `show`, `delete`, `reschedule`
//! and `draft` (`change`), `prune`, `restore`, `backups`, `journal` and `doctor` for scripts,
//! `completions` and `man` (`shell`), `config` and `mock-server`. The job commands share one
//! flow (`batch`, with `report` and `prompt`); ids may come from stdin (`ids`). `setup` is what
//! they share before running: the runtime, logging, the resolved config, the key and the
//! client. Input is validated before any request (exit 2); answers go to stdout through
//! `output` (one versioned JSON object with `--json`, errors included; a closed stdout exits
//! 0), progress and questions to stderr; exit codes are in `exit`.

pub mod backups;
pub mod batch;
pub mod change;
pub mod config;
pub mod delete;
pub mod demo;
pub mod doctor;
pub mod exit;
pub mod filter;
pub mod ids;
pub mod journal;
pub mod list;
pub mod mock_server;
pub mod output;
pub mod prompt;
pub mod prune;
pub mod report;
pub mod restore;
pub mod setup;
pub mod shell;
pub mod show;
pub mod tui;

use std::process::ExitCode;

use crate::cli::{Cli, CommandLine};
use crate::config::{Config, Paths};
use crate::mock::MockConfig;
use setup::StartupError;

pub use delete::delete;
pub use exit::{Exit, report_api_error};
pub use filter::{CommandQuery, collect_all, collect_matching, summary_matches};
pub use journal::show_journal;
pub use list::list;
pub use report::{FailedItem, JobReport, run_with_progress};
pub use show::show;

/// Parses `args` (the program name first) and runs the command. A command line clap refuses
/// exits 2 with clap's message; with `--json` or `--jsonl` among the arguments, the error is
/// also the JSON error object on stdout. `--help` and `--version` print and exit 0.
pub fn parse_and_run(args: impl IntoIterator<Item = std::ffi::OsString>) -> ExitCode {
    use clap::Parser as _;
    let args: Vec<std::ffi::OsString> = args.into_iter().collect();
    match Cli::try_parse_from(&args) {
        Ok(cli) => run(cli),
        Err(error) => {
            let json = args.iter().any(|arg| arg == "--json" || arg == "--jsonl");
            let exit = error.exit_code();
            if !error.use_stderr() || !json {
                let _ = error.print();
                return ExitCode::from(u8::try_from(exit).unwrap_or(2));
            }
            output::set_mode(output::OutputMode {
                json: true,
                quiet: false,
            });
            let rendered = error.render().to_string();
            let message = rendered
                .lines()
                .next()
                .unwrap_or_default()
                .trim_start_matches("error: ");
            let hint = rendered
                .lines()
                .skip(1)
                .map(str::trim)
                .filter(|line| !line.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
            eprint!("{rendered}");
            output::print_json(&serde_json::json!({
                "error": {"kind": output::ErrorKind::Usage, "message": message, "hint": (!hint.is_empty()).then_some(hint)}
            }));
            Exit::Usage.into()
        }
    }
}

/// Runs the command `cli` names and gives the process exit code; errors are printed to stderr
/// with their exit code (DESIGN §4).
pub fn run(mut cli: Cli) -> ExitCode {
    cli.global.no_mouse =
        cli.no_mouse || matches!(&cli.command, Some(CommandLine::Demo { no_mouse: true, .. }));
    output::set_mode(output::OutputMode {
        json: wants_json(&cli),
        quiet: cli.global.quiet,
    });
    match dispatch(cli) {
        Ok(code) => code,
        Err(error) => {
            let kind = match &error {
                StartupError::Config(_) => output::ErrorKind::Config,
                StartupError::Usage(_) | StartupError::Tui(_) => output::ErrorKind::Usage,
                StartupError::NoKey(_) => output::ErrorKind::Auth,
                StartupError::Io(_) => output::ErrorKind::Io,
            };
            output::fail(kind, &error.to_string(), None, error.exit_code())
        }
    }
}

/// True when the command asks for JSON (`--json`, or `--jsonl` of `list`): its errors are JSON
/// on stdout too.
fn wants_json(cli: &Cli) -> bool {
    use crate::cli::BackupsAction;
    match &cli.command {
        Some(CommandLine::List { json, jsonl, .. }) => *json || *jsonl,
        Some(
            CommandLine::Show { json, .. }
            | CommandLine::Journal { json, .. }
            | CommandLine::Doctor { json },
        ) => *json,
        Some(CommandLine::Delete(args)) => args.json,
        Some(CommandLine::Reschedule(args)) => args.change.json,
        Some(CommandLine::Draft(args)) => args.json,
        Some(CommandLine::Prune(args)) => args.json,
        Some(CommandLine::Restore(args)) => args.json,
        Some(CommandLine::Backups(args)) => {
            args.json || matches!(&args.action, Some(BackupsAction::Prune { json: true, .. }))
        }
        _ => false,
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
            if cli.global.verbose > 0 || setup::log_env_set() {
                setup::init_stderr_logging(cli.global.verbose);
            }
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
        Some(CommandLine::Completions { shell }) => {
            return Ok(shell::completions(*shell, &config_path, &cli));
        }
        Some(CommandLine::Man) => return Ok(shell::man()),
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
                    yes,
                    json,
                }) => backups::prune_backups(&root, older_than, *dry_run, *yes, *json || args.json),
            });
        }
        _ => {}
    }
    let log_file = setup::init_file_logging(&paths, cli.global.verbose);
    let runtime = setup::runtime()?;
    if let Some(CommandLine::Doctor { json }) = &cli.command {
        return Ok(runtime.block_on(doctor::doctor(&cli, &paths, &config_path, *json)));
    }
    if let Some(CommandLine::Demo {
        posts,
        seed,
        faults,
        ..
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
            Some(CommandLine::List {
                filter,
                json,
                jsonl,
                ids,
                table,
            }) => {
                let format = list::Format::from_flags(*json, *jsonl, *ids, *table);
                Ok(list(&client, filter, &config.views, format).await)
            }
            Some(CommandLine::Show { ids, json }) => Ok(show(&client, ids, *json).await),
            Some(CommandLine::Reschedule(args)) => Ok(change::change(
                &client,
                &args.change,
                Some(&args.at),
                &config.views,
                setup::job_options(&config, &paths),
            )
            .await),
            Some(CommandLine::Draft(args)) => Ok(change::change(
                &client,
                args,
                None,
                &config.views,
                setup::job_options(&config, &paths),
            )
            .await),
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
