//! The reschedule / move-to-draft dialog (POSTPOST_API.md §3.4): what changes, the time field,
//! what it reads as, and the keys. Each line has a rank: when the terminal is too short for all
//! of them, the least needed go first, so the input line and the parsed time stay on screen
//! down to 40x12.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::DrawContext;
use super::dialogs::popup;
use super::field::field_spans;
use super::wrap::wrap_lines;
use crate::app::action::Action;
use crate::app::keymap::Mode;
use crate::app::state::{ChangeDialog, ChangeKind};
use crate::text::wording::{self, describe_counts};
use crate::time::TimeZoneChoice;
use crate::time::input as when;

/// How much a line is needed: the lowest go first when the dialog does not fit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Rank {
    Spacing,
    Hint,
    Intro,
    Warning,
    Essential,
}

const WIDTH: u16 = 76;

/// The reschedule / move-to-draft dialog.
pub fn draw_change(frame: &mut Frame, area: Rect, dialog: &ChangeDialog, context: &DrawContext) {
    let theme = &context.theme;
    let count = dialog.pending.len();
    let noun = wording::noun(count, "post", "posts");
    let zone_name = dialog.zone.label();
    let mut lines: Vec<(Rank, Line)> = Vec::new();
    let title = match dialog.kind {
        ChangeKind::Reschedule => {
            lines.push((
                Rank::Intro,
                Line::from(vec![
                    Span::raw("Reschedule "),
                    Span::styled(format!("{count} {noun}"), theme.warning),
                    Span::raw(" (status scheduled at the new time)."),
                ]),
            ));
            "Reschedule"
        }
        ChangeKind::MoveToDraft => {
            lines.push((
                Rank::Essential,
                Line::from(vec![
                    Span::raw("Move "),
                    Span::styled(format!("{count} {noun}"), theme.warning),
                    Span::raw(" to draft?"),
                ]),
            ));
            lines.push((
                Rank::Intro,
                Line::raw("They keep their time but are not published until rescheduled (t)."),
            ));
            "Move to draft"
        }
    };
    // The count stays in the title when the lines about it do not fit.
    let title = format!(" {title} {count} {noun} ");
    if !dialog.skipped.is_empty() {
        lines.push((
            Rank::Warning,
            Line::styled(
                format!(
                    "Skipped {} of the chosen ({}): only {} posts can change.",
                    dialog.skipped_total(),
                    describe_counts(&dialog.skipped),
                    match dialog.kind {
                        ChangeKind::Reschedule => "draft and scheduled",
                        ChangeKind::MoveToDraft => "scheduled",
                    }
                ),
                theme.warning,
            ),
        ));
    }
    if dialog.hidden > 0 {
        lines.push((
            Rank::Warning,
            Line::styled(
                format!(
                    "⚠ {} of them are hidden by the current filter.",
                    dialog.hidden
                ),
                theme.warning,
            ),
        ));
    }
    if dialog.kind == ChangeKind::Reschedule && dialog.drafts > 0 {
        lines.push((
            Rank::Warning,
            Line::styled(
                format!(
                    "⚠ {} of them {}: rescheduling makes {} scheduled, to be published at the new time.",
                    dialog.drafts,
                    wording::noun(dialog.drafts, "is a draft", "are drafts"),
                    wording::noun(dialog.drafts, "it", "them"),
                ),
                theme.warning,
            ),
        ));
    }
    if dialog.kind == ChangeKind::Reschedule {
        time_lines(&mut lines, dialog, area, context, zone_name);
    }
    lines.push((Rank::Spacing, Line::default()));
    let verb = match dialog.kind {
        ChangeKind::Reschedule => " reschedule   ",
        ChangeKind::MoveToDraft => " move to draft   ",
    };
    let key = |mode: Mode, action: Action| {
        Span::styled(context.keymap.label_for(mode, action).to_owned(), theme.key)
    };
    let keys = if dialog.kind == ChangeKind::Reschedule && !dialog.confirming {
        Line::from(vec![
            key(Mode::TimeInput, Action::Submit),
            Span::raw(" use this time   "),
            key(Mode::TimeInput, Action::Cancel),
            Span::raw(" cancel"),
        ])
    } else {
        if let (ChangeKind::Reschedule, Ok(time)) = (dialog.kind, &dialog.parsed) {
            lines.push((
                Rank::Essential,
                Line::from(vec![
                    Span::raw(format!("Reschedule {count} {noun} to ")),
                    Span::styled(when::format_input(*time, dialog.zone), theme.warning),
                    Span::raw(format!(" ({zone_name})?")),
                ]),
            ));
        }
        let mode = if dialog.count.required() {
            lines.push((
                Rank::Essential,
                Line::from(
                    [
                        vec![Span::raw(format!("Type {count} to confirm: "))],
                        field_spans(dialog.count.field(), 12, theme.active_filter, true),
                    ]
                    .concat(),
                ),
            ));
            Mode::ConfirmChangeTyped
        } else {
            Mode::ConfirmChange
        };
        Line::from(vec![
            key(mode, Action::Confirm),
            Span::raw(verb),
            key(mode, Action::Cancel),
            Span::raw(" cancel"),
        ])
    };
    let inner_width = WIDTH.min(area.width).saturating_sub(2).max(1);
    let room = usize::from(area.height.saturating_sub(2));
    let mut lines = fitted(
        lines,
        inner_width,
        room.saturating_sub(rows(&keys, inner_width)),
    );
    lines.push(keys);
    popup(frame, area, &title, lines, WIDTH, context.theme.dialog);
}

/// The label, the field, what it reads as (or why not) and the past-time warning.
fn time_lines(
    lines: &mut Vec<(Rank, Line<'static>)>,
    dialog: &ChangeDialog,
    area: Rect,
    context: &DrawContext,
    zone_name: &str,
) {
    let theme = &context.theme;
    lines.push((Rank::Spacing, Line::default()));
    lines.push((
        Rank::Hint,
        Line::styled(
            "YYYY-MM-DD HH:MM, HH:MM, +2h, +1d, tomorrow 09:00",
            theme.dim,
        ),
    ));
    lines.push((
        Rank::Warning,
        Line::styled(format!("New time ({zone_name}):"), theme.label),
    ));
    let room = usize::from(WIDTH.min(area.width)).saturating_sub(2 + 2);
    lines.push((
        Rank::Essential,
        Line::from(
            [
                vec![Span::raw("> ")],
                field_spans(&dialog.input, room, theme.active_filter, !dialog.confirming),
            ]
            .concat(),
        ),
    ));
    match &dialog.parsed {
        Ok(time) => {
            let utc = when::format_input(*time, TimeZoneChoice::Utc);
            lines.push((
                Rank::Essential,
                Line::raw(match dialog.zone {
                    TimeZoneChoice::Utc => format!("= {utc} UTC"),
                    zone => format!(
                        "= {} {} · {utc} UTC",
                        zone.civil(*time).format("%a %Y-%m-%d %H:%M"),
                        zone.label()
                    ),
                }),
            ));
            if dialog.is_past() {
                lines.push((
                    Rank::Warning,
                    Line::styled(
                        "⚠ that time has passed: the server will schedule them for now (§3.4).",
                        theme.warning,
                    ),
                ));
            }
        }
        Err(reason) => lines.push((
            Rank::Essential,
            Line::styled(format!("✗ {reason}"), theme.warning),
        )),
    }
    lines.push((
        Rank::Hint,
        Line::styled(
            "The server may move a time (spacing); the list shows the time it answers.",
            theme.dim,
        ),
    ));
}

/// Rows `line` takes, wrapped at `width` as the popup wraps it.
fn rows(line: &Line, width: u16) -> usize {
    wrap_lines(std::slice::from_ref(line), width).len()
}

/// `lines` without the least needed ones (the later first among equals) until they fit in
/// `room` rows at `width`.
fn fitted(mut lines: Vec<(Rank, Line<'static>)>, width: u16, room: usize) -> Vec<Line<'static>> {
    let mut total: usize = lines.iter().map(|(_, line)| rows(line, width)).sum();
    while total > room {
        let Some(drop) = lines
            .iter()
            .enumerate()
            .filter(|(_, (rank, _))| *rank != Rank::Essential)
            .min_by_key(|(at, (rank, _))| (*rank, std::cmp::Reverse(*at)))
            .map(|(at, _)| at)
        else {
            break;
        };
        total -= rows(&lines.remove(drop).1, width);
    }
    lines.into_iter().map(|(_, line)| line).collect()
}
