//! The TUI's async loop and its terminal (DESIGN §2, §5 rule 4): the only code that touches the
//! terminal. The loop is the sole owner of [`AppState`]: it turns key presses into actions
//! ([`input::key_press`], then the [`Keymap`](crate::app::keymap::Keymap) in `DrawContext`, with
//! the config's overrides) and mouse events too (`ui::hit_test` on the last drawn size, then
//! [`input::mouse_kind`] and `keymap::mouse_action`), folds actions and worker events into
//! state (`app::update`), sends the resulting commands to the worker, and redraws only when
//! something changed. Idle means no redraw and no tick: the loop sleeps until input, a worker
//! event, or a deadline that `update::next_deadline` names.
//!
//! [`run_loop`] is generic over the terminal backend and the input stream, so tests drive the
//! real loop with a `TestBackend` and injected keys; [`run_terminal`] is the real terminal, with
//! raw mode, the alternate screen, mouse capture, the panic hook and signals.

pub mod input;

use std::io::{self, IsTerminal};
use std::time::Instant;

use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture, Event,
    EventStream,
};
use futures_util::{Stream, StreamExt};
use ratatui::Terminal;
use ratatui::backend::Backend;
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use crate::api::client::ApiClient;
use crate::ui::{self, DrawContext};
use crate::worker::{self, WorkerOptions};

use crate::app::action::Action;
use crate::app::state::{AppState, Screen};
use crate::app::{keymap, update};
use crate::protocol::{Command, WorkerEvent};

/// Set to `task` to make a background task panic shortly after start-up: how the tests check
/// that a panic anywhere restores the terminal and names the log.
pub const PANIC_TEST_VARIABLE: &str = "POSTPOST_DEBUG_PANIC";

/// True in the modes mouse events act in: browsing the posts or the connections, never under
/// a dialog, a picker or the search line.
pub fn mouse_mode(mode: keymap::Mode) -> bool {
    matches!(mode, keymap::Mode::Browse | keymap::Mode::Connections)
}

/// Most worker events folded in before the next redraw, so a flood cannot starve input.
const EVENTS_PER_FRAME: usize = 1024;

/// Errors that end the TUI.
#[derive(Debug, thiserror::Error)]
pub enum TuiError {
    /// Drawing or reading input failed.
    #[error("terminal error: {0}")]
    Io(#[from] io::Error),
    /// A panic happened somewhere (the loop or a background task); the terminal was restored
    /// and the panic reported on stderr and in the log.
    #[error("postpost stopped after an internal error (see above)")]
    Panicked,
    /// The TUI was started without a terminal (exit code 2).
    #[error(
        "the TUI needs a terminal: stdin and stdout must be a TTY (run it in an interactive terminal, or try `postpost demo` there)"
    )]
    NotATerminal,
}

/// Runs the app loop until the user quits, the input ends, or `quit` is cancelled (signals).
///
/// # Errors
/// [`TuiError::Io`] when drawing fails or the input stream reports an error.
pub async fn run_loop<B, S>(
    terminal: &mut Terminal<B>,
    state: &mut AppState,
    mut context: DrawContext,
    mut input: S,
    commands: mpsc::Sender<Command>,
    mut events: mpsc::Receiver<WorkerEvent>,
    quit: CancellationToken,
) -> Result<(), TuiError>
where
    B: Backend,
    S: Stream<Item = io::Result<Event>> + Unpin,
    B::Error: std::error::Error + Send + Sync + 'static,
{
    state.set_time_zone(context.time_zone);
    state.set_clock(chrono::Utc::now());
    let mut pending = vec![update::start_load(state)];
    pending.extend(update::look_up_acting_user(state));
    let mut dirty = true;
    // While the terminal is too small to show the screen, only quitting is allowed: a key must
    // never act on something the user cannot see (a delete confirmation above all).
    let mut too_small = false;
    // The size of the last frame, for hit-testing mouse events against what is on screen.
    let mut drawn_area = ratatui::layout::Rect::default();
    loop {
        for command in pending.drain(..) {
            if commands.send(command).await.is_err() {
                break;
            }
        }
        if state.should_quit() {
            break;
        }
        if dirty {
            let size = terminal.size().map_err(io::Error::other)?;
            drawn_area = ratatui::layout::Rect::new(0, 0, size.width, size.height);
            too_small = ui::too_small(drawn_area);
            // Measure what the frame will show: the view as the last action or event left it.
            state.sync();
            let viewport = ui::measure(drawn_area, state, &context);
            state.prepare_frame(&viewport);
            context.now = Instant::now();
            if state.screen() == Screen::Stats {
                let zone = context.time_zone;
                state.refresh_stats(context.now, zone.today(chrono::Utc::now()), |ms| {
                    zone.day_of(ms)
                });
            }
            terminal
                .draw(|frame| ui::draw(frame, state, &context))
                .map_err(io::Error::other)?;
            dirty = false;
        }
        let deadline = update::next_deadline(state, Instant::now());
        let sleep = async {
            match deadline {
                Some(at) => tokio::time::sleep_until(at.into()).await,
                None => std::future::pending().await,
            }
        };
        tokio::select! {
            () = quit.cancelled() => {
                if let Some(job) = state.jobs.running() {
                    pending.push(Command::CancelJob { job: job.id });
                }
                state.request_quit();
            }
            maybe = input.next() => match maybe {
                None => break,
                Some(Err(error)) => return Err(error.into()),
                Some(Ok(Event::Key(key))) => {
                    let mode = state.mode();
                    let action = input::key_press(&key)
                        .and_then(|press| context.keymap.action_for(mode, press))
                        .filter(|action| {
                            !too_small
                                || matches!(action, Action::Quit | Action::ForceQuit)
                                || (mode == keymap::Mode::QuitPrompt && *action == Action::Confirm)
                        });
                    if let Some(action) = action {
                        state.set_clock(chrono::Utc::now());
                        pending.extend(update::update(state, action, Instant::now()));
                        dirty = true;
                    }
                }
                Some(Ok(Event::Mouse(mouse))) => {
                    // Only in browse mode (the posts or connections screen) and on a screen the
                    // user can see: a click must never answer a dialog or a picker.
                    let action = (!too_small && mouse_mode(state.mode()))
                        .then(|| ui::hit_test(drawn_area, state, mouse.column, mouse.row))
                        .and_then(|hit| keymap::mouse_action(input::mouse_kind(mouse.kind), hit));
                    if let Some(action) = action {
                        pending.extend(update::update(state, action, Instant::now()));
                        dirty = true;
                    }
                }
                Some(Ok(Event::Paste(text))) => {
                    if !too_small {
                        state.set_clock(chrono::Utc::now());
                        pending.extend(update::paste(state, &text, Instant::now()));
                        dirty = true;
                    }
                }
                Some(Ok(Event::Resize(..))) => dirty = true,
                Some(Ok(_)) => {}
            },
            Some(event) = events.recv() => {
                let now = Instant::now();
                pending.extend(update::apply(state, event, now));
                for _ in 1..EVENTS_PER_FRAME {
                    match events.try_recv() {
                        Ok(event) => pending.extend(update::apply(state, event, now)),
                        Err(_) => break,
                    }
                }
                pending.extend(update::settle(state));
                dirty = true;
            }
            () = sleep => dirty |= update::tick(state, Instant::now()),
        }
    }
    for command in pending {
        let _ = commands.send(command).await;
    }
    Ok(())
}

/// Runs the TUI in the real terminal against `client`: takes over the terminal (raw mode,
/// alternate screen, mouse capture when `mouse`, a panic hook that restores it), starts the
/// worker, runs the loop, and restores the terminal on every way out (mouse capture included).
/// SIGTERM and SIGHUP quit like `q`.
///
/// # Errors
/// [`TuiError::NotATerminal`] without a TTY; [`TuiError::Io`] from the terminal.
pub async fn run_terminal(
    client: ApiClient,
    options: WorkerOptions,
    mut state: AppState,
    context: DrawContext,
    mouse: bool,
) -> Result<(), TuiError> {
    if !io::stdin().is_terminal() || !io::stdout().is_terminal() {
        return Err(TuiError::NotATerminal);
    }
    let (command_tx, command_rx) = mpsc::channel(256);
    let (event_tx, event_rx) = mpsc::channel(1024);
    let worker = tokio::spawn(worker::run(client, options, command_rx, event_tx));
    let quit = CancellationToken::new();
    spawn_signal_listener(quit.clone());
    let mut terminal = ratatui::init();
    let panicked = install_panic_hook(quit.clone(), context.log_file.clone(), mouse);
    if mouse {
        // Without capture the TUI still works by keys; a terminal that refuses it loses nothing.
        let _ = crossterm::execute!(io::stdout(), EnableMouseCapture);
    }
    // A paste arrives as one event of text, never as keys (a pasted `dy` must not delete).
    let _ = crossterm::execute!(io::stdout(), EnableBracketedPaste);
    // A test hook (tests/it/pty.rs): a background task that panics, as a worker bug would.
    if std::env::var_os(PANIC_TEST_VARIABLE).is_some_and(|value| value == "task") {
        tokio::spawn(async {
            tokio::time::sleep(std::time::Duration::from_millis(300)).await;
            panic!("injected by {PANIC_TEST_VARIABLE}=task");
        });
    }
    let result = run_loop(
        &mut terminal,
        &mut state,
        context,
        EventStream::new(),
        command_tx,
        event_rx,
        quit,
    )
    .await;
    restore_terminal(mouse);
    worker.abort();
    // Quitting (or a signal) during a job cancels it: say so where the user will see it.
    if let Some(job) = state.jobs.running() {
        let journal = if state.settings.demo {
            "postpost journal --demo"
        } else {
            "postpost journal"
        };
        eprintln!(
            "postpost: quit while job {} ({}) was running: {} of {} posts had finished; no new request was started and any in flight were abandoned. `{journal}` tells what became of each post.",
            job.id,
            job.kind.name(),
            job.done(),
            job.total,
        );
    }
    if let Some(report) = state.exit_report() {
        eprintln!("{report}");
    }
    if panicked.load(std::sync::atomic::Ordering::SeqCst) {
        return Err(TuiError::Panicked);
    }
    result
}

/// Gives the terminal back: mouse capture off (when it was turned on), bracketed paste off,
/// then raw mode and the alternate screen (`ratatui::restore`). Safe to call more than once.
fn restore_terminal(mouse: bool) {
    if mouse {
        let _ = crossterm::execute!(io::stdout(), DisableMouseCapture);
    }
    let _ = crossterm::execute!(io::stdout(), DisableBracketedPaste);
    ratatui::restore();
}

/// Chains a panic hook before ratatui's: on a panic anywhere (this loop or any tokio task) it
/// restores the terminal (mouse capture too when `mouse`), records the panic in the log, lets
/// the previous hooks print it, says where the log is, and asks the loop to quit.
/// Returns the flag it sets.
fn install_panic_hook(
    quit: CancellationToken,
    log_file: Option<String>,
    mouse: bool,
) -> std::sync::Arc<std::sync::atomic::AtomicBool> {
    let panicked = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let flag = std::sync::Arc::clone(&panicked);
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore_terminal(mouse);
        tracing::error!(panic = %info, "internal error");
        previous(info);
        if !flag.swap(true, std::sync::atomic::Ordering::SeqCst) {
            match &log_file {
                Some(path) => eprintln!(
                    "postpost: internal error; the terminal was restored. The log is at {path}"
                ),
                None => eprintln!("postpost: internal error; the terminal was restored."),
            }
        }
        quit.cancel();
    }));
    panicked
}

#[cfg(unix)]
fn spawn_signal_listener(quit: CancellationToken) {
    use tokio::signal::unix::{SignalKind, signal};
    tokio::spawn(async move {
        let (Ok(mut term), Ok(mut hup)) = (
            signal(SignalKind::terminate()),
            signal(SignalKind::hangup()),
        ) else {
            return;
        };
        tokio::select! {
            _ = term.recv() => {}
            _ = hup.recv() => {}
        }
        quit.cancel();
    });
}

#[cfg(not(unix))]
fn spawn_signal_listener(_quit: CancellationToken) {}
