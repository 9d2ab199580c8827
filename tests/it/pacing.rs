//! The job engine against a rate-limited server (the mock's token bucket, `rate_limit`/`burst`):
//! it learns the pace, keeps the report true to the server, and never gives a post up for 429s.

use std::sync::Arc;
use std::time::Duration;

use postpost_tui::api::pacer::Pacer;
use postpost_tui::mock::{Faults, MockServer};
use postpost_tui::protocol::{JobId, Outcome, WorkerEvent};
use postpost_tui::worker::job::{JobOptions, run_job};
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use crate::support::{client_for, start_with};

/// Deletes every post of `server` with `options`; (outcomes, paces reported, 429s answered).
async fn delete_all(
    server: &MockServer,
    options: &JobOptions,
) -> (Vec<(String, Outcome)>, Vec<Option<f64>>, usize) {
    let ids = server.post_ids();
    let (tx, mut rx) = mpsc::channel(1024);
    let client = client_for(server).with_pacer(Arc::new(Pacer::default()));
    let job = run_job(
        &client,
        JobId(1),
        ids,
        options,
        CancellationToken::new(),
        tx,
    );
    let mut outcomes = Vec::new();
    let mut paces = Vec::new();
    let collect = async {
        while let Some(event) = rx.recv().await {
            match event {
                WorkerEvent::ItemFinished { id, outcome, .. } => {
                    outcomes.push((id.to_string(), outcome));
                }
                WorkerEvent::JobPaced { per_second, .. } => paces.push(per_second),
                _ => {}
            }
        }
    };
    tokio::time::timeout(Duration::from_secs(60), async {
        tokio::join!(job, collect)
    })
    .await
    .expect("the job ends");
    let refused = server.requests().iter().filter(|r| r.status == 429).count();
    (outcomes, paces, refused)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_job_learns_the_servers_pace_and_loses_no_post() {
    let server = start_with(
        90,
        Faults {
            rate_limit: 40.0,
            burst: 10,
            latency_ms: 5,
            ..Faults::default()
        },
    )
    .await;
    let options = JobOptions {
        concurrency: 8,
        ..JobOptions::default()
    };
    let (outcomes, paces, refused) = delete_all(&server, &options).await;
    assert_eq!(outcomes.len(), 90, "one outcome per post");
    assert!(
        outcomes.iter().all(|(_, o)| *o == Outcome::Deleted),
        "{outcomes:?}"
    );
    assert!(server.post_ids().is_empty(), "every post is gone");
    let learned = paces.iter().flatten().last().copied().expect("a pace");
    assert!((25.0..=45.0).contains(&learned), "learned {learned}/s");
    assert!(
        refused <= 15,
        "{refused} requests refused of {}",
        90 + refused
    );
}

/// A 429 uses up none of an item's retries: with no retries at all, a job under a tight
/// limit still deletes every post.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rate_limits_use_up_no_retries() {
    let server = start_with(
        30,
        Faults {
            rate_limit: 30.0,
            burst: 2,
            ..Faults::default()
        },
    )
    .await;
    let options = JobOptions {
        concurrency: 8,
        max_retries: 0,
        ..JobOptions::default()
    };
    let (outcomes, _, refused) = delete_all(&server, &options).await;
    assert!(refused > 0, "the limit was met");
    assert_eq!(outcomes.len(), 30);
    assert!(
        outcomes.iter().all(|(_, o)| *o == Outcome::Deleted),
        "{outcomes:?}"
    );
}
