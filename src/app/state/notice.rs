//! The one-line notice above the footer.

use std::time::{Duration, Instant};

use crate::text::sanitize;

/// How a notice looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeLevel {
    /// Good news.
    Info,
    /// Worth reading.
    Warn,
    /// Something failed.
    Error,
}

/// The one-line message above the footer.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    /// The text (already free of control characters).
    pub text: String,
    pub level: NoticeLevel,
    /// When it disappears; errors stay until replaced or dismissed.
    pub expires_at: Option<Instant>,
    /// The end of the running load replaces it with the load's own notice (a user switch says
    /// "loading their posts" until then).
    pub until_loaded: bool,
}

impl Notice {
    /// How long info and warnings stay.
    const SHOWN_FOR: Duration = Duration::from_secs(6);

    /// A notice of `level` shown from `now`; `text` is sanitized.
    pub fn new(level: NoticeLevel, text: String, now: Instant) -> Self {
        let expires_at = match level {
            NoticeLevel::Error => None,
            NoticeLevel::Info | NoticeLevel::Warn => Some(now + Self::SHOWN_FOR),
        };
        Self {
            text: sanitize::sanitize_line(&text),
            level,
            expires_at,
            until_loaded: false,
        }
    }
}
