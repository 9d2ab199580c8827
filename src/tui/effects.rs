//! What the app asks of the terminal and the desktop rather than of the server: the clipboard
//! (OSC 52, written between frames so it never lands inside one) and opening a URL in the
//! browser (the `open` crate, detached, https only).

use std::io::{self, Write};

use base64::Engine as _;

/// The OSC 52 sequence that puts `text` on the clipboard.
pub fn osc52(text: &str) -> String {
    let encoded = base64::engine::general_purpose::STANDARD.encode(text.as_bytes());
    format!("\x1b]52;c;{encoded}\x07")
}

/// Writes [`osc52`] of `text` to `out` and flushes it.
///
/// # Errors
/// The write's.
pub fn copy_to_clipboard(out: &mut impl Write, text: &str) -> io::Result<()> {
    out.write_all(osc52(text).as_bytes())?;
    out.flush()
}

/// Opens `url` in the browser without waiting for it; only https URLs.
pub fn open_url(url: &str) {
    if !url.starts_with("https://") {
        tracing::warn!(url, "refused to open a URL that is not https");
        return;
    }
    if let Err(error) = open::that_detached(url) {
        tracing::warn!(%error, url, "could not open the URL");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn osc52_carries_the_text_in_base64() {
        assert_eq!(osc52("6b0c"), "\x1b]52;c;NmIwYw==\x07");
        let mut out = Vec::new();
        copy_to_clipboard(&mut out, "a\nb").expect("write");
        assert_eq!(out, b"\x1b]52;c;YQpi\x07");
    }
}
