//! The query language (DESIGN §8): one parser for the TUI's `/` search, `--query` and the sugar
//! flags of `list`/`delete`/`prune`, and the config's saved views. Pure: the current time and the
//! display zone are passed in, so relative ages (`created:<30d`) and local dates
//! (`created:>2026-11-01`) are resolved to instants once, when the text is parsed.
//!
//! Terms are separated by whitespace and all must hold:
//! * `word`, `"a phrase"` — the content or the id contains it (case-insensitive);
//!   `-word`, `-"a phrase"` — must not;
//! * `status:failed,partially_published` — any of those group statuses (POSTPOST_API.md §2.1);
//!   `-status:draft` — none of them;
//! * `platform:twitter,linkedin` — a target on any of them (§1.6); `-platform:mastodon` — none;
//! * `created:`, `scheduled:`, `updated:` with `<T` (before T), `>T` (at or after T) or a bare
//!   date (on that day). T is an age (`30d` = 30 days ago; units `m`, `h`, `d`, `w`, sums such as
//!   `1d12h`), `+7d` (seven days from now), a date `2026-11-01` (its midnight in the display
//!   zone), `"2026-11-01 09:30"` (also `2026-11-01T09:30`, or unquoted when the clock time follows
//!   the date as the next word) in the display zone, or an RFC 3339 instant. A post without that
//!   time never matches a time term;
//! * `has:media`, `-has:media` — the post has media URLs (or none).
//!
//! [`Query::parse`] gives a [`Query`] or a [`QueryError`] naming the term and what is allowed.
//! A query prints back as query text ([`Display`](std::fmt::Display), which parses to the same
//! query) and as words for the filter bar ([`Query::describe`]). [`Query::matches`] is the
//! matcher, a pure function of the query and one post ([`Subject`]); [`Query::excluded_by`] and
//! [`Query::why_excluded`] say which term leaves a post out. [`Matcher`] is the same test with its
//! substring searchers built once, for filtering 100k rows per keystroke.

mod parse;
mod term;
mod time;

use crate::api::model::{Platform, PlatformRef, PostStatus, PostSummary, Timestamp};
use crate::time::TimeZoneChoice;

pub use parse::{MAX_TERMS, QueryError};
pub use term::{TextTerm, TimeField, TimeOp, TimeSpec, TimeTerm};

/// One condition of a [`Query`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Term {
    /// A word or phrase of the content or the id.
    Text(TextTerm),
    /// Any of these group statuses (or, negated, none of them).
    Status {
        negated: bool,
        values: Vec<PostStatus>,
    },
    /// A target on any of these platforms (or, negated, on none of them).
    Platform {
        negated: bool,
        values: Vec<Platform>,
    },
    /// A bound on one of the post's times.
    Time(TimeTerm),
    /// The post has media (or, negated, none).
    HasMedia { negated: bool },
}

/// A parsed query: every term must hold. The empty query matches every post.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Query {
    terms: Vec<Term>,
}

/// What a query is tested against: one post's fields as the matcher needs them. A word is
/// searched in `text`, the lower-cased content ([`search_key`]), and in `id`, the post group id
/// (lower case already, §1.2); times are milliseconds since the epoch, `None` when absent or
/// unreadable.
#[derive(Debug, Clone, Copy)]
pub struct Subject<'a> {
    pub status: &'a PostStatus,
    pub platforms: &'a [PlatformRef],
    pub text: &'a str,
    pub id: &'a str,
    /// The known networks among `platforms`, a bit each ([`Platform::bit`]), when the caller
    /// keeps them at hand: testing a bit is cheaper than reading the targets.
    pub platform_mask: Option<u16>,
    pub created_ms: Option<i64>,
    pub scheduled_ms: Option<i64>,
    pub updated_ms: Option<i64>,
    pub has_media: bool,
}

/// The text words and phrases are searched in besides the id: the content lower-cased. The
/// TUI's search index and the headless commands build it the same way.
pub fn search_key(content: Option<&str>) -> String {
    content.unwrap_or("").to_lowercase()
}

/// Milliseconds since the epoch of a wire time, `None` when absent or unreadable.
pub fn millis_of(time: Option<&Timestamp>) -> Option<i64> {
    time.and_then(|t| t.parsed()).map(|t| t.timestamp_millis())
}

impl<'a> Subject<'a> {
    /// The subject of a list-posts summary; `key` must be its [`search_key`].
    pub fn of(post: &'a PostSummary, key: &'a str) -> Self {
        Self {
            status: &post.status,
            platforms: &post.platforms,
            text: key,
            id: post.post_group_id.as_str(),
            platform_mask: None,
            created_ms: millis_of(post.created_at.as_ref()),
            scheduled_ms: millis_of(post.scheduled_time.as_ref()),
            updated_ms: millis_of(post.updated_at.as_ref()),
            has_media: !post.media_urls.is_empty(),
        }
    }

    fn time(&self, field: TimeField) -> Option<i64> {
        match field {
            TimeField::Created => self.created_ms,
            TimeField::Scheduled => self.scheduled_ms,
            TimeField::Updated => self.updated_ms,
        }
    }

    fn has_platform(&self, platform: &Platform) -> bool {
        match (self.platform_mask, platform.bit()) {
            (Some(mask), Some(bit)) => mask & bit != 0,
            _ => self.platforms.iter().any(|p| &p.platform == platform),
        }
    }
}

/// What the server can filter by itself (list-posts' `status`, `platform`, `fromDate`,
/// `toDate`, POSTPOST_API.md §3.1); the results are checked locally all the same.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ServerFilter {
    /// The only status a post may have.
    pub status: Option<PostStatus>,
    /// The only platform a post must target.
    pub platform: Option<Platform>,
    /// `scheduledTime >= this` (milliseconds; the API's `fromDate` is inclusive).
    pub scheduled_from_ms: Option<i64>,
    /// `scheduledTime <= this` (milliseconds; the API's `toDate` is inclusive).
    pub scheduled_to_ms: Option<i64>,
}

impl Query {
    /// Reads `text` (see the module docs); ages count back from `now`, dates are read in `zone`.
    ///
    /// # Errors
    /// The first malformed term, named, with what is allowed there.
    pub fn parse(
        text: &str,
        now: chrono::DateTime<chrono::Utc>,
        zone: TimeZoneChoice,
    ) -> Result<Self, QueryError> {
        parse::parse(text, now, zone).map(|terms| Self { terms })
    }

    /// The terms, in the order written (duplicates dropped).
    pub fn terms(&self) -> &[Term] {
        &self.terms
    }

    /// True when nothing is filtered.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// True when `subject` passes every term.
    pub fn matches(&self, subject: &Subject<'_>) -> bool {
        self.terms.iter().all(|term| term.holds(subject))
    }

    /// The first term `subject` fails, if any.
    pub fn excluded_by(&self, subject: &Subject<'_>) -> Option<&Term> {
        self.terms.iter().find(|term| !term.holds(subject))
    }

    /// Why the query leaves `subject` out, e.g. ``-launch: its text contains "launch"``; `None`
    /// when it matches. Times are written in `zone`.
    pub fn why_excluded(&self, subject: &Subject<'_>, zone: TimeZoneChoice) -> Option<String> {
        self.excluded_by(subject)
            .map(|term| format!("{term}: {}", term.failure(subject, zone)))
    }

    /// The query in words for the filter bar: `status failed · platform twitter · created
    /// before 2026-11-01 · not "launch"`; empty for the empty query.
    pub fn describe(&self) -> String {
        let parts: Vec<String> = self.terms.iter().map(Term::describe).collect();
        parts.join(" · ")
    }

    /// The query without its status terms (`Status`) or platform terms (`Platform`), for the
    /// pickers' counts; other kinds of term are kept.
    pub fn without(&self, kind: TermKind) -> Self {
        Self {
            terms: self
                .terms
                .iter()
                .filter(|term| term.kind() != kind)
                .cloned()
                .collect(),
        }
    }

    /// The query with its `kind` terms replaced by one positive term choosing `values` (none
    /// when `values` is empty); statuses and platforms are given by their wire names.
    pub fn with_choice(&self, kind: TermKind, values: &[String]) -> Self {
        let mut query = self.without(kind);
        if !values.is_empty() {
            query.terms.push(match kind {
                TermKind::Platform => Term::Platform {
                    negated: false,
                    values: values.iter().map(|v| Platform::from_wire(v)).collect(),
                },
                _ => Term::Status {
                    negated: false,
                    values: values.iter().map(|v| PostStatus::from_wire(v)).collect(),
                },
            });
        }
        query
    }

    /// The values of the one positive term of `kind` (status or platform), as wire names;
    /// empty when there is none or more than one.
    pub fn chosen(&self, kind: TermKind) -> Vec<String> {
        let mut found = self.terms.iter().filter_map(|term| match (term, kind) {
            (
                Term::Status {
                    negated: false,
                    values,
                },
                TermKind::Status,
            ) => Some(values.iter().map(|v| v.as_str().to_string()).collect()),
            (
                Term::Platform {
                    negated: false,
                    values,
                },
                TermKind::Platform,
            ) => Some(values.iter().map(|v| v.as_str().to_string()).collect()),
            _ => None,
        });
        match (found.next(), found.next()) {
            (Some(values), None) => values,
            _ => Vec::new(),
        }
    }

    /// True when every post passing `self` also passes `wider`: each of `wider`'s terms is
    /// implied by one of `self`'s (the same term, or a word that contains the wider word), so
    /// typing one more character only narrows.
    pub fn narrows(&self, wider: &Query) -> bool {
        wider
            .terms
            .iter()
            .all(|old| self.terms.iter().any(|new| new.implies(old)))
    }

    /// What list-posts can filter by itself: a single positive status or platform, and the
    /// bounds of the scheduled time.
    pub fn server_filter(&self) -> ServerFilter {
        let mut filter = ServerFilter::default();
        let statuses: Vec<_> = self
            .terms
            .iter()
            .filter_map(|t| match t {
                Term::Status {
                    negated: false,
                    values,
                } => Some(values),
                _ => None,
            })
            .collect();
        if let [values] = statuses.as_slice()
            && let [status] = values.as_slice()
        {
            filter.status = Some(status.clone());
        }
        let platforms: Vec<_> = self
            .terms
            .iter()
            .filter_map(|t| match t {
                Term::Platform {
                    negated: false,
                    values,
                } => Some(values),
                _ => None,
            })
            .collect();
        if let [values] = platforms.as_slice()
            && let [platform] = values.as_slice()
        {
            filter.platform = Some(platform.clone());
        }
        for term in &self.terms {
            if let Term::Time(time) = term
                && time.field == TimeField::Scheduled
            {
                let (from, to) = time.bounds_ms();
                if let Some(from) = from {
                    filter.scheduled_from_ms =
                        Some(filter.scheduled_from_ms.map_or(from, |f| f.max(from)));
                }
                if let Some(to) = to {
                    filter.scheduled_to_ms = Some(filter.scheduled_to_ms.map_or(to, |t| t.min(to)));
                }
            }
        }
        filter
    }

    /// The same test as [`Query::matches`] with each word's substring searcher built once.
    pub fn matcher(&self) -> Matcher<'_> {
        Matcher::new(self)
    }
}

/// The kinds of [`Term`], for [`Query::without`] and [`Query::with_choice`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TermKind {
    Text,
    Status,
    Platform,
    Time,
    HasMedia,
}

impl std::fmt::Display for Query {
    /// The query as text that [`Query::parse`] reads back to the same query.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, term) in self.terms.iter().enumerate() {
            if i > 0 {
                f.write_str(" ")?;
            }
            write!(f, "{term}")?;
        }
        Ok(())
    }
}

/// [`Query::matches`] with every word's SIMD substring searcher built once, so that testing many
/// posts costs no allocation per post. Cheap terms (status, platform, media, times) are tested
/// before words.
#[derive(Debug)]
pub struct Matcher<'q> {
    structural: Vec<&'q Term>,
    words: Vec<(bool, memchr::memmem::Finder<'q>)>,
}

impl<'q> Matcher<'q> {
    fn new(query: &'q Query) -> Self {
        let mut structural = Vec::new();
        let mut words = Vec::new();
        for term in &query.terms {
            match term {
                Term::Text(text) => words.push((
                    text.negated,
                    memchr::memmem::Finder::new(text.needle.as_bytes()),
                )),
                other => structural.push(other),
            }
        }
        Self { structural, words }
    }

    /// True when `subject` passes every term.
    pub fn matches(&self, subject: &Subject<'_>) -> bool {
        self.structural.iter().all(|term| term.holds(subject))
            && self.words.iter().all(|(negated, finder)| {
                let found = finder.find(subject.text.as_bytes()).is_some()
                    || finder.find(subject.id.as_bytes()).is_some();
                found != *negated
            })
    }
}
