//! The acting user (`x-postpost-user-id`, POSTPOST_API.md §1.5, §8): the user picker (`u`)
//! asks the worker for the workspace's users; choosing one sends `Command::SwitchUser` and a
//! reload, after clearing everything that belonged to the previous user. Refused while a job
//! runs.

use std::time::Instant;

use super::super::action::Action;
use super::super::state::{
    ActingAs, AppState, NoticeLevel, Overlay, Screen, UserEntry, UserList, UserPicker,
};
use super::{connections, list_overlay_keys, loading};
use crate::api::model::{ManagedUser, is_object_id};
use crate::protocol::{Command, RequestError, UsersSeq};
use crate::text::sanitize;

/// Said when a user switch is asked for while a job runs.
const SWITCH_DURING_JOB: &str =
    "a job is running; switch users after it ends (or cancel it with x)";

/// `u`: opens the user picker with the owner and asks the worker for the managed users.
pub(super) fn open_user_picker(state: &mut AppState, commands: &mut Vec<Command>) {
    if state.jobs.is_running() {
        state.refuse("Switch user", SWITCH_DURING_JOB);
        return;
    }
    let seq = state.next_users_seq();
    state.posts.end_range();
    state.open(Overlay::UserPicker(UserPicker {
        seq,
        entries: vec![owner_entry()],
        list: UserList::Loading,
        cursor: 0,
    }));
    commands.push(Command::LoadWorkspaceUsers { seq });
}

/// The picker's entry for a managed user: the sanitized display name, else the username.
fn user_entry(user: ManagedUser) -> UserEntry {
    let username = sanitize::sanitize_line(&user.username);
    let name = user
        .display_name
        .as_deref()
        .map(sanitize::sanitize_line)
        .filter(|name| !name.trim().is_empty())
        .unwrap_or_else(|| username.clone());
    UserEntry {
        user_id: Some(user.id),
        name,
        username,
        daily_posts_left: user.daily_posts_left,
    }
}

/// At start, acting as a user given by id (`--user-id`, a profile's `user_id`): asks GET
/// workspace/users (§8) once in the background, so the header can show their name instead of
/// the id. `None` when acting as the owner or the name is known.
pub fn look_up_acting_user(state: &mut AppState) -> Option<Command> {
    if state.acting().user_id.is_none() || state.acting().name.is_some() {
        return None;
    }
    Some(Command::LoadWorkspaceUsers {
        seq: state.next_users_seq(),
    })
}

fn owner_entry() -> UserEntry {
    UserEntry {
        user_id: None,
        name: "owner (you)".to_string(),
        username: String::new(),
        daily_posts_left: None,
    }
}

pub(super) fn user_picker(
    state: &mut AppState,
    picker: UserPicker,
    action: Action,
    now: Instant,
    commands: &mut Vec<Command>,
) {
    if list_overlay_keys(state, action, now, commands) || action != Action::Submit {
        return;
    }
    let Some(entry) = picker.entries.get(picker.cursor).cloned() else {
        return;
    };
    state.close();
    switch_user(state, entry, now, commands);
}

/// Makes `entry` the acting user: clears the previous user's posts, marks and caches, tells
/// the worker, and reloads. Refused while a job runs.
fn switch_user(state: &mut AppState, entry: UserEntry, now: Instant, commands: &mut Vec<Command>) {
    if state.acting().user_id == entry.user_id {
        return;
    }
    if state.jobs.is_running() {
        state.notify(NoticeLevel::Warn, SWITCH_DURING_JOB, now);
        return;
    }
    // Only ids that are ObjectIds go out as a header (§1.5), so the worker's switch cannot fail.
    if let Some(id) = &entry.user_id
        && !is_object_id(id)
    {
        state.notify(
            NoticeLevel::Error,
            format!(
                "cannot act as {}: its id is not 24 hex characters",
                entry.name
            ),
            now,
        );
        return;
    }
    state.act_as(ActingAs {
        user_id: entry.user_id.clone(),
        name: entry.user_id.as_ref().map(|_| entry.name.clone()),
    });
    state.clear_user_data();
    commands.push(Command::SwitchUser {
        user_id: entry.user_id,
    });
    commands.push(loading::start_load(state));
    // The connections are the new user's too: ask now when their screen shows, else on its
    // next showing.
    if state.screen() == Screen::Connections {
        commands.push(connections::start_connections_load(state));
    }
    // The load's end replaces this with "reloaded: N posts".
    state.notify_until_loaded(
        NoticeLevel::Info,
        format!("acting as {}; loading their posts", state.acting().label()),
        now,
    );
}

pub(super) fn workspace_users_loaded(
    state: &mut AppState,
    seq: UsersSeq,
    result: Result<Vec<ManagedUser>, RequestError>,
) {
    // The header's name for a user given by id (--user-id, a profile's user_id), from
    // whichever answer names them: the start-up look-up or the picker's.
    let acting_id = state.acting().user_id.clone();
    if let (Ok(users), Some(acting)) = (&result, &acting_id)
        && let Some(user) = users.iter().find(|user| &user.id == acting)
    {
        state.learn_acting_name(user_entry(user.clone()).name);
    }
    let Some(Overlay::UserPicker(picker)) = state.overlay_mut() else {
        return;
    };
    if picker.seq != seq {
        return;
    }
    let mut learned_name = None;
    match result {
        Ok(users) => {
            picker.entries.truncate(1);
            picker.entries.extend(users.into_iter().map(user_entry));
            picker.list = UserList::Loaded;
            // Start on the user acted as now.
            if let Some(at) = picker
                .entries
                .iter()
                .position(|entry| entry.user_id == acting_id)
            {
                picker.cursor = at;
            }
            // The picker knows the name of a user given by --user-id.
            learned_name = picker
                .entries
                .iter()
                .find(|entry| entry.user_id.is_some() && entry.user_id == acting_id)
                .map(|entry| entry.name.clone());
        }
        Err(error) => {
            let text = if error.is_workspace_not_enabled() {
                "workspace access is not enabled for this key (§8): only the owner's posts are available".to_string()
            } else {
                format!("cannot load the workspace's users: {error}")
            };
            picker.list = UserList::Failed(sanitize::sanitize_line(&text));
        }
    }
    if let Some(name) = learned_name {
        state.learn_acting_name(name);
    }
}

pub(super) fn user_switch_failed(
    state: &mut AppState,
    user_id: Option<&str>,
    reason: &str,
    now: Instant,
) {
    state.notify(
        NoticeLevel::Error,
        format!(
            "could not act as {}: {reason}",
            user_id.unwrap_or("the owner")
        ),
        now,
    );
}
