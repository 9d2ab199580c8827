//! The one flow of every job command (`delete`, `prune`, `reschedule`, `draft`): choose the
//! posts (ids, `-` for stdin, or filters: every matching id is collected first and each listed
//! post is checked against the filter locally, DESIGN §7 invariant 4), say what a dry run would
//! do, ask (or take `--yes`), run the job engine (journal, retries, 429 pauses), report in the
//! one shape of [`JobReport`], and exit as DESIGN §4 says.

use std::collections::{BTreeMap, HashSet};
use std::io::{self, IsTerminal};
use std::path::PathBuf;
use std::process::ExitCode;

use super::exit::{Exit, report_api_error, usage};
use super::filter::collect_matching;
use super::ids;
use super::output::{self, note, outln};
use super::prompt;
use super::report::{FailedItem, JobReport, run_with_progress};
use crate::api::client::{ApiClient, ListQuery};
use crate::api::error::ApiError;
use crate::api::model::{PostGroupId, PostStatus, PostSummary, format_instant};
use crate::cli::FilterArgs;
use crate::config::View;
use crate::protocol::{JobKind, PostChange};
use crate::text::wording;
use crate::time::TimeZoneChoice;
use crate::worker::job::JobOptions;

/// What a job command asks for, whatever the command.
#[derive(Debug, Clone, Copy)]
pub struct BatchRequest<'a> {
    /// `delete`, `prune`, `reschedule` or `draft` (the report's `command`).
    pub command: &'static str,
    /// Ids as given (`-` alone: from stdin).
    pub ids: &'a [String],
    pub filter: &'a FilterArgs,
    pub dry_run: bool,
    pub yes: bool,
    pub json: bool,
    /// Requests in flight at once, over the config's.
    pub concurrency: Option<usize>,
}

/// What is done to each post.
#[derive(Debug, Clone)]
pub enum Plan {
    /// delete-post (§3.5); with `Some(root)`, each post is backed up under `root` first.
    Delete { backup: Option<PathBuf> },
    /// update-post (§3.4) with this change, for the draft and scheduled posts.
    Change(PostChange),
}

impl Plan {
    fn kind(&self) -> JobKind {
        match self {
            Self::Delete { .. } => JobKind::Delete,
            Self::Change(change) => JobKind::Change(*change),
        }
    }

    /// `deleting`, `rescheduling`, `moving to draft`.
    fn gerund(&self) -> &'static str {
        match self {
            Self::Delete { .. } => "deleting",
            Self::Change(PostChange::Reschedule(_)) => "rescheduling",
            Self::Change(PostChange::MoveToDraft) => "moving to draft",
        }
    }

    /// The question's first line for `count` posts.
    fn headline(&self, count: usize) -> String {
        let posts = format!("{count} {}", wording::noun(count, "post", "posts"));
        match self {
            Self::Delete { backup } => format!(
                "Delete {posts} from PostPost? This cannot be undone{}.",
                if backup.is_some() {
                    " (backups are written first; postpost restore brings them back)"
                } else {
                    ""
                }
            ),
            Self::Change(PostChange::Reschedule(at)) => format!(
                "Reschedule {posts} to {} ({})?",
                crate::time::format_time(*at, TimeZoneChoice::configured()),
                format_instant(*at)
            ),
            Self::Change(PostChange::MoveToDraft) => format!("Move {posts} to draft?"),
        }
    }
}

/// The posts chosen, with what is known of them.
struct Selection {
    ids: Vec<PostGroupId>,
    /// The summaries of a filter's posts (the listing has them).
    summaries: Option<Vec<PostSummary>>,
    /// The ids came from stdin, which therefore cannot answer a question.
    from_stdin: bool,
}

/// Runs a job command: see the module docs.
pub async fn run_batch(
    client: &ApiClient,
    request: BatchRequest<'_>,
    plan: Plan,
    views: &BTreeMap<String, View>,
    mut options: JobOptions,
) -> ExitCode {
    let mut report = JobReport::new(request.command, request.dry_run);
    if let Plan::Change(PostChange::Reschedule(at)) = &plan {
        report.at = Some(format_instant(*at));
    }
    if client.is_read_only() && !request.dry_run {
        return output::fail(
            output::ErrorKind::ReadOnly,
            &format!(
                "read-only: {} is disabled (--read-only, or read_only in the config or the profile); --dry-run still works",
                plan.gerund()
            ),
            None,
            Exit::Usage,
        );
    }
    let selection = match select(client, &request, views, &mut report).await {
        Ok(selection) => selection,
        Err(code) => return code,
    };
    let Selection {
        mut ids,
        mut summaries,
        from_stdin,
    } = selection;
    if let (Plan::Change(_), Some(listed)) = (&plan, &summaries) {
        // update-post takes draft and scheduled posts only (§3.4): the others are skipped.
        let (changeable, other): (Vec<_>, Vec<_>) = listed
            .iter()
            .cloned()
            .partition(|post| matches!(post.status, PostStatus::Draft | PostStatus::Scheduled));
        report.skipped = other
            .iter()
            .map(|post| FailedItem {
                id: post.post_group_id.to_string(),
                reason: format!(
                    "{}: only draft and scheduled posts can change",
                    crate::text::sanitize::sanitize_line(post.status.as_str())
                ),
            })
            .collect();
        if !report.skipped.is_empty() {
            note!(
                "skipping {} listed {} that {} neither draft nor scheduled",
                report.skipped.len(),
                wording::noun(report.skipped.len(), "post", "posts"),
                if report.skipped.len() == 1 {
                    "is"
                } else {
                    "are"
                }
            );
        }
        ids = changeable.iter().map(|p| p.post_group_id.clone()).collect();
        summaries = Some(changeable);
    }
    report.selected = ids.iter().map(ToString::to_string).collect();
    if request.dry_run {
        if request.json {
            output::print_json(&report);
        } else {
            for id in &ids {
                outln!("{}", super::list::one_line(id.as_str(), 24));
            }
            note!(
                "dry run: {} {} would be {}; nothing was sent",
                ids.len(),
                wording::noun(ids.len(), "post", "posts"),
                plan.kind().done_verb()
            );
        }
        return ExitCode::from(Exit::Done);
    }
    if ids.is_empty() {
        note!("no posts to act on; nothing was sent");
        if request.json {
            output::print_json(&report);
        }
        return ExitCode::from(Exit::Done);
    }
    if !request.yes {
        if from_stdin {
            return usage("the ids came from stdin, so it cannot answer the question: add --yes");
        }
        if !io::stdin().is_terminal() {
            return usage(&format!(
                "refusing to go on {} without --yes when stdin is not a terminal",
                plan.gerund()
            ));
        }
        if summaries.is_none() {
            // Ids given by hand: what the question shows comes from the listing.
            summaries = summaries_of(client, &ids).await.ok();
        }
        let typed = ids.len() >= options.confirm_typed_threshold.max(1);
        let question = prompt::question(
            &plan.headline(ids.len()),
            &ids,
            summaries.as_deref().unwrap_or_default(),
            matches!(plan, Plan::Delete { .. }),
            typed,
        );
        if !prompt::ask(&question, typed.then_some(ids.len())) {
            eprintln!("nothing was sent");
            return ExitCode::from(Exit::Done);
        }
    }
    if let Some(concurrency) = request.concurrency {
        options.concurrency = concurrency.max(1);
    }
    if let Plan::Delete { backup: Some(root) } = &plan {
        // The summaries hold the media URLs and the time a restore needs: the filter's
        // collection has them; for ids given by hand, list-posts is read until each is found.
        let summaries = match summaries {
            Some(summaries) => summaries,
            None => match summaries_of(client, &ids).await {
                Ok(found) => found,
                Err(error) => return report_api_error(&error),
            },
        };
        options.backup = Some(crate::worker::backup::BackupOptions {
            root: root.clone(),
            summaries: summaries
                .into_iter()
                .map(|post| (post.post_group_id.clone(), post))
                .collect(),
            fetch_detail: true,
        });
    }
    report.journal = options
        .journal
        .as_ref()
        .map(|journal| journal.path().display().to_string());
    run_with_progress(client, ids, plan.kind(), &options, &mut report).await;
    report.print(plan.kind(), request.json);
    if let Some(journal) = &report.journal {
        note!("journal: {journal}");
    }
    ExitCode::from(report.exit_code())
}

/// The posts `request` names: its ids (or stdin's), or every post its filter matches (listed
/// twice to catch posts the first walk missed, each checked locally). Errors are reported
/// here, with their exit code.
async fn select(
    client: &ApiClient,
    request: &BatchRequest<'_>,
    views: &BTreeMap<String, View>,
    report: &mut JobReport,
) -> Result<Selection, ExitCode> {
    let verb = request.command;
    if request.ids.is_empty() && !request.filter.is_set() {
        return Err(usage(&format!(
            "nothing to {verb}: give post group ids (or - to read them from stdin), or filters such as --status failed"
        )));
    }
    if !request.ids.is_empty() && request.filter.is_set() {
        return Err(usage("give either ids or filters, not both"));
    }
    if !request.ids.is_empty() {
        let from_stdin = ids::wants_stdin(request.ids);
        let ids = ids::read(request.ids).map_err(|message| usage(&message))?;
        return Ok(Selection {
            ids,
            summaries: None,
            from_stdin,
        });
    }
    let query = request
        .filter
        .to_query(views, chrono::Utc::now(), TimeZoneChoice::configured())
        .map_err(|message| usage(&message))?;
    if query.query.is_empty() {
        return Err(usage(
            "the filter has no terms, so it matches every post; give at least one term",
        ));
    }
    let mut collected = collect_matching(client, &query)
        .await
        .map_err(|error| report_api_error(&error))?;
    let extra = collected
        .list_again(client, &query)
        .await
        .map_err(|error| report_api_error(&error))?;
    if let Some(text) = collected.mismatch_note() {
        note!("{text}");
    }
    if !extra.is_empty() {
        note!(
            "listing once more found {} more matching {} (added meanwhile, or missed as pages shifted); included",
            extra.len(),
            wording::noun(extra.len(), "post", "posts")
        );
    }
    report.skipped_not_matching = collected.mismatched.len();
    report.found_on_second_listing = extra
        .iter()
        .map(|post| post.post_group_id.to_string())
        .collect();
    Ok(Selection {
        ids: collected
            .matching
            .iter()
            .map(|p| p.post_group_id.clone())
            .collect(),
        summaries: Some(collected.matching),
        from_stdin: false,
    })
}

/// The list-posts summaries of `ids`, read with the one page walker (`api::pages`, its
/// bounds included) until every id was seen or the list ends (a post not listed is backed up
/// from get-post alone).
///
/// # Errors
/// The first [`ApiError`].
pub async fn summaries_of(
    client: &ApiClient,
    ids: &[PostGroupId],
) -> Result<Vec<PostSummary>, ApiError> {
    let mut wanted: HashSet<&PostGroupId> = ids.iter().collect();
    let mut found = Vec::new();
    if wanted.is_empty() {
        return Ok(found);
    }
    let query = ListQuery {
        page: 1,
        limit: 100,
        ..Default::default()
    };
    crate::api::pages::walk_pages_while(
        client,
        &query,
        // Only a lookup: an entry with an invalid id is skipped, not a reason to stop.
        &crate::api::pages::PageWalk {
            refuse_invalid_ids: false,
            ..crate::api::pages::PageWalk::collect()
        },
        |page| {
            for post in page.posts {
                if wanted.remove(&post.post_group_id) {
                    found.push(post);
                }
            }
            std::future::ready(!wanted.is_empty())
        },
    )
    .await?;
    Ok(found)
}
