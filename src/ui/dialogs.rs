//! Overlays drawn over the body: the status and platform pickers (with counts), the delete
//! confirmation (count, platforms, published warning, hidden marks), the reschedule and
//! move-to-draft dialog (time input, skipped posts, past-time warning; POSTPOST_API.md §3.4),
//! the managed-user picker (§8), the quit prompt and the help overlay, which is built from the
//! keymap in force (the config's overrides included), as are the keys the dialogs name.

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::DrawContext;
use super::list::platform_abbrev;
use super::wrap::wrap_lines;
use crate::api::model::Platform;
use crate::app::action::Action;
use crate::app::keymap::Mode;
use crate::app::state::{
    AppState, ConfirmDelete, Edit, Overlay, Picker, PickerKind, RestoreDialog, UserList, UserPicker,
};
use crate::text::sanitize;
use crate::text::wording;

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
    match state.overlay() {
        Some(Overlay::Picker(picker)) => draw_picker(frame, area, picker, context),
        Some(Overlay::ConfirmDelete(confirm)) => draw_confirm(frame, area, confirm, context),
        Some(Overlay::Change(change)) => super::change::draw_change(frame, area, change, context),
        Some(Overlay::UserPicker(picker)) => draw_user_picker(frame, area, state, picker, context),
        Some(Overlay::QuitPrompt) => {
            let keys = &context.keymap;
            let mut lines = match state.jobs.running() {
                Some(job) => vec![
                    Line::raw(format!(
                        "Job {} is still running: {} of {} posts done.",
                        job.id,
                        job.done(),
                        job.total
                    )),
                    Line::raw(format!(
                        "Quit: no new request starts; postpost waits up to {}s for the answers of those in flight, records them in the journal, then quits.",
                        (state.settings.request_timeout + crate::app::update::QUIT_WAIT_MARGIN)
                            .as_secs()
                    )),
                    Line::from(vec![
                        Span::styled(
                            keys.label_for(Mode::QuitPrompt, Action::ForceQuit)
                                .to_owned(),
                            context.theme.key,
                        ),
                        Span::raw(
                            " quits without waiting: requests in flight are abandoned and show as unresolved in `postpost journal`.",
                        ),
                    ]),
                ],
                None => vec![Line::raw(
                    "The job has ended (see the notice line). Quit now?",
                )],
            };
            lines.extend([
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
            ]);
            popup(frame, area, " Quit? ", lines, 64, context.theme.dialog);
        }
        Some(Overlay::Help { .. }) => draw_help(frame, frame.area(), state, context),
        Some(Overlay::Restore(dialog)) => draw_restore(frame, area, dialog, context),
        Some(Overlay::Refused(refusal)) => {
            let lines = vec![
                Line::raw(refusal.reason.clone()),
                Line::default(),
                Line::from(vec![
                    Span::styled(
                        context
                            .keymap
                            .label_for(Mode::Refused, Action::Cancel)
                            .to_owned(),
                        context.theme.key,
                    ),
                    Span::raw(" close"),
                ]),
            ];
            let title = format!(" {}: not done ", refusal.title);
            popup(frame, area, &title, lines, 60, context.theme.dialog);
        }
        None => {}
    }
}

/// A dialog of `lines` at most `width` wide, centred in `area`, its text word-wrapped
/// (`ui::wrap`) and its height that of the wrapped text, so no line is cut. The last line (the keys) is kept at the bottom: when the area is too short
/// for everything, the lines above it lose their end instead.
pub(super) fn popup(
    frame: &mut Frame,
    area: Rect,
    title: &str,
    lines: Vec<Line>,
    width: u16,
    border: ratatui::style::Style,
) {
    popup_keeping(frame, area, title, lines, 1, width, border);
}

/// [`popup`] that keeps its last `keep` lines (a typed count's field and the keys) whatever
/// the area's height: the lines above them lose their end instead.
pub(super) fn popup_keeping(
    frame: &mut Frame,
    area: Rect,
    title: &str,
    mut lines: Vec<Line>,
    keep: usize,
    width: u16,
    border: ratatui::style::Style,
) {
    let inner_width = width.min(area.width).saturating_sub(2).max(1);
    let tail = lines.split_off(lines.len().saturating_sub(keep.max(1)));
    // Wrapped by `wrap_lines`, which never puts a wide grapheme over the dialog's border.
    let body = Paragraph::new(wrap_lines(&lines, inner_width));
    let keys = Paragraph::new(wrap_lines(&tail, inner_width));
    let body_rows = body.line_count(inner_width);
    let key_rows = keys.line_count(inner_width);
    let height = u16::try_from(body_rows + key_rows)
        .unwrap_or(u16::MAX)
        .saturating_add(2);
    let rect = centered(area, width, height);
    frame.render_widget(Clear, rect);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(border)
        .title(title.to_string());
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let key_height = u16::try_from(key_rows)
        .unwrap_or(u16::MAX)
        .min(inner.height);
    let [body_area, keys_area] =
        Layout::vertical([Constraint::Min(0), Constraint::Length(key_height)]).areas(inner);
    frame.render_widget(body, body_area);
    frame.render_widget(keys, keys_area);
}

fn draw_picker(frame: &mut Frame, area: Rect, picker: &Picker, context: &DrawContext) {
    let title = match picker.kind {
        PickerKind::Status => " Status (Space: several) ",
        PickerKind::Platform => " Platform (Space: several) ",
        PickerKind::View => " Saved views ",
    };
    let lines: Vec<Line> = picker
        .entries
        .iter()
        .enumerate()
        .map(|(i, (label, count))| {
            let check = if picker.kind == PickerKind::View {
                ""
            } else if picker.checked.contains(label) || (i == 0 && picker.checked.is_empty()) {
                "[x] "
            } else {
                "[ ] "
            };
            let text = format!(
                " {check}{:<20}{count:>6} ",
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
    let rect = centered(area, 36, height);
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
    let mode = if confirm.count.required() {
        Mode::ConfirmTyped
    } else {
        Mode::Confirm
    };
    let key =
        |action: Action| Span::styled(context.keymap.label_for(mode, action).to_owned(), theme.key);
    let count = confirm.pending.len();
    let noun = wording::noun(count, "post", "posts");
    let mut lines = vec![Line::from(vec![
        Span::raw("Delete "),
        Span::styled(format!("{} {noun}", wording::grouped(count)), theme.warning),
        Span::raw(" from PostPost? This cannot be undone."),
    ])];
    if !confirm.platforms.is_empty() {
        let platforms: Vec<String> = confirm
            .platforms
            .iter()
            .map(|(name, n)| format!("{} {}", sanitize::sanitize_line(name), wording::grouped(*n)))
            .collect();
        lines.push(Line::raw(format!("Platforms: {}", platforms.join(", "))));
    }
    if confirm.published > 0 {
        lines.push(Line::styled(
            format!(
                "⚠ {} published: deleting removes them from PostPost only; they stay live on the networks.",
                wording::grouped(confirm.published)
            ),
            theme.warning,
        ));
    }
    if confirm.hidden > 0 {
        lines.push(Line::styled(
            format!(
                "⚠ {} of them are hidden by the current filter.",
                wording::grouped(confirm.hidden)
            ),
            theme.warning,
        ));
    }
    if confirm.backup && confirm.unrestorable > 0 {
        lines.push(Line::styled(
            format!(
                "⚠ {} of them cannot be restored from a backup: create-post refuses one of their platform ids (Bluesky's did:plc form).",
                wording::grouped(confirm.unrestorable)
            ),
            theme.warning,
        ));
    }
    lines.push(Line::from(vec![
        key(Action::ToggleBackup),
        Span::raw(if confirm.backup {
            " backup: on — content, platforms, time and media are saved first; U restores them"
        } else {
            " backup: OFF — these posts cannot be restored"
        }),
    ]));
    lines.push(Line::default());
    if confirm.count.required() {
        lines.push(Line::from(
            [
                vec![Span::raw(format!(
                    "Type {count} and press {} to delete: ",
                    context.keymap.label_for(mode, Action::Confirm)
                ))],
                super::field::field_spans(confirm.count.field(), 12, theme.active_filter, true),
            ]
            .concat(),
        ));
        lines.push(Line::from(vec![key(Action::Cancel), Span::raw(" cancel")]));
    } else {
        lines.push(Line::from(vec![
            key(Action::Confirm),
            Span::raw(" delete   "),
            key(Action::Cancel),
            Span::raw(" cancel"),
        ]));
    }
    // A typed count keeps its field on screen however small the terminal.
    let keep = if confirm.count.required() { 2 } else { 1 };
    popup_keeping(
        frame,
        area,
        " DELETE: cannot be undone ",
        lines,
        keep,
        72,
        context.theme.dialog_danger,
    );
}

/// The restore dialog (`U`).
fn draw_restore(frame: &mut Frame, area: Rect, dialog: &RestoreDialog, context: &DrawContext) {
    let theme = &context.theme;
    let mode = if dialog.count.required() {
        Mode::ConfirmChangeTyped
    } else {
        Mode::ConfirmChange
    };
    let key =
        |action: Action| Span::styled(context.keymap.label_for(mode, action).to_owned(), theme.key);
    let count = dialog.restorable();
    let drafts = count.saturating_sub(dialog.scheduled);
    let mut lines = vec![
        Line::from(vec![
            Span::raw("Restore "),
            Span::styled(
                format!(
                    "{} {}",
                    wording::grouped(count),
                    wording::noun(count, "post", "posts")
                ),
                theme.warning,
            ),
            Span::raw(format!(
                " from backup {}?",
                sanitize::sanitize_line(&dialog.name)
            )),
        ]),
        Line::raw(format!(
            "{} scheduled at {} time; {} as {} (published, failed, past or draft posts are never re-published on their own).",
            wording::grouped(dialog.scheduled),
            wording::noun(dialog.scheduled, "its", "their"),
            wording::grouped(drafts),
            wording::noun(drafts, "a draft", "drafts"),
        )),
        Line::styled(
            "They come back with new ids, media included; platform settings are not kept by the API and are not restored.",
            theme.dim,
        ),
    ];
    if dialog.unrestorable > 0 {
        lines.push(Line::styled(
            format!(
                "⚠ {} more cannot come back: create-post refuses one of their platform ids (their content stays in the backup).",
                wording::grouped(dialog.unrestorable)
            ),
            theme.warning,
        ));
    }
    lines.push(Line::default());
    if dialog.count.required() {
        lines.push(Line::from(
            [
                vec![Span::raw(format!(
                    "Type {count} and press {} to restore: ",
                    context.keymap.label_for(mode, Action::Confirm)
                ))],
                super::field::field_spans(dialog.count.field(), 12, theme.active_filter, true),
            ]
            .concat(),
        ));
        lines.push(Line::from(vec![key(Action::Cancel), Span::raw(" cancel")]));
    } else {
        lines.push(Line::from(vec![
            key(Action::Confirm),
            Span::raw(" restore   "),
            key(Action::Cancel),
            Span::raw(" cancel"),
        ]));
    }
    let keep = if dialog.count.required() { 2 } else { 1 };
    popup_keeping(
        frame,
        area,
        " Restore ",
        lines,
        keep,
        72,
        context.theme.dialog,
    );
}

/// Widest the managed-user picker gets.
const USER_PICKER_WIDTH: u16 = 84;

/// The managed-user picker: the owner, then the workspace's users with their daily posts left;
/// a loading or error line below.
fn draw_user_picker(
    frame: &mut Frame,
    area: Rect,
    state: &AppState,
    picker: &UserPicker,
    context: &DrawContext,
) {
    let theme = &context.theme;
    let entry_width = usize::from(USER_PICKER_WIDTH.min(area.width).saturating_sub(2));
    // A workspace can have more users than the popup has rows: show a window that keeps the
    // cursor in sight (borders, a status line, a blank line and the keys take 5 rows).
    let room = usize::from(area.height.saturating_sub(6)).max(1);
    let total = picker.entries.len();
    let first = picker
        .cursor
        .saturating_sub(room - 1)
        .min(total.saturating_sub(room));
    let mut lines: Vec<Line> = picker
        .entries
        .iter()
        .enumerate()
        .skip(first)
        .take(room)
        .map(|(i, entry)| {
            let acting = entry.user_id == state.acting().user_id;
            let name = sanitize::truncate_to_width(&entry.name, 24);
            let username = sanitize::truncate_to_width(&entry.username, 26);
            let left = entry
                .daily_posts_left
                .map(|n| format!("{n} posts left today"))
                .unwrap_or_default();
            let text = format!(
                "{} {name:<24} {username:<26} {left}",
                if acting { "●" } else { " " }
            );
            // One line per entry, however narrow: a wrapped tail would read as another entry.
            let text = sanitize::truncate_to_width(text.trim_end(), entry_width);
            if i == picker.cursor {
                Line::styled(text, theme.cursor)
            } else {
                Line::raw(text)
            }
        })
        .collect();
    match &picker.list {
        UserList::Loading => lines.push(Line::styled("loading the workspace's users…", theme.dim)),
        UserList::Loaded if picker.entries.len() == 1 => {
            lines.push(Line::styled(
                "this workspace has no managed users",
                theme.dim,
            ));
        }
        UserList::Loaded if total > room => lines.push(Line::styled(
            format!(
                "{}–{} of {total} · j/k scroll",
                first + 1,
                (first + room).min(total)
            ),
            theme.dim,
        )),
        UserList::Loaded => {}
        UserList::Failed(reason) => lines.push(Line::styled(reason.clone(), theme.warning)),
    }
    lines.push(Line::default());
    lines.push(Line::from(vec![
        Span::styled(
            context
                .keymap
                .label_for(Mode::Picker, Action::Submit)
                .to_owned(),
            theme.key,
        ),
        Span::raw(" act as this user (reloads)   "),
        Span::styled(
            context
                .keymap
                .label_for(Mode::Picker, Action::Cancel)
                .to_owned(),
            theme.key,
        ),
        Span::raw(" close"),
    ]));
    popup(
        frame,
        area,
        " Act as ",
        lines,
        USER_PICKER_WIDTH,
        context.theme.dialog,
    );
}

/// The help entries of `modes`; in read-only mode the actions that change posts say they are
/// off, as the footer does.
fn help_lines(
    modes: &[(Mode, &'static str)],
    read_only: bool,
    context: &DrawContext,
) -> Vec<Line<'static>> {
    let theme = &context.theme;
    let mut lines = Vec::new();
    for (mode, title) in modes {
        lines.push(Line::styled(*title, theme.label));
        // The editing keys are the same in every text field: listed once, under the query.
        let editing = |action: Action| *mode != Mode::Search && Edit::from_action(action).is_some();
        for binding in context
            .keymap
            .bindings_for(*mode)
            .filter(|binding| !editing(binding.action))
        {
            let key = Span::styled(format!(" {:<9}", binding.label), theme.key);
            lines.push(match binding.action.change_name() {
                Some(change) if read_only => Line::from(vec![
                    key,
                    Span::styled(format!("read-only: {change} is off"), theme.dim),
                ]),
                _ => Line::from(vec![key, Span::raw(binding.help)]),
            });
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
fn draw_help(frame: &mut Frame, area: Rect, state: &AppState, context: &DrawContext) {
    let theme = &context.theme;
    let scroll = state.help_scroll();
    let read_only = state.settings.read_only;
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
    let left_lines = help_lines(&[(Mode::Browse, "List")], read_only, context);
    let mut right_lines = help_lines(
        &[
            (Mode::Search, "Query (/) and every text field"),
            (Mode::Picker, "Pickers (s, p)"),
            (Mode::Confirm, "Confirm dialog"),
            (Mode::ConfirmTyped, "Confirm, large batch"),
            (Mode::TimeInput, "Reschedule time (t)"),
            (Mode::ConfirmChange, "Reschedule / draft, confirm"),
            (Mode::ConfirmChangeTyped, "Reschedule / draft, large batch"),
            (Mode::Connections, "Connections screen (2)"),
            (Mode::Stats, "Stats screen (3)"),
        ],
        read_only,
        context,
    );
    right_lines.push(Line::default());
    right_lines.push(Line::styled("Platforms in the list", theme.label));
    let legend: Vec<String> = Platform::KNOWN
        .iter()
        .map(|platform| format!("{}={}", platform_abbrev(platform), platform.as_str()))
        .collect();
    right_lines.push(Line::raw(format!(" {}", legend.join(" · "))));
    if let Some(log) = &context.log_file {
        right_lines.push(Line::default());
        right_lines.push(Line::styled("Log file", theme.label));
        right_lines.push(Line::raw(format!(" {log}")));
    }
    // Narrow terminals get one column (the list's keys first), wrapped; wide ones two, which
    // scroll together.
    let columns: Vec<(Rect, Vec<Line<'static>>)> = if inner.width < HELP_TWO_COLUMNS {
        let mut lines = left_lines;
        lines.push(Line::default());
        lines.extend(right_lines);
        vec![(inner, lines)]
    } else {
        let [left, right] =
            Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)])
                .areas(inner);
        vec![(left, left_lines), (right, right_lines)]
    };
    let longest = columns
        .iter()
        .map(|(area, lines)| {
            Paragraph::new(lines.clone())
                .wrap(Wrap { trim: false })
                .line_count(area.width)
        })
        .max()
        .unwrap_or(0);
    // The offset stops where the longer column's end shows.
    let longest = u16::try_from(longest).unwrap_or(u16::MAX);
    let scroll = scroll.min(longest.saturating_sub(inner.height));
    for (area, lines) in columns {
        frame.render_widget(
            Paragraph::new(lines)
                .wrap(Wrap { trim: false })
                .scroll((scroll, 0)),
            area,
        );
    }
}

/// From this inner width on, help has two columns.
const HELP_TWO_COLUMNS: u16 = 90;

#[cfg(test)]
mod tests {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    use super::*;

    fn drawn(width: u16, height: u16, lines: Vec<Line<'static>>, popup_width: u16) -> Vec<String> {
        let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
        let context = DrawContext::default();
        terminal
            .draw(|frame| {
                popup(
                    frame,
                    frame.area(),
                    " T ",
                    lines,
                    popup_width,
                    context.theme.dialog,
                )
            })
            .expect("draw");
        let buffer = terminal.backend().buffer();
        (0..buffer.area.height)
            .map(|y| {
                (0..buffer.area.width)
                    .map(|x| buffer[(x, y)].symbol())
                    .collect::<String>()
            })
            .collect()
    }

    /// Words that each fill most of a row need more rows than their width divided by the
    /// row's: the dialog is as tall as the word-wrapped text, so every word and the key line
    /// show.
    #[test]
    fn a_popup_is_as_tall_as_its_word_wrapped_text() {
        let lines = vec![
            Line::raw("aaaaaa bbbbbb cccccc dddddd eeeeee"),
            Line::raw("y yes   n no"),
        ];
        let rows = drawn(30, 20, lines, 12);
        let screen = rows.join("\n");
        for word in ["aaaaaa", "bbbbbb", "cccccc", "dddddd", "eeeeee", "y yes"] {
            assert!(screen.contains(word), "{word}:\n{screen}");
        }
    }

    /// Too short an area for the whole text: the key line still shows, at the bottom.
    #[test]
    fn the_key_line_stays_when_the_area_is_short() {
        let mut lines: Vec<Line<'static>> =
            (0..10).map(|i| Line::raw(format!("line {i}"))).collect();
        lines.push(Line::raw("Enter use this time"));
        let rows = drawn(40, 6, lines, 30);
        assert!(rows[4].contains("Enter use this time"), "{rows:#?}");
        assert!(rows[1].contains("line 0"), "{rows:#?}");
    }
}
