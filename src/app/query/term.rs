//! One term of a query: how it is tested against a post, printed back as query text, described
//! in words for the filter bar, and explained when it leaves a post out.

use std::fmt;

use chrono::{DateTime, NaiveDate, NaiveDateTime};

use super::{Subject, Term, TermKind};
use crate::api::model::format_instant;
use crate::time::{TimeZoneChoice, format_time};

/// A word or phrase (`launch`, `"launch day"`, `-launch`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextTerm {
    /// Must not contain it.
    pub negated: bool,
    /// As written (quotes and escapes removed).
    pub text: String,
    /// `text` lower-cased: what is searched for in [`Subject::text`].
    pub needle: String,
}

/// Which time of a post a [`TimeTerm`] bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeField {
    Created,
    Scheduled,
    Updated,
}

impl TimeField {
    /// The key in query text, `created`.
    pub fn key(self) -> &'static str {
        match self {
            Self::Created => "created",
            Self::Scheduled => "scheduled",
            Self::Updated => "updated",
        }
    }
}

/// How a [`TimeTerm`] compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeOp {
    /// `<T`: strictly before T.
    Before,
    /// `>T`: at or after T (so `<T` and `>T` split the posts that have the time).
    After,
    /// A bare date: within that day of the display zone.
    On,
}

/// The time a [`TimeTerm`] was written with, kept for printing back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TimeSpec {
    /// `30d`, `1d12h`: that long before now; the parts as `(amount, unit)`.
    Ago(Vec<(u64, char)>),
    /// `+7d`: that long after now.
    Ahead(Vec<(u64, char)>),
    /// `2026-11-01`: its midnight in the display zone.
    Date(NaiveDate),
    /// `2026-11-01 09:30` in the display zone.
    Local(NaiveDateTime),
    /// An RFC 3339 instant.
    Instant(DateTime<chrono::Utc>),
}

impl fmt::Display for TimeSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts = |f: &mut fmt::Formatter<'_>, parts: &[(u64, char)]| {
            parts
                .iter()
                .try_for_each(|(amount, unit)| write!(f, "{amount}{unit}"))
        };
        match self {
            Self::Ago(p) => parts(f, p),
            Self::Ahead(p) => {
                f.write_str("+")?;
                parts(f, p)
            }
            Self::Date(date) => write!(f, "{}", date.format("%Y-%m-%d")),
            Self::Local(naive) => write!(f, "{}", naive.format("%Y-%m-%d %H:%M")),
            Self::Instant(instant) => f.write_str(&format_instant(*instant)),
        }
    }
}

/// `created:<30d`, `scheduled:>2026-11-01`, `updated:2026-11-01`, resolved to instants.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeTerm {
    pub field: TimeField,
    pub op: TimeOp,
    pub spec: TimeSpec,
    /// The bound in milliseconds since the epoch (for `On`, the day's start).
    pub at_ms: i64,
    /// For `On`, the next day's start; else equal to `at_ms`.
    pub until_ms: i64,
}

impl TimeTerm {
    fn holds(&self, time: Option<i64>) -> bool {
        time.is_some_and(|t| match self.op {
            TimeOp::Before => t < self.at_ms,
            TimeOp::After => t >= self.at_ms,
            TimeOp::On => self.at_ms <= t && t < self.until_ms,
        })
    }

    /// The inclusive bounds in milliseconds (`from`, `to`) a post's time must lie in.
    pub fn bounds_ms(&self) -> (Option<i64>, Option<i64>) {
        match self.op {
            TimeOp::Before => (None, Some(self.at_ms.saturating_sub(1))),
            TimeOp::After => (Some(self.at_ms), None),
            TimeOp::On => (Some(self.at_ms), Some(self.until_ms.saturating_sub(1))),
        }
    }

    fn describe(&self) -> String {
        let field = self.field.key();
        match (&self.spec, self.op) {
            (TimeSpec::Ago(_), TimeOp::Before) => format!("{field} more than {} ago", self.spec),
            (TimeSpec::Ago(_), _) => format!("{field} within the last {}", self.spec),
            (TimeSpec::Ahead(p), op) => {
                let span = TimeSpec::Ago(p.clone());
                match op {
                    TimeOp::Before => format!("{field} before {span} from now"),
                    _ => format!("{field} {span} or more from now"),
                }
            }
            (spec, TimeOp::Before) => format!("{field} before {spec}"),
            (spec, TimeOp::After) => format!("{field} from {spec}"),
            (spec, TimeOp::On) => format!("{field} on {spec}"),
        }
    }
}

impl Term {
    /// True when `subject` passes this term.
    pub fn holds(&self, subject: &Subject<'_>) -> bool {
        match self {
            Self::Text(text) => {
                let found = subject.text.contains(text.needle.as_str())
                    || subject.id.contains(text.needle.as_str());
                found != text.negated
            }
            Self::Status { negated, values } => values.contains(subject.status) != *negated,
            Self::Platform { negated, values } => {
                values.iter().any(|p| subject.has_platform(p)) != *negated
            }
            Self::Time(time) => time.holds(subject.time(time.field)),
            Self::HasMedia { negated } => subject.has_media != *negated,
        }
    }

    /// Which kind of term this is.
    pub fn kind(&self) -> TermKind {
        match self {
            Self::Text(_) => TermKind::Text,
            Self::Status { .. } => TermKind::Status,
            Self::Platform { .. } => TermKind::Platform,
            Self::Time(_) => TermKind::Time,
            Self::HasMedia { .. } => TermKind::HasMedia,
        }
    }

    /// True when every post passing `self` passes `wider` too.
    pub(super) fn implies(&self, wider: &Term) -> bool {
        match (self, wider) {
            (Self::Text(new), Self::Text(old)) if new.negated == old.negated => {
                if new.negated {
                    old.needle.contains(new.needle.as_str())
                } else {
                    new.needle.contains(old.needle.as_str())
                }
            }
            _ => self == wider,
        }
    }

    /// The term in words, as the filter bar shows it.
    pub fn describe(&self) -> String {
        let names = |values: Vec<&str>| values.join(",");
        match self {
            Self::Text(text) if text.negated => format!("not \"{}\"", text.text),
            Self::Text(text) => format!("\"{}\"", text.text),
            Self::Status { negated, values } => format!(
                "status {}{}",
                if *negated { "not " } else { "" },
                names(values.iter().map(|v| v.as_str()).collect())
            ),
            Self::Platform { negated, values } => format!(
                "platform {}{}",
                if *negated { "not " } else { "" },
                names(values.iter().map(|v| v.as_str()).collect())
            ),
            Self::Time(time) => time.describe(),
            Self::HasMedia { negated: false } => "with media".to_string(),
            Self::HasMedia { negated: true } => "without media".to_string(),
        }
    }

    /// Why `subject` fails this term, e.g. `its text contains "launch"`.
    pub fn failure(&self, subject: &Subject<'_>, zone: TimeZoneChoice) -> String {
        match self {
            Self::Text(text) if text.negated => format!("its text contains \"{}\"", text.text),
            Self::Text(text) => format!("its text does not contain \"{}\"", text.text),
            Self::Status { .. } => format!("its status is {}", subject.status.as_str()),
            Self::Platform { .. } => {
                let mut names: Vec<&str> = subject
                    .platforms
                    .iter()
                    .map(|p| p.platform.as_str())
                    .collect();
                names.sort_unstable();
                names.dedup();
                if names.is_empty() {
                    "it targets no platform".to_string()
                } else {
                    format!("it targets {}", names.join(", "))
                }
            }
            Self::Time(time) => match subject
                .time(time.field)
                .and_then(DateTime::from_timestamp_millis)
            {
                Some(at) => format!("it was {} {}", verb(time.field), format_time(at, zone)),
                None => format!("it has no {} time", time.field.key()),
            },
            Self::HasMedia { negated: false } => "it has no media".to_string(),
            Self::HasMedia { negated: true } => "it has media".to_string(),
        }
    }
}

fn verb(field: TimeField) -> &'static str {
    match field {
        TimeField::Created => "created",
        TimeField::Scheduled => "scheduled for",
        TimeField::Updated => "updated",
    }
}

/// Writes `text` so the parser reads it back as one word: bare when it can be, else quoted with
/// `"` and `\` escaped.
pub(super) fn quote_if_needed(text: &str) -> String {
    let bare = !text.is_empty()
        && !text.starts_with('-')
        && !text.contains(':')
        && !text
            .chars()
            .any(|c| c.is_whitespace() || c == '"' || c == '\\');
    if bare {
        text.to_string()
    } else {
        let mut quoted = String::with_capacity(text.len() + 2);
        quoted.push('"');
        for c in text.chars() {
            if c == '"' || c == '\\' {
                quoted.push('\\');
            }
            quoted.push(c);
        }
        quoted.push('"');
        quoted
    }
}

impl fmt::Display for Term {
    /// The term as query text.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let minus = |negated: bool| if negated { "-" } else { "" };
        match self {
            Self::Text(text) => write!(f, "{}{}", minus(text.negated), quote_if_needed(&text.text)),
            Self::Status { negated, values } => {
                let names: Vec<&str> = values.iter().map(|v| v.as_str()).collect();
                write!(f, "{}status:{}", minus(*negated), names.join(","))
            }
            Self::Platform { negated, values } => {
                let names: Vec<&str> = values.iter().map(|v| v.as_str()).collect();
                write!(f, "{}platform:{}", minus(*negated), names.join(","))
            }
            Self::Time(time) => {
                let op = match time.op {
                    TimeOp::Before => "<",
                    TimeOp::After => ">",
                    TimeOp::On => "",
                };
                let spec = time.spec.to_string();
                let spec = if spec.contains(' ') {
                    format!("\"{spec}\"")
                } else {
                    spec
                };
                write!(f, "{}:{op}{spec}", time.field.key())
            }
            Self::HasMedia { negated } => write!(f, "{}has:media", minus(*negated)),
        }
    }
}
