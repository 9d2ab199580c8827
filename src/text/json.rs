//! JSON for a terminal: the `--json` output of the headless commands carries server text
//! unchanged (a script must get the post as it is), yet may be printed straight to a terminal.
//! serde_json escapes C0 controls but writes DEL, the C1 controls (U+009B is a one-byte CSI on
//! some terminals), bidi overrides, U+2028/U+2029 and invisible format characters as they are.
//! [`Inert`] writes each of those (every char [`sanitize::is_plain`] refuses) as a `\uXXXX`
//! escape: the same value for any JSON reader, and no raw control byte on the terminal.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::ser::{CompactFormatter, Formatter, PrettyFormatter};

use super::sanitize;

/// A serde_json formatter that escapes every char a terminal would act on, around `F`
/// (pretty or compact) for everything else.
#[derive(Debug, Clone, Default)]
pub struct Inert<F> {
    inner: F,
}

/// `value` as pretty JSON (two-space indent) with every terminal-active char escaped.
///
/// # Errors
/// serde_json's error when `value` cannot be serialized.
pub fn to_string_pretty<T: Serialize + ?Sized>(value: &T) -> serde_json::Result<String> {
    let mut out = Vec::with_capacity(256);
    to_writer_pretty(&mut out, value)?;
    Ok(String::from_utf8(out).unwrap_or_default())
}

/// `value` as one line of JSON with every terminal-active char escaped.
///
/// # Errors
/// serde_json's error when `value` cannot be serialized.
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> serde_json::Result<String> {
    let mut out = Vec::with_capacity(256);
    let mut serializer = serde_json::Serializer::with_formatter(
        &mut out,
        Inert {
            inner: CompactFormatter,
        },
    );
    value.serialize(&mut serializer)?;
    Ok(String::from_utf8(out).unwrap_or_default())
}

/// Writes `value` as pretty JSON to `writer`, every terminal-active char escaped.
///
/// # Errors
/// serde_json's error for a value that cannot be serialized or a failed write.
pub fn to_writer_pretty<W: Write, T: Serialize + ?Sized>(
    writer: W,
    value: &T,
) -> serde_json::Result<()> {
    let mut serializer = serde_json::Serializer::with_formatter(
        writer,
        Inert {
            inner: PrettyFormatter::new(),
        },
    );
    value.serialize(&mut serializer)
}

impl<F: Formatter> Formatter for Inert<F> {
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut start = 0;
        for (index, c) in fragment.char_indices() {
            if sanitize::is_plain(c) {
                continue;
            }
            writer.write_all(&fragment.as_bytes()[start..index])?;
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                write!(writer, "\\u{unit:04x}")?;
            }
            start = index + c.len_utf8();
        }
        writer.write_all(&fragment.as_bytes()[start..])
    }

    fn begin_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.inner.begin_array(writer)
    }

    fn end_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.inner.end_array(writer)
    }

    fn begin_array_value<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.inner.begin_array_value(writer, first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.inner.end_array_value(writer)
    }

    fn begin_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.inner.begin_object(writer)
    }

    fn end_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.inner.end_object(writer)
    }

    fn begin_object_key<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.inner.begin_object_key(writer, first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.inner.begin_object_value(writer)
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.inner.end_object_value(writer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_active_chars_are_escaped_and_the_value_is_unchanged() {
        let text = "a\u{1b}]52;c;x\u{7} \u{7f}\u{9b}31m \u{202e}rtl\u{2028}\u{feff} 日本 👍 é";
        let value = serde_json::json!({ "content": text, "list": [text] });
        for written in [
            to_string_pretty(&value).expect("json"),
            to_string(&value).expect("json"),
        ] {
            assert!(
                written
                    .chars()
                    .all(|c| sanitize::is_plain(c) || c == '\n' || c == ' '),
                "{written:?}"
            );
            assert!(
                written.contains("\\u007f") && written.contains("\\u202e"),
                "{written}"
            );
            assert!(written.contains("日本 👍 é"), "{written}");
            let back: serde_json::Value = serde_json::from_str(&written).expect("parses");
            assert_eq!(back, value);
        }
        assert_eq!(
            to_string_pretty(&serde_json::json!({"a": [1]})).expect("json"),
            "{\n  \"a\": [\n    1\n  ]\n}"
        );
    }
}
