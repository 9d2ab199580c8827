//! What the list shows ([`Filter`]: a query and a connection) and in which order ([`Sort`]).

use crate::api::model::{SortField, SortOrder};
use crate::app::query::{Matcher, Query};

use super::rows::PostRow;

/// What the list shows: the query (DESIGN §8) and the connection chosen on the connections
/// screen.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Filter {
    /// The query as typed, or as a picker or a saved view wrote it.
    pub text: String,
    /// `text` parsed.
    pub query: Query,
    /// Only posts with a target on this connected account: a compound `platformId` (§1.2, as
    /// list-posts' `platforms[].platformId` and platform-connections' `platformId`).
    pub connection: Option<String>,
}

impl Filter {
    /// True when `row`, whose search key is `key`, passes every part of the filter, tested with
    /// `matcher` (this filter's [`Query::matcher`], built once by the caller rather than once per
    /// row).
    pub fn matches(&self, row: &PostRow, key: &str, matcher: &Matcher<'_>) -> bool {
        self.connection
            .as_ref()
            .is_none_or(|id| row.has_platform_id(id))
            && matcher.matches(&row.subject(key))
    }

    /// True when every post passing `self` also passes `wider`: the same connection or none in
    /// `wider`, and a query that narrows `wider`'s (so typing one more character only narrows).
    pub fn narrows(&self, wider: &Filter) -> bool {
        (wider.connection.is_none() || self.connection == wider.connection)
            && self.query.narrows(&wider.query)
    }

    /// True when nothing is filtered.
    pub fn is_empty(&self) -> bool {
        self.query.is_empty() && self.connection.is_none()
    }
}

/// The list's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Sort {
    /// Which time.
    pub field: SortField,
    /// Which way.
    pub order: SortOrder,
}

impl Sort {
    /// The next sort in the cycle: created ↓, created ↑, scheduled ↓, scheduled ↑, updated ↓, …
    pub fn next(self) -> Self {
        match self.order {
            SortOrder::Desc => Self {
                field: self.field,
                order: SortOrder::Asc,
            },
            SortOrder::Asc => {
                let position = SortField::ALL
                    .iter()
                    .position(|f| *f == self.field)
                    .unwrap_or(0);
                Self {
                    field: SortField::ALL[(position + 1) % SortField::ALL.len()],
                    order: SortOrder::Desc,
                }
            }
        }
    }

    /// `created ↓`.
    pub fn label(self) -> String {
        let arrow = match self.order {
            SortOrder::Asc => '↑',
            SortOrder::Desc => '↓',
        };
        format!("{} {arrow}", self.field.label())
    }
}
