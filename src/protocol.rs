//! The messages between the app loop and the worker (DESIGN §2): a [`Command`] is what the
//! worker must do, a [`WorkerEvent`] is what happened (past tense). Both carry sequence numbers
//! or job ids so that stale answers can be recognised and dropped by `app::update::apply`; each
//! kind of request has its own number type, so one can never be compared with another.

use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::api::model::{
    ManagedUser, Pagination, PlatformConnectionsPage, PostDetail, PostGroupId, PostLogsPage,
    PostStatus, PostSummary, TestConnectionResult, UpdatePostRequest, UpdatedGroup,
};

macro_rules! sequence_number {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
        pub struct $name(pub u64);

        impl $name {
            /// The number after this one.
            #[must_use]
            pub fn next(self) -> Self {
                Self(self.0.wrapping_add(1))
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

sequence_number!(
    /// Identifies one bulk operation; increasing within a session, shown as `job N`.
    JobId
);
sequence_number!(
    /// A load generation of list-posts: every page of one load carries it.
    LoadSeq
);
sequence_number!(
    /// A get-post request for the detail pane.
    DetailSeq
);
sequence_number!(
    /// A post-logs request for the logs tab.
    LogsSeq
);
sequence_number!(
    /// A platform-connections request.
    ConnectionsSeq
);
sequence_number!(
    /// A workspace-users request.
    UsersSeq
);

/// A request that failed, as the screen tells it: what went wrong, what the user can do about
/// it, and whether it is the 403 of a key without workspaces (§8). The worker makes it from the
/// client's error (`impl From<ApiError>` in `worker`), so the model never sees the client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestError {
    message: String,
    hint: Option<&'static str>,
    workspace_not_enabled: bool,
}

impl RequestError {
    /// A failure saying `message`, with an optional `hint`.
    pub fn new(message: String, hint: Option<&'static str>, workspace_not_enabled: bool) -> Self {
        Self {
            message,
            hint,
            workspace_not_enabled,
        }
    }

    /// What the user can do about it.
    pub fn hint(&self) -> Option<&'static str> {
        self.hint
    }

    /// The 403 `Workspace access is not enabled for this key` of GET workspace/users (§8).
    pub fn is_workspace_not_enabled(&self) -> bool {
        self.workspace_not_enabled
    }
}

impl std::fmt::Display for RequestError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// A change update-post makes to each post of a job (POSTPOST_API.md §3.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PostChange {
    /// `{"status":"scheduled","scheduledTime":…}`: (re)schedule at this instant. A past time is
    /// set to now by the server; the limits service may move it for spacing.
    Reschedule(DateTime<Utc>),
    /// `{"status":"draft"}`: back to draft; the server keeps the stored time.
    MoveToDraft,
}

impl PostChange {
    /// The update-post body for this change.
    pub fn request(self) -> UpdatePostRequest {
        match self {
            Self::Reschedule(time) => UpdatePostRequest {
                status: Some(PostStatus::Scheduled),
                scheduled_time: Some(time),
            },
            Self::MoveToDraft => UpdatePostRequest {
                status: Some(PostStatus::Draft),
                scheduled_time: None,
            },
        }
    }

    /// True when the server's answer puts the post at another time than asked for (spacing,
    /// or a past time set to now), or at none. The wire carries milliseconds (§1.3), so
    /// differences under a second are rounding, not a move. Always false for
    /// [`PostChange::MoveToDraft`].
    pub fn moved_by_server(self, answer: &UpdatedGroup) -> bool {
        match self {
            Self::Reschedule(asked) => answer
                .scheduled_time
                .as_ref()
                .and_then(|t| t.parsed())
                .is_none_or(|given| (given - asked).abs() >= chrono::Duration::seconds(1)),
            Self::MoveToDraft => false,
        }
    }
}

/// What a job does to each of its posts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum JobKind {
    /// Re-create deleted posts from their backups.
    Restore,
    /// delete-post (§3.5).
    #[default]
    Delete,
    /// update-post (§3.4) with this change.
    Change(PostChange),
}

impl JobKind {
    /// The past-tense verb for progress and reports: `deleted`, `rescheduled`, `moved to draft`.
    pub fn done_verb(self) -> &'static str {
        match self {
            Self::Delete => "deleted",
            Self::Restore => "restored",
            Self::Change(PostChange::Reschedule(_)) => "rescheduled",
            Self::Change(PostChange::MoveToDraft) => "moved to draft",
        }
    }

    /// The noun for notices and the journal: `delete`, `reschedule`, `move to draft`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Delete => "delete",
            Self::Restore => "restore",
            Self::Change(PostChange::Reschedule(_)) => "reschedule",
            Self::Change(PostChange::MoveToDraft) => "move to draft",
        }
    }
}

/// What the app loop asks of the worker.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Load every page of list-posts (POSTPOST_API.md §3.1) for load generation `seq`.
    LoadPosts {
        /// Load generation; answers carry it back.
        seq: LoadSeq,
    },
    /// Fetch one post with get-post (§3.2) for the detail pane.
    FetchDetail {
        /// Request number; only the answer to the latest request for an id is kept.
        seq: DetailSeq,
        id: PostGroupId,
    },
    /// Fetch one post's log with post-logs (§3.6) for the detail pane's logs tab; debounced like
    /// `FetchDetail`.
    FetchLogs {
        /// Request number; only the answer to the latest request for an id is kept.
        seq: LogsSeq,
        id: PostGroupId,
    },
    /// Fetch the account's connections with platform-connections (§5.1).
    LoadConnections {
        /// Request number; only the answer carrying the latest is kept.
        seq: ConnectionsSeq,
    },
    /// Test one connection with test-connection (§5.2); changes nothing on the server.
    TestConnection {
        /// The compound id of the connection.
        platform_id: String,
    },
    /// Delete these posts (§3.5), exactly these and no others.
    StartDelete {
        job: JobId,
        /// The posts the user confirmed, in the order shown.
        ids: Vec<PostGroupId>,
        /// Back each post up before deleting it (its summary here, its media downloaded); a
        /// failed backup skips the delete. `None`: no backup.
        backup: Option<Vec<PostSummary>>,
    },
    /// Re-create the posts backed up in `dir` (a delete job's backup folder), or only those of
    /// `only` when it is not empty; posts restored before are not created again.
    StartRestore {
        job: JobId,
        dir: std::path::PathBuf,
        only: Vec<PostGroupId>,
    },
    /// Apply `change` to these posts with update-post (§3.4), exactly these and no others.
    StartUpdate {
        job: JobId,
        /// The posts the user confirmed (draft or scheduled when the dialog opened).
        ids: Vec<PostGroupId>,
        change: PostChange,
    },
    /// Act as another user from now on: `Some(id)` sends `x-postpost-user-id: id` (a managed
    /// user, §1.5, §8), `None` acts as the key owner. Later commands use the new identity.
    SwitchUser {
        /// The managed user's id, or `None` for the owner.
        user_id: Option<String>,
    },
    /// Fetch the workspace's managed users (GET workspace/users, §8) for the user picker.
    LoadWorkspaceUsers {
        /// Request number; only the answer to the latest is kept.
        seq: UsersSeq,
    },
    /// Stop starting new requests for this job.
    CancelJob { job: JobId },
    /// Put `text` (already free of control characters) on the clipboard: the app loop writes
    /// it to the terminal as OSC 52 between frames; the worker never sees it.
    Clipboard { text: String },
    /// Open `url` (an https URL `app::reach` built) in the browser: done by the app loop.
    OpenUrl { url: String },
}

/// What became of one post of a job (DESIGN §2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The server answered 200: the post is gone.
    Deleted,
    /// update-post answered 200; `group` is the server's `postGroup` (the truth for the
    /// resulting status and time); `moved` when its time differs from the one asked for.
    Updated {
        /// The group as the server stored it.
        group: UpdatedGroup,
        /// The server put it at another time than asked (spacing, or a past time set to now).
        moved: bool,
    },
    /// 404 after a retried attempt: an earlier attempt probably deleted it.
    AlreadyGone,
    /// 404 on the first attempt: no such post on the server (any more).
    NotFound,
    /// The post was not deleted; the reason says why.
    Failed(String),
    /// The post was re-created from its backup with a new id (now or by an earlier restore).
    Restored {
        new_id: PostGroupId,
        /// Why it came back as a draft; `None` when it came back scheduled at its time.
        draft: Option<String>,
        /// True when an earlier restore had already re-created it: nothing was sent now.
        earlier: bool,
    },
    /// An attempt got no answer (timeout, dropped connection) and nothing since could tell
    /// whether it deleted the post; the reason says what was tried. The post stays listed.
    Unknown(String),
}

impl Outcome {
    /// True when the post no longer exists on the server, so it leaves the list.
    pub fn is_gone(&self) -> bool {
        matches!(self, Self::Deleted | Self::AlreadyGone | Self::NotFound)
    }

    /// The reason, for `Failed` and `Unknown`.
    pub fn reason(&self) -> Option<&str> {
        match self {
            Self::Failed(reason) | Self::Unknown(reason) => Some(reason),
            _ => None,
        }
    }

    /// A short word for reports.
    pub fn label(&self) -> &str {
        match self {
            Self::Deleted => "deleted",
            Self::Updated { .. } => "updated",
            Self::Restored { earlier: true, .. } => "restored earlier",
            Self::Restored { .. } => "restored",
            Self::AlreadyGone => "already gone",
            Self::NotFound => "not found",
            Self::Failed(_) => "failed",
            Self::Unknown(_) => "unknown",
        }
    }
}

/// Counts of a finished job: how many items ended in each [`Outcome`], and how many were never
/// sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct JobSummary {
    pub deleted: usize,
    pub updated: usize,
    /// Restored now or by an earlier restore.
    pub restored: usize,
    /// Of `updated`, those the server put at another time than asked for.
    pub moved: usize,
    pub already_gone: usize,
    pub not_found: usize,
    pub failed: usize,
    pub unknown: usize,
    /// Never sent (cancelled or stopped before their turn).
    pub never_attempted: usize,
}

impl JobSummary {
    /// Counts one finished item.
    pub fn add(&mut self, outcome: &Outcome) {
        match outcome {
            Outcome::Deleted => self.deleted += 1,
            Outcome::Updated { moved, .. } => {
                self.updated += 1;
                self.moved += usize::from(*moved);
            }
            Outcome::Restored { .. } => self.restored += 1,
            Outcome::AlreadyGone => self.already_gone += 1,
            Outcome::NotFound => self.not_found += 1,
            Outcome::Failed(_) => self.failed += 1,
            Outcome::Unknown(_) => self.unknown += 1,
        }
    }

    /// Items finished, any outcome (`moved` is part of `updated`, `never_attempted` is not
    /// finished).
    pub fn done(&self) -> usize {
        self.deleted
            + self.updated
            + self.restored
            + self.already_gone
            + self.not_found
            + self.failed
            + self.unknown
    }
}

/// How a sink words a [`JobSummary`]: each count as `<name> <n>`, joined by `, `, in the order
/// deleted, updated, moved by the server, already gone, not found, failed, unknown, not
/// attempted. `moved` (a part of `updated`) is written only when not zero.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SummaryWording {
    /// The counts' names.
    pub names: CountNames,
    /// `Some(kind)`: open with the kind's verb and its count even when zero (`deleted 0`,
    /// `rescheduled 2`) and leave the other kind's count out. `None`: deleted and updated are
    /// counts like the others.
    pub lead: Option<JobKind>,
    /// Write the counts that are zero too.
    pub zeros: bool,
    /// Follow a count with what the TUI can do about it (`failed 2 (R retries them)`).
    pub hints: bool,
}

/// Which names a [`SummaryWording`] gives the counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CountNames {
    /// Words for people: `already gone`, `not attempted`.
    Spoken,
    /// The journal's event names (`worker::journal::JournalEvent`): `already_gone`,
    /// `never_attempted`.
    Journal,
}

impl SummaryWording {
    /// The TUI's end-of-job notice: `deleted 3, failed 1 (R retries them)`.
    pub fn notice(kind: JobKind) -> Self {
        Self {
            names: CountNames::Spoken,
            lead: Some(kind),
            zeros: false,
            // `R` retries deletes and changes; a restore is retried by restoring again.
            hints: kind != JobKind::Restore,
        }
    }

    /// The report line of the headless delete: `deleted 3, already gone 0, …, not attempted 0`.
    pub const REPORT: Self = Self {
        names: CountNames::Spoken,
        lead: Some(JobKind::Delete),
        zeros: true,
        hints: false,
    };

    /// A job's line of `postpost journal`: `deleted 2, never_attempted 1`.
    pub const JOURNAL: Self = Self {
        names: CountNames::Journal,
        lead: None,
        zeros: false,
        hints: false,
    };
}

impl JobSummary {
    /// The counts in words, as `wording` says.
    pub fn describe(&self, wording: &SummaryWording) -> String {
        let zeros = wording.zeros;
        let mut parts = Vec::new();
        let mut add = |count: usize, [spoken, journal]: [&str; 2], hint: &str, zeros: bool| {
            if count > 0 || zeros {
                let name = match wording.names {
                    CountNames::Spoken => spoken,
                    CountNames::Journal => journal,
                };
                let hint = if wording.hints { hint } else { "" };
                parts.push(format!("{name} {count}{hint}"));
            }
        };
        match wording.lead {
            Some(JobKind::Delete) => add(self.deleted, ["deleted"; 2], "", true),
            Some(JobKind::Restore) => add(self.restored, ["restored"; 2], "", true),
            Some(kind) => add(self.updated, [kind.done_verb(); 2], "", true),
            None => {
                add(self.deleted, ["deleted"; 2], "", zeros);
                add(self.updated, ["updated"; 2], "", zeros);
            }
        }
        add(
            self.moved,
            ["moved by the server", "moved"],
            " (spacing, or a past time set to now)",
            false,
        );
        add(
            self.already_gone,
            ["already gone", "already_gone"],
            "",
            zeros,
        );
        add(self.not_found, ["not found", "not_found"], "", zeros);
        add(self.failed, ["failed"; 2], " (R retries them)", zeros);
        add(
            self.unknown,
            ["unknown"; 2],
            " (sent, no answer; R checks them)",
            zeros,
        );
        add(
            self.never_attempted,
            ["not attempted", "never_attempted"],
            "",
            zeros,
        );
        parts.join(", ")
    }
}

/// What the worker reports back.
#[derive(Debug, Clone, PartialEq)]
pub enum WorkerEvent {
    /// One page of list-posts arrived.
    PageLoaded {
        seq: LoadSeq,
        posts: Vec<PostSummary>,
        /// Entries of the page that could not be read.
        skipped: usize,
        pagination: Pagination,
    },
    /// Every page of generation `seq` arrived.
    LoadFinished { seq: LoadSeq },
    /// Loading generation `seq` stopped on an error.
    LoadFailed { seq: LoadSeq, error: RequestError },
    /// The answer to `Command::FetchDetail`.
    DetailLoaded {
        seq: DetailSeq,
        id: PostGroupId,
        /// The post, or why not.
        result: Result<PostDetail, RequestError>,
    },
    /// The answer to `Command::FetchLogs`.
    LogsLoaded {
        seq: LogsSeq,
        id: PostGroupId,
        /// The entries, or why not.
        result: Result<PostLogsPage, RequestError>,
    },
    /// The answer to `Command::LoadConnections`.
    ConnectionsLoaded {
        seq: ConnectionsSeq,
        /// The connections, or why not.
        result: Result<PlatformConnectionsPage, RequestError>,
    },
    /// The answer to `Command::TestConnection`.
    ConnectionTested {
        platform_id: String,
        /// The test's result (`status` ok or error), or why the request failed.
        result: Result<TestConnectionResult, RequestError>,
    },
    /// The answer to `Command::LoadWorkspaceUsers`.
    WorkspaceUsersLoaded {
        seq: UsersSeq,
        /// The managed users, or why not (403 `Workspace access is not enabled for this key`).
        result: Result<Vec<ManagedUser>, RequestError>,
    },
    /// `Command::SwitchUser` could not be applied (an id that cannot go in a header); the worker
    /// keeps acting as before.
    UserSwitchFailed {
        user_id: Option<String>,
        reason: String,
    },
    /// A job began: its name (the one the journal, its backup folder and the headless report
    /// show) and, when its posts are backed up, where.
    JobStarted {
        job: JobId,
        total: usize,
        name: String,
        backup_dir: Option<std::path::PathBuf>,
    },
    /// One post of a job is done, one way or another; sent exactly once per attempted id.
    ItemFinished {
        job: JobId,
        id: PostGroupId,
        outcome: Outcome,
    },
    /// The job's pace changed: it learned the server's rate limit (`Some(requests per second)`)
    /// or it runs unpaced again (`None`).
    JobPaced { job: JobId, per_second: Option<f64> },
    /// The job is waiting out a rate limit (429 `Retry-After`).
    JobWaiting {
        job: JobId,
        /// How long until requests resume.
        resume_in: Duration,
    },
    /// The job ended.
    JobFinished {
        job: JobId,
        summary: JobSummary,
        /// True when cancelled by the user.
        cancelled: bool,
        /// Set when the job stopped on its own (e.g. the key was refused), with the reason.
        stopped: Option<String>,
        never_attempted: Vec<PostGroupId>,
    },
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::model::{PostGroupId, Timestamp};

    fn answer(time: Option<&str>) -> UpdatedGroup {
        UpdatedGroup {
            id: PostGroupId::new_unchecked("66b0c0ffee00000000000a02"),
            status: PostStatus::Scheduled,
            scheduled_time: time.map(Timestamp::from_raw),
        }
    }

    fn summary() -> JobSummary {
        JobSummary {
            deleted: 3,
            failed: 2,
            never_attempted: 1,
            ..JobSummary::default()
        }
    }

    #[test]
    fn each_sink_words_the_same_counts_its_own_way() {
        assert_eq!(
            summary().describe(&SummaryWording::notice(JobKind::Delete)),
            "deleted 3, failed 2 (R retries them), not attempted 1"
        );
        assert_eq!(
            summary().describe(&SummaryWording::REPORT),
            "deleted 3, already gone 0, not found 0, failed 2, unknown 0, not attempted 1"
        );
        assert_eq!(
            summary().describe(&SummaryWording::JOURNAL),
            "deleted 3, failed 2, never_attempted 1"
        );
        let updated = JobSummary {
            updated: 4,
            moved: 1,
            unknown: 1,
            ..JobSummary::default()
        };
        assert_eq!(
            updated.describe(&SummaryWording::notice(JobKind::Change(
                PostChange::MoveToDraft
            ))),
            "moved to draft 4, moved by the server 1 (spacing, or a past time set to now), unknown 1 (sent, no answer; R checks them)"
        );
        assert_eq!(
            updated.describe(&SummaryWording::JOURNAL),
            "updated 4, moved 1, unknown 1"
        );
        assert_eq!(
            JobSummary::default().describe(&SummaryWording::notice(JobKind::Delete)),
            "deleted 0"
        );
    }

    #[test]
    fn only_a_difference_of_a_second_or_more_is_a_move() {
        let asked = crate::api::model::parse_instant("2026-12-01T09:30:00.123456Z").expect("time");
        let change = PostChange::Reschedule(asked);
        // The wire carries milliseconds: the same time, rounded.
        assert!(!change.moved_by_server(&answer(Some("2026-12-01T09:30:00.123Z"))));
        assert!(change.moved_by_server(&answer(Some("2026-12-01T09:40:00.000Z"))));
        assert!(change.moved_by_server(&answer(None)));
        assert!(!PostChange::MoveToDraft.moved_by_server(&answer(None)));
    }
}
