//! Rescheduling (`t`) and moving to draft (`D`), in two steps like deleting: the change dialog
//! holds the draft and scheduled posts among the chosen ones (update-post, POSTPOST_API.md
//! §3.4), reads the new time as it is typed, and only its `Confirm` sends
//! `Command::StartUpdate` with exactly those ids.

use std::collections::BTreeMap;
use std::time::Instant;

use super::super::action::Action;
use super::super::state::{
    AppState, ChangeDialog, ChangeKind, Edit, NoticeLevel, Overlay, TextField, TypedCount,
};
use super::{job_refused, jobs};
use crate::api::model::{PostGroupId, PostStatus};
use crate::protocol::{Command, JobKind, PostChange};
use crate::text::sanitize;
use crate::text::wording::describe_counts;
use crate::time::input as when;

/// Longest time text kept in the field.
const MAX_TIME_INPUT: usize = 40;

/// `t` / `D`: opens the change dialog for the chosen posts that can change (§3.4).
pub(super) fn request_change(state: &mut AppState, kind: ChangeKind) {
    if job_refused(state, title(kind)) {
        return;
    }
    let chosen = state.posts.chosen();
    if chosen.is_empty() {
        state.refuse(
            title(kind),
            "nothing to change: no post is marked and the list is empty",
        );
        return;
    }
    open_change(state, kind, chosen, None);
}

/// How the posts `D` leaves out because they are drafts already are counted in `skipped`.
const ALREADY_DRAFT: &str = "already draft";

fn skipped_total(skipped: &BTreeMap<String, usize>) -> usize {
    skipped.values().sum()
}

/// What a refusal of `t` or `D` is titled.
fn title(kind: ChangeKind) -> &'static str {
    match kind {
        ChangeKind::Reschedule => "Reschedule",
        ChangeKind::MoveToDraft => "Move to draft",
    }
}

/// True for the statuses update-post accepts (§3.4: draft and scheduled only).
fn can_change(status: &PostStatus) -> bool {
    matches!(status, PostStatus::Draft | PostStatus::Scheduled)
}

/// Opens the change dialog for `chosen`: keeps the draft and scheduled ones, counts the others
/// by status, and prefills the time from `scheduled` (see `when::prefill`). When none can
/// change, says so instead.
pub(super) fn open_change(
    state: &mut AppState,
    kind: ChangeKind,
    chosen: Vec<PostGroupId>,
    scheduled: Option<chrono::DateTime<chrono::Utc>>,
) {
    let shown = state.posts.shown_flags();
    let mut pending = Vec::new();
    let mut skipped: BTreeMap<String, usize> = BTreeMap::new();
    let mut hidden = 0;
    let mut drafts = 0;
    for id in chosen {
        let Some(i) = state.posts.position(&id) else {
            continue;
        };
        let row = &state.posts.rows()[i];
        if kind == ChangeKind::MoveToDraft && row.post.status == PostStatus::Draft {
            *skipped.entry(ALREADY_DRAFT.to_owned()).or_default() += 1;
        } else if can_change(&row.post.status) {
            hidden += usize::from(!shown.get(i).copied().unwrap_or(false));
            drafts += usize::from(row.post.status == PostStatus::Draft);
            pending.push(id);
        } else {
            let status = match row.post.status.as_str() {
                "" => "unknown".to_string(),
                other => sanitize::sanitize_line(other),
            };
            *skipped.entry(status).or_default() += 1;
        }
    }
    if pending.is_empty() && skipped.keys().eq([ALREADY_DRAFT]) {
        let total = skipped_total(&skipped);
        let what = match total {
            1 => "the post chosen is already a draft".to_owned(),
            _ => format!("the {total} posts chosen are already drafts"),
        };
        state.refuse(title(kind), format!("nothing to change: {what}"));
        return;
    }
    if pending.is_empty() {
        let total = skipped_total(&skipped);
        // "the 1 post chosen is published", "the 3 posts chosen are failed", "the 3 posts
        // chosen are: published 2, failed 1".
        let what = match (total, skipped.len()) {
            (1, _) => format!(
                "the 1 post chosen is {}",
                skipped.keys().cloned().collect::<String>()
            ),
            (_, 1) => format!(
                "the {total} posts chosen are {}",
                skipped.keys().cloned().collect::<String>()
            ),
            _ => format!(
                "the {total} posts chosen are: {}",
                describe_counts(&skipped)
            ),
        };
        state.refuse(
            title(kind),
            format!("nothing to change: {what}; only draft and scheduled posts can change"),
        );
        return;
    }
    let wall_now = state.wall_now();
    let zone = state.time_zone();
    // The prefill comes from a post being changed: the cursor post when it is one of them,
    // else the first of them with a time.
    let scheduled = scheduled.or_else(|| {
        let time_of = |id: &PostGroupId| {
            state
                .posts
                .row(id)
                .and_then(|row| row.post.scheduled_time.as_ref())
                .and_then(|time| time.parsed())
        };
        state
            .posts
            .cursor_id()
            .filter(|id| pending.contains(id))
            .and_then(time_of)
            .or_else(|| pending.iter().find_map(time_of))
    });
    let (input, parsed) = match kind {
        ChangeKind::Reschedule => {
            let time = when::prefill(scheduled, wall_now);
            let input = when::format_input(time, zone);
            let parsed = when::parse(&input, wall_now, zone);
            (TextField::new(MAX_TIME_INPUT).prefilled(&input), parsed)
        }
        ChangeKind::MoveToDraft => (TextField::new(MAX_TIME_INPUT), Err(String::new())),
    };
    state.posts.end_range();
    let count = TypedCount::for_batch(pending.len(), state.settings.confirm_typed_threshold);
    state.open(Overlay::Change(ChangeDialog {
        kind,
        pending,
        skipped,
        hidden,
        input,
        parsed,
        now: wall_now,
        zone,
        drafts,
        confirming: false,
        count,
    }));
}

pub(super) fn change_dialog(
    state: &mut AppState,
    mut dialog: ChangeDialog,
    action: Action,
    now: Instant,
    commands: &mut Vec<Command>,
) {
    let reparse = |dialog: &mut ChangeDialog, wall_now| {
        dialog.now = wall_now;
        dialog.parsed = when::parse(dialog.input.value(), wall_now, dialog.zone);
    };
    let typing = dialog.kind == ChangeKind::Reschedule && !dialog.confirming;
    match action {
        Action::Cancel => {
            state.close();
            state.notify(NoticeLevel::Info, "cancelled; nothing was changed", now);
        }
        _ if typing && Edit::from_action(action).is_some() => {
            if let Some(edit) = Edit::from_action(action)
                && dialog.input.edit(edit)
            {
                reparse(&mut dialog, state.wall_now());
            }
            state.open(Overlay::Change(dialog));
        }
        Action::Submit if typing => {
            reparse(&mut dialog, state.wall_now());
            if let Err(reason) = &dialog.parsed {
                state.notify(NoticeLevel::Warn, reason.clone(), now);
            } else {
                dialog.confirming = true;
            }
            state.open(Overlay::Change(dialog));
        }
        _ if !typing && dialog.count.required() && Edit::from_action(action).is_some() => {
            dialog.count.take_key(action);
            state.open(Overlay::Change(dialog));
        }
        Action::Confirm if !typing && !dialog.count.confirms(dialog.pending.len()) => {
            jobs::ask_for_count(state, dialog.pending.len(), now);
        }
        Action::Confirm if !typing => {
            let change = match (dialog.kind, &dialog.parsed) {
                (ChangeKind::MoveToDraft, _) => PostChange::MoveToDraft,
                (ChangeKind::Reschedule, Ok(time)) => PostChange::Reschedule(*time),
                (ChangeKind::Reschedule, Err(_)) => return,
            };
            state.close();
            let job = jobs::start_job(state, JobKind::Change(change), &dialog.pending, now);
            commands.push(Command::StartUpdate {
                job,
                ids: dialog.pending,
                change,
            });
        }
        _ => {}
    }
}
