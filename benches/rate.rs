//! The job engine against a rate-limited server (`cargo bench --bench rate`): prints figures,
//! never asserts. 300 deletes against the mock's token bucket (`--rate-limit 40 --burst 10
//! --latency-ms 10`): achieved rate over the limit, the share of requests answered 429, and the
//! time against the ideal (N − B) / R; then the same with a limit that drops from 40 to 10 per
//! second half-way; then no limit at all, against the latency bound N·L/C; then the TUI's load
//! of 5,000 posts (50 pages, 4 at a time) under the same limit: pages per second over the
//! limit and the share answered 429.

use std::sync::Arc;
use std::time::{Duration, Instant};

use postpost_tui::api::client::{ApiClient, ClientOptions};
use postpost_tui::api::pacer::Pacer;
use postpost_tui::mock::{Faults, MockConfig, MockServer};
use postpost_tui::protocol::{JobId, WorkerEvent};
use postpost_tui::secret::ApiKey;
use postpost_tui::worker::job::{JobOptions, run_job};
use postpost_tui::worker::load::load_all;
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

const POSTS: usize = 300;

async fn server(faults: Faults) -> MockServer {
    server_of(POSTS, faults).await
}

async fn server_of(posts: usize, faults: Faults) -> MockServer {
    MockServer::start(MockConfig {
        include_seed: false,
        generated_posts: posts,
        faults,
        ..MockConfig::default()
    })
    .await
    .expect("mock starts")
}

fn client(server: &MockServer) -> ApiClient {
    ApiClient::new(&ClientOptions {
        base_url: server.base_url(),
        api_key: ApiKey::new(MockConfig::default().api_key),
        user_id: None,
        connect_timeout: Duration::from_secs(5),
        request_timeout: Duration::from_secs(30),
        read_only: false,
    })
    .expect("client")
    .with_pacer(Arc::new(Pacer::default()))
}

/// Deletes every post; calls `half_way` once when half are done. Returns (seconds, 429s).
async fn run(server: &MockServer, half_way: impl Fn(&MockServer)) -> (f64, usize) {
    let options = JobOptions {
        concurrency: 8,
        ..JobOptions::default()
    };
    let ids = server.post_ids();
    let client = client(server);
    let (tx, mut rx) = mpsc::channel(1024);
    let started = Instant::now();
    let job = run_job(
        &client,
        JobId(1),
        ids,
        &options,
        CancellationToken::new(),
        tx,
    );
    let collect = async {
        let mut done = 0;
        while let Some(event) = rx.recv().await {
            if let WorkerEvent::ItemFinished { .. } = event {
                done += 1;
                if done == POSTS / 2 {
                    half_way(server);
                }
            }
        }
    };
    tokio::join!(job, collect);
    let seconds = started.elapsed().as_secs_f64();
    let refused = server.requests().iter().filter(|r| r.status == 429).count();
    assert!(server.post_ids().is_empty(), "every post deleted");
    (seconds, refused)
}

/// Loads every post as the TUI does (pages of 100, `concurrency` at a time). Returns
/// (seconds, pages asked for, 429s); every post arrives exactly once.
async fn load(server: &MockServer, concurrency: usize) -> (f64, usize, usize) {
    let (tx, mut rx) = mpsc::channel(256);
    let started = Instant::now();
    tokio::spawn(load_all(
        client(server),
        100,
        concurrency,
        postpost_tui::protocol::LoadSeq(1),
        tx,
        CancellationToken::new(),
    ));
    let mut ids = Vec::new();
    while let Some(event) = rx.recv().await {
        match event {
            WorkerEvent::PageLoaded { posts, .. } => {
                ids.extend(posts.into_iter().map(|post| post.post_group_id));
            }
            WorkerEvent::LoadFinished { .. } => break,
            other => panic!("the load failed: {other:?}"),
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    let mut expected = server.post_ids();
    expected.sort();
    ids.sort();
    assert_eq!(ids, expected, "every post once");
    let requests = server.requests();
    let refused = requests.iter().filter(|r| r.status == 429).count();
    (seconds, requests.len() - refused, refused)
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let limited = Faults {
            rate_limit: 40.0,
            burst: 10,
            latency_ms: 10,
            ..Faults::default()
        };
        let steady = server(limited.clone()).await;
        let (seconds, refused) = run(&steady, |_| {}).await;
        let ideal = (POSTS as f64 - 10.0) / 40.0;
        println!(
            "rate 40/s burst 10, latency 10 ms, {POSTS} deletes: {:.1}/s = {:.2} of the limit, {refused} answered 429 ({:.1} %), {seconds:.2} s against the ideal {ideal:.2} s",
            POSTS as f64 / seconds,
            POSTS as f64 / seconds / 40.0,
            100.0 * refused as f64 / (POSTS + refused) as f64,
        );
        let dropping = server(limited.clone()).await;
        let (seconds, refused) = run(&dropping, |server| {
            server.set_faults(Faults {
                rate_limit: 10.0,
                ..limited.clone()
            });
        })
        .await;
        let ideal = (POSTS as f64 / 2.0 - 10.0) / 40.0 + POSTS as f64 / 2.0 / 10.0;
        println!(
            "limit 40/s dropping to 10/s half-way: {seconds:.2} s against the ideal {ideal:.2} s ({:.2}x), {refused} answered 429 ({:.1} %)",
            seconds / ideal,
            100.0 * refused as f64 / (POSTS + refused) as f64,
        );
        let free = server(Faults {
            latency_ms: 10,
            ..Faults::default()
        })
        .await;
        let (seconds, refused) = run(&free, |_| {}).await;
        let bound = POSTS as f64 * 0.010 / 8.0;
        println!(
            "no limit, latency 10 ms, concurrency 8: {seconds:.2} s against the latency bound {bound:.2} s ({:.2}x), {refused} answered 429",
            seconds / bound
        );
        let pages = server_of(5_000, limited.clone()).await;
        let (seconds, answered, refused) = load(&pages, 4).await;
        let ideal = (answered as f64 - 10.0) / 40.0;
        println!(
            "load of 5,000 posts (50 pages, 4 at a time) at 40/s burst 10: {:.1} pages/s = {:.2} of the limit, {refused} answered 429 ({:.1} %), {seconds:.2} s against the ideal {ideal:.2} s",
            answered as f64 / seconds,
            answered as f64 / seconds / 40.0,
            100.0 * refused as f64 / (answered + refused) as f64,
        );
    });
}
