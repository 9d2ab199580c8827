//! The connections screen: the account's platform connections from
//! platform-connections (POSTPOST_API.md §5.1) as a table (platform, username, display name,
//! token status coloured by §2.4, expires in, loaded posts per account, last successful post,
//! last error), the cursor's connection in full below it (profile, expiry instant, last error
//! with its time), and the loading, failed and empty states. Drawing only: the list, its cursor
//! and the post counts live in `AppState::connections`. Every remote string goes through
//! `sanitize`.
//!
//! Narrow tables keep the platform, username and token status (a short word: `valid`,
//! `expiring`, `expired`, `unknown`, in its colour) and drop the display name, last post, last
//! error, post count and expiry in that order; cut text ends with `…`. [`hit`] maps a cell
//! back to a row for the mouse, from the same layout.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table};

use super::DrawContext;
use super::wrap::wrap_lines;
use crate::api::model::{PlatformConnection, Timestamp, TokenStatus};
use crate::app::keymap::Hit;
use crate::app::state::{AppState, ConnectionsLoad};
use crate::text::sanitize;

/// Below this body height the detail block under the table is left out.
const DETAIL_MIN_BODY_HEIGHT: u16 = 14;
/// Rows of the detail block, borders included.
const DETAIL_HEIGHT: u16 = 7;

/// A time for the screen, `—` when absent, `unknown (raw)` when it does not parse.
fn time_text(ts: Option<&Timestamp>, context: &DrawContext) -> String {
    super::list::time_text(ts, context.time_zone)
}

/// `tokenExpiresIn` as sent, or `never` for a token without expiry.
fn expires_in(connection: &PlatformConnection) -> String {
    match connection.token_expires_in.as_deref() {
        Some(text) => sanitize::sanitize_line(text),
        None if connection.access_token_expires_at.is_none() => "never".into(),
        None => "—".into(),
    }
}

/// Draws the connections screen into `area`.
pub fn draw(frame: &mut Frame, area: Rect, state: &AppState, context: &DrawContext) {
    let theme = &context.theme;
    let view = &state.connections;
    let title = format!(" Connections ({}) ", view.list().len());
    let block = theme.pane(title, true);
    let message = match view.load() {
        ConnectionsLoad::NotAsked | ConnectionsLoad::Loading if view.list().is_empty() => {
            Some("Loading connections…".to_string())
        }
        ConnectionsLoad::Failed { error, hint } if view.list().is_empty() => {
            let hint = hint.map(|h| format!("{h}\n")).unwrap_or_default();
            Some(format!(
                "Could not load connections: {error}\n\n{hint}r retries"
            ))
        }
        ConnectionsLoad::Loaded if view.list().is_empty() => Some(
            "No connected accounts. Accounts are connected in the PostPost dashboard; r reloads."
                .to_string(),
        ),
        _ => None,
    };
    if let Some(message) = message {
        let lines: Vec<Line> = sanitize::sanitize_lines(&message)
            .into_iter()
            .map(Line::from)
            .collect();
        let rows = wrap_lines(&lines, block.inner(area).width);
        let paragraph = Paragraph::new(rows).block(block);
        frame.render_widget(paragraph, area);
        return;
    }
    let table = table_area(area);
    let detail_area = Rect {
        y: table.bottom(),
        height: area.bottom().saturating_sub(table.bottom()),
        ..area
    };
    draw_table(frame, table, state, context, block, visible_rows(area));
    if detail_area.height > 0
        && let Some(connection) = view.cursor_connection()
    {
        draw_detail(frame, detail_area, state, connection, context);
    }
}

/// The table's columns, in the order drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Platform,
    Username,
    DisplayName,
    Token,
    Expires,
    Posts,
    LastPost,
    LastError,
}

impl Column {
    const ALL: [Self; 8] = [
        Self::Platform,
        Self::Username,
        Self::DisplayName,
        Self::Token,
        Self::Expires,
        Self::Posts,
        Self::LastPost,
        Self::LastError,
    ];

    /// Cells the column takes (the last error takes what is left, at least this).
    fn width(self) -> u16 {
        match self {
            Self::Platform => 9,
            Self::Username => 16,
            Self::DisplayName => 14,
            Self::Token => 8,
            Self::Expires => 8,
            Self::Posts => 5,
            Self::LastPost => 16,
            Self::LastError => 10,
        }
    }

    /// The order columns leave a narrow table in: the display name first (the username
    /// names the account too), then the last post, the last error, the post count and the
    /// expiry; the platform, username and token stay. The block below the table shows the
    /// cursor's account in full.
    fn dropped_first(self) -> u8 {
        match self {
            Self::DisplayName => 5,
            Self::LastPost => 4,
            Self::LastError => 3,
            Self::Posts => 2,
            Self::Expires => 1,
            Self::Platform | Self::Username | Self::Token => 0,
        }
    }

    fn header(self) -> &'static str {
        match self {
            Self::Platform => "platform",
            Self::Username => "username",
            Self::DisplayName => "display name",
            Self::Token => "token",
            Self::Expires => "expires",
            Self::Posts => "posts",
            Self::LastPost => "last post",
            Self::LastError => "last error",
        }
    }
}

/// The columns a table `inner_width` cells wide shows, with their widths: every column when
/// it fits, else the least important leave first; what is left over widens the last error,
/// or the username when the last error is gone.
fn columns_for(inner_width: u16) -> Vec<(Column, u16)> {
    let mut columns: Vec<Column> = Column::ALL.to_vec();
    let needed = |columns: &[Column]| -> u16 {
        let cells: u16 = columns.iter().map(|c| c.width()).sum();
        cells + u16::try_from(columns.len().saturating_sub(1)).unwrap_or(u16::MAX)
    };
    while needed(&columns) > inner_width {
        let Some(drop) = columns
            .iter()
            .copied()
            .filter(|c| c.dropped_first() > 0)
            .max_by_key(|c| c.dropped_first())
        else {
            break;
        };
        columns.retain(|c| *c != drop);
    }
    let spare = inner_width.saturating_sub(needed(&columns));
    let widen = if columns.contains(&Column::LastError) {
        Column::LastError
    } else {
        Column::Username
    };
    columns
        .into_iter()
        .map(|c| {
            let extra = match c {
                _ if c != widen => 0,
                Column::Username => spare.min(14),
                _ => spare,
            };
            (c, c.width() + extra)
        })
        .collect()
}

/// The token status as one short word: `valid`, `expiring`, `expired`, `unknown`.
fn token_word(connection: &PlatformConnection) -> String {
    match &connection.token_status {
        TokenStatus::ExpiringSoon => "expiring".into(),
        other => sanitize::sanitize_line(other.as_str()),
    }
}

/// Rows of connections a body of `body` shows: the table's height less its borders and header.
pub fn visible_rows(body: Rect) -> usize {
    usize::from(table_area(body).height.saturating_sub(3)).max(1)
}

/// Where the table goes in the body (the detail block takes the bottom rows when tall enough).
fn table_area(body: Rect) -> Rect {
    let detail_height = if body.height >= DETAIL_MIN_BODY_HEIGHT {
        DETAIL_HEIGHT
    } else {
        0
    };
    let [table, _] =
        Layout::vertical([Constraint::Min(3), Constraint::Length(detail_height)]).areas(body);
    table
}

/// What cell (`column`, `row`) of the body `body` holds on the connections screen, by the
/// layout of [`draw`]: a row of the table (its position in the list) or the table elsewhere.
pub fn hit(body: Rect, state: &AppState, column: u16, row: u16) -> Hit {
    let view = &state.connections;
    let area = table_area(body);
    let inside_table = area.contains(ratatui::layout::Position::new(column, row));
    if !inside_table {
        return Hit::Nothing;
    }
    let first_line = area.y.saturating_add(2);
    let last_line = area.y.saturating_add(area.height.saturating_sub(1));
    let inner = column > area.x && column < area.x.saturating_add(area.width.saturating_sub(1));
    if !inner || row < first_line || row >= last_line || view.list().is_empty() {
        return Hit::Connections;
    }
    let position = view.first_row(visible_rows(body)) + usize::from(row - first_line);
    if position >= view.list().len() {
        return Hit::Connections;
    }
    Hit::ConnectionRow(position)
}

fn draw_table(
    frame: &mut Frame,
    area: Rect,
    state: &AppState,
    context: &DrawContext,
    block: ratatui::widgets::Block<'_>,
    rows_shown: usize,
) {
    let theme = &context.theme;
    let view = &state.connections;
    let columns = columns_for(area.width.saturating_sub(2));
    // Only the rows that fit are built; the cursor stays in sight.
    let start = view.first_row(rows_shown);
    let end = (start + rows_shown).min(view.list().len());
    let fit = |text: String, width: u16| sanitize::truncate_to_width(&text, usize::from(width));
    let rows: Vec<Row> = (start..end)
        .map(|position| {
            let connection = &view.list()[position];
            let cells: Vec<Cell> = columns
                .iter()
                .map(|&(column, width)| match column {
                    Column::Platform => Cell::from(fit(
                        sanitize::sanitize_line(connection.platform().as_str()),
                        width,
                    )),
                    Column::Username => {
                        Cell::from(fit(sanitize::sanitize_line(&connection.username), width))
                    }
                    Column::DisplayName => Cell::from(fit(
                        connection
                            .display_name
                            .as_deref()
                            .map_or_else(|| "—".to_string(), sanitize::sanitize_line),
                        width,
                    )),
                    Column::Token => Cell::from(Span::styled(
                        fit(token_word(connection), width),
                        theme.token_status(&connection.token_status),
                    )),
                    Column::Expires => Cell::from(fit(expires_in(connection), width)),
                    Column::Posts => {
                        Cell::from(format!("{:>5}", view.post_count(&connection.platform_id)))
                    }
                    Column::LastPost => Cell::from(fit(
                        time_text(connection.last_successful_post.as_ref(), context),
                        width,
                    )),
                    Column::LastError => Cell::from(Span::styled(
                        fit(
                            connection.last_error.as_ref().map_or_else(
                                || "—".to_string(),
                                |e| sanitize::sanitize_line(&e.message),
                            ),
                            width,
                        ),
                        if connection.last_error.is_some() {
                            theme.warning
                        } else {
                            theme.dim
                        },
                    )),
                })
                .collect();
            let row = Row::new(cells);
            if position == view.cursor() {
                row.style(theme.cursor)
            } else {
                row
            }
        })
        .collect();
    let header = Row::new(columns.iter().map(|(column, _)| column.header())).style(theme.label);
    let table = Table::new(
        rows,
        columns.iter().map(|&(_, width)| Constraint::Length(width)),
    )
    .header(header)
    .column_spacing(1)
    .block(block);
    frame.render_widget(table, area);
}

/// The cursor's connection in full.
fn draw_detail(
    frame: &mut Frame,
    area: Rect,
    state: &AppState,
    connection: &PlatformConnection,
    context: &DrawContext,
) {
    let theme = &context.theme;
    let label = |text: &str| Span::styled(format!("{text:<11}"), theme.label);
    let or_dash =
        |text: Option<&str>| text.map_or_else(|| "—".to_string(), sanitize::sanitize_line);
    let expiry = match &connection.access_token_expires_at {
        None => "never expires".to_string(),
        Some(at) => format!("expires {}", time_text(Some(at), context)),
    };
    let mut lines = vec![
        Line::from(vec![
            label("account"),
            Span::raw(sanitize::sanitize_line(&connection.platform_id)),
            Span::styled("  ", theme.dim),
            Span::raw(or_dash(connection.profile_url.as_deref())),
        ]),
        Line::from(vec![
            label("token"),
            Span::styled(
                sanitize::sanitize_line(connection.token_status.as_str()),
                theme.token_status(&connection.token_status),
            ),
            Span::raw(
                match (
                    &connection.access_token_expires_at,
                    &connection.token_expires_in,
                ) {
                    // A token that never expires needs no "in …" (and "expired" reads alone).
                    (None, _) => format!(" · {expiry}"),
                    (Some(_), Some(left)) if left == "expired" => format!(" · {expiry}"),
                    _ => format!(" · {expiry} · in {}", expires_in(connection)),
                },
            ),
        ]),
        Line::from(vec![
            label("posts"),
            Span::raw(format!(
                "{} loaded posts target it · last successful post {}",
                state.connections.post_count(&connection.platform_id),
                time_text(connection.last_successful_post.as_ref(), context)
            )),
        ]),
    ];
    match &connection.last_error {
        None => lines.push(Line::from(vec![
            label("last error"),
            Span::styled("none", theme.dim),
        ])),
        Some(error) => lines.push(Line::from(vec![
            label("last error"),
            Span::styled(
                format!(
                    "{} · {}",
                    time_text(error.occurred_at.as_ref(), context),
                    sanitize::sanitize_line(&error.message)
                ),
                theme.warning,
            ),
        ])),
    }
    let name = connection
        .display_name
        .as_deref()
        .unwrap_or(&connection.username);
    let block = theme.pane(
        format!(
            " {} ",
            sanitize::truncate_to_width(&sanitize::sanitize_line(name), 40)
        ),
        false,
    );
    let rows = wrap_lines(&lines, block.inner(area).width);
    frame.render_widget(Paragraph::new(rows).block(block), area);
}
