//! The query language on the command line (DESIGN §4, §8): the sugar flags choose the same posts
//! as the query they stand for and as an independent computation over the server's data; a
//! malformed query exits 2 before any request; a filter delete against a server that ignores
//! its filters deletes only matching posts (DESIGN §7 invariant 4); `prune --view` deletes
//! exactly the view's set, backed up and journaled. Times are read in UTC (`TZ=UTC`).

use std::collections::BTreeSet;
use std::path::Path;

use chrono::{DateTime, Utc};
use postpost_tui::api::client::ListQuery;
use postpost_tui::api::model::{PostStatus, PostSummary};
use postpost_tui::commands::collect_all;
use postpost_tui::mock::{Faults, MockServer};

use crate::headless::Run;
use crate::support::{KEY, client_for, deleted_ids, start_with, text};

/// Every post on the server, read without filters.
pub(crate) async fn everything(server: &MockServer) -> Vec<PostSummary> {
    let query = ListQuery {
        page: 1,
        limit: 100,
        status: None,
        platform: None,
        sort_by: None,
        sort_order: None,
        from_date: None,
        to_date: None,
    };
    collect_all(&client_for(server), &query)
        .await
        .expect("lists")
}

/// "Failed (or partly published) twitter or linkedin posts created before November 2026, except
/// those mentioning Guji", computed the plain way.
fn cleanup_set(posts: &[PostSummary]) -> BTreeSet<String> {
    let november = DateTime::parse_from_rfc3339("2026-11-01T00:00:00Z")
        .expect("instant")
        .with_timezone(&Utc);
    posts
        .iter()
        .filter(|post| {
            matches!(
                post.status,
                PostStatus::Failed | PostStatus::PartiallyPublished
            )
        })
        .filter(|post| {
            post.platforms
                .iter()
                .any(|p| matches!(p.platform.as_str(), "twitter" | "linkedin"))
        })
        .filter(|post| {
            post.created_at
                .as_ref()
                .and_then(|t| t.parsed())
                .is_some_and(|t| t < november)
        })
        .filter(|post| {
            !post
                .content
                .as_deref()
                .unwrap_or("")
                .to_lowercase()
                .contains("guji")
        })
        .map(|post| post.post_group_id.as_str().to_string())
        .collect()
}

const CLEANUP_QUERY: &str =
    "status:failed,partially_published platform:twitter,linkedin created:<2026-11-01 -guji";

fn lines(output: &std::process::Output) -> BTreeSet<String> {
    text(&output.stdout).lines().map(str::to_string).collect()
}

fn ok(output: &std::process::Output) {
    assert_eq!(
        output.status.code(),
        Some(0),
        "stdout: {}\nstderr: {}",
        text(&output.stdout),
        text(&output.stderr)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sugar_flags_choose_the_same_posts_as_the_query_and_an_independent_computation() {
    let server = start_with(400, Faults::default()).await;
    let expected = cleanup_set(&everything(&server).await);
    assert!(expected.len() >= 5, "a meaningful set: {}", expected.len());
    let run = Run::new();
    let sugar = run
        .postpost(
            &server,
            &[
                "list",
                "--ids",
                "--status",
                "failed,partially_published",
                "--platform",
                "twitter,linkedin",
                "--created-before",
                "2026-11-01",
                "--exclude",
                "Guji",
            ],
            KEY,
        )
        .await;
    ok(&sugar);
    let query = run
        .postpost(&server, &["list", "--ids", "--query", CLEANUP_QUERY], KEY)
        .await;
    ok(&query);
    assert_eq!(lines(&sugar), expected);
    assert_eq!(lines(&query), expected);
    // Ages: --older-than is created:<AGE; --contains/--exclude are phrases; --from/--to are
    // the scheduled time's local days.
    for (flags, equivalent) in [
        (
            vec!["--older-than", "30d", "--contains", "roast"],
            "created:<30d roast",
        ),
        (
            vec![
                "--from",
                "2026-11-10",
                "--to",
                "2026-11-20",
                "--exclude",
                "link in bio",
            ],
            "scheduled:>2026-11-10 scheduled:<2026-11-21 -\"link in bio\"",
        ),
    ] {
        let mut args = vec!["list", "--ids"];
        args.extend(flags.iter().copied());
        let sugar = run.postpost(&server, &args, KEY).await;
        ok(&sugar);
        let query = run
            .postpost(&server, &["list", "--ids", "--query", equivalent], KEY)
            .await;
        ok(&query);
        assert!(!lines(&sugar).is_empty(), "{flags:?} chooses something");
        assert_eq!(lines(&sugar), lines(&query), "{flags:?} = {equivalent}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_malformed_query_exits_2_before_any_request() {
    let server = start_with(5, Faults::default()).await;
    let run = Run::new();
    let cases: &[(&[&str], &str)] = &[
        (
            &["list", "--query", "status:nope"],
            "status:nope: unknown status",
        ),
        (&["delete", "--query", "\"launch", "--yes"], "not closed"),
        (&["list", "--older-than", "30 days"], "--older-than 30 days"),
        (&["list", "--status", "failed,"], "a value is required"),
        (&["delete", "--query", "", "--yes"], "matches every post"),
        (&["list", "--view", "missing"], "no saved views"),
        (&["prune", "--view", "missing", "--yes"], "no saved views"),
        (
            &["list", "--query", "stauts:failed"],
            "unknown filter stauts:",
        ),
    ];
    for (args, expected) in cases {
        let output = run.postpost(&server, args, KEY).await;
        let stderr = text(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
    }
    assert!(server.requests().is_empty(), "{:?}", server.requests());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_filter_delete_against_a_server_ignoring_its_filters_deletes_only_matching_posts() {
    let server = start_with(
        200,
        Faults {
            ignore_list_filters: true,
            ..Faults::default()
        },
    )
    .await;
    let all = everything(&server).await;
    let expected: BTreeSet<String> = all
        .iter()
        .filter(|post| post.status == PostStatus::Failed)
        .filter(|post| {
            post.platforms
                .iter()
                .any(|p| p.platform.as_str() == "mastodon")
        })
        .map(|post| post.post_group_id.as_str().to_string())
        .collect();
    assert!(!expected.is_empty());
    server.clear_requests();
    let run = Run::new();
    let filter = ["--status", "failed", "--platform", "mastodon", "--json"];
    let mut dry = vec!["delete", "--dry-run"];
    dry.extend(filter);
    let output = run.postpost(&server, &dry, KEY).await;
    ok(&output);
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let would: BTreeSet<String> = report["selected"]
        .as_array()
        .expect("ids")
        .iter()
        .filter_map(|id| id.as_str().map(str::to_string))
        .collect();
    assert_eq!(
        would, expected,
        "the dry run shows what the real run deletes"
    );
    let skipped = all.len() - expected.len();
    assert_eq!(report["skipped_not_matching"], skipped);
    assert!(
        text(&output.stderr).contains(&format!(
            "the server returned {skipped} posts that do not match the filter; skipped"
        )),
        "{}",
        text(&output.stderr)
    );
    assert!(deleted_ids(&server).is_empty());

    let mut real = vec!["delete", "--yes"];
    real.extend(filter);
    let output = run.postpost(&server, &real, KEY).await;
    ok(&output);
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(report["skipped_not_matching"], skipped);
    // The mock's request log: a delete was sent for exactly the matching posts.
    let sent: BTreeSet<String> = deleted_ids(&server).into_iter().collect();
    assert_eq!(sent, expected);
    assert_eq!(server.post_ids().len(), all.len() - expected.len());
}

fn write_config(dir: &Path, body: &str) -> String {
    let path = dir.join("config.toml");
    std::fs::write(&path, body).expect("config written");
    path.display().to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn prune_deletes_exactly_the_views_set_with_backups_and_a_journal() {
    let server = start_with(400, Faults::default()).await;
    let all = everything(&server).await;
    let expected = cleanup_set(&all);
    server.clear_requests();
    let run = Run::new();
    let config = write_config(
        run.home.path(),
        &format!(
            "[views.stale]\nquery = '{CLEANUP_QUERY}'\n\n[profiles.work.views.drafts]\nquery = 'status:draft'\n"
        ),
    );
    let check = run
        .postpost_without_server(&["config", "check", "--config", &config], KEY)
        .await;
    let check_out = text(&check.stdout);
    assert!(check_out.contains("view views.stale: ok"), "{check_out}");
    assert!(
        check_out.contains("view profiles.work.views.drafts: ok"),
        "{check_out}"
    );

    let output = run
        .postpost(
            &server,
            &[
                "prune",
                "--view",
                "stale",
                "--dry-run",
                "--json",
                "--config",
                &config,
            ],
            KEY,
        )
        .await;
    ok(&output);
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let would: BTreeSet<String> = report["selected"]
        .as_array()
        .expect("ids")
        .iter()
        .filter_map(|id| id.as_str().map(str::to_string))
        .collect();
    assert_eq!(would, expected);
    assert!(deleted_ids(&server).is_empty(), "a dry run deletes nothing");

    let output = run
        .postpost(
            &server,
            &[
                "prune", "--view", "stale", "--yes", "--json", "--config", &config,
            ],
            KEY,
        )
        .await;
    ok(&output);
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let deleted: BTreeSet<String> = report["done"]
        .as_array()
        .expect("ids")
        .iter()
        .filter_map(|id| id.as_str().map(str::to_string))
        .collect();
    assert_eq!(deleted, expected);
    assert_eq!(
        deleted_ids(&server).into_iter().collect::<BTreeSet<_>>(),
        expected
    );
    assert_eq!(server.post_ids().len(), all.len() - expected.len());
    // Every post was backed up before it was deleted, in the folder named by the job.
    let folder = std::path::PathBuf::from(report["backup_dir"].as_str().expect("backup_dir"));
    assert!(folder.starts_with(run.home.path()), "{}", folder.display());
    assert_eq!(
        folder.file_name().and_then(|n| n.to_str()),
        report["job"].as_str()
    );
    let backed_up: BTreeSet<String> = std::fs::read_dir(&folder)
        .expect("backups")
        .flatten()
        .filter_map(|e| {
            e.file_name()
                .to_str()
                .and_then(|n| n.strip_suffix(".json"))
                .map(str::to_string)
        })
        .collect();
    assert_eq!(backed_up, expected);
    // And journaled.
    let journal = run
        .postpost_without_server(&["journal", "--json"], KEY)
        .await;
    let jobs: serde_json::Value = serde_json::from_slice(&journal.stdout).expect("journal JSON");
    assert_eq!(
        jobs["jobs"][0]["counts"]["deleted"],
        expected.len(),
        "{jobs}"
    );
    // A broken view: config check names it and exits 2.
    let broken = write_config(run.home.path(), "[views.bad]\nquery = 'status:nope'\n");
    let check = run
        .postpost_without_server(&["config", "check", "--config", &broken], KEY)
        .await;
    assert_eq!(check.status.code(), Some(2));
    assert!(
        text(&check.stdout).contains("[views.bad] query: status:nope: unknown status"),
        "{}",
        text(&check.stdout)
    );
}
