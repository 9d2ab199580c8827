//! Every style the UI uses, in one struct (DESIGN §5), so a theme in the config can later
//! replace it whole. Widgets take their colours from here and nowhere else.

use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders};

use crate::api::model::{PlatformStatus, PostLogEvent, PostStatus, TokenStatus};
use crate::app::state::NoticeLevel;

/// The styles of the UI.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Theme {
    /// Header line.
    pub header: Style,
    /// The "DEMO" badge in the header.
    pub demo_badge: Style,
    /// Filter bar labels.
    pub label: Style,
    /// Filter bar values that narrow the list.
    pub active_filter: Style,
    /// The cursor row.
    pub cursor: Style,
    /// A marked row.
    pub marked: Style,
    /// Pane borders.
    pub border: Style,
    /// The border of the pane with focus.
    pub border_focus: Style,
    /// Dimmed text (ids, hints).
    pub dim: Style,
    /// Keys in hints and help.
    pub key: Style,
    /// Dialog border.
    pub dialog: Style,
    /// Warnings inside dialogs.
    pub warning: Style,
    /// Job gauge.
    pub gauge: Style,
}

impl Default for Theme {
    fn default() -> Self {
        Self {
            header: Style::new().fg(Color::Black).bg(Color::Cyan),
            demo_badge: Style::new()
                .fg(Color::Black)
                .bg(Color::Yellow)
                .add_modifier(Modifier::BOLD),
            label: Style::new().fg(Color::DarkGray),
            active_filter: Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
            cursor: Style::new().add_modifier(Modifier::REVERSED),
            marked: Style::new().fg(Color::Magenta).add_modifier(Modifier::BOLD),
            border: Style::new().fg(Color::DarkGray),
            border_focus: Style::new().fg(Color::Cyan),
            dim: Style::new().fg(Color::DarkGray),
            key: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            dialog: Style::new().fg(Color::Yellow),
            warning: Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            gauge: Style::new().fg(Color::Green).bg(Color::Black),
        }
    }
}

impl Theme {
    /// A bordered pane titled `title`, its border lit when it has focus.
    pub fn pane<'a>(&self, title: impl Into<Line<'a>>, focused: bool) -> Block<'a> {
        Block::default()
            .borders(Borders::ALL)
            .border_style(if focused {
                self.border_focus
            } else {
                self.border
            })
            .title(title)
    }

    /// Colour of a group status.
    pub fn status(&self, status: &PostStatus) -> Style {
        match status {
            PostStatus::Draft => Style::new().fg(Color::Gray),
            PostStatus::Scheduled => Style::new().fg(Color::Blue),
            PostStatus::Published => Style::new().fg(Color::Green),
            PostStatus::Failed => Style::new().fg(Color::Red),
            PostStatus::PartiallyPublished => Style::new().fg(Color::Yellow),
            PostStatus::Other(_) => Style::new().fg(Color::Magenta),
        }
    }

    /// Colour of a per-platform status.
    pub fn platform_status(&self, status: &PlatformStatus) -> Style {
        match status {
            PlatformStatus::Published => Style::new().fg(Color::Green),
            PlatformStatus::Failed => Style::new().fg(Color::Red),
            PlatformStatus::Scheduled | PlatformStatus::Pending | PlatformStatus::Processing => {
                Style::new().fg(Color::Blue)
            }
            PlatformStatus::Draft => Style::new().fg(Color::Gray),
            PlatformStatus::Other(_) => Style::new().fg(Color::Magenta),
        }
    }

    /// Colour of a connection's `tokenStatus` (§2.4): valid green, expiring soon yellow,
    /// expired red, unknown dim, anything else magenta.
    pub fn token_status(&self, status: &TokenStatus) -> Style {
        match status {
            TokenStatus::Valid => Style::new().fg(Color::Green),
            TokenStatus::ExpiringSoon => {
                Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD)
            }
            TokenStatus::Expired => Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            TokenStatus::Unknown => self.dim,
            TokenStatus::Other(_) => Style::new().fg(Color::Magenta),
        }
    }

    /// Colour of a post-log `event` (§2.4): successes green, failures red, attempts and
    /// processing blue, the rest plain.
    pub fn log_event(&self, event: &PostLogEvent) -> Style {
        match event {
            PostLogEvent::PublishSucceeded => Style::new().fg(Color::Green),
            PostLogEvent::PublishFailed => Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            PostLogEvent::PublishAttempted | PostLogEvent::Processing => {
                Style::new().fg(Color::Blue)
            }
            PostLogEvent::Scheduled | PostLogEvent::StatusChanged => Style::new(),
            PostLogEvent::Other(_) => Style::new().fg(Color::Magenta),
        }
    }

    /// Colour of a notice.
    pub fn notice(&self, level: NoticeLevel) -> Style {
        match level {
            NoticeLevel::Info => Style::new().fg(Color::Green),
            NoticeLevel::Warn => Style::new().fg(Color::Yellow),
            NoticeLevel::Error => Style::new().fg(Color::White).bg(Color::Red),
        }
    }
}
