//! Instants formatted for the screen and reports, in the display zone.

use chrono::{DateTime, Utc};

use super::TimeZoneChoice;

/// Formats an instant to the second: `2026-11-29 14:30:05` (log entries are seconds apart).
pub fn format_time_seconds(instant: DateTime<Utc>, zone: TimeZoneChoice) -> String {
    zone.civil(instant).format("%Y-%m-%d %H:%M:%S").to_string()
}

/// Formats an instant for the screen: `2026-11-29 14:30`.
pub fn format_time(instant: DateTime<Utc>, zone: TimeZoneChoice) -> String {
    zone.civil(instant).format("%Y-%m-%d %H:%M").to_string()
}
