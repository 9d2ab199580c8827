//! A bench command that prints figures for a very large account, as its users meet it:
//! `postpost mock-server --posts N` runs as a separate process (this bench starts the built
//! binary), and this process runs the real worker and TUI loop, drawing to an off-screen 100x30
//! terminal. Printed: the mock's start-up time, the load's wall time and this process's resident
//! memory once every post is in, then a query keystroke and a sort change at that size, each
//! through `update` and the frame the loop draws after it.
//!
//! Run: `cargo bench --bench million` (1,000,000 posts, about a minute);
//! `MILLION_POSTS=100000 cargo bench --bench million` for another size.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Command as Process, Stdio};
use std::time::{Duration, Instant};

use postpost_tui::api::client::{ApiClient, ClientOptions};
use postpost_tui::app::action::Action;
use postpost_tui::app::state::{AppState, Overlay, UiSettings};
use postpost_tui::app::update::update;
use postpost_tui::protocol::WorkerEvent;
use postpost_tui::secret::ApiKey;
use postpost_tui::time::TimeZoneChoice;
use postpost_tui::tui::run_loop;
use postpost_tui::ui::{self, DrawContext};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

const API_KEY: &str = "sk_bench_million";

/// Kills the mock when the bench ends, however it ends.
struct MockProcess(std::process::Child);

impl Drop for MockProcess {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `postpost mock-server` with `posts` generated posts on a free loopback port; returns
/// the process, its API base URL and how long it took to start listening.
fn start_mock(posts: usize) -> (MockProcess, String, Duration) {
    let started = Instant::now();
    let mut child = Process::new(env!("CARGO_BIN_EXE_postpost"))
        .args([
            "mock-server",
            "--addr",
            "127.0.0.1:0",
            "--api-key",
            API_KEY,
            "--no-seed-posts",
            "--posts",
            &posts.to_string(),
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("the mock server starts");
    let stdout = child.stdout.take().expect("stdout is piped");
    let mut lines = BufReader::new(stdout).lines();
    let first = lines
        .next()
        .expect("the mock prints its address")
        .expect("readable");
    let elapsed = started.elapsed();
    let base_url = first
        .rsplit(' ')
        .next()
        .expect("an address ends the line")
        .to_string();
    // Keep draining its output so it never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    (MockProcess(child), base_url, elapsed)
}

fn client(base_url: &str) -> ApiClient {
    ApiClient::new(&ClientOptions {
        base_url: base_url.to_string(),
        api_key: ApiKey::new(API_KEY),
        user_id: None,
        connect_timeout: Duration::from_secs(5),
        request_timeout: Duration::from_secs(60),
        read_only: false,
    })
    .expect("client")
}

/// Runs the worker and the TUI loop until the whole account is loaded; returns the state (as
/// the last frame drew it) and the wall time from start to the frame after the last page.
async fn load(base_url: &str) -> (AppState, Duration) {
    let (command_tx, command_rx) = mpsc::channel(256);
    let (worker_tx, mut worker_rx) = mpsc::channel(1024);
    let (event_tx, event_rx) = mpsc::channel(1024);
    let quit = CancellationToken::new();
    let started = Instant::now();
    tokio::spawn(postpost_tui::worker::run(
        client(base_url),
        Default::default(),
        command_rx,
        worker_tx,
    ));
    // Between the worker and the loop: once the load's last event has been taken by the loop
    // (the channel is empty again), ask the loop to quit; it draws the frame first.
    let stop = quit.clone();
    tokio::spawn(async move {
        while let Some(event) = worker_rx.recv().await {
            let finished = matches!(
                event,
                WorkerEvent::LoadFinished { .. } | WorkerEvent::LoadFailed { .. }
            );
            if event_tx.send(event).await.is_err() {
                return;
            }
            if finished {
                let deadline = Instant::now() + Duration::from_secs(120);
                while event_tx.capacity() < event_tx.max_capacity() && Instant::now() < deadline {
                    tokio::time::sleep(Duration::from_millis(1)).await;
                }
                stop.cancel();
            }
        }
    });
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).expect("terminal");
    let mut state = AppState::new(UiSettings {
        server_label: "bench".into(),
        ..UiSettings::default()
    });
    let input = futures_util::stream::pending::<std::io::Result<crossterm::event::Event>>();
    run_loop(
        &mut terminal,
        &mut state,
        DrawContext {
            time_zone: TimeZoneChoice::Utc,
            ..DrawContext::default()
        },
        input,
        command_tx,
        event_rx,
        quit,
    )
    .await
    .expect("the loop runs");
    (state, started.elapsed())
}

/// Wall time of `action` through `update` plus the frame drawn after it, as the loop runs them.
fn keystroke(
    state: &mut AppState,
    terminal: &mut Terminal<TestBackend>,
    context: &DrawContext,
    action: Action,
) -> Duration {
    let started = Instant::now();
    update(state, action, Instant::now());
    state.sync();
    let viewport = ui::measure(Rect::new(0, 0, 100, 30), state, context);
    state.prepare_frame(&viewport);
    terminal
        .draw(|frame| ui::draw(frame, state, context))
        .expect("draw");
    started.elapsed()
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn ms(duration: Duration) -> String {
    format!("{:.1} ms", duration.as_secs_f64() * 1e3)
}

fn main() {
    // `cargo bench` passes --bench; this command takes no options.
    let posts: usize = std::env::var("MILLION_POSTS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1_000_000);
    println!(
        "machine: {} cores; {}",
        std::thread::available_parallelism().map_or(0, usize::from),
        std::env::consts::ARCH
    );
    let (mock, base_url, mock_start) = start_mock(posts);
    println!(
        "mock with {posts} posts: listening after {:.2} s, {:.0} MiB resident",
        mock_start.as_secs_f64(),
        common::rss_mib(&mock.0.id().to_string()).unwrap_or_default()
    );
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let before = common::rss_mib("self").unwrap_or_default();
    let (mut state, elapsed) = runtime.block_on(load(&base_url));
    let loaded = state.posts.loaded();
    assert_eq!(loaded, posts, "every post loads");
    println!(
        "TUI load of {loaded} posts: {:.2} s; resident {:.0} MiB ({before:.0} MiB before the load)",
        elapsed.as_secs_f64(),
        common::rss_mib("self").unwrap_or_default()
    );
    drop(mock);

    let context = DrawContext {
        time_zone: TimeZoneChoice::Utc,
        ..DrawContext::default()
    };
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).expect("terminal");
    state.set_time_zone(TimeZoneChoice::Utc);
    // A query typed letter by letter, then erased: each keystroke through update and a frame.
    keystroke(&mut state, &mut terminal, &context, Action::StartSearch);
    let query = "status:failed,scheduled platform:twitter -launch roast";
    let mut press = |action: Action| keystroke(&mut state, &mut terminal, &context, action);
    let typing: Vec<Duration> = query.chars().map(|key| press(Action::Input(key))).collect();
    let erasing: Vec<Duration> = query.chars().map(|_| press(Action::Backspace)).collect();
    if std::env::var_os("MILLION_DETAIL").is_some() {
        let typed: Vec<String> = typing
            .iter()
            .enumerate()
            .map(|(n, t)| format!("{:?}={}", &query[..=n], ms(*t)))
            .collect();
        let erased: Vec<String> = erasing
            .iter()
            .enumerate()
            .map(|(n, t)| format!("{:?}={}", &query[..query.len() - 1 - n], ms(*t)))
            .collect();
        println!("typing: {}\nerasing: {}", typed.join(" "), erased.join(" "));
    }
    println!(
        "query keystroke at {loaded} posts ({} keys of {query:?}): median {}, worst {}; erasing it: median {}, worst {}",
        query.chars().count(),
        ms(median(typing.clone())),
        ms(typing.iter().copied().max().unwrap_or_default()),
        ms(median(erasing.clone())),
        ms(erasing.iter().copied().max().unwrap_or_default()),
    );
    // Enter-less close of the field (Esc in the field): the query is empty again.
    keystroke(&mut state, &mut terminal, &context, Action::Cancel);
    assert!(!state.posts.searching(), "the query field is closed");
    let sorts: Vec<Duration> = (0..12)
        .map(|_| {
            let before = state.posts.sort();
            let time = keystroke(&mut state, &mut terminal, &context, Action::CycleSort);
            assert_ne!(state.posts.sort(), before, "o changes the sort");
            time
        })
        .collect();
    println!(
        "sort change (o) at {loaded} posts: first {}, median {}, worst {} over 12 presses",
        ms(sorts[0]),
        ms(median(sorts.clone())),
        ms(sorts.iter().copied().max().unwrap_or_default()),
    );
    // Marking every post, clearing the marks (Esc), bringing them back (z), and the delete
    // dialog for all of them.
    let mut marking: Vec<(&str, Duration)> = [
        ("mark all (Ctrl-a)", Action::MarkAll),
        ("clear the marks (Esc)", Action::Escape),
        ("undo (z)", Action::UndoMarks),
        (
            "the delete dialog for every post (d)",
            Action::RequestDelete,
        ),
    ]
    .into_iter()
    .map(|(name, action)| (name, keystroke(&mut state, &mut terminal, &context, action)))
    .collect();
    assert!(
        matches!(state.overlay(), Some(Overlay::ConfirmDelete(_))),
        "the delete dialog opened"
    );
    keystroke(&mut state, &mut terminal, &context, Action::Cancel);
    let reschedule = keystroke(
        &mut state,
        &mut terminal,
        &context,
        Action::RequestReschedule,
    );
    assert!(
        matches!(state.overlay(), Some(Overlay::Change(_))),
        "the reschedule dialog opened"
    );
    marking.push(("the reschedule dialog for every post (t)", reschedule));
    let marked = state.posts.marked().len();
    assert_eq!(marked, loaded, "every post is marked again after z");
    println!(
        "{} at {loaded} posts ({marked} marked at the end); resident {:.0} MiB",
        marking
            .iter()
            .map(|(name, time)| format!("{name}: {}", ms(*time)))
            .collect::<Vec<_>>()
            .join(", "),
        common::rss_mib("self").unwrap_or_default()
    );
    println!(
        "resident at the end: {:.0} MiB",
        common::rss_mib("self").unwrap_or_default()
    );
}
