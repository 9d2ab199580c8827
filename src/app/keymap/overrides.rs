//! The config's `[keys.MODE]` tables laid over [`BINDINGS`] (DESIGN §3, config.example.toml).
//! [`Keymap::with_overrides`] checks the names and keys (an error names its key path,
//! `keys.browse.request_delete`), builds the keymap, and drops the overrides that leave two
//! actions of a mode on one key, reporting each as a [`Clash`]. `postpost config check` prints
//! the clashes in full; the TUI shows [`clash_notice`] at start.

use std::collections::HashMap;
use std::fmt;

use super::{ActiveBinding, BINDINGS, Key, Keymap, Mode, bindings_for};
use crate::app::action::Action;
use crate::config::{ConfigError, KeyOverrides};

/// Overridden (mode, action) pairs and their keys.
pub(super) type Overrides = HashMap<(Mode, Action), Vec<Key>>;

/// Two or more actions of one mode bound to one key after the config's overrides. The
/// overrides involved are dropped, so those actions keep their default keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clash {
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
                .map(|action| action.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        };
        write!(
            f,
            "keys.{}: {} is bound to {}; using the default keys for {}",
            self.mode.as_str(),
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
    let names: Vec<&str> = first.actions.iter().map(|a| a.as_str()).collect();
    let names = match names.as_slice() {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    };
    let more = match clashes.len() {
        1 => String::new(),
        n => format!("+{}: ", n - 1),
    };
    Some(format!(
        "[keys.{}] clash: {names} on {}; defaults used ({more}config check)",
        first.mode.as_str(),
        first.key.label(),
    ))
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
            let Some(mode) = mode_text
                .parse::<Mode>()
                .ok()
                .filter(|mode| modes.contains(mode))
            else {
                return Err(ConfigError::Setting {
                    path: format!("keys.{mode_text}"),
                    message: format!(
                        "no such mode; the modes are {}",
                        modes
                            .iter()
                            .map(|m| m.as_str())
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
                let Some(action) = action_text
                    .parse::<Action>()
                    .ok()
                    .filter(|action| mode_actions.contains(action))
                else {
                    return Err(ConfigError::Setting {
                        path,
                        message: format!(
                            "{mode_text} has no such action; its actions are {}",
                            mode_actions
                                .iter()
                                .map(|a| a.as_str())
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
    pub(super) fn build(applied: &Overrides) -> Self {
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::keymap::{KeyCode, KeyModifiers, KeyPress};

    fn press(code: KeyCode, modifiers: KeyModifiers) -> KeyPress {
        KeyPress::new(code, modifiers)
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
    fn an_override_replaces_the_default_keys_and_the_label() {
        let (keymap, clashes) = Keymap::with_overrides(&overrides(&[
            ("browse", "request_delete", &["X", "ctrl-x"]),
            ("confirm", "cancel", &["Esc"]),
        ]))
        .expect("valid");
        assert!(clashes.is_empty(), "{clashes:?}");
        let browse = |code, modifiers| keymap.action_for(Mode::Browse, press(code, modifiers));
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
        let confirm = |c| keymap.action_for(Mode::Confirm, press(c, KeyModifiers::NONE));
        assert_eq!(confirm(KeyCode::Esc), Some(Action::Cancel));
        assert_eq!(confirm(KeyCode::Char('n')), None);
        assert_eq!(
            keymap.action_for(
                Mode::Confirm,
                press(KeyCode::Char('c'), KeyModifiers::CONTROL)
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
        let key = |mode, c| keymap.action_for(mode, press(KeyCode::Char(c), KeyModifiers::NONE));
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
            |c| keymap.action_for(Mode::Browse, press(KeyCode::Char(c), KeyModifiers::NONE));
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
}
