//! The detail pane: the post under the cursor, in two tabs. The post tab shows
//! its list row (status, times, media) and get-post (POSTPOST_API.md §3.2: per-platform status,
//! posted id, error object §2.3 with code, message and whether it is worth retrying) once that
//! answer is cached; the logs tab shows the post's log timeline from post-logs (§3.6): local
//! time, event, platform, error, HTTP status, retry count, and whether retrying may help. Every
//! remote string goes through `sanitize`.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::DrawContext;
use super::wrap::wrap_lines;
use crate::api::model::{
    Platform, PlatformError, PlatformStatus, PostLog, PostLogEvent, Timestamp,
};
use crate::app::state::{AppState, DetailEntry, DetailTab, Focus, LogsEntry, PostRow};
use crate::text::{sanitize, wording};
use crate::time::format_time_seconds;
use crate::ui::Theme;

/// Content beyond this many chars is cut in the pane (the rest is counted, not drawn).
const MAX_CONTENT_CHARS: usize = 20_000;

fn time_text(ts: Option<&Timestamp>, context: &DrawContext) -> String {
    super::list::time_text(ts, context.time_zone)
}

/// §2.3's answer to "is it worth retrying": `retryable` true → yes, false → no, absent (the
/// server did not say, as for unknown error codes) → maybe.
pub fn worth_retrying(retryable: Option<bool>) -> &'static str {
    match retryable {
        Some(true) => "yes",
        Some(false) => "no",
        None => "maybe",
    }
}

fn error_lines(error: &PlatformError, context: &DrawContext) -> Vec<String> {
    let mut head = sanitize::sanitize_line(&error.code);
    if !error.message.is_empty() {
        head.push_str(": ");
        head.push_str(&sanitize::sanitize_line(&error.message));
    }
    let mut facts = Vec::new();
    if let Some(code) = error.platform_status_code {
        facts.push(format!("HTTP {code}"));
    }
    facts.push(format!(
        "worth retrying: {}",
        worth_retrying(error.retryable)
    ));
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
        lines.push(format!("failed at {}", time_text(Some(at), context)));
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
        let style = if *tab == state.detail.tab() {
            theme.active_filter
        } else {
            theme.dim
        };
        spans.push(Span::styled(tab.label(), style));
    }
    spans.push(Span::raw(" "));
    Line::from(spans)
}

/// The pane's paragraph for the cursor post and the shown tab in `area`, unscrolled, its lines
/// wrapped to the pane's inner width by [`wrap_lines`] (never past the border); `None`
/// without a cursor post.
fn paragraph<'a>(state: &AppState, context: &DrawContext, area: Rect) -> Option<Paragraph<'a>> {
    let theme = &context.theme;
    let mut block = theme.pane(tab_title(state, theme), state.focus() == Focus::Detail);
    if let Some(position) = scroll_position(state) {
        block = block.title_bottom(Line::styled(position, theme.dim).right_aligned());
    }
    let row = state.detail_row()?;
    let mut lines = match state.detail.tab() {
        DetailTab::Post => post_lines(state, row, context),
        DetailTab::Logs => log_lines(state, row, context),
    };
    if let Some(why) = state.why_hidden(row) {
        // Why the query leaves this post out ("why is this one not marked?").
        lines.insert(0, Line::default());
        lines.insert(
            0,
            Line::styled(
                format!("hidden by {}", sanitize::sanitize_line(&why)),
                theme.warning,
            ),
        );
    }
    let rows = wrap_hanging(&lines, block.inner(area).width);
    Some(Paragraph::new(rows).block(block).style(Style::new()))
}

/// [`wrap_lines`], with the rows that continue an indented line (a platform, an error) indented
/// two cells deeper than it, so they read as part of it and not as the next entry.
fn wrap_hanging(lines: &[Line<'_>], width: u16) -> Vec<Line<'static>> {
    let mut rows = Vec::with_capacity(lines.len());
    for line in lines {
        let text: String = line
            .spans
            .iter()
            .map(|span| span.content.as_ref())
            .collect();
        let indent = text.len() - text.trim_start_matches(' ').len();
        let hang = indent + 2;
        let one = std::slice::from_ref(line);
        let wrapped = wrap_lines(one, width);
        let narrower = u16::try_from(hang)
            .ok()
            .and_then(|hang| width.checked_sub(hang));
        match narrower {
            Some(narrower) if indent > 0 && wrapped.len() > 1 && narrower >= 12 => {
                for (at, mut row) in wrap_lines(one, narrower).into_iter().enumerate() {
                    if at > 0 {
                        row.spans.insert(0, Span::raw(" ".repeat(hang)));
                    }
                    rows.push(row);
                }
            }
            _ => rows.extend(wrapped),
        }
    }
    rows
}

/// Where the focused pane is scrolled to, when it scrolls: `top ↓`, `40% ↕`, `end ↑`.
fn scroll_position(state: &AppState) -> Option<String> {
    let max = state.detail.scroll_max().filter(|max| *max > 0)?;
    let scroll = state.detail.scroll().min(max);
    Some(match scroll {
        0 => " top ↓ ".to_owned(),
        at if at == max => " end ↑ ".to_owned(),
        at => format!(" {}% ↕ ", u32::from(at) * 100 / u32::from(max)),
    })
}

/// Draws the detail pane into `area`.
pub fn draw(frame: &mut Frame, area: Rect, state: &AppState, context: &DrawContext) {
    match paragraph(state, context, area) {
        Some(paragraph) => {
            frame.render_widget(paragraph.scroll((state.detail.scroll(), 0)), area);
        }
        None => {
            let block = context.theme.pane(
                tab_title(state, &context.theme),
                state.focus() == Focus::Detail,
            );
            frame.render_widget(Paragraph::new("No post selected.").block(block), area);
        }
    }
}

/// How far the pane in `area` can scroll, in lines: the wrapped text (borders included)
/// minus the pane's height, so the last line can reach the bottom and no further. The loop
/// records it like the list height; `update` clamps scrolling to it.
pub fn scroll_limit(area: Rect, state: &AppState, context: &DrawContext) -> u16 {
    let lines = paragraph(state, context, area).map_or(0, |p| p.line_count(area.width));
    u16::try_from(lines.saturating_sub(usize::from(area.height))).unwrap_or(u16::MAX)
}

/// The logs tab: a short header, then one entry per event, oldest first (§3.6).
fn log_lines(state: &AppState, row: &PostRow, context: &DrawContext) -> Vec<Line<'static>> {
    let theme = &context.theme;
    let post = &row.post;
    let mut lines = vec![
        Line::from(vec![
            Span::styled(format!("{:<10}", "id"), theme.label),
            Span::raw(sanitize::sanitize_line(post.post_group_id.as_str())),
        ]),
        Line::from(vec![
            Span::styled(format!("{:<10}", "status"), theme.label),
            Span::styled(
                sanitize::sanitize_line(post.status.as_str()),
                theme.status(&post.status),
            ),
        ]),
        Line::default(),
    ];
    match state.detail.logs(row.id()) {
        None | Some(LogsEntry::Loading) => lines.push(Line::styled("loading the log…", theme.dim)),
        Some(LogsEntry::Failed(error)) => {
            lines.push(Line::styled(
                format!("log unavailable: {}", sanitize::sanitize_line(error)),
                theme.warning,
            ));
            lines.push(Line::styled("r reloads", theme.dim));
        }
        Some(LogsEntry::Loaded { logs, skipped }) => {
            let noun = wording::noun(logs.len(), "entry", "entries");
            let mut heading = format!("Log ({} {noun}, oldest first", logs.len());
            if logs.len() >= 100 {
                heading.push_str("; the server sends the first 100");
            }
            heading.push(')');
            lines.push(Line::styled(heading, theme.label));
            if *skipped > 0 {
                lines.push(Line::styled(
                    format!("{skipped} unreadable entries not shown"),
                    theme.warning,
                ));
            }
            if logs.is_empty() {
                lines.push(Line::styled("  (no log entries yet)", theme.dim));
            }
            for log in logs {
                lines.extend(log_entry_lines(log, context));
            }
        }
    }
    lines
}

/// One log entry: `time event`, then the facts (platform, HTTP status, retries, error code,
/// worth retrying) and the error text, indented, so the narrow pane wraps little.
fn log_entry_lines(log: &PostLog, context: &DrawContext) -> Vec<Line<'static>> {
    let theme = &context.theme;
    let time = match log.created_at.as_ref() {
        None => "time unknown       ".to_string(),
        Some(ts) => match ts.parsed() {
            Some(instant) => format_time_seconds(instant, context.time_zone),
            None => format!("unknown ({})", sanitize::sanitize_line(&ts.raw())),
        },
    };
    let head = vec![
        Span::styled(time, theme.dim),
        Span::raw(" "),
        Span::styled(
            sanitize::sanitize_line(log.event.as_str()),
            theme.log_event(&log.event),
        ),
    ];
    let mut lines = vec![Line::from(head)];
    let failed = log.event == PostLogEvent::PublishFailed || log.error.is_some();
    let mut facts = Vec::new();
    if let Some(platform) = &log.platform {
        facts.push(sanitize::sanitize_line(platform.as_str()));
    }
    if let Some(status) = log.http_status {
        facts.push(format!("HTTP {status}"));
    }
    if let Some(retries) = log.retry_count {
        facts.push(format!("retry {retries}"));
    }
    if let Some(code) = log.error_code() {
        facts.push(sanitize::sanitize_line(code));
    }
    if failed {
        facts.push(format!(
            "worth retrying: {}",
            worth_retrying(log.retryable())
        ));
    }
    if !facts.is_empty() {
        let style = if failed { theme.warning } else { theme.dim };
        lines.push(Line::styled(format!("    {}", facts.join(" · ")), style));
    }
    if let Some(error) = log.error.as_deref().filter(|e| !e.is_empty()) {
        lines.push(Line::styled(
            format!("    {}", sanitize::sanitize_line(error)),
            theme.warning,
        ));
    }
    lines
}

/// The post tab: the list row's facts, the platforms (from get-post once cached) with their
/// errors, the media and the content.
fn post_lines(state: &AppState, row: &PostRow, context: &DrawContext) -> Vec<Line<'static>> {
    let theme = &context.theme;
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
    if let Some((error, job)) = row.last_error() {
        lines.push(Line::from(vec![
            label("last job"),
            Span::styled(
                format!("{} failed: {}", job.name(), sanitize::sanitize_line(error)),
                theme.warning,
            ),
        ]));
    }
    lines.push(Line::default());
    lines.push(Line::styled("Platforms", theme.label));
    let detail = state.detail.detail(row.id());
    match detail {
        Some(DetailEntry::Loaded(detail)) => {
            if detail.posts.is_empty() {
                lines.push(Line::styled("  (no platform posts)", theme.dim));
            }
            for target in &detail.posts {
                lines.push(Line::from(target_spans(
                    &target.platform,
                    &target.status,
                    &target.platform_id,
                    theme,
                )));
                // On its own line, under its target: wrapped after the account id, the
                // network's id would land at the left edge, away from its label.
                if let Some(posted) = &target.posted_id {
                    lines.push(Line::styled(
                        format!("      posted {}", sanitize::sanitize_line(posted)),
                        theme.dim,
                    ));
                }
                if let Some(error) = &target.error {
                    for text in error_lines(error, context) {
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
    lines
}
