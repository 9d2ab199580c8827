//! The display zone: the machine's local zone, UTC (snapshot tests), or an IANA zone named by
//! the config's `timezone` or `--timezone` (`America/New_York`), read from the system's tz
//! database once at start. Every screen, the typed times and the query's dates use it.

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

/// A zone read from the tz database by its IANA name.
#[derive(Debug)]
pub struct NamedZone {
    name: String,
    zone: jiff::tz::TimeZone,
}

impl PartialEq for NamedZone {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}

impl Eq for NamedZone {}

/// How times are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TimeZoneChoice {
    /// The machine's local time zone.
    #[default]
    Local,
    /// UTC (used by snapshot tests so they do not depend on the machine).
    Utc,
    /// An IANA zone ([`TimeZoneChoice::named`]).
    Named(&'static NamedZone),
}

/// The zone the headless commands read and print times in: set once from the config
/// (`timezone`, `--timezone`) when it is loaded; the machine's until then.
static CONFIGURED: Mutex<TimeZoneChoice> = Mutex::new(TimeZoneChoice::Local);

/// Zones read so far, by name: each is read (and kept for the rest of the run) once.
static NAMED: LazyLock<Mutex<HashMap<String, &'static NamedZone>>> =
    LazyLock::new(|| Mutex::new(HashMap::new()));

impl TimeZoneChoice {
    /// The zone named `name`: `UTC`, `local` (the machine's), or an IANA name such as
    /// `America/New_York`, read from the system's tz database.
    ///
    /// # Errors
    /// Says the name is not a zone the database knows, with an example.
    pub fn named(name: &str) -> Result<Self, String> {
        let name = name.trim();
        match name.to_ascii_lowercase().as_str() {
            "" | "local" => return Ok(Self::Local),
            "utc" | "z" => return Ok(Self::Utc),
            _ => {}
        }
        let mut known = NAMED
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(zone) = known.get(name) {
            return Ok(Self::Named(zone));
        }
        let zone = jiff::tz::TimeZone::get(name).map_err(|_| {
            format!(
                "unknown time zone {name:?}: use an IANA name such as America/New_York, Europe/Berlin or UTC"
            )
        })?;
        let zone: &'static NamedZone = Box::leak(Box::new(NamedZone {
            name: name.to_owned(),
            zone,
        }));
        known.insert(name.to_owned(), zone);
        Ok(Self::Named(zone))
    }

    /// The zone the config chose ([`TimeZoneChoice::set_configured`]); the machine's before.
    pub fn configured() -> Self {
        *CONFIGURED
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Records the config's zone for [`TimeZoneChoice::configured`] (once the config is
    /// loaded, before a command runs).
    pub fn set_configured(zone: Self) {
        *CONFIGURED
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = zone;
    }

    /// How screens name the zone: `UTC`, `local time`, `America/New_York`.
    pub fn label(self) -> &'static str {
        match self {
            Self::Utc => "UTC",
            Self::Local => "local time",
            Self::Named(zone) => zone.name.as_str(),
        }
    }

    /// The wall-clock time of `instant` in this zone.
    pub fn civil(self, instant: DateTime<Utc>) -> NaiveDateTime {
        match self {
            Self::Utc => instant.naive_utc(),
            Self::Local => instant.with_timezone(&chrono::Local).naive_local(),
            Self::Named(named) => {
                let offset = jiff::Timestamp::from_second(instant.timestamp())
                    .map(|at| named.zone.to_offset(at).seconds())
                    .unwrap_or(0);
                instant.naive_utc() + chrono::Duration::seconds(i64::from(offset))
            }
        }
    }

    /// The day of `instant` in this zone.
    pub fn date_of(self, instant: DateTime<Utc>) -> NaiveDate {
        self.civil(instant).date()
    }

    /// Today in this zone, `now` being the current time.
    pub fn today(self, now: DateTime<Utc>) -> NaiveDate {
        self.date_of(now)
    }

    /// The day of a time given in milliseconds since the epoch (out-of-range → 1970-01-01).
    pub fn day_of(self, millis: i64) -> NaiveDate {
        self.date_of(DateTime::from_timestamp_millis(millis).unwrap_or_default())
    }

    /// The instant a wall-clock time of this zone names: the earlier one when a daylight-saving
    /// change repeats it, `None` when a change skips it.
    pub fn instant_of(self, naive: NaiveDateTime) -> Option<DateTime<Utc>> {
        use chrono::{Datelike, TimeZone as _, Timelike};
        match self {
            Self::Utc => Some(naive.and_utc()),
            Self::Local => chrono::Local
                .from_local_datetime(&naive)
                .earliest()
                .map(|time| time.with_timezone(&Utc)),
            Self::Named(named) => {
                let civil = jiff::civil::DateTime::new(
                    i16::try_from(naive.year()).ok()?,
                    i8::try_from(naive.month()).ok()?,
                    i8::try_from(naive.day()).ok()?,
                    i8::try_from(naive.hour()).ok()?,
                    i8::try_from(naive.minute()).ok()?,
                    i8::try_from(naive.second()).ok()?,
                    0,
                )
                .ok()?;
                let ambiguous = named.zone.to_ambiguous_timestamp(civil);
                if matches!(ambiguous.offset(), jiff::tz::AmbiguousOffset::Gap { .. }) {
                    return None;
                }
                let at = ambiguous.earlier().ok()?;
                DateTime::from_timestamp(at.as_second(), 0)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().expect("instant")
    }

    #[test]
    fn named_zones_convert_both_ways_across_a_dst_change() {
        let york = TimeZoneChoice::named("America/New_York").expect("zone");
        assert_eq!(york.label(), "America/New_York");
        // 2026-03-08 02:30 does not exist in New York (clocks jump from 02:00 to 03:00).
        let skipped = NaiveDate::from_ymd_opt(2026, 3, 8)
            .and_then(|d| d.and_hms_opt(2, 30, 0))
            .expect("date");
        assert_eq!(york.instant_of(skipped), None);
        let morning = NaiveDate::from_ymd_opt(2026, 3, 8)
            .and_then(|d| d.and_hms_opt(9, 0, 0))
            .expect("date");
        assert_eq!(york.instant_of(morning), Some(at("2026-03-08T13:00:00Z")));
        assert_eq!(
            york.civil(at("2026-03-07T14:00:00Z")).to_string(),
            "2026-03-07 09:00:00"
        );
        // The same zone read twice is one zone.
        assert_eq!(TimeZoneChoice::named("America/New_York"), Ok(york));
        assert_eq!(TimeZoneChoice::named("utc"), Ok(TimeZoneChoice::Utc));
        let error = TimeZoneChoice::named("Mars/Olympus").expect_err("unknown");
        assert!(
            error.contains("Mars/Olympus") && error.contains("IANA"),
            "{error}"
        );
    }
}
