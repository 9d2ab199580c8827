//! The scripting contract of the built binary (DESIGN §4, README "JSON output"): every `--json`
//! output is one object with `"schema_version": 1` whose shape is frozen in an insta snapshot
//! (keys and value types; the values themselves vary); errors are JSON too with `--json`; a
//! closed stdout ends quietly with exit 0; completions parse and man renders; `mock-server`
//! says which fault knobs are in force and logs nothing without `-v`.

use std::io::{BufRead, BufReader};
use std::process::Stdio;

use postpost_tui::api::model::CreatePostRequest;
use postpost_tui::mock::{Faults, MockConfig, MockServer};
use serde_json::{Value, json};

use crate::headless::Run;
use crate::support::{KEY, WAIT, client_for, start, start_with, text};

/// The shape of `value`: every key kept, every value replaced by its type, an array by the
/// shape of its first item; `schema_version` keeps its value.
fn shape(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(key, value)| {
                    let kept = if key == "schema_version" {
                        value.clone()
                    } else {
                        shape(value)
                    };
                    (key.clone(), kept)
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.first().map(shape).into_iter().collect()),
        Value::String(_) => json!("string"),
        Value::Number(_) => json!("number"),
        Value::Bool(_) => json!("bool"),
        Value::Null => json!("null"),
    }
}

fn parse(output: &std::process::Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|error| {
        panic!(
            "not one JSON object ({error}): {}\nstderr: {}",
            text(&output.stdout),
            text(&output.stderr)
        )
    })
}

/// Freezes the shape of a command's JSON under `name`, after checking the version.
fn freeze(name: &str, output: &std::process::Output) {
    let value = parse(output);
    assert_eq!(value["schema_version"], 1, "{name}: {value}");
    let pretty = serde_json::to_string_pretty(&shape(&value)).expect("pretty");
    insta::assert_snapshot!(name, pretty);
}

/// An empty account with two scheduled posts, one of them with media-less content, and one
/// draft.
async fn small_account() -> (MockServer, Vec<String>) {
    let server = start(MockConfig {
        include_seed: false,
        ..MockConfig::default()
    })
    .await;
    let client = client_for(&server);
    let mut ids = Vec::new();
    for (n, time) in [
        Some("2030-01-01T10:00:00.000Z"),
        Some("2030-01-02T10:00:00.000Z"),
        None,
    ]
    .into_iter()
    .enumerate()
    {
        let id = client
            .create_post(&CreatePostRequest {
                content: format!("contract post {n}"),
                platforms: vec!["twitter-1402938475".into()],
                scheduled_time: time.map(str::to_owned),
                platform_settings: None,
            })
            .await
            .expect("create");
        ids.push(id.to_string());
    }
    (server, ids)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_json_output_is_one_versioned_object_of_a_frozen_shape() {
    let (server, ids) = small_account().await;
    let run = Run::new();
    let list = run.postpost(&server, &["list", "--json"], KEY).await;
    freeze("json_list", &list);
    assert_eq!(parse(&list)["posts"].as_array().map(Vec::len), Some(3));
    let jsonl = run.postpost(&server, &["list", "--jsonl"], KEY).await;
    let first: Value =
        serde_json::from_str(text(&jsonl.stdout).lines().next().expect("a line")).expect("JSON");
    assert_eq!(
        shape(&first),
        shape(&parse(&list)["posts"][0]),
        "--jsonl lines are the posts"
    );
    freeze(
        "json_show",
        &run.postpost(&server, &["show", &ids[0], "--json"], KEY)
            .await,
    );
    let dry = run
        .postpost(
            &server,
            &["delete", "--status", "draft", "--dry-run", "--json"],
            KEY,
        )
        .await;
    freeze("json_job_dry_run", &dry);
    // The real run: one post rescheduled, one refused by the server (it is gone).
    let gone = ids[2].clone();
    client_for(&server)
        .delete_post(&postpost_tui::api::model::PostGroupId::parse(&gone).expect("id"))
        .await
        .expect("deleted");
    let real = run
        .postpost(
            &server,
            &[
                "reschedule",
                &ids[0],
                &gone,
                "--at",
                "2031-01-01 10:00",
                "--yes",
                "--json",
            ],
            KEY,
        )
        .await;
    assert_eq!(real.status.code(), Some(0), "{}", text(&real.stderr));
    freeze("json_job_report", &real);
    // The dry run and the report have the same keys.
    let keys = |value: &Value| {
        value
            .as_object()
            .expect("object")
            .keys()
            .cloned()
            .collect::<Vec<_>>()
    };
    assert_eq!(keys(&parse(&dry)), keys(&parse(&real)));
    assert_eq!(parse(&real)["not_found"][0], gone.as_str());
    // A backed-up delete, then its restore: the backups and restore shapes with content.
    let backed_up = run
        .postpost(
            &server,
            &["delete", &ids[1], "--yes", "--backup", "--json"],
            KEY,
        )
        .await;
    assert_eq!(
        backed_up.status.code(),
        Some(0),
        "{}",
        text(&backed_up.stderr)
    );
    assert!(parse(&backed_up)["backup_dir"].is_string());
    freeze(
        "json_journal",
        &run.postpost(&server, &["journal", "--json"], KEY).await,
    );
    freeze(
        "json_backups",
        &run.postpost(&server, &["backups", "--json"], KEY).await,
    );
    freeze(
        "json_restore_dry_run",
        &run.postpost(&server, &["restore", "--dry-run", "--json"], KEY)
            .await,
    );
    let restored = run
        .postpost(&server, &["restore", "--yes", "--json"], KEY)
        .await;
    assert_eq!(
        restored.status.code(),
        Some(0),
        "{}",
        text(&restored.stderr)
    );
    freeze("json_restore", &restored);
    freeze(
        "json_doctor",
        &run.postpost(&server, &["doctor", "--json"], KEY).await,
    );
    // Errors: the same exit codes, one object on stdout.
    let missing = run.postpost(&server, &["show", &gone, "--json"], KEY).await;
    assert_eq!(missing.status.code(), Some(1));
    freeze("json_error", &missing);
    assert_eq!(parse(&missing)["error"]["kind"], "not_found");
    let refused = run.postpost(&server, &["list", "--json"], "sk_wrong").await;
    assert_eq!(refused.status.code(), Some(3));
    assert_eq!(parse(&refused)["error"]["kind"], "auth");
    assert!(
        parse(&refused)["error"]["hint"]
            .as_str()
            .is_some_and(|hint| hint.contains("POSTPOST_API_KEY")),
        "{}",
        text(&refused.stdout)
    );
    let usage = run
        .postpost(&server, &["list", "--status", "nope", "--json"], KEY)
        .await;
    assert_eq!(usage.status.code(), Some(2));
    assert_eq!(parse(&usage)["error"]["kind"], "usage");
    let no_key = run
        .postpost(&server, &["delete", &ids[0], "--yes", "--json"], "")
        .await;
    assert_eq!(no_key.status.code(), Some(3));
    assert_eq!(parse(&no_key)["error"]["kind"], "auth");
}

/// Runs `postpost ARGS` against `server`, reads one line of its stdout and closes the pipe, as
/// `| head -1` does; returns the exit code and stderr.
async fn read_one_line_and_close(
    run: &Run,
    server: &MockServer,
    args: &[&str],
) -> (Option<i32>, String) {
    let mut command = run.command(args);
    command
        .args(["--base-url", &server.base_url()])
        .env("POSTPOST_API_KEY", KEY)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let job = tokio::task::spawn_blocking(move || {
        let mut child = command.spawn().expect("runs");
        let stdout = child.stdout.take().expect("stdout");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("one line");
        // Dropping the reader closes the pipe.
        let output = child.wait_with_output().expect("finishes");
        (output.status.code(), text(&output.stderr))
    });
    tokio::time::timeout(WAIT, job)
        .await
        .expect("finishes")
        .expect("join")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_closed_stdout_ends_quietly_with_exit_0() {
    // Enough posts that every output is larger than a pipe's buffer.
    let server = start_with(3000, Faults::default()).await;
    let run = Run::new();
    for args in [
        vec!["list"],
        vec!["list", "--table"],
        vec!["list", "--json"],
        vec!["list", "--jsonl"],
        vec!["list", "--ids"],
        vec![
            "delete",
            "--status",
            "draft,scheduled,failed,published",
            "--dry-run",
        ],
        vec![
            "delete",
            "--status",
            "draft,scheduled",
            "--dry-run",
            "--json",
        ],
    ] {
        let (code, stderr) = read_one_line_and_close(&run, &server, &args).await;
        assert_eq!(code, Some(0), "{args:?}: {stderr}");
        assert!(
            !stderr.contains("Broken pipe") && !stderr.contains("panicked"),
            "{args:?}: {stderr}"
        );
    }
    for args in [vec!["completions", "bash"], vec!["man"]] {
        let (code, stderr) = read_one_line_and_close(&run, &server, &args).await;
        assert_eq!(code, Some(0), "{args:?}: {stderr}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn completions_parse_offer_the_values_and_the_man_page_renders() {
    let run = Run::new();
    let config = run.home.path().join("config.toml");
    std::fs::write(
        &config,
        "[views.stale_drafts]\nquery = \"status:draft created:<30d\"\n[profiles.client_a]\nbase_url = \"http://127.0.0.1:1/api/v1\"\n",
    )
    .expect("config");
    let config = config.display().to_string();
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let output = run
            .postpost_without_server(&["--config", &config, "completions", shell], KEY)
            .await;
        assert_eq!(
            output.status.code(),
            Some(0),
            "{shell}: {}",
            text(&output.stderr)
        );
        let script = text(&output.stdout);
        assert!(script.contains("reschedule"), "{shell}");
        if matches!(shell, "elvish" | "powershell") {
            // clap_complete writes no value lists for these two.
            continue;
        }
        for value in [
            "partially_published",
            "instagram",
            "stale_drafts",
            "client_a",
        ] {
            assert!(script.contains(value), "{shell} offers {value}");
        }
        if shell == "bash" {
            let path = run.home.path().join("postpost.bash");
            std::fs::write(&path, &script).expect("script");
            let check = std::process::Command::new("bash")
                .arg("-n")
                .arg(&path)
                .output()
                .expect("bash runs");
            assert!(check.status.success(), "bash -n: {}", text(&check.stderr));
        }
    }
    let output = run.postpost_without_server(&["man"], KEY).await;
    assert_eq!(output.status.code(), Some(0));
    let page = text(&output.stdout);
    assert!(
        page.starts_with(".ie") || page.starts_with(".TH"),
        "{}",
        &page[..page.len().min(200)]
    );
    for command in ["reschedule", "draft", "doctor", "completions"] {
        assert!(page.contains(command), "the page documents {command}");
    }
    if std::process::Command::new("man")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
    {
        let path = run.home.path().join("postpost.1");
        std::fs::write(&path, &page).expect("page");
        let rendered = std::process::Command::new("man")
            .arg("-l")
            .arg(&path)
            .env("MANPAGER", "cat")
            .env("PAGER", "cat")
            .env("MANWIDTH", "100")
            .output()
            .expect("man runs");
        assert!(rendered.status.success(), "{}", text(&rendered.stderr));
        assert!(text(&rendered.stdout).contains("reschedule"));
    }
    // Global options have their own heading in every command's help.
    let output = run
        .postpost_without_server(&["delete", "--help"], KEY)
        .await;
    let help = text(&output.stdout);
    let heading = help.find("Global options:").expect("a heading");
    assert!(help[heading..].contains("--base-url"), "{help}");
    assert!(!help[..heading].contains("--base-url"), "{help}");
    // A TUI-only flag is refused where there is no TUI.
    assert!(!help.contains("--no-mouse"), "{help}");
    let output = run
        .postpost_without_server(&["list", "--no-mouse"], KEY)
        .await;
    assert_eq!(output.status.code(), Some(2));
}

/// Starts `postpost mock-server ARGS` on a free port, reads its stdout up to the `try:` line,
/// stops it, and gives stdout and stderr.
async fn mock_server_banner(run: &Run, args: &[&str], env: &[(&str, &str)]) -> (String, String) {
    let mut command = run.command(&["mock-server", "--addr", "127.0.0.1:0"]);
    command
        .args(args)
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let job = tokio::task::spawn_blocking(move || {
        let mut child = command.spawn().expect("runs");
        let mut reader = BufReader::new(child.stdout.take().expect("stdout"));
        let mut banner = String::new();
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).expect("reads") == 0 {
                break;
            }
            banner.push_str(&line);
            if line.starts_with("try:") {
                break;
            }
        }
        child.kill().expect("stops");
        let output = child.wait_with_output().expect("ends");
        (banner, text(&output.stderr))
    });
    tokio::time::timeout(WAIT, job)
        .await
        .expect("banner")
        .expect("join")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mock_server_names_the_knobs_in_force_and_logs_nothing_without_v() {
    let run = Run::new();
    let (banner, stderr) = mock_server_banner(&run, &[], &[]).await;
    assert!(banner.contains("fault knobs: none"), "{banner}");
    assert_eq!(stderr, "", "no tracing line without -v");
    let (_, stderr) = mock_server_banner(&run, &["-v"], &[]).await;
    assert!(stderr.contains("mock server listening"), "{stderr}");
    let (_, stderr) = mock_server_banner(&run, &[], &[("POSTPOST_LOG", "debug")]).await;
    assert!(
        stderr.contains("mock server listening"),
        "POSTPOST_LOG: {stderr}"
    );
    let (banner, _) = mock_server_banner(
        &run,
        &["--error-share", "0.25", "--clock-skew-secs", "-90"],
        &[],
    )
    .await;
    let knobs = banner
        .lines()
        .find(|line| line.starts_with("fault knobs:"))
        .expect("a knobs line");
    assert!(knobs.contains("error_share=0.25"), "{knobs}");
    assert!(knobs.contains("clock_skew_secs=-90"), "{knobs}");
    assert!(
        !knobs.contains("latency_ms"),
        "only the knobs in force: {knobs}"
    );
}
