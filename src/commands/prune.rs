//! `postpost prune --view NAME`: delete what a saved view matches, for cron or a systemd timer.
//! It is `delete --view NAME` with a backup of every post first (its summary, get-post detail
//! and media, in the data dir's `backups/<job>/`, or under `--backup DIR`; `postpost restore
//! <job>` brings them back): the same local check of every listed post, journal, report and
//! exit codes.

use std::collections::BTreeMap;
use std::process::ExitCode;

use super::delete::delete_as;
use crate::api::client::ApiClient;
use crate::cli::{DeleteArgs, FilterArgs, PruneArgs};
use crate::config::{Paths, View};
use crate::worker::JobOptions;

/// Runs `postpost prune`.
pub async fn prune(
    client: &ApiClient,
    args: &PruneArgs,
    views: &BTreeMap<String, View>,
    paths: &Paths,
    options: JobOptions,
) -> ExitCode {
    let delete_args = DeleteArgs {
        ids: Vec::new(),
        filter: FilterArgs {
            view: Some(args.view.clone()),
            ..FilterArgs::default()
        },
        dry_run: args.dry_run,
        yes: args.yes,
        json: args.json,
        backup: Some(args.backup.clone()),
        concurrency: args.concurrency,
    };
    let root = super::demo::backups_root(paths, false);
    delete_as("prune", client, &delete_args, views, options, Some(root)).await
}
