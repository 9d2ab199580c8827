//! The list-posts sort parameters `sortBy` and `sortOrder` (POSTPOST_API.md §3.1).

use std::str::FromStr;

/// Sort field of list-posts `sortBy` (POSTPOST_API.md §3.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum SortField {
    /// `createdAt` (the default).
    #[default]
    CreatedAt,
    /// `scheduledTime`.
    ScheduledTime,
    /// `updatedAt`.
    UpdatedAt,
}

impl SortField {
    /// Every field, in the order the sort key cycles.
    pub const ALL: [SortField; 3] = [Self::CreatedAt, Self::ScheduledTime, Self::UpdatedAt];

    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::CreatedAt => "createdAt",
            Self::ScheduledTime => "scheduledTime",
            Self::UpdatedAt => "updatedAt",
        }
    }

    /// A short label for the screen.
    pub fn label(self) -> &'static str {
        match self {
            Self::CreatedAt => "created",
            Self::ScheduledTime => "scheduled",
            Self::UpdatedAt => "updated",
        }
    }
}

impl FromStr for SortField {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "createdat" | "created" => Ok(Self::CreatedAt),
            "scheduledtime" | "scheduled" => Ok(Self::ScheduledTime),
            "updatedat" | "updated" => Ok(Self::UpdatedAt),
            _ => Err(format!(
                "unknown sort field {s:?}: expected created, scheduled or updated"
            )),
        }
    }
}

/// Sort order of list-posts `sortOrder` (POSTPOST_API.md §3.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum SortOrder {
    /// `asc`.
    Asc,
    /// `desc` (the default).
    #[default]
    Desc,
}

impl SortOrder {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Asc => "asc",
            Self::Desc => "desc",
        }
    }
}
