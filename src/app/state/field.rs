//! The one text field of the app: the query (`/`), the reschedule time and the typed counts all
//! edit like a shell's line editor. The editing itself is `tui_input`'s (grapheme- and
//! word-aware, no terminal backend), driven by [`Edit`]s the keymap's actions name; this type
//! adds what the app needs on top: a prefilled value starts *selected*, so the first typed
//! character replaces it, a length bound, and a filter on what may be typed (digits only for a
//! count).

use tui_input::{Input, InputRequest};

use crate::app::action::Action;

/// One change to a [`TextField`], from a key ([`Edit::from_action`]) or a paste.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Edit {
    /// Type a character at the cursor (replacing the selection).
    Insert(char),
    /// One character left (`←`).
    Left,
    /// One character right (`→`).
    Right,
    /// To the start (`Home`).
    Home,
    /// To the end (`End`, `Ctrl-e`).
    End,
    /// One word left (`Alt-b`).
    WordLeft,
    /// One word right (`Alt-f`).
    WordRight,
    /// Delete the character before the cursor (`Backspace`).
    DeleteBack,
    /// Delete the character under the cursor (`Delete`).
    DeleteForward,
    /// Delete the word before the cursor (`Ctrl-w`).
    DeleteWord,
    /// Empty the field (`Ctrl-u`).
    Clear,
}

impl Edit {
    /// The edit a text-field action means; `None` for the other actions.
    pub fn from_action(action: Action) -> Option<Self> {
        Some(match action {
            Action::Input(c) => Self::Insert(c),
            Action::CursorLeft => Self::Left,
            Action::CursorRight => Self::Right,
            Action::LineStart => Self::Home,
            Action::LineEnd => Self::End,
            Action::WordLeft => Self::WordLeft,
            Action::WordRight => Self::WordRight,
            Action::Backspace => Self::DeleteBack,
            Action::DeleteForward => Self::DeleteForward,
            Action::DeleteWord => Self::DeleteWord,
            Action::ClearInput => Self::Clear,
            _ => return None,
        })
    }
}

/// A one-line text field: its text, the cursor, and whether the whole text is selected.
#[derive(Debug, Clone, Default)]
pub struct TextField {
    input: Input,
    /// The whole text is selected (a prefilled value): typing or deleting replaces it, a
    /// cursor movement keeps it.
    selected: bool,
    /// Longest text kept, in characters; typing beyond it is ignored.
    max_chars: usize,
    /// Only digits may be typed (the typed counts).
    digits_only: bool,
}

/// Two fields are equal when they show the same: text, cursor and selection.
impl PartialEq for TextField {
    fn eq(&self, other: &Self) -> bool {
        self.value() == other.value()
            && self.cursor() == other.cursor()
            && self.selected == other.selected
            && self.max_chars == other.max_chars
            && self.digits_only == other.digits_only
    }
}

impl Eq for TextField {}

impl TextField {
    /// An empty field that keeps at most `max_chars` characters.
    pub fn new(max_chars: usize) -> Self {
        Self {
            input: Input::default(),
            selected: false,
            max_chars,
            digits_only: false,
        }
    }

    /// An empty field for a count: digits only.
    pub fn digits(max_chars: usize) -> Self {
        Self {
            digits_only: true,
            ..Self::new(max_chars)
        }
    }

    /// `text` in the field, the cursor at its end, not selected (editing goes on from there).
    #[must_use]
    pub fn with_text(mut self, text: &str) -> Self {
        self.input = Input::new(self.bounded(text));
        self.selected = false;
        self
    }

    /// `text` in the field and selected: the first typed character replaces it.
    #[must_use]
    pub fn prefilled(mut self, text: &str) -> Self {
        self = self.with_text(text);
        self.selected = !self.value().is_empty();
        self
    }

    fn bounded(&self, text: &str) -> String {
        text.chars()
            .filter(|c| !c.is_control() && (!self.digits_only || c.is_ascii_digit()))
            .take(self.max_chars)
            .collect()
    }

    /// The text.
    pub fn value(&self) -> &str {
        self.input.value()
    }

    /// Characters before the cursor.
    pub fn cursor(&self) -> usize {
        self.input.cursor()
    }

    /// The cursor's column (wide characters count two).
    pub fn visual_cursor(&self) -> usize {
        self.input.visual_cursor()
    }

    /// True while the whole (prefilled) text is selected.
    pub fn selected(&self) -> bool {
        self.selected
    }

    /// Applies `edit`; true when the text changed.
    pub fn edit(&mut self, edit: Edit) -> bool {
        let before = self.value().len();
        let was_selected = std::mem::take(&mut self.selected);
        let request = match edit {
            Edit::Insert(c) => {
                if c.is_control() || (self.digits_only && !c.is_ascii_digit()) {
                    self.selected = was_selected;
                    return false;
                }
                if was_selected {
                    self.input.reset();
                }
                if self.value().chars().count() >= self.max_chars {
                    return was_selected && before > 0;
                }
                InputRequest::InsertChar(c)
            }
            // A deletion on a selection deletes it, as in any editor.
            Edit::DeleteBack | Edit::DeleteForward | Edit::DeleteWord | Edit::Clear
                if was_selected =>
            {
                self.input.reset();
                return before > 0;
            }
            Edit::Left => InputRequest::GoToPrevChar,
            Edit::Right => InputRequest::GoToNextChar,
            Edit::Home => InputRequest::GoToStart,
            Edit::End => InputRequest::GoToEnd,
            Edit::WordLeft => InputRequest::GoToPrevWord,
            Edit::WordRight => InputRequest::GoToNextWord,
            Edit::DeleteBack => InputRequest::DeletePrevChar,
            Edit::DeleteForward => InputRequest::DeleteNextChar,
            Edit::DeleteWord => InputRequest::DeletePrevWord,
            Edit::Clear => InputRequest::DeleteLine,
        };
        self.input
            .handle(request)
            .is_some_and(|changed| changed.value)
            || (was_selected && matches!(edit, Edit::Insert(_)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(field: &mut TextField, text: &str) {
        for c in text.chars() {
            field.edit(Edit::Insert(c));
        }
    }

    #[test]
    fn a_prefilled_value_is_replaced_by_the_first_typed_character() {
        let mut field = TextField::new(40).prefilled("2026-12-03 16:15");
        assert!(field.selected());
        typed(&mut field, "tomorrow 09:00");
        assert_eq!(field.value(), "tomorrow 09:00");
        assert!(!field.selected());
    }

    #[test]
    fn a_movement_keeps_the_prefilled_value_for_editing() {
        let mut field = TextField::new(40).prefilled("2026-12-03 16:15");
        assert!(!field.edit(Edit::Left));
        assert!(!field.selected());
        assert!(field.edit(Edit::DeleteBack));
        typed(&mut field, "3");
        assert_eq!(field.value(), "2026-12-03 16:35");
    }

    #[test]
    fn deleting_a_selection_empties_the_field() {
        for edit in [
            Edit::DeleteBack,
            Edit::DeleteForward,
            Edit::DeleteWord,
            Edit::Clear,
        ] {
            let mut field = TextField::new(40).prefilled("+2h");
            assert!(field.edit(edit), "{edit:?}");
            assert_eq!(field.value(), "", "{edit:?}");
        }
    }

    #[test]
    fn line_editing() {
        let mut field = TextField::new(40).with_text("status:draft hello world");
        field.edit(Edit::WordLeft);
        field.edit(Edit::WordLeft);
        assert_eq!(field.cursor(), "status:draft ".len());
        field.edit(Edit::DeleteWord);
        assert_eq!(field.value(), "hello world");
        field.edit(Edit::End);
        field.edit(Edit::DeleteWord);
        assert_eq!(field.value(), "hello ");
        field.edit(Edit::Home);
        field.edit(Edit::DeleteForward);
        assert_eq!(field.value(), "ello ");
        field.edit(Edit::WordRight);
        field.edit(Edit::Insert('!'));
        assert_eq!(field.value(), "ello !");
        field.edit(Edit::Clear);
        assert_eq!(field.value(), "");
    }

    #[test]
    fn bounds_and_filters() {
        let mut field = TextField::digits(3);
        typed(&mut field, "1a2 34");
        assert_eq!(field.value(), "123");
        assert_eq!(TextField::new(4).with_text("abc\ndefg").value(), "abcd");
    }
}
