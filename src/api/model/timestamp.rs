//! Timestamps (POSTPOST_API.md §1.3): ISO 8601 text as the server sends it, kept raw next to
//! its parsed UTC instant, and the one format the API writes (`2026-03-15T14:30:00.000Z`).

use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An ISO 8601 timestamp as sent by the server (POSTPOST_API.md §1.3), kept raw together with its
/// parsed UTC value. Offsets and missing milliseconds parse; text that does not parse keeps
/// `parsed = None` and is shown as unknown, without failing the post or the page.
#[derive(Clone, PartialEq, Eq)]
pub struct Timestamp {
    /// Exactly what the server sent (a non-string JSON value is kept as its JSON text).
    pub raw: String,
    /// The instant, when `raw` parses as RFC 3339 / ISO 8601 with an offset.
    pub parsed: Option<DateTime<Utc>>,
}

impl Timestamp {
    /// Parses `raw` leniently: RFC 3339 (with or without fractional seconds, `Z` or offset), or
    /// the same without an offset, read as UTC.
    pub fn from_raw(raw: impl Into<String>) -> Self {
        let raw = raw.into();
        let parsed = parse_instant(&raw);
        Self { raw, parsed }
    }

    /// A timestamp for `instant`, written as the API writes them (`2026-03-15T14:30:00.000Z`).
    pub fn from_instant(instant: DateTime<Utc>) -> Self {
        Self {
            raw: format_instant(instant),
            parsed: Some(instant),
        }
    }
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
        write!(f, "Timestamp({:?})", self.raw)
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.raw)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = serde_json::Value::deserialize(deserializer)?;
        Ok(match value {
            serde_json::Value::String(text) => Self::from_raw(text),
            other => Self {
                raw: other.to_string(),
                parsed: None,
            },
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
        let instant = ts.parsed.expect("parses");
        assert_eq!(format_instant(instant), "2026-03-15T14:30:00.000Z");
        assert!(Timestamp::from_raw("2026-03-15T14:30:00").parsed.is_some());
    }
}
