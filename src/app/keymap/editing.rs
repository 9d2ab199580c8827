//! The editing keys of the text fields (the query, the reschedule time, the typed counts): one
//! set, the same in every text mode, as in a shell's line editor. `Ctrl-a` is not among them:
//! in the query field it stays "mark every post shown" (DESIGN §3); `Home` goes to the start.

use super::Mode;
use super::defaults::{Binding, bind, ctrl, plain};
use super::key::{Key, KeyCode, KeyModifiers};
use crate::app::action::Action;

const fn alt(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        modifiers: KeyModifiers::ALT,
    }
}

const fn with_ctrl(code: KeyCode) -> Key {
    Key {
        code,
        modifiers: KeyModifiers::CONTROL,
    }
}

const fn with_alt(code: KeyCode) -> Key {
    Key {
        code,
        modifiers: KeyModifiers::ALT,
    }
}

/// The rows for each text mode, in the order help lists them.
macro_rules! editing_rows {
    ($($mode:ident),+) => {
        &[$(
            bind!($mode, [plain(KeyCode::Left)], CursorLeft, "←", "cursor left", false),
            bind!($mode, [plain(KeyCode::Right)], CursorRight, "→", "cursor right", false),
            bind!($mode, [plain(KeyCode::Home)], LineStart, "Home", "to the start", false),
            bind!($mode, [plain(KeyCode::End), ctrl('e')], LineEnd, "End/C-e", "to the end", false),
            bind!(
                $mode,
                [alt('b'), with_ctrl(KeyCode::Left)],
                WordLeft,
                "A-b",
                "word left",
                false
            ),
            bind!(
                $mode,
                [alt('f'), with_ctrl(KeyCode::Right)],
                WordRight,
                "A-f",
                "word right",
                false
            ),
            bind!($mode, [plain(KeyCode::Backspace)], Backspace, "Bksp", "delete back", false),
            bind!($mode, [plain(KeyCode::Delete)], DeleteForward, "Del", "delete forward", false),
            bind!(
                $mode,
                [ctrl('w'), with_alt(KeyCode::Backspace)],
                DeleteWord,
                "C-w",
                "delete the word before",
                false
            ),
            bind!($mode, [ctrl('u')], ClearInput, "C-u", "clear the field", false),
        )+]
    };
}

/// The editing keys of every text mode. A prefilled value starts selected: the first typed
/// character replaces it, a cursor key keeps it for editing.
pub const ROWS: &[Binding] = editing_rows!(Search, TimeInput, ConfirmTyped, ConfirmChangeTyped);
