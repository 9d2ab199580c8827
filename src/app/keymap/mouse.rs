//! Mouse events to actions (DESIGN §2). The loop converts the terminal's mouse event to a
//! [`MouseKind`] (`tui::input`), hit-tests the pointer against the last drawn layout
//! (`ui::hit_test` gives a [`Hit`]), and asks [`mouse_action`] what the two mean. It asks only
//! while the posts or the connections are browsed, so a click never answers a dialog.

use crate::app::action::Action;

/// What the mouse did; the kinds the app does not act on are [`MouseKind::Other`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MouseKind {
    /// The left button went down.
    LeftDown,
    /// The right button went down.
    RightDown,
    /// One notch of the wheel up.
    ScrollUp,
    /// One notch of the wheel down.
    ScrollDown,
    /// A release, a drag, a move, the middle button, a sideways scroll.
    Other,
}

/// What a mouse event at a cell hit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hit {
    /// A row of the list: its view position, and whether the pointer is on the mark column
    /// (the leftmost column and the gap after it).
    ListRow { position: usize, mark: bool },
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

/// The action for a mouse event of `kind` that hit `hit`, if any: a left click on a list row
/// moves the cursor there, on the mark column toggles that row's mark, on a connections row
/// moves the connections cursor there, in the detail pane focuses it; the wheel scrolls the
/// list, the connections table or the detail pane under the pointer.
pub fn mouse_action(kind: MouseKind, hit: Hit) -> Option<Action> {
    match (kind, hit) {
        (
            MouseKind::LeftDown,
            Hit::ListRow {
                position,
                mark: true,
            },
        ) => Some(Action::ToggleMarkAt(position)),
        (
            MouseKind::LeftDown,
            Hit::ListRow {
                position,
                mark: false,
            },
        ) => Some(Action::ClickRow(position)),
        (MouseKind::LeftDown, Hit::Detail) => Some(Action::FocusDetail),
        (MouseKind::ScrollDown, Hit::ListRow { .. } | Hit::List) => Some(Action::ScrollDown),
        (MouseKind::ScrollUp, Hit::ListRow { .. } | Hit::List) => Some(Action::ScrollUp),
        (MouseKind::LeftDown, Hit::ConnectionRow(position)) => {
            Some(Action::ClickConnection(position))
        }
        (MouseKind::ScrollDown, Hit::ConnectionRow(_) | Hit::Connections) => {
            Some(Action::ScrollDown)
        }
        (MouseKind::ScrollUp, Hit::ConnectionRow(_) | Hit::Connections) => Some(Action::ScrollUp),
        (MouseKind::ScrollDown, Hit::Detail) => Some(Action::ScrollDetailDown),
        (MouseKind::ScrollUp, Hit::Detail) => Some(Action::ScrollDetailUp),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mouse_events_become_actions_by_what_they_hit() {
        let left = MouseKind::LeftDown;
        let row = |mark| Hit::ListRow { position: 4, mark };
        assert_eq!(mouse_action(left, row(false)), Some(Action::ClickRow(4)));
        assert_eq!(mouse_action(left, row(true)), Some(Action::ToggleMarkAt(4)));
        assert_eq!(mouse_action(left, Hit::Detail), Some(Action::FocusDetail));
        assert_eq!(mouse_action(left, Hit::List), None);
        assert_eq!(mouse_action(left, Hit::Nothing), None);
        assert_eq!(
            mouse_action(MouseKind::ScrollDown, Hit::List),
            Some(Action::ScrollDown)
        );
        assert_eq!(
            mouse_action(MouseKind::ScrollUp, row(true)),
            Some(Action::ScrollUp)
        );
        assert_eq!(
            mouse_action(MouseKind::ScrollDown, Hit::Detail),
            Some(Action::ScrollDetailDown)
        );
        assert_eq!(mouse_action(MouseKind::ScrollDown, Hit::Nothing), None);
        assert_eq!(mouse_action(MouseKind::RightDown, row(false)), None);
        assert_eq!(mouse_action(MouseKind::Other, row(false)), None);
    }
}
