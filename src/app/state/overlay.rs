//! What covers the screen and takes every key: a picker or a dialog. One at a time, in one
//! slot of the state ([`Overlay`]), so no key can reach a flow that is not open.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};

use super::field::{Edit, TextField};
use crate::api::model::PostGroupId;
use crate::protocol::UsersSeq;
use crate::time::TimeZoneChoice;

/// Which picker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PickerKind {
    /// The status picker (`s`): one entry per post group status.
    Status,
    /// The platform picker (`p`): one entry per platform the loaded posts target.
    Platform,
    /// The saved views (`f`): one entry per `[views.NAME]` of the config, with the posts it
    /// matches; choosing one sets the query.
    View,
}

/// An open picker: entries with counts, its cursor, and the entries checked with `Space`.
#[derive(Debug, Clone, PartialEq)]
pub struct Picker {
    pub kind: PickerKind,
    /// `(label, count)`; for the status and platform pickers the first entry is "all".
    pub entries: Vec<(String, usize)>,
    pub cursor: usize,
    /// Checked labels (status and platform pickers): the query's current choice when opened.
    pub checked: BTreeSet<String>,
    /// True once `Space` changed the checks: `Enter` then applies the checked entries, else
    /// the one under the cursor.
    pub toggled: bool,
}

impl Picker {
    /// `Space`: checks or unchecks the entry under the cursor; on "all", unchecks every entry.
    pub fn toggle(&mut self) {
        self.toggled = true;
        if self.kind == PickerKind::View {
            return;
        }
        if self.cursor == 0 {
            self.checked.clear();
        } else if let Some((label, _)) = self.entries.get(self.cursor)
            && !self.checked.remove(label)
        {
            self.checked.insert(label.clone());
        }
    }

    /// What `Enter` applies: the checked entries in the picker's order once `Space` was used,
    /// else the entry under the cursor; empty for "all".
    pub fn choice(&self) -> Vec<String> {
        if self.toggled {
            return self
                .entries
                .iter()
                .skip(1)
                .filter(|(label, _)| self.checked.contains(label))
                .map(|(label, _)| label.clone())
                .collect();
        }
        self.entries
            .get(self.cursor)
            .filter(|_| self.cursor > 0 || self.kind == PickerKind::View)
            .map(|(label, _)| vec![label.clone()])
            .unwrap_or_default()
    }
}

/// What the confirm dialog shows and, on yes, sends (DESIGN §2: `ConfirmDelete { pending }`).
#[derive(Debug, Clone, PartialEq)]
pub struct ConfirmDelete {
    /// Exactly the posts that will be deleted.
    pub pending: Vec<PostGroupId>,
    /// Platform name → number of pending posts with a target there.
    pub platforms: BTreeMap<String, usize>,
    /// Pending posts with status published or partially_published (they stay live).
    pub published: usize,
    /// Pending posts the current filter hides.
    pub hidden: usize,
    /// Large batches ask to type the count instead of `y`.
    pub count: TypedCount,
    /// Back up each post before deleting it.
    pub backup: bool,
    /// Pending posts a restore could not re-create: create-post (§3.3) refuses one of their
    /// platform ids (Bluesky's `did:plc:…` form).
    pub unrestorable: usize,
}

/// Which update-post change a [`ChangeDialog`] prepares (POSTPOST_API.md §3.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    /// New time, status scheduled (`t`).
    Reschedule,
    /// Status draft, time kept (`D`).
    MoveToDraft,
}

/// The reschedule / move-to-draft dialog: like [`ConfirmDelete`], it holds
/// exactly the ids that `Confirm` sends.
#[derive(Debug, Clone, PartialEq)]
pub struct ChangeDialog {
    pub kind: ChangeKind,
    /// The posts that will be changed: the chosen ones whose status is draft or scheduled.
    pub pending: Vec<PostGroupId>,
    /// Chosen posts left out because their status cannot change (§3.4: published, failed,
    /// partially_published, or a status this client does not know), counted by status.
    pub skipped: BTreeMap<String, usize>,
    /// Pending posts the current filter hides.
    pub hidden: usize,
    /// Pending posts that are drafts: a reschedule makes them scheduled, so they will be
    /// published at the new time (§3.4).
    pub drafts: usize,
    /// The time as typed (reschedule only), read in the dialog's time zone; opens with the
    /// prefill selected.
    pub input: TextField,
    /// `input` read as an instant, or why it cannot be (see `time::input`).
    pub parsed: Result<DateTime<Utc>, String>,
    /// The instant the dialog was last updated at, for the past-time warning.
    pub now: DateTime<Utc>,
    /// The zone `input` is read and shown in.
    pub zone: TimeZoneChoice,
    /// Set after Enter: the dialog asks y/n before sending.
    pub confirming: bool,
    /// Batches of `confirm_typed_threshold` posts or more ask to type the count instead of
    /// `y`, as deleting does (DESIGN §3): a reschedule overwrites every post's time.
    pub count: TypedCount,
}

impl ChangeDialog {
    /// Skipped posts in all.
    pub fn skipped_total(&self) -> usize {
        self.skipped.values().sum()
    }

    /// True when the parsed time lies in the past: the server will set it to now (§3.4).
    pub fn is_past(&self) -> bool {
        self.parsed.as_ref().is_ok_and(|time| *time < self.now)
    }
}

/// One entry of the user picker: the owner, or a managed user of GET workspace/users (§8).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserEntry {
    /// `None` for the key owner, else the managed user's 24-hex id.
    pub user_id: Option<String>,
    /// Sanitized display name (`owner (you)` for the owner).
    pub name: String,
    /// Sanitized e-mail address; empty for the owner.
    pub username: String,
    /// `dailyPostsLeft` (stored by the server, not enforced).
    pub daily_posts_left: Option<i64>,
}

/// What the user picker knows of the workspace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UserList {
    /// GET workspace/users was sent; only the owner can be chosen meanwhile.
    Loading,
    /// The managed users arrived.
    Loaded,
    /// It failed; the text says why (only the owner can be chosen).
    Failed(String),
}

/// The managed-user picker (`u`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserPicker {
    /// Request number of the GET workspace/users it waits for.
    pub seq: UsersSeq,
    /// The owner first, then the managed users in the server's order.
    pub entries: Vec<UserEntry>,
    pub list: UserList,
    pub cursor: usize,
}

/// The restore dialog (`U`): what the last delete job's backups bring back, and how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RestoreDialog {
    /// The delete job's name (its backup folder's).
    pub name: String,
    /// Its backup folder.
    pub dir: std::path::PathBuf,
    /// The posts it deleted, which come back with new ids.
    pub ids: Vec<PostGroupId>,
    /// Of them, those that come back scheduled at their time (still ahead).
    pub scheduled: usize,
    /// Of them, those the API cannot re-create (create-post refuses a platform id).
    pub unrestorable: usize,
    /// Large batches ask to type the count of restorable posts instead of `y`.
    pub count: TypedCount,
}

impl RestoreDialog {
    /// The posts that can come back: all but those the API cannot re-create.
    pub fn restorable(&self) -> usize {
        self.ids.len().saturating_sub(self.unrestorable)
    }
}

/// An action that was refused, and why: shown as a dialog, not a notice, so that whatever the
/// user goes on typing for the flow that did not open (the time of a reschedule, the `y` of a
/// confirmation) goes nowhere. Only `Esc` and `Enter` close it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// What was asked for, e.g. "Reschedule".
    pub title: String,
    /// Why it cannot be done, sanitized.
    pub reason: String,
}

/// What covers the screen and takes every key. There is one slot for it
/// (`AppState::overlay`), so at most one is open.
#[derive(Debug, Clone, PartialEq)]
pub enum Overlay {
    /// A status or platform picker.
    Picker(Picker),
    /// Confirm deletion.
    ConfirmDelete(ConfirmDelete),
    /// Reschedule or move to draft.
    Change(ChangeDialog),
    /// Choose the acting user.
    UserPicker(UserPicker),
    /// A job runs: quit anyway?
    QuitPrompt,
    /// An action was refused; says why.
    Refused(Refusal),
    /// Restore the last delete job from its backups?
    Restore(RestoreDialog),
    /// The help overlay, scrolled this many lines (the drawing clamps it to the help's length).
    Help {
        /// Lines scrolled.
        scroll: u16,
    },
}

impl Overlay {
    /// Type-to-jump in a list overlay: the cursor goes to the next entry (after the cursor,
    /// wrapping) whose label starts with `c`, case-insensitively; false when none does.
    pub fn jump_to(&mut self, c: char) -> bool {
        let labels: Vec<String> = match self {
            Self::Picker(picker) => picker.entries.iter().map(|(l, _)| l.clone()).collect(),
            Self::UserPicker(picker) => picker.entries.iter().map(|e| e.name.clone()).collect(),
            _ => return false,
        };
        let Some((cursor, len)) = self.list_cursor() else {
            return false;
        };
        let wanted = c.to_lowercase().to_string();
        let found = (1..=len)
            .map(|step| (*cursor + step) % len.max(1))
            .find(|&at| {
                labels
                    .get(at)
                    .is_some_and(|label| label.to_lowercase().starts_with(&wanted))
            });
        if let Some(at) = found {
            *cursor = at;
        }
        found.is_some()
    }

    /// The cursor of a list overlay (a picker, the user picker) and how many entries it moves
    /// over; `None` for the dialogs.
    pub fn list_cursor(&mut self) -> Option<(&mut usize, usize)> {
        match self {
            Self::Picker(picker) => Some((&mut picker.cursor, picker.entries.len())),
            Self::UserPicker(picker) => Some((&mut picker.cursor, picker.entries.len())),
            _ => None,
        }
    }
}

/// The confirmation of a large batch: the user types the number of posts instead of `y`
/// (DESIGN §3, `confirm_typed_threshold`), so a stray `y` cannot start it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypedCount {
    required: bool,
    typed: TextField,
}

impl Default for TypedCount {
    fn default() -> Self {
        Self {
            required: false,
            typed: TextField::digits(Self::MAX_TYPED),
        }
    }
}

impl TypedCount {
    /// Longest text kept: more digits than any batch has.
    const MAX_TYPED: usize = 9;

    /// A confirmation for `pending` posts: required from `threshold` on (at least 1).
    pub fn for_batch(pending: usize, threshold: usize) -> Self {
        Self {
            required: pending >= threshold.max(1),
            ..Self::default()
        }
    }

    /// True when the count must be typed.
    pub fn required(&self) -> bool {
        self.required
    }

    /// What was typed so far.
    pub fn typed(&self) -> &str {
        self.typed.value()
    }

    /// The field the count is typed in (digits only, [`Self::MAX_TYPED`] at most).
    pub fn field(&self) -> &TextField {
        &self.typed
    }

    /// An edit of the typed count; true when the text changed.
    pub fn edit(&mut self, edit: Edit) -> bool {
        self.typed.edit(edit)
    }

    /// When the count must be typed and `action` edits a field (a digit, Backspace, a cursor
    /// key), applies it and says so; else leaves the count alone.
    pub fn take_key(&mut self, action: crate::app::action::Action) -> bool {
        match Edit::from_action(action).filter(|_| self.required) {
            Some(edit) => {
                self.typed.edit(edit);
                true
            }
            None => false,
        }
    }

    /// True when `y` may confirm a batch of `pending`: no count is required, or exactly
    /// `pending` was typed.
    pub fn confirms(&self, pending: usize) -> bool {
        !self.required || self.typed() == pending.to_string()
    }
}
