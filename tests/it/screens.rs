//! Screens that must tell the truth at 40 columns as at 100: snapshots at 40x12 and 100x30 of
//! the reschedule dialog, the help overlay and the header with marks, drawn from the mock's
//! seed posts (see `render`), with the clock fixed.

use std::time::Instant;

use postpost_tui::api::model::parse_instant;
use postpost_tui::app::action::Action;
use postpost_tui::app::state::AppState;
use postpost_tui::time::TimeZoneChoice;

use crate::render::{keys, render, seeded_state};

/// The seed posts, the clock at 2026-11-29 22:50 UTC, times in UTC.
async fn state() -> AppState {
    let mut state = seeded_state().await;
    state.set_clock(parse_instant("2026-11-29T22:50:10Z").expect("instant"));
    state.set_time_zone(TimeZoneChoice::Utc);
    state
}

#[tokio::test]
async fn reschedule_dialog_at_40x12_and_100x30() {
    let mut state = state().await;
    state
        .posts
        .set_query_text("status:scheduled", state.wall_now(), TimeZoneChoice::Utc)
        .expect("query parses");
    keys(&mut state, &[Action::RequestReschedule]);
    for (width, height) in [(40, 12), (100, 30)] {
        let screen = render(&mut state, width, height, Instant::now());
        // The input line and what it reads as are on screen, however small.
        assert!(screen.contains("> "), "{width}x{height}:\n{screen}");
        assert!(screen.contains("= 20"), "{width}x{height}:\n{screen}");
        insta::assert_snapshot!(format!("reschedule_{width}x{height}"), screen);
    }
}
