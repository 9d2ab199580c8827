//! list-posts (POSTPOST_API.md §3.1, §3.1.1): the post summaries, the pagination object, the
//! success body as the mock writes it, and the page as the client reads it.

use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize};

use super::lenient::{LenientArray, lenient_array, lenient_vec, null_as_default};
use super::{Platform, PlatformStatus, PostGroupId, PostStatus, Timestamp};

/// One target of a post group in list-posts: `posts[].platforms[]` (§3.1).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PlatformRef {
    /// Compound connected-account id, `<platform>-<rawId>` (§1.2).
    #[serde(default, deserialize_with = "null_as_default")]
    pub platform_id: String,
    pub platform: Platform,
    /// Per-platform status (§2.2).
    pub status: PlatformStatus,
}

/// A post group as list-posts returns it: `posts[]` (POSTPOST_API.md §3.1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PostSummary {
    /// 24-hex ObjectId; the only field a post cannot be read without.
    pub post_group_id: PostGroupId,
    /// Text of the post; `None` when the server sent `null` or nothing. Boxed, as a loaded
    /// post never grows it (8 bytes fewer a post than a `String`).
    #[serde(default)]
    pub content: Option<Box<str>>,
    /// Group status (§2.1).
    pub status: PostStatus,
    /// Absent or null for drafts without a time (§3.1, [INF]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scheduled_time: Option<Timestamp>,
    #[serde(default)]
    pub created_at: Option<Timestamp>,
    #[serde(default)]
    pub updated_at: Option<Timestamp>,
    /// Targets of the group with their statuses.
    #[serde(default)]
    pub platforms: Targets,
    /// Media file URLs; `[]` when none.
    #[serde(default, deserialize_with = "lenient_boxed")]
    pub media_urls: Box<[String]>,
}

/// [`lenient_vec`] as a boxed slice.
fn lenient_boxed<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Box<[String]>, D::Error> {
    lenient_vec(deserializer).map(Vec::into_boxed_slice)
}

/// The targets of a post group (`posts[].platforms`, §3.1), read leniently (an unreadable entry
/// is dropped) and shared: an account has few connections, so a million posts hold a few
/// thousand distinct lists, and the TUI keeps one copy of each (`PostList` interns them).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Targets(Arc<[PlatformRef]>);

impl std::ops::Deref for Targets {
    type Target = [PlatformRef];
    fn deref(&self) -> &[PlatformRef] {
        &self.0
    }
}

impl<'a> IntoIterator for &'a Targets {
    type Item = &'a PlatformRef;
    type IntoIter = std::slice::Iter<'a, PlatformRef>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl From<Vec<PlatformRef>> for Targets {
    fn from(targets: Vec<PlatformRef>) -> Self {
        Self(targets.into())
    }
}

impl FromIterator<PlatformRef> for Targets {
    fn from_iter<I: IntoIterator<Item = PlatformRef>>(targets: I) -> Self {
        Self(targets.into_iter().collect())
    }
}

impl Serialize for Targets {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Targets {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        lenient_vec(deserializer).map(Self::from)
    }
}

/// The six-field pagination object of list-posts (POSTPOST_API.md §3.1.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Pagination {
    /// Current page, 1-based, after clamping.
    #[serde(default, deserialize_with = "null_as_default")]
    pub page: u64,
    /// Page size after clamping (1..=100).
    #[serde(default, deserialize_with = "null_as_default")]
    pub limit: u64,
    /// Posts matching the filters.
    #[serde(default, deserialize_with = "null_as_default")]
    pub total_items: u64,
    /// `ceil(totalItems / limit)`.
    #[serde(default, deserialize_with = "null_as_default")]
    pub total_pages: u64,
    /// A later page exists.
    #[serde(default, deserialize_with = "null_as_default")]
    pub has_next_page: bool,
    /// An earlier page exists.
    #[serde(default, deserialize_with = "null_as_default")]
    pub has_prev_page: bool,
}

/// The whole list-posts success body (POSTPOST_API.md §3.1), as the mock writes it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListPostsResponse {
    /// Always `true` on success.
    pub success: bool,
    pub posts: Vec<PostSummary>,
    pub pagination: Pagination,
}

/// A list-posts body whose every entry reads: the fast path of [`ListPostsPage::from_json`].
#[derive(Deserialize)]
struct WholePage {
    posts: Vec<PostSummary>,
    #[serde(default)]
    pagination: Option<serde_json::Value>,
}

/// One page of list-posts as the client reads it: posts that parsed, plus how many did not.
#[derive(Debug, Clone, PartialEq)]
pub struct ListPostsPage {
    /// Posts that parsed.
    pub posts: Vec<PostSummary>,
    /// Entries of `posts[]` that could not be read (e.g. no `postGroupId`); they are skipped.
    pub skipped: usize,
    /// `postGroupId`s that are not 24 hex characters (§1.2), as sent: their entries are left
    /// out of `posts`, so nothing can show or act on them; the caller decides whether the
    /// whole answer is refused.
    pub invalid_ids: Vec<String>,
    /// The pagination object; absent or unreadable pagination reads as zeros.
    pub pagination: Pagination,
}

impl ListPostsPage {
    /// Reads a list-posts body, post by post, so one unreadable entry cannot fail the page.
    ///
    /// # Errors
    /// A message when the body is not a JSON object with a `posts` array.
    pub fn from_json(body: &[u8]) -> Result<Self, String> {
        // The common case first: every entry reads, straight from the bytes (a million posts
        // are ten thousand pages; building each page as a JSON tree first doubles the cost).
        // Anything odd takes the entry-by-entry path below.
        let (mut posts, skipped, pagination) = match serde_json::from_slice::<WholePage>(body) {
            Ok(page) => (page.posts, 0, page.pagination),
            Err(_) => {
                let LenientArray {
                    items,
                    skipped,
                    object,
                } = lenient_array::<PostSummary>(body, "posts")?;
                (items, skipped, object.get("pagination").cloned())
            }
        };
        let mut invalid_ids = Vec::new();
        posts.retain(|post| {
            let valid = post.post_group_id.is_well_formed();
            if !valid {
                invalid_ids.push(post.post_group_id.as_str().to_owned());
            }
            valid
        });
        let pagination = pagination
            .and_then(|p| Pagination::deserialize(p).ok())
            .unwrap_or_default();
        Ok(Self {
            posts,
            skipped,
            invalid_ids,
            pagination,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::model::parse_instant;

    #[test]
    fn summary_tolerates_nulls_unknowns_and_bad_times() {
        let body = br#"{"posts":[
            {"postGroupId":"66b0c0ffee00000000000a01","content":null,"status":"archived",
             "scheduledTime":"not a time","createdAt":"2026-03-15T14:30:00+02:00",
             "updatedAt":"2026-03-15T14:30:00Z","platforms":null,"mediaUrls":null,"extra":1},
            {"content":"no id"},
            {"postGroupId":"66b0c0ffee00000000000a02","status":"draft",
             "platforms":[{"platformId":"foo-1","platform":"myspace","status":"queued"}, 7]}
        ],"pagination":{"page":1,"limit":20,"totalItems":3,"totalPages":1,"hasNextPage":false,"hasPrevPage":null}}"#;
        let page = ListPostsPage::from_json(body).expect("page parses");
        assert_eq!(page.posts.len(), 2);
        assert_eq!(page.skipped, 1);
        let first = &page.posts[0];
        assert_eq!(first.content, None);
        assert_eq!(first.status, PostStatus::Other("archived".into()));
        assert_eq!(first.scheduled_time.as_ref().and_then(|t| t.parsed()), None);
        assert_eq!(
            first.created_at.as_ref().and_then(|t| t.parsed()),
            parse_instant("2026-03-15T12:30:00.000Z")
        );
        assert!(first.platforms.is_empty());
        let second = &page.posts[1];
        assert_eq!(second.platforms.len(), 1);
        assert_eq!(
            second.platforms[0].platform,
            Platform::Other("myspace".into())
        );
        assert_eq!(page.pagination.total_items, 3);
    }

    #[test]
    fn from_json_explains_non_json() {
        let error = ListPostsPage::from_json(b"<html>502 Bad Gateway</html>")
            .expect_err("HTML is not a page");
        assert!(error.contains("not JSON"), "{error}");
        let error = ListPostsPage::from_json(b"[]").expect_err("an array is not a page");
        assert!(error.contains("not an object"), "{error}");
    }
}
