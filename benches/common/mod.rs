//! Shared by the benches: deterministic post groups in the list-posts shape (§3.1), and the
//! resident memory of a process.

use std::time::Instant;

use postpost_tui::api::model::{Pagination, PostSummary};
use postpost_tui::app::action::Action;
use postpost_tui::app::state::{AppState, UiSettings};
use postpost_tui::app::update::{apply, settle, update};
use postpost_tui::protocol::{LoadSeq, WorkerEvent};

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

/// Resident set size of process `pid` ("self" for this one), in MiB, from /proc (Linux).
#[allow(dead_code)]
pub fn rss_mib(pid: &str) -> Option<f64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let kib: f64 = status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()?;
    Some(kib / 1024.0)
}

/// A TUI state with posts `0..count` loaded in pages of 100, as after a full load.
#[allow(dead_code)]
pub fn loaded(count: usize) -> AppState {
    let mut state = AppState::new(UiSettings {
        server_label: "bench".into(),
        ..UiSettings::default()
    });
    let now = Instant::now();
    update(&mut state, Action::Reload, now);
    for start in (0..count).step_by(100) {
        let posts = (start..(start + 100).min(count)).map(post).collect();
        apply(
            &mut state,
            WorkerEvent::PageLoaded {
                seq: LoadSeq(1),
                posts,
                skipped: 0,
                pagination: Pagination::default(),
            },
            now,
        );
    }
    apply(
        &mut state,
        WorkerEvent::LoadFinished { seq: LoadSeq(1) },
        now,
    );
    settle(&mut state);
    state
}
