//! What the list shows ([`Filter`]) and in which order ([`Sort`]).

use crate::api::model::{Platform, PostStatus, SortField, SortOrder};

use super::rows::PostRow;

/// What the list shows.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Filter {
    /// Only this group status.
    pub status: Option<PostStatus>,
    /// Only posts with a target on this platform.
    pub platform: Option<Platform>,
    /// Case-insensitive substring of content or id; empty = all.
    pub text: String,
    /// Only posts with a target on this connected account: a compound `platformId` (§1.2, as
    /// list-posts' `platforms[].platformId` and platform-connections' `platformId`).
    pub connection: Option<String>,
}

impl Filter {
    /// True when `row` passes every part of the filter. `needle` is a searcher for `text`
    /// lower-cased, built once by the caller ([`Filter::needle`]) rather than once per row.
    pub fn matches(&self, row: &PostRow, needle: &memchr::memmem::Finder<'_>) -> bool {
        self.status.as_ref().is_none_or(|s| &row.post.status == s)
            && self.platform.as_ref().is_none_or(|p| row.has_platform(p))
            && self
                .connection
                .as_ref()
                .is_none_or(|id| row.has_platform_id(id))
            && (needle.needle().is_empty() || needle.find(row.search_key.as_bytes()).is_some())
    }

    /// A SIMD substring searcher for the lower-cased text (the search keys are lower-cased).
    pub fn needle(&self) -> memchr::memmem::Finder<'static> {
        memchr::memmem::Finder::new(self.text.to_lowercase().as_bytes()).into_owned()
    }

    /// True when every post passing `self` also passes `wider`: same status and platform, the
    /// same connection or none in `wider`, and this text contains the wider one (so typing one
    /// more character only narrows).
    pub fn narrows(&self, wider: &Filter) -> bool {
        self.status == wider.status
            && self.platform == wider.platform
            && (wider.connection.is_none() || self.connection == wider.connection)
            && self
                .text
                .to_lowercase()
                .contains(&wider.text.to_lowercase())
    }

    /// True when nothing is filtered.
    pub fn is_empty(&self) -> bool {
        self.status.is_none()
            && self.platform.is_none()
            && self.text.is_empty()
            && self.connection.is_none()
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
