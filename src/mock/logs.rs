//! The mock's post logs (POSTPOST_API.md §3.6), derived from a post group's state instead of
//! stored, so that the seed posts and 100,000 generated ones all have a history at no cost until
//! it is asked for. The derivation is deterministic: the same group always gives the same entries
//! (ids included). Events that happen to a group while the mock runs (update-post) are appended
//! to the group's row by `mock::store` and merged in by [`history`].
//!
//! Data flow: `routes::post_logs` → `Store::post_logs` (lock held, one group) → [`history`].
//!
//! What a group's history looks like, by its status (§2.1):
//! * draft without a time: no entries; draft with a time: `scheduled`, then `status_changed`;
//! * scheduled: `scheduled` at creation;
//! * published, failed, partially published: `scheduled`, `processing` at the scheduled time,
//!   then per platform post `publish_attempted` and `publish_succeeded` (`httpStatus` 200,
//!   `metadata.postedId`) or `publish_failed` (`error`, `httpStatus` when the network answered,
//!   `retryCount`, `metadata {errorCode, retryable}`); a retryable failure is attempted three
//!   times (`retryCount` 0, 1, 2, with 30 s and 60 s back-off), then `status_changed`.
//!
//! Optional fields that do not apply are absent, never `null` (§3.6).

use chrono::{DateTime, Duration, Utc};
use serde_json::json;

use super::store::{GroupRecord, PlatformPostRecord};
use crate::api::model::{
    PlatformStatus, PostLog, PostLogEvent, PostStatus, Timestamp, format_instant,
};

/// The most entries post-logs returns (§3.6: "at most the first 100").
pub const MAX_LOG_ENTRIES: usize = 100;

/// `error` of a failed platform post that carries no §2.3 error object.
const GENERIC_FAILURE: &str = "Publishing failed";

/// Back-off before the second and third attempt of a retryable failure.
const RETRY_DELAYS: [Duration; 2] = [Duration::seconds(30), Duration::seconds(60)];

/// 64-bit FNV-1a of `text` and `n`: the deterministic part of a derived entry's id.
fn fnv(text: &str, n: u64) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.bytes().chain(n.to_le_bytes()) {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// An ObjectId-like id for entry number `n` of `group` at `at`: 8 hex digits of the time, then 16
/// of a hash of the group id and `n`.
fn object_id(group: &GroupRecord, n: u64, at: DateTime<Utc>) -> String {
    let seconds = u32::try_from(at.timestamp().max(0)).unwrap_or(u32::MAX);
    format!("{seconds:08x}{:016x}", fnv(group.id.as_str(), n))
}

/// A log entry of `group` at `at` with the given id: `updatedAt` equal to `createdAt`, `__v` 0,
/// no optional field.
pub fn entry(group: &GroupRecord, id: String, event: PostLogEvent, at: DateTime<Utc>) -> PostLog {
    PostLog {
        id,
        post_group_id: group.id.clone(),
        post_id: None,
        platform: None,
        event,
        error: None,
        http_status: None,
        retry_count: None,
        metadata: None,
        created_at: Some(Timestamp::from_instant(at)),
        updated_at: Some(Timestamp::from_instant(at)),
        version: Some(0),
    }
}

/// The entries a group's state implies (see the module docs), in the order they happened.
pub fn derived(group: &GroupRecord, posts: &[PlatformPostRecord]) -> Vec<PostLog> {
    let mut logs: Vec<PostLog> = Vec::new();
    let event = |kind: PostLogEvent, at: DateTime<Utc>| entry(group, String::new(), kind, at);
    let scheduled = |at: DateTime<Utc>| {
        let mut log = event(PostLogEvent::Scheduled, at);
        log.metadata = group
            .scheduled_time
            .map(|t| json!({ "scheduledTime": format_instant(t) }));
        log
    };
    let status_changed = |from: &str, at: DateTime<Utc>| {
        let mut log = event(PostLogEvent::StatusChanged, at);
        log.metadata = Some(json!({ "from": from, "to": group.status.as_str() }));
        log
    };
    match group.status {
        PostStatus::Draft => {
            if group.scheduled_time.is_some() {
                logs.push(scheduled(group.created_at));
                logs.push(status_changed("scheduled", group.updated_at));
            }
        }
        PostStatus::Scheduled => logs.push(scheduled(group.created_at)),
        PostStatus::Published | PostStatus::Failed | PostStatus::PartiallyPublished => {
            logs.push(scheduled(group.created_at));
            let base = group
                .scheduled_time
                .unwrap_or(group.created_at)
                .max(group.created_at);
            logs.push(event(PostLogEvent::Processing, base));
            let mut last = base;
            for (slot, post) in posts.iter().enumerate() {
                let start = base + Duration::seconds(1 + i64::try_from(slot).unwrap_or(0));
                for log in platform_history(group, post, start) {
                    if let Some(at) = log.created_at.as_ref().and_then(|t| t.parsed()) {
                        last = last.max(at);
                    }
                    logs.push(log);
                }
            }
            let end = group.updated_at.max(last + Duration::seconds(1));
            logs.push(status_changed("scheduled", end));
        }
        PostStatus::Other(_) => {}
    }
    for (n, log) in (0u64..).zip(logs.iter_mut()) {
        let at = log.created_at.as_ref().and_then(|t| t.parsed());
        log.id = object_id(group, n, at.unwrap_or(group.created_at));
    }
    logs
}

/// The attempts of one platform post, from `start`.
fn platform_history(
    group: &GroupRecord,
    post: &PlatformPostRecord,
    start: DateTime<Utc>,
) -> Vec<PostLog> {
    let per_platform = |kind: PostLogEvent, at: DateTime<Utc>| {
        let mut log = entry(group, String::new(), kind, at);
        log.post_id = Some(post.id.clone());
        log.platform = Some(post.platform.clone());
        log
    };
    match post.status {
        PlatformStatus::Published => {
            let mut done =
                per_platform(PostLogEvent::PublishSucceeded, start + Duration::seconds(2));
            done.http_status = Some(200);
            done.metadata = post.posted_id.as_ref().map(|id| json!({ "postedId": id }));
            vec![per_platform(PostLogEvent::PublishAttempted, start), done]
        }
        PlatformStatus::Failed => {
            let error = post.error.as_ref();
            let attempts = if error.and_then(|e| e.retryable) == Some(true) {
                3
            } else {
                1
            };
            let mut at = start;
            let mut logs = Vec::new();
            for retry in 0..attempts {
                if retry > 0 {
                    at += RETRY_DELAYS[(retry - 1).min(RETRY_DELAYS.len() - 1)];
                }
                let retry_count = i64::try_from(retry).unwrap_or(0);
                let mut attempted = per_platform(PostLogEvent::PublishAttempted, at);
                if retry > 0 {
                    attempted.retry_count = Some(retry_count);
                }
                let mut failed =
                    per_platform(PostLogEvent::PublishFailed, at + Duration::seconds(2));
                failed.error = Some(
                    error
                        .map(|e| e.message.clone())
                        .filter(|m| !m.is_empty())
                        .unwrap_or_else(|| GENERIC_FAILURE.to_string()),
                );
                failed.http_status = error.and_then(|e| e.platform_status_code);
                failed.retry_count = Some(retry_count);
                failed.metadata = error.map(|e| {
                    let mut metadata = json!({ "errorCode": e.code });
                    if let Some(retryable) = e.retryable {
                        metadata["retryable"] = json!(retryable);
                    }
                    metadata
                });
                logs.push(attempted);
                logs.push(failed);
            }
            logs
        }
        _ => Vec::new(),
    }
}

/// The whole answer of post-logs for a group: the derived entries and the `appended` ones, sorted
/// by `createdAt` ascending (ties keep their order), cut to [`MAX_LOG_ENTRIES`].
pub fn history(
    group: &GroupRecord,
    posts: &[PlatformPostRecord],
    appended: &[PostLog],
) -> Vec<PostLog> {
    let mut logs = derived(group, posts);
    logs.extend(appended.iter().cloned());
    logs.sort_by_key(|log| log.created_at.as_ref().and_then(|t| t.parsed()));
    logs.truncate(MAX_LOG_ENTRIES);
    logs
}
