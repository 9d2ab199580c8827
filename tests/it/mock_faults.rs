//! Tests of the mock server's fault knobs (`postpost_tui::mock::Faults`) over real HTTP: each
//! test starts a `MockServer` on 127.0.0.1:0, turns one knob (through `MockConfig`, the
//! `/__mock/faults` control route or `MockServer::set_faults`) and checks both what a reqwest
//! client sees and what the server's store holds afterwards. Every wait is bounded by a timeout.

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use clap::Parser;
use postpost_tui::api::model::PostGroupId;
use postpost_tui::cli::{Cli, CommandLine};
use postpost_tui::mock::{
    DeleteFailMode, Faults, MockConfig, MockServer, NO_RESPONSE, RecordedRequest,
};
use reqwest::{Method, RequestBuilder};
use serde_json::{Value, json};
use tokio::time::timeout;

use crate::support::{
    CLIENT_TIMEOUT, KEY, WAIT, http_client_with_timeout, impatient_api, send_lenient_json, start,
    start_with, try_send,
};

fn control(server: &MockServer, method: Method, path: &str) -> RequestBuilder {
    http_client_with_timeout(CLIENT_TIMEOUT)
        .request(method, format!("http://{}{path}", server.addr()))
}

fn delete(server: &MockServer, id: &PostGroupId) -> RequestBuilder {
    impatient_api(server, Method::DELETE, &format!("/delete-post/{id}"))
}

fn first_id(server: &MockServer) -> PostGroupId {
    server.post_ids().first().cloned().expect("a stored post")
}

fn statuses(log: &[RecordedRequest]) -> Vec<u16> {
    log.iter().map(|request| request.status).collect()
}

#[tokio::test]
async fn latency_delays_api_answers_only() {
    let latency = Duration::from_millis(250);
    let server = start_with(
        3,
        Faults {
            latency_ms: 250,
            ..Faults::default()
        },
    )
    .await;
    let began = Instant::now();
    let (status, _) = send_lenient_json(with_long_timeout(impatient_api(
        &server,
        Method::GET,
        "/list-posts",
    )))
    .await;
    assert_eq!(status, 200);
    assert!(
        began.elapsed() >= latency,
        "answered after {:?}",
        began.elapsed()
    );

    let began = Instant::now();
    let (status, _) = send_lenient_json(control(&server, Method::GET, "/__mock/posts")).await;
    assert_eq!(status, 200);
    assert!(began.elapsed() < latency, "control route was delayed");
    server.shutdown().await;
}

/// Latency tests need a client that waits longer than [`CLIENT_TIMEOUT`].
fn with_long_timeout(request: RequestBuilder) -> RequestBuilder {
    request.timeout(WAIT)
}

#[tokio::test]
async fn hang_ids_never_answer_and_delete_nothing() {
    let server = start_with(3, Faults::default()).await;
    let ids = server.post_ids();
    server.set_faults(Faults {
        hang_ids: vec![ids[0].to_string().to_ascii_uppercase()],
        ..Faults::default()
    });

    let error = try_send(delete(&server, &ids[0]))
        .await
        .expect_err("a hung delete gets no answer");
    assert!(error.is_timeout(), "{error:?}");
    let error = try_send(impatient_api(
        &server,
        Method::GET,
        &format!("/get-post/{}", ids[0]),
    ))
    .await
    .expect_err("a hung get gets no answer");
    assert!(error.is_timeout(), "{error:?}");
    assert!(server.contains(&ids[0]), "a hung delete must not delete");

    let (status, _) = send_lenient_json(delete(&server, &ids[1])).await;
    assert_eq!(status, 200, "other ids are served");
    assert!(!server.contains(&ids[1]));
    assert_eq!(
        statuses(&server.requests()),
        [NO_RESPONSE, NO_RESPONSE, 200]
    );
    server.shutdown().await;
}

#[tokio::test]
async fn hang_share_one_hangs_every_request_and_shutdown_still_returns() {
    let server = start_with(
        3,
        Faults {
            hang_share: 1.0,
            ..Faults::default()
        },
    )
    .await;
    let id = first_id(&server);
    let error = try_send(impatient_api(&server, Method::GET, "/list-posts"))
        .await
        .expect_err("no answer");
    assert!(error.is_timeout(), "{error:?}");
    let error = try_send(delete(&server, &id)).await.expect_err("no answer");
    assert!(error.is_timeout(), "{error:?}");
    assert!(server.contains(&id));

    // A hung request still open at shutdown must not hold the server for its grace period.
    let pending = tokio::spawn(
        http_client_with_timeout(CLIENT_TIMEOUT)
            .get(format!("{}/list-posts", server.base_url()))
            .header("x-api-key", KEY)
            .timeout(WAIT)
            .send(),
    );
    let log_has_three = async {
        while server.requests().len() < 3 {
            tokio::task::yield_now().await;
        }
    };
    timeout(WAIT, log_has_three)
        .await
        .expect("third request arrives");
    timeout(Duration::from_secs(2), server.shutdown())
        .await
        .expect("shutdown does not wait for hung requests");
    let outcome = timeout(WAIT, pending)
        .await
        .expect("the hung client is released")
        .expect("task joins");
    assert!(outcome.is_err(), "a hung request never gets a status");
}

#[tokio::test]
async fn error_share_one_answers_500_before_any_effect() {
    let server = start_with(
        3,
        Faults {
            error_share: 1.0,
            ..Faults::default()
        },
    )
    .await;
    let id = first_id(&server);
    let (status, body) = send_lenient_json(delete(&server, &id)).await;
    assert_eq!(status, 500);
    assert_eq!(body, json!({"error": "Internal server error"}));
    assert!(server.contains(&id), "nothing is deleted");
    let (status, _) = send_lenient_json(impatient_api(&server, Method::GET, "/list-posts")).await;
    assert_eq!(status, 500);
    let (status, _) = send_lenient_json(control(&server, Method::GET, "/__mock/posts")).await;
    assert_eq!(status, 200, "control routes are never faulted");
    assert_eq!(statuses(&server.requests()), [500, 500]);
    server.shutdown().await;
}

#[tokio::test]
async fn every_third_request_is_rate_limited_with_retry_after() {
    let server = start_with(
        10,
        Faults {
            rate_limit_every: 3,
            retry_after_secs: 4,
            ..Faults::default()
        },
    )
    .await;
    let ids = server.post_ids();
    let mut seen = Vec::new();
    for id in &ids[..7] {
        let response = try_send(delete(&server, id)).await.expect("answer");
        let retry_after = response
            .headers()
            .get("retry-after")
            .map(|value| value.to_str().expect("ASCII header").to_string());
        let status = response.status().as_u16();
        if status == 429 {
            let body: Value = response.json().await.expect("JSON body");
            assert_eq!(body, json!({"error": "Too many requests"}));
            assert!(server.contains(id), "a 429 deletes nothing");
        } else {
            assert!(!server.contains(id));
        }
        seen.push((status, retry_after));
    }
    let four = Some("4".to_string());
    assert_eq!(
        seen,
        [
            (200, None),
            (200, None),
            (429, four.clone()),
            (200, None),
            (200, None),
            (429, four),
            (200, None),
        ]
    );

    // Without retry_after_secs the header says 1 second; numbering restarts with new faults.
    server.set_faults(Faults {
        rate_limit_every: 1,
        ..Faults::default()
    });
    let response = try_send(delete(&server, &ids[9])).await.expect("answer");
    assert_eq!(response.status().as_u16(), 429);
    assert_eq!(
        response.headers().get("retry-after").map(|v| v.as_bytes()),
        Some(&b"1"[..])
    );
    server.shutdown().await;
}

#[tokio::test]
async fn delete_then_fail_500_applies_the_delete() {
    let server = start_with(
        3,
        Faults {
            delete_then_fail_share: 1.0,
            delete_then_fail_mode: DeleteFailMode::Status500,
            ..Faults::default()
        },
    )
    .await;
    let id = first_id(&server);
    let (status, body) = send_lenient_json(delete(&server, &id)).await;
    assert_eq!(status, 500);
    assert_eq!(body, json!({"error": "Failed to delete post group"}));
    assert!(!server.contains(&id), "the delete was applied");
    let (status, body) = send_lenient_json(delete(&server, &id)).await;
    assert_eq!(
        (status, body),
        (404, json!({"error": "Post group not found"}))
    );
    let (status, _) = send_lenient_json(impatient_api(&server, Method::GET, "/list-posts")).await;
    assert_eq!(status, 200, "only deletes are affected");
    server.shutdown().await;
}

#[tokio::test]
async fn delete_then_drop_connection_applies_the_delete_without_an_answer() {
    let server = start_with(
        3,
        Faults {
            delete_then_fail_share: 1.0,
            delete_then_fail_mode: DeleteFailMode::DropConnection,
            ..Faults::default()
        },
    )
    .await;
    let id = first_id(&server);
    let error = try_send(delete(&server, &id))
        .await
        .expect_err("the connection closes without a response");
    assert!(error.status().is_none(), "no status: {error:?}");
    assert!(!error.is_timeout(), "closed, not timed out: {error:?}");
    assert!(
        error.is_request() || error.is_connect() || error.is_body(),
        "{error:?}"
    );
    assert!(!server.contains(&id), "the delete was applied");
    let (status, _) = send_lenient_json(delete(&server, &id)).await;
    assert_eq!(status, 404);
    assert_eq!(statuses(&server.requests()), [NO_RESPONSE, 404]);
    server.shutdown().await;
}

/// A seed post that has media (the generated ones may not).
async fn post_with_media(server: &MockServer) -> (PostGroupId, Vec<String>) {
    let (status, body) = send_lenient_json(
        impatient_api(server, Method::GET, "/list-posts").query(&[("limit", "100")]),
    )
    .await;
    assert_eq!(status, 200);
    let post = body["posts"]
        .as_array()
        .expect("posts array")
        .iter()
        .find(|post| post["mediaUrls"].as_array().is_some_and(|m| !m.is_empty()))
        .expect("a seed post with media");
    let id = PostGroupId::new_unchecked(
        post["postGroupId"]
            .as_str()
            .expect("id is text")
            .to_string(),
    );
    let urls = post["mediaUrls"]
        .as_array()
        .expect("media array")
        .iter()
        .map(|url| url.as_str().expect("url text").to_string())
        .collect();
    (id, urls)
}

#[tokio::test]
async fn media_cleanup_failure_still_deletes_and_records_no_media() {
    for fails in [false, true] {
        let server = start(MockConfig {
            faults: Faults {
                media_cleanup_fails: fails,
                ..Faults::default()
            },
            ..MockConfig::default()
        })
        .await;
        let (id, urls) = post_with_media(&server).await;
        let (status, body) = send_lenient_json(delete(&server, &id)).await;
        assert_eq!((status, body), (200, json!({"success": true})));
        assert!(!server.contains(&id));
        let expected = if fails { Vec::new() } else { urls };
        assert_eq!(
            server.media_deletions(),
            expected,
            "media_cleanup_fails={fails}"
        );
        server.shutdown().await;
    }
}

#[tokio::test]
async fn control_route_reads_and_changes_faults_at_runtime() {
    let server = start_with(3, Faults::default()).await;
    let id = first_id(&server);
    let (status, body) = send_lenient_json(control(&server, Method::GET, "/__mock/faults")).await;
    assert_eq!(status, 200);
    assert_eq!(
        serde_json::from_value::<Faults>(body).expect("faults JSON"),
        Faults::default()
    );

    let wanted = json!({"error_share": 1.0, "delete_then_fail_mode": "drop-connection", "seed": 5});
    let (status, body) =
        send_lenient_json(control(&server, Method::PUT, "/__mock/faults").json(&wanted)).await;
    assert_eq!(status, 200, "{body}");
    let expected = Faults {
        error_share: 1.0,
        delete_then_fail_mode: DeleteFailMode::DropConnection,
        seed: 5,
        ..Faults::default()
    };
    assert_eq!(server.faults(), expected);
    let (_, body) = send_lenient_json(control(&server, Method::GET, "/__mock/faults")).await;
    assert_eq!(
        serde_json::from_value::<Faults>(body).expect("faults JSON"),
        expected
    );
    let (status, _) = send_lenient_json(delete(&server, &id)).await;
    assert_eq!(status, 500, "the new knob is in force");
    assert!(server.contains(&id));

    for bad in [
        "not json",
        r#"{"error_share": 1.5}"#,
        r#"{"eror_share": 1}"#,
        r#"{"delete_then_fail_mode": "explode"}"#,
    ] {
        let (status, body) = send_lenient_json(
            control(&server, Method::PUT, "/__mock/faults")
                .header("content-type", "application/json")
                .body(bad),
        )
        .await;
        assert_eq!(status, 400, "{bad}");
        assert!(
            body["error"].as_str().is_some_and(|e| !e.is_empty()),
            "{body}"
        );
    }
    assert_eq!(server.faults(), expected, "a refused PUT changes nothing");

    // A PUT changes the knobs it names and keeps the others, the seed included.
    let (status, _) = send_lenient_json(
        control(&server, Method::PUT, "/__mock/faults").json(&json!({"latency_ms": 1})),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(
        server.faults(),
        Faults {
            latency_ms: 1,
            ..expected.clone()
        },
        "merged into the knobs in force"
    );
    let (status, body) =
        send_lenient_json(control(&server, Method::DELETE, "/__mock/faults")).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        server.faults(),
        Faults {
            seed: 5,
            ..Faults::default()
        },
        "every knob off, the seed kept"
    );
    let (status, _) = send_lenient_json(delete(&server, &id)).await;
    assert_eq!(status, 200, "faults are off again");
    server.shutdown().await;
}

/// Request numbers (1-based) answered 500 among `count` sequential list requests.
async fn faulted_numbers(server: &MockServer, count: u64) -> BTreeSet<u64> {
    let mut faulted = BTreeSet::new();
    for number in 1..=count {
        let (status, _) =
            send_lenient_json(impatient_api(server, Method::GET, "/list-posts")).await;
        if status == 500 {
            faulted.insert(number);
        } else {
            assert_eq!(status, 200);
        }
    }
    faulted
}

#[tokio::test]
async fn same_seed_replays_the_same_faults() {
    let faults = |seed| Faults {
        error_share: 0.5,
        seed,
        ..Faults::default()
    };
    let server = start_with(1, faults(7)).await;
    let first = faulted_numbers(&server, 32).await;
    assert!(!first.is_empty() && first.len() < 32, "{first:?}");

    server.set_faults(faults(7));
    assert_eq!(faulted_numbers(&server, 32).await, first, "same seed");

    let other = start_with(1, faults(7)).await;
    assert_eq!(
        faulted_numbers(&other, 32).await,
        first,
        "same seed, new server"
    );
    other.shutdown().await;

    server.set_faults(faults(8));
    assert_ne!(faulted_numbers(&server, 32).await, first, "another seed");
    server.shutdown().await;
}

#[tokio::test]
async fn start_refuses_shares_outside_zero_to_one() {
    let result = MockServer::start(MockConfig {
        faults: Faults {
            hang_share: 1.5,
            ..Faults::default()
        },
        ..MockConfig::default()
    })
    .await;
    let error = result.err().expect("start refuses the share");
    assert_eq!(error.kind(), std::io::ErrorKind::InvalidInput);
    assert!(error.to_string().contains("hang_share"), "{error}");
}

#[test]
fn fault_flags_parse_on_both_commands() {
    let cli = Cli::try_parse_from([
        "postpost",
        "mock-server",
        "--seed",
        "9",
        "--latency-ms",
        "20",
        "--latency-jitter-ms",
        "5",
        "--hang-id",
        "aaaaaaaaaaaaaaaaaaaaaaaa",
        "--hang-id",
        "bbbbbbbbbbbbbbbbbbbbbbbb",
        "--hang-share",
        "0.1",
        "--error-share",
        "0.2",
        "--rate-limit-every",
        "4",
        "--retry-after-secs",
        "3",
        "--delete-then-fail-share",
        "0.5",
        "--delete-then-fail-mode",
        "drop-connection",
        "--media-cleanup-fails",
        "--refuse-delete-id",
        "cccccccccccccccccccccccc",
        "--clock-skew-secs",
        "-600",
    ])
    .expect("flags parse");
    let Some(CommandLine::MockServer { faults, seed, .. }) = cli.command else {
        panic!("mock-server command expected");
    };
    assert_eq!(
        faults.to_faults(seed),
        Faults {
            latency_ms: 20,
            latency_jitter_ms: 5,
            hang_ids: vec![
                "aaaaaaaaaaaaaaaaaaaaaaaa".into(),
                "bbbbbbbbbbbbbbbbbbbbbbbb".into()
            ],
            hang_share: 0.1,
            refuse_delete_ids: vec!["cccccccccccccccccccccccc".into()],
            error_share: 0.2,
            rate_limit_every: 4,
            retry_after_secs: 3,
            rate_limit: 0.0,
            burst: 0,
            delete_then_fail_share: 0.5,
            delete_then_fail_mode: DeleteFailMode::DropConnection,
            media_cleanup_fails: true,
            ignore_list_filters: false,
            clock_skew_secs: -600,
            seed: 9,
        }
    );

    let cli = Cli::try_parse_from(["postpost", "demo", "--delete-then-fail-mode", "status500"])
        .expect("demo takes the fault flags");
    let Some(CommandLine::Demo { faults, seed, .. }) = cli.command else {
        panic!("demo command expected");
    };
    assert_eq!(
        faults.to_faults(seed),
        Faults {
            seed: 42,
            ..Faults::default()
        }
    );

    for bad in [
        ["postpost", "demo", "--error-share", "1.5"],
        ["postpost", "mock-server", "--hang-share", "-1"],
        ["postpost", "demo", "--delete-then-fail-mode", "explode"],
    ] {
        assert!(Cli::try_parse_from(bad).is_err(), "{bad:?}");
    }
}

/// What a client saw for one delete, and whether that outcome implies the post is gone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Seen {
    Deleted,
    RateLimited,
    FailedBeforeEffect,
    FailedAfterDelete,
    Dropped,
    TimedOut,
}

impl Seen {
    fn implies_gone(self) -> bool {
        matches!(
            self,
            Seen::Deleted | Seen::FailedAfterDelete | Seen::Dropped
        )
    }
}

/// Deletes every id at once and classifies each answer by status and error text.
async fn delete_all_at_once(server: &MockServer, ids: &[PostGroupId]) -> Vec<(PostGroupId, Seen)> {
    let mut tasks = tokio::task::JoinSet::new();
    for id in ids {
        let request = delete(server, id).timeout(Duration::from_secs(2));
        let id = id.clone();
        tasks.spawn(async move {
            let seen = match request.send().await {
                Err(error) if error.is_timeout() => Seen::TimedOut,
                Err(error) => {
                    assert!(error.status().is_none(), "{error:?}");
                    Seen::Dropped
                }
                Ok(response) => {
                    let status = response.status().as_u16();
                    let body: Value = response.json().await.expect("JSON body");
                    match (status, body["error"].as_str()) {
                        (200, None) => Seen::Deleted,
                        (429, Some("Too many requests")) => Seen::RateLimited,
                        (500, Some("Internal server error")) => Seen::FailedBeforeEffect,
                        (500, Some("Failed to delete post group")) => Seen::FailedAfterDelete,
                        other => panic!("unexpected answer for {id}: {other:?}"),
                    }
                }
            };
            (id, seen)
        });
    }
    let mut outcomes = timeout(WAIT, tasks.join_all())
        .await
        .expect("every delete ends in time");
    outcomes.sort();
    outcomes
}

#[tokio::test]
async fn concurrent_deletes_under_mixed_faults_leave_a_state_matching_each_answer() {
    for mode in [DeleteFailMode::Status500, DeleteFailMode::DropConnection] {
        let server = start_with(60, Faults::default()).await;
        let ids = server.post_ids();
        server.set_faults(Faults {
            latency_jitter_ms: 20,
            hang_ids: vec![ids[0].to_string(), ids[1].to_string()],
            error_share: 0.2,
            rate_limit_every: 5,
            delete_then_fail_share: 0.3,
            delete_then_fail_mode: mode,
            seed: 3,
            ..Faults::default()
        });
        let outcomes = delete_all_at_once(&server, &ids).await;
        assert_eq!(outcomes.len(), ids.len(), "one outcome per id");
        for (id, seen) in &outcomes {
            assert_eq!(server.contains(id), !seen.implies_gone(), "{id}: {seen:?}");
        }
        let kinds: BTreeSet<Seen> = outcomes.iter().map(|(_, seen)| *seen).collect();
        let failed_after = match mode {
            DeleteFailMode::Status500 => Seen::FailedAfterDelete,
            DeleteFailMode::DropConnection => Seen::Dropped,
            DeleteFailMode::TruncatedBody => unreachable!("not among the modes tried here"),
        };
        let expected: BTreeSet<Seen> = [
            Seen::Deleted,
            Seen::RateLimited,
            Seen::FailedBeforeEffect,
            failed_after,
            Seen::TimedOut,
        ]
        .into();
        assert_eq!(kinds, expected, "every knob fired ({mode:?})");
        let rate_limited = outcomes
            .iter()
            .filter(|(_, seen)| *seen == Seen::RateLimited)
            .count();
        assert!(
            (10..=12).contains(&rate_limited),
            "every 5th of 60, minus hangs: {rate_limited}"
        );
        // The log has one entry per request, with 0 exactly where no answer was sent.
        let log = server.requests();
        assert_eq!(log.len(), ids.len());
        let unanswered = log.iter().filter(|r| r.status == NO_RESPONSE).count();
        let expected_unanswered = outcomes
            .iter()
            .filter(|(_, seen)| matches!(seen, Seen::TimedOut | Seen::Dropped))
            .count();
        assert_eq!(unanswered, expected_unanswered);
        server.shutdown().await;
    }
}
