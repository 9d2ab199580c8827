//! Shared by the benches: deterministic post groups in the list-posts shape (§3.1).

use postpost_tui::api::model::PostSummary;

const WORDS: &[&str] = &[
    "coffee",
    "roast",
    "launch",
    "weekend",
    "espresso",
    "webinar",
    "giveaway",
    "thread",
    "sale",
    "update",
    "team",
    "origin",
    "tasting",
    "shipping",
    "holiday",
    "recipe",
    "café",
    "новый",
    "咖啡",
];
const PLATFORMS: &[&str] = &[
    "twitter",
    "linkedin",
    "instagram",
    "threads",
    "bluesky",
    "mastodon",
];
const STATUSES: &[&str] = &[
    "draft",
    "scheduled",
    "published",
    "failed",
    "partially_published",
];

/// Post `n` of a deterministic set: 8–40 words, 1–3 platforms, spread over a year.
pub fn post(n: usize) -> PostSummary {
    let mut rng = fastrand::Rng::with_seed(n as u64);
    let words: Vec<&str> = (0..rng.usize(8..40))
        .map(|_| WORDS[rng.usize(..WORDS.len())])
        .collect();
    let platforms: Vec<_> = (0..rng.usize(1..4))
        .map(|i| {
            let name = PLATFORMS[(n + i) % PLATFORMS.len()];
            serde_json::json!({"platformId": format!("{name}-{i}"), "platform": name, "status": "scheduled"})
        })
        .collect();
    let minute = rng.u32(0..525_600);
    let time = format!(
        "2026-{:02}-{:02}T{:02}:{:02}:00.000Z",
        1 + minute / 43_800 % 12,
        1 + minute / 1440 % 28,
        minute / 60 % 24,
        minute % 60
    );
    serde_json::from_value(serde_json::json!({
        "postGroupId": format!("{n:024x}"),
        "content": format!("{} #{n}", words.join(" ")),
        "status": STATUSES[n % STATUSES.len()],
        "scheduledTime": time,
        "createdAt": time,
        "updatedAt": time,
        "platforms": platforms,
        "mediaUrls": []
    }))
    .expect("bench post parses")
}
