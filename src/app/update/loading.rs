//! Loading: every page of list-posts (POSTPOST_API.md §3.1) under one load generation, stale
//! answers dropped; and the detail pane's caches of get-post (§3.2) and post-logs (§3.6),
//! asked for the post the cursor rests on.

use std::time::Instant;

use super::super::state::{AppState, DetailEntry, DetailTab, LogsEntry, NoticeLevel, Screen};
use crate::api::model::{Pagination, PostDetail, PostGroupId, PostLogsPage, PostSummary};
use crate::protocol::{Command, DetailSeq, LoadSeq, LogsSeq, RequestError};

/// `r`: loads every post again, and forgets the cached logs (they grow while posts publish).
pub(super) fn reload(state: &mut AppState) -> Command {
    state.detail.forget_logs();
    start_load(state)
}

/// Starts a load the user asked for (start-up, `r`, a user switch): a new generation, with one
/// automatic reload allowed again.
pub fn start_load(state: &mut AppState) -> Command {
    Command::LoadPosts {
        seq: state.load.start_asked(),
    }
}

pub(super) fn page_loaded(
    state: &mut AppState,
    seq: LoadSeq,
    posts: Vec<PostSummary>,
    skipped: usize,
    pagination: &Pagination,
) {
    if seq != state.load.seq() {
        return;
    }
    state.load.page(pagination, posts.len(), skipped);
    state
        .posts
        .expect_total(usize::try_from(pagination.total_items).unwrap_or(usize::MAX));
    for post in posts {
        state.posts.upsert(post, seq);
    }
}

/// Every page of `seq` arrived: posts it did not see are gone from the server. A load whose
/// total moved while paging is started once more on its own.
pub(super) fn load_finished(state: &mut AppState, seq: LoadSeq, now: Instant) -> Vec<Command> {
    if seq != state.load.seq() {
        return Vec::new();
    }
    let count_moved = state.load.finish();
    state.posts.drop_unseen(seq);
    if let Some((before, after)) = count_moved {
        if !state.jobs.is_running() && state.load.take_auto_reload() {
            state.notify(
                NoticeLevel::Warn,
                format!(
                    "the server's post count changed while loading ({before} → {after}); reloading"
                ),
                now,
            );
            return vec![Command::LoadPosts {
                seq: state.load.start(),
            }];
        }
        state.notify(
            NoticeLevel::Warn,
            format!(
                "the server's post count changed while loading ({before} → {after}); r reloads"
            ),
            now,
        );
    }
    // A notice waiting for the load, or the error of the load before, gives way to the news.
    let waiting = state
        .notice()
        .is_none_or(|notice| notice.until_loaded || notice.text.starts_with(LOAD_FAILED));
    if seq > LoadSeq(1) && waiting {
        let count = state.posts.loaded();
        state.notify(
            NoticeLevel::Info,
            format!("reloaded: {} posts", crate::text::wording::grouped(count)),
            now,
        );
    }
    if state.load.skipped() > 0 {
        state.notify(
            NoticeLevel::Warn,
            format!(
                "{} entries of the server's answer could not be read (no post id, or one that is not 24 hexadecimal characters) and are not shown",
                state.load.skipped()
            ),
            now,
        );
    }
    Vec::new()
}

/// How the notice of a failed load starts; a load that succeeds replaces it.
const LOAD_FAILED: &str = "loading posts failed: ";

pub(super) fn load_failed(state: &mut AppState, seq: LoadSeq, error: &RequestError, now: Instant) {
    if seq != state.load.seq() {
        return;
    }
    state.load.fail(error.to_string(), error.hint());
    let hint = error.hint().map(|h| format!(" ({h})")).unwrap_or_default();
    state.notify(
        NoticeLevel::Error,
        format!("{LOAD_FAILED}{error}{hint}; r retries"),
        now,
    );
}

/// Asks for the cursor post's details when they are not cached.
pub(super) fn want_detail(state: &mut AppState) -> Option<Command> {
    let id = state.detail_row()?.id().clone();
    let seq = state.detail.want_detail(&id)?;
    Some(Command::FetchDetail { seq, id })
}

/// Asks for the cursor post's log when the logs tab is shown and it is not cached (the same
/// rules as [`want_detail`]).
pub(super) fn want_logs(state: &mut AppState) -> Option<Command> {
    if state.screen() != Screen::Posts || state.detail.tab() != DetailTab::Logs {
        return None;
    }
    let id = state.detail_row()?.id().clone();
    let seq = state.detail.want_logs(&id)?;
    Some(Command::FetchLogs { seq, id })
}

pub(super) fn detail_loaded(
    state: &mut AppState,
    seq: DetailSeq,
    id: &PostGroupId,
    result: Result<PostDetail, RequestError>,
) {
    let entry = match result {
        Ok(detail) => DetailEntry::Loaded(detail),
        Err(error) => DetailEntry::Failed(error.to_string()),
    };
    state.detail.detail_answered(seq, id, entry);
}

pub(super) fn logs_loaded(
    state: &mut AppState,
    seq: LogsSeq,
    id: &PostGroupId,
    result: Result<PostLogsPage, RequestError>,
) {
    let entry = match result {
        Ok(page) => LogsEntry::Loaded {
            logs: page.logs,
            skipped: page.skipped,
        },
        Err(error) => LogsEntry::Failed(error.to_string()),
    };
    state.detail.logs_answered(seq, id, entry);
}
