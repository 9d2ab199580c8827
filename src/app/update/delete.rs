//! Deleting, in two steps: `d` opens the confirm dialog holding exactly the pending ids (with
//! their platforms, how many are published and how many the filter hides); only its `Confirm`
//! sends `Command::StartDelete` with those ids.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::time::Instant;

use super::super::action::Action;
use super::super::state::{AppState, ConfirmDelete, NoticeLevel, Overlay, TypedCount};
use super::{job_refused, jobs};
use crate::api::model::{PlatformRef, PostGroupId, PostStatus, is_valid_platform_id};
use crate::protocol::Command;

pub(super) fn request_delete(state: &mut AppState) {
    if job_refused(state, TITLE) {
        return;
    }
    let pending = state.posts.chosen();
    if pending.is_empty() {
        state.refuse(
            TITLE,
            "nothing to delete: no post is marked and the list is empty",
        );
        return;
    }
    open_confirm(state, pending);
}

/// What a refusal of `d` is titled.
const TITLE: &str = "Delete";

/// Opens the confirm dialog for exactly `pending`.
///
/// A million marked posts are a million lookups, but the targets are counted per distinct
/// list (lists are shared between posts), not per post.
pub(super) fn open_confirm(state: &mut AppState, pending: Vec<PostGroupId>) {
    let shown = state.posts.shown_flags();
    let mut published = 0;
    let mut hidden = 0;
    // Posts per distinct target list, keyed by the shared list's address.
    let mut lists: HashMap<*const PlatformRef, (usize, &[PlatformRef])> = HashMap::new();
    for id in &pending {
        let Some(i) = state.posts.position(id) else {
            hidden += 1;
            continue;
        };
        if !shown.get(i).copied().unwrap_or(false) {
            hidden += 1;
        }
        let row = &state.posts.rows()[i];
        if matches!(
            row.post.status,
            PostStatus::Published | PostStatus::PartiallyPublished
        ) {
            published += 1;
        }
        let targets: &[PlatformRef] = &row.post.platforms;
        lists.entry(targets.as_ptr()).or_insert((0, targets)).0 += 1;
    }
    let mut platforms: BTreeMap<String, usize> = BTreeMap::new();
    let mut unrestorable = 0;
    for (posts, targets) in lists.into_values() {
        if targets
            .iter()
            .any(|target| !is_valid_platform_id(&target.platform_id))
        {
            unrestorable += posts;
        }
        let names: HashSet<&str> = targets.iter().map(|p| p.platform.as_str()).collect();
        for name in names {
            *platforms.entry(name.to_string()).or_default() += posts;
        }
    }
    let count = TypedCount::for_batch(pending.len(), state.settings.confirm_typed_threshold);
    state.posts.end_range();
    state.open(Overlay::ConfirmDelete(ConfirmDelete {
        pending,
        platforms,
        published,
        hidden,
        count,
        backup: state.settings.backup,
        unrestorable,
    }));
}

pub(super) fn confirm_dialog(
    state: &mut AppState,
    mut confirm: ConfirmDelete,
    action: Action,
    now: Instant,
    commands: &mut Vec<Command>,
) {
    if action != Action::Cancel && confirm.count.take_key(action) {
        state.open(Overlay::ConfirmDelete(confirm));
        return;
    }
    match action {
        Action::Cancel => {
            state.close();
            state.notify(
                NoticeLevel::Info,
                "deletion cancelled; nothing was deleted",
                now,
            );
        }
        Action::ToggleBackup => {
            confirm.backup = !confirm.backup;
            state.open(Overlay::ConfirmDelete(confirm));
        }
        Action::Confirm => {
            if !confirm.count.confirms(confirm.pending.len()) {
                jobs::ask_for_count(state, confirm.pending.len(), now);
                return;
            }
            state.close();
            commands.push(jobs::start_delete(
                state,
                confirm.pending,
                confirm.backup,
                now,
            ));
        }
        _ => {}
    }
}
