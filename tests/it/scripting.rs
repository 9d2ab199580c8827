//! Scripts driving the built binary against the mock (DESIGN §4): ids through stdin for `show`,
//! `delete`, `reschedule` and `draft`; bad stdin lines named with their line numbers before any
//! request; `reschedule` and `draft` by filter, skipping what update-post would refuse
//! (POSTPOST_API.md §3.4); `--quiet`; tab-separated tables off a terminal; and the small things
//! of the config (`config check` without a file, a typo'd key).

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use postpost_tui::api::model::{CreatePostRequest, PostGroupId, PostStatus, PostSummary};
use postpost_tui::mock::{MockConfig, MockServer};

use crate::headless::Run;
use crate::support::{KEY, client_for, start, stored, text};

/// An empty account with `scheduled` scheduled posts and `published` published ones (published
/// by rescheduling to now is not possible: they are seed posts of the mock, see below).
async fn account(scheduled: usize) -> (MockServer, Vec<String>) {
    let server = start(MockConfig {
        include_seed: false,
        ..MockConfig::default()
    })
    .await;
    let client = client_for(&server);
    let mut ids = Vec::new();
    for n in 0..scheduled {
        let id = client
            .create_post(&CreatePostRequest {
                content: format!("scripted post {n}\nsecond line"),
                platforms: vec!["twitter-1402938475".into()],
                scheduled_time: Some("2030-01-01T10:00:00.000Z".into()),
                platform_settings: None,
            })
            .await
            .expect("create");
        ids.push(id.to_string());
    }
    server.clear_requests();
    (server, ids)
}

fn json(output: &std::process::Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|error| {
        panic!(
            "stdout is not JSON ({error}): {}\nstderr: {}",
            text(&output.stdout),
            text(&output.stderr)
        )
    })
}

fn ids_of(value: &serde_json::Value) -> BTreeSet<String> {
    value
        .as_array()
        .expect("an id list")
        .iter()
        .map(|id| id.as_str().expect("an id").to_owned())
        .collect()
}

fn status_of(server: &MockServer, id: &str) -> Option<(PostStatus, Option<DateTime<Utc>>)> {
    stored(server)
        .get(&PostGroupId::parse(id).expect("id"))
        .cloned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ids_on_stdin_drive_show_delete_reschedule_and_draft() {
    let (server, ids) = account(4).await;
    let run = Run::new();
    let at = "2031-03-01 10:00";
    let input = format!(
        "# chosen by a script\n{} {}\n\n{}  # again\n",
        ids[0], ids[1], ids[0]
    );
    let output = run
        .postpost_with_stdin(
            &server,
            &["reschedule", "-", "--at", at, "--yes", "--json"],
            &input,
        )
        .await;
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let report = json(&output);
    assert_eq!(report["schema_version"], 1);
    assert_eq!(report["command"], "reschedule");
    assert_eq!(report["dry_run"], false);
    assert_eq!(report["at"], "2031-03-01T10:00:00.000Z");
    let expected: BTreeSet<String> = ids[..2].iter().cloned().collect();
    assert_eq!(ids_of(&report["selected"]), expected);
    assert_eq!(ids_of(&report["done"]), expected);
    let wanted: DateTime<Utc> = "2031-03-01T10:00:00Z".parse().expect("time");
    for id in &ids[..2] {
        assert_eq!(
            status_of(&server, id),
            Some((PostStatus::Scheduled, Some(wanted)))
        );
    }

    let output = run
        .postpost_with_stdin(&server, &["draft", "-", "--yes"], &format!("{}\n", ids[2]))
        .await;
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert!(
        text(&output.stdout).starts_with("moved to draft 1"),
        "{}",
        text(&output.stdout)
    );
    assert_eq!(
        status_of(&server, &ids[2]).map(|s| s.0),
        Some(PostStatus::Draft)
    );

    let output = run
        .postpost_with_stdin(
            &server,
            &["show", "-", "--json"],
            &format!("{}\n{}\n", ids[0], ids[3]),
        )
        .await;
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let shown = json(&output);
    let shown_ids: Vec<&str> = shown["posts"]
        .as_array()
        .expect("posts")
        .iter()
        .map(|post| post["postGroupId"].as_str().expect("id"))
        .collect();
    assert_eq!(shown_ids, [ids[0].as_str(), ids[3].as_str()]);

    // Without --yes, ids from stdin cannot be confirmed: refused, nothing deleted.
    let output = run
        .postpost_with_stdin(&server, &["delete", "-"], &format!("{}\n", ids[3]))
        .await;
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output.stderr).contains("--yes"),
        "{}",
        text(&output.stderr)
    );
    assert!(status_of(&server, &ids[3]).is_some());
    let output = run
        .postpost_with_stdin(
            &server,
            &["delete", "-", "--yes", "--json"],
            &format!("{}\n", ids[3]),
        )
        .await;
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert_eq!(
        ids_of(&json(&output)["done"]),
        BTreeSet::from([ids[3].clone()])
    );
    assert!(status_of(&server, &ids[3]).is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_stdin_lines_are_named_with_their_numbers_before_any_request() {
    let (server, ids) = account(1).await;
    let run = Run::new();
    let input = format!(
        "{}\nnot-an-id\n# fine\n{} 123 # two on a line\n",
        ids[0], ids[0]
    );
    for args in [
        vec!["show", "-"],
        vec!["delete", "-", "--yes"],
        vec!["reschedule", "-", "--at", "+2h", "--yes"],
        vec!["draft", "-", "--yes", "--json"],
    ] {
        let output = run.postpost_with_stdin(&server, &args, &input).await;
        let stderr = text(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains("line 2: \"not-an-id\"") && stderr.contains("line 4: \"123\""),
            "{args:?}: {stderr}"
        );
        if args.contains(&"--json") {
            let error = json(&output);
            assert_eq!(error["schema_version"], 1);
            assert_eq!(error["error"]["kind"], "usage");
            assert!(
                error["error"]["message"]
                    .as_str()
                    .is_some_and(|m| m.contains("line 2")),
                "{error}"
            );
        }
    }
    let output = run
        .postpost_with_stdin(&server, &["show", "-"], "# nothing\n")
        .await;
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("no post group ids"));
    let output = run.postpost(&server, &["show", &ids[0], "-"], KEY).await;
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("must be the only id"));
    assert!(server.requests().is_empty(), "{:?}", server.requests());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn filters_choose_what_can_change_and_the_server_refuses_the_rest_by_id() {
    // The demo set has scheduled, draft, published and failed posts on many platforms.
    let server = start(MockConfig::default()).await;
    let everything = crate::headless_query::everything(&server).await;
    let on_instagram: Vec<_> = everything
        .iter()
        .filter(|post| {
            post.platforms
                .iter()
                .any(|p| p.platform.as_str() == "instagram")
        })
        .collect();
    let (changeable, other): (Vec<&PostSummary>, Vec<&PostSummary>) = on_instagram
        .iter()
        .copied()
        .partition(|post| matches!(post.status, PostStatus::Draft | PostStatus::Scheduled));
    assert!(
        !changeable.is_empty() && !other.is_empty(),
        "the seed has both"
    );
    let run = Run::new();
    let output = run
        .postpost(
            &server,
            &["draft", "--platform", "instagram", "--dry-run", "--json"],
            KEY,
        )
        .await;
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let report = json(&output);
    assert_eq!(report["dry_run"], true);
    let expected: BTreeSet<String> = changeable
        .iter()
        .map(|post| post.post_group_id.to_string())
        .collect();
    assert_eq!(ids_of(&report["selected"]), expected);
    let skipped: BTreeSet<String> = report["skipped"]
        .as_array()
        .expect("skipped")
        .iter()
        .map(|item| item["id"].as_str().expect("id").to_owned())
        .collect();
    let expected_skipped: BTreeSet<String> = other
        .iter()
        .map(|post| post.post_group_id.to_string())
        .collect();
    assert_eq!(skipped, expected_skipped);
    assert!(
        server.requests().iter().all(|r| r.method == "GET"),
        "a dry run sends nothing that changes"
    );

    let output = run
        .postpost(
            &server,
            &[
                "reschedule",
                "--platform",
                "instagram",
                "--at",
                "+3d",
                "--yes",
                "--json",
            ],
            KEY,
        )
        .await;
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert_eq!(ids_of(&json(&output)["done"]), expected);
    for post in &other {
        let before = (
            post.status.clone(),
            post.scheduled_time.as_ref().and_then(|t| t.parsed()),
        );
        assert_eq!(
            status_of(&server, post.post_group_id.as_str()),
            Some(before)
        );
    }

    // By id, a published post goes to the server, which refuses it (§3.4): failed, exit 1.
    let published = other[0].post_group_id.to_string();
    let output = run
        .postpost(&server, &["draft", &published, "--yes", "--json"], KEY)
        .await;
    assert_eq!(output.status.code(), Some(1), "{}", text(&output.stderr));
    let report = json(&output);
    assert_eq!(report["failed"][0]["id"], published.as_str());
    assert!(
        report["failed"][0]["reason"]
            .as_str()
            .is_some_and(|reason| reason.contains("Cannot update post")),
        "{report}"
    );

    // A time in the past is refused before any request.
    server.clear_requests();
    let output = run
        .postpost(
            &server,
            &[
                "reschedule",
                &published,
                "--at",
                "2020-01-01 09:00",
                "--yes",
            ],
            KEY,
        )
        .await;
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output.stderr).contains("in the past"),
        "{}",
        text(&output.stderr)
    );
    assert!(server.requests().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn quiet_prints_only_errors_and_asked_for_json_and_tables_fit_their_reader() {
    let (server, ids) = account(3).await;
    let run = Run::new();
    let output = run
        .postpost(&server, &["--quiet", "delete", &ids[0], "--yes"], KEY)
        .await;
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(text(&output.stdout), "");
    assert_eq!(text(&output.stderr), "");
    let output = run
        .postpost(&server, &["draft", &ids[1], "--yes", "--json", "-q"], KEY)
        .await;
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(json(&output)["command"], "draft");
    assert_eq!(text(&output.stderr), "");
    let output = run
        .postpost(&server, &["--quiet", "delete", "nope", "--yes"], KEY)
        .await;
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("invalid post group id"));

    // Off a terminal the table is tab-separated, whole cells; --table pads it.
    let output = run.postpost(&server, &["list"], KEY).await;
    let stdout = text(&output.stdout);
    let mut lines = stdout.lines();
    assert_eq!(
        lines.next(),
        Some("id\tstatus\tplatforms\tscheduled\tcontent")
    );
    let row: Vec<&str> = lines.next().expect("a row").split('\t').collect();
    assert_eq!(row.len(), 5, "{row:?}");
    assert!(ids.contains(&row[0].to_owned()), "{row:?}");
    assert!(row[4].starts_with("scripted post"), "{row:?}");
    let output = run.postpost(&server, &["list", "--table"], KEY).await;
    let stdout = text(&output.stdout);
    assert!(stdout.starts_with("id  "), "{stdout}");
    assert!(!stdout.contains('\t'), "{stdout}");
    let output = run.postpost(&server, &["list", "--jsonl"], KEY).await;
    let lines: Vec<serde_json::Value> = text(&output.stdout)
        .lines()
        .map(|line| serde_json::from_str(line).expect("one JSON post per line"))
        .collect();
    assert_eq!(lines.len(), 2);
    assert!(lines.iter().all(|post| post["postGroupId"].is_string()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn config_check_without_a_file_is_fine_and_a_typo_gets_the_nearest_key() {
    let run = Run::new();
    let output = run.postpost_without_server(&["config", "check"], KEY).await;
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert!(
        text(&output.stdout).contains("no config file")
            && text(&output.stdout).contains("defaults in use (postpost config init writes one)"),
        "{}",
        text(&output.stdout)
    );
    let path = run.home.path().join("typo.toml");
    std::fs::write(&path, "concurency = 4\n").expect("write");
    let path = path.display().to_string();
    let output = run
        .postpost_without_server(&["--config", &path, "config", "check"], KEY)
        .await;
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output.stderr).contains("did you mean `concurrency`?"),
        "{}",
        text(&output.stderr)
    );
}
