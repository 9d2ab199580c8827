//! The post list's derived data against a model: whatever sequence of pages arriving, posts
//! changing (text, times), posts leaving, queries and sorts, the view after a sync is exactly
//! the loaded posts the query matches, in the sort's order, computed from scratch. This is what
//! keeps the incremental parts honest: the search index extended as rows arrive, the sort
//! orders merged instead of sorted, the id index and the shared target lists.

use chrono::{DateTime, Utc};
use postpost_tui::api::model::{PostGroupId, PostSummary, SortField, SortOrder};
use postpost_tui::app::query::{Query, Subject, search_key};
use postpost_tui::app::state::{PostList, Sort};
use postpost_tui::protocol::LoadSeq;
use postpost_tui::time::TimeZoneChoice;
use proptest::prelude::*;

fn now() -> DateTime<Utc> {
    DateTime::from_timestamp(1_800_000_000, 0).expect("instant")
}

#[derive(Debug, Clone)]
enum Step {
    /// Post `n` arrives or is loaded again, with this text, times and target.
    Upsert {
        n: u8,
        text: &'static str,
        created: Option<u8>,
        scheduled: Option<u8>,
        platform: &'static str,
    },
    /// The server confirmed post `n` gone.
    Gone(u8),
    /// A reload sees only the loaded posts whose bit is set in the mask (by load order).
    Reload(u64),
    Query(&'static str),
    Sort(SortField, SortOrder),
}

const TEXTS: [&str; 6] = [
    "Roast day",
    "launch of the new roast",
    "CAFÉ corner",
    "",
    "0a1 batch",
    "ship it",
];
const QUERIES: [&str; 13] = [
    "",
    "roast",
    "roas",
    "-launch roast",
    "-launch roas",
    "-roast",
    "café",
    "0a",
    "1",
    "status:draft",
    "platform:twitter roast",
    "launch roast",
    "has:media",
];

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        6 => (
            0u8..40,
            prop::sample::select(TEXTS.to_vec()),
            prop::option::of(0u8..6),
            prop::option::of(0u8..6),
            prop::sample::select(vec!["twitter", "linkedin"]),
        )
            .prop_map(|(n, text, created, scheduled, platform)| Step::Upsert {
                n,
                text,
                created,
                scheduled,
                platform,
            }),
        1 => (0u8..40).prop_map(Step::Gone),
        1 => any::<u64>().prop_map(Step::Reload),
        1 => prop::sample::select(QUERIES.to_vec()).prop_map(Step::Query),
        1 => (
            prop::sample::select(SortField::ALL.to_vec()),
            prop::sample::select(vec![SortOrder::Asc, SortOrder::Desc]),
        )
            .prop_map(|(field, order)| Step::Sort(field, order)),
    ]
}

fn id(n: u8) -> PostGroupId {
    // Ids holding "0a" for some posts, so an id can match a word its text lacks.
    PostGroupId::parse(&format!("{:024x}", u32::from(n) * 0x0a)).expect("id")
}

fn time(slot: Option<u8>) -> serde_json::Value {
    // Few distinct times, so ties (broken by id) are common.
    slot.map_or(serde_json::Value::Null, |s| {
        format!("2026-0{}-01T00:00:00.000Z", 1 + s).into()
    })
}

fn post(
    n: u8,
    text: &str,
    created: Option<u8>,
    scheduled: Option<u8>,
    platform: &str,
) -> PostSummary {
    serde_json::from_value(serde_json::json!({
        "postGroupId": id(n).as_str(),
        "content": text,
        "status": if scheduled.is_some() { "scheduled" } else { "draft" },
        "createdAt": time(created),
        "scheduledTime": time(scheduled),
        "updatedAt": time(created),
        "platforms": [{"platformId": format!("{platform}-1"), "platform": platform, "status": "scheduled"}],
        "mediaUrls": if n.is_multiple_of(3) { vec!["https://example.test/a.jpg"] } else { vec![] },
    }))
    .expect("post parses")
}

/// The view computed from scratch: the model's posts the query matches, in the sort's order.
fn expected(posts: &[PostSummary], query: &Query, sort: Sort) -> Vec<PostGroupId> {
    let key = |post: &PostSummary, field: SortField| {
        let time = match field {
            SortField::CreatedAt => &post.created_at,
            SortField::ScheduledTime => &post.scheduled_time,
            SortField::UpdatedAt => &post.updated_at,
        };
        time.as_ref()
            .and_then(|t| t.parsed())
            .map(|t| t.timestamp_millis())
    };
    let mut shown: Vec<&PostSummary> = posts
        .iter()
        .filter(|post| {
            let text = search_key(post.content.as_deref());
            query.matches(&Subject::of(post, &text))
        })
        .collect();
    shown.sort_by(|a, b| {
        let (ka, kb) = (key(a, sort.field), key(b, sort.field));
        let by_time = match (ka, kb) {
            (Some(x), Some(y)) if sort.order == SortOrder::Desc => y.cmp(&x),
            (Some(x), Some(y)) => x.cmp(&y),
            (x, y) => x.is_none().cmp(&y.is_none()),
        };
        let by_id = if sort.order == SortOrder::Desc && ka.is_some() {
            b.post_group_id.cmp(&a.post_group_id)
        } else {
            a.post_group_id.cmp(&b.post_group_id)
        };
        by_time.then(by_id)
    });
    shown
        .iter()
        .map(|post| post.post_group_id.clone())
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn the_view_is_the_query_and_sort_over_the_loaded_posts(
        steps in prop::collection::vec(step(), 1..80),
    ) {
        let mut list = PostList::default();
        let mut model: Vec<PostSummary> = Vec::new();
        let mut gone: Vec<PostGroupId> = Vec::new();
        let mut query = Query::default();
        let mut sort = list.sort();
        let mut seq = 1;
        for step in steps {
            match step {
                Step::Upsert { n, text, created, scheduled, platform } => {
                    let post = post(n, text, created, scheduled, platform);
                    list.upsert(post.clone(), LoadSeq(seq));
                    if !gone.contains(&post.post_group_id) {
                        match model.iter_mut().find(|p| p.post_group_id == post.post_group_id) {
                            Some(old) => *old = post,
                            None => model.push(post),
                        }
                    }
                }
                Step::Gone(n) => {
                    list.confirm_gone(&id(n));
                    model.retain(|p| p.post_group_id != id(n));
                    gone.push(id(n));
                }
                Step::Reload(mask) => {
                    seq += 1;
                    let mut bits = (0..).map(|n: u32| mask & (1 << (n % 64)) != 0);
                    model.retain(|_| bits.next().unwrap_or(false));
                    for post in &model {
                        list.upsert(post.clone(), LoadSeq(seq));
                    }
                    list.drop_unseen(LoadSeq(seq));
                }
                Step::Query(text) => {
                    list.set_query_text(text, now(), TimeZoneChoice::Utc).expect("query parses");
                    query = Query::parse(text, now(), TimeZoneChoice::Utc).expect("query parses");
                }
                Step::Sort(field, order) => {
                    sort = Sort { field, order };
                    list.set_sort(sort);
                }
            }
            list.sync();
            let shown: Vec<PostGroupId> = list.view_rows().map(|row| row.id().clone()).collect();
            prop_assert_eq!(shown, expected(&model, &query, sort));
            prop_assert_eq!(list.loaded(), model.len());
            for post in &model {
                prop_assert_eq!(
                    list.row(&post.post_group_id).map(|row| &row.post),
                    Some(post)
                );
            }
        }
    }
}
