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

/// The header keeps the marks and the partial load in sight at 40 columns: a reload in
/// progress whose first page says the server holds 296 posts.
#[tokio::test]
async fn header_with_marks_and_a_partial_load_at_40x12_and_100x30() {
    use postpost_tui::api::model::Pagination;
    use postpost_tui::app::update::update;
    use postpost_tui::protocol::{LoadSeq, WorkerEvent};

    let mut state = state().await;
    keys(
        &mut state,
        &[Action::ToggleMark, Action::ToggleMark, Action::ToggleMark],
    );
    let posts: Vec<_> = state
        .posts
        .rows()
        .iter()
        .map(|row| row.post.clone())
        .collect();
    let loaded = posts.len();
    update(&mut state, Action::Reload, Instant::now());
    crate::support::apply_settled(
        &mut state,
        WorkerEvent::PageLoaded {
            seq: LoadSeq(2),
            posts,
            skipped: 0,
            pagination: Pagination {
                page: 1,
                limit: 100,
                total_items: 296,
                total_pages: 3,
                ..Pagination::default()
            },
        },
        Instant::now(),
    );
    state.clear_notice();
    for (width, height) in [(40, 12), (100, 30)] {
        let screen = render(&mut state, width, height, Instant::now());
        let header = screen.lines().next().expect("a header");
        assert!(header.contains("3 marked"), "{width}x{height}: {header}");
        assert!(
            header.contains(&format!("{loaded} of 296 loaded")),
            "{width}x{height}: {header}"
        );
        insta::assert_snapshot!(format!("header_{width}x{height}"), header);
    }
}

/// Help at 40 columns is one readable column; at 100 two. Its end (reached by scrolling) has
/// the legend of the platform abbreviations the list uses.
#[tokio::test]
async fn help_at_40x12_and_100x30_with_the_platform_legend() {
    let mut state = state().await;
    keys(&mut state, &[Action::ToggleHelp]);
    for (width, height) in [(40, 12), (100, 30)] {
        let screen = render(&mut state, width, height, Instant::now());
        assert!(screen.contains("List"), "{width}x{height}:\n{screen}");
        insta::assert_snapshot!(format!("help_{width}x{height}"), screen);
    }
    // Scrolled to the end at 40x12: the legend is there, whole words per line.
    keys(&mut state, &[Action::PageDown; 40]);
    let end = render(&mut state, 40, 12, Instant::now());
    assert!(end.contains("ig=instagram"), "{end}");
    assert!(end.contains("bs=bluesky"), "{end}");
}
