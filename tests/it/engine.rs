//! The delete engine against a misbehaving server: for each fault knob of the mock, a job over
//! many posts ends with exactly one outcome per id, and the server's final state matches the
//! report: nothing deleted that was not in the job, nothing reported gone that still exists,
//! nothing reported failed that is gone. Also cancel, authentication stop, and a killed process
//! whose journal matches the server.

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use chrono::{SubsecRound, Utc};
use postpost_tui::api::client::ApiClient;
use postpost_tui::api::model::{PostGroupId, PostStatus};
use postpost_tui::mock::{DeleteFailMode, Faults, MockConfig, MockServer};
use postpost_tui::protocol::{JobId, JobSummary, Outcome, PostChange, WorkerEvent};
use postpost_tui::worker::job::{JobOptions, run_job, run_update_job};
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use crate::support::{WAIT, client_with_key, client_with_timeout, start_with, stored};

/// What a job reported.
#[derive(Debug, Default)]
struct Report {
    outcomes: HashMap<PostGroupId, Outcome>,
    never_attempted: Vec<PostGroupId>,
    cancelled: bool,
    stopped: Option<String>,
    waited: bool,
}

fn fast_options() -> JobOptions {
    JobOptions {
        concurrency: 8,
        max_retries: 3,
        base_backoff: Duration::from_millis(5),
        max_backoff: Duration::from_millis(40),
        ..JobOptions::default()
    }
}

/// Runs a job over `ids`; `cancel_after` cancels once that many items finished.
async fn run(
    client: &ApiClient,
    ids: Vec<PostGroupId>,
    options: &JobOptions,
    cancel_after: Option<usize>,
) -> Report {
    let cancel = CancellationToken::new();
    let (tx, mut rx) = mpsc::channel(64);
    let job = run_job(client, JobId(1), ids, options, cancel.clone(), tx);
    let mut report = Report::default();
    let collect = async {
        while let Some(event) = rx.recv().await {
            match event {
                WorkerEvent::ItemFinished { id, outcome, .. } => {
                    assert!(
                        report.outcomes.insert(id.clone(), outcome).is_none(),
                        "{id} finished twice"
                    );
                    if cancel_after.is_some_and(|n| report.outcomes.len() >= n) {
                        cancel.cancel();
                    }
                }
                WorkerEvent::JobWaiting { .. } => report.waited = true,
                WorkerEvent::JobFinished {
                    cancelled,
                    stopped,
                    never_attempted,
                    summary,
                    ..
                } => {
                    report.cancelled = cancelled;
                    report.stopped = stopped;
                    report.never_attempted = never_attempted;
                    assert_eq!(summary.never_attempted, report.never_attempted.len());
                    assert_eq!(
                        summary.deleted
                            + summary.already_gone
                            + summary.not_found
                            + summary.failed
                            + summary.unknown,
                        report.outcomes.len()
                    );
                }
                _ => {}
            }
        }
    };
    tokio::time::timeout(Duration::from_secs(60), async {
        tokio::join!(job, collect)
    })
    .await
    .expect("job ends");
    report
}

/// The report and the server agree, and every id of the job has exactly one fate.
fn assert_matches_server(
    server: &MockServer,
    all: &[PostGroupId],
    job: &[PostGroupId],
    report: &Report,
) {
    let job_set: HashSet<_> = job.iter().collect();
    let never: HashSet<_> = report.never_attempted.iter().collect();
    for id in job {
        let reported = report.outcomes.contains_key(id) as usize + never.contains(id) as usize;
        assert_eq!(reported, 1, "{id} must have exactly one fate");
    }
    for (id, outcome) in &report.outcomes {
        assert!(job_set.contains(id), "{id} was not in the job");
        match outcome {
            Outcome::Failed(reason) => assert!(
                server.contains(id),
                "{id} reported failed ({reason}) but is gone"
            ),
            // Honest either way: the engine says it could not tell.
            Outcome::Unknown(_) => {}
            _ => assert!(
                !server.contains(id),
                "{id} reported {} but still exists",
                outcome.label()
            ),
        }
    }
    for id in &report.never_attempted {
        assert!(server.contains(id), "{id} never attempted but gone");
    }
    for id in all.iter().filter(|id| !job_set.contains(id)) {
        assert!(server.contains(id), "{id} was not in the job but is gone");
    }
}

/// Two thirds of the posts go into the job; the rest must survive.
fn split(server: &MockServer) -> (Vec<PostGroupId>, Vec<PostGroupId>) {
    let all = server.post_ids();
    let job = all
        .iter()
        .enumerate()
        .filter(|(i, _)| i % 3 != 0)
        .map(|(_, id)| id.clone())
        .collect();
    (all, job)
}

async fn knob(
    faults: Faults,
    posts: usize,
    timeout: Duration,
) -> (MockServer, Report, Vec<PostGroupId>, Vec<PostGroupId>) {
    let server = start_with(posts, Faults::default()).await;
    let (all, job) = split(&server);
    server.set_faults(faults);
    let report = run(
        &client_with_timeout(&server, timeout),
        job.clone(),
        &fast_options(),
        None,
    )
    .await;
    server.set_faults(Faults::default());
    assert_matches_server(&server, &all, &job, &report);
    (server, report, all, job)
}

fn count(report: &Report, wanted: fn(&Outcome) -> bool) -> usize {
    report.outcomes.values().filter(|o| wanted(o)).count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn latency_with_jitter() {
    let (_, report, _, job) = knob(
        Faults {
            latency_ms: 5,
            latency_jitter_ms: 20,
            ..Faults::default()
        },
        60,
        Duration::from_secs(5),
    )
    .await;
    assert_eq!(count(&report, |o| *o == Outcome::Deleted), job.len());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hanging_ids_end_unknown_after_retries_and_survive() {
    let server = start_with(45, Faults::default()).await;
    let (all, job) = split(&server);
    let hung: Vec<String> = job
        .iter()
        .take(3)
        .map(|id| id.as_str().to_string())
        .collect();
    server.set_faults(Faults {
        hang_ids: hung.clone(),
        ..Faults::default()
    });
    let options = JobOptions {
        max_retries: 1,
        ..fast_options()
    };
    let report = run(
        &client_with_timeout(&server, Duration::from_millis(200)),
        job.clone(),
        &options,
        None,
    )
    .await;
    server.set_faults(Faults::default());
    assert_matches_server(&server, &all, &job, &report);
    for id in &job[..3] {
        // Delete and get-post both hang: the engine cannot tell, and says so.
        assert!(
            matches!(&report.outcomes[id], Outcome::Unknown(reason) if reason.contains("did not answer")),
            "{:?}",
            report.outcomes[id]
        );
        assert!(server.contains(id));
    }
    assert_eq!(count(&report, |o| *o == Outcome::Deleted), job.len() - 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_share_of_hangs() {
    knob(
        Faults {
            hang_share: 0.2,
            seed: 3,
            ..Faults::default()
        },
        45,
        Duration::from_millis(200),
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_share_of_server_errors_is_retried() {
    let (_, report, _, job) = knob(
        Faults {
            error_share: 0.3,
            seed: 5,
            ..Faults::default()
        },
        60,
        Duration::from_secs(5),
    )
    .await;
    // 500 before any effect, retried up to 3 times: nearly everything ends deleted.
    assert!(
        count(&report, |o| *o == Outcome::Deleted) >= job.len() - 2,
        "{report:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rate_limits_are_waited_out() {
    let (_, report, _, job) = knob(
        Faults {
            rate_limit_every: 10,
            retry_after_secs: 1,
            ..Faults::default()
        },
        30,
        Duration::from_secs(5),
    )
    .await;
    assert!(report.waited, "JobWaiting was reported");
    assert_eq!(count(&report, |o| *o == Outcome::Deleted), job.len());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn delete_then_500_is_already_gone() {
    let (_, report, _, _) = knob(
        Faults {
            delete_then_fail_share: 0.3,
            delete_then_fail_mode: DeleteFailMode::Status500,
            seed: 9,
            ..Faults::default()
        },
        60,
        Duration::from_secs(5),
    )
    .await;
    assert!(
        count(&report, |o| *o == Outcome::AlreadyGone) > 0,
        "{report:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn delete_then_dropped_connection_is_already_gone() {
    let (_, report, _, _) = knob(
        Faults {
            delete_then_fail_share: 0.3,
            delete_then_fail_mode: DeleteFailMode::DropConnection,
            seed: 11,
            ..Faults::default()
        },
        60,
        Duration::from_secs(5),
    )
    .await;
    assert!(
        count(&report, |o| *o == Outcome::AlreadyGone) > 0,
        "{report:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn media_cleanup_failure_still_deletes() {
    let (server, report, _, job) = knob(
        Faults {
            media_cleanup_fails: true,
            ..Faults::default()
        },
        60,
        Duration::from_secs(5),
    )
    .await;
    assert_eq!(count(&report, |o| *o == Outcome::Deleted), job.len());
    assert!(server.media_deletions().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancel_mid_job_reports_what_was_and_was_not_done() {
    let server = start_with(60, Faults::default()).await;
    let (all, job) = split(&server);
    server.set_faults(Faults {
        latency_ms: 20,
        ..Faults::default()
    });
    let options = JobOptions {
        concurrency: 2,
        ..fast_options()
    };
    let report = run(
        &client_with_timeout(&server, Duration::from_secs(5)),
        job.clone(),
        &options,
        Some(5),
    )
    .await;
    assert!(report.cancelled);
    assert!(
        !report.never_attempted.is_empty(),
        "the cancel came early enough to leave posts unsent"
    );
    assert!(report.outcomes.len() < job.len());
    assert_matches_server(&server, &all, &job, &report);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_key_stops_the_job_at_once() {
    let server = start_with(30, Faults::default()).await;
    let ids = server.post_ids();
    let wrong = client_with_key(&server.base_url(), "sk_revoked");
    let options = JobOptions {
        concurrency: 1,
        ..fast_options()
    };
    let report = run(&wrong, ids.clone(), &options, None).await;
    assert!(
        report
            .stopped
            .as_deref()
            .is_some_and(|r| r.contains("Invalid API key")),
        "{report:?}"
    );
    assert_eq!(
        report.outcomes.len(),
        1,
        "one request, then the job stopped"
    );
    assert_eq!(report.never_attempted.len(), ids.len() - 1);
    assert_eq!(server.post_ids().len(), 30);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_headless_delete_leaves_a_journal_that_matches_the_server() {
    let server = start_with(
        40,
        Faults {
            latency_ms: 40,
            ..Faults::default()
        },
    )
    .await;
    let ids = server.post_ids();
    let home = tempfile::tempdir().expect("tempdir");
    let data = home.path().join("data");
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_postpost"));
    command
        .arg("delete")
        .args(ids.iter().map(PostGroupId::as_str))
        .args([
            "--yes",
            "--concurrency",
            "2",
            "--base-url",
            &server.base_url(),
        ])
        .env_clear()
        .env("HOME", home.path())
        .env("XDG_DATA_HOME", &data)
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("XDG_STATE_HOME", home.path().join("state"))
        .env("POSTPOST_API_KEY", postpost_tui::mock::DEFAULT_API_KEY)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    let mut child = command.spawn().expect("spawn");
    let journal_path = data.join("postpost").join("journal.jsonl");
    // Wait (bounded) until a few outcomes are journaled, then kill mid-job.
    let outcomes_written = |path: &std::path::Path| {
        std::fs::read_to_string(path).map_or(0, |text| {
            text.lines().filter(|l| l.contains("\"deleted\"")).count()
        })
    };
    let waited = tokio::time::timeout(WAIT, async {
        while outcomes_written(&journal_path) < 5 {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    })
    .await;
    child.kill().expect("kill");
    let _ = child.wait();
    assert!(
        waited.is_ok(),
        "journal never showed 5 deletes at {}",
        journal_path.display()
    );
    // Let in-flight requests the server already received finish on its side.
    server.set_faults(Faults::default());
    let (entries, bad) = postpost_tui::worker::journal::read(&journal_path).expect("journal");
    assert_eq!(bad, 0);
    let jobs = postpost_tui::worker::journal::summarize(&entries);
    assert_eq!(jobs.len(), 1);
    assert!(!jobs[0].finished, "the job was killed before it finished");
    use postpost_tui::worker::journal::JournalEvent;
    let mut attempted = HashSet::new();
    for entry in &entries {
        let Some(id) = entry
            .post_group_id
            .as_deref()
            .map(|t| PostGroupId::parse(t).expect("id"))
        else {
            continue;
        };
        match entry.event {
            JournalEvent::Attempt => {
                attempted.insert(id);
            }
            JournalEvent::Deleted | JournalEvent::AlreadyGone | JournalEvent::NotFound => {
                assert!(
                    !server.contains(&id),
                    "journal says {id} is gone but it exists"
                );
            }
            JournalEvent::Failed => assert!(
                server.contains(&id),
                "journal says {id} failed but it is gone"
            ),
            _ => {}
        }
    }
    let unresolved: HashSet<_> = jobs[0]
        .unresolved
        .iter()
        .map(|t| PostGroupId::parse(t).expect("id"))
        .collect();
    for id in &ids {
        if !attempted.contains(id) {
            assert!(
                server.contains(id),
                "{id} was never attempted per the journal but is gone"
            );
        }
    }
    assert!(
        unresolved.len() <= 2,
        "at most the requests in flight (concurrency 2) are unresolved"
    );
    assert!(attempted.len() < ids.len(), "the kill came before the end");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_errors_mixed_with_dropped_deletes_never_report_a_gone_post_as_failed() {
    // Many 500s before any effect plus deletes applied and then dropped: a post whose earlier
    // attempt got no answer and whose retries all failed must be checked, not reported failed.
    for seed in [1, 2, 3] {
        let faults = Faults {
            error_share: 0.6,
            delete_then_fail_share: 0.3,
            delete_then_fail_mode: DeleteFailMode::DropConnection,
            seed,
            ..Faults::default()
        };
        let server = start_with(60, Faults::default()).await;
        let (all, job) = split(&server);
        server.set_faults(faults);
        let report = run(
            &client_with_timeout(&server, Duration::from_secs(5)),
            job.clone(),
            &fast_options(),
            None,
        )
        .await;
        server.set_faults(Faults::default());
        assert_matches_server(&server, &all, &job, &report);
    }
}

// ---- update jobs: the same engine with update-post (§3.4) ----

/// What an update job reported, with its summary.
#[derive(Debug, Default)]
struct UpdateReport {
    outcomes: HashMap<PostGroupId, Outcome>,
    summary: JobSummary,
    waited: bool,
}

async fn run_update(
    client: &ApiClient,
    ids: Vec<PostGroupId>,
    change: PostChange,
    options: &JobOptions,
) -> UpdateReport {
    let (tx, mut rx) = mpsc::channel(64);
    let job = run_update_job(
        client,
        JobId(7),
        ids,
        change,
        options,
        CancellationToken::new(),
        tx,
    );
    let mut report = UpdateReport::default();
    let collect = async {
        while let Some(event) = rx.recv().await {
            match event {
                WorkerEvent::ItemFinished { id, outcome, .. } => {
                    assert!(
                        report.outcomes.insert(id.clone(), outcome).is_none(),
                        "{id} finished twice"
                    );
                }
                WorkerEvent::JobWaiting { .. } => report.waited = true,
                WorkerEvent::JobFinished { summary, .. } => report.summary = summary,
                _ => {}
            }
        }
    };
    tokio::time::timeout(Duration::from_secs(60), async {
        tokio::join!(job, collect)
    })
    .await
    .expect("job ends");
    report
}

/// Latency, a share of 500s and 429s: every id gets one outcome, and the server's final state
/// is exactly what the report says (updated → the answered time is stored; refused by status
/// → untouched; failed after retries → untouched).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn update_job_under_faults_matches_the_server() {
    let server = start_with(
        60,
        Faults {
            latency_ms: 3,
            latency_jitter_ms: 10,
            error_share: 0.25,
            rate_limit_every: 9,
            retry_after_secs: 1,
            seed: 11,
            ..Faults::default()
        },
    )
    .await;
    let before = stored(&server);
    let ids: Vec<PostGroupId> = before.keys().cloned().collect();
    let time = (Utc::now() + chrono::Duration::days(3)).trunc_subsecs(0);
    let options = JobOptions {
        max_retries: 6,
        ..fast_options()
    };
    let report = run_update(
        &client_with_timeout(&server, Duration::from_secs(5)),
        ids.clone(),
        PostChange::Reschedule(time),
        &options,
    )
    .await;
    assert!(report.waited, "a 429 was waited out");
    assert_eq!(report.outcomes.len(), ids.len());
    assert_eq!(report.summary.done(), ids.len());
    let after = stored(&server);
    let mut refused = 0;
    for id in &ids {
        let (old_status, old_time) = &before[id];
        let (new_status, new_time) = &after[id];
        match &report.outcomes[id] {
            Outcome::Updated { group, moved } => {
                assert!(matches!(
                    old_status,
                    PostStatus::Draft | PostStatus::Scheduled
                ));
                assert_eq!(*new_status, PostStatus::Scheduled);
                assert_eq!(group.status, PostStatus::Scheduled);
                assert_eq!(
                    group.scheduled_time.as_ref().and_then(|t| t.parsed()),
                    *new_time
                );
                assert_eq!(*new_time, Some(time));
                assert!(!moved);
            }
            Outcome::Failed(reason) if reason.contains("Cannot update post") => {
                refused += 1;
                assert!(!matches!(
                    old_status,
                    PostStatus::Draft | PostStatus::Scheduled
                ));
                assert!(reason.contains(old_status.as_str()), "{reason}");
                assert_eq!((new_status, new_time), (old_status, old_time));
            }
            Outcome::Failed(reason) => {
                // Retries ran out on injected 500s and 429s, which answer before any effect.
                assert!(
                    reason.contains("HTTP 500") || reason.contains("HTTP 429"),
                    "{reason}"
                );
                assert_eq!((new_status, new_time), (old_status, old_time));
            }
            other => panic!("{id}: unexpected {other:?}"),
        }
    }
    let changeable = before
        .values()
        .filter(|(status, _)| matches!(status, PostStatus::Draft | PostStatus::Scheduled))
        .count();
    // Every post that cannot change was refused, bar the few whose retries ran out first.
    assert!(refused <= ids.len() - changeable && refused + 3 >= ids.len() - changeable);
    assert!(
        report.summary.updated + 3 >= changeable,
        "{:?}",
        report.summary
    );
}

/// With spacing on, rescheduling many posts to one time spreads them out; the report's times
/// are the server's, and `moved` counts exactly the ones not at the time asked for.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn update_job_reports_the_times_the_server_chose() {
    let server = MockServer::start(MockConfig {
        include_seed: false,
        generated_posts: 40,
        min_spacing: Some(Duration::from_secs(600)),
        ..MockConfig::default()
    })
    .await
    .expect("mock starts");
    let before = stored(&server);
    let ids: Vec<PostGroupId> = before
        .iter()
        .filter(|(_, (status, _))| *status == PostStatus::Draft)
        .map(|(id, _)| id.clone())
        .collect();
    assert!(ids.len() >= 3, "the generator makes drafts");
    let time = (Utc::now() + chrono::Duration::days(400)).trunc_subsecs(0);
    let report = run_update(
        &client_with_timeout(&server, Duration::from_secs(5)),
        ids.clone(),
        PostChange::Reschedule(time),
        &fast_options(),
    )
    .await;
    let after = stored(&server);
    let mut times = Vec::new();
    let mut moved = 0;
    for id in &ids {
        let Outcome::Updated {
            group,
            moved: was_moved,
        } = &report.outcomes[id]
        else {
            panic!("{id}: {:?}", report.outcomes[id]);
        };
        let answered = group.scheduled_time.as_ref().and_then(|t| t.parsed());
        assert_eq!(answered, after[id].1, "the report holds the stored time");
        assert_eq!(*was_moved, answered != Some(time));
        moved += usize::from(*was_moved);
        times.extend(answered);
    }
    times.sort();
    assert!(
        times
            .windows(2)
            .all(|w| w[1] - w[0] >= chrono::Duration::minutes(10))
    );
    assert_eq!(report.summary.moved, moved);
    assert_eq!(moved, ids.len() - 1, "all but one were moved");
}
