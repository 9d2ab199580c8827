//! `postpost prune --view NAME`: delete what a saved view matches, for cron or a systemd timer.
//! It is `delete --view NAME` with a backup of every post first (get-post JSON in the data
//! dir's `backups/<UTC time>-prune-<view>/`, or `--backup DIR`): the same local check of every
//! listed post, journal, report and exit codes.

use std::collections::BTreeMap;
use std::process::ExitCode;

use super::delete::delete;
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
    let backup = args.backup.clone().unwrap_or_else(|| {
        paths
            .data_dir
            .join("backups")
            .join(folder_name(&args.view, chrono::Utc::now()))
    });
    let delete_args = DeleteArgs {
        ids: Vec::new(),
        filter: FilterArgs {
            view: Some(args.view.clone()),
            ..FilterArgs::default()
        },
        dry_run: args.dry_run,
        yes: args.yes,
        json: args.json,
        backup: Some(backup),
        concurrency: args.concurrency,
    };
    delete(client, &delete_args, views, options).await
}

/// `<UTC time>-prune-<view>`, the view's name kept to letters, digits, `-` and `_`.
fn folder_name(view: &str, now: chrono::DateTime<chrono::Utc>) -> String {
    let name: String = view
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .take(64)
        .collect();
    format!("{}-prune-{name}", now.format("%Y%m%dT%H%M%SZ"))
}
