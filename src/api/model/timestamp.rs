//! Timestamps (POSTPOST_API.md §1.3): ISO 8601 text as the server sends it, kept raw next to
//! its parsed UTC instant, and the one format the API writes (`2026-03-15T14:30:00.000Z`).

use std::borrow::Cow;
use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An ISO 8601 timestamp as sent by the server (POSTPOST_API.md §1.3), kept raw together with its
/// parsed UTC value. Offsets and missing milliseconds parse; text that does not parse has no
/// instant and is shown as unknown, without failing the post or the page.
///
/// Sixteen bytes: the text is kept only when it is not the API's own format of the instant, so
/// the common timestamp is its instant alone (a loaded post holds three; a million posts would
/// otherwise hold three million strings).
#[derive(Clone, PartialEq, Eq)]
pub struct Timestamp(Repr);

#[derive(Clone, PartialEq, Eq)]
enum Repr {
    /// Sent in the API's own format: the text is `format_instant` of this.
    Api(DateTime<Utc>),
    /// Anything else, kept as sent (a non-string JSON value as its JSON text), with its instant
    /// when it parses.
    Odd(Box<(Option<DateTime<Utc>>, Box<str>)>),
}

impl Timestamp {
    /// Parses `raw` leniently: RFC 3339 (with or without fractional seconds, `Z` or offset), or
    /// the same without an offset, read as UTC.
    pub fn from_raw(raw: impl Into<String>) -> Self {
        let raw = raw.into();
        let parsed = parse_instant(&raw);
        match parsed {
            Some(instant) if has_api_shape(&raw) => Self(Repr::Api(instant)),
            _ => Self(Repr::Odd(Box::new((parsed, raw.into_boxed_str())))),
        }
    }

    /// A timestamp for `instant`, written as the API writes them (`2026-03-15T14:30:00.000Z`).
    pub fn from_instant(instant: DateTime<Utc>) -> Self {
        Self(Repr::Api(instant))
    }

    /// The instant, when the text parses as RFC 3339 / ISO 8601.
    pub fn parsed(&self) -> Option<DateTime<Utc>> {
        match &self.0 {
            Repr::Api(instant) => Some(*instant),
            Repr::Odd(odd) => odd.0,
        }
    }

    /// Exactly what the server sent.
    pub fn raw(&self) -> Cow<'_, str> {
        match &self.0 {
            Repr::Api(instant) => Cow::Owned(format_instant(*instant)),
            Repr::Odd(odd) => Cow::Borrowed(&odd.1),
        }
    }
}

/// True when `text` has the shape of the API's own format, `YYYY-MM-DDTHH:MM:SS.mmmZ`: for text
/// that also parses, writing the parsed instant back gives `text` again.
fn has_api_shape(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 24
        && bytes.iter().enumerate().all(|(i, &b)| match i {
            4 | 7 => b == b'-',
            10 => b == b'T',
            13 | 16 => b == b':',
            19 => b == b'.',
            23 => b == b'Z',
            _ => b.is_ascii_digit(),
        })
}

/// Parses an ISO 8601 instant; `None` when it does not parse.
pub fn parse_instant(text: &str) -> Option<DateTime<Utc>> {
    let text = text.trim();
    if let Ok(instant) = DateTime::parse_from_rfc3339(text) {
        return Some(instant.with_timezone(&Utc));
    }
    chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f")
        .ok()
        .map(|naive| naive.and_utc())
}

/// Writes an instant the way the API does: UTC with milliseconds and `Z`.
pub fn format_instant(instant: DateTime<Utc>) -> String {
    instant.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Timestamp({:?})", self.raw())
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.raw())
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = serde_json::Value::deserialize(deserializer)?;
        Ok(match value {
            serde_json::Value::String(text) => Self::from_raw(text),
            other => Self(Repr::Odd(Box::new((
                None,
                other.to_string().into_boxed_str(),
            )))),
        })
    }
}

pub(super) fn serialize_instant<S: Serializer>(
    instant: &Option<DateTime<Utc>>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match instant {
        Some(instant) => serializer.serialize_str(&format_instant(*instant)),
        None => serializer.serialize_none(),
    }
}

pub(super) fn deserialize_instant<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<DateTime<Utc>>, D::Error> {
    Ok(Option::<String>::deserialize(deserializer)?.and_then(|text| parse_instant(&text)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_round_trip_format() {
        let ts = Timestamp::from_raw("2026-03-15T14:30:00Z");
        let instant = ts.parsed().expect("parses");
        assert_eq!(format_instant(instant), "2026-03-15T14:30:00.000Z");
        assert!(
            Timestamp::from_raw("2026-03-15T14:30:00")
                .parsed()
                .is_some()
        );
    }

    #[test]
    fn the_text_sent_comes_back_whichever_form_it_had() {
        for text in [
            "2026-03-15T14:30:00.000Z",
            "2026-03-15T14:30:00.999Z",
            "1970-01-01T00:00:00.000Z",
            "2016-12-31T23:59:60.000Z",
            "2026-03-15T14:30:00Z",
            "2026-03-15T16:30:00.000+02:00",
            "2026-03-15T14:30:00.5Z",
            "2026-02-30T14:30:00.000Z",
            "2026-03-15 14:30:00.000Z",
            "not a time",
            "",
        ] {
            let ts = Timestamp::from_raw(text);
            assert_eq!(ts.raw(), text, "{text}");
            assert_eq!(
                serde_json::to_string(&ts).expect("serializes"),
                serde_json::to_string(text).expect("serializes")
            );
        }
        let other: Timestamp = serde_json::from_str("17").expect("a number is kept");
        assert_eq!((other.raw(), other.parsed()), ("17".into(), None));
        // Every instant the API can write is stored without its text, and written back.
        let mut rng = fastrand::Rng::with_seed(7);
        for _ in 0..2000 {
            let millis = rng.i64(-2_000_000_000_000..8_000_000_000_000);
            let instant = DateTime::from_timestamp_millis(millis).expect("in range");
            let text = format_instant(instant);
            let ts = Timestamp::from_raw(text.as_str());
            assert!(matches!(ts.0, Repr::Api(_)), "{text}");
            assert_eq!(ts.raw(), text);
            assert_eq!(ts.parsed(), Some(instant));
        }
    }
    #[test]
    fn a_timestamp_or_its_absence_takes_sixteen_bytes() {
        assert_eq!(std::mem::size_of::<Option<Timestamp>>(), 16);
    }
}
