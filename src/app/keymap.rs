//! Key presses to actions (DESIGN §3). One table, [`BINDINGS`], serves the lookup, the help
//! overlay and the footer hints, so they cannot disagree. The mode comes from state (dialog >
//! picker > text input > browse), so an open dialog takes every key.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::action::Action;

/// Which set of keys is live; derived from state by `AppState::mode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mode {
    /// The list (or the detail pane) has the keys.
    Browse,
    /// Typing the text filter.
    Search,
    /// A status or platform picker is open.
    Picker,
    /// The delete confirmation asks for `y`/`n`.
    Confirm,
    /// The delete confirmation asks to type the count.
    ConfirmTyped,
    /// The reschedule dialog takes the new time as text.
    TimeInput,
    /// The reschedule or move-to-draft dialog asks for `y`/`n`.
    ConfirmChange,
    /// "A job is running; quit anyway?"
    QuitPrompt,
    /// The help overlay.
    Help,
    /// The connections screen has the keys.
    Connections,
    /// The stats screen has the keys.
    Stats,
}

/// A key with modifiers, as written in the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    /// The key.
    pub code: KeyCode,
    /// Ctrl, Alt (Shift is folded into the character).
    pub modifiers: KeyModifiers,
}

const fn plain(code: KeyCode) -> Key {
    Key {
        code,
        modifiers: KeyModifiers::NONE,
    }
}

const fn ch(c: char) -> Key {
    plain(KeyCode::Char(c))
}

const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        modifiers: KeyModifiers::CONTROL,
    }
}

/// One row of the keymap: in `mode`, any of `keys` means `action`; `label` names the keys in
/// help, `help` says what they do, `hint` marks the row for the footer.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    /// Where it applies.
    pub mode: Mode,
    /// The keys.
    pub keys: &'static [Key],
    /// The action.
    pub action: Action,
    /// How the keys are written in help (`j/↓`).
    pub label: &'static str,
    /// What the action does.
    pub help: &'static str,
    /// Shown in the footer hints.
    pub hint: bool,
}

macro_rules! bind {
    ($mode:ident, [$($key:expr),+], $action:ident, $label:literal, $help:literal, $hint:literal) => {
        Binding { mode: Mode::$mode, keys: &[$($key),+], action: Action::$action, label: $label, help: $help, hint: $hint }
    };
}

/// The default keys (DESIGN §3).
pub const BINDINGS: &[Binding] = &[
    bind!(
        Browse,
        [ch('j'), plain(KeyCode::Down)],
        CursorDown,
        "j/↓",
        "cursor down (detail: scroll)",
        false
    ),
    bind!(
        Browse,
        [ch('k'), plain(KeyCode::Up)],
        CursorUp,
        "k/↑",
        "cursor up (detail: scroll)",
        false
    ),
    bind!(
        Browse,
        [ch('g'), plain(KeyCode::Home)],
        CursorTop,
        "g/Home",
        "first row",
        false
    ),
    bind!(
        Browse,
        [ch('G'), plain(KeyCode::End)],
        CursorBottom,
        "G/End",
        "last row",
        false
    ),
    bind!(
        Browse,
        [plain(KeyCode::PageDown), ctrl('d')],
        PageDown,
        "PgDn/C-d",
        "page down",
        false
    ),
    bind!(
        Browse,
        [plain(KeyCode::PageUp), ctrl('u')],
        PageUp,
        "PgUp/C-u",
        "page up",
        false
    ),
    bind!(
        Browse,
        [ch(' ')],
        ToggleMark,
        "Space",
        "mark / unmark, then down",
        true
    ),
    bind!(
        Browse,
        [ch('v')],
        RangeMark,
        "v",
        "range marking from here to the cursor (v/Esc ends)",
        false
    ),
    bind!(
        Browse,
        [ctrl('a')],
        MarkAll,
        "C-a",
        "mark every post the filter shows",
        false
    ),
    bind!(
        Browse,
        [ctrl('r')],
        InvertMarks,
        "C-r",
        "invert marks within the filter",
        false
    ),
    bind!(
        Browse,
        [plain(KeyCode::Esc)],
        Escape,
        "Esc",
        "clear the text filter, else the marks",
        false
    ),
    bind!(
        Browse,
        [ch('s')],
        OpenStatusPicker,
        "s",
        "filter by status",
        true
    ),
    bind!(
        Browse,
        [ch('p')],
        OpenPlatformPicker,
        "p",
        "filter by platform",
        true
    ),
    bind!(
        Browse,
        [ch('/')],
        StartSearch,
        "/",
        "search content and id",
        true
    ),
    bind!(Browse, [ch('o')], CycleSort, "o", "cycle the sort", false),
    bind!(
        Browse,
        [plain(KeyCode::Tab)],
        SwitchFocus,
        "Tab",
        "focus list / detail",
        false
    ),
    bind!(
        Browse,
        [plain(KeyCode::Enter)],
        OpenDetail,
        "Enter",
        "open the detail pane",
        false
    ),
    bind!(
        Browse,
        [ch('d'), plain(KeyCode::Delete)],
        RequestDelete,
        "d/Del",
        "delete marked (or cursor) posts",
        true
    ),
    bind!(
        Browse,
        [ch('t')],
        RequestReschedule,
        "t",
        "reschedule marked (or cursor) posts",
        true
    ),
    bind!(
        Browse,
        [ch('D')],
        RequestMoveToDraft,
        "D",
        "move marked (or cursor) posts to draft",
        false
    ),
    bind!(
        Browse,
        [ch('u')],
        OpenUserPicker,
        "u",
        "act as a managed user (workspace)",
        false
    ),
    bind!(
        Browse,
        [ch('x')],
        CancelJob,
        "x",
        "cancel the running job",
        false
    ),
    bind!(
        Browse,
        [ch('R')],
        RetryFailed,
        "R",
        "retry the posts that failed",
        false
    ),
    bind!(
        Browse,
        [ch('r')],
        Reload,
        "r",
        "reload from the server",
        false
    ),
    bind!(
        Browse,
        [ch(']')],
        NextDetailTab,
        "]",
        "next detail tab (post, logs)",
        false
    ),
    bind!(
        Browse,
        [ch('[')],
        PrevDetailTab,
        "[",
        "previous detail tab",
        false
    ),
    bind!(
        Browse,
        [ch('2')],
        ShowConnections,
        "2",
        "connections screen",
        false
    ),
    bind!(Browse, [ch('3')], ShowStats, "3", "stats screen", false),
    bind!(Browse, [ch('?')], ToggleHelp, "?", "help", true),
    bind!(Browse, [ch('q')], Quit, "q", "quit", true),
    bind!(
        Browse,
        [ctrl('c')],
        ForceQuit,
        "C-c",
        "quit (twice to force while a job runs)",
        false
    ),
    bind!(
        Search,
        [plain(KeyCode::Enter)],
        Submit,
        "Enter",
        "keep the filter",
        true
    ),
    bind!(
        Search,
        [plain(KeyCode::Esc)],
        Cancel,
        "Esc",
        "drop the filter",
        true
    ),
    bind!(
        Search,
        [plain(KeyCode::Backspace)],
        Backspace,
        "Bksp",
        "delete a character",
        false
    ),
    bind!(
        Search,
        [ctrl('u')],
        ClearInput,
        "C-u",
        "clear the field",
        false
    ),
    bind!(Search, [ctrl('c')], ForceQuit, "C-c", "quit", false),
    bind!(
        Picker,
        [ch('j'), plain(KeyCode::Down)],
        PickerDown,
        "j/↓",
        "next",
        false
    ),
    bind!(
        Picker,
        [ch('k'), plain(KeyCode::Up)],
        PickerUp,
        "k/↑",
        "previous",
        false
    ),
    bind!(
        Picker,
        [plain(KeyCode::Enter)],
        Submit,
        "Enter",
        "apply",
        true
    ),
    bind!(
        Picker,
        [plain(KeyCode::Esc), ch('q')],
        Cancel,
        "Esc",
        "close",
        true
    ),
    bind!(Picker, [ctrl('c')], ForceQuit, "C-c", "quit", false),
    bind!(Confirm, [ch('y'), ch('Y')], Confirm, "y", "delete", true),
    bind!(
        Confirm,
        [ch('n'), ch('N'), plain(KeyCode::Esc), ch('q')],
        Cancel,
        "n/Esc",
        "cancel",
        true
    ),
    bind!(
        Confirm,
        [ch('b')],
        ToggleBackup,
        "b",
        "back up each post before deleting",
        true
    ),
    bind!(Confirm, [ctrl('c')], Cancel, "C-c", "cancel", false),
    bind!(
        ConfirmTyped,
        [plain(KeyCode::Enter)],
        Confirm,
        "Enter",
        "delete when the typed count matches",
        true
    ),
    bind!(
        ConfirmTyped,
        [plain(KeyCode::Esc), ctrl('c')],
        Cancel,
        "Esc",
        "cancel",
        true
    ),
    bind!(
        ConfirmTyped,
        [plain(KeyCode::Backspace)],
        Backspace,
        "Bksp",
        "delete a digit",
        false
    ),
    bind!(
        ConfirmTyped,
        [ch('b')],
        ToggleBackup,
        "b",
        "back up each post before deleting",
        true
    ),
    bind!(
        TimeInput,
        [plain(KeyCode::Enter)],
        Submit,
        "Enter",
        "use this time (then y/n)",
        true
    ),
    bind!(
        TimeInput,
        [plain(KeyCode::Esc), ctrl('c')],
        Cancel,
        "Esc",
        "cancel",
        true
    ),
    bind!(
        TimeInput,
        [plain(KeyCode::Backspace)],
        Backspace,
        "Bksp",
        "delete a character",
        false
    ),
    bind!(
        TimeInput,
        [ctrl('u')],
        ClearInput,
        "C-u",
        "clear the field",
        false
    ),
    bind!(
        ConfirmChange,
        [ch('y'), ch('Y')],
        Confirm,
        "y",
        "apply the change",
        true
    ),
    bind!(
        ConfirmChange,
        [ch('n'), ch('N'), plain(KeyCode::Esc), ch('q'), ctrl('c')],
        Cancel,
        "n/Esc",
        "cancel",
        true
    ),
    bind!(
        QuitPrompt,
        [ch('y'), ch('Y'), ch('q')],
        Confirm,
        "y",
        "quit; the job is cancelled",
        true
    ),
    bind!(
        QuitPrompt,
        [ch('n'), ch('N'), plain(KeyCode::Esc)],
        Cancel,
        "n/Esc",
        "keep running",
        true
    ),
    bind!(QuitPrompt, [ctrl('c')], ForceQuit, "C-c", "quit now", false),
    bind!(
        Help,
        [ch('?'), plain(KeyCode::Esc), ch('q'), plain(KeyCode::Enter)],
        Cancel,
        "?/Esc",
        "close help",
        true
    ),
    bind!(Help, [ctrl('c')], ForceQuit, "C-c", "quit", false),
    bind!(
        Connections,
        [ch('1'), plain(KeyCode::Esc)],
        ShowPosts,
        "1/Esc",
        "posts screen",
        true
    ),
    bind!(Connections, [ch('3')], ShowStats, "3", "stats screen", true),
    bind!(Connections, [ch('?')], ToggleHelp, "?", "help", true),
    bind!(Connections, [ch('q')], Quit, "q", "quit", true),
    bind!(Connections, [ctrl('c')], ForceQuit, "C-c", "quit", false),
    bind!(
        Stats,
        [ch('1'), plain(KeyCode::Esc)],
        ShowPosts,
        "1/Esc",
        "posts screen",
        true
    ),
    bind!(
        Stats,
        [ch('2')],
        ShowConnections,
        "2",
        "connections screen",
        true
    ),
    bind!(Stats, [ch('r')], Reload, "r", "reload posts", false),
    bind!(Stats, [ch('?')], ToggleHelp, "?", "help", true),
    bind!(Stats, [ch('q')], Quit, "q", "quit", true),
    bind!(Stats, [ctrl('c')], ForceQuit, "C-c", "quit", false),
];

/// The action for a key event in `mode`, if any. Only presses count (DESIGN §6: crossterm
/// also reports releases and repeats on some terminals). In the text modes, printable
/// characters become [`Action::Input`].
pub fn action_for(mode: Mode, event: &KeyEvent) -> Option<Action> {
    if event.kind != KeyEventKind::Press {
        return None;
    }
    // Shift is carried by the character itself ('G', 'R'); drop it so the table stays simple.
    let modifiers = event.modifiers - KeyModifiers::SHIFT;
    let pressed = Key {
        code: event.code,
        modifiers,
    };
    let bound = BINDINGS
        .iter()
        .find(|binding| binding.mode == mode && binding.keys.contains(&pressed))
        .map(|binding| binding.action);
    if bound.is_some() {
        return bound;
    }
    match (mode, event.code) {
        (Mode::Search | Mode::TimeInput, KeyCode::Char(c)) if modifiers.is_empty() => {
            Some(Action::Input(c))
        }
        (Mode::ConfirmTyped, KeyCode::Char(c)) if modifiers.is_empty() && c.is_ascii_digit() => {
            Some(Action::Input(c))
        }
        _ => None,
    }
}

/// The rows of `mode`, for help.
pub fn bindings_for(mode: Mode) -> impl Iterator<Item = &'static Binding> {
    BINDINGS.iter().filter(move |binding| binding.mode == mode)
}

/// Footer hints for `mode`: `label help` pairs marked as hints.
pub fn hints_for(mode: Mode) -> impl Iterator<Item = (&'static str, &'static str)> {
    bindings_for(mode)
        .filter(|binding| binding.hint)
        .map(|binding| (binding.label, binding.help))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    #[test]
    fn browse_keys_follow_design_table() {
        let cases = [
            (KeyCode::Char('j'), KeyModifiers::NONE, Action::CursorDown),
            (KeyCode::Down, KeyModifiers::NONE, Action::CursorDown),
            (
                KeyCode::Char('G'),
                KeyModifiers::SHIFT,
                Action::CursorBottom,
            ),
            (KeyCode::Char('d'), KeyModifiers::CONTROL, Action::PageDown),
            (KeyCode::Char(' '), KeyModifiers::NONE, Action::ToggleMark),
            (KeyCode::Char('a'), KeyModifiers::CONTROL, Action::MarkAll),
            (
                KeyCode::Char('r'),
                KeyModifiers::CONTROL,
                Action::InvertMarks,
            ),
            (KeyCode::Char('r'), KeyModifiers::NONE, Action::Reload),
            (KeyCode::Char('R'), KeyModifiers::SHIFT, Action::RetryFailed),
            (KeyCode::Delete, KeyModifiers::NONE, Action::RequestDelete),
            (KeyCode::Char('c'), KeyModifiers::CONTROL, Action::ForceQuit),
        ];
        for (code, modifiers, action) in cases {
            assert_eq!(
                action_for(Mode::Browse, &press(code, modifiers)),
                Some(action),
                "{code:?} {modifiers:?}"
            );
        }
        assert_eq!(
            action_for(Mode::Browse, &press(KeyCode::Char('z'), KeyModifiers::NONE)),
            None
        );
    }

    #[test]
    fn dialogs_take_every_key() {
        let y = press(KeyCode::Char('y'), KeyModifiers::NONE);
        assert_eq!(action_for(Mode::Confirm, &y), Some(Action::Confirm));
        // In typed mode, 'y' is not a confirmation and 'j' does nothing.
        assert_eq!(action_for(Mode::ConfirmTyped, &y), None);
        let j = press(KeyCode::Char('j'), KeyModifiers::NONE);
        assert_eq!(action_for(Mode::Confirm, &j), None);
        assert_eq!(
            action_for(
                Mode::ConfirmTyped,
                &press(KeyCode::Char('7'), KeyModifiers::NONE)
            ),
            Some(Action::Input('7'))
        );
        // While typing a search, 'q' and 'd' are text.
        let q = press(KeyCode::Char('q'), KeyModifiers::NONE);
        assert_eq!(action_for(Mode::Search, &q), Some(Action::Input('q')));
    }

    #[test]
    fn releases_are_ignored() {
        let mut event = press(KeyCode::Char('j'), KeyModifiers::NONE);
        event.kind = KeyEventKind::Release;
        assert_eq!(action_for(Mode::Browse, &event), None);
    }

    #[test]
    fn no_key_is_bound_twice_in_a_mode() {
        for (i, a) in BINDINGS.iter().enumerate() {
            for b in &BINDINGS[i + 1..] {
                if a.mode == b.mode {
                    for key in a.keys {
                        assert!(!b.keys.contains(key), "{key:?} bound twice in {:?}", a.mode);
                    }
                }
            }
        }
    }
}
