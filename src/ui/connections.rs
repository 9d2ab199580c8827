//! The connections screen (issue 6 item 2): the account's platform connections from
//! platform-connections (POSTPOST_API.md §5.1) as a table (platform, username, display name,
//! token status coloured by §2.4, expires in, loaded posts per account, last successful post,
//! last error), the cursor's connection in full below it (profile, expiry instant, last error
//! with its time), and the loading, failed and empty states. Drawing only: the list, its cursor
//! and the post counts live in `AppState::connections`. Every remote string goes through
//! `sanitize`.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, Wrap};

use super::list::format_time;
use super::{DrawContext, sanitize};
use crate::api::model::{PlatformConnection, Timestamp};
use crate::app::state::{AppState, ConnectionsLoad};

/// Below this body height the detail block under the table is left out.
const DETAIL_MIN_BODY_HEIGHT: u16 = 14;
/// Rows of the detail block, borders included.
const DETAIL_HEIGHT: u16 = 7;

/// A time for the screen, `—` when absent, `unknown (raw)` when it does not parse.
fn time_text(ts: Option<&Timestamp>, context: &DrawContext) -> String {
    match ts {
        None => "—".into(),
        Some(ts) => match ts.parsed {
            Some(instant) => format_time(instant, context.time_zone),
            None => format!("unknown ({})", sanitize::sanitize_line(&ts.raw)),
        },
    }
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
    let title = format!(" Connections ({}) ", view.list.len());
    let block = theme.pane(title, true);
    let message = match &view.load {
        ConnectionsLoad::NotAsked | ConnectionsLoad::Loading if view.list.is_empty() => {
            Some("Loading connections…".to_string())
        }
        ConnectionsLoad::Failed { error, hint } if view.list.is_empty() => {
            let hint = hint.map(|h| format!("{h}\n")).unwrap_or_default();
            Some(format!(
                "Could not load connections: {error}\n\n{hint}r retries"
            ))
        }
        ConnectionsLoad::Loaded if view.list.is_empty() => Some(
            "No connected accounts. Accounts are connected in the PostPost dashboard; r reloads."
                .to_string(),
        ),
        _ => None,
    };
    if let Some(message) = message {
        let paragraph = Paragraph::new(sanitize::sanitize_lines(&message).join("\n"))
            .block(block)
            .wrap(Wrap { trim: false });
        frame.render_widget(paragraph, area);
        return;
    }
    let detail_height = if area.height >= DETAIL_MIN_BODY_HEIGHT {
        DETAIL_HEIGHT
    } else {
        0
    };
    let [table_area, detail_area] =
        Layout::vertical([Constraint::Min(3), Constraint::Length(detail_height)]).areas(area);
    draw_table(frame, table_area, state, context, block);
    if detail_height > 0
        && let Some(connection) = view.cursor_connection()
    {
        draw_detail(frame, detail_area, state, connection, context);
    }
}

fn draw_table(
    frame: &mut Frame,
    area: Rect,
    state: &AppState,
    context: &DrawContext,
    block: ratatui::widgets::Block<'_>,
) {
    let theme = &context.theme;
    let view = &state.connections;
    // Only the rows that fit are built; the cursor stays in sight.
    let height = usize::from(area.height.saturating_sub(3)).max(1);
    let start = view.cursor.saturating_sub(height - 1);
    let end = (start + height).min(view.list.len());
    let rows: Vec<Row> = (start..end)
        .map(|position| {
            let connection = &view.list[position];
            let last_error = connection
                .last_error
                .as_ref()
                .map_or_else(|| "—".to_string(), |e| sanitize::sanitize_line(&e.message));
            let row = Row::new(vec![
                Cell::from(sanitize::sanitize_line(connection.platform().as_str())),
                Cell::from(sanitize::sanitize_line(&connection.username)),
                Cell::from(
                    connection
                        .display_name
                        .as_deref()
                        .map_or_else(|| "—".to_string(), sanitize::sanitize_line),
                ),
                Cell::from(Span::styled(
                    sanitize::sanitize_line(connection.token_status.as_str()),
                    theme.token_status(&connection.token_status),
                )),
                Cell::from(expires_in(connection)),
                Cell::from(format!("{:>5}", view.post_count(&connection.platform_id))),
                Cell::from(time_text(connection.last_successful_post.as_ref(), context)),
                Cell::from(Span::styled(
                    last_error,
                    if connection.last_error.is_some() {
                        theme.warning
                    } else {
                        theme.dim
                    },
                )),
            ]);
            if position == view.cursor {
                row.style(theme.cursor)
            } else {
                row
            }
        })
        .collect();
    let header = Row::new(vec![
        "platform",
        "username",
        "display name",
        "token",
        "expires",
        "posts",
        "last post",
        "last error",
    ])
    .style(theme.label);
    let table = Table::new(
        rows,
        [
            Constraint::Length(9),
            Constraint::Length(16),
            Constraint::Length(14),
            Constraint::Length(13),
            Constraint::Length(8),
            Constraint::Length(5),
            Constraint::Length(16),
            Constraint::Min(6),
        ],
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
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        area,
    );
}
