//! The rough edges a daily user hit, each reproduced through the real loop, the real worker
//! and the mock server (the `flow` harness) and read off the drawn screen: the detail pane's
//! own top and bottom, untimed posts sorting last, `D` on drafts, pickers that jump by letter,
//! and a rescheduled row's `updated` time.

use crossterm::event::KeyCode;
use postpost_tui::api::model::{PostStatus, SortField};

use crate::flow::Tui;
use crate::support::seed_server;

/// `G` in the focused detail pane goes to the pane's bottom (its border says "end"), not to
/// the list's last post; `g` back to its top. The list cursor never moves.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn g_and_shift_g_in_the_focused_detail_pane_scroll_the_pane() {
    let server = seed_server().await;
    let tui = Tui::start(&server);
    tui.wait_for("Posts (56)").await;
    // A failed post's log is longer than the pane at 100x30.
    tui.type_keys("/status:failed");
    tui.press(KeyCode::Enter);
    tui.wait_for("status failed").await;
    tui.press(KeyCode::Char(']'));
    tui.press(KeyCode::Tab);
    tui.wait_for(" top ↓ ").await;
    tui.press(KeyCode::Char('G'));
    tui.wait_for(" end ↑ ").await;
    tui.press(KeyCode::Char('g'));
    tui.wait_for(" top ↓ ").await;
    let state = tui.quit().await;
    assert_eq!(
        state.posts.cursor(),
        0,
        "the list cursor stayed on the first post"
    );
}

/// Sorting by scheduled time either way keeps the posts without a time at the end.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn posts_without_a_time_sort_last_in_both_directions() {
    let server = seed_server().await;
    let tui = Tui::start(&server);
    tui.wait_for("Posts (56)").await;
    // created ↓, then scheduled ↓.
    tui.type_keys("oo");
    tui.wait_for("sort scheduled ↓").await;
    tui.wait_for("sorted by scheduled ↓, posts without that time last")
        .await;
    let state = tui.quit().await;
    assert_eq!(state.posts.sort().field, SortField::ScheduledTime);
    let timed: Vec<bool> = state
        .posts
        .view_rows()
        .map(|row| row.post.scheduled_time.is_some())
        .collect();
    let first_untimed = timed.iter().position(|timed| !timed).expect("some untimed");
    assert!(first_untimed > 0, "timed posts come first");
    assert!(
        timed[first_untimed..].iter().all(|timed| !timed),
        "no timed post after an untimed one: {timed:?}"
    );
}

/// `D` on drafts only says they are drafts already, in the refusal dialog, and sends nothing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn d_on_drafts_says_they_are_drafts_already() {
    let server = seed_server().await;
    let tui = Tui::start(&server);
    tui.wait_for("Posts (56)").await;
    // The status picker jumps by letter: `d` lands on draft.
    tui.press(KeyCode::Char('s'));
    tui.wait_for(" Status ").await;
    tui.press(KeyCode::Char('d'));
    tui.press(KeyCode::Enter);
    tui.wait_for("status draft").await;
    tui.press(KeyCode::Char('D'));
    tui.wait_for("already a draft").await;
    assert!(
        server.requests().iter().all(|r| r.method != "PUT"),
        "nothing was sent"
    );
    tui.press(KeyCode::Esc);
    let state = tui.quit().await;
    assert!(
        state
            .posts
            .view_rows()
            .all(|row| row.post.status == PostStatus::Draft)
    );
}

/// After a reschedule the row's `updated` time is the time of the change, without `r`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rescheduled_row_shows_a_current_updated_time() {
    let server = seed_server().await;
    let start = chrono::Utc::now() - chrono::Duration::seconds(1);
    let tui = Tui::start(&server);
    tui.wait_for("Posts (56)").await;
    tui.type_keys("/status:scheduled");
    tui.press(KeyCode::Enter);
    tui.wait_for("status scheduled").await;
    // The prefill is selected: typing replaces it.
    tui.press(KeyCode::Char('t'));
    tui.wait_for("Reschedule 1 post").await;
    tui.type_keys("+1d");
    tui.wait_for("> +1d").await;
    tui.press(KeyCode::Enter);
    tui.press(KeyCode::Char('y'));
    tui.wait_for("rescheduled 1").await;
    let state = tui.quit().await;
    let row = state.posts.cursor_row().expect("cursor row");
    let updated = row
        .post
        .updated_at
        .as_ref()
        .and_then(|t| t.parsed())
        .expect("an updated time");
    assert!(
        updated >= start,
        "updated {updated} is older than the change"
    );
}

/// `--timezone` moves the headless `--from`/`--to` days: in Kiritimati (UTC+14) and in Pago
/// Pago (UTC-11) one date is two different spans of instants, and each run chooses exactly
/// the posts scheduled in its zone's day, computed independently.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn timezone_moves_the_headless_days() {
    use std::collections::BTreeSet;

    use chrono::{DateTime, Duration, Utc};
    use postpost_tui::mock::Faults;

    let server = crate::support::start_with(400, Faults::default()).await;
    let posts = crate::headless_query::everything(&server).await;
    let run = crate::headless::Run::new();
    let mut chosen = Vec::new();
    for (zone, offset_hours) in [("Pacific/Kiritimati", 14), ("Pacific/Pago_Pago", -11)] {
        let midnight: DateTime<Utc> = "2026-11-20T00:00:00Z".parse().expect("instant");
        let start = midnight - Duration::hours(offset_hours);
        let end = start + Duration::days(1);
        let expected: BTreeSet<String> = posts
            .iter()
            .filter(|post| {
                post.scheduled_time
                    .as_ref()
                    .and_then(|t| t.parsed())
                    .is_some_and(|t| t >= start && t < end)
            })
            .map(|post| post.post_group_id.as_str().to_owned())
            .collect();
        let output = run
            .postpost(
                &server,
                &[
                    "list",
                    "--ids",
                    "--from",
                    "2026-11-20",
                    "--to",
                    "2026-11-20",
                    "--timezone",
                    zone,
                ],
                crate::support::KEY,
            )
            .await;
        assert_eq!(
            output.status.code(),
            Some(0),
            "{}",
            crate::support::text(&output.stderr)
        );
        let listed: BTreeSet<String> = crate::support::text(&output.stdout)
            .lines()
            .map(str::to_owned)
            .collect();
        assert_eq!(listed, expected, "{zone}");
        chosen.push(listed);
    }
    assert_ne!(chosen[0], chosen[1], "the two days differ in this data");
}
