//! Drawing only (DESIGN §1, §5 rule 2): [`draw`] reads [`AppState`] and the [`Theme`] and
//! paints one frame; it changes nothing and does no I/O. Only the visible rows of the list are
//! built. Remote text reaches widgets only through [`sanitize`].
//!
//! Layout, top to bottom: header (account, server, counts, loading), filter bar, body (list, and
//! the detail pane beside it when the terminal is at least [`SIDE_BY_SIDE_WIDTH`] wide, or over
//! it when it has focus), job gauge while a job runs, notice line, key hints. Dialogs and
//! pickers are drawn over the middle. [`hit_test`] answers what a mouse event at a cell hit,
//! from the same layout maths ([`screen_layout`]) as [`draw`].

pub mod change;
pub mod connections;
pub mod detail;
pub mod dialogs;
pub mod field;
pub mod list;
pub mod stats;
pub mod theme;
pub mod wrap;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Gauge, Paragraph, Sparkline};

use crate::app::action::Action;
use crate::app::keymap::{self, Hit, Keymap};
use crate::app::state::{AppState, Focus, Panes, Screen, Viewport};
use crate::protocol::JobKind;

use crate::text::sanitize;
use crate::text::wording::grouped;
use crate::time::TimeZoneChoice;
pub use theme::Theme;

/// From this width on, the detail pane sits beside the list.
pub const SIDE_BY_SIDE_WIDTH: u16 = 100;
/// Smallest terminal the layout works in; below it a "too small" message is drawn.
pub const MIN_WIDTH: u16 = 40;
/// Smallest terminal height the layout works in.
pub const MIN_HEIGHT: u16 = 8;

/// Everything `draw` needs besides the state.
#[derive(Debug, Clone)]
pub struct DrawContext {
    pub theme: Theme,
    /// Time zone for times.
    pub time_zone: TimeZoneChoice,
    /// The instant the frame shows (rates, countdowns); passed in so drawing stays pure.
    pub now: std::time::Instant,
    /// Where the log file is, for the help overlay.
    pub log_file: Option<String>,
    /// The keys in force, for the footer hints and help; the loop looks keys up in it too.
    pub keymap: Keymap,
}

impl Default for DrawContext {
    fn default() -> Self {
        Self {
            theme: Theme::default(),
            time_zone: TimeZoneChoice::default(),
            now: std::time::Instant::now(),
            log_file: None,
            keymap: Keymap::default(),
        }
    }
}

/// Where each part of the screen is, for a terminal of `area` (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScreenLayout {
    /// The header line: account, acting user, counts, badges.
    pub header: Rect,
    /// The line under the header naming the query, the connection filter and the sort; two
    /// lines while the query being typed does not parse (the error under it).
    pub filter_bar: Rect,
    /// The whole body (dialogs are centred on it; the connections and stats screens fill it).
    pub body: Rect,
    /// The list pane, when shown (the posts screen only).
    pub list: Option<Rect>,
    /// The detail pane, when shown.
    pub detail: Option<Rect>,
    /// The job gauge (zero rows without a job).
    pub gauge: Rect,
    /// Notice line.
    pub notice: Rect,
    /// Key hints.
    pub hints: Rect,
}

/// The layout [`draw`] uses; `None` when `area` is below [`MIN_WIDTH`] x [`MIN_HEIGHT`].
pub fn screen_layout(area: Rect, state: &AppState) -> Option<ScreenLayout> {
    if too_small(area) {
        return None;
    }
    let gauge_height = u16::from(state.jobs.is_running());
    let [header, filter_bar, body, gauge, notice, hints] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(filter_bar_rows(state)),
        Constraint::Min(3),
        Constraint::Length(gauge_height),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let (list, detail) = if state.screen() != Screen::Posts {
        (None, None)
    } else if area.width >= SIDE_BY_SIDE_WIDTH {
        let [list_area, detail_area] =
            Layout::horizontal([Constraint::Percentage(58), Constraint::Percentage(42)])
                .areas(body);
        (Some(list_area), Some(detail_area))
    } else if state.focus() == Focus::Detail {
        (None, Some(body))
    } else {
        (Some(body), None)
    };
    Some(ScreenLayout {
        header,
        filter_bar,
        body,
        list,
        detail,
        gauge,
        notice,
        hints,
    })
}

/// What lies at cell (`column`, `row`) of a terminal of `area` showing `state`, by the layout
/// [`draw`] uses. [`Hit::Nothing`] when the terminal is too small.
pub fn hit_test(area: Rect, state: &AppState, column: u16, row: u16) -> Hit {
    let Some(layout) = screen_layout(area, state) else {
        return Hit::Nothing;
    };
    let position = ratatui::layout::Position::new(column, row);
    if state.screen() == Screen::Connections {
        return connections::hit(layout.body, state, column, row);
    }
    if let Some(list) = layout.list.filter(|list| list.contains(position)) {
        return list::hit(list, state, column, row);
    }
    if layout
        .detail
        .is_some_and(|detail| detail.contains(position))
    {
        return Hit::Detail;
    }
    Hit::Nothing
}

/// What a frame of `area` shows of `state`: the rows of the list and of the connections table,
/// and how far the focused detail pane scrolls (its post's text wrapped at the pane's width).
/// `AppState::prepare_frame` applies it before the frame is drawn, so paging, scrolling and
/// hit-testing match the screen.
pub fn measure(area: Rect, state: &AppState, context: &DrawContext) -> Viewport {
    let panes = screen_layout(area, state).map(|layout| Panes {
        connection_rows: connections::visible_rows(layout.body),
        // Only the pane with focus scrolls: measure it then (one post's text).
        detail_scroll_max: layout
            .detail
            .filter(|_| state.focus() == Focus::Detail)
            .map(|pane| detail::scroll_limit(pane, state, context)),
    });
    Viewport {
        // A second filter bar row (a query error) takes a row from the list.
        list_rows: list_height(
            area.height.saturating_sub(filter_bar_rows(state) - 1),
            state.jobs.is_running(),
        ),
        panes,
    }
}

/// Rows of the filter bar: one, and one more for the error of a query that does not parse.
pub fn filter_bar_rows(state: &AppState) -> u16 {
    1 + u16::from(state.posts.query_error().is_some())
}

/// True when `area` is below the smallest terminal the layout works in.
pub fn too_small(area: Rect) -> bool {
    area.width < MIN_WIDTH || area.height < MIN_HEIGHT
}

/// Rows the list shows in a terminal `height` rows tall.
pub fn list_height(height: u16, job_running: bool) -> usize {
    // header + filter bar + notice + hints + table header + two borders (+ gauge).
    let chrome = 7 + u16::from(job_running);
    usize::from(height.saturating_sub(chrome)).max(1)
}

/// Paints one frame.
pub fn draw(frame: &mut Frame, state: &AppState, context: &DrawContext) {
    let area = frame.area();
    let Some(layout) = screen_layout(area, state) else {
        draw_too_small(frame, area);
        return;
    };
    let theme = &context.theme;
    draw_header(frame, layout.header, state, theme);
    if state.screen() == Screen::Stats {
        // The stats count every loaded post: the query is the posts screen's, so its bar
        // would mislead here.
        frame.render_widget(
            Line::styled(
                " stats count every loaded post; the query applies to the posts screen (1)",
                theme.dim,
            ),
            layout.filter_bar,
        );
    } else {
        draw_filter_bar(frame, layout.filter_bar, state, theme);
    }
    if state.screen() == Screen::Connections {
        connections::draw(frame, layout.body, state, context);
    } else if state.screen() == Screen::Stats {
        stats::draw(frame, layout.body, state, context);
    }
    if let Some(list_area) = layout.list {
        list::draw(frame, list_area, state, context);
    }
    if let Some(detail_area) = layout.detail {
        detail::draw(frame, detail_area, state, context);
    }
    if state.jobs.is_running() {
        draw_gauge(frame, layout.gauge, state, theme, context.now);
    }
    draw_notice(frame, layout.notice, state, theme);
    draw_hints(frame, layout.hints, state, context);
    dialogs::draw(frame, layout.body, state, context);
}

fn draw_too_small(frame: &mut Frame, area: Rect) {
    let text = format!(
        "Terminal too small ({}x{}); needs {MIN_WIDTH}x{MIN_HEIGHT}. q quits.",
        area.width, area.height
    );
    let lines: Vec<Line> = textwrap_cells(&text, usize::from(area.width.max(1)))
        .into_iter()
        .map(Line::from)
        .collect();
    frame.render_widget(Paragraph::new(lines), area);
}

/// Splits `text` into chunks of at most `width` cells (char-wise; for short ASCII messages).
fn textwrap_cells(text: &str, width: usize) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    chars
        .chunks(width.max(1))
        .map(|chunk| chunk.iter().collect())
        .collect()
}

fn draw_header(frame: &mut Frame, area: Rect, state: &AppState, theme: &Theme) {
    let mut spans = vec![Span::styled(" postpost ", theme.header)];
    if state.settings.demo {
        spans.push(Span::styled(" DEMO ", theme.demo_badge));
    } else if state.settings.loopback {
        spans.push(Span::styled(" MOCK ", theme.demo_badge));
    }
    if state.settings.read_only {
        spans.push(Span::styled(" READ-ONLY ", theme.demo_badge));
    }
    if let Some(profile) = &state.settings.profile {
        spans.push(Span::raw(" "));
        spans.push(Span::styled(
            format!(" {} ", sanitize::sanitize_line(profile)),
            theme.profile,
        ));
    }
    spans.push(Span::raw(" "));
    spans.push(Span::styled(state.settings.server_label.clone(), theme.dim));
    // Who the requests act as (x-postpost-user-id, §1.5): always shown.
    // Wide enough for `user ` and a whole 24-hex id while the name is not known.
    let acting = sanitize::truncate_to_width(&state.acting().label(), 32);
    spans.push(Span::styled(" as ", theme.dim));
    spans.push(Span::styled(
        acting,
        if state.acting().user_id.is_some() {
            theme.active_filter
        } else {
            Style::new()
        },
    ));
    // The counts are drawn right-aligned and never cut: the identity on the left gives way.
    let counts = header_counts(state, theme, usize::from(area.width));
    let counts_width = u16::try_from(counts.width())
        .unwrap_or(u16::MAX)
        .min(area.width);
    let [left, right] =
        Layout::horizontal([Constraint::Min(0), Constraint::Length(counts_width)]).areas(area);
    frame.render_widget(Line::from(spans), left);
    frame.render_widget(counts, right);
}

/// The header's counts: shown / loaded posts, the marks, and how far the load got ("200 of
/// 296 loaded" from the server's `totalItems`, while loading or after a failed page). Shorter
/// forms when `width` is narrow; the marks and the partial load are always in.
fn header_counts(state: &AppState, theme: &Theme, width: usize) -> Line<'static> {
    let shown = grouped(state.posts.view_len());
    let loaded = state.posts.rows().len();
    let marked = state.posts.marked().len();
    let total_items = usize::try_from(state.load.total_items()).unwrap_or(usize::MAX);
    let partial = state.load.in_progress() || state.load.error().is_some();
    let build = |narrow: bool| {
        let mut spans = vec![Span::raw(if narrow {
            format!(" {shown}/{}", grouped(loaded))
        } else {
            format!("  {shown} shown / {} posts", grouped(loaded))
        })];
        if marked > 0 {
            spans.push(Span::raw(" · "));
            spans.push(Span::styled(
                format!("{} marked", grouped(marked)),
                theme.marked,
            ));
        }
        if partial {
            // This load's own progress: a reload starts again from none while the list still
            // shows the last load's posts.
            let received = state.load.received();
            let of = format!(
                "{} of {} loaded",
                grouped(received),
                grouped(total_items.max(received))
            );
            let (text, style) = match state.load.error() {
                None if state.load.pages_loaded() == 0 => {
                    ("loading…".to_owned(), theme.active_filter)
                }
                None => (format!("{of}…"), theme.active_filter),
                Some(_) if narrow => (format!("{of} · failed"), theme.warning),
                Some(error) => (
                    format!("{of} · load failed: {}", sanitize::sanitize_line(error)),
                    theme.warning,
                ),
            };
            spans.push(Span::raw(" · "));
            spans.push(Span::styled(text, style));
        }
        spans.push(Span::raw(" "));
        Line::from(spans)
    };
    let wide = build(false);
    // The identity keeps at least a third of the line when the counts can give way.
    if wide.width() + width / 3 <= width {
        wide
    } else {
        build(true)
    }
}

fn draw_filter_bar(frame: &mut Frame, area: Rect, state: &AppState, theme: &Theme) {
    let filter = state.posts.filter();
    let mut spans = vec![Span::styled(" query ", theme.label)];
    if let Some(field) = state.posts.query_field() {
        // The cursor stays in sight, where the typing happens.
        let room = usize::from(area.width).saturating_sub(30).max(10);
        spans.push(Span::styled("/", theme.active_filter));
        spans.extend(field::field_spans(field, room, theme.active_filter, true));
    } else if filter.query.is_empty() {
        spans.push(Span::styled("all", theme.dim));
    } else {
        spans.push(Span::styled(
            sanitize::sanitize_line(&filter.query.describe()),
            theme.active_filter,
        ));
    }
    if let Some(platform_id) = &filter.connection {
        spans.push(Span::styled("  connection ", theme.label));
        spans.push(Span::styled(
            state.connection_label(platform_id),
            theme.active_filter,
        ));
    }
    spans.push(Span::styled("  sort ", theme.label));
    spans.push(Span::raw(state.posts.sort().label()));
    if state.posts.range().is_some() {
        spans.push(Span::styled("  RANGE", theme.marked));
    }
    let [line, error_line] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
    frame.render_widget(Line::from(spans), line);
    if let Some(error) = state.posts.query_error() {
        let text = format!(
            " ✗ {} (list unchanged)",
            sanitize::sanitize_line(&error.to_string())
        );
        frame.render_widget(
            Line::styled(
                sanitize::truncate_to_width(&text, usize::from(area.width)),
                theme.warning,
            ),
            error_line,
        );
    }
}

fn draw_gauge(
    frame: &mut Frame,
    area: Rect,
    state: &AppState,
    theme: &Theme,
    now: std::time::Instant,
) {
    let Some(job) = state.jobs.running() else {
        return;
    };
    let done = job.done();
    let ratio = if job.total == 0 {
        1.0
    } else {
        done as f64 / job.total as f64
    };
    let succeeded = match job.kind {
        JobKind::Delete => job.summary.deleted + job.summary.already_gone + job.summary.not_found,
        JobKind::Change(_) => job.summary.updated,
        JobKind::Restore => job.summary.restored,
    };
    let mut label = format!(
        "{done}/{} done · {succeeded} {} · {} failed · {:.1}/s",
        job.total,
        job.kind.done_verb(),
        job.summary.failed,
        job.rate_per_second(now)
    );
    if let Some(until) = job.waiting_until.filter(|until| *until > now) {
        let left = until.saturating_duration_since(now);
        label.push_str(&format!(
            " · rate limited, resuming in {}s",
            left.as_secs() + 1
        ));
    } else if let Some(eta) = job.eta(now) {
        label.push_str(&format!(" · ETA {}s", eta.as_secs()));
    }
    if let Some(pace) = job.pace {
        label.push_str(&format!(" · pacing at {pace:.0}/s: server limit"));
    }
    if job.cancelling {
        label.push_str(" · cancelling");
    }
    let gauge = Gauge::default()
        .gauge_style(theme.gauge)
        .ratio(ratio.clamp(0.0, 1.0))
        .label(label);
    // The rate per second over the last seconds, beside the gauge.
    let spark_width = (area.width / 4).min(40);
    let [gauge_area, spark_area] =
        Layout::horizontal([Constraint::Min(10), Constraint::Length(spark_width)]).areas(area);
    frame.render_widget(gauge, gauge_area);
    // Newest second at the right edge; seconds before the job started count as zero.
    let seconds = usize::from(spark_width.saturating_sub(1));
    let recent = job.recent_rates(now, seconds);
    let mut rates = vec![0; seconds.saturating_sub(recent.len())];
    rates.extend(recent);
    let sparkline = Sparkline::default().data(&rates).style(theme.active_filter);
    let [_, spark_bars] =
        Layout::horizontal([Constraint::Length(1), Constraint::Min(0)]).areas(spark_area);
    frame.render_widget(sparkline, spark_bars);
}

fn draw_notice(frame: &mut Frame, area: Rect, state: &AppState, theme: &Theme) {
    if let Some(notice) = &state.notice() {
        let text = sanitize::truncate_to_width(&notice.text, usize::from(area.width));
        frame.render_widget(Paragraph::new(text).style(theme.notice(notice.level)), area);
    }
}

/// The footer: the hint rows of the current mode, with the keys in force.
fn draw_hints(frame: &mut Frame, area: Rect, state: &AppState, context: &DrawContext) {
    let theme = &context.theme;
    let keys = &context.keymap;
    let mode = state.mode();
    let mut spans = Vec::new();
    if state.jobs.running().is_some_and(|job| !job.cancelling) && mode == keymap::Mode::Browse {
        spans.push(Span::styled(
            format!(" {}", keys.label_for(mode, Action::CancelJob)),
            theme.key,
        ));
        spans.push(Span::styled(" cancel the job ", theme.dim));
    }
    let mut hints: Vec<(&str, &str, bool)> = keys
        .hints_for(mode)
        .map(|binding| {
            let text = if state.settings.read_only && binding.action.changes_posts() {
                "read-only"
            } else {
                binding.action.hint_text().unwrap_or(binding.help)
            };
            let essential = matches!(binding.action, Action::ToggleHelp | Action::Quit);
            (binding.label.as_str(), text, essential)
        })
        .collect();
    // Too narrow for every hint: drop the last ones first, but never help and quit.
    let width = |hints: &[(&str, &str, bool)]| -> usize {
        hints
            .iter()
            .map(|(label, text, _)| sanitize::width(label) + sanitize::width(text) + 3)
            .sum()
    };
    let used: usize = spans
        .iter()
        .map(|span| sanitize::width(&span.content))
        .sum();
    while used + width(&hints) > usize::from(area.width) {
        let Some(last) = hints.iter().rposition(|(_, _, essential)| !essential) else {
            break;
        };
        hints.remove(last);
    }
    for (label, text, _) in hints {
        spans.push(Span::styled(format!(" {label}"), theme.key));
        spans.push(Span::styled(format!(" {text} "), theme.dim));
    }
    frame.render_widget(Line::from(spans), area);
}
