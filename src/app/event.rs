//! The messages between the app loop and the worker (DESIGN §2): a [`Command`] is what the
//! worker must do, a [`WorkerEvent`] is what happened (past tense). Both carry sequence numbers
//! or job ids so that stale answers can be recognised and dropped by `app::update::apply`.

use std::time::Duration;

use crate::api::error::ApiError;
use crate::api::model::{
    Pagination, PlatformConnectionsPage, PostDetail, PostGroupId, PostLogsPage, PostSummary,
    TestConnectionResult,
};

/// Identifies one bulk operation; increasing within a session.
pub type JobId = u64;

/// What the app loop asks of the worker.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Load every page of list-posts (POSTPOST_API.md §3.1) for load generation `seq`.
    LoadPosts {
        /// Load generation; answers carry it back.
        seq: u64,
    },
    /// Fetch one post with get-post (§3.2) for the detail pane.
    FetchDetail {
        /// Request number; only the answer to the latest request for an id is kept.
        seq: u64,
        /// The post.
        id: PostGroupId,
    },
    /// Fetch one post's log with post-logs (§3.6) for the detail pane's logs tab; debounced like
    /// `FetchDetail`.
    FetchLogs {
        /// Request number; only the answer to the latest request for an id is kept.
        seq: u64,
        /// The post.
        id: PostGroupId,
    },
    /// Fetch the account's connections with platform-connections (§5.1).
    LoadConnections {
        /// Request number; only the answer carrying the latest is kept.
        seq: u64,
    },
    /// Test one connection with test-connection (§5.2); changes nothing on the server.
    TestConnection {
        /// The compound id of the connection.
        platform_id: String,
    },
    /// Delete these posts (§3.5), exactly these and no others.
    StartDelete {
        /// The job's id.
        job: JobId,
        /// The posts the user confirmed, in the order shown.
        ids: Vec<PostGroupId>,
        /// Save each post (get-post JSON) before deleting it; a failed backup skips the delete.
        backup: bool,
    },
    /// Stop starting new requests for this job.
    CancelJob {
        /// The job to cancel.
        job: JobId,
    },
}

/// What became of one post of a delete job (DESIGN §2, issue 3).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The server answered 200: the post is gone.
    Deleted,
    /// 404 after a retried attempt: an earlier attempt probably deleted it.
    AlreadyGone,
    /// 404 on the first attempt: no such post on the server (any more).
    NotFound,
    /// The post was not deleted; the reason says why.
    Failed(String),
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
            Self::AlreadyGone => "already gone",
            Self::NotFound => "not found",
            Self::Failed(_) => "failed",
            Self::Unknown(_) => "unknown",
        }
    }
}

/// Counts of a finished job.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct JobSummary {
    /// Outcome `Deleted`.
    pub deleted: usize,
    /// Outcome `AlreadyGone`.
    pub already_gone: usize,
    /// Outcome `NotFound`.
    pub not_found: usize,
    /// Outcome `Failed`.
    pub failed: usize,
    /// Outcome `Unknown`.
    pub unknown: usize,
    /// Never sent (cancelled or stopped before their turn).
    pub never_attempted: usize,
}

/// What the worker reports back.
#[derive(Debug, Clone, PartialEq)]
pub enum WorkerEvent {
    /// One page of list-posts arrived.
    PageLoaded {
        /// Load generation.
        seq: u64,
        /// The posts of the page.
        posts: Vec<PostSummary>,
        /// Entries of the page that could not be read.
        skipped: usize,
        /// The page's pagination object.
        pagination: Pagination,
    },
    /// Every page of generation `seq` arrived.
    LoadFinished {
        /// Load generation.
        seq: u64,
    },
    /// Loading generation `seq` stopped on an error.
    LoadFailed {
        /// Load generation.
        seq: u64,
        /// Why.
        error: ApiError,
    },
    /// The answer to `Command::FetchDetail`.
    DetailLoaded {
        /// Request number.
        seq: u64,
        /// The post asked for.
        id: PostGroupId,
        /// The post, or why not.
        result: Result<PostDetail, ApiError>,
    },
    /// The answer to `Command::FetchLogs`.
    LogsLoaded {
        /// Request number.
        seq: u64,
        /// The post asked for.
        id: PostGroupId,
        /// The entries, or why not.
        result: Result<PostLogsPage, ApiError>,
    },
    /// The answer to `Command::LoadConnections`.
    ConnectionsLoaded {
        /// Request number.
        seq: u64,
        /// The connections, or why not.
        result: Result<PlatformConnectionsPage, ApiError>,
    },
    /// The answer to `Command::TestConnection`.
    ConnectionTested {
        /// The connection tested.
        platform_id: String,
        /// The test's result (`status` ok or error), or why the request failed.
        result: Result<TestConnectionResult, ApiError>,
    },
    /// A delete job began.
    JobStarted {
        /// The job.
        job: JobId,
        /// Posts in it.
        total: usize,
    },
    /// One post of a job is done, one way or another; sent exactly once per attempted id.
    ItemFinished {
        /// The job.
        job: JobId,
        /// The post.
        id: PostGroupId,
        /// What became of it.
        outcome: Outcome,
    },
    /// The job is waiting out a rate limit (429 `Retry-After`).
    JobWaiting {
        /// The job.
        job: JobId,
        /// How long until requests resume.
        resume_in: Duration,
    },
    /// The job ended.
    JobFinished {
        /// The job.
        job: JobId,
        /// Counts.
        summary: JobSummary,
        /// True when cancelled by the user.
        cancelled: bool,
        /// Set when the job stopped on its own (e.g. the key was refused), with the reason.
        stopped: Option<String>,
        /// Posts never sent.
        never_attempted: Vec<PostGroupId>,
    },
}
