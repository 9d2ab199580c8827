//! The headless commands (DESIGN §4) as scripts run them: the built binary against a mock server
//! on 127.0.0.1:0, with HOME in a temporary folder so the journal lands there.

use std::process::Output;

use postpost_tui::api::model::CreatePostRequest;
use postpost_tui::mock::{MockConfig, MockServer};

use crate::support::{KEY, WAIT, client_for, delete_count, text};

pub(crate) struct Run {
    pub(crate) home: tempfile::TempDir,
}

impl Run {
    pub(crate) fn new() -> Self {
        Self {
            home: tempfile::tempdir().expect("tempdir"),
        }
    }

    /// Runs `postpost ARGS --base-url <server>` with the demo key, stdin not a terminal.
    pub(crate) async fn postpost(&self, server: &MockServer, args: &[&str], key: &str) -> Output {
        let base_url = ["--base-url".to_owned(), server.base_url()];
        let args: Vec<&str> = args
            .iter()
            .copied()
            .chain(base_url.iter().map(String::as_str))
            .collect();
        self.postpost_without_server(&args, key).await
    }

    /// Runs `postpost ARGS --base-url <server>` with the demo key and `input` on stdin.
    pub(crate) async fn postpost_with_stdin(
        &self,
        server: &MockServer,
        args: &[&str],
        input: &str,
    ) -> Output {
        let mut command = self.command(args);
        command
            .args(["--base-url", &server.base_url()])
            .env("POSTPOST_API_KEY", KEY)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        let input = input.to_owned();
        let run = tokio::task::spawn_blocking(move || {
            let mut child = command.spawn().expect("binary runs");
            if let Some(mut stdin) = child.stdin.take() {
                std::io::Write::write_all(&mut stdin, input.as_bytes()).expect("stdin written");
            }
            child.wait_with_output().expect("binary finishes")
        });
        tokio::time::timeout(WAIT, run)
            .await
            .expect("command finishes")
            .expect("join")
    }

    /// `postpost ARGS` with HOME and the XDG folders in the temporary folder, the zone UTC
    /// (dates of queries and `--at` are read in the local zone), nothing else from the
    /// environment; no key, stdin not set.
    pub(crate) fn command(&self, args: &[&str]) -> std::process::Command {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_postpost"));
        command
            .args(args)
            .env_clear()
            .env("HOME", self.home.path())
            .env("XDG_CONFIG_HOME", self.home.path().join("config"))
            .env("XDG_DATA_HOME", self.home.path().join("data"))
            .env("XDG_STATE_HOME", self.home.path().join("state"))
            .env("TZ", "UTC");
        command
    }

    /// Runs `postpost ARGS` with `key`, stdin not a terminal.
    pub(crate) async fn postpost_without_server(&self, args: &[&str], key: &str) -> Output {
        let mut command = self.command(args);
        command
            .env("POSTPOST_API_KEY", key)
            .stdin(std::process::Stdio::null());
        let run = tokio::task::spawn_blocking(move || command.output().expect("binary runs"));
        tokio::time::timeout(WAIT, run)
            .await
            .expect("command finishes")
            .expect("join")
    }
}

/// An empty account, then `count` scheduled posts created through the API.
async fn server_with_scheduled(count: usize) -> MockServer {
    let server = MockServer::start(MockConfig {
        include_seed: false,
        ..MockConfig::default()
    })
    .await
    .expect("mock starts");
    let client = client_for(&server);
    for n in 0..count {
        client
            .create_post(&CreatePostRequest {
                content: format!("scheduled post {n}"),
                platforms: vec!["twitter-1".into()],
                scheduled_time: Some("2030-01-01T10:00:00.000Z".into()),
                platform_settings: None,
            })
            .await
            .expect("create");
    }
    server.clear_requests();
    server
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn filter_delete_of_250_posts_with_page_size_100_deletes_all_250() {
    let server = server_with_scheduled(250).await;
    // A few drafts that the filter must leave alone.
    let client = client_for(&server);
    for n in 0..3 {
        client
            .create_post(&CreatePostRequest {
                content: format!("draft {n}"),
                platforms: vec!["linkedin-2".into()],
                scheduled_time: None,
                platform_settings: None,
            })
            .await
            .expect("create draft");
    }
    server.clear_requests();
    let run = Run::new();
    let output = run
        .postpost(
            &server,
            &["delete", "--status", "scheduled", "--yes", "--json"],
            KEY,
        )
        .await;
    assert_eq!(
        output.status.code(),
        Some(0),
        "stderr: {}",
        text(&output.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON report");
    assert_eq!(
        report["done"].as_array().map(Vec::len),
        Some(250),
        "{report}"
    );
    assert_eq!(report["failed"].as_array().map(Vec::len), Some(0));
    assert_eq!(server.post_ids().len(), 3, "only the drafts remain");
    assert_eq!(delete_count(&server), 250, "one delete per post");
    // Every id was collected before the first delete: all list requests come first.
    let requests = server.requests();
    let first_delete = requests
        .iter()
        .position(|r| r.method == "DELETE")
        .expect("deletes");
    assert!(
        requests[first_delete..]
            .iter()
            .all(|r| r.method == "DELETE")
    );
    assert_eq!(
        requests[..first_delete].len(),
        6,
        "pages of 100: 3 list requests, then the same 3 once more to catch posts the first walk missed"
    );

    // The journal tells the same story.
    let output = run.postpost(&server, &["journal", "--json"], KEY).await;
    let jobs: serde_json::Value = serde_json::from_slice(&output.stdout).expect("journal JSON");
    assert_eq!(jobs["schema_version"], 1);
    let job = &jobs["jobs"].as_array().expect("array")[0];
    assert_eq!(job["total"], 250);
    assert_eq!(job["counts"]["deleted"], 250);
    assert_eq!(job["finished"], true);
    assert_eq!(job["unresolved"].as_array().map(Vec::len), Some(0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dry_run_prints_the_exact_set_and_deletes_nothing() {
    let server = server_with_scheduled(5).await;
    let run = Run::new();
    let output = run
        .postpost(
            &server,
            &["delete", "--platform", "TWITTER", "--dry-run"],
            KEY,
        )
        .await;
    assert_eq!(
        output.status.code(),
        Some(0),
        "stderr: {}",
        text(&output.stderr)
    );
    let mut printed: Vec<String> = text(&output.stdout).lines().map(str::to_string).collect();
    printed.sort();
    let expected: Vec<String> = server
        .post_ids()
        .iter()
        .map(|id| id.as_str().to_string())
        .collect();
    assert_eq!(printed, expected);
    assert!(
        text(&output.stderr).contains("dry run: 5 posts would be deleted"),
        "{}",
        text(&output.stderr)
    );
    let one = expected[0].clone();
    let output = run
        .postpost(&server, &["delete", &one, "--dry-run"], KEY)
        .await;
    assert!(
        text(&output.stderr).contains("dry run: 1 post would be deleted;"),
        "{}",
        text(&output.stderr)
    );
    assert_eq!(delete_count(&server), 0);
    assert_eq!(server.post_ids().len(), 5);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_input_is_refused_before_any_request() {
    let server = server_with_scheduled(2).await;
    let run = Run::new();
    let cases: &[(&[&str], &str)] = &[
        (&["delete", "abc", "--yes"], "invalid post group id"),
        (
            &["show", "66b0c0ffee00000000000a0g"],
            "invalid post group id",
        ),
        (
            &["list", "--status", "processing"],
            "invalid value 'processing' for '--status",
        ),
        (
            &["list", "--platform", "myspace"],
            "invalid value 'myspace' for '--platform",
        ),
        (
            &["delete", "--concurrency", "0", "--yes", "--status", "draft"],
            "--concurrency",
        ),
        (
            &["delete", "--from", "next tuesday", "--yes"],
            "cannot read",
        ),
        (&["delete"], "nothing to delete"),
        (
            &["list", "--from", "2026-07-01", "--to", "2026-06-01"],
            "cannot both hold",
        ),
    ];
    for (args, expected) in cases {
        let output = run.postpost(&server, args, KEY).await;
        let stderr = text(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
    }
    assert!(
        server.requests().is_empty(),
        "no request for bad input: {:?}",
        server.requests()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deleting_without_a_terminal_needs_yes_and_a_wrong_key_exits_3() {
    let server = server_with_scheduled(2).await;
    let ids = server.post_ids();
    let run = Run::new();
    let output = run
        .postpost(&server, &["delete", ids[0].as_str()], KEY)
        .await;
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("--yes"));
    assert_eq!(delete_count(&server), 0);

    let output = run
        .postpost(&server, &["delete", ids[0].as_str(), "--yes"], "sk_wrong")
        .await;
    assert_eq!(
        output.status.code(),
        Some(3),
        "stderr: {}",
        text(&output.stderr)
    );
    assert!(
        text(&output.stdout).contains("Invalid API key"),
        "{}",
        text(&output.stdout)
    );
    assert!(server.contains(&ids[0]));
    assert!(
        !text(&output.stdout).contains("sk_wrong") && !text(&output.stderr).contains("sk_wrong"),
        "the key never appears"
    );

    let output = run
        .postpost(
            &server,
            &["delete", ids[0].as_str(), ids[0].as_str(), "--yes"],
            KEY,
        )
        .await;
    assert_eq!(
        output.status.code(),
        Some(0),
        "stderr: {}",
        text(&output.stderr)
    );
    assert_eq!(
        delete_count(&server),
        2,
        "the wrong-key attempt plus one delete for an id given twice"
    );
    assert!(!server.contains(&ids[0]));
    assert!(server.contains(&ids[1]));
    let output = run.postpost(&server, &["list", "--ids"], KEY).await;
    assert_eq!(text(&output.stdout).trim(), ids[1].as_str());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn backups_are_written_before_deleting_and_a_failed_backup_keeps_the_post() {
    let server = server_with_scheduled(3).await;
    let ids = server.post_ids();
    let run = Run::new();
    let backups = run.home.path().join("backups");
    let output = run
        .postpost(
            &server,
            &[
                "delete",
                ids[0].as_str(),
                ids[1].as_str(),
                "--yes",
                "--json",
                "--backup",
                backups.to_str().expect("utf-8"),
            ],
            KEY,
        )
        .await;
    assert_eq!(
        output.status.code(),
        Some(0),
        "stderr: {}",
        text(&output.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("report");
    let job = report["job"].as_str().expect("the job's name").to_string();
    assert_eq!(
        report["backup_dir"].as_str(),
        Some(backups.join(&job).to_str().expect("utf-8"))
    );
    for id in &ids[..2] {
        let saved =
            std::fs::read_to_string(backups.join(&job).join(format!("{}.json", id.as_str())))
                .expect("backup file");
        let record: postpost_tui::worker::backup::BackupRecord =
            serde_json::from_str(&saved).expect("backup JSON");
        assert_eq!(&record.post_group_id, id);
        assert_eq!(record.job, job);
        let detail = record.detail.expect("get-post detail");
        assert!(
            detail.posts[0]
                .content
                .as_deref()
                .is_some_and(|c| c.starts_with("scheduled post"))
        );
        let summary = record.summary.expect("the list-posts summary");
        assert!(summary.scheduled_time.is_some());
        assert!(!server.contains(id));
    }
    // A backup folder that cannot be created: the post is reported failed and not deleted.
    let blocker = run.home.path().join("not-a-dir");
    std::fs::write(&blocker, "file").expect("write");
    let output = run
        .postpost(
            &server,
            &[
                "delete",
                ids[2].as_str(),
                "--yes",
                "--json",
                "--backup",
                blocker.to_str().expect("utf-8"),
            ],
            KEY,
        )
        .await;
    assert_eq!(
        output.status.code(),
        Some(1),
        "stderr: {}",
        text(&output.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("report");
    assert!(
        report["failed"][0]["reason"]
            .as_str()
            .is_some_and(|r| r.contains("backup failed")),
        "{report}"
    );
    assert!(server.contains(&ids[2]));
    assert!(
        !server
            .requests()
            .iter()
            .any(|r| r.method == "DELETE" && r.path.ends_with(ids[2].as_str())),
        "no delete was sent"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn read_only_refuses_deletes_but_allows_dry_runs_and_reads() {
    let server = server_with_scheduled(3).await;
    let ids = server.post_ids();
    let run = Run::new();
    let output = run
        .postpost(
            &server,
            &["delete", ids[0].as_str(), "--yes", "--read-only"],
            KEY,
        )
        .await;
    assert_eq!(
        output.status.code(),
        Some(2),
        "stderr: {}",
        text(&output.stderr)
    );
    assert!(text(&output.stderr).contains("read-only"));
    let output = run
        .postpost(
            &server,
            &[
                "--read-only",
                "delete",
                "--status",
                "scheduled",
                "--dry-run",
            ],
            KEY,
        )
        .await;
    assert_eq!(
        output.status.code(),
        Some(0),
        "stderr: {}",
        text(&output.stderr)
    );
    assert_eq!(text(&output.stdout).lines().count(), 3);
    let output = run
        .postpost(&server, &["list", "--ids", "--read-only"], KEY)
        .await;
    assert_eq!(text(&output.stdout).lines().count(), 3);
    assert_eq!(delete_count(&server), 0);
    assert_eq!(server.post_ids().len(), 3);
}

/// A config with a read-only profile and a writable one, the file's default being writable.
fn profiles_config(run: &Run, server: &MockServer) -> String {
    let path = run.home.path().join("profiles.toml");
    std::fs::write(
        &path,
        format!(
            "profile = \"work\"\n\
             [profiles.work]\nbase_url = \"{url}\"\n\
             [profiles.audit]\nbase_url = \"{url}\"\nread_only = true\n",
            url = server.base_url()
        ),
    )
    .expect("write config");
    path.display().to_string()
}

/// `--profile audit` (read_only = true) refuses `delete --yes` with exit 2 before any request; an
/// unknown profile exits 2 naming the known ones; the file's default profile still deletes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_read_only_profile_refuses_deletes_and_an_unknown_profile_is_named() {
    let server = server_with_scheduled(2).await;
    let ids = server.post_ids();
    let run = Run::new();
    let config = profiles_config(&run, &server);
    let output = run
        .postpost_without_server(
            &[
                "--config",
                &config,
                "--profile",
                "audit",
                "delete",
                "--yes",
                ids[0].as_str(),
            ],
            KEY,
        )
        .await;
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "stderr: {stderr}");
    assert!(stderr.contains("read-only"), "{stderr}");
    assert!(
        server.requests().is_empty(),
        "a read-only profile sent {:?}",
        server.requests()
    );

    let output = run
        .postpost_without_server(
            &["--config", &config, "--profile", "nope", "list", "--ids"],
            KEY,
        )
        .await;
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "stderr: {stderr}");
    assert!(
        stderr.contains("unknown profile \"nope\"; the config file defines: audit, work"),
        "{stderr}"
    );
    assert!(server.requests().is_empty());

    // The file's own choice, "work", may delete.
    let output = run
        .postpost_without_server(
            &["--config", &config, "delete", "--yes", ids[0].as_str()],
            KEY,
        )
        .await;
    assert_eq!(
        output.status.code(),
        Some(0),
        "stderr: {}",
        text(&output.stderr)
    );
    assert_eq!(delete_count(&server), 1);
    assert!(!server.contains(&ids[0]));
}

/// `config path` names the profile in use; `config check` checks every profile and names the
/// one that is wrong, and reports clashing key overrides.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn config_check_checks_every_profile_and_reports_key_clashes() {
    let run = Run::new();
    let path = run.home.path().join("check.toml");
    let path_arg = path.display().to_string();
    std::fs::write(
        &path,
        "profile = \"home\"\n[profiles.home]\n[profiles.broken]\nuser_id = \"abc\"\n\
         [keys.browse]\nrequest_delete = [\"k\"]\n",
    )
    .expect("write config");
    let output = run
        .postpost_without_server(&["--config", &path_arg, "config", "path"], KEY)
        .await;
    let stdout = text(&output.stdout);
    assert!(stdout.contains("profile      home"), "{stdout}");
    let output = run
        .postpost_without_server(
            &[
                "--config",
                &path_arg,
                "--profile",
                "broken",
                "config",
                "path",
            ],
            KEY,
        )
        .await;
    assert!(text(&output.stdout).contains("profile      broken"));

    let output = run
        .postpost_without_server(&["--config", &path_arg, "config", "check"], KEY)
        .await;
    let stdout = text(&output.stdout);
    assert_eq!(output.status.code(), Some(2), "{stdout}");
    assert!(stdout.contains("profile: home"), "{stdout}");
    assert!(
        stdout.contains("error: profile broken: config key \"user_id\""),
        "{stdout}"
    );
    assert!(
        stdout.contains("warning: keys.browse: k is bound to cursor_up, request_delete"),
        "{stdout}"
    );

    std::fs::write(&path, "[profiles.home]\n[keys.browse]\nquit = [\"Q\"]\n").expect("write");
    let output = run
        .postpost_without_server(&["--config", &path_arg, "config", "check"], KEY)
        .await;
    let stdout = text(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("profile home: ok"), "{stdout}");

    std::fs::write(&path, "[theme]\ncursor = { bg = \"orangeish\" }\n").expect("write");
    let output = run
        .postpost_without_server(&["--config", &path_arg, "config", "check"], KEY)
        .await;
    let stdout = text(&output.stdout);
    assert_eq!(output.status.code(), Some(2), "{stdout}");
    assert!(
        stdout.contains("config key \"theme.cursor.bg\": \"orangeish\" is not a colour"),
        "{stdout}"
    );
}
