//! The stats screen (issue 6 item 7): the loaded posts per status and per platform as
//! horizontal bar charts, and the scheduled posts per day over the next four weeks as a
//! vertical bar chart with today lit and weekends dimmed. Drawing only: the numbers come from
//! `AppState::stats`, which the loop refreshes when the rows or the day change.

use chrono::{Datelike, Weekday};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Bar, BarChart, Paragraph};

use super::{DrawContext, sanitize};
use crate::app::state::AppState;
use crate::app::stats::{DAYS, Stats};

/// Draws the stats screen into `area`.
pub fn draw(frame: &mut Frame, area: Rect, state: &AppState, context: &DrawContext) {
    let theme = &context.theme;
    let Some(stats) = state.stats.as_ref().map(|cache| &cache.stats) else {
        let block = theme.pane(" Stats ", true);
        frame.render_widget(Paragraph::new("Counting…").block(block), area);
        return;
    };
    let loading = if state.load.in_progress {
        " (loading…)"
    } else {
        ""
    };
    let [counts, days] = Layout::vertical([Constraint::Length(13), Constraint::Min(5)]).areas(area);
    let [status_area, platform_area] =
        Layout::horizontal([Constraint::Percentage(40), Constraint::Percentage(60)]).areas(counts);
    let title = format!(" Posts per status: {} loaded{loading} ", stats.total);
    let status_bars: Vec<Bar> = stats
        .by_status
        .iter()
        .map(|(name, count)| {
            let status = crate::api::model::PostStatus::from_wire(name);
            let style = theme.status(&status);
            horizontal_bar(name, *count, name_width(&stats.by_status), style)
        })
        .collect();
    frame.render_widget(
        BarChart::horizontal(status_bars)
            .block(theme.pane(title, false))
            .bar_gap(0),
        status_area,
    );
    let platform_bars: Vec<Bar> = stats
        .by_platform
        .iter()
        .map(|(name, count)| {
            horizontal_bar(
                name,
                *count,
                name_width(&stats.by_platform),
                theme.active_filter,
            )
        })
        .collect();
    frame.render_widget(
        BarChart::horizontal(platform_bars)
            .block(theme.pane(" Posts per platform ", false))
            .bar_gap(0),
        platform_area,
    );
    draw_days(frame, days, stats, context);
}

/// Cells for the names of a chart: the longest name, at most 20.
fn name_width(pairs: &[(String, u64)]) -> usize {
    pairs
        .iter()
        .map(|(name, _)| unicode_width::UnicodeWidthStr::width(name.as_str()))
        .max()
        .unwrap_or(0)
        .min(20)
}

/// One row of a horizontal chart: the name and count, then a bar as long as the count.
fn horizontal_bar(name: &str, count: u64, width: usize, style: Style) -> Bar<'static> {
    let name = sanitize::truncate_to_width(&sanitize::sanitize_line(name), width);
    Bar::default()
        .label(Line::from(format!("{name:<width$} {count:>6} ")))
        .value(count)
        .text_value(String::new())
        .style(style)
}

/// The scheduled posts per day, with what falls outside the window in the title.
fn draw_days(frame: &mut Frame, area: Rect, stats: &Stats, context: &DrawContext) {
    let theme = &context.theme;
    let title = format!(
        " Scheduled per day from {}: {} in 4 weeks · {} overdue · {} later · {} without a time ",
        stats.first_day.format("%a %d %b"),
        stats.scheduled_in_window(),
        stats.overdue,
        stats.later,
        stats.no_time,
    );
    let inner_width = area.width.saturating_sub(2);
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
            let day = stats.day(index);
            let style = if index == 0 {
                theme.active_filter
            } else if matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
                theme.dim
            } else {
                theme.gauge
            };
            let label = if bar_width >= 2 {
                day.format("%d").to_string()
            } else {
                day.format("%d")
                    .to_string()
                    .chars()
                    .last()
                    .map(String::from)
                    .unwrap_or_default()
            };
            Bar::default()
                .value(*count)
                .label(Line::from(label))
                .text_value(if *count == 0 {
                    String::new()
                } else {
                    count.to_string()
                })
                .style(style)
        })
        .collect();
    frame.render_widget(
        BarChart::vertical(bars)
            .block(theme.pane(title, false))
            .bar_width(bar_width.max(1))
            .bar_gap(bar_gap),
        area,
    );
}
