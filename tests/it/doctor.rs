//! `postpost doctor` through the built binary against the mock: a wrong key (exit 3, the fix
//! named), a base URL without `/api/v1` (the hint, here and in every command's error), a
//! server whose `Date` is off, and connections whose token expires before posts scheduled on
//! them (the mock's seed connections, POSTPOST_API.md §5.1).

use chrono::{Duration, Utc};
use postpost_tui::api::model::CreatePostRequest;
use postpost_tui::mock::{Faults, MockConfig, MockServer};
use serde_json::Value;

use crate::headless::Run;
use crate::support::{KEY, client_for, start, text};

fn report(output: &std::process::Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|error| {
        panic!(
            "{error}: {}\n{}",
            text(&output.stdout),
            text(&output.stderr)
        )
    })
}

/// The checks of `report` named `name`.
fn checks<'a>(report: &'a Value, name: &str) -> Vec<&'a Value> {
    report["checks"]
        .as_array()
        .expect("checks")
        .iter()
        .filter(|check| check["name"] == name)
        .collect()
}

/// No posts, the seed connections (instagram's token expires about 3 days after the start,
/// threads' in 40 minutes, tiktok's expired 2 days before).
async fn empty_account(faults: Faults) -> MockServer {
    start(MockConfig {
        include_seed: false,
        faults,
        ..MockConfig::default()
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_key_exits_3_with_the_fix_and_never_shows_the_key() {
    let server = empty_account(Faults::default()).await;
    let run = Run::new();
    let output = run
        .postpost(&server, &["doctor", "--json"], "sk_wrong_secret_key")
        .await;
    assert_eq!(output.status.code(), Some(3), "{}", text(&output.stderr));
    let value = report(&output);
    assert_eq!(value["schema_version"], 1);
    assert_eq!(value["status"], "auth");
    let auth = checks(&value, "auth");
    assert_eq!(auth[0]["level"], "error");
    assert!(
        auth[0]["hint"]
            .as_str()
            .is_some_and(|h| h.contains("POSTPOST_API_KEY")),
        "{value}"
    );
    assert_eq!(value["key_source"], "the environment (POSTPOST_API_KEY)");
    let human = run
        .postpost(&server, &["doctor"], "sk_wrong_secret_key")
        .await;
    assert_eq!(human.status.code(), Some(3));
    for output in [&output, &human] {
        assert!(!text(&output.stdout).contains("sk_wrong_secret_key"));
        assert!(!text(&output.stderr).contains("sk_wrong_secret_key"));
    }
    assert!(
        text(&human.stdout).contains("journal"),
        "{}",
        text(&human.stdout)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_base_url_without_api_v1_gets_that_hint_in_doctor_and_in_every_command() {
    let server = empty_account(Faults::default()).await;
    let run = Run::new();
    let root = format!("http://{}", server.addr());
    let output = run
        .postpost_without_server(&["doctor", "--json", "--base-url", &root], KEY)
        .await;
    assert_eq!(output.status.code(), Some(1), "{}", text(&output.stderr));
    let value = report(&output);
    let base = checks(&value, "base_url");
    assert_eq!(base[0]["level"], "warning");
    assert!(
        base[0]["hint"]
            .as_str()
            .is_some_and(|h| h.contains(&format!("try {root}/api/v1"))),
        "{value}"
    );
    assert_eq!(checks(&value, "auth")[0]["level"], "error");
    for args in [
        vec!["list"],
        vec!["show", "6650a1b2c3d4e5f60123ab01"],
        vec!["delete", "--status", "draft", "--yes"],
    ] {
        let mut args = args;
        args.extend(["--base-url", &root]);
        let output = run.postpost_without_server(&args, KEY).await;
        let stderr = text(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(stderr.contains("including /api/v1"), "{args:?}: {stderr}");
        assert!(!stderr.contains("<!DOCTYPE"), "no HTML: {stderr}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_skewed_server_clock_is_a_warning_with_its_size() {
    let server = empty_account(Faults {
        clock_skew_secs: -900,
        ..Faults::default()
    })
    .await;
    let run = Run::new();
    let output = run.postpost(&server, &["doctor", "--json"], KEY).await;
    assert_eq!(output.status.code(), Some(1), "{}", text(&output.stderr));
    let value = report(&output);
    let skew = value["clock_skew_secs"].as_i64().expect("measured");
    assert!((-905..=-895).contains(&skew), "{skew}");
    let clock = checks(&value, "clock");
    assert_eq!(clock[0]["level"], "warning");
    assert!(
        clock[0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("15 min behind")),
        "{value}"
    );
    // In step: no clock warning.
    server.set_faults(Faults::default());
    let value = report(&run.postpost(&server, &["doctor", "--json"], KEY).await);
    assert_eq!(checks(&value, "clock")[0]["level"], "ok", "{value}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connections_whose_token_expires_before_their_scheduled_posts_are_named() {
    let server = empty_account(Faults::default()).await;
    let client = client_for(&server);
    let at = |days: i64| {
        (Utc::now() + Duration::days(days))
            .format("%Y-%m-%dT%H:%M:%S%.3fZ")
            .to_string()
    };
    // Two posts on instagram after its token expires, one before; one on threads after.
    for (platform, days) in [
        ("instagram-17841405822304914", 10),
        ("instagram-17841405822304914", 20),
        ("instagram-17841405822304914", 1),
        ("threads-63021447719", 2),
        ("twitter-1402938475", 30),
    ] {
        client
            .create_post(&CreatePostRequest {
                content: format!("on {platform} in {days} days"),
                platforms: vec![platform.into()],
                scheduled_time: Some(at(days)),
                platform_settings: None,
            })
            .await
            .expect("create");
    }
    let run = Run::new();
    let output = run.postpost(&server, &["doctor", "--json"], KEY).await;
    assert_eq!(
        output.status.code(),
        Some(1),
        "warnings: {}",
        text(&output.stderr)
    );
    let value = report(&output);
    assert_eq!(value["status"], "warnings");
    let risks: Vec<(String, bool, u64)> = value["connections_at_risk"]
        .as_array()
        .expect("risks")
        .iter()
        .map(|risk| {
            (
                risk["platform"].as_str().expect("platform").to_owned(),
                risk["expired"].as_bool().expect("expired"),
                risk["scheduled_after_expiry"].as_u64().expect("count"),
            )
        })
        .collect();
    assert!(risks.contains(&("instagram".into(), false, 2)), "{risks:?}");
    assert!(risks.contains(&("threads".into(), false, 1)), "{risks:?}");
    assert!(risks.contains(&("tiktok".into(), true, 0)), "{risks:?}");
    assert!(!risks.iter().any(|risk| risk.0 == "twitter"), "{risks:?}");
    let human = text(&run.postpost(&server, &["doctor"], KEY).await.stdout);
    assert!(
        human.contains(
            "2 scheduled posts on instagram northbeam.coffee fall after its token expires on"
        ),
        "{human}"
    );
    assert!(
        human.contains("tiktok @northbeamcoffee: the token expired on"),
        "{human}"
    );
    assert!(
        human.contains("workspace access: 2 managed users"),
        "{human}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_acting_user_points_at_the_user_id_and_workspace_access_is_reported() {
    let server = empty_account(Faults::default()).await;
    let run = Run::new();
    let stranger = "6650a1b2c3d4e5f60123ab99";
    let output = run
        .postpost(&server, &["doctor", "--json", "--user-id", stranger], KEY)
        .await;
    assert_eq!(output.status.code(), Some(3), "{}", text(&output.stderr));
    let value = report(&output);
    let auth = checks(&value, "auth");
    assert!(
        auth[0]["hint"]
            .as_str()
            .is_some_and(|h| h.contains("--user-id")),
        "{value}"
    );

    let closed = start(MockConfig {
        include_seed: false,
        workspaces_enabled: false,
        ..MockConfig::default()
    })
    .await;
    let value = report(&run.postpost(&closed, &["doctor", "--json"], KEY).await);
    let workspace = checks(&value, "workspace");
    assert_eq!(workspace[0]["level"], "info", "{value}");
    assert!(
        workspace[0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("not enabled")),
        "{value}"
    );
}
