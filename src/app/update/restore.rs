//! Restoring the last delete job (`U`), in two steps like deleting: the restore dialog says how
//! many posts come back, how many scheduled at their time and how many as drafts (never
//! re-published on their own); only its `Confirm` sends `Command::StartRestore`. The restored
//! posts get new ids; a reload when the job ends shows them.

use std::time::Instant;

use super::super::action::Action;
use super::super::state::{AppState, NoticeLevel, Overlay, RestoreDialog, TypedCount};
use super::{job_refused, jobs};
use crate::api::model::PostStatus;
use crate::protocol::{Command, JobKind};

/// What a refusal of `U` is titled.
const TITLE: &str = "Restore";

/// `U`: opens the restore dialog for the last delete job with backups.
pub(super) fn request_restore(state: &mut AppState) {
    if job_refused(state, TITLE) {
        return;
    }
    let Some(last) = state.jobs.last_backup().cloned() else {
        state.refuse(
            TITLE,
            "nothing to restore: the last delete job was not backed up, deleted nothing, or was restored already; `postpost backups` lists earlier jobs and `postpost restore JOB` brings one back",
        );
        return;
    };
    let now = state.wall_now();
    let scheduled = last
        .posts
        .iter()
        .filter(|(_, status, time)| {
            *status == PostStatus::Scheduled && time.is_some_and(|time| time > now)
        })
        .count();
    // What the typed count confirms: the posts that can come back, not those create-post
    // refuses (they are named in the dialog, and reported as not restored).
    let restorable = last.posts.len().saturating_sub(last.unrestorable);
    if restorable == 0 {
        state.refuse(
            TITLE,
            "nothing can come back: create-post refuses a platform id of every post of the last delete (Bluesky's did:plc form); their content stays in the backup",
        );
        return;
    }
    let count = TypedCount::for_batch(restorable, state.settings.confirm_typed_threshold);
    state.open(Overlay::Restore(RestoreDialog {
        unrestorable: last.unrestorable,
        name: last.name,
        dir: last.dir,
        ids: last.posts.into_iter().map(|(id, _, _)| id).collect(),
        scheduled,
        count,
    }));
}

pub(super) fn restore_dialog(
    state: &mut AppState,
    mut dialog: RestoreDialog,
    action: Action,
    now: Instant,
    commands: &mut Vec<Command>,
) {
    if action != Action::Cancel && dialog.count.take_key(action) {
        state.open(Overlay::Restore(dialog));
        return;
    }
    match action {
        Action::Cancel => {
            state.close();
            state.notify(
                NoticeLevel::Info,
                "restore cancelled; nothing was sent",
                now,
            );
        }
        Action::Confirm if !dialog.count.confirms(dialog.restorable()) => {
            jobs::ask_for_count(state, dialog.restorable(), now);
        }
        Action::Confirm => {
            state.close();
            let job = jobs::start_job(state, JobKind::Restore, &dialog.ids, now);
            commands.push(Command::StartRestore {
                job,
                dir: dialog.dir,
                only: dialog.ids,
            });
        }
        _ => {}
    }
}
