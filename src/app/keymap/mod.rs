//! Key presses (and mouse events) to actions (DESIGN §3). One table, [`BINDINGS`], holds the
//! default keys; a [`Keymap`] is that table with the config's `[keys]` overrides laid over it
//! (issue 6 item 6), and serves the lookup, the help overlay and the footer hints, so they cannot
//! disagree. The app loop owns the keymap (through `ui::DrawContext`); `update` never sees it.
//! The mode comes from state (dialog > picker > text input > browse), so an open dialog takes
//! every key. [`mouse_action`] turns a mouse event and what it hit (`ui::hit_test`) into an
//! action.

use std::collections::HashMap;
use std::fmt;
use std::sync::LazyLock;

use crossterm::event::{
    KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind,
};

use super::action::Action;
use crate::config::{ConfigError, KeyOverrides};

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
    /// The reschedule or move-to-draft dialog asks to type the count (large batches).
    ConfirmChangeTyped,
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
        ConfirmChangeTyped,
        [plain(KeyCode::Backspace)],
        Backspace,
        "Bksp",
        "delete a digit",
        false
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

/// The action for a key event in `mode` with the default keys ([`BINDINGS`]), if any. The app
/// loop uses its [`Keymap`] instead, which may hold the config's overrides.
pub fn action_for(mode: Mode, event: &KeyEvent) -> Option<Action> {
    DEFAULT_KEYMAP.action_for(mode, event)
}

/// The keymap of [`BINDINGS`] alone.
static DEFAULT_KEYMAP: LazyLock<Keymap> = LazyLock::new(Keymap::default);

/// `RequestDelete` → `request_delete`: the name of a mode or action in the config's `[keys]`
/// tables, from its `Debug` spelling, so rows other modules add to [`BINDINGS`] are remappable
/// without a second list to keep in step.
fn snake_case(debug: &str) -> String {
    let mut name = String::with_capacity(debug.len() + 4);
    for (i, c) in debug.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                name.push('_');
            }
            name.push(c.to_ascii_lowercase());
        } else if c.is_alphanumeric() || c == '_' {
            name.push(c);
        } else {
            break;
        }
    }
    name
}

/// The config name of `mode`, e.g. `confirm_typed`.
pub fn mode_name(mode: Mode) -> String {
    snake_case(&format!("{mode:?}"))
}

/// The config name of `action`, e.g. `request_delete`.
pub fn action_name(action: Action) -> String {
    snake_case(&format!("{action:?}"))
}

impl Key {
    /// Reads a key as written in the config: a single character (`"d"`, `"D"`, `"?"`), or a
    /// name (`Enter`, `Esc`, `Tab`, `BackTab`, `Space`, `Backspace`, `Delete`/`Del`, `Insert`,
    /// `Home`, `End`, `PageUp`/`PgUp`, `PageDown`/`PgDn`, `Up`, `Down`, `Left`, `Right`,
    /// `F1`–`F24`; names ignore case), after any of the prefixes `ctrl-` and `alt-`
    /// (`"ctrl-d"`, `"alt-x"`). Shift is written by the character itself (`"G"`).
    ///
    /// # Errors
    /// A message saying what is not understood.
    pub fn parse(text: &str) -> Result<Key, String> {
        let mut modifiers = KeyModifiers::NONE;
        let mut rest = text;
        loop {
            let lower = rest.to_ascii_lowercase();
            if rest.chars().count() > 1 && lower.starts_with("ctrl-") {
                modifiers |= KeyModifiers::CONTROL;
                rest = &rest["ctrl-".len()..];
            } else if rest.chars().count() > 1 && lower.starts_with("alt-") {
                modifiers |= KeyModifiers::ALT;
                rest = &rest["alt-".len()..];
            } else {
                break;
            }
        }
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (None, _) => return Err(format!("\"{text}\" names no key")),
            (Some(c), None) if c.is_control() => {
                return Err(format!("\"{text}\" is a control character, not a key name"));
            }
            (Some(c), None) if modifiers.contains(KeyModifiers::CONTROL) => {
                KeyCode::Char(c.to_ascii_lowercase())
            }
            (Some(c), None) => KeyCode::Char(c),
            _ => named_key(rest).ok_or_else(|| {
                format!(
                    "\"{text}\" is not a key; write one character (\"d\", \"D\"), a name (Enter, \
                     Esc, Tab, Space, Backspace, Delete, Home, End, PageUp, PageDown, Up, Down, \
                     Left, Right, F1-F24), optionally after ctrl- or alt-"
                )
            })?,
        };
        Ok(Key { code, modifiers })
    }

    /// How the key is written in help and hints: `d`, `Space`, `C-d`, `A-x`, `PgDn`, `↓`.
    pub fn label(&self) -> String {
        let base = match self.code {
            KeyCode::Char(' ') => "Space".to_owned(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Enter => "Enter".to_owned(),
            KeyCode::Esc => "Esc".to_owned(),
            KeyCode::Tab => "Tab".to_owned(),
            KeyCode::BackTab => "S-Tab".to_owned(),
            KeyCode::Backspace => "Bksp".to_owned(),
            KeyCode::Delete => "Del".to_owned(),
            KeyCode::Insert => "Ins".to_owned(),
            KeyCode::Home => "Home".to_owned(),
            KeyCode::End => "End".to_owned(),
            KeyCode::PageUp => "PgUp".to_owned(),
            KeyCode::PageDown => "PgDn".to_owned(),
            KeyCode::Up => "↑".to_owned(),
            KeyCode::Down => "↓".to_owned(),
            KeyCode::Left => "←".to_owned(),
            KeyCode::Right => "→".to_owned(),
            KeyCode::F(n) => format!("F{n}"),
            other => format!("{other:?}"),
        };
        let mut label = String::new();
        if self.modifiers.contains(KeyModifiers::CONTROL) {
            label.push_str("C-");
        }
        if self.modifiers.contains(KeyModifiers::ALT) {
            label.push_str("A-");
        }
        label.push_str(&base);
        label
    }
}

fn named_key(name: &str) -> Option<KeyCode> {
    let lower = name.to_ascii_lowercase();
    Some(match lower.as_str() {
        "enter" | "return" => KeyCode::Enter,
        "esc" | "escape" => KeyCode::Esc,
        "tab" => KeyCode::Tab,
        "backtab" | "shift-tab" => KeyCode::BackTab,
        "space" => KeyCode::Char(' '),
        "backspace" | "bksp" => KeyCode::Backspace,
        "delete" | "del" => KeyCode::Delete,
        "insert" | "ins" => KeyCode::Insert,
        "home" => KeyCode::Home,
        "end" => KeyCode::End,
        "pageup" | "pgup" => KeyCode::PageUp,
        "pagedown" | "pgdn" => KeyCode::PageDown,
        "up" => KeyCode::Up,
        "down" => KeyCode::Down,
        "left" => KeyCode::Left,
        "right" => KeyCode::Right,
        _ => {
            let n: u8 = lower.strip_prefix('f')?.parse().ok()?;
            if !(1..=24).contains(&n) {
                return None;
            }
            KeyCode::F(n)
        }
    })
}

/// One row of a [`Keymap`]: a row of [`BINDINGS`], with the config's keys when overridden.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActiveBinding {
    /// Where it applies.
    pub mode: Mode,
    /// The keys; empty when an override of the same action in the same mode took them over.
    pub keys: Vec<Key>,
    /// The action.
    pub action: Action,
    /// How the keys are written in help and hints: the table's label, or one built from the
    /// configured keys (`X/C-x`).
    pub label: String,
    /// What the action does.
    pub help: &'static str,
    /// Shown in the footer hints.
    pub hint: bool,
    /// True when the keys come from the config.
    pub overridden: bool,
}

/// Two or more actions of one mode bound to one key after the config's overrides. The
/// overrides involved are dropped, so those actions keep their default keys (issue 6 item 6).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clash {
    /// The mode.
    pub mode: Mode,
    /// The key bound twice.
    pub key: Key,
    /// Every action bound to it, in table order.
    pub actions: Vec<Action>,
    /// The actions whose overrides were dropped.
    pub reverted: Vec<Action>,
}

impl fmt::Display for Clash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names = |actions: &[Action]| {
            actions
                .iter()
                .map(|action| action_name(*action))
                .collect::<Vec<_>>()
                .join(", ")
        };
        write!(
            f,
            "keys.{}: {} is bound to {}; using the default keys for {}",
            mode_name(self.mode),
            self.key.label(),
            names(&self.actions),
            names(&self.reverted)
        )
    }
}

/// The one-line notice the TUI shows at start for `clashes` (the first, and how many more), short
/// enough for a 100-column notice line; `postpost config check` prints them in full.
/// `None` when there are none.
pub fn clash_notice(clashes: &[Clash]) -> Option<String> {
    let first = clashes.first()?;
    let names: Vec<String> = first.actions.iter().map(|a| action_name(*a)).collect();
    let names = match names.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    };
    let more = match clashes.len() {
        1 => String::new(),
        n => format!("+{}: ", n - 1),
    };
    Some(format!(
        "[keys.{}] clash: {names} on {}; defaults used ({more}config check)",
        mode_name(first.mode),
        first.key.label(),
    ))
}

/// Overridden (mode, action) pairs and their keys.
type Overrides = HashMap<(Mode, Action), Vec<Key>>;

/// The keys in force: [`BINDINGS`] with the config's overrides (issue 6 item 6). Built once at
/// start-up by [`Keymap::with_overrides`]; [`Keymap::default`] is the table alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    bindings: Vec<ActiveBinding>,
}

impl Default for Keymap {
    fn default() -> Self {
        Self::build(&HashMap::new())
    }
}

impl Keymap {
    /// Lays `overrides` (`[keys.MODE] action = ["key", ...]`) over [`BINDINGS`]. An override
    /// replaces every default key of that action in that mode. Two actions of a mode bound to
    /// one key is a [`Clash`]: the overrides involved are dropped (those actions keep their
    /// defaults) and the clash is returned for the caller to report.
    ///
    /// # Errors
    /// [`ConfigError::Setting`] naming the key path (`keys.browse.request_delete`) for an
    /// unknown mode, an action the mode does not have, an empty key list, or a key that does
    /// not parse ([`Key::parse`]).
    pub fn with_overrides(overrides: &KeyOverrides) -> Result<(Keymap, Vec<Clash>), ConfigError> {
        let modes: Vec<Mode> = BINDINGS.iter().fold(Vec::new(), |mut modes, binding| {
            if !modes.contains(&binding.mode) {
                modes.push(binding.mode);
            }
            modes
        });
        let mut applied: Overrides = HashMap::new();
        for (mode_text, actions) in overrides {
            let Some(&mode) = modes.iter().find(|m| mode_name(**m) == *mode_text) else {
                return Err(ConfigError::Setting {
                    path: format!("keys.{mode_text}"),
                    message: format!(
                        "no such mode; the modes are {}",
                        modes
                            .iter()
                            .map(|m| mode_name(*m))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                });
            };
            let mode_actions: Vec<Action> =
                bindings_for(mode).fold(Vec::new(), |mut actions, binding| {
                    if !actions.contains(&binding.action) {
                        actions.push(binding.action);
                    }
                    actions
                });
            for (action_text, key_texts) in actions {
                let path = format!("keys.{mode_text}.{action_text}");
                let Some(&action) = mode_actions
                    .iter()
                    .find(|a| action_name(**a) == *action_text)
                else {
                    return Err(ConfigError::Setting {
                        path,
                        message: format!(
                            "{mode_text} has no such action; its actions are {}",
                            mode_actions
                                .iter()
                                .map(|a| action_name(*a))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    });
                };
                if key_texts.is_empty() {
                    return Err(ConfigError::Setting {
                        path,
                        message: "give at least one key".to_owned(),
                    });
                }
                let mut keys = Vec::new();
                for text in key_texts {
                    let key = Key::parse(text).map_err(|message| ConfigError::Setting {
                        path: path.clone(),
                        message,
                    })?;
                    if !keys.contains(&key) {
                        keys.push(key);
                    }
                }
                applied.insert((mode, action), keys);
            }
        }
        let mut clashes = Vec::new();
        loop {
            let keymap = Self::build(&applied);
            let found = keymap.clashes(&applied);
            if found.is_empty() {
                return Ok((keymap, clashes));
            }
            for clash in &found {
                for action in &clash.reverted {
                    applied.remove(&(clash.mode, *action));
                }
            }
            clashes.extend(found);
        }
    }

    /// [`BINDINGS`] with `applied` laid over it: the first row of an overridden (mode, action)
    /// takes the configured keys, its other rows lose theirs.
    fn build(applied: &Overrides) -> Self {
        let bindings = BINDINGS
            .iter()
            .enumerate()
            .map(|(row, binding)| {
                let first = BINDINGS[..row]
                    .iter()
                    .all(|b| b.mode != binding.mode || b.action != binding.action);
                match applied.get(&(binding.mode, binding.action)) {
                    Some(keys) => {
                        let keys = if first { keys.clone() } else { Vec::new() };
                        ActiveBinding {
                            mode: binding.mode,
                            label: keys.iter().map(Key::label).collect::<Vec<_>>().join("/"),
                            keys,
                            action: binding.action,
                            help: binding.help,
                            hint: binding.hint,
                            overridden: true,
                        }
                    }
                    None => ActiveBinding {
                        mode: binding.mode,
                        keys: binding.keys.to_vec(),
                        action: binding.action,
                        label: binding.label.to_owned(),
                        help: binding.help,
                        hint: binding.hint,
                        overridden: false,
                    },
                }
            })
            .collect();
        Self { bindings }
    }

    /// Keys bound to two or more actions of one mode; each names the overridden actions among
    /// them (to be reverted).
    fn clashes(&self, applied: &Overrides) -> Vec<Clash> {
        let mut by_key: Vec<(Mode, Key, Vec<Action>)> = Vec::new();
        for binding in &self.bindings {
            for key in &binding.keys {
                match by_key
                    .iter_mut()
                    .find(|(mode, bound, _)| *mode == binding.mode && bound == key)
                {
                    Some((_, _, actions)) => {
                        if !actions.contains(&binding.action) {
                            actions.push(binding.action);
                        }
                    }
                    None => by_key.push((binding.mode, *key, vec![binding.action])),
                }
            }
        }
        by_key
            .into_iter()
            .filter(|(_, _, actions)| actions.len() > 1)
            .map(|(mode, key, actions)| Clash {
                mode,
                key,
                reverted: actions
                    .iter()
                    .copied()
                    .filter(|action| applied.contains_key(&(mode, *action)))
                    .collect(),
                actions,
            })
            .collect()
    }

    /// The action for a key event in `mode`, if any. Only presses count (DESIGN §6: crossterm
    /// also reports releases and repeats on some terminals). In the text modes, printable
    /// characters not bound to anything become [`Action::Input`].
    pub fn action_for(&self, mode: Mode, event: &KeyEvent) -> Option<Action> {
        if event.kind != KeyEventKind::Press {
            return None;
        }
        // Shift is carried by the character itself ('G', 'R'); drop it so the table stays simple.
        let modifiers = event.modifiers - KeyModifiers::SHIFT;
        let pressed = Key {
            code: event.code,
            modifiers,
        };
        let bound = self
            .bindings
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
            (Mode::ConfirmTyped | Mode::ConfirmChangeTyped, KeyCode::Char(c))
                if modifiers.is_empty() && c.is_ascii_digit() =>
            {
                Some(Action::Input(c))
            }
            _ => None,
        }
    }

    /// The rows of `mode` that have keys, for help.
    pub fn bindings_for(&self, mode: Mode) -> impl Iterator<Item = &ActiveBinding> {
        self.bindings
            .iter()
            .filter(move |binding| binding.mode == mode && !binding.keys.is_empty())
    }

    /// The rows of `mode` marked for the footer hints.
    pub fn hints_for(&self, mode: Mode) -> impl Iterator<Item = &ActiveBinding> {
        self.bindings_for(mode).filter(|binding| binding.hint)
    }

    /// How the keys of `action` in `mode` are written (`y`, `n/Esc`), for dialogs that name
    /// them; `"?"` when the action has no key there.
    pub fn label_for(&self, mode: Mode, action: Action) -> &str {
        self.bindings_for(mode)
            .find(|binding| binding.action == action)
            .map_or("?", |binding| binding.label.as_str())
    }
}

/// What a mouse event at a cell hit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hit {
    /// A row of the list: its view position, and whether the pointer is on the mark column
    /// (the leftmost column and the gap after it).
    ListRow {
        /// Position in the view.
        position: usize,
        /// On the mark column.
        mark: bool,
    },
    /// The list pane, but not a row (borders, table header, below the last row).
    List,
    /// The detail pane.
    Detail,
    /// A row of the connections table: its position in the connections list.
    ConnectionRow(usize),
    /// The connections table, but not a row (borders, header, below the last row).
    Connections,
    /// Anything else.
    Nothing,
}

/// The action for a mouse event that hit `hit` (from `ui::hit_test`), if any (issue 6 item 6):
/// a left click on a list row moves the cursor there, on the mark column toggles that row's
/// mark, in the detail pane focuses it; the wheel scrolls the list or the detail pane under
/// the pointer. The loop only asks in browse mode, so a click never answers a dialog.
pub fn mouse_action(kind: MouseEventKind, hit: Hit) -> Option<Action> {
    match (kind, hit) {
        (
            MouseEventKind::Down(MouseButton::Left),
            Hit::ListRow {
                position,
                mark: true,
            },
        ) => Some(Action::ToggleMarkAt(position)),
        (
            MouseEventKind::Down(MouseButton::Left),
            Hit::ListRow {
                position,
                mark: false,
            },
        ) => Some(Action::ClickRow(position)),
        (MouseEventKind::Down(MouseButton::Left), Hit::Detail) => Some(Action::FocusDetail),
        (MouseEventKind::ScrollDown, Hit::ListRow { .. } | Hit::List) => Some(Action::ScrollDown),
        (MouseEventKind::ScrollUp, Hit::ListRow { .. } | Hit::List) => Some(Action::ScrollUp),
        (MouseEventKind::Down(MouseButton::Left), Hit::ConnectionRow(position)) => {
            Some(Action::ClickConnection(position))
        }
        (MouseEventKind::ScrollDown, Hit::ConnectionRow(_) | Hit::Connections) => {
            Some(Action::ScrollDown)
        }
        (MouseEventKind::ScrollUp, Hit::ConnectionRow(_) | Hit::Connections) => {
            Some(Action::ScrollUp)
        }
        (MouseEventKind::ScrollDown, Hit::Detail) => Some(Action::ScrollDetailDown),
        (MouseEventKind::ScrollUp, Hit::Detail) => Some(Action::ScrollDetailUp),
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

    fn overrides(entries: &[(&str, &str, &[&str])]) -> KeyOverrides {
        let mut map = KeyOverrides::new();
        for (mode, action, keys) in entries {
            map.entry((*mode).to_owned()).or_default().insert(
                (*action).to_owned(),
                keys.iter().map(|key| (*key).to_owned()).collect(),
            );
        }
        map
    }

    fn error_path(result: Result<(Keymap, Vec<Clash>), ConfigError>) -> (String, String) {
        match result {
            Err(ConfigError::Setting { path, message }) => (path, message),
            other => panic!("expected a Setting error, got {other:?}"),
        }
    }

    #[test]
    fn key_names_parse_and_label() {
        let cases = [
            ("d", KeyCode::Char('d'), KeyModifiers::NONE, "d"),
            ("D", KeyCode::Char('D'), KeyModifiers::NONE, "D"),
            ("ctrl-d", KeyCode::Char('d'), KeyModifiers::CONTROL, "C-d"),
            ("Ctrl-D", KeyCode::Char('d'), KeyModifiers::CONTROL, "C-d"),
            ("alt-x", KeyCode::Char('x'), KeyModifiers::ALT, "A-x"),
            ("Enter", KeyCode::Enter, KeyModifiers::NONE, "Enter"),
            ("esc", KeyCode::Esc, KeyModifiers::NONE, "Esc"),
            ("Tab", KeyCode::Tab, KeyModifiers::NONE, "Tab"),
            ("Space", KeyCode::Char(' '), KeyModifiers::NONE, "Space"),
            ("PageDown", KeyCode::PageDown, KeyModifiers::NONE, "PgDn"),
            ("F5", KeyCode::F(5), KeyModifiers::NONE, "F5"),
            ("Up", KeyCode::Up, KeyModifiers::NONE, "↑"),
            ("Delete", KeyCode::Delete, KeyModifiers::NONE, "Del"),
            ("-", KeyCode::Char('-'), KeyModifiers::NONE, "-"),
            ("ctrl--", KeyCode::Char('-'), KeyModifiers::CONTROL, "C--"),
        ];
        for (text, code, modifiers, label) in cases {
            let key = Key::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(key, Key { code, modifiers }, "{text}");
            assert_eq!(key.label(), label, "{text}");
        }
        for bad in ["", "ctrl-", "Dlete", "F25", "ctrl-xy", "\u{1b}"] {
            assert!(Key::parse(bad).is_err(), "{bad:?} parsed");
        }
    }

    #[test]
    fn names_come_from_the_variants() {
        assert_eq!(action_name(Action::RequestDelete), "request_delete");
        assert_eq!(action_name(Action::Quit), "quit");
        assert_eq!(mode_name(Mode::ConfirmTyped), "confirm_typed");
        assert_eq!(mode_name(Mode::Browse), "browse");
    }

    #[test]
    fn an_override_replaces_the_default_keys_and_the_label() {
        let (keymap, clashes) = Keymap::with_overrides(&overrides(&[
            ("browse", "request_delete", &["X", "ctrl-x"]),
            ("confirm", "cancel", &["Esc"]),
        ]))
        .expect("valid");
        assert!(clashes.is_empty(), "{clashes:?}");
        let browse = |code, modifiers| keymap.action_for(Mode::Browse, &press(code, modifiers));
        assert_eq!(browse(KeyCode::Char('d'), KeyModifiers::NONE), None);
        assert_eq!(browse(KeyCode::Delete, KeyModifiers::NONE), None);
        assert_eq!(
            browse(KeyCode::Char('X'), KeyModifiers::SHIFT),
            Some(Action::RequestDelete)
        );
        assert_eq!(
            browse(KeyCode::Char('x'), KeyModifiers::CONTROL),
            Some(Action::RequestDelete)
        );
        // Other actions keep their keys.
        assert_eq!(
            browse(KeyCode::Char('x'), KeyModifiers::NONE),
            Some(Action::CancelJob)
        );
        let label = |mode, action| keymap.label_for(mode, action).to_owned();
        assert_eq!(label(Mode::Browse, Action::RequestDelete), "X/C-x");
        assert_eq!(label(Mode::Browse, Action::Quit), "q");
        // Confirm's cancel had two rows (n/N/Esc/q and C-c): the override replaces both.
        let confirm = |c| keymap.action_for(Mode::Confirm, &press(c, KeyModifiers::NONE));
        assert_eq!(confirm(KeyCode::Esc), Some(Action::Cancel));
        assert_eq!(confirm(KeyCode::Char('n')), None);
        assert_eq!(
            keymap.action_for(
                Mode::Confirm,
                &press(KeyCode::Char('c'), KeyModifiers::CONTROL)
            ),
            None
        );
        assert_eq!(
            keymap
                .hints_for(Mode::Browse)
                .find(|b| b.action == Action::RequestDelete)
                .map(|b| (b.label.as_str(), b.overridden)),
            Some(("X/C-x", true))
        );
        assert_eq!(
            Keymap::default().label_for(Mode::Browse, Action::RequestDelete),
            "d/Del"
        );
    }

    #[test]
    fn clashing_overrides_fall_back_to_the_defaults_of_that_mode() {
        // `k` is cursor_up's default; `Q` is free; `s` in search mode is text, not a clash.
        let (keymap, clashes) = Keymap::with_overrides(&overrides(&[
            ("browse", "request_delete", &["k"]),
            ("browse", "quit", &["Q"]),
            ("picker", "cancel", &["Esc", "j"]),
        ]))
        .expect("valid");
        assert_eq!(clashes.len(), 2, "{clashes:?}");
        assert_eq!(clashes[0].mode, Mode::Browse);
        assert_eq!(clashes[0].key, Key::parse("k").expect("k"));
        assert_eq!(
            clashes[0].actions,
            vec![Action::CursorUp, Action::RequestDelete]
        );
        assert_eq!(clashes[0].reverted, vec![Action::RequestDelete]);
        assert_eq!(
            clashes[0].to_string(),
            "keys.browse: k is bound to cursor_up, request_delete; using the default keys for request_delete"
        );
        assert_eq!(clashes[1].mode, Mode::Picker);
        assert_eq!(clashes[1].reverted, vec![Action::Cancel]);
        let key = |mode, c| keymap.action_for(mode, &press(KeyCode::Char(c), KeyModifiers::NONE));
        assert_eq!(key(Mode::Browse, 'k'), Some(Action::CursorUp));
        assert_eq!(key(Mode::Browse, 'd'), Some(Action::RequestDelete));
        assert_eq!(
            key(Mode::Browse, 'Q'),
            Some(Action::Quit),
            "non-clashing override kept"
        );
        assert_eq!(key(Mode::Browse, 'q'), None);
        assert_eq!(key(Mode::Picker, 'j'), Some(Action::PickerDown));
        assert_eq!(key(Mode::Picker, 'q'), Some(Action::Cancel));
        // Two overrides taking the same key: both revert.
        let (keymap, clashes) = Keymap::with_overrides(&overrides(&[
            ("browse", "reload", &["F5"]),
            ("browse", "cycle_sort", &["F5"]),
        ]))
        .expect("valid");
        assert_eq!(clashes.len(), 1);
        assert_eq!(clashes[0].reverted, vec![Action::CycleSort, Action::Reload]);
        assert_eq!(keymap, Keymap::default());
    }

    /// The start-up notice names the clash and fits a 100-column notice line, where the full
    /// text (config check's) was cut.
    #[test]
    fn the_clash_notice_is_short() {
        assert_eq!(clash_notice(&[]), None);
        let (_, clashes) = Keymap::with_overrides(&overrides(&[
            ("browse", "request_delete", &["X"]),
            ("browse", "request_reschedule", &["X"]),
            ("picker", "cancel", &["Esc", "j"]),
        ]))
        .expect("valid");
        assert_eq!(clashes.len(), 2, "{clashes:?}");
        let notice = clash_notice(&clashes).expect("a notice");
        assert_eq!(
            notice,
            "[keys.browse] clash: request_delete and request_reschedule on X; defaults used \
             (+1: config check)"
        );
        assert!(notice.chars().count() <= 100, "{}", notice.chars().count());
        let single = clash_notice(&clashes[1..]).expect("a notice");
        assert_eq!(
            single,
            "[keys.picker] clash: picker_down and cancel on j; defaults used (config check)"
        );
    }

    #[test]
    fn a_swap_of_two_keys_is_not_a_clash() {
        let (keymap, clashes) = Keymap::with_overrides(&overrides(&[
            ("browse", "reload", &["R"]),
            ("browse", "retry_failed", &["r"]),
        ]))
        .expect("valid");
        assert!(clashes.is_empty(), "{clashes:?}");
        let browse =
            |c| keymap.action_for(Mode::Browse, &press(KeyCode::Char(c), KeyModifiers::NONE));
        assert_eq!(browse('R'), Some(Action::Reload));
        assert_eq!(browse('r'), Some(Action::RetryFailed));
    }

    #[test]
    fn bad_overrides_name_the_key_path() {
        let (path, message) = error_path(Keymap::with_overrides(&overrides(&[(
            "brwose",
            "quit",
            &["q"],
        )])));
        assert_eq!(path, "keys.brwose");
        assert!(
            message.contains("browse") && message.contains("confirm_typed"),
            "{message}"
        );
        let (path, message) = error_path(Keymap::with_overrides(&overrides(&[(
            "browse",
            "request_delet",
            &["d"],
        )])));
        assert_eq!(path, "keys.browse.request_delet");
        assert!(message.contains("request_delete"), "{message}");
        let (path, message) = error_path(Keymap::with_overrides(&overrides(&[(
            "browse",
            "quit",
            &["q", "ctrl-"],
        )])));
        assert_eq!(path, "keys.browse.quit");
        assert!(message.contains("\"ctrl-\""), "{message}");
        let (path, _) = error_path(Keymap::with_overrides(&overrides(&[(
            "browse",
            "quit",
            &[],
        )])));
        assert_eq!(path, "keys.browse.quit");
        // An action of another mode is not one of this mode's.
        let (path, _) = error_path(Keymap::with_overrides(&overrides(&[(
            "browse",
            "picker_down",
            &["j"],
        )])));
        assert_eq!(path, "keys.browse.picker_down");
    }

    #[test]
    fn mouse_events_become_actions_by_what_they_hit() {
        let left = MouseEventKind::Down(MouseButton::Left);
        let row = |mark| Hit::ListRow { position: 4, mark };
        assert_eq!(mouse_action(left, row(false)), Some(Action::ClickRow(4)));
        assert_eq!(mouse_action(left, row(true)), Some(Action::ToggleMarkAt(4)));
        assert_eq!(mouse_action(left, Hit::Detail), Some(Action::FocusDetail));
        assert_eq!(mouse_action(left, Hit::List), None);
        assert_eq!(mouse_action(left, Hit::Nothing), None);
        assert_eq!(
            mouse_action(MouseEventKind::ScrollDown, Hit::List),
            Some(Action::ScrollDown)
        );
        assert_eq!(
            mouse_action(MouseEventKind::ScrollUp, row(true)),
            Some(Action::ScrollUp)
        );
        assert_eq!(
            mouse_action(MouseEventKind::ScrollDown, Hit::Detail),
            Some(Action::ScrollDetailDown)
        );
        assert_eq!(mouse_action(MouseEventKind::ScrollDown, Hit::Nothing), None);
        assert_eq!(
            mouse_action(MouseEventKind::Down(MouseButton::Right), row(false)),
            None
        );
        assert_eq!(mouse_action(MouseEventKind::Moved, row(false)), None);
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
        let mut modes: Vec<String> = Vec::new();
        for binding in BINDINGS {
            let name = mode_name(binding.mode);
            if !modes.contains(&name) {
                modes.push(name);
            }
        }
        assert_eq!(listed, modes);
    }
}
