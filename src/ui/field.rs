//! How a [`TextField`] is drawn: its text with a visible cursor (the cell under it in reverse
//! video, or `▏` after the end), a selected prefill in reverse video, and, when the text is
//! wider than its room, the part around the cursor with `…` where text is cut off.

use ratatui::style::{Modifier, Style};
use ratatui::text::Span;

use crate::app::state::TextField;
use crate::text::sanitize;

/// The spans of `field` in `style`, at most `cells` wide (`cells` ≥ 4). `active` false draws
/// no cursor (the field is shown but does not take keys).
pub fn field_spans(
    field: &TextField,
    cells: usize,
    style: Style,
    active: bool,
) -> Vec<Span<'static>> {
    let value = field.value();
    let split = value
        .char_indices()
        .nth(field.cursor())
        .map_or(value.len(), |(at, _)| at);
    let (before, rest) = value.split_at(split);
    let mut after = rest.chars();
    let under = after.next();
    let before = sanitize::sanitize_line(before);
    let after = sanitize::sanitize_line(after.as_str());
    let cells = cells.max(4);
    if !active {
        let text = format!(
            "{before}{}{after}",
            under.map(String::from).unwrap_or_default()
        );
        return vec![Span::styled(
            sanitize::truncate_to_width(&text, cells),
            style,
        )];
    }
    let reversed = style.add_modifier(Modifier::REVERSED);
    if field.selected() {
        let text = tail(&before, cells - 1);
        return vec![Span::styled(text, reversed), Span::styled("▏", style)];
    }
    let cursor = match under {
        Some(c) => sanitize::sanitize_line(&c.to_string()),
        None => "▏".to_owned(),
    };
    let cursor_cells = sanitize::width(&cursor).max(1);
    // The cursor stays in sight: the text before it gets what is left of half the room at
    // least, the text after it the rest.
    let room = cells.saturating_sub(cursor_cells);
    let after_room = room
        .saturating_sub(sanitize::width(&before))
        .max(room / 2)
        .min(sanitize::width(&after));
    let before = tail(&before, room - after_room);
    let after = sanitize::truncate_to_width(&after, after_room);
    let cursor_style = if under.is_some() { reversed } else { style };
    vec![
        Span::styled(before, style),
        Span::styled(cursor, cursor_style),
        Span::styled(after, style),
    ]
}

/// The end of `text` in at most `cells` cells, `…` first when cut.
fn tail(text: &str, cells: usize) -> String {
    if sanitize::width(text) <= cells {
        return text.to_owned();
    }
    if cells == 0 {
        return String::new();
    }
    let mut used = 1;
    let mut start = text.len();
    for (at, c) in text.char_indices().rev() {
        let width = sanitize::width(c.encode_utf8(&mut [0; 4]));
        if used + width > cells {
            break;
        }
        used += width;
        start = at;
    }
    format!("…{}", &text[start..])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::state::Edit;

    fn text(spans: &[Span]) -> String {
        spans.iter().map(|span| span.content.as_ref()).collect()
    }

    #[test]
    fn the_cursor_is_drawn_where_it_is() {
        let mut field = TextField::new(40).with_text("abc");
        assert_eq!(text(&field_spans(&field, 20, Style::new(), true)), "abc▏");
        field.edit(Edit::Left);
        let spans = field_spans(&field, 20, Style::new(), true);
        assert_eq!(text(&spans), "abc");
        assert_eq!(spans[1].content, "c");
        assert!(spans[1].style.add_modifier.contains(Modifier::REVERSED));
    }

    #[test]
    fn a_long_text_keeps_the_cursor_in_sight() {
        let mut field = TextField::new(200).with_text(&"x".repeat(50));
        field.edit(Edit::Home);
        field.edit(Edit::Insert('A'));
        let shown = text(&field_spans(&field, 10, Style::new(), true));
        assert!(shown.starts_with('A'), "{shown}");
        assert!(sanitize::width(&shown) <= 10, "{shown}");
        field.edit(Edit::End);
        field.edit(Edit::Insert('Z'));
        let shown = text(&field_spans(&field, 10, Style::new(), true));
        assert!(shown.starts_with('…') && shown.ends_with("Z▏"), "{shown}");
        assert!(sanitize::width(&shown) <= 10, "{shown}");
    }

    #[test]
    fn a_selection_is_reversed() {
        let field = TextField::new(40).prefilled("+2h");
        let spans = field_spans(&field, 20, Style::new(), true);
        assert_eq!(text(&spans), "+2h▏");
        assert!(spans[0].style.add_modifier.contains(Modifier::REVERSED));
    }
}
