//! list-posts on the store (POSTPOST_API.md §3.1): the validated query, one page of post
//! groups walked from the acting user's sorted index, and their wire form.

use chrono::{DateTime, Utc};

use super::{IndexEntry, Slot, Store, platform_prefix_matches};
use crate::api::model::{
    Pagination, PlatformRef, PostStatus, PostSummary, SortField, SortOrder, Timestamp,
};

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

impl Store {
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
            content: Some(group.content.as_str().into()),
            status: group.status.clone(),
            scheduled_time: group.scheduled_time.map(Timestamp::from_instant),
            created_at: Some(Timestamp::from_instant(group.created_at)),
            updated_at: Some(Timestamp::from_instant(group.updated_at)),
            platforms,
            media_urls,
        }
    }
}

/// list-posts over many ties: paging, sorting and filtering.
#[cfg(test)]
mod tests {
    use super::super::*;
    use super::*;
    use crate::api::model::{UpdatePostRequest, parse_instant};

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
                        let status = [None, Some(PostStatus::Draft), Some(PostStatus::Scheduled)]
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
                    platform: (rng.u8(..4) == 0)
                        .then(|| ["twitter", "TELEGRAM", "linkedin-2", "x"][rng.usize(..4)].into()),
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
