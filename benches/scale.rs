//! A bench command that prints figures, all against the mock on 127.0.0.1:
//! - deleting 2,000 posts with 20 ms latency per request, sequential against the default
//!   concurrency, against the bound N × latency / concurrency, and with a 429 every 50th request;
//! - loading 10,000 posts (100 pages) with 20 ms latency, against (1 + ceil(99 / C)) × 20 ms;
//! - one list-posts page from a mock holding 100,000 posts;
//! - resident memory with 100,000 posts loaded into the TUI state;
//! - CPU used by the idle TUI loop over 10 s.
//!
//! Run: `cargo bench --bench scale` (about two minutes). `SCALE_QUICK=1` skips the sequential
//! delete run, the slowest part.

mod common;

use std::time::{Duration, Instant};

use postpost_tui::api::client::{ApiClient, ClientOptions, ListQuery};
use postpost_tui::api::model::PostStatus;
use postpost_tui::app::state::{AppState, UiSettings};
use postpost_tui::mock::{Faults, MockConfig, MockServer};
use postpost_tui::protocol::WorkerEvent;
use postpost_tui::secret::ApiKey;
use postpost_tui::worker::job::{JobOptions, run_job};
use postpost_tui::worker::load::load_all;
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

const LATENCY: Duration = Duration::from_millis(20);

fn client(server: &MockServer) -> ApiClient {
    ApiClient::new(&ClientOptions {
        base_url: server.base_url(),
        api_key: ApiKey::new(postpost_tui::mock::DEFAULT_API_KEY),
        user_id: None,
        connect_timeout: Duration::from_secs(5),
        request_timeout: Duration::from_secs(30),
        read_only: false,
    })
    .expect("client")
    // As every command's client: paced (`api::pacer`), which must cost nothing without a limit.
    .with_pacer(std::sync::Arc::new(
        postpost_tui::api::pacer::Pacer::default(),
    ))
}

async fn mock(posts: usize, faults: Faults) -> MockServer {
    MockServer::start(MockConfig {
        include_seed: false,
        generated_posts: posts,
        faults,
        ..MockConfig::default()
    })
    .await
    .expect("mock starts")
}

/// Deletes every post of a fresh mock; returns the wall time and the deleted count.
async fn delete_all(posts: usize, concurrency: usize, faults: Faults) -> (Duration, usize) {
    let server = mock(posts, faults).await;
    let client = client(&server);
    let ids = server.post_ids();
    let options = JobOptions {
        concurrency,
        ..JobOptions::default()
    };
    let (tx, mut rx) = mpsc::channel(1024);
    let started = Instant::now();
    let drain = async { while rx.recv().await.is_some() {} };
    tokio::join!(
        run_job(
            &client,
            postpost_tui::protocol::JobId(1),
            ids,
            &options,
            CancellationToken::new(),
            tx
        ),
        drain
    );
    let elapsed = started.elapsed();
    let left = server.post_ids().len();
    server.shutdown().await;
    (elapsed, posts - left)
}

async fn deletes() {
    println!("## Delete 2,000 posts, 20 ms latency per request");
    let posts = 2000;
    let default = JobOptions::default().concurrency;
    let bound = |c: usize| LATENCY.mul_f64(posts as f64 / c as f64);
    if std::env::var_os("SCALE_QUICK").is_none() {
        let (elapsed, done) = delete_all(
            posts,
            1,
            Faults {
                latency_ms: 20,
                ..Faults::default()
            },
        )
        .await;
        println!(
            "concurrency 1: {:.2} s for {done} deletes (bound {:.2} s, ratio {:.2})",
            elapsed.as_secs_f64(),
            bound(1).as_secs_f64(),
            elapsed.as_secs_f64() / bound(1).as_secs_f64()
        );
    }
    let (elapsed, done) = delete_all(
        posts,
        default,
        Faults {
            latency_ms: 20,
            ..Faults::default()
        },
    )
    .await;
    let plain = elapsed;
    println!(
        "concurrency {default} (default): {:.2} s for {done} deletes (bound {:.2} s, ratio {:.2})",
        elapsed.as_secs_f64(),
        bound(default).as_secs_f64(),
        elapsed.as_secs_f64() / bound(default).as_secs_f64()
    );
    let faults = Faults {
        latency_ms: 20,
        rate_limit_every: 50,
        retry_after_secs: 1,
        ..Faults::default()
    };
    let (elapsed, done) = delete_all(posts, default, faults).await;
    println!(
        "concurrency {default} with a 429 (Retry-After: 1) every 50th request: {:.2} s for {done} deletes (+{:.2} s over no 429s)",
        elapsed.as_secs_f64(),
        (elapsed.saturating_sub(plain)).as_secs_f64()
    );
}

async fn loading() {
    println!("\n## Load 10,000 posts (100 pages of 100), 20 ms latency per request");
    let server = mock(
        10_000,
        Faults {
            latency_ms: 20,
            ..Faults::default()
        },
    )
    .await;
    let client = client(&server);
    for concurrency in [1, 4, 8] {
        let (tx, mut rx) = mpsc::channel(256);
        let started = Instant::now();
        tokio::spawn(load_all(
            client.clone(),
            100,
            concurrency,
            postpost_tui::protocol::LoadSeq(1),
            tx,
            CancellationToken::new(),
        ));
        let mut posts = 0;
        while let Some(event) = rx.recv().await {
            match event {
                WorkerEvent::PageLoaded { posts: page, .. } => posts += page.len(),
                WorkerEvent::LoadFinished { .. } => break,
                other => panic!("load failed: {other:?}"),
            }
        }
        let elapsed = started.elapsed();
        let bound = LATENCY * (1 + 99u32.div_ceil(concurrency as u32));
        println!(
            "page concurrency {concurrency}: {:.3} s for {posts} posts (bound {:.3} s, ratio {:.2})",
            elapsed.as_secs_f64(),
            bound.as_secs_f64(),
            elapsed.as_secs_f64() / bound.as_secs_f64()
        );
    }
    server.shutdown().await;
}

async fn mock_at_scale() {
    println!("\n## The mock with 100,000 posts: one list-posts page of 100 over HTTP");
    let started = Instant::now();
    let server = mock(100_000, Faults::default()).await;
    println!(
        "start-up with 100,000 generated posts: {:.2} s",
        started.elapsed().as_secs_f64()
    );
    let client = client(&server);
    for (label, status) in [
        ("no filter", None),
        ("status=failed", Some(PostStatus::Failed)),
    ] {
        let mut times = Vec::new();
        for page in 0..200u32 {
            let query = ListQuery {
                page: 1 + page * 5,
                limit: 100,
                status: status.clone(),
                ..ListQuery::default()
            };
            let started = Instant::now();
            client.list_posts(&query).await.expect("list");
            times.push(started.elapsed());
        }
        times.sort();
        println!(
            "{label}: median {:.2} ms, p95 {:.2} ms over 200 pages",
            times[100].as_secs_f64() * 1e3,
            times[190].as_secs_f64() * 1e3
        );
    }
    server.shutdown().await;
}

/// User plus system CPU time of this process, from /proc (Linux; 100 ticks per second).
fn cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let after_name = stat.rsplit(')').next()?;
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks * 10))
}

fn memory() {
    println!("\n## Resident memory with 100,000 posts in the TUI state");
    let before = common::rss_mib("self").unwrap_or_default();
    let mut state = common::loaded(100_000);
    // A text filter builds the search index too.
    state
        .posts
        .set_query_text(
            "roast",
            chrono::Utc::now(),
            postpost_tui::time::TimeZoneChoice::Utc,
        )
        .expect("query parses");
    state.posts.sync();
    let after = common::rss_mib("self").unwrap_or_default();
    println!(
        "{} posts loaded, {} shown by a text filter: RSS {after:.0} MiB ({:.0} MiB for the state, {before:.0} MiB before)",
        state.posts.rows().len(),
        state.posts.view_len(),
        after - before
    );
}

async fn idle_cpu() {
    use postpost_tui::tui::run_loop;
    use postpost_tui::ui::DrawContext;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    println!("\n## CPU over 10 s of idle (TUI loop, worker and mock in this process)");
    let server = mock(1000, Faults::default()).await;
    let (command_tx, command_rx) = mpsc::channel(256);
    let (event_tx, event_rx) = mpsc::channel(1024);
    tokio::spawn(postpost_tui::worker::run(
        client(&server),
        Default::default(),
        command_rx,
        event_tx,
    ));
    let quit = CancellationToken::new();
    let stop = quit.clone();
    let app = tokio::spawn(async move {
        let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
        let mut state = AppState::new(UiSettings::default());
        let input = futures_util::stream::pending::<std::io::Result<crossterm::event::Event>>();
        run_loop(
            &mut terminal,
            &mut state,
            DrawContext::default(),
            input,
            command_tx,
            event_rx,
            stop,
        )
        .await
        .expect("loop");
    });
    // Let the load finish and the notices expire.
    tokio::time::sleep(Duration::from_secs(8)).await;
    let before = cpu_time().unwrap_or_default();
    tokio::time::sleep(Duration::from_secs(10)).await;
    let used = cpu_time().unwrap_or_default().saturating_sub(before);
    println!(
        "CPU time used while idle: {} ms over 10 s ({:.2} %)",
        used.as_millis(),
        used.as_secs_f64() / 10.0 * 100.0
    );
    quit.cancel();
    let _ = app.await;
    server.shutdown().await;
}

fn main() {
    // `cargo bench` passes --bench; this command takes no options.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    println!(
        "machine: {} cores; {}",
        std::thread::available_parallelism().map_or(0, usize::from),
        std::env::consts::ARCH
    );
    // Memory first, before other sections leave freed pages in the allocator.
    memory();
    runtime.block_on(async {
        deletes().await;
        loading().await;
        mock_at_scale().await;
    });
    runtime.block_on(idle_cpu());
}
