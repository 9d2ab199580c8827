//! Choosing what the list shows: the query field (`/`, live), the status and platform pickers
//! (`s`, `p`; `Space` checks several, `Enter` writes them into the query) and the saved views
//! (`f`; choosing one sets the query).

use std::collections::BTreeSet;
use std::time::Instant;

use super::super::action::Action;
use super::super::query::Query;
use super::super::state::{AppState, Edit, NoticeLevel, Overlay, Picker, PickerKind};
use super::{list_overlay_keys, quit};
use crate::protocol::Command;
use crate::text::wording::grouped;

/// Opens the picker of `kind` with the count of each entry, the query's current choice checked
/// and the cursor on its first entry.
pub(super) fn open_picker(state: &mut AppState, kind: PickerKind, now: Instant) {
    let entries = match kind {
        PickerKind::View => view_entries(state),
        _ => state.posts.picker_entries(kind),
    };
    if entries.is_empty() {
        state.notify(
            NoticeLevel::Info,
            "no saved views: add [views.NAME] query = \"…\" to the config file",
            now,
        );
        return;
    }
    let checked: BTreeSet<String> = state.posts.picked(kind).into_iter().collect();
    let cursor = entries
        .iter()
        .position(|(label, _)| checked.contains(label))
        .unwrap_or(0);
    state.posts.end_range();
    state.open(Overlay::Picker(Picker {
        kind,
        entries,
        cursor,
        checked,
        toggled: false,
    }));
}

/// Each saved view with the number of loaded posts it matches (a view that does not parse
/// counts 0; choosing it says why).
fn view_entries(state: &AppState) -> Vec<(String, usize)> {
    state
        .settings
        .views
        .iter()
        .map(|(name, text)| {
            let count = Query::parse(text, state.wall_now(), state.time_zone())
                .map_or(0, |query| state.posts.count_matching(&query));
            (name.clone(), count)
        })
        .collect()
}

pub(super) fn picker(
    state: &mut AppState,
    picker: Picker,
    action: Action,
    now: Instant,
    commands: &mut Vec<Command>,
) {
    if list_overlay_keys(state, action, now, commands) {
        return;
    }
    match action {
        Action::PickerToggle => {
            if let Some(Overlay::Picker(open)) = state.overlay_mut() {
                open.toggle();
            }
        }
        Action::Submit => {
            state.close();
            let choice = picker.choice();
            if picker.kind == PickerKind::View {
                if let Some(name) = choice.first() {
                    apply_view(state, name, now);
                }
            } else {
                state.posts.choose(picker.kind, &choice);
            }
        }
        _ => {}
    }
}

/// Sets the query to the saved view `name`'s.
fn apply_view(state: &mut AppState, name: &str, now: Instant) {
    let Some((_, text)) = state
        .settings
        .views
        .iter()
        .find(|(n, _)| n == name)
        .cloned()
    else {
        return;
    };
    match Query::parse(&text, state.wall_now(), state.time_zone()) {
        Ok(query) => {
            state.posts.set_query(text, query);
            state.notify(NoticeLevel::Info, format!("view {name}"), now);
        }
        Err(error) => state.notify(
            NoticeLevel::Warn,
            format!("view {name} does not parse: {error}"),
            now,
        ),
    }
}

/// `Ctrl-a` (also while typing the query): marks every post shown (undoable).
pub(super) fn mark_shown(state: &mut AppState, now: Instant) {
    let count = state.posts.mark_shown();
    let mut text = format!("marked the {} posts shown", grouped(count));
    if state.load.in_progress() {
        text.push_str(" (only those loaded so far)");
    }
    text.push_str(" — z undoes");
    state.notify(NoticeLevel::Info, text, now);
}

/// `V` (`Ctrl-v` while typing the query): unmarks every post shown (undoable).
pub(super) fn unmark_shown(state: &mut AppState, now: Instant) {
    let count = state.posts.unmark_shown();
    let hidden = state.posts.marked().len();
    let mut text = format!("unmarked {} posts shown", grouped(count));
    if hidden > 0 {
        text.push_str(&format!(
            "; {} marked posts the filter hides stay marked",
            grouped(hidden)
        ));
    }
    text.push_str(" — z undoes");
    state.notify(NoticeLevel::Info, text, now);
}

pub(super) fn search(
    state: &mut AppState,
    action: Action,
    now: Instant,
    commands: &mut Vec<Command>,
) {
    if let Some(edit) = Edit::from_action(action) {
        let (wall_now, zone) = (state.wall_now(), state.time_zone());
        state.posts.edit_query_field(edit, wall_now, zone);
        return;
    }
    match action {
        Action::Submit if !state.posts.keep_search() => {
            state.notify(
                NoticeLevel::Warn,
                "the query does not parse (see under the field): fix it, or Esc to go back",
                now,
            );
        }
        Action::Cancel => state.posts.drop_search(),
        Action::MarkAll => mark_shown(state, now),
        Action::UnmarkShown => unmark_shown(state, now),
        Action::ForceQuit => {
            state.posts.drop_search();
            quit(state, now, commands, true);
        }
        _ => {}
    }
}
