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

use std::cmp::Ordering;
use std::collections::HashMap;

use chrono::{DateTime, Utc};

use crate::api::model::{
    Pagination, Platform, PlatformError, PlatformPost, PlatformRef, PlatformStatus, PostDetail,
    PostGroupId, PostLog, PostLogEvent, PostStatus, PostSummary, SortField, SortOrder, Timestamp,
    UpdatePostRequest,
};

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

/// A validated list-posts query (POSTPOST_API.md §3.1), built by `mock::query`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListQuery {
    /// 1-based page, at least 1.
    pub page: u64,
    /// Page size, 1..=100.
    pub limit: u64,
    /// Exact match on the group status.
    pub status: Option<PostStatus>,
    /// Case-insensitive prefix `<value>-` over the group's compound platform ids.
    pub platform: Option<String>,
    pub sort_by: SortField,
    /// Sort direction; ties are broken by `postGroupId` in the same direction.
    pub sort_order: SortOrder,
    /// Inclusive lower bound on `scheduledTime`; excludes groups without one.
    pub from: Option<DateTime<Utc>>,
    /// Inclusive upper bound on `scheduledTime`; excludes groups without one.
    pub to: Option<DateTime<Utc>>,
}

impl Default for ListQuery {
    fn default() -> Self {
        Self {
            page: 1,
            limit: 20,
            status: None,
            platform: None,
            sort_by: SortField::CreatedAt,
            sort_order: SortOrder::Desc,
            from: None,
            to: None,
        }
    }
}

/// One page of list-posts: the posts and the six-field pagination object (§3.1, §3.1.1).
#[derive(Debug, Clone, PartialEq)]
pub struct ListPage {
    /// The page's post groups, already in wire form.
    pub posts: Vec<PostSummary>,
    /// Where the page sits.
    pub pagination: Pagination,
}

/// Why [`Store::update`] refused an update-post (§3.4).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UpdateRefusal {
    /// Unknown or foreign group (404 `Post group not found`).
    NotFound,
    /// The group's status is not draft or scheduled (400 `Cannot update post: …`).
    NotUpdatable(PostStatus),
    /// The new time is beyond the plan's horizon (403 `Schedule horizon reached`, §9.2).
    HorizonReached {
        /// The horizon in days.
        horizon_days: u32,
        /// The latest time allowed (now + horizon).
        max_scheduled: DateTime<Utc>,
        /// The time asked for.
        requested: DateTime<Utc>,
    },
}

/// The limit re-check of update-post when the time changes (POSTPOST_API.md §3.4, §9.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct UpdateRules {
    /// Times more than this many days ahead are refused ([`UpdateRefusal::HorizonReached`]).
    pub horizon_days: Option<u32>,
    /// A scheduled time closer than this to another scheduled post of the same user is moved
    /// forward until it is not (the server's answer carries the moved time).
    pub min_spacing: Option<chrono::Duration>,
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

    /// Removes a group of `user_id` with all its platform posts and media records, in one step
    /// (§3.5, §10). Returns the removed media URLs (for the best-effort object deletion that
    /// follows the commit), or `None` when the group is unknown or foreign (→ 404).
    pub fn remove(&mut self, user_id: &str, id: &PostGroupId) -> Option<Vec<String>> {
        let slot = self.slot_of(user_id, id)?;
        let row = self.release(slot);
        Some(row.media.into_iter().map(|record| record.url).collect())
    }

    /// update-post (§3.4) for a group of `user_id`, one atomic step, checks in the [INF] order
    /// lookup → status → limits: unknown or foreign → [`UpdateRefusal::NotFound`]; status not
    /// draft or scheduled → [`UpdateRefusal::NotUpdatable`]; a new time beyond
    /// `rules.horizon_days` → [`UpdateRefusal::HorizonReached`]. Then: the status becomes
    /// `request.status` (when given), the time becomes `request.scheduled_time` (when given; the
    /// caller has already raised a past time to `now`), moved forward for `rules.min_spacing` when the
    /// group ends up scheduled; a scheduled group without any time gets `now`; moving to draft
    /// keeps the time. Every platform post follows the group's status. Returns the stored group.
    pub fn update(
        &mut self,
        user_id: &str,
        id: &PostGroupId,
        request: UpdatePostRequest,
        now: DateTime<Utc>,
        rules: &UpdateRules,
    ) -> Result<GroupRecord, UpdateRefusal> {
        let UpdatePostRequest {
            status,
            scheduled_time,
        } = request;
        let slot = self.slot_of(user_id, id).ok_or(UpdateRefusal::NotFound)?;
        let current = &self.row(slot).group.status;
        if !matches!(current, PostStatus::Draft | PostStatus::Scheduled) {
            return Err(UpdateRefusal::NotUpdatable(current.clone()));
        }
        let status = status.unwrap_or_else(|| current.clone());
        let mut scheduled_time = scheduled_time;
        if let (Some(time), Some(days)) = (scheduled_time, rules.horizon_days) {
            let max_scheduled = now + chrono::Duration::days(i64::from(days));
            if time > max_scheduled {
                return Err(UpdateRefusal::HorizonReached {
                    horizon_days: days,
                    max_scheduled,
                    requested: time,
                });
            }
        }
        if let (Some(time), Some(spacing), PostStatus::Scheduled) =
            (scheduled_time, rules.min_spacing, &status)
        {
            scheduled_time = Some(self.spaced(user_id, slot, time, spacing));
        }
        self.unindex(slot);
        let [change_id, schedule_id] = [self.next_object_id(), self.next_object_id()];
        let row = self.slots[slot as usize]
            .as_mut()
            .expect("slots reached through by_id are live");
        let group = &mut row.group;
        if let Some(time) = scheduled_time {
            group.scheduled_time = Some(time);
        }
        if status == PostStatus::Scheduled && group.scheduled_time.is_none() {
            group.scheduled_time = Some(now);
        }
        let platform_status = if status == PostStatus::Scheduled {
            PlatformStatus::Scheduled
        } else {
            PlatformStatus::Draft
        };
        let previous = std::mem::replace(&mut group.status, status);
        group.updated_at = now;
        for post in &mut row.platform_posts {
            post.status = platform_status.clone();
        }
        // The update's own log entries (§3.6): a status change, and a (re)scheduling.
        let mut entries = Vec::new();
        if previous != row.group.status {
            let mut log =
                super::logs::entry(&row.group, change_id, PostLogEvent::StatusChanged, now);
            log.metadata = Some(serde_json::json!({
                "from": previous.as_str(),
                "to": row.group.status.as_str(),
            }));
            entries.push(log);
        }
        if row.group.status == PostStatus::Scheduled
            && let Some(time) = row.group.scheduled_time
        {
            let mut log = super::logs::entry(&row.group, schedule_id, PostLogEvent::Scheduled, now);
            log.metadata = Some(serde_json::json!({
                "scheduledTime": Timestamp::from_instant(time).raw,
            }));
            entries.push(log);
        }
        row.logs.extend(entries);
        let updated = row.group.clone();
        self.index(slot);
        Ok(updated)
    }

    /// `time` moved forward until it is at least `spacing` away from every other scheduled group
    /// of `user_id` (the group in `own` excluded). One pass over the user's scheduled-time index,
    /// which is ascending, suffices: `time` only grows.
    fn spaced(
        &self,
        user_id: &str,
        own: u32,
        mut time: DateTime<Utc>,
        spacing: chrono::Duration,
    ) -> DateTime<Utc> {
        let Some(&user) = self.user_codes.get(user_id) else {
            return time;
        };
        for entry in &self.per_user[user as usize].scheduled_time {
            let Some(other) = entry.key else { continue };
            if entry.slot == own
                || group_in(&self.slots, entry.slot).status != PostStatus::Scheduled
            {
                continue;
            }
            if (other - time).abs() < spacing {
                time = other + spacing;
            }
        }
        time
    }

    /// One page of list-posts for `user_id` (§3.1): filters, orders by the chosen field with
    /// `postGroupId` as tie-breaker (so pages never overlap or skip), then slices the page. Groups
    /// without `scheduledTime` sort before all others in ascending order (MongoDB's null order).
    /// `totalPages = ceil(totalItems / limit)`, 0 when nothing matches; a page beyond the end is
    /// empty with `hasNextPage: false` and `hasPrevPage: true` [INF].
    ///
    /// Cost: the user's index for the sort field is already in order. `from`/`to` narrow it by
    /// binary search when sorting by `scheduledTime`; with no other filter the page is a slice
    /// (O(`limit`)); otherwise one pass over the user's index entries counts the matches and
    /// keeps the page's. Only the page's groups are turned into [`PostSummary`] values.
    pub fn list(&self, user_id: &str, query: &ListQuery) -> ListPage {
        let skip =
            usize::try_from((query.page - 1).saturating_mul(query.limit)).unwrap_or(usize::MAX);
        let limit = usize::try_from(query.limit).unwrap_or(usize::MAX);
        let (total, slots) = self.page_slots(user_id, query, skip, limit);
        let total_items = total as u64;
        let total_pages = total_items.div_ceil(query.limit);
        let posts = slots
            .into_iter()
            .map(|slot| self.summary(self.row(slot)))
            .collect();
        ListPage {
            posts,
            pagination: Pagination {
                page: query.page,
                limit: query.limit,
                total_items,
                total_pages,
                has_next_page: query.page < total_pages,
                has_prev_page: query.page > 1,
            },
        }
    }

    /// The number of groups matching `query` for `user_id`, and the slots of the `limit` of them
    /// that follow the first `skip`, in the requested order.
    fn page_slots(
        &self,
        user_id: &str,
        query: &ListQuery,
        skip: usize,
        limit: usize,
    ) -> (usize, Vec<u32>) {
        let none = (0, Vec::new());
        let Some(&user) = self.user_codes.get(user_id) else {
            return none;
        };
        let status = match &query.status {
            None => None,
            Some(wanted) => match self.statuses.iter().position(|known| known == wanted) {
                Some(code) => Some(u32::try_from(code).expect("few statuses")),
                None => return none,
            },
        };
        let mut entries: &[IndexEntry] = self.per_user[user as usize].field(query.sort_by);
        let time_bounded = query.from.is_some() || query.to.is_some();
        let mut time_filter = time_bounded;
        if time_bounded && query.sort_by == SortField::ScheduledTime {
            // The index is ordered by scheduled time: the bounds are a sub-slice.
            let low = entries.partition_point(|entry| match (entry.key, query.from) {
                (None, _) => true,
                (Some(time), Some(from)) => time < from,
                (Some(_), None) => false,
            });
            let high = match query.to {
                Some(to) => entries.partition_point(|entry| entry.key.is_none_or(|t| t <= to)),
                None => entries.len(),
            };
            entries = &entries[low..high.max(low)];
            time_filter = false;
        }
        let ascending = query.sort_order == SortOrder::Asc;
        if status.is_none() && !time_filter && query.platform.is_none() {
            let page: Vec<u32> = if ascending {
                entries
                    .iter()
                    .skip(skip)
                    .take(limit)
                    .map(|e| e.slot)
                    .collect()
            } else {
                entries
                    .iter()
                    .rev()
                    .skip(skip)
                    .take(limit)
                    .map(|e| e.slot)
                    .collect()
            };
            return (entries.len(), page);
        }
        let matches = |entry: &IndexEntry| {
            if status.is_some_and(|code| entry.status != code) {
                return false;
            }
            if !time_filter && query.platform.is_none() {
                return true;
            }
            let row = self.row(entry.slot);
            if time_filter
                && !row.group.scheduled_time.is_some_and(|time| {
                    query.from.is_none_or(|from| time >= from)
                        && query.to.is_none_or(|to| time <= to)
                })
            {
                return false;
            }
            query.platform.as_deref().is_none_or(|value| {
                row.platform_posts
                    .iter()
                    .any(|post| platform_prefix_matches(&post.platform_id, value))
            })
        };
        let mut total = 0usize;
        let mut page = Vec::with_capacity(limit.min(entries.len()));
        let end = skip.saturating_add(limit);
        let mut visit = |entry: &IndexEntry| {
            if matches(entry) {
                if total >= skip && total < end {
                    page.push(entry.slot);
                }
                total += 1;
            }
        };
        if ascending {
            entries.iter().for_each(&mut visit);
        } else {
            entries.iter().rev().for_each(&mut visit);
        }
        (total, page)
    }

    /// The list-posts form of a group: compound platform ids, `mediaUrls` always present.
    fn summary(&self, row: &Slot) -> PostSummary {
        let group = &row.group;
        let platforms = row
            .platform_posts
            .iter()
            .map(|post| PlatformRef {
                platform_id: post.platform_id.clone(),
                platform: post.platform.clone(),
                status: post.status.clone(),
            })
            .collect();
        let media_urls = row.media.iter().map(|record| record.url.clone()).collect();
        PostSummary {
            post_group_id: group.id.clone(),
            content: Some(group.content.clone()),
            status: group.status.clone(),
            scheduled_time: group.scheduled_time.map(Timestamp::from_instant),
            created_at: Some(Timestamp::from_instant(group.created_at)),
            updated_at: Some(Timestamp::from_instant(group.updated_at)),
            platforms,
            media_urls,
        }
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

    /// list-posts over many ties: paging, sorting and filtering.
    mod list_tests {
        use super::super::*;
        use crate::api::model::parse_instant;

        const USER: &str = "aaaaaaaaaaaaaaaaaaaaaaaa";

        /// 250 groups whose times repeat every 7 (many ties), some without a scheduled time.
        fn store_with_ties() -> Store {
            let base = parse_instant("2026-11-01T00:00:00Z").expect("time");
            let mut store = Store::new();
            for n in 0..250u32 {
                let at = base + chrono::Duration::hours(i64::from(n % 7));
                store.insert(
                    GroupRecord {
                        id: PostGroupId::new_unchecked(format!("{:024x}", (n * 7919) % 1000)),
                        user_id: USER.into(),
                        content: format!("post {n}"),
                        status: PostStatus::Scheduled,
                        scheduled_time: (n % 5 != 0).then_some(at),
                        created_at: at,
                        updated_at: at,
                    },
                    Vec::new(),
                    Vec::new(),
                );
            }
            store
        }

        #[test]
        fn pages_follow_the_full_order_with_id_tie_break() {
            let store = store_with_ties();
            for (sort_by, sort_order) in [
                (SortField::CreatedAt, SortOrder::Desc),
                (SortField::ScheduledTime, SortOrder::Asc),
                (SortField::UpdatedAt, SortOrder::Asc),
            ] {
                let mut expected: Vec<&GroupRecord> =
                    store.slots.iter().flatten().map(|row| &row.group).collect();
                let key = |g: &GroupRecord| match sort_by {
                    SortField::CreatedAt => Some(g.created_at),
                    SortField::UpdatedAt => Some(g.updated_at),
                    SortField::ScheduledTime => g.scheduled_time,
                };
                expected.sort_by(|a, b| (key(a), &a.id).cmp(&(key(b), &b.id)));
                if sort_order == SortOrder::Desc {
                    expected.reverse();
                }
                let expected: Vec<String> = expected.iter().map(|g| g.id.to_string()).collect();
                for limit in [1u64, 7, 20, 100] {
                    let mut seen = Vec::new();
                    for page in 1..=(250u64.div_ceil(limit) + 1) {
                        let query = ListQuery {
                            page,
                            limit,
                            sort_by,
                            sort_order,
                            ..ListQuery::default()
                        };
                        let result = store.list(USER, &query);
                        seen.extend(result.posts.iter().map(|p| p.post_group_id.to_string()));
                    }
                    assert_eq!(seen, expected, "{sort_by:?} {sort_order:?} limit {limit}");
                }
            }
        }

        /// The list-posts order and filters computed the slow, obvious way over every stored group.
        fn reference(store: &Store, user_id: &str, query: &ListQuery) -> (u64, Vec<String>) {
            let mut matches: Vec<&Slot> = store
                .slots
                .iter()
                .flatten()
                .filter(|row| row.group.user_id == user_id)
                .filter(|row| query.status.as_ref().is_none_or(|s| &row.group.status == s))
                .filter(|row| {
                    (query.from.is_none() && query.to.is_none())
                        || row.group.scheduled_time.is_some_and(|time| {
                            query.from.is_none_or(|from| time >= from)
                                && query.to.is_none_or(|to| time <= to)
                        })
                })
                .filter(|row| {
                    query.platform.as_deref().is_none_or(|value| {
                        row.platform_posts
                            .iter()
                            .any(|post| platform_prefix_matches(&post.platform_id, value))
                    })
                })
                .collect();
            matches.sort_by(|a, b| {
                let key = |row: &Slot| sort_key(&row.group, query.sort_by);
                (key(a), &a.group.id).cmp(&(key(b), &b.group.id))
            });
            if query.sort_order == SortOrder::Desc {
                matches.reverse();
            }
            let skip = usize::try_from((query.page - 1) * query.limit).expect("small");
            let page = matches
                .iter()
                .skip(skip)
                .take(usize::try_from(query.limit).expect("small"))
                .map(|row| row.group.id.to_string())
                .collect();
            (matches.len() as u64, page)
        }

        /// Random inserts (some replacing), updates and removes over two users, each followed by
        /// random queries: the indexed list must agree with the brute-force reference every time.
        #[test]
        fn indexed_list_matches_a_full_scan_through_changes() {
            const OTHER: &str = "bbbbbbbbbbbbbbbbbbbbbbbb";
            let base = parse_instant("2026-11-01T00:00:00Z").expect("time");
            let at = |n: u64| base + chrono::Duration::minutes(i64::try_from(n).expect("small"));
            let statuses = [
                PostStatus::Draft,
                PostStatus::Scheduled,
                PostStatus::Published,
                PostStatus::Failed,
            ];
            let platforms = ["twitter-1", "linkedin-2", "telegram--3"];
            let mut rng = fastrand::Rng::with_seed(7);
            let mut store = Store::new();
            let insert = |store: &mut Store, rng: &mut fastrand::Rng| {
                let user = if rng.u8(..4) == 0 { OTHER } else { USER };
                let status = statuses[rng.usize(..statuses.len())].clone();
                let platform_posts = (0..rng.usize(0..3))
                    .map(|_| {
                        let platform_id = platforms[rng.usize(..platforms.len())].to_string();
                        PlatformPostRecord {
                            id: store.next_object_id(),
                            platform: platform_of(&platform_id),
                            platform_id,
                            content: String::new(),
                            status: PlatformStatus::Draft,
                            posted_id: None,
                            error: None,
                        }
                    })
                    .collect();
                store.insert(
                    GroupRecord {
                        id: PostGroupId::new_unchecked(format!("{:024x}", rng.u64(..400))),
                        user_id: user.into(),
                        content: String::new(),
                        status,
                        scheduled_time: (rng.u8(..4) != 0).then(|| at(rng.u64(..50))),
                        created_at: at(rng.u64(..50)),
                        updated_at: at(rng.u64(..50)),
                    },
                    platform_posts,
                    Vec::new(),
                );
            };
            store.bulk_insert(|store| {
                for _ in 0..150 {
                    insert(store, &mut rng);
                }
            });
            for step in 0..600 {
                match rng.u8(..4) {
                    0 => insert(&mut store, &mut rng),
                    1 => {
                        let ids = store.ids();
                        if !ids.is_empty() {
                            let id = &ids[rng.usize(..ids.len())];
                            let owner = store.by_id[id];
                            let owner = group_in(&store.slots, owner).user_id.clone();
                            assert!(store.remove(&owner, id).is_some());
                        }
                    }
                    _ => {
                        let ids = store.ids();
                        if !ids.is_empty() {
                            let id = &ids[rng.usize(..ids.len())];
                            let status =
                                [None, Some(PostStatus::Draft), Some(PostStatus::Scheduled)]
                                    [rng.usize(..3)]
                                .clone();
                            let time = rng.bool().then(|| at(rng.u64(..50)));
                            let rules = UpdateRules {
                                horizon_days: None,
                                min_spacing: Some(chrono::Duration::minutes(5)),
                            };
                            let request = UpdatePostRequest {
                                status,
                                scheduled_time: time,
                            };
                            let _ = store.update(USER, id, request, at(rng.u64(..60)), &rules);
                        }
                    }
                }
                for _ in 0..4 {
                    let from = rng.bool().then(|| at(rng.u64(..50)));
                    let query = ListQuery {
                        page: rng.u64(1..5),
                        limit: rng.u64(1..40),
                        status: rng
                            .bool()
                            .then(|| statuses[rng.usize(..statuses.len())].clone()),
                        platform: (rng.u8(..4) == 0).then(|| {
                            ["twitter", "TELEGRAM", "linkedin-2", "x"][rng.usize(..4)].into()
                        }),
                        sort_by: SORT_FIELDS[rng.usize(..3)],
                        sort_order: if rng.bool() {
                            SortOrder::Asc
                        } else {
                            SortOrder::Desc
                        },
                        from,
                        to: rng.bool().then(|| at(rng.u64(..50))),
                    };
                    let user = if rng.u8(..4) == 0 { OTHER } else { USER };
                    let page = store.list(user, &query);
                    let ids: Vec<String> = page
                        .posts
                        .iter()
                        .map(|post| post.post_group_id.to_string())
                        .collect();
                    let (total, expected) = reference(&store, user, &query);
                    assert_eq!(
                        (page.pagination.total_items, ids),
                        (total, expected),
                        "step {step}: {query:?}"
                    );
                }
            }
            assert_eq!(store.len(), store.ids().len());
        }

        #[test]
        fn other_users_posts_are_invisible() {
            let store = store_with_ties();
            let page = store.list("bbbbbbbbbbbbbbbbbbbbbbbb", &ListQuery::default());
            assert_eq!(page.pagination.total_items, 0);
            let id = store.ids()[0].clone();
            assert!(store.detail("bbbbbbbbbbbbbbbbbbbbbbbb", &id).is_none());
            assert!(store.detail(USER, &id).is_some());
        }
    }
}
