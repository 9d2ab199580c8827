//! The text fields (query, reschedule time, typed counts) through the real keymap: key presses
//! as the terminal reports them go through `Keymap::action_for` in the mode the state is in,
//! then `update`; a paste goes through `update::paste`. Pure: no terminal, no server.

use std::time::Instant;

use chrono::{DateTime, Utc};
use postpost_tui::api::model::{Pagination, PostSummary, parse_instant};
use postpost_tui::app::action::Action;
use postpost_tui::app::keymap::{KeyCode, KeyModifiers, KeyPress, Keymap, Mode};
use postpost_tui::app::state::{AppState, ChangeDialog, Overlay, UiSettings};
use postpost_tui::app::update::{paste, update};
use postpost_tui::protocol::{Command, LoadSeq, WorkerEvent};
use postpost_tui::time::TimeZoneChoice;

use crate::support::apply_settled;

fn at(text: &str) -> DateTime<Utc> {
    parse_instant(text).expect("test instant")
}

fn post(n: usize, status: &str) -> PostSummary {
    serde_json::from_value(serde_json::json!({
        "postGroupId": format!("{n:024x}"),
        "content": format!("post number {n}"),
        "status": status,
        "createdAt": format!("2026-11-01T10:{:02}:00.000Z", n % 60),
        "updatedAt": "2026-11-01T10:00:00.000Z",
        "scheduledTime": "2026-12-03T16:15:00.000Z",
        "platforms": [{"platformId": "twitter-acct", "platform": "twitter", "status": "draft"}],
        "mediaUrls": []
    }))
    .expect("fixture parses")
}

/// `count` scheduled posts loaded, the clock at 2026-11-29 22:50 UTC, times in UTC.
fn loaded(count: usize) -> AppState {
    let mut state = AppState::new(UiSettings::default());
    state.posts.set_list_height(10);
    state.set_clock(at("2026-11-29T22:50:10Z"));
    state.set_time_zone(TimeZoneChoice::Utc);
    let now = Instant::now();
    update(&mut state, Action::Reload, now);
    apply_settled(
        &mut state,
        WorkerEvent::PageLoaded {
            seq: LoadSeq(1),
            posts: (0..count).map(|n| post(n, "scheduled")).collect(),
            skipped: 0,
            pagination: Pagination {
                page: 1,
                limit: 100,
                total_items: count as u64,
                total_pages: 1,
                ..Pagination::default()
            },
        },
        now,
    );
    apply_settled(
        &mut state,
        WorkerEvent::LoadFinished { seq: LoadSeq(1) },
        now,
    );
    state
}

/// A key as the terminal reports it: `"C-w"`, `"A-b"`, `"Left"`, or one character.
fn key(name: &str) -> KeyPress {
    let (modifiers, rest) = match name.split_at_checked(2) {
        Some(("C-", rest)) if !rest.is_empty() => (KeyModifiers::CONTROL, rest),
        Some(("A-", rest)) if !rest.is_empty() => (KeyModifiers::ALT, rest),
        _ => (KeyModifiers::NONE, name),
    };
    let code = match rest {
        "Left" => KeyCode::Left,
        "Right" => KeyCode::Right,
        "Home" => KeyCode::Home,
        "End" => KeyCode::End,
        "Del" => KeyCode::Delete,
        "Bksp" => KeyCode::Backspace,
        "Enter" => KeyCode::Enter,
        "Esc" => KeyCode::Esc,
        one => KeyCode::Char(one.chars().next().expect("a key")),
    };
    KeyPress::new(code, modifiers)
}

/// Presses `keys` (space-separated names, or `"text:…"` for each character typed) through
/// the default keymap; returns every command.
fn keys(state: &mut AppState, keys: &[&str]) -> Vec<Command> {
    let keymap = Keymap::default();
    let mut commands = Vec::new();
    for name in keys {
        let presses: Vec<KeyPress> = match name.strip_prefix("text:") {
            Some(text) => text
                .chars()
                .map(|c| KeyPress::new(KeyCode::Char(c), KeyModifiers::NONE))
                .collect(),
            None => vec![key(name)],
        };
        for press in presses {
            if let Some(action) = keymap.action_for(state.mode(), press) {
                commands.extend(update(state, action, Instant::now()));
            }
        }
    }
    commands
}

fn change_dialog(state: &AppState) -> &ChangeDialog {
    match state.overlay() {
        Some(Overlay::Change(dialog)) => dialog,
        other => panic!("expected the change dialog, got {other:?}"),
    }
}

#[test]
fn typing_over_the_prefilled_time_replaces_it() {
    let mut state = loaded(3);
    keys(&mut state, &["t"]);
    assert_eq!(state.mode(), Mode::TimeInput);
    assert_eq!(change_dialog(&state).input.value(), "2026-12-03 16:15");
    assert!(change_dialog(&state).input.selected());
    keys(&mut state, &["text:tomorrow 09:00"]);
    let dialog = change_dialog(&state);
    assert_eq!(dialog.input.value(), "tomorrow 09:00");
    assert_eq!(dialog.parsed, Ok(at("2026-11-30T09:00:00Z")));
}

#[test]
fn cursor_keys_edit_the_prefilled_time_in_place() {
    let mut state = loaded(3);
    // Left keeps the prefill and moves into it; Bksp then deletes the 1 of 16:15.
    keys(&mut state, &["t", "Left", "Left", "Left", "Bksp", "text:0"]);
    assert_eq!(change_dialog(&state).input.value(), "2026-12-03 10:15");
    // Home, Del, Del: the year's "20" goes; End then types at the end.
    keys(&mut state, &["Home", "Del", "Del", "C-e", "text:x"]);
    assert_eq!(change_dialog(&state).input.value(), "26-12-03 10:15x");
    assert!(change_dialog(&state).parsed.is_err());
    // C-w deletes the word before the cursor, A-b / A-f move by words.
    keys(&mut state, &["C-w"]);
    assert_eq!(change_dialog(&state).input.value(), "26-12-03 10:");
    keys(&mut state, &["A-b", "A-b", "text:2026-"]);
    assert_eq!(change_dialog(&state).input.value(), "26-12-2026-03 10:");
    keys(&mut state, &["A-f", "End", "text:45"]);
    assert_eq!(change_dialog(&state).input.value(), "26-12-2026-03 10:45");
    keys(&mut state, &["C-u", "text:+2h"]);
    let dialog = change_dialog(&state);
    assert_eq!(dialog.input.value(), "+2h");
    assert_eq!(dialog.parsed, Ok(at("2026-11-30T00:50:00Z")));
    // Enter goes on to y/n with that time.
    keys(&mut state, &["Enter"]);
    assert_eq!(state.mode(), Mode::ConfirmChange);
}

#[test]
fn the_query_field_opens_selected_and_edits_like_a_line() {
    let mut state = loaded(12);
    keys(&mut state, &["/", "text:number 1", "Enter"]);
    assert_eq!(state.posts.view_len(), 3, "1, 10 and 11");
    // `/` again: the query is selected; a typed character replaces it.
    keys(&mut state, &["/"]);
    assert!(state.posts.query_field().expect("open").selected());
    keys(&mut state, &["text:2"]);
    assert_eq!(state.posts.query_input(), Some("2"));
    // Home, then a word in front; C-a still marks what is shown, not "line start".
    keys(&mut state, &["Home", "text:number "]);
    assert_eq!(state.posts.query_input(), Some("number 2"));
    assert_eq!(state.posts.view_len(), 1);
    keys(&mut state, &["C-a"]);
    assert_eq!(state.posts.marked().len(), 1);
    assert_eq!(state.posts.query_input(), Some("number 2"));
    // Left/Right, Del, C-w.
    keys(&mut state, &["End", "Left", "Del"]);
    assert_eq!(state.posts.query_input(), Some("number "));
    keys(&mut state, &["C-w"]);
    assert_eq!(state.posts.query_input(), Some(""));
    assert_eq!(state.posts.view_len(), 12);
}

#[test]
fn a_paste_lands_in_the_open_field_and_is_ignored_while_browsing() {
    let mut state = loaded(25);
    state.settings.confirm_typed_threshold = 20;
    // Browsing: a pasted "dy" deletes nothing and opens nothing.
    let commands = paste(&mut state, "dy", Instant::now());
    assert!(commands.is_empty());
    assert_eq!(state.mode(), Mode::Browse);
    // Into the reschedule time: the paste replaces the selected prefill, line breaks dropped.
    keys(&mut state, &["t"]);
    paste(&mut state, "next\n+1d", Instant::now());
    assert_eq!(change_dialog(&state).input.value(), "next+1d");
    keys(&mut state, &["C-u"]);
    paste(&mut state, "+1d", Instant::now());
    assert_eq!(change_dialog(&state).parsed, Ok(at("2026-11-30T22:50:00Z")));
    keys(&mut state, &["Esc"]);
    // A typed count takes digits only, edits like the others, and confirms only when exact.
    keys(&mut state, &["C-a", "d"]);
    assert_eq!(state.mode(), Mode::ConfirmTyped);
    paste(&mut state, "2x6", Instant::now());
    keys(&mut state, &["Left", "Bksp", "text:5", "End"]);
    match state.overlay() {
        Some(Overlay::ConfirmDelete(confirm)) => assert_eq!(confirm.count.typed(), "56"),
        other => panic!("expected the confirm dialog, got {other:?}"),
    }
    let commands = keys(&mut state, &["Enter"]);
    assert!(commands.is_empty(), "56 is not 25: nothing starts");
    keys(&mut state, &["C-u", "text:25"]);
    let commands = keys(&mut state, &["Enter"]);
    assert!(
        matches!(commands.as_slice(), [Command::StartDelete { ids, .. }] if ids.len() == 25),
        "{commands:?}"
    );
}

/// A failed reload says so (the header keeps the loaded count and "load failed"); the next
/// reload that succeeds replaces the error notice with its own. An info notice goes with the
/// next action.
#[test]
fn a_load_error_notice_clears_when_a_reload_succeeds() {
    use postpost_tui::api::error::ApiError;
    let mut state = loaded(3);
    let now = Instant::now();
    update(&mut state, Action::Reload, now);
    apply_settled(
        &mut state,
        WorkerEvent::LoadFailed {
            seq: LoadSeq(2),
            error: ApiError::Http {
                status: 500,
                message: "boom".into(),
                retry_after: None,
            }
            .into(),
        },
        now,
    );
    let notice = state.notice().expect("a notice").text.clone();
    assert!(notice.starts_with("loading posts failed"), "{notice}");
    // A key in between does not hide the error.
    keys(&mut state, &["j"]);
    assert!(
        state
            .notice()
            .is_some_and(|n| n.text.starts_with("loading posts failed"))
    );
    update(&mut state, Action::Reload, now);
    apply_settled(
        &mut state,
        WorkerEvent::PageLoaded {
            seq: LoadSeq(3),
            posts: (0..3).map(|n| post(n, "scheduled")).collect(),
            skipped: 0,
            pagination: Pagination {
                page: 1,
                limit: 100,
                total_items: 3,
                total_pages: 1,
                ..Pagination::default()
            },
        },
        now,
    );
    apply_settled(
        &mut state,
        WorkerEvent::LoadFinished { seq: LoadSeq(3) },
        now,
    );
    let notice = state.notice().expect("a notice").text.clone();
    assert_eq!(notice, "reloaded: 3 posts");
    keys(&mut state, &["j"]);
    assert!(
        state.notice().is_none(),
        "an info notice goes with the next key"
    );
}
