//! `postpost delete`: by id (`-` reads them from stdin), or by filter (every matching id is
//! collected first, then deleted by id: deleting while paging by offset skips posts), on the
//! job engine of the TUI, through the flow every job command shares (`batch`).

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;

use super::batch::{BatchRequest, Plan, run_batch};
use crate::api::client::ApiClient;
use crate::cli::DeleteArgs;
use crate::config::View;
use crate::worker::job::JobOptions;

/// `postpost delete` (and `prune`): by ids or by filter, with confirmation, progress, journal
/// and report. A filter (with `views` for `--view`) is checked before any request; every post
/// the server lists is checked against it locally, and the listing is repeated once to catch
/// posts the first walk missed; a post that does not match is never deleted. `--backup`
/// without a folder backs up into `backup_root`.
pub async fn delete(
    client: &ApiClient,
    args: &DeleteArgs,
    views: &BTreeMap<String, View>,
    options: JobOptions,
    backup_root: Option<PathBuf>,
) -> ExitCode {
    delete_as("delete", client, args, views, options, backup_root).await
}

/// [`delete`], reporting itself as `command` (`prune` is a delete of a saved view).
pub async fn delete_as(
    command: &'static str,
    client: &ApiClient,
    args: &DeleteArgs,
    views: &BTreeMap<String, View>,
    options: JobOptions,
    backup_root: Option<PathBuf>,
) -> ExitCode {
    let backup = match &args.backup {
        None => None,
        Some(dir) => match dir.clone().or(backup_root) {
            Some(root) => Some(root),
            None => return super::exit::usage("--backup needs a folder here: --backup DIR"),
        },
    };
    let request = BatchRequest {
        command,
        ids: &args.ids,
        filter: &args.filter,
        dry_run: args.dry_run,
        yes: args.yes,
        json: args.json,
        concurrency: args.concurrency,
    };
    run_batch(client, request, Plan::Delete { backup }, views, options).await
}
