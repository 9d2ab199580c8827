//! Word wrapping that never writes past a pane's edge: remote text is cut into rows of at most
//! the pane's inner width, measured per grapheme with `unicode-width` (as ratatui measures it),
//! before it reaches a widget. A wide grapheme (CJK, emoji) that does not fit before the edge
//! moves to the next row; one wider than the whole pane becomes [`STAND_IN`]. A row breaks
//! after the last space that fits, else inside the word, so an unbroken word of any length is
//! wrapped into rows that can all be scrolled to. Styles are kept.
//!
//! (ratatui's own `Wrap` can place a wide grapheme in the last cell, its second half over the
//! border, which then stays broken.)

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// Shown, one cell wide, for a grapheme wider than the whole row.
pub const STAND_IN: &str = "\u{fffd}";

/// One grapheme of a line with its style and width in cells.
struct Cell<'a> {
    text: &'a str,
    width: usize,
    style: Style,
}

/// `lines` wrapped to rows of at most `width` cells (at least 1). An empty line stays one
/// empty row; each row keeps its line's style and alignment.
pub fn wrap_lines(lines: &[Line<'_>], width: u16) -> Vec<Line<'static>> {
    let width = usize::from(width.max(1));
    let mut rows = Vec::with_capacity(lines.len());
    for line in lines {
        let mut cells = Vec::new();
        for span in &line.spans {
            for grapheme in span.content.graphemes(true) {
                let cells_wide = grapheme.width();
                cells.push(if cells_wide > width {
                    Cell {
                        text: STAND_IN,
                        width: 1,
                        style: span.style,
                    }
                } else {
                    Cell {
                        text: grapheme,
                        width: cells_wide,
                        style: span.style,
                    }
                });
            }
        }
        let mut start = 0;
        loop {
            let mut used = 0;
            let mut end = start;
            let mut after_space = None;
            let mut seen_word = false;
            while end < cells.len() && used + cells[end].width <= width {
                used += cells[end].width;
                if cells[end].text == " " {
                    // Spaces that indent the row are not a place to break.
                    if seen_word {
                        after_space = Some(end + 1);
                    }
                } else {
                    seen_word = true;
                }
                end += 1;
            }
            // The row ends where a word ends: the space after it is the break and is dropped.
            let mut next = end;
            if end < cells.len() && cells[end].text == " " {
                next = end + 1;
            } else if end < cells.len()
                && let Some(split) = after_space.filter(|split| *split > start && *split < end)
            {
                end = split;
                next = split;
            }
            let mut row = row_line(&cells[start..end]).style(line.style);
            row.alignment = line.alignment;
            rows.push(row);
            if next >= cells.len() {
                break;
            }
            start = next;
        }
    }
    rows
}

/// The cells as a line, consecutive cells of one style in one span.
fn row_line(cells: &[Cell<'_>]) -> Line<'static> {
    let mut spans: Vec<Span<'static>> = Vec::new();
    let mut text = String::new();
    let mut style = None;
    for cell in cells {
        if style.is_some_and(|current| current != cell.style) {
            spans.push(Span::styled(
                std::mem::take(&mut text),
                style.unwrap_or_default(),
            ));
        }
        style = Some(cell.style);
        text.push_str(cell.text);
    }
    if let Some(style) = style {
        spans.push(Span::styled(text, style));
    }
    Line::from(spans)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(rows: &[Line<'_>]) -> Vec<String> {
        rows.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn rows_never_exceed_the_width_and_keep_every_grapheme() {
        let inputs = [
            "aaaaaaaaa咖咖 bbb咖 aaaaaaaaa咖咖",
            "👩\u{200d}👩\u{200d}👧 e\u{301} ☺\u{fe0f}☺\u{fe0f} ｆｕｌｌ",
            "word ",
            "",
        ];
        for input in inputs {
            for width in 1..12u16 {
                let rows = wrap_lines(&[Line::raw(input)], width);
                for row in &rows {
                    assert!(
                        row.width() <= usize::from(width),
                        "{input:?} at {width}: {row:?}"
                    );
                }
                let joined: String = texts(&rows).concat();
                if width >= 2 {
                    // Only a space at a break may go.
                    assert_eq!(
                        joined.replace(' ', ""),
                        input.replace(' ', ""),
                        "at {width}"
                    );
                }
            }
        }
        assert_eq!(
            texts(&wrap_lines(&[Line::raw("咖x")], 1)),
            vec![STAND_IN, "x"]
        );
    }

    #[test]
    fn rows_break_after_spaces_and_inside_long_words() {
        assert_eq!(
            texts(&wrap_lines(&[Line::raw("one two three")], 8)),
            vec!["one two ", "three"]
        );
        assert_eq!(
            texts(&wrap_lines(&[Line::raw("one two three")], 7)),
            vec!["one two", "three"]
        );
        assert_eq!(
            texts(&wrap_lines(&[Line::raw("  https://example")], 8)),
            vec!["  https:", "//exampl", "e"]
        );
        assert_eq!(
            texts(&wrap_lines(&[Line::raw("abcdefghij")], 4)),
            vec!["abcd", "efgh", "ij"]
        );
        assert_eq!(
            texts(&wrap_lines(&[Line::raw("ab咖")], 3)),
            vec!["ab", "咖"]
        );
        let long = "x".repeat(100_000);
        assert_eq!(wrap_lines(&[Line::raw(long)], 40).len(), 2_500);
    }

    #[test]
    fn styles_stay_with_their_text() {
        let bold = Style::new().add_modifier(ratatui::style::Modifier::BOLD);
        let line = Line::from(vec![Span::styled("key ", bold), Span::raw("value")]);
        let rows = wrap_lines(&[line], 6);
        assert_eq!(texts(&rows), vec!["key ", "value"]);
        assert_eq!(rows[0].spans[0].style, bold);
        assert_eq!(rows[1].spans[0].style, Style::new());
    }
}
