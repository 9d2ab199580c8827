//! The other screens (`1`, `2`, `3`) and the connections screen's own keys: its cursor,
//! filtering the posts by the connection under it, and testing that connection
//! (platform-connections and test-connection, POSTPOST_API.md §5.1, §5.2).

use std::time::Instant;

use super::super::action::Action;
use super::super::state::{AppState, ConnectionsLoad, Focus, NoticeLevel, Screen};
use super::{loading, open_help, quit};
use crate::api::model::{PlatformConnectionsPage, TestConnectionResult, TestStatus};
use crate::protocol::{Command, ConnectionsSeq, RequestError};

/// Keys of the connections and stats screens.
pub(super) fn other_screen(
    state: &mut AppState,
    action: Action,
    now: Instant,
    commands: &mut Vec<Command>,
) {
    match action {
        Action::ShowPosts | Action::ShowConnections | Action::ShowStats => {
            show_screen(state, action, commands)
        }
        Action::Reload if state.screen() == Screen::Connections => {
            commands.push(start_connections_load(state));
        }
        Action::Reload => commands.push(loading::reload(state)),
        Action::CursorDown
        | Action::CursorUp
        | Action::CursorTop
        | Action::CursorBottom
        | Action::FilterByConnection
        | Action::TestConnection
        | Action::ClickConnection(_)
        | Action::ScrollDown
        | Action::ScrollUp
            if state.screen() == Screen::Connections =>
        {
            connections_screen(state, action, now, commands)
        }
        Action::ToggleHelp => open_help(state),
        Action::Quit => quit(state, now, commands, false),
        Action::ForceQuit => quit(state, now, commands, true),
        _ => {}
    }
}

fn connections_screen(
    state: &mut AppState,
    action: Action,
    now: Instant,
    commands: &mut Vec<Command>,
) {
    let view = &mut state.connections;
    match action {
        Action::CursorDown => view.move_cursor(1),
        Action::CursorUp => view.move_cursor(-1),
        Action::CursorTop => view.set_cursor(0),
        Action::CursorBottom => view.set_cursor(view.list().len().saturating_sub(1)),
        Action::ClickConnection(position) => view.set_cursor(position),
        Action::ScrollDown | Action::ScrollUp => view.scroll(action == Action::ScrollDown),
        Action::FilterByConnection => {
            let Some(connection) = view.cursor_connection() else {
                state.notify(NoticeLevel::Info, "no connection to filter by", now);
                return;
            };
            let platform_id = connection.platform_id.clone();
            let label = state.connection_label(&platform_id);
            state.posts.set_connection(platform_id);
            state.set_focus(Focus::List);
            state.show_screen(Screen::Posts);
            state.posts.sync();
            state.notify(
                NoticeLevel::Info,
                format!(
                    "{} posts of {label}; Esc clears the connection filter",
                    state.posts.view_len()
                ),
                now,
            );
        }
        Action::TestConnection => {
            let Some(connection) = view.cursor_connection() else {
                state.notify(NoticeLevel::Info, "no connection to test", now);
                return;
            };
            let platform_id = connection.platform_id.clone();
            let label = state.connection_label(&platform_id);
            commands.push(Command::TestConnection { platform_id });
            state.notify(NoticeLevel::Info, format!("testing {label}…"), now);
        }
        _ => {}
    }
}

/// Switches the body to the screen `action` names; the connections are fetched the first time
/// their screen is shown.
pub(super) fn show_screen(state: &mut AppState, action: Action, commands: &mut Vec<Command>) {
    state.show_screen(match action {
        Action::ShowConnections => Screen::Connections,
        Action::ShowStats => Screen::Stats,
        _ => Screen::Posts,
    });
    if state.screen() == Screen::Connections
        && *state.connections.load() == ConnectionsLoad::NotAsked
    {
        commands.push(start_connections_load(state));
    }
}

/// Starts a new platform-connections request (§5.1).
pub fn start_connections_load(state: &mut AppState) -> Command {
    Command::LoadConnections {
        seq: state.connections.start_request(),
    }
}

pub(super) fn connections_loaded(
    state: &mut AppState,
    seq: ConnectionsSeq,
    result: Result<PlatformConnectionsPage, RequestError>,
    now: Instant,
) {
    if seq != state.connections.seq() {
        return;
    }
    match result {
        Ok(page) => {
            state.connections.set_answer(page.connections, page.skipped);
            if page.skipped > 0 {
                state.notify(
                    NoticeLevel::Warn,
                    format!(
                        "{} connections of the server's answer could not be read and are not shown",
                        page.skipped
                    ),
                    now,
                );
            }
        }
        Err(error) => {
            let hint = error.hint();
            state.connections.set_failed(error.to_string(), hint);
            let hint = hint.map(|h| format!(" ({h})")).unwrap_or_default();
            state.notify(
                NoticeLevel::Error,
                format!("loading connections failed: {error}{hint}; r retries"),
                now,
            );
        }
    }
}

pub(super) fn connection_tested(
    state: &mut AppState,
    platform_id: &str,
    result: Result<TestConnectionResult, RequestError>,
    now: Instant,
) {
    let label = state.connection_label(platform_id);
    match result {
        Ok(test) => {
            let message = test.message.unwrap_or_default();
            let (level, verdict) = match test.status {
                TestStatus::Ok => (NoticeLevel::Info, "ok"),
                _ => (NoticeLevel::Warn, "failed"),
            };
            state.notify(level, format!("test of {label}: {verdict}: {message}"), now);
        }
        Err(error) => state.notify(
            NoticeLevel::Error,
            format!("testing {label} failed: {error}"),
            now,
        ),
    }
}
