//! The display zone: the machine's local zone, or UTC (snapshot tests).

/// How times are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TimeZoneChoice {
    /// The machine's local time zone.
    #[default]
    Local,
    /// UTC (used by snapshot tests so they do not depend on the machine).
    Utc,
}

impl TimeZoneChoice {
    /// The day of `instant` in this zone.
    pub fn date_of(self, instant: chrono::DateTime<chrono::Utc>) -> chrono::NaiveDate {
        match self {
            Self::Utc => instant.date_naive(),
            Self::Local => instant.with_timezone(&chrono::Local).date_naive(),
        }
    }

    /// Today in this zone, `now` being the current time.
    pub fn today(self, now: chrono::DateTime<chrono::Utc>) -> chrono::NaiveDate {
        self.date_of(now)
    }

    /// The day of a time given in milliseconds since the epoch (out-of-range → 1970-01-01).
    pub fn day_of(self, millis: i64) -> chrono::NaiveDate {
        self.date_of(chrono::DateTime::from_timestamp_millis(millis).unwrap_or_default())
    }

    /// The instant a wall-clock time of this zone names: the earlier one when a daylight-saving
    /// change repeats it, `None` when a change skips it.
    pub fn instant_of(self, naive: chrono::NaiveDateTime) -> Option<chrono::DateTime<chrono::Utc>> {
        use chrono::TimeZone as _;
        match self {
            Self::Utc => Some(naive.and_utc()),
            Self::Local => chrono::Local
                .from_local_datetime(&naive)
                .earliest()
                .map(|time| time.with_timezone(&chrono::Utc)),
        }
    }
}
