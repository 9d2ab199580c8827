//! What the last frame's layout says about the screen, for the parts of the state that depend
//! on it: how many rows the list and the connections table show, and how far the focused detail
//! pane scrolls. `ui::measure` produces it from the terminal's size; `AppState::prepare_frame`
//! applies it. The loop, the tests and the benches all take this one path.

/// The geometry of one frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Viewport {
    /// Rows the post list shows.
    pub list_rows: usize,
    /// The panes, or `None` when the terminal is too small to lay the screen out (then only
    /// the "too small" message is drawn and nothing else is measured).
    pub panes: Option<Panes>,
}

/// The measured panes of a frame that fits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Panes {
    /// Rows the connections table shows.
    pub connection_rows: usize,
    /// How far the detail pane scrolls, measured from the drawn pane when it has focus (one
    /// post's text); `None` when it has no focus (an estimate serves until it has).
    pub detail_scroll_max: Option<u16>,
}

/// The mouse wheel over a window of `page` rows onto `len` rows whose first shown row is
/// `offset`: the window moves by `rows` and the cursor with it, so the cursor stays where the
/// pointer left it on screen; at either end only the cursor moves. Gives the window's new first
/// row and how far the cursor moves (in the wheel's direction). The posts list and the
/// connections table both scroll by it.
pub(super) fn wheel(
    offset: usize,
    len: usize,
    page: usize,
    down: bool,
    rows: usize,
) -> (usize, usize) {
    let max_offset = len.saturating_sub(page.max(1));
    let moved = if down {
        (offset + rows).min(max_offset)
    } else {
        offset.saturating_sub(rows)
    };
    let scrolled = moved.abs_diff(offset);
    (moved, if scrolled == 0 { rows } else { scrolled })
}
