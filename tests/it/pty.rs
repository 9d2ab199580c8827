//! The built `postpost` binary as a user runs it: in a pseudo-terminal (portable-pty, the screen
//! rebuilt with vt100) for the TUI, and as a plain child process for the refusals that happen
//! before any terminal is touched (exit code 2, DESIGN §4). HOME and the XDG directories point
//! into a temp dir, so logs and config never touch the real home. Every wait is bounded.

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

use crate::support::text;

const BIN: &str = env!("CARGO_BIN_EXE_postpost");
/// Bound on any wait for the TUI (startup includes the mock server and the first pages).
const PTY_WAIT: Duration = Duration::from_secs(20);
/// Bound on the plain-process runs.
const RUN_WAIT: Duration = Duration::from_secs(20);
const ROWS: u16 = 30;
const COLS: u16 = 100;

/// Output of the pty so far: the emulated screen and every raw byte.
struct Terminal {
    parser: vt100::Parser,
    raw: Vec<u8>,
}

/// Points HOME and every XDG dir into `home` (the product reads config/logs from there).
fn home_env(home: &Path) -> Vec<(&'static str, String)> {
    let at = |sub: &str| home.join(sub).display().to_string();
    vec![
        ("HOME", home.display().to_string()),
        ("XDG_CONFIG_HOME", at("config")),
        ("XDG_DATA_HOME", at("data")),
        ("XDG_STATE_HOME", at("state")),
        ("XDG_CACHE_HOME", at("cache")),
        ("XDG_RUNTIME_DIR", at("runtime")),
    ]
}

/// Waits for the reader thread to report new output until `check` holds on the screen text.
fn wait_for_screen(
    terminal: &Mutex<Terminal>,
    updates: &Receiver<()>,
    what: &str,
    check: impl Fn(&str) -> bool,
) -> String {
    let deadline = Instant::now() + PTY_WAIT;
    loop {
        let screen = terminal
            .lock()
            .expect("terminal lock")
            .parser
            .screen()
            .contents();
        if check(&screen) {
            return screen;
        }
        let left = deadline.saturating_duration_since(Instant::now());
        match updates.recv_timeout(left) {
            Ok(()) => {}
            Err(RecvTimeoutError::Timeout) => {
                panic!("timed out after {PTY_WAIT:?} waiting for {what}; screen:\n{screen}")
            }
            Err(RecvTimeoutError::Disconnected) => {
                panic!("the terminal closed while waiting for {what}; screen:\n{screen}")
            }
        }
    }
}

/// The number in the list title `Posts (N)`, when it is on screen.
fn posts_count(screen: &str) -> Option<u64> {
    let start = screen.find("Posts (")? + "Posts (".len();
    let rest = &screen[start..];
    let end = rest.find(')')?;
    rest[..end].parse().ok()
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

/// `postpost ARGS` running in a pseudo-terminal, its output read on a thread into vt100.
struct PtyRun {
    home: tempfile::TempDir,
    terminal: Arc<Mutex<Terminal>>,
    updates: Receiver<()>,
    keys: Box<dyn Write + Send>,
    exited: Receiver<std::io::Result<portable_pty::ExitStatus>>,
    killer: Box<dyn portable_pty::ChildKiller + Send + Sync>,
    pid: Option<u32>,
    /// Kept open while the child runs.
    _master: Box<dyn portable_pty::MasterPty + Send>,
}

impl PtyRun {
    fn start(args: &[&str], extra_env: &[(&str, &str)]) -> Self {
        let home = tempfile::tempdir().expect("temp home");
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open pty");
        let mut command = CommandBuilder::new(BIN);
        command.args(args);
        command.env_clear();
        for (key, value) in home_env(home.path()) {
            command.env(key, value);
        }
        for (key, value) in extra_env {
            command.env(key, value);
        }
        command.env("TERM", "xterm-256color");
        command.env("PATH", "/usr/bin:/bin");
        command.cwd(home.path());
        let mut child = pair.slave.spawn_command(command).expect("spawn postpost");
        // Only the child holds the slave now, so the reader sees the end when the child exits.
        drop(pair.slave);
        let killer = child.clone_killer();
        let pid = child.process_id();
        let terminal = Arc::new(Mutex::new(Terminal {
            parser: vt100::Parser::new(
                NonZeroU16::new(ROWS).expect("rows"),
                NonZeroU16::new(COLS).expect("cols"),
                0,
            ),
            raw: Vec::new(),
        }));
        let (update_tx, updates) = mpsc::channel::<()>();
        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        let sink = Arc::clone(&terminal);
        std::thread::spawn(move || {
            let mut buffer = [0u8; 8192];
            loop {
                match reader.read(&mut buffer) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        let mut terminal = sink.lock().expect("terminal lock");
                        terminal.parser.process(&buffer[..n]);
                        terminal.raw.extend_from_slice(&buffer[..n]);
                        drop(terminal);
                        if update_tx.send(()).is_err() {
                            break;
                        }
                    }
                }
            }
        });
        let keys = pair.master.take_writer().expect("pty writer");
        let (exit_tx, exited) = mpsc::channel();
        std::thread::spawn(move || {
            let _ = exit_tx.send(child.wait());
        });
        Self {
            home,
            terminal,
            updates,
            keys,
            exited,
            killer,
            pid,
            _master: pair.master,
        }
    }

    fn wait_for(&self, what: &str, check: impl Fn(&str) -> bool) -> String {
        wait_for_screen(&self.terminal, &self.updates, what, check)
    }

    fn send(&mut self, bytes: &[u8]) {
        self.keys.write_all(bytes).expect("send keys");
        self.keys.flush().expect("flush");
    }

    /// Waits (bounded) for the exit, then for the reader to drain; returns the exit code.
    fn wait_exit(&mut self, after: &str) -> u32 {
        let status = match self.exited.recv_timeout(PTY_WAIT) {
            Ok(status) => status.expect("wait for child"),
            Err(_) => {
                let _ = self.killer.kill();
                panic!("postpost did not exit within {PTY_WAIT:?} after {after}");
            }
        };
        let deadline = Instant::now() + PTY_WAIT;
        loop {
            match self
                .updates
                .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            {
                Ok(()) => {}
                Err(RecvTimeoutError::Disconnected) => break,
                Err(RecvTimeoutError::Timeout) => panic!("the pty reader did not finish"),
            }
        }
        status.exit_code()
    }

    fn raw(&self) -> Vec<u8> {
        self.terminal.lock().expect("terminal lock").raw.clone()
    }

    /// The alternate screen was entered, then left, the cursor shown again, and no frame was
    /// drawn after leaving.
    fn assert_restored(&self) {
        let raw = self.raw();
        let enter = find(&raw, b"\x1b[?1049h").expect("the TUI entered the alternate screen");
        let leave = find(&raw[enter..], b"\x1b[?1049l")
            .map(|at| enter + at)
            .expect("the alternate screen was left after it was entered");
        assert!(
            find(&raw[enter..], b"\x1b[?25h").is_some(),
            "the cursor was shown again"
        );
        assert!(
            find(&raw[leave..], b"Posts (").is_none(),
            "a frame was drawn after leaving the alternate screen"
        );
        // Bracketed paste was turned on, and off again.
        let paste_on = find(&raw, b"\x1b[?2004h").expect("bracketed paste was enabled");
        let paste_off = find(&raw[paste_on..], b"\x1b[?2004l").map(|at| paste_on + at);
        assert!(
            paste_off.is_some_and(|off| find(&raw[off..], b"\x1b[?2004h").is_none()),
            "bracketed paste left on"
        );
        // Mouse capture, when it was turned on, was turned off again.
        if let Some(on) = find(&raw, b"\x1b[?1000h") {
            let off = find(&raw[on..], b"\x1b[?1000l").map(|at| on + at);
            assert!(
                off.is_some_and(|off| find(&raw[off..], b"\x1b[?1000h").is_none()),
                "mouse capture left on"
            );
        }
    }
}

impl Drop for PtyRun {
    fn drop(&mut self) {
        let _ = self.killer.kill();
    }
}

/// `postpost demo --posts 50` in a 100x30 pty: the list appears with the DEMO badge, `j` and
/// Space mark one post, `q` exits 0, and the terminal is given back (alternate screen left after
/// it was entered, cursor shown again).
#[test]
fn demo_tui_marks_a_post_quits_cleanly_and_restores_the_terminal() {
    let mut run = PtyRun::start(&["demo", "--posts", "50"], &[]);
    // Every page loaded (the header says "N of M loaded…" until then), so the counts compared
    // below cannot move on their own.
    let screen = run.wait_for("the whole post list with the DEMO badge", |s| {
        posts_count(s).is_some_and(|n| n > 0)
            && s.contains("DEMO")
            && !s.contains("loaded…")
            && !s.contains("loading…")
    });
    // 50 generated posts plus the owner's seed posts.
    let count = posts_count(&screen).expect("count");
    assert!(count >= 50, "Posts ({count}) on\n{screen}");
    assert!(!screen.contains("marked"), "{screen}");
    run.send(b"j");
    run.send(b" ");
    run.wait_for("\"1 marked\"", |s| s.contains("1 marked"));
    // Mouse: an SGR left click on the mark column of the fourth row (column 2, row 8, 1-based)
    // marks it too.
    run.send(b"\x1b[<0;2;8M\x1b[<0;2;8m");
    let before_paste = run.wait_for("\"2 marked\" after a click", |s| s.contains("2 marked"));
    // A paste is text, never keys: `dy` pasted while browsing deletes nothing.
    run.send(b"\x1b[200~dy\x1b[201~");
    let after_paste = run.wait_for("the paste notice", |s| s.contains("paste ignored"));
    assert_eq!(
        posts_count(&after_paste),
        posts_count(&before_paste),
        "{after_paste}"
    );
    assert!(after_paste.contains("2 marked"), "{after_paste}");
    run.send(b"q");
    assert_eq!(run.wait_exit("q"), 0);
    run.assert_restored();
    // Mouse capture was turned on, and off again before the alternate screen was left.
    let raw = run.raw();
    let on = find(&raw, b"\x1b[?1000h").expect("mouse capture was enabled");
    let off = find(&raw[on..], b"\x1b[?1000l")
        .map(|at| on + at)
        .expect("mouse capture was disabled after it was enabled");
    assert!(
        find(&raw[off..], b"\x1b[?1000h").is_none(),
        "mouse capture was enabled again after the end"
    );
    // Logs went to the temp home, not to the screen.
    assert!(
        run.home.path().join("state").exists(),
        "no state dir under the temp home"
    );
}

/// `--no-mouse` never turns mouse capture on.
#[test]
fn no_mouse_leaves_the_mouse_to_the_terminal() {
    let mut run = PtyRun::start(&["demo", "--posts", "10", "--no-mouse"], &[]);
    run.wait_for("the post list", |s| posts_count(s).is_some_and(|n| n > 0));
    run.send(b"q");
    assert_eq!(run.wait_exit("q"), 0);
    run.assert_restored();
    assert!(
        find(&run.raw(), b"\x1b[?1000h").is_none(),
        "mouse capture was enabled despite --no-mouse"
    );
}

#[test]
fn sigterm_and_sighup_restore_the_terminal() {
    for signal in ["-TERM", "-HUP"] {
        let mut run = PtyRun::start(&["demo", "--posts", "10"], &[]);
        run.wait_for("the post list", |s| posts_count(s).is_some_and(|n| n > 0));
        let pid = run.pid.expect("child pid").to_string();
        let status = Command::new("kill")
            .args([signal, &pid])
            .status()
            .expect("kill runs");
        assert!(status.success());
        assert_eq!(run.wait_exit(signal), 0, "{signal} quits like q");
        run.assert_restored();
    }
}

#[test]
fn a_panic_in_a_background_task_restores_the_terminal_and_names_the_log() {
    let mut run = PtyRun::start(
        &["demo", "--posts", "10"],
        &[("POSTPOST_DEBUG_PANIC", "task")],
    );
    let code = run.wait_exit("an injected panic");
    assert_eq!(code, 1, "an internal error exits 1");
    run.assert_restored();
    let raw = run.raw();
    let leave = find(&raw, b"\x1b[?1049l").expect("left the alternate screen");
    let after = String::from_utf8_lossy(&raw[leave..]).into_owned();
    assert!(
        after.contains("injected by POSTPOST_DEBUG_PANIC"),
        "the panic is reported: {after}"
    );
    assert!(
        after.contains("The log is at") && after.contains("postpost.log"),
        "the log is named: {after}"
    );
    let log = std::fs::read_to_string(run.home.path().join("state/postpost/postpost.log"))
        .expect("log file");
    assert!(
        log.contains("internal error"),
        "the panic is in the log: {log}"
    );
}

/// Runs the binary with stdin null and stdout/stderr piped (so no TTY), bounded.
fn run(args: &[&str], extra_env: &[(&str, &str)], home: &Path) -> Output {
    let mut command = Command::new(BIN);
    command
        .args(args)
        .env_clear()
        .env("PATH", "/usr/bin:/bin")
        .current_dir(home)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (key, value) in home_env(home) {
        command.env(key, value);
    }
    for (key, value) in extra_env {
        command.env(key, value);
    }
    let child = command.spawn().expect("spawn postpost");
    let id = child.id();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait_with_output());
    });
    match rx.recv_timeout(RUN_WAIT) {
        Ok(output) => output.expect("collect output"),
        Err(_) => {
            // Stop only the child this test started, by its pid.
            let _ = Command::new("kill").arg("-9").arg(id.to_string()).status();
            panic!("postpost {args:?} did not exit within {RUN_WAIT:?}");
        }
    }
}

/// DESIGN §4: the TUI without a terminal exits 2 and says it needs one, without touching the
/// terminal (no escape sequences on stdout).
#[test]
fn tui_without_a_terminal_exits_2() {
    let home = tempfile::tempdir().expect("temp home");
    let output = run(
        &[],
        &[
            ("POSTPOST_API_KEY", "x"),
            ("POSTPOST_BASE_URL", "http://127.0.0.1:9/api/v1"),
        ],
        home.path(),
    );
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "stderr: {stderr}");
    assert!(stderr.contains("needs a terminal"), "{stderr}");
    assert!(
        !output.stdout.contains(&0x1b),
        "escape sequences on stdout: {:?}",
        text(&output.stdout)
    );
}

/// §1.5 sends the key in a header: plain http:// to a non-loopback host is refused before any
/// request (exit 2, naming `--allow-insecure-http`). The refusal comes before the terminal check,
/// so the message is about the URL, not about the terminal.
#[test]
fn plain_http_to_a_remote_host_is_refused_with_exit_2() {
    let home = tempfile::tempdir().expect("temp home");
    let output = run(
        &["--base-url", "http://example.com/api/v1"],
        &[("POSTPOST_API_KEY", "sk_should_not_travel")],
        home.path(),
    );
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "stderr: {stderr}");
    assert!(stderr.contains("--allow-insecure-http"), "{stderr}");
    assert!(stderr.contains("http://example.com/api/v1"), "{stderr}");
    assert!(!stderr.contains("needs a terminal"), "{stderr}");
    assert!(!stderr.contains("sk_should_not_travel"), "{stderr}");
}

/// A config value of the wrong type: exit 2, and stderr names the file, line 1 and the key.
#[test]
fn malformed_config_names_file_line_and_key() {
    let home = tempfile::tempdir().expect("temp home");
    let config = home.path().join("bad-config.toml");
    std::fs::write(&config, "page_size = \"ten\"\n").expect("write config");
    let config_arg = config.display().to_string();
    let output = run(
        &["--config", &config_arg],
        &[("POSTPOST_API_KEY", "x")],
        home.path(),
    );
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "stderr: {stderr}");
    assert!(
        stderr.contains(&format!("{config_arg}:1:")),
        "file and line 1: {stderr}"
    );
    assert!(stderr.contains("page_size"), "{stderr}");
    assert!(!stderr.contains("needs a terminal"), "{stderr}");
}

#[test]
fn sigterm_during_a_job_cancels_it_and_says_so_after_restoring_the_terminal() {
    // Slow deletes, so the job is still running when the signal comes.
    let mut run = PtyRun::start(&["demo", "--posts", "0", "--latency-ms", "400"], &[]);
    run.wait_for("the post list", |s| posts_count(s).is_some_and(|n| n > 0));
    run.send(b" ");
    run.send(b" ");
    run.send(b"d");
    run.wait_for("the confirm dialog", |s| s.contains("Delete 2 posts"));
    run.send(b"y");
    run.wait_for("the job gauge", |s| s.contains("done ·"));
    let pid = run.pid.expect("child pid").to_string();
    let status = Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .expect("kill runs");
    assert!(status.success());
    run.wait_exit("SIGTERM during a job");
    run.assert_restored();
    let raw = run.raw();
    let leave = find(&raw, b"\x1b[?1049l").expect("left the alternate screen");
    let after = String::from_utf8_lossy(&raw[leave..]);
    assert!(
        after.contains("quit while job 1 (delete) was running") && after.contains("journal --demo"),
        "the cancelled job is reported on the restored terminal: {after:?}"
    );
}

/// The state letter of process `pid` in /proc (`T` stopped, `S` sleeping, ...).
fn process_state(pid: u32) -> Option<char> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // `pid (comm) S ...`: the state follows the last `)`.
    stat.rsplit_once(')')?.1.trim_start().chars().next()
}

/// Waits (bounded) until process `pid` is in `state`.
fn wait_for_state(pid: u32, state: char, what: &str) {
    let deadline = Instant::now() + PTY_WAIT;
    while process_state(pid) != Some(state) {
        assert!(
            Instant::now() < deadline,
            "{what}: process {pid} is {:?}, not {state:?}",
            process_state(pid)
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Ctrl-z and SIGTSTP restore the terminal (mouse off, cursor shown, alternate screen left,
/// raw mode off) and stop the process; SIGCONT (what `fg` sends) enters the terminal again and
/// redraws the whole screen; the keys work again; `q` exits 0 with the terminal restored.
#[test]
fn ctrl_z_and_sigtstp_suspend_and_sigcont_redraws() {
    if !Path::new("/proc/self/stat").exists() {
        return; // no /proc to read the process state from
    }
    for how in ["ctrl-z", "SIGTSTP"] {
        let mut run = PtyRun::start(&["demo", "--posts", "10"], &[]);
        run.wait_for("the post list", |s| posts_count(s).is_some_and(|n| n > 0));
        let pid = run.pid.expect("child pid");
        let before = run.raw().len();
        if how == "ctrl-z" {
            run.send(b"\x1a");
        } else {
            let status = Command::new("kill")
                .args(["-TSTP", &pid.to_string()])
                .status()
                .expect("kill runs");
            assert!(status.success());
        }
        wait_for_state(pid, 'T', how);
        // The reader thread may not have read the last bytes written before the stop yet.
        let deadline = Instant::now() + PTY_WAIT;
        while find(&run.raw()[before..], b"\x1b[?1049l").is_none() {
            assert!(
                Instant::now() < deadline,
                "{how}: the alternate screen was not left"
            );
            std::thread::sleep(Duration::from_millis(10));
        }
        let raw = run.raw();
        let suspended = &raw[before..];
        let leave = find(suspended, b"\x1b[?1049l").expect("the alternate screen was left");
        for (sequence, what) in [
            (&b"\x1b[?1000l"[..], "mouse capture off"),
            (&b"\x1b[?25h"[..], "cursor shown"),
        ] {
            assert!(
                find(&suspended[..leave], sequence).is_some(),
                "{how}: {what} before leaving the alternate screen"
            );
        }
        let status = Command::new("kill")
            .args(["-CONT", &pid.to_string()])
            .status()
            .expect("kill runs");
        assert!(status.success());
        run.wait_for("the list drawn again", |s| posts_count(s).is_some());
        let resumed = run.raw()[before + leave..].to_vec();
        assert!(
            find(&resumed, b"\x1b[?1049h").is_some(),
            "{how}: the alternate screen was entered again"
        );
        assert!(
            find(&resumed, b"Posts (").is_some(),
            "{how}: the whole screen, list title included, was drawn again"
        );
        // Raw mode is back: a single key acts without Enter.
        run.send(b"j ");
        run.wait_for("\"1 marked\" after resuming", |s| s.contains("1 marked"));
        run.send(b"q");
        assert_eq!(run.wait_exit("q after resuming"), 0, "{how}");
        // The last word is the restore: no frame after the last leave, mouse capture off.
        let raw = run.raw();
        let last_leave = raw
            .windows(8)
            .rposition(|w| w == b"\x1b[?1049l")
            .expect("left at the end");
        let last_enter = raw
            .windows(8)
            .rposition(|w| w == b"\x1b[?1049h")
            .expect("entered");
        assert!(last_enter < last_leave, "{how}: the terminal was left last");
        assert!(
            find(&raw[last_leave..], b"Posts (").is_none(),
            "{how}: a frame after the end"
        );
        let last_mouse_on = raw.windows(8).rposition(|w| w == b"\x1b[?1000h");
        let last_mouse_off = raw.windows(8).rposition(|w| w == b"\x1b[?1000l");
        assert!(
            last_mouse_on < last_mouse_off,
            "{how}: mouse capture left on"
        );
    }
}

/// After a panic the message stays on the screen (the terminal is restored once, so nothing
/// jumps back over it), followed by the line naming the log.
#[test]
fn a_panic_message_stays_readable_on_the_screen() {
    let mut run = PtyRun::start(
        &["demo", "--posts", "10"],
        &[("POSTPOST_DEBUG_PANIC", "task")],
    );
    assert_eq!(run.wait_exit("an injected panic"), 1);
    let screen = run
        .terminal
        .lock()
        .expect("terminal lock")
        .parser
        .screen()
        .contents();
    let message = screen
        .find("injected by POSTPOST_DEBUG_PANIC")
        .unwrap_or_else(|| panic!("the panic message is on the screen:\n{screen}"));
    let log = screen
        .find("The log is at")
        .unwrap_or_else(|| panic!("the log is named on the screen:\n{screen}"));
    assert!(message < log, "the message comes first:\n{screen}");
    let raw = run.raw();
    let leaves = raw.windows(8).filter(|w| *w == b"\x1b[?1049l").count();
    assert_eq!(leaves, 1, "the alternate screen was left exactly once");
}

/// The question of a headless delete on a terminal lists the posts (first line, status,
/// platforms; twenty, then how many more), counts the platforms and warns about published
/// posts, as the TUI's dialog does; "n" sends nothing.
#[test]
fn the_delete_question_lists_the_posts_and_warns_about_published_ones() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let server = runtime
        .block_on(postpost_tui::mock::MockServer::start(
            postpost_tui::mock::MockConfig::default(),
        ))
        .expect("mock starts");
    let before = server.post_ids().len();
    let base_url = server.base_url();
    let mut run = PtyRun::start(
        &[
            "delete",
            "--status",
            "published,scheduled",
            "--base-url",
            &base_url,
        ],
        &[("POSTPOST_API_KEY", crate::support::KEY)],
    );
    // More than `confirm_typed_threshold` (20) posts: the count must be typed, not `y`.
    run.wait_for("the question", |s| {
        s.contains("Type ") && s.contains(" to go on:")
    });
    let shown = String::from_utf8_lossy(&run.raw()).into_owned();
    let asked = shown
        .lines()
        .find(|line| line.starts_with("Delete "))
        .unwrap_or_default()
        .to_owned();
    assert!(
        asked.starts_with("Delete ") && asked.contains("cannot be undone"),
        "{asked}"
    );
    let listed = shown
        .lines()
        .filter(|line| line.starts_with("  6") && line.len() > 30)
        .count();
    assert_eq!(listed, 20, "{shown}");
    assert!(shown.contains("  and "), "{shown}");
    assert!(shown.contains("Platforms: "), "{shown}");
    assert!(
        shown.contains("published: deleting removes them from PostPost only"),
        "{shown}"
    );
    run.send(b"y\r");
    assert_eq!(run.wait_exit("answering y where the count is asked"), 0);
    assert!(String::from_utf8_lossy(&run.raw()).contains("nothing was sent"));
    assert_eq!(server.post_ids().len(), before, "nothing deleted");
    runtime.block_on(server.shutdown());
}

/// A bracketed paste into the open query field lands as text, replacing the selected query;
/// `Home` then types in front of it, as in a line editor; `Enter` keeps the query.
#[test]
fn a_paste_lands_in_the_query_field_and_home_edits_in_front_of_it() {
    let mut run = PtyRun::start(&["demo", "--posts", "50"], &[]);
    run.wait_for("the post list", |s| posts_count(s).is_some_and(|n| n > 0));
    run.send(b"/");
    run.wait_for("the query field", |s| s.contains(" query /"));
    run.send(b"\x1b[200~status:draft\x1b[201~");
    run.wait_for("the pasted query", |s| s.contains("/status:draft▏"));
    // Home (as xterm sends it), then a word in front.
    run.send(b"\x1b[Hzzz ");
    let screen = run.wait_for("the word typed in front", |s| {
        s.contains("/zzz status:draft")
    });
    assert!(!screen.contains("paste ignored"), "{screen}");
    assert!(!screen.contains("does not parse"), "{screen}");
    run.send(b"\x1b[F\x7f\x7f\x7f\x7f\x7f");
    run.wait_for("Bksp at the end", |s| s.contains("/zzz status:▏"));
    run.send(b"\x1b");
    run.wait_for("the field closed", |s| !s.contains("/zzz"));
    run.send(b"q");
    assert_eq!(run.wait_exit("q"), 0);
    run.assert_restored();
}

/// `demo` refuses flags that make no sense for it, and an unknown `--timezone`, with exit 2
/// and a message naming them, before it starts anything.
#[test]
fn demo_refuses_base_url_and_an_unknown_time_zone() {
    let home = tempfile::tempdir().expect("temp home");
    let output = run(
        &["demo", "--base-url", "http://127.0.0.1:9/api/v1"],
        &[],
        home.path(),
    );
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "stderr: {stderr}");
    assert!(
        stderr.contains("--base-url") && stderr.contains("makes no sense"),
        "{stderr}"
    );
    let output = run(&["demo", "--timezone", "Mars/Olympus"], &[], home.path());
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "stderr: {stderr}");
    assert!(
        stderr.contains("Mars/Olympus") && stderr.contains("timezone"),
        "{stderr}"
    );
}

/// `demo --user-id` acts as that managed user from the start (the header names them and the
/// list is theirs), and `--timezone` names the zone in the reschedule dialog.
#[test]
fn demo_honours_user_id_and_timezone() {
    let mut run = PtyRun::start(
        &["demo", "--posts", "0", "--timezone", "America/New_York"],
        &[(
            "POSTPOST_USER_ID",
            postpost_tui::mock::SECOND_MANAGED_USER_ID,
        )],
    );
    let screen = run.wait_for("the managed user's posts", |s| {
        posts_count(s).is_some_and(|n| n > 0) && !s.contains("as owner")
    });
    assert!(screen.contains(" as "), "{screen}");
    run.send(b"/status:scheduled\r");
    run.wait_for("the scheduled posts", |s| s.contains("status scheduled"));
    run.send(b"t");
    run.wait_for("the zone in the dialog", |s| {
        s.contains("New time (America/New_York)")
    });
    // Esc, then (after it is read on its own, not as Alt-q) q.
    run.send(b"\x1b");
    run.wait_for("the dialog closed", |s| !s.contains("New time ("));
    run.send(b"q");
    assert_eq!(run.wait_exit("q"), 0);
    run.assert_restored();
}

/// `y` copies the cursor post's id with OSC 52: the sequence reaches the terminal, carrying
/// exactly the id the detail pane shows, and the notice says so.
#[test]
fn y_copies_the_cursor_posts_id_with_osc_52() {
    let mut run = PtyRun::start(&["demo", "--posts", "0"], &[]);
    let screen = run.wait_for("the detail pane's id", |s| s.contains("│id  "));
    let id = screen
        .lines()
        .find_map(|line| {
            let at = line.find("│id ")?;
            line[at + "│id ".len()..].split_whitespace().next()
        })
        .expect("an id on screen")
        .to_owned();
    assert_eq!(id.len(), 24, "{id}");
    run.send(b"y");
    run.wait_for("the copy notice", |s| s.contains("copied the id"));
    use base64::Engine as _;
    let want = format!(
        "\x1b]52;c;{}\x07",
        base64::engine::general_purpose::STANDARD.encode(id.as_bytes())
    );
    assert!(
        find(&run.raw(), want.as_bytes()).is_some(),
        "no OSC 52 sequence with {id}"
    );
    run.send(b"q");
    assert_eq!(run.wait_exit("q"), 0);
    run.assert_restored();
}
