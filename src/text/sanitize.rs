//! Remote text made safe for terminal cells. Post content arrives from a server we do not control
//! (`api::model`), is stored raw in the app state, and passes through this module on its way into
//! a widget: list rows use [`sanitize_line`], the detail pane [`sanitize_lines`], and both measure
//! and cut with [`width`], [`truncate_to_width`] and [`pad_to_width`] (DESIGN §5 rule 5).
//!
//! One mechanism covers every character a terminal would interpret: it is replaced by a visible
//! stand-in, never passed through, and never silently dropped.
//!
//! | input | shown as |
//! |---|---|
//! | C0 controls U+0000..U+001F (ESC, BEL, BS, bare CR, ...) | Unicode Control Pictures: `␛`, `␇`, `␈`, `␍` |
//! | DEL U+007F | `␡` |
//! | C1 controls U+0080..U+009F (CSI U+009B, NEL U+0085, ...) | `⟨U+009B⟩` |
//! | bidi controls U+061C, U+200E, U+200F, U+202A..U+202E, U+2066..U+2069 | `⟨U+202E⟩` |
//! | invisible format characters: U+200B, U+2060..U+2064, U+206A..U+206F, U+FEFF, U+FFF9..U+FFFB | `⟨U+FEFF⟩` |
//! | TAB | spaces: to the next multiple of [`TAB_STOP`] cells in multi-line text, one space in a line |
//! | LF, CR LF, U+2028, U+2029 | a line break (`⏎` in one-line text) |
//!
//! So `"\u{1b}]52;c;aGk=\u{7}"` (an OSC 52 clipboard write) is shown as `␛]52;c;aGk=␇` and
//! `"\u{1b}[2J"` as `␛[2J`: without the ESC byte no sequence can start. The zero-width joiner
//! U+200D, variation selectors and combining marks are kept: they build emoji and accented
//! letters, and widths are counted by `unicode-width`, the same tables ratatui uses.
//!
//! Speed: each function makes a single pass without regexes and allocates its output once; text
//! made only of printable ASCII is returned as is after one byte scan. It runs once per post.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Tab stops in multi-line text are every `TAB_STOP` terminal cells.
pub const TAB_STOP: usize = 4;

/// The glyph that stands for a line break in one-line text.
pub const LINE_BREAK_GLYPH: char = '⏎';

/// Appended by [`truncate_to_width`] when it cuts text.
pub const ELLIPSIS: char = '…';

/// What one input char becomes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Class {
    /// Printable: copied through.
    Plain,
    /// LF, U+2028, U+2029 (CR LF is recognised by the callers before classifying).
    Break,
    /// TAB: spaces, the count depending on the mode.
    Tab,
    /// Replaced by this one visible char (Control Pictures).
    Picture(char),
    /// Shown as `⟨U+XXXX⟩`.
    Code,
}

fn classify(c: char) -> Class {
    match c {
        '\n' | '\u{2028}' | '\u{2029}' => Class::Break,
        '\t' => Class::Tab,
        // C0 controls, CR included (a CR that ends a CR LF is handled by the callers).
        '\u{0}'..='\u{1f}' => Class::Picture(control_picture(c)),
        '\u{7f}' => Class::Picture('␡'),
        // C1 controls; these have no Control Picture.
        '\u{80}'..='\u{9f}' => Class::Code,
        // Bidi controls: they reorder the text around them.
        '\u{061c}'
        | '\u{200e}'
        | '\u{200f}'
        | '\u{202a}'..='\u{202e}'
        | '\u{2066}'..='\u{2069}' => Class::Code,
        // Invisible format characters that hide text or upset cell alignment.
        '\u{200b}'
        | '\u{2060}'..='\u{2064}'
        | '\u{206a}'..='\u{206f}'
        | '\u{feff}'
        | '\u{fff9}'..='\u{fffb}' => Class::Code,
        _ => Class::Plain,
    }
}

/// True when a terminal shows `c` as itself: false for everything the module docs list a
/// stand-in for (controls, line breaks, tabs, bidi and invisible format characters).
pub fn is_plain(c: char) -> bool {
    classify(c) == Class::Plain
}

/// U+0000..U+001F map to U+2400..U+241F, one to one.
fn control_picture(c: char) -> char {
    char::from_u32(0x2400 + u32::from(c)).unwrap_or(char::REPLACEMENT_CHARACTER)
}

/// Pushes `⟨U+XXXX⟩` (at least four upper-case hex digits) without going through `fmt`.
fn push_code(out: &mut String, c: char) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let code = u32::from(c);
    let digits = if code > 0xF_FFFF {
        6
    } else if code > 0xFFFF {
        5
    } else {
        4
    };
    out.push('⟨');
    out.push_str("U+");
    for shift in (0..digits).rev() {
        let nibble = (code >> (shift * 4)) & 0xF;
        out.push(char::from(HEX[nibble as usize]));
    }
    out.push('⟩');
}

/// Every byte is printable ASCII (U+0020..U+007E): nothing to replace.
fn is_printable_ascii(text: &str) -> bool {
    text.bytes().all(|b| (0x20..0x7f).contains(&b))
}

/// Room for a few stand-ins on top of the input, so most texts need one allocation.
fn capacity_for(text: &str) -> usize {
    text.len() + text.len() / 8 + 16
}

/// Sanitizes `text` for a one-line context such as a list row.
///
/// Controls, bidi and format characters become visible stand-ins (see the module docs); a TAB
/// becomes one space. Each line break (LF, CR LF, U+2028, U+2029) becomes [`LINE_BREAK_GLYPH`];
/// spaces and tabs around breaks collapse so `"a \n\n b"` reads `"a ⏎⏎ b"`. Breaks at the very
/// start or end, with the whitespace next to them, are left out: they carry nothing in one row.
/// The result contains no control character and no line break.
pub fn sanitize_line(text: &str) -> String {
    if is_printable_ascii(text) {
        return text.to_owned();
    }
    let mut out = String::with_capacity(capacity_for(text));
    // Breaks seen since the last visible char, not yet written.
    let mut pending_breaks = 0usize;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let class = if c == '\r' && chars.peek() == Some(&'\n') {
            chars.next();
            Class::Break
        } else {
            classify(c)
        };
        match class {
            Class::Break => {
                let kept = out.trim_end_matches(' ').len();
                out.truncate(kept);
                pending_breaks += 1;
                continue;
            }
            Class::Tab | Class::Plain if pending_breaks > 0 && (c == ' ' || c == '\t') => {
                continue;
            }
            _ => {}
        }
        if pending_breaks > 0 {
            if !out.is_empty() {
                out.push(' ');
                for _ in 0..pending_breaks {
                    out.push(LINE_BREAK_GLYPH);
                }
                out.push(' ');
            }
            pending_breaks = 0;
        }
        match class {
            Class::Plain => out.push(c),
            Class::Tab => out.push(' '),
            Class::Picture(picture) => out.push(picture),
            Class::Code => push_code(&mut out, c),
            Class::Break => {}
        }
    }
    if pending_breaks > 0 {
        let kept = out.trim_end_matches(' ').len();
        out.truncate(kept);
    }
    out
}

/// Sanitizes `text` for a multi-line context such as the detail pane: one `String` per line.
///
/// Lines are split at LF, CR LF (one break), U+2028 and U+2029; a bare CR is shown as `␍`. Lines
/// follow [`str::lines`]: a final break does not start an empty last line, and empty text gives
/// no lines. A TAB becomes spaces up to the next multiple of [`TAB_STOP`] cells, counted from the
/// start of its line. Every other character is treated as in [`sanitize_line`], so no line holds a
/// control character.
pub fn sanitize_lines(text: &str) -> Vec<String> {
    let mut lines = Vec::new();
    if text.is_empty() {
        return lines;
    }
    if is_printable_ascii(text) {
        lines.push(text.to_owned());
        return lines;
    }
    let mut line = String::with_capacity(64);
    // Cells before the last tab stop written, and where the text after it starts in `line`.
    let mut column_at_stop = 0usize;
    let mut stop_start = 0usize;
    let mut ends_with_break = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let class = if c == '\r' && chars.peek() == Some(&'\n') {
            chars.next();
            Class::Break
        } else {
            classify(c)
        };
        ends_with_break = class == Class::Break;
        match class {
            Class::Plain => line.push(c),
            Class::Picture(picture) => line.push(picture),
            Class::Code => push_code(&mut line, c),
            Class::Tab => {
                let column = column_at_stop + UnicodeWidthStr::width(&line[stop_start..]);
                let spaces = TAB_STOP - column % TAB_STOP;
                line.extend(std::iter::repeat_n(' ', spaces));
                column_at_stop = column + spaces;
                stop_start = line.len();
            }
            Class::Break => {
                let capacity = line.capacity().max(16);
                lines.push(std::mem::replace(
                    &mut line,
                    String::with_capacity(capacity),
                ));
                column_at_stop = 0;
                stop_start = 0;
            }
        }
    }
    if !ends_with_break {
        lines.push(line);
    }
    lines
}

/// Width of `text` in terminal cells, as `unicode-width` (and so ratatui) counts it.
///
/// Meant for sanitized text; control characters count as zero cells here but would move the
/// cursor on a real terminal.
pub fn width(text: &str) -> usize {
    UnicodeWidthStr::width(text)
}

/// Cuts `text` to at most `max_cells` terminal cells.
///
/// Text that fits is returned whole. Otherwise it is cut on a char boundary, zero-width chars
/// (combining marks) stay with the char before them, a wide char that would straddle the edge is
/// dropped rather than split, and [`ELLIPSIS`] (one cell) marks the cut. `max_cells == 0` gives
/// an empty string. The result's [`width`] never exceeds `max_cells`.
pub fn truncate_to_width(text: &str, max_cells: usize) -> String {
    if width(text) <= max_cells {
        return text.to_owned();
    }
    if max_cells == 0 {
        return String::new();
    }
    // The ellipsis takes one cell.
    let budget = max_cells - 1;
    let mut used = 0usize;
    let mut end = 0usize;
    for (index, c) in text.char_indices() {
        let cells = c.width().unwrap_or(0);
        if used + cells > budget {
            break;
        }
        used += cells;
        end = index + c.len_utf8();
    }
    // A joiner before the ellipsis would ask the terminal to fuse the two.
    let mut out = String::with_capacity(end + ELLIPSIS.len_utf8());
    out.push_str(text[..end].trim_end_matches('\u{200d}'));
    out.push(ELLIPSIS);
    // Sequences (emoji with U+FE0F) can measure wider than the sum of their chars: back off.
    while width(&out) > max_cells {
        out.pop();
        if out.pop().is_none() {
            break;
        }
        out.push(ELLIPSIS);
    }
    out
}

/// `text` made exactly `cells` terminal cells wide: padded with spaces on the right, or first cut
/// with [`truncate_to_width`] when it is wider.
pub fn pad_to_width(text: &str, cells: usize) -> String {
    let mut out = truncate_to_width(text, cells);
    let used = width(&out);
    out.extend(std::iter::repeat_n(' ', cells.saturating_sub(used)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn is_bidi_control(c: char) -> bool {
        matches!(
            c,
            '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        )
    }

    fn assert_inert(output: &str, input: &str) {
        for c in output.chars() {
            assert!(
                !c.is_control(),
                "control {c:?} in {output:?} (from {input:?})"
            );
            assert!(
                !is_bidi_control(c),
                "bidi control {c:?} in {output:?} (from {input:?})"
            );
            assert!(
                !matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{200b}'),
                "invisible {c:?} in {output:?} (from {input:?})"
            );
        }
    }

    #[test]
    fn printable_ascii_is_unchanged() {
        let text = "Hello, world! ~ {json: [1, 2]}  two  spaces";
        assert_eq!(sanitize_line(text), text);
        assert_eq!(sanitize_lines(text), vec![text.to_owned()]);
        assert_eq!(sanitize_line(""), "");
        assert!(sanitize_lines("").is_empty());
    }

    #[test]
    fn escape_sequences_become_visible() {
        assert_eq!(sanitize_line("\u{1b}]52;c;aGk=\u{7}"), "␛]52;c;aGk=␇");
        assert_eq!(sanitize_line("\u{1b}[2J"), "␛[2J");
        assert_eq!(sanitize_line("a\u{8}b\u{0}"), "a␈b␀");
        assert_eq!(sanitize_line("x\u{7f}"), "x␡");
        assert_eq!(sanitize_lines("\u{1b}[31mred"), vec!["␛[31mred"]);
    }

    #[test]
    fn every_c0_control_has_its_picture() {
        for code in 0u32..0x20 {
            let c = char::from_u32(code).expect("valid char");
            if matches!(c, '\t' | '\n') {
                continue;
            }
            let expected = char::from_u32(0x2400 + code).expect("valid picture");
            assert_eq!(sanitize_line(&c.to_string()), expected.to_string());
        }
    }

    #[test]
    fn c1_controls_are_shown_as_code_points() {
        assert_eq!(sanitize_line("a\u{9b}31mb"), "a⟨U+009B⟩31mb");
        assert_eq!(sanitize_line("\u{85}"), "⟨U+0085⟩");
        assert_eq!(sanitize_line("\u{80}\u{9f}"), "⟨U+0080⟩⟨U+009F⟩");
    }

    #[test]
    fn bidi_controls_are_shown_as_code_points() {
        assert_eq!(sanitize_line("abc\u{202e}fed"), "abc⟨U+202E⟩fed");
        assert_eq!(
            sanitize_line("\u{2066}x\u{2069}\u{200e}\u{200f}\u{61c}"),
            "⟨U+2066⟩x⟨U+2069⟩⟨U+200E⟩⟨U+200F⟩⟨U+061C⟩"
        );
    }

    #[test]
    fn invisible_format_characters_are_shown() {
        assert_eq!(sanitize_line("\u{feff}hi\u{200b}!"), "⟨U+FEFF⟩hi⟨U+200B⟩!");
        assert_eq!(sanitize_line("a\u{2060}b"), "a⟨U+2060⟩b");
    }

    #[test]
    fn emoji_sequences_and_combining_marks_are_kept() {
        let family = "👨\u{200d}👩\u{200d}👧";
        assert_eq!(sanitize_line(family), family);
        let accented = "e\u{301}t\u{e9}";
        assert_eq!(sanitize_line(accented), accented);
        assert_eq!(sanitize_line("☺\u{fe0f}"), "☺\u{fe0f}");
        assert_eq!(sanitize_line("日本語"), "日本語");
    }

    #[test]
    fn tabs_in_one_line_are_one_space() {
        assert_eq!(sanitize_line("a\tb\t\tc"), "a b  c");
    }

    #[test]
    fn tabs_in_lines_go_to_the_next_stop() {
        assert_eq!(sanitize_lines("a\tb"), vec!["a   b"]);
        assert_eq!(sanitize_lines("abcd\tx"), vec!["abcd    x"]);
        assert_eq!(sanitize_lines("\t\tx"), vec!["        x"]);
        // A wide char counts two cells towards the stop.
        assert_eq!(sanitize_lines("日\tx"), vec!["日  x"]);
        assert_eq!(sanitize_lines("ab\tc\td"), vec!["ab  c   d"]);
        // Columns restart on every line.
        assert_eq!(sanitize_lines("abc\n\tx"), vec!["abc", "    x"]);
    }

    #[test]
    fn breaks_in_one_line_become_a_glyph_with_collapsed_spaces() {
        assert_eq!(sanitize_line("first\nsecond"), "first ⏎ second");
        assert_eq!(sanitize_line("first  \r\n   second"), "first ⏎ second");
        assert_eq!(sanitize_line("a \n\t\n b"), "a ⏎⏎ b");
        assert_eq!(sanitize_line("a\u{2028}b\u{2029}c"), "a ⏎ b ⏎ c");
        assert_eq!(sanitize_line("\n\n  title  \n"), "title");
        assert_eq!(sanitize_line("a\rb"), "a␍b");
        assert_eq!(sanitize_line("a\r\r\nb"), "a␍ ⏎ b");
        assert_eq!(sanitize_line("\n"), "");
    }

    #[test]
    fn lines_split_on_every_kind_of_break() {
        assert_eq!(sanitize_lines("a\nb\r\nc"), vec!["a", "b", "c"]);
        assert_eq!(sanitize_lines("a\u{2028}b\u{2029}c"), vec!["a", "b", "c"]);
        assert_eq!(sanitize_lines("a\rb"), vec!["a␍b"]);
        assert_eq!(sanitize_lines("a\n\nb\n"), vec!["a", "", "b"]);
        assert_eq!(sanitize_lines("\n"), vec![""]);
        assert_eq!(sanitize_lines("a\r"), vec!["a␍"]);
    }

    #[test]
    fn width_counts_cells() {
        assert_eq!(width("abc"), 3);
        assert_eq!(width("日本"), 4);
        assert_eq!(width("e\u{301}"), 1);
        assert_eq!(width("👍"), 2);
        assert_eq!(width("␛[2J"), 4);
        assert_eq!(width("⟨U+202E⟩"), 8);
        assert_eq!(width("⏎"), 1);
    }

    #[test]
    fn truncate_keeps_text_that_fits() {
        assert_eq!(truncate_to_width("hello", 5), "hello");
        assert_eq!(truncate_to_width("hello", 9), "hello");
        assert_eq!(truncate_to_width("", 0), "");
    }

    #[test]
    fn truncate_cuts_with_an_ellipsis() {
        assert_eq!(truncate_to_width("hello world", 8), "hello w…");
        assert_eq!(truncate_to_width("hello", 1), "…");
        assert_eq!(truncate_to_width("hello", 0), "");
    }

    #[test]
    fn truncate_drops_a_wide_char_that_would_straddle() {
        // 日本語 is 6 cells; 5 leaves 4 for text, 日本 fits exactly.
        assert_eq!(truncate_to_width("日本語", 5), "日本…");
        // 4 leaves 3: 日 (2) fits, 本 would straddle.
        assert_eq!(truncate_to_width("日本語", 4), "日…");
        assert_eq!(truncate_to_width("日本語", 2), "…");
        assert_eq!(truncate_to_width("a👍b👍", 4), "a👍…");
    }

    #[test]
    fn truncate_keeps_combining_marks_with_their_letter() {
        assert_eq!(
            truncate_to_width("e\u{301}e\u{301}e\u{301}", 2),
            "e\u{301}…"
        );
    }

    #[test]
    fn truncate_never_ends_in_a_joiner() {
        let out = truncate_to_width("👨\u{200d}👩\u{200d}👧 family", 3);
        assert!(!out.contains("\u{200d}…"), "{out:?}");
        assert!(width(&out) <= 3);
    }

    #[test]
    fn pad_makes_exact_width() {
        assert_eq!(pad_to_width("ab", 4), "ab  ");
        assert_eq!(pad_to_width("日本語", 5), "日本…");
        assert_eq!(pad_to_width("日本語", 4), "日… ");
        assert_eq!(pad_to_width("abc", 0), "");
        assert_eq!(width(&pad_to_width("👍x", 7)), 7);
    }

    const HOSTILE: &[&str] = &[
        "\u{1b}]52;c;aGk=\u{7}",
        "\u{1b}[2J\u{1b}[H\u{1b}[?1049h",
        "\u{1b}P+q544e\u{1b}\\",
        "\u{9b}31m\u{9d}0;title\u{9c}",
        "\u{202e}txt.exe\u{202c}",
        "\u{2067}\u{2068}\u{2069}\u{2066}",
        "a\r\rb\u{8}\u{8}\u{8}c",
        "\u{0}\u{1}\u{2}\u{3}\u{4}\u{5}\u{6}\u{7}\u{e}\u{f}\u{10}\u{1f}\u{7f}",
        "line\u{2028}para\u{2029}end\u{85}nel",
        "\u{feff}\u{200b}\u{2060}\u{2064}\u{206a}\u{fff9}",
        "\t\t\u{b}\u{c}\r\n\n\r",
        "👨\u{200d}👩\u{200d}👧\u{200d}\u{1b}",
        "e\u{301}\u{1b}\u{302}",
    ];

    #[test]
    fn hostile_inputs_come_out_inert() {
        for input in HOSTILE {
            let line = sanitize_line(input);
            assert_inert(&line, input);
            assert!(!line.contains('\n'));
            for line in sanitize_lines(input) {
                assert_inert(&line, input);
            }
        }
    }

    #[test]
    fn widths_stay_within_limits_for_wide_input() {
        let inputs = [
            "日本語のテキストです",
            "👍👍👍👍👍👍",
            "👨\u{200d}👩\u{200d}👧👨\u{200d}👩\u{200d}👧",
            "e\u{301}\u{302}\u{303}a\u{301}",
            "☺\u{fe0f}☺\u{fe0f}☺\u{fe0f}☺\u{fe0f}",
            "🇫🇷🇩🇪🇯🇵",
            "ｆｕｌｌｗｉｄｔｈ",
        ];
        for input in inputs {
            for max in 0..=16 {
                let cut = truncate_to_width(input, max);
                assert!(width(&cut) <= max, "{input:?} at {max}: {cut:?}");
                assert_eq!(width(&pad_to_width(input, max)), max, "{input:?} at {max}");
            }
        }
    }

    #[test]
    fn large_content_works() {
        let chunk = "Lorem ipsum \u{1b}[31m 日本 👍\t\r\n\u{202e} ";
        let repeats = 100_000 / chunk.len() + 1;
        let text: String = chunk.repeat(repeats);
        assert!(text.len() >= 100_000);
        let line = sanitize_line(&text);
        assert_inert(&line, "100 KB");
        let lines = sanitize_lines(&text);
        assert_eq!(lines.len(), repeats + 1);
        let cut = truncate_to_width(&line, 80);
        assert!(width(&cut) <= 80);
        let plain = "a".repeat(100_000);
        assert_eq!(sanitize_line(&plain).len(), 100_000);
    }

    /// Deterministic pseudo-random strings from a hostile palette (xorshift), checking the
    /// invariants every output must keep.
    #[test]
    fn generated_strings_keep_the_invariants() {
        const PALETTE: &[char] = &[
            'a', 'Z', ' ', '[', ';', '\t', '\n', '\r', '\u{0}', '\u{7}', '\u{8}', '\u{1b}',
            '\u{7f}', '\u{85}', '\u{9b}', '\u{9c}', '\u{61c}', '\u{200b}', '\u{200d}', '\u{200e}',
            '\u{202e}', '\u{2066}', '\u{2069}', '\u{2028}', '\u{2029}', '\u{feff}', '\u{301}',
            '\u{fe0f}', 'é', '日', '👍', '👨', '☺', '…', '⏎', '🇫',
        ];
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..3000 {
            let len = (next() % 24) as usize;
            let input: String = (0..len)
                .map(|_| PALETTE[(next() % PALETTE.len() as u64) as usize])
                .collect();
            let line = sanitize_line(&input);
            assert_inert(&line, &input);
            assert!(!line.contains('\n'), "{input:?}");
            let lines = sanitize_lines(&input);
            for one in &lines {
                assert_inert(one, &input);
            }
            let max = (next() % 12) as usize;
            for candidate in [&line, &input] {
                let cut = truncate_to_width(candidate, max);
                assert!(width(&cut) <= max, "{candidate:?} at {max}: {cut:?}");
                assert_eq!(width(&pad_to_width(candidate, max)), max, "{candidate:?}");
            }
        }
    }
}
