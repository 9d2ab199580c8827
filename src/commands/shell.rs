//! `postpost completions SHELL` (clap_complete) and `postpost man` (clap_mangen): both from the
//! clap definitions of `cli`, so they cannot drift from the parser. The completions offer the
//! statuses and platforms `--status` and `--platform` take, and the saved views and profiles
//! the config file has when the script is generated.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::ExitCode;

use clap::CommandFactory;
use clap::builder::PossibleValuesParser;
use clap_complete::Shell;

use super::exit::Exit;
use super::output;
use crate::cli::Cli;
use crate::config;

/// `command` with `values` as the possible values of every argument `id`, in every subcommand.
fn with_values(mut command: clap::Command, id: &str, values: &[String]) -> clap::Command {
    if values.is_empty() {
        return command;
    }
    if command.get_arguments().any(|arg| arg.get_id() == id) {
        let values = values.to_vec();
        command = command.mut_arg(id, |arg| {
            arg.value_parser(PossibleValuesParser::new(values))
        });
    }
    let names: Vec<String> = command
        .get_subcommands()
        .map(|sub| sub.get_name().to_owned())
        .collect();
    for name in names {
        command = command.mut_subcommand(name, |sub| with_values(sub, id, values));
    }
    command
}

/// The saved views (top-level and of every profile) and the profiles of the config file; none
/// when it is missing or cannot be read.
fn names(config_path: &Path) -> (Vec<String>, Vec<String>) {
    let Ok(file) = config::load_file(config_path, false) else {
        return (Vec::new(), Vec::new());
    };
    let views: BTreeSet<String> = file
        .views
        .keys()
        .chain(
            file.profiles
                .values()
                .flat_map(|profile| profile.views.keys()),
        )
        .cloned()
        .collect();
    (
        views.into_iter().collect(),
        file.profiles.keys().cloned().collect(),
    )
}

/// The clap command with the config's views and profiles as possible values.
pub fn command_with_names(config_path: &Path) -> clap::Command {
    let (views, profiles) = names(config_path);
    let command = with_values(Cli::command(), "view", &views);
    with_values(command, "profile", &profiles)
}

/// Writes `bytes` to stdout (a closed stdout ends quietly).
fn write_all(bytes: &[u8]) -> ExitCode {
    output::write_stdout(format_args!("{}", String::from_utf8_lossy(bytes)));
    ExitCode::from(Exit::Done)
}

/// `postpost completions SHELL`.
pub fn completions(shell: Shell, config_path: &Path, _cli: &Cli) -> ExitCode {
    let mut command = command_with_names(config_path);
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "postpost", &mut script);
    write_all(&script)
}

/// `postpost man`: the manual page in roff, with a section per subcommand.
pub fn man() -> ExitCode {
    let command = Cli::command();
    let mut page = Vec::new();
    let rendered = clap_mangen::Man::new(command.clone())
        .render(&mut page)
        .and_then(|()| {
            for sub in command.get_subcommands() {
                if sub.is_hide_set() {
                    continue;
                }
                let man =
                    clap_mangen::Man::new(sub.clone().name(format!("postpost {}", sub.get_name())));
                std::io::Write::write_all(&mut page, b".SH \"")?;
                std::io::Write::write_all(
                    &mut page,
                    format!("POSTPOST {}\"\n", sub.get_name().to_uppercase()).as_bytes(),
                )?;
                man.render_description_section(&mut page)?;
                man.render_options_section(&mut page)?;
            }
            Ok(())
        });
    if let Err(error) = rendered {
        eprintln!("postpost: cannot render the manual page: {error}");
        return Exit::Failed.into();
    }
    write_all(&page)
}
