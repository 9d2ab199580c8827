//! The mock's in-memory database: post groups, their platform posts and their media records,
//! the three collections of the real server (POSTPOST_API.md §3, §10), stored together per group
//! in a slab, plus per-user sorted indexes that keep a list-posts page cheap at 100,000 groups.
//!
//! Data flow: the route handlers (`mock::routes`) lock the one `Mutex<Store>` held by
//! [`super::MockState`], call a single method here, and release the lock before any `.await`.
//! Every method is synchronous, so each HTTP request is one atomic step on the store; delete-post in
//! particular removes a group, its platform posts and its media records in one step (§10).
//! Ownership is enforced here: every lookup takes the acting user's id, and a group owned by
//! someone else behaves exactly like a missing one (§3.2, §3.5: 404, never 403).
//!
//! This file holds the records, the slab and its indexes, insert, get-post, post-logs and
//! delete; `list` answers list-posts and `update` applies update-post's rules.

mod list;
mod update;

use std::cmp::Ordering;
use std::collections::HashMap;

use chrono::{DateTime, Utc};

use crate::api::model::{
    Platform, PlatformError, PlatformPost, PlatformStatus, PostDetail, PostGroupId, PostLog,
    PostStatus, SortField,
};

pub use list::{ListPage, ListQuery};
pub use update::{UpdateRefusal, UpdateRules};

/// A post group row (the real server's `PostGroup` document).
#[derive(Debug, Clone, PartialEq)]
pub struct GroupRecord {
    /// 24-hex ObjectId (§1.2).
    pub id: PostGroupId,
    /// Owner: the 24-hex id of the user the group belongs to (§1.5).
    pub user_id: String,
    /// Text of the post.
    pub content: String,
    /// Group status (§2.1).
    pub status: PostStatus,
    /// `None` for drafts without a time.
    pub scheduled_time: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// One platform post of a group (the real server's `Post` document, §3.2).
#[derive(Debug, Clone, PartialEq)]
pub struct PlatformPostRecord {
    /// 24-hex ObjectId of the platform post (`_id` in get-post).
    pub id: String,
    /// **Compound** account id `<platform>-<rawId>` (§1.2).
    pub platform_id: String,
    /// The network, taken from the compound id's prefix.
    pub platform: Platform,
    /// Text as sent to this network.
    pub content: String,
    /// Per-platform status (§2.2).
    pub status: PlatformStatus,
    /// The network's id of the published post; kept only when `status` is published.
    pub posted_id: Option<String>,
    /// §2.3 error object; kept only when `status` is failed.
    pub error: Option<PlatformError>,
}

/// A media record attached to a group (§4.1, §10).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MediaRecord {
    /// 24-hex ObjectId of the media record.
    pub id: String,
    /// Public object URL; what list-posts shows in `mediaUrls`, and what is removed from the
    /// object store after a delete commits.
    pub url: String,
}

/// The three tables of the mock. Not thread-safe on its own: [`super::MockState`] wraps it in one
/// `std::sync::Mutex`.
///
/// Layout: each group lives with its platform posts and media records in one slot of a slab
/// (`slots`, reached from an id through `by_id`; freed slots are reused). For list-posts, every
/// user has three always-sorted indexes, one per sort field, of `(key, slot, status)` entries
/// ordered by `(key, postGroupId)` ascending (no `scheduledTime` sorts first). Insert, delete and
/// update keep them sorted by binary search plus a `Vec` insert/remove, so a list request only
/// walks one user's index in the requested direction: without a status or platform filter the
/// page is a slice and `totalItems` a length; with one, a single pass over compact entries.
#[derive(Debug, Default)]
pub struct Store {
    slots: Vec<Option<Slot>>,
    free_slots: Vec<u32>,
    by_id: HashMap<PostGroupId, u32>,
    /// Interned owner ids: the position in `per_user` of each user that ever owned a group.
    user_codes: HashMap<String, u32>,
    per_user: Vec<UserIndex>,
    /// Interned group statuses: an index entry's `status` is a position here.
    statuses: Vec<PostStatus>,
    /// Set inside [`Store::bulk_insert`]: indexes are appended to, and sorted once at the end.
    bulk: bool,
    /// Counter behind [`Store::next_object_id`].
    next_object: u64,
}

/// A group with its platform posts and media records: one row of each table.
#[derive(Debug)]
struct Slot {
    group: GroupRecord,
    platform_posts: Vec<PlatformPostRecord>,
    media: Vec<MediaRecord>,
    /// Log entries of events that happened while the mock ran (update-post); the history the
    /// group's state implies is derived on request (`mock::logs`).
    logs: Vec<PostLog>,
}

/// One entry of a list index: the sort key, where the group lives, and its interned status (so the
/// status filter needs no look-up into the slab).
#[derive(Debug, Clone, Copy)]
struct IndexEntry {
    key: Option<DateTime<Utc>>,
    slot: u32,
    status: u32,
}

/// One user's list indexes, one per sort field, each sorted by `(key, postGroupId)` ascending.
#[derive(Debug, Default)]
struct UserIndex {
    created_at: Vec<IndexEntry>,
    updated_at: Vec<IndexEntry>,
    scheduled_time: Vec<IndexEntry>,
}

const SORT_FIELDS: [SortField; 3] = [
    SortField::CreatedAt,
    SortField::UpdatedAt,
    SortField::ScheduledTime,
];

impl UserIndex {
    fn field(&self, field: SortField) -> &Vec<IndexEntry> {
        match field {
            SortField::CreatedAt => &self.created_at,
            SortField::UpdatedAt => &self.updated_at,
            SortField::ScheduledTime => &self.scheduled_time,
        }
    }

    fn field_mut(&mut self, field: SortField) -> &mut Vec<IndexEntry> {
        match field {
            SortField::CreatedAt => &mut self.created_at,
            SortField::UpdatedAt => &mut self.updated_at,
            SortField::ScheduledTime => &mut self.scheduled_time,
        }
    }
}

/// The value of `field` for `group`; `None` (no scheduled time) sorts before every instant.
fn sort_key(group: &GroupRecord, field: SortField) -> Option<DateTime<Utc>> {
    match field {
        SortField::CreatedAt => Some(group.created_at),
        SortField::UpdatedAt => Some(group.updated_at),
        SortField::ScheduledTime => group.scheduled_time,
    }
}

/// The group in a slot that an index entry points at. Index entries always point at live slots.
fn group_in(slots: &[Option<Slot>], slot: u32) -> &GroupRecord {
    &slots[slot as usize]
        .as_ref()
        .expect("index entries point at live slots")
        .group
}

/// Where `(key, id)` sits (or would sit) in the ascending `index`.
fn position(
    slots: &[Option<Slot>],
    index: &[IndexEntry],
    key: Option<DateTime<Utc>>,
    id: &PostGroupId,
) -> usize {
    index.partition_point(|entry| match entry.key.cmp(&key) {
        Ordering::Less => true,
        Ordering::Greater => false,
        Ordering::Equal => &group_in(slots, entry.slot).id < id,
    })
}

/// True when `compound` starts with `value + "-"`, ignoring ASCII case: the mock's reading of the
/// server's case-insensitive regex `^<escaped value>-` (§3.1). Being a literal prefix check, regex
/// metacharacters in `value` are matched literally, as if escaped [INF].
pub fn platform_prefix_matches(compound: &str, value: &str) -> bool {
    let (compound, value) = (compound.as_bytes(), value.as_bytes());
    compound.len() > value.len()
        && compound[..value.len()].eq_ignore_ascii_case(value)
        && compound[value.len()] == b'-'
}

/// The raw account id of a compound id: `twitter-123` → `123`, `telegram--100` → `-100` (§1.2).
pub fn raw_platform_id<'a>(compound: &'a str, platform: &Platform) -> &'a str {
    compound
        .strip_prefix(platform.as_str())
        .and_then(|rest| rest.strip_prefix('-'))
        .unwrap_or(compound)
}

/// The platform named by a compound id's prefix (text before the first `-`).
pub fn platform_of(compound: &str) -> Platform {
    crate::api::model::platform_of_id(compound)
}

impl Store {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    /// Number of post groups (all users).
    pub fn len(&self) -> usize {
        self.by_id.len()
    }

    /// True when no group is stored.
    pub fn is_empty(&self) -> bool {
        self.by_id.is_empty()
    }

    /// A fresh 24-hex ObjectId for a platform post or media record (prefix `b0`, then a counter).
    pub fn next_object_id(&mut self) -> String {
        self.next_object += 1;
        format!("b0{:022x}", self.next_object)
    }

    /// Stores a group with its platform posts and media URLs (one media record per URL).
    /// Replaces any group with the same id. Costs a binary search and a `Vec` insert per sort
    /// index of the owner (a memmove of at most one entry per group of that user).
    pub fn insert(
        &mut self,
        group: GroupRecord,
        platform_posts: Vec<PlatformPostRecord>,
        media_urls: Vec<String>,
    ) {
        if let Some(&old) = self.by_id.get(&group.id) {
            self.release(old);
        }
        let media = media_urls
            .into_iter()
            .map(|url| MediaRecord {
                id: self.next_object_id(),
                url,
            })
            .collect();
        let id = group.id.clone();
        let row = Slot {
            group,
            platform_posts,
            media,
            logs: Vec::new(),
        };
        let slot = match self.free_slots.pop() {
            Some(slot) => {
                self.slots[slot as usize] = Some(row);
                slot
            }
            None => {
                let slot = u32::try_from(self.slots.len()).expect("fewer than 2^32 groups");
                self.slots.push(Some(row));
                slot
            }
        };
        self.by_id.insert(id, slot);
        self.index(slot);
    }

    /// Runs `fill` (which calls [`Store::insert`], typically many times) with the upkeep of the
    /// list indexes deferred: inserts append to them, and each is sorted once when `fill`
    /// returns, so loading n groups costs O(n log n) rather than n memmoves. `fill` must only
    /// insert and read ids ([`Store::contains`], [`Store::next_object_id`]); listing, updating or
    /// removing inside it would see unsorted indexes.
    pub fn bulk_insert<R>(&mut self, fill: impl FnOnce(&mut Self) -> R) -> R {
        let outer = std::mem::replace(&mut self.bulk, true);
        let result = fill(self);
        self.bulk = outer;
        if !outer {
            let Self {
                slots, per_user, ..
            } = self;
            for user in per_user.iter_mut() {
                for field in SORT_FIELDS {
                    user.field_mut(field).sort_unstable_by(|a, b| {
                        a.key.cmp(&b.key).then_with(|| {
                            group_in(slots, a.slot).id.cmp(&group_in(slots, b.slot).id)
                        })
                    });
                }
            }
        }
        result
    }

    /// True when a group with this id exists (any user).
    pub fn contains(&self, id: &PostGroupId) -> bool {
        self.by_id.contains_key(id)
    }

    /// Every stored group id (all users), sorted for a stable order.
    pub fn ids(&self) -> Vec<PostGroupId> {
        let mut ids: Vec<PostGroupId> = self.by_id.keys().cloned().collect();
        ids.sort_unstable();
        ids
    }

    /// The slot of group `id` when it exists and belongs to `user_id`.
    fn slot_of(&self, user_id: &str, id: &PostGroupId) -> Option<u32> {
        let slot = *self.by_id.get(id)?;
        (group_in(&self.slots, slot).user_id == user_id).then_some(slot)
    }

    /// The row in a live slot.
    fn row(&self, slot: u32) -> &Slot {
        self.slots[slot as usize]
            .as_ref()
            .expect("slots reached through by_id are live")
    }

    /// The group `id` when it exists and belongs to `user_id`.
    pub fn group_of(&self, user_id: &str, id: &PostGroupId) -> Option<&GroupRecord> {
        self.slot_of(user_id, id).map(|slot| &self.row(slot).group)
    }

    /// Adds the group in `slot` to its owner's three indexes, interning its owner and status.
    fn index(&mut self, slot: u32) {
        let Self {
            slots,
            per_user,
            user_codes,
            statuses,
            bulk,
            ..
        } = self;
        let group = group_in(slots, slot);
        let status = match statuses.iter().position(|known| known == &group.status) {
            Some(code) => code,
            None => {
                statuses.push(group.status.clone());
                statuses.len() - 1
            }
        };
        let status = u32::try_from(status).expect("few statuses");
        let user = match user_codes.get(&group.user_id) {
            Some(&user) => user,
            None => {
                let user = u32::try_from(per_user.len()).expect("fewer than 2^32 users");
                user_codes.insert(group.user_id.clone(), user);
                per_user.push(UserIndex::default());
                user
            }
        };
        let indexes = &mut per_user[user as usize];
        for field in SORT_FIELDS {
            let entry = IndexEntry {
                key: sort_key(group, field),
                slot,
                status,
            };
            let index = indexes.field_mut(field);
            if *bulk {
                index.push(entry);
            } else {
                let at = position(slots, index, entry.key, &group.id);
                index.insert(at, entry);
            }
        }
    }

    /// Removes the group in `slot` from its owner's three indexes (keys as currently stored).
    fn unindex(&mut self, slot: u32) {
        let Self {
            slots,
            per_user,
            user_codes,
            bulk,
            ..
        } = self;
        let group = group_in(slots, slot);
        let user = user_codes[&group.user_id];
        let indexes = &mut per_user[user as usize];
        for field in SORT_FIELDS {
            let index = indexes.field_mut(field);
            if *bulk {
                index.retain(|entry| entry.slot != slot);
            } else {
                let at = position(slots, index, sort_key(group, field), &group.id);
                debug_assert_eq!(index.get(at).map(|entry| entry.slot), Some(slot));
                index.remove(at);
            }
        }
    }

    /// Drops the group in `slot` from the indexes, `by_id` and the slab; returns its row.
    fn release(&mut self, slot: u32) -> Slot {
        self.unindex(slot);
        let row = self.slots[slot as usize]
            .take()
            .expect("released slots are live");
        self.by_id.remove(&row.group.id);
        self.free_slots.push(slot);
        row
    }

    /// The get-post body (§3.2) for a group of `user_id`; `None` when unknown or foreign (→ 404).
    /// Platform ids come out **raw**; `postedId` only for published posts, `error` only for
    /// failed ones.
    pub fn detail(&self, user_id: &str, id: &PostGroupId) -> Option<PostDetail> {
        let row = self.row(self.slot_of(user_id, id)?);
        let posts = row
            .platform_posts
            .iter()
            .map(|post| PlatformPost {
                id: post.id.clone(),
                platform: post.platform.clone(),
                platform_id: raw_platform_id(&post.platform_id, &post.platform).to_string(),
                content: Some(post.content.clone()),
                status: post.status.clone(),
                posted_id: post
                    .posted_id
                    .clone()
                    .filter(|_| post.status == PlatformStatus::Published),
                error: post
                    .error
                    .clone()
                    .filter(|_| post.status == PlatformStatus::Failed),
            })
            .collect();
        Some(PostDetail {
            success: true,
            post_group_id: row.group.id.clone(),
            posts,
        })
    }

    /// The post-logs body (§3.6) for a group of `user_id`: at most 100 entries, `createdAt`
    /// ascending (see `mock::logs`); `None` when unknown or foreign (→ 404).
    pub fn post_logs(&self, user_id: &str, id: &PostGroupId) -> Option<Vec<PostLog>> {
        let row = self.row(self.slot_of(user_id, id)?);
        Some(super::logs::history(
            &row.group,
            &row.platform_posts,
            &row.logs,
        ))
    }

    /// Adds a media record for `url` to group `id`, whoever owns it (§4.1: get-upload-url does
    /// not check ownership); the new record's id, or `None` when no such group exists.
    pub fn attach_media(&mut self, id: &PostGroupId, url: String) -> Option<String> {
        let slot = *self.by_id.get(id)?;
        let media_id = self.next_object_id();
        self.slots[slot as usize].as_mut()?.media.push(MediaRecord {
            id: media_id.clone(),
            url,
        });
        Some(media_id)
    }

    /// Removes a group of `user_id` with all its platform posts and media records, in one step
    /// (§3.5, §10). Returns the removed media URLs (for the best-effort object deletion that
    /// follows the commit), or `None` when the group is unknown or foreign (→ 404).
    pub fn remove(&mut self, user_id: &str, id: &PostGroupId) -> Option<Vec<String>> {
        let slot = self.slot_of(user_id, id)?;
        let row = self.release(slot);
        Some(row.media.into_iter().map(|record| record.url).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix_match_is_case_insensitive_and_needs_the_dash() {
        assert!(platform_prefix_matches("twitter-123", "twitter"));
        assert!(platform_prefix_matches("twitter-123", "TWITTER"));
        assert!(!platform_prefix_matches("twitter-123", "twitter-123"));
        assert!(platform_prefix_matches("twitter-123-4", "twitter-123"));
        assert!(!platform_prefix_matches("twitter", "twitter"));
        assert!(!platform_prefix_matches("twitterx-1", "twitter"));
        assert!(!platform_prefix_matches("é-1", "e"));
    }

    #[test]
    fn raw_id_strips_only_the_platform_prefix() {
        assert_eq!(raw_platform_id("twitter-123", &Platform::Twitter), "123");
        assert_eq!(
            raw_platform_id("telegram--1001234567890", &Platform::Telegram),
            "-1001234567890"
        );
        assert_eq!(
            raw_platform_id("bluesky-did:plc:abc123", &Platform::Bluesky),
            "did:plc:abc123"
        );
        assert_eq!(platform_of("telegram--100"), Platform::Telegram);
    }
}
