//! The terminal's input events in the app's own terms (DESIGN §2 step 1): the loop converts each
//! crossterm key event to an `app::keymap::KeyPress` and each mouse event kind to a
//! `MouseKind` here, so `app` never sees crossterm. Only presses become a [`KeyPress`]:
//! crossterm also reports releases and repeats on some terminals (kitty keyboard protocol,
//! Windows).

use crossterm::event::{
    KeyCode as TermKeyCode, KeyEvent, KeyEventKind, KeyModifiers as TermModifiers, MouseButton,
    MouseEventKind,
};

use crate::app::keymap::{KeyCode, KeyModifiers, KeyPress, MouseKind};

/// The press `event` reports; `None` for a release or a repeat, and for a key nothing can be
/// bound to (Caps Lock, media and modifier keys, ...).
pub fn key_press(event: &KeyEvent) -> Option<KeyPress> {
    if event.kind != KeyEventKind::Press {
        return None;
    }
    Some(KeyPress::new(
        key_code(event.code)?,
        key_modifiers(event.modifiers),
    ))
}

/// What the mouse did, for `app::keymap::mouse_action`.
pub fn mouse_kind(kind: MouseEventKind) -> MouseKind {
    match kind {
        MouseEventKind::Down(MouseButton::Left) => MouseKind::LeftDown,
        MouseEventKind::Down(MouseButton::Right) => MouseKind::RightDown,
        MouseEventKind::ScrollUp => MouseKind::ScrollUp,
        MouseEventKind::ScrollDown => MouseKind::ScrollDown,
        _ => MouseKind::Other,
    }
}

fn key_code(code: TermKeyCode) -> Option<KeyCode> {
    Some(match code {
        TermKeyCode::Char(c) => KeyCode::Char(c),
        TermKeyCode::Enter => KeyCode::Enter,
        TermKeyCode::Esc => KeyCode::Esc,
        TermKeyCode::Tab => KeyCode::Tab,
        TermKeyCode::BackTab => KeyCode::BackTab,
        TermKeyCode::Backspace => KeyCode::Backspace,
        TermKeyCode::Delete => KeyCode::Delete,
        TermKeyCode::Insert => KeyCode::Insert,
        TermKeyCode::Home => KeyCode::Home,
        TermKeyCode::End => KeyCode::End,
        TermKeyCode::PageUp => KeyCode::PageUp,
        TermKeyCode::PageDown => KeyCode::PageDown,
        TermKeyCode::Up => KeyCode::Up,
        TermKeyCode::Down => KeyCode::Down,
        TermKeyCode::Left => KeyCode::Left,
        TermKeyCode::Right => KeyCode::Right,
        TermKeyCode::F(n) => KeyCode::F(n),
        _ => return None,
    })
}

fn key_modifiers(modifiers: TermModifiers) -> KeyModifiers {
    [
        (TermModifiers::SHIFT, KeyModifiers::SHIFT),
        (TermModifiers::CONTROL, KeyModifiers::CONTROL),
        (TermModifiers::ALT, KeyModifiers::ALT),
        (TermModifiers::SUPER, KeyModifiers::SUPER),
        (TermModifiers::HYPER, KeyModifiers::HYPER),
        (TermModifiers::META, KeyModifiers::META),
    ]
    .into_iter()
    .filter(|(term, _)| modifiers.contains(*term))
    .fold(KeyModifiers::NONE, |held, (_, ours)| held | ours)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::action::Action;
    use crate::app::keymap::{self, Hit, Mode, mouse_action};

    fn event(code: TermKeyCode, modifiers: TermModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    #[test]
    fn releases_are_ignored() {
        let mut release = event(TermKeyCode::Char('j'), TermModifiers::NONE);
        release.kind = KeyEventKind::Release;
        assert_eq!(key_press(&release), None);
        let mut repeat = release;
        repeat.kind = KeyEventKind::Repeat;
        assert_eq!(key_press(&repeat), None);
        assert_eq!(
            key_press(&event(TermKeyCode::Char('j'), TermModifiers::NONE))
                .and_then(|press| keymap::action_for(Mode::Browse, press)),
            Some(Action::CursorDown)
        );
    }

    #[test]
    fn presses_keep_their_code_and_modifiers() {
        let cases = [
            (
                TermKeyCode::Char('G'),
                TermModifiers::SHIFT,
                KeyCode::Char('G'),
                KeyModifiers::SHIFT,
            ),
            (
                TermKeyCode::Char('d'),
                TermModifiers::CONTROL,
                KeyCode::Char('d'),
                KeyModifiers::CONTROL,
            ),
            (
                TermKeyCode::Char('x'),
                TermModifiers::ALT | TermModifiers::SUPER,
                KeyCode::Char('x'),
                KeyModifiers::ALT | KeyModifiers::SUPER,
            ),
            (
                TermKeyCode::BackTab,
                TermModifiers::SHIFT,
                KeyCode::BackTab,
                KeyModifiers::SHIFT,
            ),
            (
                TermKeyCode::F(5),
                TermModifiers::HYPER | TermModifiers::META,
                KeyCode::F(5),
                KeyModifiers::HYPER | KeyModifiers::META,
            ),
            (
                TermKeyCode::PageDown,
                TermModifiers::NONE,
                KeyCode::PageDown,
                KeyModifiers::NONE,
            ),
            (
                TermKeyCode::Esc,
                TermModifiers::NONE,
                KeyCode::Esc,
                KeyModifiers::NONE,
            ),
        ];
        for (term_code, term_modifiers, code, modifiers) in cases {
            assert_eq!(
                key_press(&event(term_code, term_modifiers)),
                Some(KeyPress::new(code, modifiers)),
                "{term_code:?} {term_modifiers:?}"
            );
        }
        for unbindable in [TermKeyCode::CapsLock, TermKeyCode::Null, TermKeyCode::Menu] {
            assert_eq!(key_press(&event(unbindable, TermModifiers::NONE)), None);
        }
    }

    #[test]
    fn mouse_kinds_map_to_the_apps() {
        assert_eq!(
            mouse_kind(MouseEventKind::Down(MouseButton::Left)),
            MouseKind::LeftDown
        );
        assert_eq!(
            mouse_kind(MouseEventKind::Down(MouseButton::Right)),
            MouseKind::RightDown
        );
        assert_eq!(mouse_kind(MouseEventKind::ScrollUp), MouseKind::ScrollUp);
        assert_eq!(
            mouse_kind(MouseEventKind::ScrollDown),
            MouseKind::ScrollDown
        );
        for other in [
            MouseEventKind::Down(MouseButton::Middle),
            MouseEventKind::Up(MouseButton::Left),
            MouseEventKind::Drag(MouseButton::Left),
            MouseEventKind::Moved,
            MouseEventKind::ScrollLeft,
            MouseEventKind::ScrollRight,
        ] {
            assert_eq!(mouse_kind(other), MouseKind::Other, "{other:?}");
        }
        let row = Hit::ListRow {
            position: 4,
            mark: false,
        };
        assert_eq!(mouse_action(mouse_kind(MouseEventKind::Moved), row), None);
        assert_eq!(
            mouse_action(mouse_kind(MouseEventKind::Down(MouseButton::Left)), row),
            Some(Action::ClickRow(4))
        );
    }
}
