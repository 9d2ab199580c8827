//! The post list: one row per post of the view, built only for the rows that fit.
//! Columns: mark, status, platforms, the time the list is sorted by, content (already sanitized
//! once per post in `PostRow`). [`hit`] maps a cell of the pane back to a row for the mouse.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table};

use super::DrawContext;
use super::wrap::wrap_lines;
use crate::api::model::{Platform, PostStatus, SortField};
use crate::app::keymap::Hit;
use crate::app::state::{AppState, Focus, PostRow};
use crate::text::sanitize;
use crate::time::{TimeZoneChoice, format_time};

/// Two-letter abbreviation of a platform for the list.
pub fn platform_abbrev(platform: &Platform) -> String {
    match platform {
        Platform::Twitter => "X".into(),
        Platform::Linkedin => "in".into(),
        Platform::Instagram => "ig".into(),
        Platform::Threads => "th".into(),
        Platform::Tiktok => "tt".into(),
        Platform::Youtube => "yt".into(),
        Platform::Facebook => "fb".into(),
        Platform::Bluesky => "bs".into(),
        Platform::Mastodon => "md".into(),
        Platform::Telegram => "tg".into(),
        Platform::Pinterest => "pi".into(),
        Platform::Other(name) => sanitize::truncate_to_width(&sanitize::sanitize_line(name), 3),
    }
}

/// A wire time as the screen shows it: formatted in the display zone, `—` when absent, and
/// `unknown (<raw>)` (sanitized) when it does not parse (§1.3).
pub fn time_text(ts: Option<&crate::api::model::Timestamp>, zone: TimeZoneChoice) -> String {
    match ts {
        None => "—".into(),
        Some(ts) => match ts.parsed() {
            Some(instant) => format_time(instant, zone),
            None => format!("unknown ({})", sanitize::sanitize_line(&ts.raw())),
        },
    }
}

fn time_cell(row: &PostRow, field: SortField, zone: TimeZoneChoice) -> String {
    let timestamp = match field {
        SortField::CreatedAt => &row.post.created_at,
        SortField::ScheduledTime => &row.post.scheduled_time,
        SortField::UpdatedAt => &row.post.updated_at,
    };
    match timestamp {
        None => "—".into(),
        Some(ts) => ts
            .parsed()
            .map_or_else(|| "unknown".into(), |t| format_time(t, zone)),
    }
}

/// The row's platforms, abbreviated, in a fixed order (the spec's), the ones the filter
/// names (`first`, wire names) in front, so that `+N` never hides them.
fn platforms_cell(row: &PostRow, first: &[String]) -> String {
    let rank = |platform: &Platform| {
        let known = Platform::KNOWN
            .iter()
            .position(|known| known == platform)
            .unwrap_or(Platform::KNOWN.len());
        (!first.iter().any(|name| name == platform.as_str()), known)
    };
    let mut platforms: Vec<&Platform> = row.post.platforms.iter().map(|t| &t.platform).collect();
    platforms.sort_by_key(|platform| rank(platform));
    let mut names: Vec<String> = Vec::new();
    for platform in platforms {
        let abbrev = platform_abbrev(platform);
        if !names.contains(&abbrev) {
            names.push(abbrev);
        }
    }
    if names.len() > 3 {
        let extra = names.len() - 3;
        names.truncate(3);
        names.push(format!("+{extra}"));
    }
    names.join(" ")
}

/// Cells of the mark column a click may land on: the column and the gap after it.
const MARK_COLUMN_CELLS: u16 = 2;

/// What cell (`column`, `row`) of the list pane drawn in `area` holds, by the layout of
/// [`draw`]: inside the border, the table header, then one row per view position from
/// the list offset; the mark column is the first of the table.
pub fn hit(area: Rect, state: &AppState, column: u16, row: u16) -> Hit {
    let inner_left = area.x.saturating_add(1);
    let first_row = area.y.saturating_add(2);
    let last_row = area.y.saturating_add(area.height.saturating_sub(1));
    let inside = column >= inner_left
        && column < area.x.saturating_add(area.width.saturating_sub(1))
        && row >= first_row
        && row < last_row;
    if !inside || (state.posts.view_len() == 0) {
        return Hit::List;
    }
    let position =
        state.posts.list_offset().min(state.posts.view_len()) + usize::from(row - first_row);
    if position >= state.posts.view_len() {
        return Hit::List;
    }
    Hit::ListRow {
        position,
        mark: column < inner_left + MARK_COLUMN_CELLS,
    }
}

/// Draws the list into `area`.
pub fn draw(frame: &mut Frame, area: Rect, state: &AppState, context: &DrawContext) {
    let theme = &context.theme;
    let block = theme.pane(
        format!(" Posts ({}) ", state.posts.view_len()),
        state.focus() == Focus::List,
    );
    if state.posts.view_len() == 0 {
        let message = if state.load.in_progress() && state.posts.rows().is_empty() {
            "Loading posts…".to_string()
        } else if let (Some(error), true) = (state.load.error(), state.posts.rows().is_empty()) {
            let hint = state
                .load
                .hint()
                .map(|h| format!("{h}\n"))
                .unwrap_or_default();
            format!("Could not load posts: {error}\n\n{hint}r retries")
        } else if !state.posts.filter().is_empty() && !state.posts.rows().is_empty() {
            "No posts match the filter. Esc clears the search and the connection; s and p change the filters.".into()
        } else {
            "No posts. r reloads.".into()
        };
        let lines: Vec<Line> = sanitize::sanitize_lines(&message)
            .into_iter()
            .map(Line::from)
            .collect();
        let rows = wrap_lines(&lines, block.inner(area).width);
        let paragraph = Paragraph::new(rows).block(block);
        frame.render_widget(paragraph, area);
        return;
    }
    let height = usize::from(area.height.saturating_sub(3));
    let posts = &state.posts;
    let named_platforms = posts.picked(crate::app::state::PickerKind::Platform);
    let start = posts.list_offset().min(posts.view_len());
    let in_job = state.jobs.running().map(|job| &job.remaining);
    let rows: Vec<Row> = posts
        .view_window(start, start + height)
        .enumerate()
        .map(|(n, row)| {
            let position = start + n;
            let marked = posts.is_marked(row.id());
            let mark = if in_job.is_some_and(|ids| ids.contains(row.id())) {
                "…"
            } else if row.last_error().is_some() {
                "!"
            } else if marked {
                "●"
            } else {
                " "
            };
            let status = match &row.post.status {
                PostStatus::PartiallyPublished => "partial".to_string(),
                other => sanitize::sanitize_line(other.as_str()),
            };
            let mut style = ratatui::style::Style::new();
            if marked {
                style = style.patch(theme.marked);
            }
            if position == posts.cursor() {
                style = style.patch(theme.cursor);
            }
            Row::new(vec![
                Cell::from(mark),
                Cell::from(Span::styled(status, theme.status(&row.post.status))),
                Cell::from(platforms_cell(row, &named_platforms)),
                Cell::from(time_cell(row, state.posts.sort().field, context.time_zone)),
                Cell::from(row.content_line()),
            ])
            .style(style)
        })
        .collect();
    let header = Row::new(vec![
        Cell::from(""),
        Cell::from("status"),
        Cell::from("platforms"),
        Cell::from(state.posts.sort().field.label()),
        Cell::from("content"),
    ])
    .style(theme.label);
    let table = Table::new(
        rows,
        [
            Constraint::Length(1),
            Constraint::Length(9),
            Constraint::Length(11),
            Constraint::Length(16),
            Constraint::Min(10),
        ],
    )
    .header(header)
    .column_spacing(1)
    .block(block);
    frame.render_widget(table, area);
    if posts.view_len() > height && area.height > 2 {
        let position = format!(" {}/{} ", posts.cursor() + 1, posts.view_len());
        let width = u16::try_from(sanitize::width(&position)).unwrap_or(0);
        if area.width > width + 2 {
            let corner = Rect::new(
                area.x + area.width - width - 1,
                area.y + area.height - 1,
                width,
                1,
            );
            frame.render_widget(Line::styled(position, theme.dim), corner);
        }
    }
}
