//! Key presses to actions (DESIGN §2 step 1, §3). The loop converts each key press the terminal
//! reports to a [`KeyPress`] (`tui::input`) and asks its [`Keymap`] what [`Action`] the press
//! means in the [`Mode`] the state is in (`AppState::mode`: dialog > picker > text input >
//! browse, so an open dialog takes every key); `update` folds the action into state and never
//! sees the keymap. A keymap is the default table ([`BINDINGS`]) with the config's
//! `[keys.MODE]` overrides laid over it ([`Keymap::with_overrides`]), and it serves the lookup,
//! the help overlay and the footer hints, so they cannot disagree. [`mouse_action`] does the
//! same for mouse events, by what they hit.

mod defaults;
mod editing;
mod key;
mod mouse;
mod overrides;

use std::str::FromStr;
use std::sync::LazyLock;

pub use defaults::{BINDINGS, Binding, bindings_for, hints_for};
pub use key::{Key, KeyCode, KeyModifiers, KeyPress};
pub use mouse::{Hit, MouseKind, mouse_action};
pub use overrides::{Clash, clash_notice};

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
    /// The reschedule or move-to-draft dialog asks to type the count (large batches).
    ConfirmChangeTyped,
    /// "A job is running; quit anyway?"
    QuitPrompt,
    /// The help overlay.
    Help,
    /// An action was refused: the dialog saying why takes every key until `Esc` or `Enter`.
    Refused,
    /// The connections screen has the keys.
    Connections,
    /// The stats screen has the keys.
    Stats,
}

impl Mode {
    /// Every mode, in declaration order.
    pub const ALL: [Mode; 13] = [
        Mode::Browse,
        Mode::Search,
        Mode::Picker,
        Mode::Confirm,
        Mode::ConfirmTyped,
        Mode::TimeInput,
        Mode::ConfirmChange,
        Mode::ConfirmChangeTyped,
        Mode::QuitPrompt,
        Mode::Help,
        Mode::Refused,
        Mode::Connections,
        Mode::Stats,
    ];

    /// The mode's name in the config's `[keys.MODE]` tables and in messages (`confirm_typed`);
    /// users' config files hold these names, so they never change.
    pub const fn as_str(self) -> &'static str {
        match self {
            Mode::Browse => "browse",
            Mode::Search => "search",
            Mode::Picker => "picker",
            Mode::Confirm => "confirm",
            Mode::ConfirmTyped => "confirm_typed",
            Mode::TimeInput => "time_input",
            Mode::ConfirmChange => "confirm_change",
            Mode::ConfirmChangeTyped => "confirm_change_typed",
            Mode::QuitPrompt => "quit_prompt",
            Mode::Help => "help",
            Mode::Refused => "refused",
            Mode::Connections => "connections",
            Mode::Stats => "stats",
        }
    }
}

/// A name that is no mode's [`Mode::as_str`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("no mode is named {0:?}")]
pub struct UnknownMode(pub String);

/// Reads a [`Mode::as_str`] name; the exact spelling only.
impl FromStr for Mode {
    type Err = UnknownMode;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        Ok(match name {
            "browse" => Mode::Browse,
            "search" => Mode::Search,
            "picker" => Mode::Picker,
            "confirm" => Mode::Confirm,
            "confirm_typed" => Mode::ConfirmTyped,
            "time_input" => Mode::TimeInput,
            "confirm_change" => Mode::ConfirmChange,
            "confirm_change_typed" => Mode::ConfirmChangeTyped,
            "quit_prompt" => Mode::QuitPrompt,
            "help" => Mode::Help,
            "refused" => Mode::Refused,
            "connections" => Mode::Connections,
            "stats" => Mode::Stats,
            _ => return Err(UnknownMode(name.to_owned())),
        })
    }
}

/// The action for a key press in `mode` with the default keys ([`BINDINGS`]), if any. The app
/// loop uses its [`Keymap`] instead, which may hold the config's overrides.
pub fn action_for(mode: Mode, press: KeyPress) -> Option<Action> {
    DEFAULT_KEYMAP.action_for(mode, press)
}

static DEFAULT_KEYMAP: LazyLock<Keymap> = LazyLock::new(Keymap::default);

/// One row of a [`Keymap`]: a row of [`BINDINGS`], with the config's keys when overridden.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActiveBinding {
    pub mode: Mode,
    /// Empty when an override of the same action in the same mode took the keys over.
    pub keys: Vec<Key>,
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

/// The keys in force: [`BINDINGS`] with the config's overrides. Built once at start-up by
/// [`Keymap::with_overrides`]; [`Keymap::default`] is the table alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    bindings: Vec<ActiveBinding>,
}

impl Default for Keymap {
    fn default() -> Self {
        Self::build(&overrides::Overrides::new())
    }
}

impl Keymap {
    /// The action for a key press in `mode`, if any. Shift is folded into the character
    /// ([`KeyPress::key`]). In the text modes, printable characters not bound to anything
    /// become [`Action::Input`]; the typed confirmations take digits only.
    pub fn action_for(&self, mode: Mode, press: KeyPress) -> Option<Action> {
        let pressed = press.key();
        let bound = self
            .bindings
            .iter()
            .find(|binding| binding.mode == mode && binding.keys.contains(&pressed))
            .map(|binding| binding.action);
        if bound.is_some() {
            return bound;
        }
        match (mode, pressed.code) {
            // In a picker, an unbound character jumps to the entry starting with it.
            (Mode::Search | Mode::TimeInput | Mode::Picker, KeyCode::Char(c))
                if pressed.modifiers.is_empty() =>
            {
                Some(Action::Input(c))
            }
            (Mode::ConfirmTyped | Mode::ConfirmChangeTyped, KeyCode::Char(c))
                if pressed.modifiers.is_empty() && c.is_ascii_digit() =>
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

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode, modifiers: KeyModifiers) -> KeyPress {
        KeyPress::new(code, modifiers)
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
            (KeyCode::Char('z'), KeyModifiers::NONE, Action::UndoMarks),
        ];
        for (code, modifiers, action) in cases {
            assert_eq!(
                action_for(Mode::Browse, press(code, modifiers)),
                Some(action),
                "{code:?} {modifiers:?}"
            );
        }
        assert_eq!(
            action_for(Mode::Browse, press(KeyCode::Char('Z'), KeyModifiers::SHIFT)),
            None
        );
    }

    /// A refusal takes every key but the two that close it (and `Ctrl-c`): what the user
    /// goes on typing for the flow that never opened goes nowhere.
    #[test]
    fn a_refusal_swallows_every_key_but_esc_and_enter() {
        for c in "+1dytomorrow 09:00Dq ".chars() {
            assert_eq!(
                action_for(Mode::Refused, press(KeyCode::Char(c), KeyModifiers::NONE)),
                None,
                "{c:?}"
            );
        }
        for code in [KeyCode::Esc, KeyCode::Enter] {
            assert_eq!(
                action_for(Mode::Refused, press(code, KeyModifiers::NONE)),
                Some(Action::Cancel)
            );
        }
    }

    #[test]
    fn dialogs_take_every_key() {
        let y = press(KeyCode::Char('y'), KeyModifiers::NONE);
        assert_eq!(action_for(Mode::Confirm, y), Some(Action::Confirm));
        // In typed mode, 'y' is not a confirmation and 'j' does nothing.
        assert_eq!(action_for(Mode::ConfirmTyped, y), None);
        let j = press(KeyCode::Char('j'), KeyModifiers::NONE);
        assert_eq!(action_for(Mode::Confirm, j), None);
        assert_eq!(
            action_for(
                Mode::ConfirmTyped,
                press(KeyCode::Char('7'), KeyModifiers::NONE)
            ),
            Some(Action::Input('7'))
        );
        // While typing a search, 'q' and 'd' are text.
        let q = press(KeyCode::Char('q'), KeyModifiers::NONE);
        assert_eq!(action_for(Mode::Search, q), Some(Action::Input('q')));
    }

    #[test]
    fn text_modes_take_shifted_characters_but_not_other_modifiers() {
        let shifted = press(KeyCode::Char('Q'), KeyModifiers::SHIFT);
        assert_eq!(action_for(Mode::Search, shifted), Some(Action::Input('Q')));
        let alt = press(KeyCode::Char('q'), KeyModifiers::ALT);
        assert_eq!(action_for(Mode::Search, alt), None);
        let with_super = press(KeyCode::Char('q'), KeyModifiers::SUPER);
        assert_eq!(action_for(Mode::Search, with_super), None);
        assert_eq!(action_for(Mode::Browse, with_super), None);
        let digit = press(KeyCode::Char('7'), KeyModifiers::CONTROL);
        assert_eq!(action_for(Mode::ConfirmChangeTyped, digit), None);
    }

    #[test]
    fn names_come_from_the_variants() {
        assert_eq!(Action::RequestDelete.as_str(), "request_delete");
        assert_eq!(Action::Quit.as_str(), "quit");
        assert_eq!(Mode::ConfirmTyped.as_str(), "confirm_typed");
        assert_eq!(Mode::Browse.as_str(), "browse");
    }

    #[test]
    fn mode_names_round_trip() {
        for mode in Mode::ALL {
            assert_eq!(mode.as_str().parse::<Mode>(), Ok(mode), "{mode:?}");
        }
        assert_eq!(
            "Browse".parse::<Mode>(),
            Err(UnknownMode("Browse".to_owned()))
        );
        assert!("".parse::<Mode>().is_err());
    }

    /// The names users' config files hold, as the old `Debug`-derived spelling gave them.
    #[test]
    fn mode_names_are_the_config_names() {
        let names: Vec<&str> = Mode::ALL.iter().map(|mode| mode.as_str()).collect();
        assert_eq!(
            names,
            [
                "browse",
                "search",
                "picker",
                "confirm",
                "confirm_typed",
                "time_input",
                "confirm_change",
                "confirm_change_typed",
                "quit_prompt",
                "help",
                "refused",
                "connections",
                "stats",
            ]
        );
    }
}
