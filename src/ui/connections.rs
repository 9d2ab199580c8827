//! The connections screen (issue 6 item 2): the account's platform connections from
//! platform-connections (POSTPOST_API.md §5.1) with username, token status and expiry, and the
//! last error. Drawing only; the list lives in `AppState`.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::Paragraph;

use super::DrawContext;
use crate::app::state::AppState;

/// Draws the connections screen into `area`.
pub fn draw(frame: &mut Frame, area: Rect, _state: &AppState, context: &DrawContext) {
    let block = context.theme.pane(" Connections ", true);
    frame.render_widget(
        Paragraph::new("Connections are not loaded yet.").block(block),
        area,
    );
}
