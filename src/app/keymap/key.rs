//! The app's own key vocabulary (DESIGN §3). A [`KeyPress`] is what the terminal reported:
//! `tui::input` converts the terminal's events, and only presses get this far. A [`Key`] is a
//! key as the binding table and the config write it, with Shift folded into the character
//! ([`KeyPress::key`]). [`Key::parse`] reads the config's key syntax (`ctrl-a`, `alt-x`, `pgdn`,
//! `F5`), [`Key::label`] the short form help and the footer show (`C-a`, `A-x`, `PgDn`).

use std::fmt;
use std::ops::{BitOr, BitOrAssign, Sub};

/// A key without its modifiers. Terminal keys outside this set (Caps Lock, media keys, ...)
/// never reach the keymap, since nothing can be bound to them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyCode {
    /// A character, Space included, with Shift already applied (`'G'`, `'?'`).
    Char(char),
    Enter,
    Esc,
    Tab,
    /// Shift-Tab.
    BackTab,
    Backspace,
    Delete,
    Insert,
    Home,
    End,
    PageUp,
    PageDown,
    Up,
    Down,
    Left,
    Right,
    /// A function key: `F(5)` is F5.
    F(u8),
}

/// The modifier keys held with a key: a set of flags, combined with `|` and removed with `-`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct KeyModifiers(u8);

impl KeyModifiers {
    pub const NONE: Self = Self(0);
    pub const SHIFT: Self = Self(1);
    pub const CONTROL: Self = Self(1 << 1);
    pub const ALT: Self = Self(1 << 2);
    /// Super, Hyper and Meta are reported only by terminals with the kitty keyboard protocol;
    /// the key syntax cannot name them, so a press that holds one matches no binding.
    pub const SUPER: Self = Self(1 << 3);
    pub const HYPER: Self = Self(1 << 4);
    pub const META: Self = Self(1 << 5);

    const NAMES: [(Self, &'static str); 6] = [
        (Self::SHIFT, "SHIFT"),
        (Self::CONTROL, "CONTROL"),
        (Self::ALT, "ALT"),
        (Self::SUPER, "SUPER"),
        (Self::HYPER, "HYPER"),
        (Self::META, "META"),
    ];

    /// True when every modifier of `other` is held.
    pub const fn contains(self, other: Self) -> bool {
        self.0 & other.0 == other.0
    }

    /// True when no modifier is held.
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }
}

impl BitOr for KeyModifiers {
    type Output = Self;

    fn bitor(self, other: Self) -> Self {
        Self(self.0 | other.0)
    }
}

impl BitOrAssign for KeyModifiers {
    fn bitor_assign(&mut self, other: Self) {
        self.0 |= other.0;
    }
}

/// `a - b`: the modifiers of `a` that are not in `b`.
impl Sub for KeyModifiers {
    type Output = Self;

    fn sub(self, other: Self) -> Self {
        Self(self.0 & !other.0)
    }
}

/// `KeyModifiers(CONTROL | ALT)`, `KeyModifiers(NONE)`.
impl fmt::Debug for KeyModifiers {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = Self::NAMES
            .iter()
            .filter(|(flag, _)| self.contains(*flag))
            .map(|(_, name)| *name)
            .collect();
        let names = if names.is_empty() {
            "NONE".to_owned()
        } else {
            names.join(" | ")
        };
        write!(f, "KeyModifiers({names})")
    }
}

/// A key press as the terminal reported it, Shift included: most terminals send `'G'` with
/// [`KeyModifiers::SHIFT`], some without it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct KeyPress {
    pub code: KeyCode,
    pub modifiers: KeyModifiers,
}

impl KeyPress {
    pub const fn new(code: KeyCode, modifiers: KeyModifiers) -> Self {
        Self { code, modifiers }
    }

    /// The key as the table writes it: Shift dropped, since the character carries it (`'G'`,
    /// `'R'`) and the table stays simple.
    pub fn key(self) -> Key {
        Key {
            code: self.code,
            modifiers: self.modifiers - KeyModifiers::SHIFT,
        }
    }
}

/// A key with modifiers, as the binding table and the config write it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    /// Ctrl, Alt (Shift is folded into the character).
    pub modifiers: KeyModifiers,
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

#[cfg(test)]
mod tests {
    use super::*;

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
    fn more_key_names_parse_and_label() {
        let cases = [
            ("pgdn", KeyCode::PageDown, KeyModifiers::NONE, "PgDn"),
            ("PgUp", KeyCode::PageUp, KeyModifiers::NONE, "PgUp"),
            ("BackTab", KeyCode::BackTab, KeyModifiers::NONE, "S-Tab"),
            ("shift-tab", KeyCode::BackTab, KeyModifiers::NONE, "S-Tab"),
            ("bksp", KeyCode::Backspace, KeyModifiers::NONE, "Bksp"),
            ("ins", KeyCode::Insert, KeyModifiers::NONE, "Ins"),
            ("return", KeyCode::Enter, KeyModifiers::NONE, "Enter"),
            ("left", KeyCode::Left, KeyModifiers::NONE, "←"),
            ("Right", KeyCode::Right, KeyModifiers::NONE, "→"),
            ("f24", KeyCode::F(24), KeyModifiers::NONE, "F24"),
            (
                "ctrl-alt-x",
                KeyCode::Char('x'),
                KeyModifiers::CONTROL | KeyModifiers::ALT,
                "C-A-x",
            ),
            ("alt-Enter", KeyCode::Enter, KeyModifiers::ALT, "A-Enter"),
        ];
        for (text, code, modifiers, label) in cases {
            let key = Key::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(key, Key { code, modifiers }, "{text}");
            assert_eq!(key.label(), label, "{text}");
        }
        for bad in ["F0", "alt-", "ctrl-alt-"] {
            assert!(Key::parse(bad).is_err(), "{bad:?} parsed");
        }
    }

    #[test]
    fn a_press_folds_shift_into_the_character() {
        let shifted = KeyPress::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(shifted.key(), Key::parse("G").expect("G"));
        let ctrl_shift = KeyPress::new(
            KeyCode::Char('d'),
            KeyModifiers::CONTROL | KeyModifiers::SHIFT,
        );
        assert_eq!(ctrl_shift.key(), Key::parse("ctrl-d").expect("ctrl-d"));
        let back_tab = KeyPress::new(KeyCode::BackTab, KeyModifiers::SHIFT);
        assert_eq!(back_tab.key(), Key::parse("BackTab").expect("BackTab"));
        let with_super = KeyPress::new(KeyCode::Char('d'), KeyModifiers::SUPER);
        assert_eq!(with_super.key().modifiers, KeyModifiers::SUPER);
    }

    #[test]
    fn modifiers_combine_and_subtract() {
        let both = KeyModifiers::CONTROL | KeyModifiers::ALT;
        assert!(both.contains(KeyModifiers::CONTROL) && both.contains(KeyModifiers::ALT));
        assert!(!both.contains(KeyModifiers::SHIFT));
        assert!(both.contains(KeyModifiers::NONE));
        assert_eq!(both - KeyModifiers::ALT, KeyModifiers::CONTROL);
        assert_eq!(
            KeyModifiers::SHIFT - KeyModifiers::SHIFT,
            KeyModifiers::NONE
        );
        assert!((KeyModifiers::SHIFT - KeyModifiers::SHIFT).is_empty());
        assert!(!KeyModifiers::META.is_empty());
        assert_eq!(KeyModifiers::default(), KeyModifiers::NONE);
        assert_eq!(format!("{both:?}"), "KeyModifiers(CONTROL | ALT)");
        assert_eq!(format!("{:?}", KeyModifiers::NONE), "KeyModifiers(NONE)");
    }
}
