//! Demo data for the mock: the embedded hand-written seed file `assets/seed_posts.json` and a
//! deterministic generator for any number of extra posts.
//!
//! Data flow: [`super::MockState::new`] creates an empty [`Store`], then calls [`load_seed`] (when
//! `MockConfig::include_seed`) and [`generate`] (for `MockConfig::generated_posts`). Nothing here
//! runs after start-up.
//!
//! # Seed file format (`assets/seed_posts.json`)
//!
//! ```json
//! { "about": "free text, ignored",
//!   "posts": [
//!     { "postGroupId": "24 hex", "user": "owner" | "managed" | "managed2", // default "owner"
//!       "content": "text", "status": "draft|scheduled|published|failed|partially_published",
//!       "scheduledTime": "ISO 8601",                            // optional (drafts)
//!       "createdAt": "ISO 8601", "updatedAt": "ISO 8601",
//!       "platforms": [ { "platformId": "<platform>-<rawId>",    // compound (§1.2)
//!                        "status": "draft|scheduled|pending|processing|published|failed",
//!                        "postedId": "…",                       // optional, published only
//!                        "error": { §2.3 error object } } ],    // optional, failed only
//!       "media": ["https://…"] } ] }                            // optional media object URLs
//! ```
//!
//! `"user": "managed"` assigns the post to the first of `MockConfig::managed_user_ids`,
//! `"managed2"` to the second (each falls back to the previous one, then to the owner, when the
//! config names fewer users). Each platform post's network is the compound id's prefix and its
//! content is the group's content.

use chrono::{DateTime, Duration, Utc};
use serde::Deserialize;

use super::store::{GroupRecord, PlatformPostRecord, Store, platform_of};
use crate::api::model::{
    PlatformError, PlatformStatus, PostGroupId, PostStatus, Timestamp, is_object_id, parse_instant,
};

/// The embedded seed file (about 60 posts of a small coffee roaster's social calendar).
pub const SEED_JSON: &str = include_str!("../../assets/seed_posts.json");

/// The generator's idea of "now": 2026-11-29T12:00:00Z, fixed so that generated data does not
/// depend on the clock.
pub const GENERATOR_NOW: &str = "2026-11-29T12:00:00.000Z";

/// Why the seed file could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    /// The text is not JSON of the documented shape.
    #[error("seed file is not valid: {0}")]
    Json(#[from] serde_json::Error),
    /// A connection of `assets/seed_connections.json` breaks a rule of its format.
    #[error("seed connection {platform_id}: {reason}")]
    InvalidConnection {
        /// The connection's `platformId` as written.
        platform_id: String,
        /// What is wrong.
        reason: String,
    },
    /// A post breaks a rule of the format (bad id, unknown status, unparseable time…).
    #[error("seed post {post}: {reason}")]
    Invalid {
        /// The post's `postGroupId` as written.
        post: String,
        /// What is wrong.
        reason: String,
    },
}

/// The whole seed file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedFile {
    /// Free text describing the file; ignored.
    #[serde(default)]
    pub about: Option<String>,
    pub posts: Vec<SeedPost>,
}

/// Who owns a seed post.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SeedUser {
    /// The key owner (default).
    #[default]
    Owner,
    /// The first managed user.
    Managed,
    /// The second managed user.
    Managed2,
}

/// One post group of the seed file.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SeedPost {
    /// 24-hex id.
    pub post_group_id: String,
    /// Owner of the post.
    #[serde(default)]
    pub user: SeedUser,
    /// The post's text, shared by every platform it targets.
    pub content: String,
    /// Group status (§2.1).
    pub status: PostStatus,
    /// ISO 8601; absent for unscheduled drafts.
    #[serde(default)]
    pub scheduled_time: Option<String>,
    /// ISO 8601.
    pub created_at: String,
    /// ISO 8601.
    pub updated_at: String,
    /// One entry per platform the post targets, with its own status.
    pub platforms: Vec<SeedPlatform>,
    /// Media object URLs.
    #[serde(default)]
    pub media: Vec<String>,
}

/// One target of a seed post.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SeedPlatform {
    /// Compound id `<platform>-<rawId>`.
    pub platform_id: String,
    /// Per-platform status (§2.2).
    pub status: PlatformStatus,
    /// Network id of the published post.
    #[serde(default)]
    pub posted_id: Option<String>,
    /// §2.3 error object.
    #[serde(default)]
    pub error: Option<PlatformError>,
}

/// The workspace records (POSTPOST_API.md §8) of the managed users `ids`, in order: the first
/// is the Kyoto pop-up's account (a connections page URL set), the second a bookshop whose
/// `displayName` holds hostile text (an escape sequence, a bidi override, a tab and a newline,
/// so the TUI's sanitizing is exercised) and no connections page; any further ids get plain
/// generated records. `dailyPostsLeft` is stored, not enforced (§8).
pub fn managed_users(ids: &[String]) -> Vec<crate::api::model::ManagedUser> {
    use crate::api::model::ManagedUser;
    let record = |id: &str, username: &str, display_name: &str, left: i64| ManagedUser {
        id: id.to_string(),
        username: username.to_string(),
        display_name: Some(display_name.to_string()),
        role: "managed".to_string(),
        daily_posts_left: Some(left),
        connections_page_url: None,
        connections_page_token_expires_at: None,
    };
    ids.iter()
        .enumerate()
        .map(|(n, id)| match n {
            0 => ManagedUser {
                connections_page_url: Some(
                    "https://app.postpost.dev/connect/6f1d2c3b4a5968778695a4b3c2d1e0f1".to_string(),
                ),
                connections_page_token_expires_at: Some(Timestamp::from_raw(
                    "2027-02-27T12:00:00.000Z",
                )),
                ..record(id, "kyoto@northbeam.example", "Northbeam Kyoto", 100)
            },
            1 => record(
                id,
                "hello@harborbooks.example",
                "Harbor \u{1b}[31mBooks\u{202e}kcah\u{202c}\t\nLtd",
                37,
            ),
            n => record(
                id,
                &format!("user{n}@workspace.example"),
                &format!("Managed user {n}"),
                100,
            ),
        })
        .collect()
}

/// Parses seed text (see the module docs for the format).
///
/// # Errors
/// [`SeedError::Json`] when the text does not have the documented shape.
pub fn parse_seed(text: &str) -> Result<SeedFile, SeedError> {
    Ok(serde_json::from_str(text)?)
}

fn instant(post: &str, field: &str, text: &str) -> Result<DateTime<Utc>, SeedError> {
    parse_instant(text).ok_or_else(|| SeedError::Invalid {
        post: post.to_string(),
        reason: format!("{field} {text:?} is not an ISO 8601 instant"),
    })
}

/// Loads the embedded seed file into `store`; `managed[0]` owns the posts marked `"managed"`,
/// `managed[1]` those marked `"managed2"` (see the module docs for the fallbacks). Returns how
/// many posts were stored.
///
/// # Errors
/// [`SeedError`] when the file is malformed: not the documented shape, an id that is not 24 hex,
/// an unknown status or platform, a time that does not parse, or a duplicate id.
pub fn load_seed(store: &mut Store, owner: &str, managed: &[String]) -> Result<usize, SeedError> {
    let file = parse_seed(SEED_JSON)?;
    let count = file.posts.len();
    store.bulk_insert(|store| store_seed(store, file, owner, managed))?;
    Ok(count)
}

/// The body of [`load_seed`], run with the store's index upkeep deferred.
fn store_seed(
    store: &mut Store,
    file: SeedFile,
    owner: &str,
    managed: &[String],
) -> Result<(), SeedError> {
    let first = managed.first().map_or(owner, String::as_str);
    let second = managed.get(1).map_or(first, String::as_str);
    for post in file.posts {
        let name = post.post_group_id.clone();
        let invalid = |reason: String| SeedError::Invalid {
            post: name.clone(),
            reason,
        };
        if !is_object_id(&post.post_group_id) {
            return Err(invalid("postGroupId is not 24 hex characters".into()));
        }
        let id = PostGroupId::new_unchecked(post.post_group_id.to_ascii_lowercase());
        if store.contains(&id) {
            return Err(invalid("duplicate postGroupId".into()));
        }
        if !post.status.is_known() {
            return Err(invalid(format!("unknown status {}", post.status)));
        }
        let scheduled_time = post
            .scheduled_time
            .as_deref()
            .map(|text| instant(&name, "scheduledTime", text))
            .transpose()?;
        let user_id = match post.user {
            SeedUser::Owner => owner,
            SeedUser::Managed => first,
            SeedUser::Managed2 => second,
        };
        let group = GroupRecord {
            id,
            user_id: user_id.to_string(),
            content: post.content.clone(),
            status: post.status,
            scheduled_time,
            created_at: instant(&name, "createdAt", &post.created_at)?,
            updated_at: instant(&name, "updatedAt", &post.updated_at)?,
        };
        let mut platform_posts = Vec::with_capacity(post.platforms.len());
        for target in post.platforms {
            let platform = platform_of(&target.platform_id);
            if !platform.is_known() || !target.status.is_known() {
                return Err(invalid(format!(
                    "unknown platform or status in {}",
                    target.platform_id
                )));
            }
            platform_posts.push(PlatformPostRecord {
                id: store.next_object_id(),
                platform_id: target.platform_id,
                platform,
                content: post.content.clone(),
                status: target.status,
                posted_id: target.posted_id,
                error: target.error,
            });
        }
        store.insert(group, platform_posts, post.media);
    }
    Ok(())
}

/// Connected accounts the generator posts to: one per network, compound ids (§1.2).
pub const GENERATED_ACCOUNTS: [&str; 11] = [
    "twitter-1402938475",
    "linkedin-Tz9W5i6ZYG",
    "instagram-17841405822304914",
    "threads-63021447719",
    "tiktok-7012345678901234567",
    "youtube-UCx9fT2aLq4sNorthbeam",
    "facebook-104857293847561",
    "bluesky-did:plc:abc123",
    "mastodon-109876543210",
    "telegram--1001234567890",
    "pinterest-987654321012345678",
];

const OPENERS: [&str; 12] = [
    "Fresh roast alert:",
    "Behind the counter today:",
    "Weekend plans?",
    "New on the shelf:",
    "Brew tip of the week:",
    "Meet the farmer:",
    "Quick reminder:",
    "Staff pick:",
    "Cupping notes:",
    "From the roastery floor:",
    "Last call:",
    "Good morning ☕",
];
const SUBJECTS: [&str; 12] = [
    "our Ethiopia Guji natural",
    "the Winter Solstice blend",
    "a washed Colombian from Huila",
    "the decaf Sumatra everyone asks about",
    "oat-milk flat whites",
    "the V60 workshop on Saturday",
    "cold brew concentrate in returnable bottles",
    "our Kenyan AA peaberry",
    "the espresso subscription",
    "a Guatemalan honey process lot",
    "the holiday gift boxes",
    "our new compostable bags",
];
const CLOSERS: [&str; 10] = [
    "Tasting notes: blueberry, jasmine, dark chocolate.",
    "Only 40 bags this week, so don't wait.",
    "Free shipping over $35 until Sunday.",
    "Come say hi at the Market Street shop.",
    "Link in bio.",
    "Tag someone who needs a coffee today.",
    "Roasted Tuesday, shipped Wednesday.",
    "Ask us anything about grind size in the replies.",
    "Thanks for supporting a small roaster! 🙏",
    "Details on our website.",
];
const TAGS: [&str; 8] = [
    "#specialtycoffee",
    "#coffeeroasters",
    "#pourover",
    "#espresso",
    "#smallbusiness",
    "#coffeelover",
    "#baristalife",
    "#shoplocal",
];

/// A §2.3 error the generator can give a failed platform post.
struct ErrorTemplate {
    code: &'static str,
    message: &'static str,
    platform_status_code: Option<i64>,
    platform_error: Option<&'static str>,
    retryable: bool,
}

/// §2.3 error objects the generator picks from.
const ERRORS: [ErrorTemplate; 6] = [
    ErrorTemplate {
        code: "PLATFORM_AUTH_EXPIRED",
        message: "Access token expired; reconnect the account",
        platform_status_code: Some(401),
        platform_error: Some("Invalid OAuth access token"),
        retryable: false,
    },
    ErrorTemplate {
        code: "RATE_LIMITED",
        message: "Too many requests to the platform",
        platform_status_code: Some(429),
        platform_error: Some("Rate limit exceeded"),
        retryable: true,
    },
    ErrorTemplate {
        code: "INVALID_CONTENT",
        message: "The platform rejected the post content",
        platform_status_code: Some(400),
        platform_error: Some("Duplicate content"),
        retryable: false,
    },
    ErrorTemplate {
        code: "PLATFORM_SERVER_ERROR",
        message: "The platform had an internal error",
        platform_status_code: Some(503),
        platform_error: Some("Service Unavailable"),
        retryable: true,
    },
    ErrorTemplate {
        code: "NETWORK_ERROR",
        message: "Connection reset while uploading",
        platform_status_code: None,
        platform_error: None,
        retryable: true,
    },
    ErrorTemplate {
        code: "TIMEOUT_ERROR",
        message: "The platform did not answer within 30 s",
        platform_status_code: None,
        platform_error: Some("ETIMEDOUT"),
        retryable: true,
    },
];

fn generated_error(rng: &mut fastrand::Rng, failed_at: DateTime<Utc>) -> PlatformError {
    let template = &ERRORS[rng.usize(..ERRORS.len())];
    PlatformError {
        code: template.code.to_string(),
        message: template.message.to_string(),
        platform_status_code: template.platform_status_code,
        platform_error: template.platform_error.map(str::to_string),
        failed_at: Some(Timestamp::from_instant(failed_at)),
        retryable: Some(template.retryable),
    }
}

/// Adds `count` deterministic posts owned by `owner` to `store`: the same `seed` always gives the
/// same posts (ids, text, statuses, platforms, times), whatever the clock says.
///
/// Ids are ObjectId-like and unique: 8 hex digits of the creation time, `9e`, then the post's
/// index in 14 hex digits. Statuses are spread roughly 15% draft, 30% scheduled, 35% published,
/// 8% failed, 12% partially published; each post targets 1–4 networks of
/// [`GENERATED_ACCOUNTS`] (at least 2 when partially published). Creation times fall in the
/// 330 days before [`GENERATOR_NOW`]; scheduled posts lie up to 90 days after it; published and
/// failed ones up to 14 days after creation but not after "now"; about 30% of drafts keep a
/// time. About 20% of posts get one media URL and 10% two.
pub fn generate(store: &mut Store, owner: &str, count: usize, seed: u64) {
    let mut rng = fastrand::Rng::with_seed(seed);
    let now = parse_instant(GENERATOR_NOW).unwrap_or_default();
    store.bulk_insert(|store| generate_into(store, owner, count, &mut rng, now));
}

/// The body of [`generate`], run with the store's index upkeep deferred.
fn generate_into(
    store: &mut Store,
    owner: &str,
    count: usize,
    rng: &mut fastrand::Rng,
    now: DateTime<Utc>,
) {
    for index in 0..count {
        let created_at = now - Duration::minutes(rng.i64(60..330 * 24 * 60));
        let roll = rng.u8(..100);
        let status = match roll {
            0..15 => PostStatus::Draft,
            15..45 => PostStatus::Scheduled,
            45..80 => PostStatus::Published,
            80..88 => PostStatus::Failed,
            _ => PostStatus::PartiallyPublished,
        };
        let min_targets = if status == PostStatus::PartiallyPublished {
            2
        } else {
            1
        };
        let wanted = rng.usize(min_targets..=4);
        let mut accounts: Vec<&str> = Vec::with_capacity(wanted);
        while accounts.len() < wanted {
            let account = GENERATED_ACCOUNTS[rng.usize(..GENERATED_ACCOUNTS.len())];
            if !accounts.contains(&account) {
                accounts.push(account);
            }
        }
        let scheduled_time = match status {
            // About 30% of drafts keep a time (moved back to draft after scheduling).
            PostStatus::Draft => {
                (rng.u8(..10) < 3).then(|| now + Duration::minutes(rng.i64(60..60 * 24 * 30)))
            }
            PostStatus::Scheduled => Some(now + Duration::minutes(rng.i64(30..90 * 24 * 60))),
            _ => Some((created_at + Duration::minutes(rng.i64(5..14 * 24 * 60))).min(now)),
        };
        let updated_at = match (&status, scheduled_time) {
            (
                PostStatus::Published | PostStatus::Failed | PostStatus::PartiallyPublished,
                Some(t),
            ) => t + Duration::seconds(rng.i64(2..90)),
            _ => created_at + Duration::minutes(rng.i64(0..120)),
        };
        let mut content = format!(
            "{} {} {}",
            OPENERS[rng.usize(..OPENERS.len())],
            SUBJECTS[rng.usize(..SUBJECTS.len())],
            CLOSERS[rng.usize(..CLOSERS.len())],
        );
        for _ in 0..rng.usize(0..3) {
            content.push(' ');
            content.push_str(TAGS[rng.usize(..TAGS.len())]);
        }
        let failed_one = rng.usize(..accounts.len());
        let platform_posts = accounts
            .iter()
            .enumerate()
            .map(|(slot, account)| {
                let platform_status = match &status {
                    PostStatus::Draft => PlatformStatus::Draft,
                    PostStatus::Scheduled => PlatformStatus::Scheduled,
                    PostStatus::Published => PlatformStatus::Published,
                    PostStatus::Failed => PlatformStatus::Failed,
                    _ if slot == failed_one => PlatformStatus::Failed,
                    _ => PlatformStatus::Published,
                };
                let posted_id = (platform_status == PlatformStatus::Published)
                    .then(|| format!("{}", 1_790_000_000_000_000_000u64 + rng.u64(..1 << 40)));
                let error = (platform_status == PlatformStatus::Failed)
                    .then(|| generated_error(rng, updated_at));
                PlatformPostRecord {
                    id: store.next_object_id(),
                    platform_id: (*account).to_string(),
                    platform: platform_of(account),
                    content: content.clone(),
                    status: platform_status,
                    posted_id,
                    error,
                }
            })
            .collect();
        // About 20% of posts carry one image, 10% two.
        let media_count = match rng.u8(..10) {
            0 | 1 => 1,
            2 => 2,
            _ => 0,
        };
        let media = (0..media_count)
            .map(|n| {
                format!(
                    "https://northbeam-media.s3.amazonaws.com/images/{}-gen-{index}-{n}.jpg",
                    created_at.timestamp_millis()
                )
            })
            .collect();
        let created_secs = u32::try_from(created_at.timestamp()).unwrap_or(u32::MAX);
        let group = GroupRecord {
            id: PostGroupId::new_unchecked(format!("{created_secs:08x}9e{index:014x}")),
            user_id: owner.to_string(),
            content,
            status,
            scheduled_time,
            created_at,
            updated_at,
        };
        store.insert(group, platform_posts, media);
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::api::model::Platform;
    use crate::mock::store::ListQuery;

    #[test]
    fn seed_file_parses_and_covers_every_platform_and_status() {
        let file = parse_seed(SEED_JSON).expect("seed parses");
        assert!(file.posts.len() >= 55, "only {} posts", file.posts.len());
        let statuses: HashSet<String> = file.posts.iter().map(|p| p.status.to_string()).collect();
        for status in PostStatus::KNOWN {
            assert!(statuses.contains(status.as_str()), "no {status} post");
        }
        let platforms: HashSet<Platform> = file
            .posts
            .iter()
            .flat_map(|p| p.platforms.iter().map(|t| platform_of(&t.platform_id)))
            .collect();
        for platform in Platform::KNOWN {
            assert!(platforms.contains(platform), "no {platform} post");
        }
        assert!(file.posts.iter().any(|p| p.user == SeedUser::Managed));
        assert!(file.posts.iter().any(|p| p.user == SeedUser::Managed2));
        assert!(file.posts.iter().any(|p| p.scheduled_time.is_none()));
        assert!(file.posts.iter().any(|p| p.content.chars().count() >= 1500));
        assert!(file.posts.iter().any(|p| !p.media.is_empty()));

        let mut store = Store::new();
        let loaded = load_seed(
            &mut store,
            "aaaaaaaaaaaaaaaaaaaaaaaa",
            &["bbbbbbbbbbbbbbbbbbbbbbbb".to_string()],
        )
        .expect("seed loads");
        assert_eq!(loaded, file.posts.len());
        assert_eq!(store.len(), file.posts.len());
    }

    #[test]
    fn generator_is_deterministic_and_ids_are_unique() {
        let mut first = Store::new();
        generate(&mut first, "aaaaaaaaaaaaaaaaaaaaaaaa", 500, 7);
        let mut second = Store::new();
        generate(&mut second, "aaaaaaaaaaaaaaaaaaaaaaaa", 500, 7);
        assert_eq!(first.len(), 500);
        assert_eq!(first.ids(), second.ids());
        assert!(first.ids().iter().all(PostGroupId::is_well_formed));
        let query = ListQuery {
            limit: 100,
            ..ListQuery::default()
        };
        let page = first.list("aaaaaaaaaaaaaaaaaaaaaaaa", &query);
        assert_eq!(
            page.posts,
            second.list("aaaaaaaaaaaaaaaaaaaaaaaa", &query).posts
        );
        assert_eq!(page.pagination.total_items, 500);
        assert!(page.posts.iter().any(|p| !p.media_urls.is_empty()));
        assert!(page.posts.iter().any(|p| p.media_urls.is_empty()));
        let drafts = ListQuery {
            limit: 100,
            status: Some(PostStatus::Draft),
            ..ListQuery::default()
        };
        let drafts = first.list("aaaaaaaaaaaaaaaaaaaaaaaa", &drafts).posts;
        assert!(drafts.iter().any(|p| p.scheduled_time.is_none()));
        assert!(drafts.iter().any(|p| p.scheduled_time.is_some()));
        let mut third = Store::new();
        generate(&mut third, "aaaaaaaaaaaaaaaaaaaaaaaa", 500, 8);
        assert_ne!(
            page.posts,
            third.list("aaaaaaaaaaaaaaaaaaaaaaaa", &query).posts
        );
    }
}
