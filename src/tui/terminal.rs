//! The real terminal's modes (DESIGN §5 rule 4, §7 invariant 7): [`enter`] turns on raw mode,
//! the alternate screen, mouse capture and bracketed paste (each when asked), [`restore`]
//! turns off exactly what is on, once, however many ways out call it (the loop's end, the
//! panic hook, a suspend), and [`suspend`] restores, stops the process like a shell's Ctrl-z
//! would, and enters again when it is continued (`fg`).
//!
//! Restoring once matters: leaving the alternate screen a second time makes many terminals
//! restore the cursor saved on entry, so whatever was printed meanwhile (a panic's message)
//! is overwritten by the next line.

use std::io::{self, Write as _};
use std::sync::Mutex;

use crossterm::cursor::Show;
use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};

/// Which modes the TUI turns on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Modes {
    /// Mouse capture (config `mouse`, flag `--no-mouse`).
    pub mouse: bool,
    /// Bracketed paste.
    pub paste: bool,
}

/// The modes currently on; `None` while the terminal is the shell's.
static ACTIVE: Mutex<Option<Modes>> = Mutex::new(None);

/// Turns on raw mode, the alternate screen and the asked-for modes. A mouse capture the
/// terminal refuses is left off: the TUI works by keys alone.
///
/// # Errors
/// The I/O error of raw mode or the alternate screen (whatever was turned on is restored).
pub fn enter(modes: Modes) -> io::Result<()> {
    let mut active = ACTIVE
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if active.is_some() {
        return Ok(());
    }
    enable_raw_mode()?;
    *active = Some(Modes {
        mouse: false,
        paste: false,
    });
    let mut stdout = io::stdout();
    if let Err(error) = crossterm::execute!(stdout, EnterAlternateScreen) {
        drop(active);
        restore();
        return Err(error);
    }
    let mouse = modes.mouse && crossterm::execute!(stdout, EnableMouseCapture).is_ok();
    let paste = modes.paste && crossterm::execute!(stdout, EnableBracketedPaste).is_ok();
    *active = Some(Modes { mouse, paste });
    Ok(())
}

/// True while the TUI owns the terminal.
pub fn is_active() -> bool {
    ACTIVE
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .is_some()
}

/// Gives the terminal back: mouse capture and bracketed paste off (when they were on), the
/// cursor shown, the main screen back, raw mode off. Does nothing when the terminal is not
/// ours, so any number of ways out may call it. Errors are ignored: there is nothing better
/// to do with them on the way out.
pub fn restore() {
    let mut active = ACTIVE
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let Some(modes) = active.take() else {
        return;
    };
    let mut stdout = io::stdout();
    if modes.mouse {
        let _ = crossterm::execute!(stdout, DisableMouseCapture);
    }
    if modes.paste {
        let _ = crossterm::execute!(stdout, DisableBracketedPaste);
    }
    let _ = crossterm::execute!(stdout, Show, LeaveAlternateScreen);
    let _ = stdout.flush();
    let _ = disable_raw_mode();
}

/// Ctrl-z or SIGTSTP: restores the terminal, stops the process (SIGSTOP, as the shell's job
/// control expects), and once continued enters the terminal again with the same modes. The
/// caller then redraws everything. Without unix job control it does nothing.
///
/// # Errors
/// The I/O error of stopping or of entering again.
pub fn suspend() -> io::Result<()> {
    #[cfg(unix)]
    {
        let Some(modes) = *ACTIVE
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
        else {
            return Ok(());
        };
        restore();
        // signal-hook (already in the tree through crossterm) raises it without `unsafe`.
        signal_hook::low_level::raise(signal_hook::consts::SIGSTOP)?;
        enter(modes)
    }
    #[cfg(not(unix))]
    Ok(())
}
