//! The detail pane: the post under the cursor, from its list row (status, times, media) and
//! from get-post (POSTPOST_API.md §3.2: per-platform status, posted id, error object §2.3) once
//! that answer is cached. Every remote string goes through `sanitize`.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::list::format_time;
use super::{DrawContext, sanitize};
use crate::api::model::{Platform, PlatformError, PlatformStatus, Timestamp};
use crate::app::state::{AppState, DetailEntry, DetailTab, Focus};
use crate::ui::Theme;

/// Content beyond this many chars is cut in the pane (the rest is counted, not drawn).
const MAX_CONTENT_CHARS: usize = 20_000;

fn time_text(ts: Option<&Timestamp>, context: &DrawContext) -> String {
    match ts {
        None => "—".into(),
        Some(ts) => match ts.parsed {
            Some(instant) => format_time(instant, context.time_zone),
            None => format!("unknown ({})", sanitize::sanitize_line(&ts.raw)),
        },
    }
}

fn error_lines(error: &PlatformError) -> Vec<String> {
    let mut head = sanitize::sanitize_line(&error.code);
    if !error.message.is_empty() {
        head.push_str(": ");
        head.push_str(&sanitize::sanitize_line(&error.message));
    }
    let mut facts = Vec::new();
    if let Some(code) = error.platform_status_code {
        facts.push(format!("HTTP {code}"));
    }
    match error.retryable {
        Some(true) => facts.push("retryable".into()),
        Some(false) => facts.push("not retryable".into()),
        None => {}
    }
    if !facts.is_empty() {
        head.push_str(&format!(" ({})", facts.join(", ")));
    }
    let mut lines = vec![head];
    if let Some(platform_error) = error.platform_error.as_deref().filter(|e| !e.is_empty()) {
        lines.push(format!(
            "network said: {}",
            sanitize::sanitize_line(platform_error)
        ));
    }
    if let Some(at) = &error.failed_at {
        lines.push(format!("failed at {}", sanitize::sanitize_line(&at.raw)));
    }
    lines
}

/// `  platform  status     account` for one target of the post.
fn target_spans(
    platform: &Platform,
    status: &PlatformStatus,
    platform_id: &str,
    theme: &Theme,
) -> Vec<Span<'static>> {
    vec![
        Span::raw(format!(
            "  {:<10}",
            sanitize::sanitize_line(platform.as_str())
        )),
        Span::styled(
            format!("{:<11}", sanitize::sanitize_line(status.as_str())),
            theme.platform_status(status),
        ),
        Span::styled(sanitize::sanitize_line(platform_id), theme.dim),
    ]
}

/// ` Detail: post | logs ` with the shown tab lit.
fn tab_title(state: &AppState, theme: &Theme) -> Line<'static> {
    let mut spans = vec![Span::raw(" Detail: ")];
    for (i, tab) in DetailTab::ALL.iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled(" | ", theme.dim));
        }
        let style = if *tab == state.detail_tab {
            theme.active_filter
        } else {
            theme.dim
        };
        spans.push(Span::styled(tab.label(), style));
    }
    spans.push(Span::raw(" "));
    Line::from(spans)
}

/// Draws the detail pane into `area`.
pub fn draw(frame: &mut Frame, area: Rect, state: &AppState, context: &DrawContext) {
    let theme = &context.theme;
    let block = theme.pane(tab_title(state, theme), state.focus == Focus::Detail);
    let Some(row) = state.cursor_row() else {
        frame.render_widget(Paragraph::new("No post selected.").block(block), area);
        return;
    };
    let post = &row.post;
    let label = |text: &str| Span::styled(format!("{text:<10}"), theme.label);
    let mut lines: Vec<Line> = vec![
        Line::from(vec![
            label("id"),
            Span::raw(sanitize::sanitize_line(post.post_group_id.as_str())),
        ]),
        Line::from(vec![
            label("status"),
            Span::styled(
                sanitize::sanitize_line(post.status.as_str()),
                theme.status(&post.status),
            ),
        ]),
        Line::from(vec![
            label("scheduled"),
            Span::raw(time_text(post.scheduled_time.as_ref(), context)),
        ]),
        Line::from(vec![
            label("created"),
            Span::raw(time_text(post.created_at.as_ref(), context)),
        ]),
        Line::from(vec![
            label("updated"),
            Span::raw(time_text(post.updated_at.as_ref(), context)),
        ]),
    ];
    if let Some(error) = &row.last_error {
        lines.push(Line::from(vec![
            label("delete"),
            Span::styled(
                format!("failed: {}", sanitize::sanitize_line(error)),
                theme.warning,
            ),
        ]));
    }
    lines.push(Line::default());
    lines.push(Line::styled("Platforms", theme.label));
    let detail = state.details.get(row.id()).map(|slot| &slot.entry);
    match detail {
        Some(DetailEntry::Loaded(detail)) => {
            if detail.posts.is_empty() {
                lines.push(Line::styled("  (no platform posts)", theme.dim));
            }
            for target in &detail.posts {
                let mut spans =
                    target_spans(&target.platform, &target.status, &target.platform_id, theme);
                if let Some(posted) = &target.posted_id {
                    spans.push(Span::styled(
                        format!("  posted {}", sanitize::sanitize_line(posted)),
                        theme.dim,
                    ));
                }
                lines.push(Line::from(spans));
                if let Some(error) = &target.error {
                    for text in error_lines(error) {
                        lines.push(Line::styled(format!("      {text}"), theme.warning));
                    }
                }
            }
        }
        other => {
            for target in &post.platforms {
                lines.push(Line::from(target_spans(
                    &target.platform,
                    &target.status,
                    &target.platform_id,
                    theme,
                )));
            }
            match other {
                Some(DetailEntry::Failed(error)) => lines.push(Line::styled(
                    format!("  details unavailable: {}", sanitize::sanitize_line(error)),
                    theme.warning,
                )),
                _ => lines.push(Line::styled("  loading details…", theme.dim)),
            }
        }
    }
    if !post.media_urls.is_empty() {
        lines.push(Line::default());
        lines.push(Line::styled(
            format!("Media ({})", post.media_urls.len()),
            theme.label,
        ));
        for url in &post.media_urls {
            lines.push(Line::raw(format!("  {}", sanitize::sanitize_line(url))));
        }
    }
    lines.push(Line::default());
    lines.push(Line::styled("Content", theme.label));
    match post.content.as_deref() {
        None => lines.push(Line::styled("(no content)", theme.dim)),
        Some(content) => {
            let total = content.chars().count();
            let shown: String = content.chars().take(MAX_CONTENT_CHARS).collect();
            for line in sanitize::sanitize_lines(&shown) {
                lines.push(Line::raw(line));
            }
            if total > MAX_CONTENT_CHARS {
                lines.push(Line::styled(
                    format!("… {} more characters not shown", total - MAX_CONTENT_CHARS),
                    theme.dim,
                ));
            }
        }
    }
    let paragraph = Paragraph::new(lines)
        .block(block)
        .style(Style::new())
        .wrap(Wrap { trim: false })
        .scroll((state.detail_scroll, 0));
    frame.render_widget(paragraph, area);
}
