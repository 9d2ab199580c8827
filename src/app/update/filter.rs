//! Choosing what the list shows: the status and platform pickers (`s`, `p`) and the search line
//! (`/`).

use std::time::Instant;

use super::super::action::Action;
use super::super::state::{AppState, Overlay, Picker, PickerKind};
use super::{list_overlay_keys, quit};
use crate::api::model::{Platform, PostStatus};
use crate::protocol::Command;

/// Opens the picker of `kind` with the count of each entry, its cursor on the current choice.
pub(super) fn open_picker(state: &mut AppState, kind: PickerKind) {
    let entries = state.posts.picker_entries(kind);
    let filter = state.posts.filter();
    let current = match kind {
        PickerKind::Status => filter.status.as_ref().map(|s| s.as_str().to_string()),
        PickerKind::Platform => filter.platform.as_ref().map(|p| p.as_str().to_string()),
    };
    let cursor = current
        .and_then(|name| entries.iter().position(|(label, _)| *label == name))
        .unwrap_or(0);
    state.posts.end_range();
    state.open(Overlay::Picker(Picker {
        kind,
        entries,
        cursor,
    }));
}

pub(super) fn picker(
    state: &mut AppState,
    picker: Picker,
    action: Action,
    now: Instant,
    commands: &mut Vec<Command>,
) {
    if list_overlay_keys(state, action, now, commands) || action != Action::Submit {
        return;
    }
    let choice = (picker.cursor > 0)
        .then(|| {
            picker
                .entries
                .get(picker.cursor)
                .map(|(label, _)| label.clone())
        })
        .flatten();
    state.close();
    match picker.kind {
        PickerKind::Status => state
            .posts
            .set_status(choice.map(|c| PostStatus::from_wire(&c))),
        PickerKind::Platform => state
            .posts
            .set_platform(choice.map(|c| Platform::from_wire(&c))),
    }
}

pub(super) fn search(
    state: &mut AppState,
    action: Action,
    now: Instant,
    commands: &mut Vec<Command>,
) {
    match action {
        Action::Input(c) => state.posts.push_search(c),
        Action::Backspace => state.posts.pop_search(),
        Action::ClearInput => state.posts.clear_search(),
        Action::Submit => state.posts.keep_search(),
        Action::Cancel => state.posts.drop_search(),
        Action::ForceQuit => {
            state.posts.keep_search();
            quit(state, now, commands, true);
        }
        _ => {}
    }
}
