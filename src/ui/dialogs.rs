//! Overlays drawn over the body: the status and platform pickers (with counts), the delete
//! confirmation (count, platforms, published warning, hidden marks), the quit prompt and the
//! help overlay, which is built from the keymap in force (the config's overrides included), as
//! are the keys the dialogs name.

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::{DrawContext, sanitize};
use crate::app::action::Action;
use crate::app::keymap::Mode;
use crate::app::state::{AppState, ConfirmDelete, Dialog, Picker, PickerKind};

/// A centred rectangle of at most `width` x `height` inside `area`.
fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let [row] = Layout::vertical([Constraint::Length(height.min(area.height))])
        .flex(Flex::Center)
        .areas(area);
    let [cell] = Layout::horizontal([Constraint::Length(width.min(area.width))])
        .flex(Flex::Center)
        .areas(row);
    cell
}

/// Draws whatever overlay is open.
pub fn draw(frame: &mut Frame, area: Rect, state: &AppState, context: &DrawContext) {
    if let Some(picker) = &state.picker {
        draw_picker(frame, area, picker, context);
    }
    match &state.dialog {
        Some(Dialog::ConfirmDelete(confirm)) => draw_confirm(frame, area, confirm, context),
        Some(Dialog::QuitPrompt) => {
            let keys = &context.keymap;
            let lines = vec![
                Line::raw("A delete job is still running."),
                Line::raw("Quit anyway? Requests in flight finish; the rest are not sent."),
                Line::default(),
                Line::from(vec![
                    Span::styled(
                        keys.label_for(Mode::QuitPrompt, Action::Confirm).to_owned(),
                        context.theme.key,
                    ),
                    Span::raw(" quit   "),
                    Span::styled(
                        keys.label_for(Mode::QuitPrompt, Action::Cancel).to_owned(),
                        context.theme.key,
                    ),
                    Span::raw(" keep running"),
                ]),
            ];
            popup(frame, area, " Quit? ", lines, 64, context);
        }
        Some(Dialog::Help) => draw_help(frame, frame.area(), state.help_scroll, context),
        None => {}
    }
}

fn popup(
    frame: &mut Frame,
    area: Rect,
    title: &str,
    lines: Vec<Line>,
    width: u16,
    context: &DrawContext,
) {
    // Height after wrapping, so the last line (the keys) is never cut off.
    let inner_width = usize::from(width.min(area.width).saturating_sub(2)).max(1);
    let rows: usize = lines
        .iter()
        .map(|line| line.width().div_ceil(inner_width).max(1))
        .sum();
    let height = u16::try_from(rows).unwrap_or(u16::MAX).saturating_add(2);
    let rect = centered(area, width, height);
    frame.render_widget(Clear, rect);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(context.theme.dialog)
        .title(title.to_string());
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        rect,
    );
}

fn draw_picker(frame: &mut Frame, area: Rect, picker: &Picker, context: &DrawContext) {
    let title = match picker.kind {
        PickerKind::Status => " Status ",
        PickerKind::Platform => " Platform ",
    };
    let lines: Vec<Line> = picker
        .entries
        .iter()
        .enumerate()
        .map(|(i, (label, count))| {
            let text = format!(
                " {:<20}{count:>6} ",
                sanitize::truncate_to_width(&sanitize::sanitize_line(label), 20)
            );
            if i == picker.cursor {
                Line::styled(text, context.theme.cursor)
            } else if *count == 0 {
                Line::styled(text, context.theme.dim)
            } else {
                Line::raw(text)
            }
        })
        .collect();
    let height = u16::try_from(lines.len())
        .unwrap_or(u16::MAX)
        .saturating_add(2);
    let rect = centered(area, 32, height);
    frame.render_widget(Clear, rect);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(context.theme.dialog)
        .title(title);
    // Keep the picker cursor visible when the list is taller than the area.
    let visible = usize::from(rect.height.saturating_sub(2)).max(1);
    let scroll = picker.cursor.saturating_sub(visible - 1);
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .scroll((u16::try_from(scroll).unwrap_or(0), 0)),
        rect,
    );
}

fn draw_confirm(frame: &mut Frame, area: Rect, confirm: &ConfirmDelete, context: &DrawContext) {
    let theme = &context.theme;
    let mode = if confirm.typed_required {
        Mode::ConfirmTyped
    } else {
        Mode::Confirm
    };
    let key =
        |action: Action| Span::styled(context.keymap.label_for(mode, action).to_owned(), theme.key);
    let count = confirm.pending.len();
    let noun = if count == 1 { "post" } else { "posts" };
    let mut lines = vec![Line::from(vec![
        Span::raw("Delete "),
        Span::styled(format!("{count} {noun}"), theme.warning),
        Span::raw(" from PostPost? This cannot be undone."),
    ])];
    if !confirm.platforms.is_empty() {
        let platforms: Vec<String> = confirm
            .platforms
            .iter()
            .map(|(name, n)| format!("{} {n}", sanitize::sanitize_line(name)))
            .collect();
        lines.push(Line::raw(format!("Platforms: {}", platforms.join(", "))));
    }
    if confirm.published > 0 {
        lines.push(Line::styled(
            format!(
                "⚠ {} published: deleting removes them from PostPost only; they stay live on the networks.",
                confirm.published
            ),
            theme.warning,
        ));
    }
    if confirm.hidden > 0 {
        lines.push(Line::styled(
            format!(
                "⚠ {} of them are hidden by the current filter.",
                confirm.hidden
            ),
            theme.warning,
        ));
    }
    lines.push(Line::from(vec![
        key(Action::ToggleBackup),
        Span::raw(if confirm.backup {
            " backup: ON — each post is saved (get-post JSON) before it is deleted"
        } else {
            " backup: off"
        }),
    ]));
    lines.push(Line::default());
    if confirm.typed_required {
        lines.push(Line::from(vec![
            Span::raw(format!(
                "Type {count} and press {} to delete: ",
                context.keymap.label_for(mode, Action::Confirm)
            )),
            Span::styled(format!("{}▏", confirm.typed), theme.active_filter),
        ]));
        lines.push(Line::from(vec![key(Action::Cancel), Span::raw(" cancel")]));
    } else {
        lines.push(Line::from(vec![
            key(Action::Confirm),
            Span::raw(" delete   "),
            key(Action::Cancel),
            Span::raw(" cancel"),
        ]));
    }
    popup(frame, area, " Confirm delete ", lines, 72, context);
}

fn help_lines(modes: &[(Mode, &'static str)], context: &DrawContext) -> Vec<Line<'static>> {
    let theme = &context.theme;
    let mut lines = Vec::new();
    for (mode, title) in modes {
        lines.push(Line::styled(*title, theme.label));
        for binding in context.keymap.bindings_for(*mode) {
            lines.push(Line::from(vec![
                Span::styled(format!(" {:<9}", binding.label), theme.key),
                Span::raw(binding.help),
            ]));
        }
    }
    lines
}

/// The first key of `action` in the help overlay, as written in help (`j`).
fn first_key(context: &DrawContext, action: Action) -> String {
    context
        .keymap
        .bindings_for(Mode::Help)
        .find(|binding| binding.action == action)
        .and_then(|binding| binding.keys.first())
        .map_or_else(|| "?".to_owned(), |key| key.label())
}

/// The help overlay in two columns: list keys on the left, the other modes on the right. The
/// log file's place is named at the bottom when known.
fn draw_help(frame: &mut Frame, area: Rect, scroll: u16, context: &DrawContext) {
    let theme = &context.theme;
    let rect = centered(area, area.width.saturating_sub(2).min(120), area.height);
    frame.render_widget(Clear, rect);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.dialog)
        .title(format!(
            " Help — {}/{} scroll · {} closes ",
            first_key(context, Action::CursorDown),
            first_key(context, Action::CursorUp),
            context.keymap.label_for(Mode::Help, Action::Cancel)
        ));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(inner);
    let left_lines = help_lines(&[(Mode::Browse, "List")], context);
    let mut right_lines = help_lines(
        &[
            (Mode::Search, "Search (/)"),
            (Mode::Picker, "Pickers (s, p)"),
            (Mode::Confirm, "Confirm dialog"),
            (Mode::ConfirmTyped, "Confirm, large batch"),
            (Mode::Connections, "Connections screen (2)"),
            (Mode::Stats, "Stats screen (3)"),
        ],
        context,
    );
    if let Some(log) = &context.log_file {
        right_lines.push(Line::default());
        right_lines.push(Line::styled("Log file", theme.label));
        right_lines.push(Line::raw(format!(" {log}")));
    }
    // Both columns scroll together; the offset stops where the longer column's end shows.
    let longest = u16::try_from(left_lines.len().max(right_lines.len() + 2)).unwrap_or(u16::MAX);
    let scroll = scroll.min(longest.saturating_sub(inner.height));
    frame.render_widget(Paragraph::new(left_lines).scroll((scroll, 0)), left);
    frame.render_widget(
        Paragraph::new(right_lines)
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0)),
        right,
    );
}
