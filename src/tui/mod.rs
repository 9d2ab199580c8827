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
//! real loop with a `TestBackend` and injected keys; [`run_terminal`] is the real terminal
//! ([`terminal`]: raw mode, the alternate screen, mouse capture, restored once), with the panic
//! hook and signals: SIGTERM and SIGHUP quit, Ctrl-z and SIGTSTP suspend to the shell, and
//! SIGCONT redraws everything.

mod effects;
pub mod input;
pub mod terminal;

use std::io::{self, IsTerminal};
use std::time::Instant;

use crossterm::event::{Event, EventStream};
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

/// Job control signals the loop acts on (unix).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobSignal {
    /// SIGTSTP: suspend, as Ctrl-z does.
    Stop,
    /// SIGCONT: the terminal may have been used meanwhile; redraw everything.
    Continue,
}

/// What the owner of a real terminal lends the loop besides input: how to suspend, and the
/// job control signals as they arrive.
pub struct Control<'a> {
    /// Restores the terminal, stops the process, and returns once it is continued and the
    /// terminal entered again ([`terminal::suspend`]).
    pub suspend: &'a mut (dyn FnMut() -> io::Result<()> + Send),
    /// SIGTSTP and SIGCONT.
    pub signals: mpsc::Receiver<JobSignal>,
}

/// Runs the app loop until the user quits, the input ends, or `quit` is cancelled (signals).
/// Ctrl-z does nothing here: suspending needs a real terminal ([`run_loop_with`]).
///
/// # Errors
/// [`TuiError::Io`] when drawing fails or the input stream reports an error.
pub async fn run_loop<B, S>(
    terminal: &mut Terminal<B>,
    state: &mut AppState,
    context: DrawContext,
    input: S,
    commands: mpsc::Sender<Command>,
    events: mpsc::Receiver<WorkerEvent>,
    quit: CancellationToken,
) -> Result<(), TuiError>
where
    B: Backend,
    S: Stream<Item = io::Result<Event>> + Unpin,
    B::Error: std::error::Error + Send + Sync + 'static,
{
    run_loop_with(
        terminal, state, context, input, commands, events, quit, None,
    )
    .await
}

/// [`run_loop`] with job control: Ctrl-z (the `suspend` action) and SIGTSTP call
/// `control.suspend`, and after it returns, or on SIGCONT, the next frame is drawn in full.
///
/// # Errors
/// As [`run_loop`]; also the I/O error of a failed suspend.
#[allow(clippy::too_many_arguments)]
pub async fn run_loop_with<B, S>(
    terminal: &mut Terminal<B>,
    state: &mut AppState,
    mut context: DrawContext,
    mut input: S,
    commands: mpsc::Sender<Command>,
    mut events: mpsc::Receiver<WorkerEvent>,
    quit: CancellationToken,
    mut control: Option<Control<'_>>,
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
            // The clipboard and the browser are the loop's to reach, between frames.
            let command = match command {
                Command::Clipboard { text } => {
                    if let Err(error) = effects::copy_to_clipboard(&mut io::stdout(), &text) {
                        tracing::warn!(%error, "could not write to the clipboard");
                    }
                    continue;
                }
                Command::OpenUrl { url } => {
                    effects::open_url(&url);
                    continue;
                }
                other => other,
            };
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
        // Set by Ctrl-z, SIGTSTP and SIGCONT: forget what the screen shows and draw it all.
        let mut redraw_all = false;
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
                    // Ctrl-z suspends in every mode (a text field or a dialog included) unless
                    // the mode binds it to something else: it never acts on posts.
                    let action = input::key_press(&key)
                        .and_then(|press| {
                            context.keymap.action_for(mode, press).or_else(|| {
                                (press
                                    == keymap::KeyPress::new(
                                        keymap::KeyCode::Char('z'),
                                        keymap::KeyModifiers::CONTROL,
                                    ))
                                .then_some(Action::Suspend)
                            })
                        })
                        .filter(|action| {
                            !too_small
                                || matches!(action, Action::Quit | Action::ForceQuit | Action::Suspend)
                                || (mode == keymap::Mode::QuitPrompt && *action == Action::Confirm)
                        });
                    if action == Some(Action::Suspend) {
                        if let Some(control) = control.as_mut() {
                            (control.suspend)()?;
                            redraw_all = true;
                        }
                    } else if let Some(action) = action {
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
                pending.extend(update::settle_events(state));
                dirty = true;
            }
            Some(signal) = next_signal(&mut control) => {
                if signal == JobSignal::Stop
                    && let Some(control) = control.as_mut()
                {
                    (control.suspend)()?;
                }
                redraw_all = true;
            }
            () = sleep => dirty |= update::tick(state, Instant::now()),
        }
        if redraw_all {
            forget_screen(terminal)?;
            dirty = true;
        }
    }
    for command in pending {
        let _ = commands.send(command).await;
    }
    Ok(())
}

/// Makes the next frame repaint every cell: draws a frame of hidden blanks first, which differs
/// from any real frame in every cell. (`Terminal::clear` would do it too, but it asks the
/// terminal where its cursor is, and the input task may eat the answer.)
fn forget_screen<B>(terminal: &mut Terminal<B>) -> Result<(), TuiError>
where
    B: Backend,
    B::Error: std::error::Error + Send + Sync + 'static,
{
    let hidden = ratatui::style::Style::new().add_modifier(ratatui::style::Modifier::HIDDEN);
    terminal
        .draw(|frame| {
            let area = frame.area();
            frame.buffer_mut().set_style(area, hidden);
        })
        .map_err(io::Error::other)?;
    Ok(())
}

/// The next job control signal, or never without [`Control`].
async fn next_signal(control: &mut Option<Control<'_>>) -> Option<JobSignal> {
    match control {
        Some(control) => control.signals.recv().await,
        None => std::future::pending().await,
    }
}

/// Runs the TUI in the real terminal against `client`: takes over the terminal (raw mode,
/// alternate screen, mouse capture when `mouse`, a panic hook that restores it), starts the
/// worker, runs the loop, and restores the terminal on every way out (mouse capture included),
/// exactly once. SIGTERM and SIGHUP quit like `q`; Ctrl-z and SIGTSTP suspend, SIGCONT
/// redraws.
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
    let (signal_tx, signal_rx) = mpsc::channel(8);
    spawn_job_control_listener(signal_tx);
    let panicked = install_panic_hook(quit.clone(), context.log_file.clone());
    // Without mouse capture the TUI still works by keys. A paste arrives as one event of
    // text, never as keys (a pasted `dy` must not delete).
    terminal::enter(terminal::Modes { mouse, paste: true })?;
    let mut terminal = match Terminal::new(ratatui::backend::CrosstermBackend::new(io::stdout())) {
        Ok(terminal) => terminal,
        Err(error) => {
            terminal::restore();
            return Err(error.into());
        }
    };
    // A test hook (tests/it/pty.rs): a background task that panics, as a worker bug would.
    if std::env::var_os(PANIC_TEST_VARIABLE).is_some_and(|value| value == "task") {
        tokio::spawn(async {
            tokio::time::sleep(std::time::Duration::from_millis(300)).await;
            panic!("injected by {PANIC_TEST_VARIABLE}=task");
        });
    }
    let mut suspend = terminal::suspend;
    let result = run_loop_with(
        &mut terminal,
        &mut state,
        context,
        EventStream::new(),
        command_tx,
        event_rx,
        quit,
        Some(Control {
            suspend: &mut suspend,
            signals: signal_rx,
        }),
    )
    .await;
    terminal::restore();
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

/// Chains a panic hook before the previous one (the standard one prints the message): on a
/// panic anywhere (this loop or any tokio task) it restores the terminal, once
/// ([`terminal::restore`]), records the panic in the log, lets the previous hook print it,
/// says where the log is, and asks the loop to quit; the loop's own restore then does
/// nothing, so the message stays readable. Returns the flag it sets.
fn install_panic_hook(
    quit: CancellationToken,
    log_file: Option<String>,
) -> std::sync::Arc<std::sync::atomic::AtomicBool> {
    let panicked = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let flag = std::sync::Arc::clone(&panicked);
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        terminal::restore();
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

/// Forwards SIGTSTP and SIGCONT to the loop. Once SIGTSTP has a handler the process no longer
/// stops on it by itself: the loop restores the terminal first, then stops.
#[cfg(unix)]
fn spawn_job_control_listener(signals: mpsc::Sender<JobSignal>) {
    use tokio::signal::unix::{SignalKind, signal};
    let (Ok(mut stop), Ok(mut resume)) = (
        signal(SignalKind::from_raw(signal_hook::consts::SIGTSTP)),
        signal(SignalKind::from_raw(signal_hook::consts::SIGCONT)),
    ) else {
        return;
    };
    tokio::spawn(async move {
        loop {
            let signal = tokio::select! {
                Some(()) = stop.recv() => JobSignal::Stop,
                Some(()) = resume.recv() => JobSignal::Continue,
                else => return,
            };
            if signals.send(signal).await.is_err() {
                return;
            }
        }
    });
}

#[cfg(not(unix))]
fn spawn_job_control_listener(_signals: mpsc::Sender<JobSignal>) {}
