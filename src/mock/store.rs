//! The mock's in-memory database: post groups, their platform posts and their media records,
//! kept in three tables like the real server's collections (POSTPOST_API.md §3, §10).
//!
//! Data flow: the route handlers (`mock::routes`) lock the one `Mutex<Store>` held by
//! [`super::MockState`], call a single method here, and release the lock before any `.await`.
//! Every method is synchronous, so each HTTP request is one atomic step on the store; delete-post in
//! particular removes a group, its platform posts and its media records in one step (§10).
//! Ownership is enforced here: every lookup takes the acting user's id, and a group owned by
//! someone else behaves exactly like a missing one (§3.2, §3.5: 404, never 403).

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use crate::api::model::{
    Pagination, Platform, PlatformError, PlatformPost, PlatformRef, PlatformStatus, PostDetail,
    PostGroupId, PostStatus, PostSummary, SortField, SortOrder, Timestamp,
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
    /// Creation instant.
    pub created_at: DateTime<Utc>,
    /// Last change.
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
    /// Sort field.
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
}

/// The three tables of the mock. Not thread-safe on its own: [`super::MockState`] wraps it in one
/// `std::sync::Mutex`.
#[derive(Debug, Default)]
pub struct Store {
    groups: HashMap<PostGroupId, GroupRecord>,
    platform_posts: HashMap<PostGroupId, Vec<PlatformPostRecord>>,
    media: HashMap<PostGroupId, Vec<MediaRecord>>,
    /// Counter behind [`Store::next_object_id`].
    next_object: u64,
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
    let name = compound.split('-').next().unwrap_or_default();
    Platform::from_wire(&name.to_ascii_lowercase())
}

impl Store {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    /// Number of post groups (all users).
    pub fn len(&self) -> usize {
        self.groups.len()
    }

    /// True when no group is stored.
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    /// A fresh 24-hex ObjectId for a platform post or media record (prefix `b0`, then a counter).
    pub fn next_object_id(&mut self) -> String {
        self.next_object += 1;
        format!("b0{:022x}", self.next_object)
    }

    /// Stores a group with its platform posts and media URLs (one media record per URL).
    /// Replaces any group with the same id.
    pub fn insert(
        &mut self,
        group: GroupRecord,
        platform_posts: Vec<PlatformPostRecord>,
        media_urls: Vec<String>,
    ) {
        let id = group.id.clone();
        let media = media_urls
            .into_iter()
            .map(|url| MediaRecord {
                id: self.next_object_id(),
                url,
            })
            .collect();
        self.groups.insert(id.clone(), group);
        self.platform_posts.insert(id.clone(), platform_posts);
        self.media.insert(id, media);
    }

    /// True when a group with this id exists (any user).
    pub fn contains(&self, id: &PostGroupId) -> bool {
        self.groups.contains_key(id)
    }

    /// Every stored group id (all users), sorted for a stable order.
    pub fn ids(&self) -> Vec<PostGroupId> {
        let mut ids: Vec<PostGroupId> = self.groups.keys().cloned().collect();
        ids.sort_unstable();
        ids
    }

    /// The group `id` when it exists and belongs to `user_id`.
    pub fn group_of(&self, user_id: &str, id: &PostGroupId) -> Option<&GroupRecord> {
        self.groups.get(id).filter(|group| group.user_id == user_id)
    }

    /// The get-post body (§3.2) for a group of `user_id`; `None` when unknown or foreign (→ 404).
    /// Platform ids come out **raw**; `postedId` only for published posts, `error` only for
    /// failed ones.
    pub fn detail(&self, user_id: &str, id: &PostGroupId) -> Option<PostDetail> {
        let group = self.group_of(user_id, id)?;
        let posts = self
            .platform_posts
            .get(id)
            .map(Vec::as_slice)
            .unwrap_or_default()
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
            post_group_id: group.id.clone(),
            posts,
        })
    }

    /// Removes a group of `user_id` with all its platform posts and media records, in one step
    /// (§3.5, §10). Returns the removed media URLs (for the best-effort object deletion that
    /// follows the commit), or `None` when the group is unknown or foreign (→ 404).
    pub fn remove(&mut self, user_id: &str, id: &PostGroupId) -> Option<Vec<String>> {
        self.group_of(user_id, id)?;
        self.groups.remove(id);
        self.platform_posts.remove(id);
        let media = self.media.remove(id).unwrap_or_default();
        Some(media.into_iter().map(|record| record.url).collect())
    }

    /// Applies update-post (§3.4) to a group of `user_id`, after the route checked the body:
    /// `status` (draft or scheduled) replaces the group status when given, `scheduled_time`
    /// (already moved to `now` when in the past) replaces the stored time when given; a
    /// resulting `scheduled` group without any time gets `now`; moving to draft keeps the stored
    /// time. Every platform post of the group takes the new status; `updatedAt` becomes `now`.
    /// Returns the updated group.
    ///
    /// # Errors
    /// [`UpdateRefusal::NotFound`] for an unknown or foreign group (→ 404);
    /// [`UpdateRefusal::NotUpdatable`] when the group is neither draft nor scheduled (→ 400).
    pub fn update(
        &mut self,
        user_id: &str,
        id: &PostGroupId,
        status: Option<PostStatus>,
        scheduled_time: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> Result<GroupRecord, UpdateRefusal> {
        let group = self
            .groups
            .get_mut(id)
            .filter(|group| group.user_id == user_id)
            .ok_or(UpdateRefusal::NotFound)?;
        if !matches!(group.status, PostStatus::Draft | PostStatus::Scheduled) {
            return Err(UpdateRefusal::NotUpdatable(group.status.clone()));
        }
        let status = status.unwrap_or_else(|| group.status.clone());
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
        group.status = status;
        group.updated_at = now;
        for post in self.platform_posts.get_mut(id).into_iter().flatten() {
            post.status = platform_status.clone();
        }
        Ok(group.clone())
    }

    /// One page of list-posts for `user_id` (§3.1): filters, then orders by the chosen field with
    /// `postGroupId` as tie-breaker (so pages never overlap or skip), then slices the page; cost is
    /// linear in the number of stored groups plus `limit · log limit`. Groups
    /// without `scheduledTime` sort before all others in ascending order (MongoDB's null order).
    /// `totalPages = ceil(totalItems / limit)`, 0 when nothing matches; a page beyond the end is
    /// empty with `hasNextPage: false` and `hasPrevPage: true` [INF].
    pub fn list(&self, user_id: &str, query: &ListQuery) -> ListPage {
        let no_posts: &[PlatformPostRecord] = &[];
        let mut matches: Vec<&GroupRecord> = self
            .groups
            .values()
            .filter(|group| group.user_id == user_id)
            .filter(|group| query.status.as_ref().is_none_or(|s| &group.status == s))
            .filter(|group| {
                if query.from.is_none() && query.to.is_none() {
                    return true;
                }
                group.scheduled_time.is_some_and(|time| {
                    query.from.is_none_or(|from| time >= from)
                        && query.to.is_none_or(|to| time <= to)
                })
            })
            .filter(|group| {
                query.platform.as_deref().is_none_or(|value| {
                    self.platform_posts
                        .get(&group.id)
                        .map_or(no_posts, Vec::as_slice)
                        .iter()
                        .any(|post| platform_prefix_matches(&post.platform_id, value))
                })
            })
            .collect();

        let key = |group: &GroupRecord| match query.sort_by {
            SortField::CreatedAt => Some(group.created_at),
            SortField::UpdatedAt => Some(group.updated_at),
            SortField::ScheduledTime => group.scheduled_time,
        };
        let order = |a: &&GroupRecord, b: &&GroupRecord| {
            let ascending = key(a).cmp(&key(b)).then_with(|| a.id.cmp(&b.id));
            match query.sort_order {
                SortOrder::Asc => ascending,
                SortOrder::Desc => ascending.reverse(),
            }
        };

        let total_items = matches.len() as u64;
        let total_pages = total_items.div_ceil(query.limit);
        let skip =
            usize::try_from((query.page - 1).saturating_mul(query.limit)).unwrap_or(usize::MAX);
        let limit = usize::try_from(query.limit).unwrap_or(usize::MAX);
        // Only the requested page is fully sorted: two linear selections find its members (the
        // order is total thanks to the id tie-break), then at most `limit` items are sorted.
        let page: &mut [&GroupRecord] = if skip >= matches.len() {
            &mut []
        } else {
            if skip > 0 {
                matches.select_nth_unstable_by(skip, order);
            }
            let rest = &mut matches[skip..];
            if rest.len() > limit {
                rest.select_nth_unstable_by(limit, order);
            }
            let end = limit.min(rest.len());
            &mut rest[..end]
        };
        page.sort_unstable_by(order);
        let posts = page.iter().map(|group| self.summary(group)).collect();
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

    /// The list-posts form of a group: compound platform ids, `mediaUrls` always present.
    fn summary(&self, group: &GroupRecord) -> PostSummary {
        let platforms = self
            .platform_posts
            .get(&group.id)
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .map(|post| PlatformRef {
                platform_id: post.platform_id.clone(),
                platform: post.platform.clone(),
                status: post.status.clone(),
            })
            .collect();
        let media_urls = self
            .media
            .get(&group.id)
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .map(|record| record.url.clone())
            .collect();
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
}

#[cfg(test)]
mod list_tests {
    use super::*;
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
            let mut expected: Vec<&GroupRecord> = store.groups.values().collect();
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
