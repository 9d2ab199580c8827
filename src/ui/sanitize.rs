//! TEMP stub, replaced by branch text.
pub fn sanitize_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { '?' } else { c })
        .collect()
}
pub fn sanitize_lines(text: &str) -> Vec<String> {
    text.split('\n').map(sanitize_line).collect()
}
pub fn width(text: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(text)
}
pub fn truncate_to_width(text: &str, max_cells: usize) -> String {
    let mut out = String::new();
    let mut w = 0;
    for c in text.chars() {
        let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if w + cw > max_cells {
            break;
        }
        w += cw;
        out.push(c);
    }
    out
}
pub fn pad_to_width(text: &str, cells: usize) -> String {
    let mut s = truncate_to_width(text, cells);
    let w = width(&s);
    s.extend(std::iter::repeat_n(' ', cells - w));
    s
}
