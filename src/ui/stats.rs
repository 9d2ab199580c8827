//! The stats screen: the loaded posts per status and per platform as
//! horizontal bar charts, and the scheduled posts per day over the next four weeks as a
//! vertical bar chart with today lit and weekends dimmed. Drawing only: the numbers come from
//! `AppState::stats`, which the loop refreshes when the rows or the day change.
//!
//! The screen adapts to the terminal, counts first (as k9s and btop do): every status with its
//! count stays visible down to 60x15. When the body is too short for the full per-platform list
//! and the per-day chart, the day chart shrinks to a one-line sparkline with the window's
//! numbers, and a platform list that does not fit shows its biggest entries and "+N more".
//! When narrow, long names are shortened (`partially_published` → `partial`), counts are
//! right-aligned in a column as wide as the largest, and day labels (two digits) are drawn
//! only where they fit: every day when bars are two cells wide, else each week's first day and
//! the first of a month.

use chrono::{Datelike, NaiveDate, Weekday};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, Paragraph};

use super::{DrawContext, Theme};
use crate::api::model::PostStatus;
use crate::app::state::AppState;
use crate::app::stats::{DAYS, Stats};
use crate::text::sanitize;

/// Rows the vertical per-day chart needs to say anything (borders, three bar rows, labels).
const DAY_CHART_MIN_HEIGHT: u16 = 7;
/// Fewest bar cells a count row keeps before names are shortened.
const MIN_BAR_CELLS: usize = 8;
/// Longest name drawn in full; longer ones end with `…`.
const MAX_NAME_CELLS: usize = 20;
/// Longest name drawn when the panel is narrow.
const SHORT_NAME_CELLS: usize = 10;

/// Draws the stats screen into `area`.
pub fn draw(frame: &mut Frame, area: Rect, state: &AppState, context: &DrawContext) {
    let theme = &context.theme;
    let Some(stats) = state.stats() else {
        let block = theme.pane(" Stats ", true);
        frame.render_widget(Paragraph::new("Counting…").block(block), area);
        return;
    };
    let loading = state.load.in_progress();
    let status_rows = rows_for(stats.by_status.len());
    let counts_rows = status_rows.max(rows_for(stats.by_platform.len()));
    // Counts first: the full lists and the day chart when both fit; else the counts keep
    // their rows and the days become one summary line (boxed when three rows are spare).
    let (counts_height, days) = if area.height >= counts_rows + DAY_CHART_MIN_HEIGHT {
        (counts_rows, Days::Chart)
    } else if area.height >= status_rows + 3 {
        (area.height - 3, Days::Summary { boxed: true })
    } else if area.height > status_rows {
        (area.height - 1, Days::Summary { boxed: false })
    } else {
        (area.height, Days::Hidden)
    };
    let [counts, days_area] =
        Layout::vertical([Constraint::Length(counts_height), Constraint::Fill(1)]).areas(area);
    // The status panel takes 40% but never less than its names, counts and a short bar need.
    let status_width = (area.width * 2 / 5)
        .max(24)
        .min(area.width / 2)
        .min(area.width);
    let [status_area, platform_area] =
        Layout::horizontal([Constraint::Length(status_width), Constraint::Fill(1)]).areas(counts);
    let suffix = if loading { " (loading…)" } else { "" };
    let inner_width = usize::from(status_area.width.saturating_sub(2));
    let full_title = format!(" Posts per status: all {} loaded{suffix} ", stats.total);
    let title = if sanitize::width(&full_title) <= inner_width {
        full_title
    } else {
        format!(
            " Status · {}{} ",
            stats.total,
            if loading { "…" } else { "" }
        )
    };
    draw_counts(
        frame,
        status_area,
        title,
        &stats.by_status,
        |name| theme.status(&PostStatus::from_wire(name)),
        theme,
    );
    let inner_width = usize::from(platform_area.width.saturating_sub(2));
    let title = if inner_width >= 22 {
        " Posts per platform "
    } else {
        " Platforms "
    };
    draw_counts(
        frame,
        platform_area,
        title.to_string(),
        &stats.by_platform,
        |_| theme.active_filter,
        theme,
    );
    match days {
        Days::Chart => draw_days(frame, days_area, stats, context),
        Days::Summary { boxed } => draw_day_summary(frame, days_area, stats, boxed, theme),
        Days::Hidden => {}
    }
}

/// How the per-day numbers are shown.
enum Days {
    /// The vertical bar chart, one bar per day.
    Chart,
    /// One line: a sparkline of the days and the window's numbers; in a box when `boxed`.
    Summary { boxed: bool },
    /// Not at all (the counts took every row).
    Hidden,
}

/// Rows of a boxed list of `entries` lines.
fn rows_for(entries: usize) -> u16 {
    u16::try_from(entries).unwrap_or(u16::MAX).saturating_add(2)
}

/// The name a narrow panel shows for a status or platform.
pub fn short_name(name: &str) -> &str {
    match name {
        "partially_published" => "partial",
        other => other,
    }
}

/// Draws `pairs` as a boxed list of `name count bar` rows in `area`: names left-aligned (short
/// when the panel is narrow), counts right-aligned, bars scaled to the largest count in eighths
/// of a cell. When the rows do not fit, the largest counts are shown and the last row says how
/// many entries (and posts) are left out.
fn draw_counts(
    frame: &mut Frame,
    area: Rect,
    title: String,
    pairs: &[(String, u64)],
    style_of: impl Fn(&str) -> Style,
    theme: &Theme,
) {
    let block = theme.pane(title, false);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let rows = usize::from(inner.height);
    let width = usize::from(inner.width);
    if rows == 0 || width == 0 {
        return;
    }
    let mut shown: Vec<&(String, u64)> = pairs.iter().collect();
    let mut hidden: Option<(usize, u64)> = None;
    if shown.len() > rows {
        // The biggest first; ties keep their order.
        shown.sort_by_key(|pair| std::cmp::Reverse(pair.1));
        let keep = rows.saturating_sub(1);
        let rest = shown.split_off(keep);
        hidden = Some((rest.len(), rest.iter().map(|(_, count)| count).sum()));
        // Back in the usual order.
        shown.sort_by_key(|pair| pairs.iter().position(|p| std::ptr::eq(p, *pair)));
    }
    let max = pairs.iter().map(|(_, count)| *count).max().unwrap_or(0);
    let count_width = max.to_string().len();
    let full_names = shown
        .iter()
        .map(|(name, _)| sanitize::width(name).min(MAX_NAME_CELLS))
        .max()
        .unwrap_or(0);
    let (short, name_width) = if full_names + count_width + 2 + MIN_BAR_CELLS <= width {
        (false, full_names)
    } else {
        let short_names = shown
            .iter()
            .map(|(name, _)| sanitize::width(short_name(name)).min(SHORT_NAME_CELLS))
            .max()
            .unwrap_or(0);
        (true, short_names)
    };
    let bar_cells = width.saturating_sub(name_width + count_width + 2);
    let mut lines: Vec<Line> = shown
        .iter()
        .map(|(name, count)| {
            let shown_name = if short { short_name(name) } else { name };
            let cap = if short {
                SHORT_NAME_CELLS
            } else {
                MAX_NAME_CELLS
            };
            let shown_name = sanitize::pad_to_width(
                &sanitize::truncate_to_width(&sanitize::sanitize_line(shown_name), cap),
                name_width,
            );
            let style = style_of(name);
            Line::from(vec![
                Span::raw(shown_name),
                Span::raw(format!(" {count:>count_width$} ")),
                Span::styled(bar(*count, max, bar_cells), style),
            ])
        })
        .collect();
    if let Some((entries, posts)) = hidden {
        lines.push(Line::styled(
            format!("+{entries} more, {posts} posts"),
            theme.dim,
        ));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// A bar `count / max` of `cells` cells, in eighths; at least one eighth for a non-zero count.
fn bar(count: u64, max: u64, cells: usize) -> String {
    const EIGHTHS: [char; 8] = [' ', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];
    if max == 0 || count == 0 || cells == 0 {
        return String::new();
    }
    let total = u64::try_from(cells).unwrap_or(u64::MAX).saturating_mul(8);
    let eighths = (count.saturating_mul(total) / max).max(1);
    let full = usize::try_from(eighths / 8).unwrap_or(cells);
    let mut text = "█".repeat(full);
    let rest = usize::try_from(eighths % 8).unwrap_or(0);
    if rest > 0 {
        text.push(EIGHTHS[rest]);
    }
    text
}

/// `N in 4 weeks · N overdue · N later · N without a time`, shorter when `short`.
fn window_numbers(stats: &Stats, short: bool) -> String {
    if short {
        format!(
            "{} in 4 wks · {} overdue · {} later · {} no time",
            stats.scheduled_in_window(),
            stats.overdue,
            stats.later,
            stats.no_time,
        )
    } else {
        format!(
            "{} in 4 weeks · {} overdue · {} later · {} without a time",
            stats.scheduled_in_window(),
            stats.overdue,
            stats.later,
            stats.no_time,
        )
    }
}

/// The style of a day's bar or label: today lit, weekends dimmed.
fn day_style(index: usize, day: NaiveDate, theme: &Theme) -> Style {
    if index == 0 {
        theme.active_filter
    } else if matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
        theme.dim
    } else {
        theme.gauge
    }
}

/// The days as one line: a sparkline (one cell per day, `·` for none) and the numbers.
fn draw_day_summary(frame: &mut Frame, area: Rect, stats: &Stats, boxed: bool, theme: &Theme) {
    const LEVELS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let max = stats.per_day.iter().copied().max().unwrap_or(0);
    let mut spans: Vec<Span> = stats
        .per_day
        .iter()
        .enumerate()
        .map(|(index, &count)| {
            let style = day_style(index, stats.day(index), theme);
            if count == 0 || max == 0 {
                Span::styled("·", theme.dim)
            } else {
                let level = usize::try_from((count * 8).div_ceil(max)).unwrap_or(8);
                Span::styled(LEVELS[level.clamp(1, 8) - 1].to_string(), style)
            }
        })
        .collect();
    let inner = if boxed {
        let title = format!(" Next 4 weeks from {} ", stats.first_day.format("%a %d %b"));
        let block = theme.pane(title, false);
        let inner = block.inner(area);
        frame.render_widget(block, area);
        inner
    } else {
        spans.insert(0, Span::styled("4 weeks ", theme.label));
        area
    };
    let used: usize = spans
        .iter()
        .map(|span| sanitize::width(&span.content))
        .sum();
    let room = usize::from(inner.width).saturating_sub(used + 1);
    let long = window_numbers(stats, false);
    let numbers = if sanitize::width(&long) <= room {
        long
    } else {
        sanitize::truncate_to_width(&window_numbers(stats, true), room)
    };
    spans.push(Span::raw(format!(" {numbers}")));
    frame.render_widget(Paragraph::new(Line::from(spans)), inner);
}

/// The scheduled posts per day, with what falls outside the window in the title, and day
/// labels (two digits) where they fit.
fn draw_days(frame: &mut Frame, area: Rect, stats: &Stats, context: &DrawContext) {
    let theme = &context.theme;
    let from = stats.first_day.format("%a %d %b");
    let inner_width = area.width.saturating_sub(2);
    let titles = [
        format!(
            " Scheduled per day from {from}: {} ",
            window_numbers(stats, false)
        ),
        format!(" Per day from {from}: {} ", window_numbers(stats, true)),
        format!(" {} ", window_numbers(stats, true)),
    ];
    let title = titles
        .iter()
        .find(|title| sanitize::width(title) <= usize::from(inner_width))
        .unwrap_or(&titles[2])
        .clone();
    let block = theme.pane(title, false);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.height < 2 || inner.width == 0 {
        return;
    }
    let [chart_area, label_area] =
        Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(inner);
    let days = u16::try_from(DAYS).unwrap_or(u16::MAX);
    // Widest bars that fit with a one-cell gap; no gap when even that does not fit.
    let (bar_width, bar_gap) = if inner_width >= days * 2 {
        ((inner_width + 1) / days - 1, 1)
    } else {
        ((inner_width / days).max(1), 0)
    };
    let bars: Vec<Bar> = stats
        .per_day
        .iter()
        .enumerate()
        .map(|(index, count)| {
            Bar::default()
                .value(*count)
                .text_value(if *count == 0 {
                    String::new()
                } else {
                    count.to_string()
                })
                .style(day_style(index, stats.day(index), theme))
        })
        .collect();
    frame.render_widget(
        BarChart::vertical(bars)
            .bar_width(bar_width)
            .bar_gap(bar_gap),
        chart_area,
    );
    // Labels: two digits under each bar when bars are two cells wide; else each week's first
    // day and the first of a month, where the previous label leaves room.
    let step = usize::from(bar_width + bar_gap);
    let mut spans = Vec::new();
    let mut column = 0usize;
    for index in 0..stats.per_day.len() {
        let day = stats.day(index);
        let x = index * step + usize::from(bar_width.saturating_sub(2) / 2);
        let wanted = bar_width >= 2 || index % 7 == 0 || day.day() == 1;
        if !wanted || x < column || x + 2 > usize::from(label_area.width) {
            continue;
        }
        spans.push(Span::raw(" ".repeat(x - column)));
        spans.push(Span::styled(
            day.format("%d").to_string(),
            day_style(index, day, theme),
        ));
        column = x + 2;
        if bar_width < 2 {
            // A gap after a label so two never touch.
            column += 1;
        }
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), label_area);
}
