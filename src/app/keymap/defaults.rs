//! The default keys (DESIGN §3): [`BINDINGS`], one row per mode, action and keys, with the
//! label help shows for the keys, what the action does, and whether the footer hints show it.
//! A [`Keymap`](super::Keymap) lays the config's overrides over this table, and the lookup, the
//! help overlay and the footer all read the result.

use super::Mode;
use super::key::{Key, KeyCode, KeyModifiers};
use crate::app::action::Action;

pub(super) const fn plain(code: KeyCode) -> Key {
    Key {
        code,
        modifiers: KeyModifiers::NONE,
    }
}

pub(super) const fn ch(c: char) -> Key {
    plain(KeyCode::Char(c))
}

pub(super) const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        modifiers: KeyModifiers::CONTROL,
    }
}

/// One row of the keymap: in `mode`, any of `keys` means `action`; `label` names the keys in
/// help, `help` says what they do, `hint` marks the row for the footer.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    pub mode: Mode,
    pub keys: &'static [Key],
    pub action: Action,
    pub label: &'static str,
    pub help: &'static str,
    pub hint: bool,
}

macro_rules! bind {
    ($mode:ident, [$($key:expr),+], $action:ident, $label:literal, $help:literal, $hint:literal) => {
        Binding { mode: Mode::$mode, keys: &[$($key),+], action: Action::$action, label: $label, help: $help, hint: $hint }
    };
}
pub(super) use bind;

/// The default keys (DESIGN §3): the table below, then the text fields' editing keys
/// ([`super::editing::ROWS`]).
pub const BINDINGS: &[Binding] =
    &concat::<{ MAIN.len() + super::editing::ROWS.len() }>(MAIN, super::editing::ROWS);

/// `a` then `b`, as one array of `N` rows (`N` is their lengths' sum).
const fn concat<const N: usize>(a: &[Binding], b: &[Binding]) -> [Binding; N] {
    assert!(a.len() + b.len() == N && !a.is_empty());
    let mut rows = [a[0]; N];
    let mut i = 0;
    while i < N {
        rows[i] = if i < a.len() { a[i] } else { b[i - a.len()] };
        i += 1;
    }
    rows
}

/// The keys of every mode but the text fields' editing keys.
const MAIN: &[Binding] = &[
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
        [ch('z')],
        UndoMarks,
        "z",
        "undo the last bulk change to the marks",
        false
    ),
    bind!(
        Browse,
        [plain(KeyCode::Esc)],
        Escape,
        "Esc",
        "clear search / connection filter / marks",
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
        "query: words, -word, \"phrase\", status:a,b, platform:, created:<30d, has:media",
        true
    ),
    bind!(
        Browse,
        [ch('V')],
        UnmarkShown,
        "V",
        "unmark every post the filter shows",
        false
    ),
    bind!(
        Browse,
        [ch('f')],
        OpenViews,
        "f",
        "saved views (the config's [views.NAME])",
        false
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
        "retry the last job's failures",
        false
    ),
    bind!(
        Browse,
        [ch('U')],
        RestoreLastJob,
        "U",
        "restore the last delete job from its backups",
        false
    ),
    bind!(
        Browse,
        [ch('y')],
        CopyId,
        "y",
        "copy the cursor post's id (OSC 52)",
        false
    ),
    bind!(
        Browse,
        [ch('Y')],
        CopyContent,
        "Y",
        "copy the cursor post's content (OSC 52)",
        false
    ),
    bind!(
        Browse,
        [ch('O')],
        OpenPost,
        "O",
        "open the published post on its network",
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
        Browse,
        [ctrl('z')],
        Suspend,
        "C-z",
        "suspend to the shell (fg resumes)",
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
        [ctrl('a')],
        MarkAll,
        "C-a",
        "mark every post shown",
        false
    ),
    bind!(
        Search,
        [ctrl('v')],
        UnmarkShown,
        "C-v",
        "unmark every post shown",
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
        [ch('g'), plain(KeyCode::Home)],
        CursorTop,
        "g/Home",
        "first entry",
        false
    ),
    bind!(
        Picker,
        [ch('G'), plain(KeyCode::End)],
        CursorBottom,
        "G/End",
        "last entry (any other letter jumps to the next entry starting with it)",
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
    bind!(
        Picker,
        [ch(' ')],
        PickerToggle,
        "Space",
        "check / uncheck (several; status and platform)",
        false
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
        ConfirmChangeTyped,
        [plain(KeyCode::Enter)],
        Confirm,
        "Enter",
        "apply when the typed count matches",
        true
    ),
    bind!(
        ConfirmChangeTyped,
        [plain(KeyCode::Esc), ctrl('c')],
        Cancel,
        "Esc",
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
        Refused,
        [plain(KeyCode::Esc), plain(KeyCode::Enter)],
        Cancel,
        "Esc/Enter",
        "close",
        true
    ),
    bind!(Refused, [ctrl('c')], ForceQuit, "C-c", "quit", false),
    bind!(
        Help,
        [ch('?'), plain(KeyCode::Esc), ch('q'), plain(KeyCode::Enter)],
        Cancel,
        "?/Esc",
        "close help",
        true
    ),
    bind!(
        Help,
        [ch('j'), plain(KeyCode::Down)],
        CursorDown,
        "j/↓",
        "scroll down",
        false
    ),
    bind!(
        Help,
        [ch('k'), plain(KeyCode::Up)],
        CursorUp,
        "k/↑",
        "scroll up",
        false
    ),
    bind!(
        Help,
        [plain(KeyCode::PageDown), ctrl('d')],
        PageDown,
        "PgDn",
        "scroll a page down",
        false
    ),
    bind!(
        Help,
        [plain(KeyCode::PageUp), ctrl('u')],
        PageUp,
        "PgUp",
        "scroll a page up",
        false
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
    bind!(
        Connections,
        [ch('j'), plain(KeyCode::Down)],
        CursorDown,
        "j/↓",
        "next connection",
        false
    ),
    bind!(
        Connections,
        [ch('k'), plain(KeyCode::Up)],
        CursorUp,
        "k/↑",
        "previous connection",
        false
    ),
    bind!(
        Connections,
        [ch('g'), plain(KeyCode::Home)],
        CursorTop,
        "g/Home",
        "first connection",
        false
    ),
    bind!(
        Connections,
        [ch('G'), plain(KeyCode::End)],
        CursorBottom,
        "G/End",
        "last connection",
        false
    ),
    bind!(
        Connections,
        [plain(KeyCode::Enter)],
        FilterByConnection,
        "Enter",
        "show its posts (Esc clears)",
        true
    ),
    bind!(Connections, [ch('t')], TestConnection, "t", "test it", true),
    bind!(
        Connections,
        [ch('r')],
        Reload,
        "r",
        "reload the connections",
        false
    ),
    bind!(Connections, [ch('3')], ShowStats, "3", "stats screen", true),
    bind!(Connections, [ch('?')], ToggleHelp, "?", "help", true),
    bind!(Connections, [ch('q')], Quit, "q", "quit", true),
    bind!(Connections, [ctrl('c')], ForceQuit, "C-c", "quit", false),
    bind!(
        Connections,
        [ctrl('z')],
        Suspend,
        "C-z",
        "suspend to the shell (fg resumes)",
        false
    ),
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
    bind!(
        Stats,
        [ctrl('z')],
        Suspend,
        "C-z",
        "suspend to the shell (fg resumes)",
        false
    ),
];

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

    /// What a `[keys.MODE]` table names must read back as the row's action and mode.
    #[test]
    fn every_bound_action_and_mode_has_a_config_name() {
        for binding in BINDINGS {
            assert_eq!(
                binding.action.as_str().parse::<Action>(),
                Ok(binding.action),
                "{:?}",
                binding.action
            );
            assert!(
                Action::BINDABLE.contains(&binding.action),
                "{:?}",
                binding.action
            );
            assert_eq!(binding.mode.as_str().parse::<Mode>(), Ok(binding.mode));
        }
    }

    /// The example config lists the modes a `[keys.MODE]` table may name; rows added to
    /// [`BINDINGS`] for a new mode must be listed there too.
    #[test]
    fn the_example_config_lists_every_mode() {
        let listed = crate::config::EXAMPLE
            .lines()
            .find_map(|line| line.strip_prefix("# Modes: "))
            .expect("a `# Modes:` line in config.example.toml");
        let listed: Vec<&str> = listed.trim_end_matches('.').split(", ").collect();
        let mut modes: Vec<&str> = Vec::new();
        for binding in BINDINGS {
            let name = binding.mode.as_str();
            if !modes.contains(&name) {
                modes.push(name);
            }
        }
        assert_eq!(listed, modes);
    }
}
