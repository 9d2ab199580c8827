//! Rendering tests (DESIGN §5 rule 9, second level): `ui::draw` on a `TestBackend` at 100x30
//! with insta snapshots of the main screen, the detail pane's post and logs tabs, the connections
//! screen, the confirm dialog and the job gauge, built from the mock's seed posts fetched over
//! real HTTP (the connections from fixed data, as the mock's expiries move with the clock); plus
//! checks that no cell holds a control character at any size, down to 1x1, and that hostile text
//! is drawn with the sanitizer's visible stand-ins.

use std::time::Instant;

use postpost_tui::api::client::ListQuery;
use postpost_tui::api::model::Pagination;
use postpost_tui::app::action::Action;
use postpost_tui::app::state::{AppState, DetailTab, LogsEntry, UiSettings};
use postpost_tui::app::update::update;
use postpost_tui::protocol::{LoadSeq, RequestError, WorkerEvent};
use postpost_tui::time::TimeZoneChoice;
use postpost_tui::ui::{self, DrawContext};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;

use crate::support::{
    apply_settled, buffer_text, client_for, columns_text, detail_request, logs_request, seed_server,
};

/// The seed posts loaded into a fresh state, with every detail fetched.
pub(crate) async fn seeded_state() -> AppState {
    let server = seed_server().await;
    let client = client_for(&server);
    let page = client
        .list_posts(&ListQuery {
            page: 1,
            limit: 100,
            ..ListQuery::default()
        })
        .await
        .expect("list");
    let mut state = AppState::new(UiSettings {
        confirm_typed_threshold: 20,
        server_label: "127.0.0.1:8787".into(),
        demo: true,
        loopback: true,
        ..UiSettings::default()
    });
    let now = Instant::now();
    update(&mut state, Action::Reload, now);
    let ids: Vec<_> = page.posts.iter().map(|p| p.post_group_id.clone()).collect();
    let total = ids.len() as u64;
    apply_settled(
        &mut state,
        WorkerEvent::PageLoaded {
            seq: LoadSeq(1),
            posts: page.posts,
            skipped: 0,
            pagination: Pagination {
                page: 1,
                limit: 100,
                total_items: total,
                total_pages: 1,
                ..Pagination::default()
            },
        },
        now,
    );
    apply_settled(
        &mut state,
        WorkerEvent::LoadFinished { seq: LoadSeq(1) },
        now,
    );
    for id in ids {
        let result = client.get_post(&id).await.map_err(RequestError::from);
        let seq = detail_request(&mut state, &id);
        apply_settled(
            &mut state,
            WorkerEvent::DetailLoaded { seq, id, result },
            now,
        );
    }
    let ids: Vec<_> = state
        .posts
        .rows()
        .iter()
        .map(|row| row.id().clone())
        .collect();
    for id in ids {
        let result = client.post_logs(&id).await.map_err(RequestError::from);
        let seq = logs_request(&mut state, &id);
        apply_settled(&mut state, WorkerEvent::LogsLoaded { seq, id, result }, now);
    }
    state.clear_notice();
    server.shutdown().await;
    state
}

fn context(now: Instant) -> DrawContext {
    DrawContext {
        time_zone: TimeZoneChoice::Utc,
        now,
        ..DrawContext::default()
    }
}

pub(crate) fn render(state: &mut AppState, width: u16, height: u16, now: Instant) -> String {
    render_with(state, width, height, &context(now))
}

fn render_with(state: &mut AppState, width: u16, height: u16, context: &DrawContext) -> String {
    buffer_text(&draw(state, width, height, context))
}

fn draw(state: &mut AppState, width: u16, height: u16, context: &DrawContext) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
    // The loop's own frame step: measure, apply, draw.
    let viewport = ui::measure(
        ratatui::layout::Rect::new(0, 0, width, height),
        state,
        context,
    );
    state.prepare_frame(&viewport);
    terminal
        .draw(|frame| ui::draw(frame, state, context))
        .expect("draw");
    terminal.backend().buffer().clone()
}

/// The list pane and the detail pane of a frame, as text: the columns left of the detail pane's
/// top-left corner, and the columns from it.
fn render_panes(state: &mut AppState, width: u16, height: u16, now: Instant) -> (String, String) {
    let buffer = draw(state, width, height, &context(now));
    let split = (1..width)
        .find(|&x| {
            (0..height)
                .any(|y| buffer[(x - 1, y)].symbol() == "┐" && buffer[(x, y)].symbol() == "┌")
        })
        .expect("a list pane and a detail pane side by side");
    (
        columns_text(&buffer, 0..split),
        columns_text(&buffer, split..width),
    )
}

/// A keymap with `request_delete` on X / Ctrl-x, `quit` on Ctrl-q and the confirm dialog's
/// `confirm` on Enter.
fn remapped() -> postpost_tui::app::keymap::Keymap {
    let overrides: postpost_tui::config::KeyOverrides = toml::from_str(
        "[browse]\nrequest_delete = [\"X\", \"ctrl-x\"]\nquit = [\"ctrl-q\"]\n\
         [confirm]\nconfirm = [\"Enter\"]\n",
    )
    .expect("overrides parse");
    let (keymap, clashes) =
        postpost_tui::app::keymap::Keymap::with_overrides(&overrides).expect("valid");
    assert!(clashes.is_empty(), "{clashes:?}");
    keymap
}

pub(crate) fn keys(state: &mut AppState, actions: &[Action]) {
    for action in actions {
        update(state, *action, Instant::now());
    }
    state.clear_notice();
}

#[tokio::test]
async fn main_screen() {
    let mut state = seeded_state().await;
    keys(
        &mut state,
        &[Action::ToggleMark, Action::CursorDown, Action::ToggleMark],
    );
    insta::assert_snapshot!(render(&mut state, 100, 30, Instant::now()));
}

#[tokio::test]
async fn detail_pane_of_a_failed_post() {
    let mut state = seeded_state().await;
    // Filter to failed posts and focus the detail pane of the first.
    state
        .posts
        .set_query_text("status:failed", chrono::Utc::now(), TimeZoneChoice::Utc)
        .expect("query parses");
    keys(&mut state, &[Action::OpenDetail]);
    let screen = render(&mut state, 100, 30, Instant::now());
    assert!(
        screen.contains("retrying: yes") || screen.contains("retrying: no"),
        "error object shown:\n{screen}"
    );
    // Formatted in the display zone like every other time, not the raw ISO text.
    assert!(screen.contains("failed at 2026-11-27 15:15"), "{screen}");
    assert!(!screen.contains(".000Z"), "{screen}");
    insta::assert_snapshot!(mask_ports(&screen));
}

/// The screen with every loopback port's digits as `N`: media URLs name the mock's own port,
/// which changes from run to run.
fn mask_ports(screen: &str) -> String {
    let mut out = String::with_capacity(screen.len());
    let mut rest = screen;
    while let Some(at) = rest.find("127.0.0.1:") {
        let (before, after) = rest.split_at(at + "127.0.0.1:".len());
        out.push_str(before);
        let digits = after.chars().take_while(char::is_ascii_digit).count();
        out.push_str(&"N".repeat(digits));
        rest = &after[digits..];
    }
    out.push_str(rest);
    out
}

#[tokio::test]
async fn confirm_dialog_with_published_and_hidden_posts() {
    let mut state = seeded_state().await;
    state
        .posts
        .set_query_text("status:published", chrono::Utc::now(), TimeZoneChoice::Utc)
        .expect("query parses");
    keys(&mut state, &[Action::ToggleMark, Action::ToggleMark]);
    state
        .posts
        .set_query_text("status:draft", chrono::Utc::now(), TimeZoneChoice::Utc)
        .expect("query parses");
    keys(&mut state, &[Action::ToggleMark, Action::RequestDelete]);
    let screen = render(&mut state, 100, 30, Instant::now());
    assert!(screen.contains("Delete 3 posts"), "{screen}");
    assert!(screen.contains("2 published"), "{screen}");
    assert!(screen.contains("2 of them are hidden"), "{screen}");
    insta::assert_snapshot!(screen);
}

#[tokio::test]
async fn job_gauge() {
    let mut state = seeded_state().await;
    keys(
        &mut state,
        &[
            Action::ToggleMark,
            Action::ToggleMark,
            Action::ToggleMark,
            Action::ToggleMark,
            Action::RequestDelete,
            Action::Confirm,
        ],
    );
    let now = Instant::now();
    let job_id = state.jobs.running().expect("job started").id;
    let job = state.jobs.progress_of(job_id).expect("the running job");
    // Twelve seconds in, with a varying rate: the sparkline beside the gauge shows it.
    job.started_at = now - std::time::Duration::from_secs(12);
    job.per_second = vec![0, 2, 5, 8, 8, 6, 3, 0, 0, 4, 7, 9];
    let id = job.remaining.iter().min().cloned().expect("an id");
    apply_settled(
        &mut state,
        WorkerEvent::ItemFinished {
            job: job_id,
            id,
            outcome: postpost_tui::protocol::Outcome::Deleted,
        },
        now,
    );
    let screen = render(&mut state, 100, 30, now);
    assert!(screen.contains("1/4 done"), "{screen}");
    // The fastest second (9/s) is a full block; the quiet ones are blank.
    let gauge_line = screen
        .lines()
        .find(|line| line.contains("1/4 done"))
        .expect("gauge line");
    assert!(
        gauge_line.ends_with("▃▆█"),
        "newest second at the right: {gauge_line}"
    );
    insta::assert_snapshot!(screen);
}

/// The header names the profile (beside the READ-ONLY badge of a read-only profile), and the
/// footer shows the remapped keys, not the defaults.
#[tokio::test]
async fn profile_in_the_header_and_remapped_keys_in_the_footer() {
    let mut state = seeded_state().await;
    state.settings.demo = false;
    state.settings.read_only = true;
    state.settings.profile = Some("client-audit".into());
    let context = DrawContext {
        keymap: remapped(),
        ..context(Instant::now())
    };
    // Wide enough for every footer hint.
    let screen = render_with(&mut state, 160, 30, &context);
    let header = screen.lines().next().expect("header");
    assert!(
        header.contains("READ-ONLY") && header.contains(" client-audit "),
        "{header}"
    );
    let footer = screen.lines().last().expect("footer");
    assert!(footer.contains("X/C-x read-only"), "{footer}");
    assert!(footer.contains("C-q quit"), "{footer}");
    assert!(!footer.contains("d/Del"), "{footer}");
    insta::assert_snapshot!(screen);
}

/// The help overlay lists the keys in force; the confirm dialog names its remapped key.
#[tokio::test]
async fn help_and_confirm_dialog_show_remapped_keys() {
    let mut state = seeded_state().await;
    let context = DrawContext {
        keymap: remapped(),
        ..context(Instant::now())
    };
    keys(&mut state, &[Action::ToggleHelp]);
    let screen = render_with(&mut state, 100, 30, &context);
    assert!(screen.contains(" X/C-x    delete marked"), "{screen}");
    insta::assert_snapshot!(screen);
    // The list's keys outgrew one screen (t, D, u, y, Y, O): quit is further down.
    keys(&mut state, &[Action::CursorDown; 20]);
    let scrolled = render_with(&mut state, 100, 30, &context);
    assert!(scrolled.contains(" C-q      quit"), "{scrolled}");
    assert!(scrolled.contains(" Enter    delete"), "{scrolled}");
    keys(&mut state, &[Action::Cancel, Action::RequestDelete]);
    let screen = render_with(&mut state, 100, 30, &context);
    assert!(screen.contains("Enter delete   n/Esc cancel"), "{screen}");
}

/// A click where `ui::hit_test` says the mark column of a row is lands on the row drawn there.
#[tokio::test]
async fn the_mark_column_hit_is_the_row_drawn_there() {
    let mut state = seeded_state().await;
    let now = Instant::now();
    render(&mut state, 100, 30, now);
    for (column, row) in [(1, 4), (2, 9), (1, 25)] {
        let hit = ui::hit_test(
            ratatui::layout::Rect::new(0, 0, 100, 30),
            &state,
            column,
            row,
        );
        let postpost_tui::app::keymap::Hit::ListRow {
            position,
            mark: true,
        } = hit
        else {
            panic!("({column}, {row}) hit {hit:?}");
        };
        keys(&mut state, &[Action::ToggleMarkAt(position)]);
        let screen = render(&mut state, 100, 30, now);
        let line = screen.lines().nth(usize::from(row)).expect("row");
        assert_eq!(line.chars().nth(1), Some('●'), "row {row}: {line}");
        let id = state
            .posts
            .view_row(position)
            .expect("shown")
            .id()
            .as_str()
            .to_owned();
        assert!(state.posts.marked().iter().any(|m| m.as_str() == id));
    }
}

#[tokio::test]
async fn stats_screen() {
    let mut state = seeded_state().await;
    keys(&mut state, &[Action::ShowStats]);
    // A fixed "today" inside the seed's scheduled times, so the chart does not move.
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).expect("date");
    state.refresh_stats(Instant::now(), today, |ms| TimeZoneChoice::Utc.day_of(ms));
    let stats = state.stats().expect("stats computed").clone();
    let scheduled = state
        .posts
        .rows()
        .iter()
        .filter(|row| row.post.status == postpost_tui::api::model::PostStatus::Scheduled)
        .count() as u64;
    assert_eq!(
        stats.scheduled_in_window() + stats.overdue + stats.later + stats.no_time,
        scheduled,
        "every scheduled post is counted once"
    );
    let screen = render(&mut state, 100, 30, Instant::now());
    assert!(screen.contains("Posts per platform"), "{screen}");
    assert!(screen.contains("56 loaded"), "{screen}");
    insta::assert_snapshot!(screen);
    // Small terminals clip the charts but never panic or spill.
    for (width, height) in [(45, 12), (40, 8), (20, 5), (1, 1)] {
        let small = render(&mut state, width, height, Instant::now());
        assert!(
            small
                .lines()
                .all(|line| line.chars().count() <= usize::from(width))
        );
    }
}

/// Renders every post of the view, with the list and with the detail pane focused, at each
/// size: no cell may hold a control or bidi character, and no row may be wider than the area.
fn assert_every_post_renders_clean(state: &mut AppState, sizes: &[(u16, u16)], now: Instant) {
    for &(width, height) in sizes {
        for position in 0..state.posts.view_len() {
            state.posts.set_cursor(position);
            for focus in [Action::OpenDetail, Action::Escape] {
                keys(state, &[focus]);
                let screen = render(state, width, height, now);
                for (row, line) in screen.lines().enumerate() {
                    assert!(
                        !line.chars().any(|c| c.is_control()
                            || ('\u{202a}'..='\u{202e}').contains(&c)
                            || ('\u{2066}'..='\u{2069}').contains(&c)),
                        "raw control at {width}x{height}, post {position}, row {row}: {line:?}"
                    );
                    assert!(
                        postpost_tui::text::sanitize::width(line) <= usize::from(width),
                        "row {row} of post {position} wider than {width}x{height}: {line:?}"
                    );
                }
            }
        }
    }
}

#[tokio::test]
async fn no_cell_holds_a_control_character_at_any_size() {
    let mut state = seeded_state().await;
    let now = Instant::now();
    assert_every_post_renders_clean(
        &mut state,
        &[(100, 30), (20, 5), (1, 1), (40, 8), (160, 50)],
        now,
    );
}

/// Hostile remote text and unexpected data, as list-posts would send them.
fn hostile_posts() -> Vec<postpost_tui::api::model::PostSummary> {
    let long = "long post with words ".repeat(5000);
    let cases: Vec<serde_json::Value> = vec![
        serde_json::json!({"content": "clipboard \u{1b}]52;c;aGk=\u{7} write"}),
        serde_json::json!({"content": "clear \u{1b}[2J screen \u{1b}[31mred"}),
        serde_json::json!({"content": "carriage\rreturn back\u{8}space bell\u{7} nul\u{0} del\u{7f} c1\u{9b}6n"}),
        serde_json::json!({"content": "bidi \u{202e}gnirts desrever\u{202c} and \u{2066}isolate\u{2069}"}),
        serde_json::json!({"content": "tabs\tin\tthe\ttext\nand\nnew lines"}),
        serde_json::json!({"content": "wide 咖啡烘焙 and emoji 👩‍👩‍👧‍👦🎉☕ and RTL مرحبا بالعالم שלום"}),
        serde_json::json!({"content": long}),
        serde_json::json!({"content": null}),
        serde_json::json!({"status": "archived", "platforms": [{"platformId": "myspace-1", "platform": "myspace", "status": "queued\u{1b}[2J"}]}),
        serde_json::json!({"platforms": [], "scheduledTime": "2026-03-15T14:30:00+05:30", "createdAt": "2026-03-15T14:30:00Z"}),
        serde_json::json!({"scheduledTime": "yesterday\u{1b}[2J", "createdAt": 12, "extra": {"nested": true}}),
    ];
    cases
        .into_iter()
        .enumerate()
        .map(|(n, overrides)| {
            let mut post = serde_json::json!({
                "postGroupId": format!("{n:024x}"),
                "content": "plain",
                "status": "failed",
                "createdAt": "2026-11-01T10:00:00.000Z",
                "updatedAt": "2026-11-01T10:00:00.000Z",
                "platforms": [{"platformId": "twitter-1", "platform": "twitter", "status": "failed"}],
                "mediaUrls": ["https://example.invalid/\u{1b}[2J.png"],
            });
            for (key, value) in overrides.as_object().expect("object") {
                post[key] = value.clone();
            }
            serde_json::from_value(post).expect("case parses")
        })
        .collect()
}

/// Ratatui drops C0 and C1 controls before they reach a cell, so for those the control check of
/// [`assert_every_post_renders_clean`] holds even with no sanitizer (only bidi controls would get
/// through to it): each control of [`hostile_posts`] must also be drawn as its stand-in, in the
/// list rows (one-line text) and in the detail pane (multi-line text).
fn assert_stand_ins_in_list_and_detail(state: &mut AppState, now: Instant) {
    let (list, _) = render_panes(state, 300, 40, now);
    for shown in [
        "clipboard ␛]52;c;aGk=␇ write",
        "clear ␛[2J screen ␛[31mred",
        "carriage␍return back␈space bell␇ nul␀ del␡ c1⟨U+009B⟩6n",
        "bidi ⟨U+202E⟩gnirts desrever⟨U+202C⟩ and ⟨U+2066⟩isolate⟨U+2069⟩",
        "tabs in the text ⏎ and ⏎ new lines",
    ] {
        assert!(list.contains(shown), "the list shows {shown:?}:\n{list}");
    }
    let cases = [
        (0, "clipboard ␛]52;c;aGk=␇ write"),
        (1, "clear ␛[2J screen ␛[31mred"),
        (2, "carriage␍return back␈space bell␇ nul␀ del␡ c1⟨U+009B⟩6n"),
        (
            3,
            "bidi ⟨U+202E⟩gnirts desrever⟨U+202C⟩ and ⟨U+2066⟩isolate⟨U+2069⟩",
        ),
        (4, "tabs    in  the text"),
    ];
    for (case, shown) in cases {
        let position = state
            .posts
            .view_rows()
            .position(|row| row.post.post_group_id.as_str() == format!("{case:024x}"))
            .expect("the case is listed");
        state.posts.set_cursor(position);
        let (_, detail) = render_panes(state, 300, 40, now);
        for shown in [
            shown,
            "␛]0;title␇",
            "RATE␛[2J: msg ⏎ with⟨U+202E⟩bidi",
            "network said: ␇",
            "https://example.invalid/␛[2J.png",
        ] {
            assert!(
                detail.contains(shown),
                "the detail pane of case {case} shows {shown:?}:\n{detail}"
            );
        }
    }
}

/// The stand-ins of the hostile log entries, drawn in the logs tab.
fn assert_stand_ins_in_logs(state: &mut AppState, now: Instant) {
    let (_, logs) = render_panes(state, 300, 40, now);
    for shown in [
        "publish_failed␛[2J",
        "twit⟨U+202E⟩ter",
        "X␛]0;t␇",
        "␇thing",
        "soon␛[31m",
    ] {
        assert!(
            logs.contains(shown),
            "the logs tab shows {shown:?}:\n{logs}"
        );
    }
}

#[test]
fn hostile_text_and_odd_data_never_reach_the_terminal_raw() {
    let posts = hostile_posts();
    let mut state = AppState::new(UiSettings::default());
    let now = Instant::now();
    update(&mut state, Action::Reload, now);
    let count = posts.len();
    apply_settled(
        &mut state,
        WorkerEvent::PageLoaded {
            seq: LoadSeq(1),
            posts: posts.clone(),
            skipped: 0,
            pagination: Pagination::default(),
        },
        now,
    );
    // A get-post answer full of escapes too, for the detail pane.
    for post in &posts {
        let detail: postpost_tui::api::model::PostDetail = serde_json::from_value(serde_json::json!({
            "success": true,
            "postGroupId": post.post_group_id.as_str(),
            "posts": [{"_id": "x", "platform": "twitter", "platformId": "\u{1b}]0;title\u{7}", "content": post.content, "status": "failed",
                "error": {"code": "RATE\u{1b}[2J", "message": "msg\r\nwith\u{202e}bidi", "platformError": "\u{7}", "failedAt": "never", "retryable": null}}]
        }))
        .expect("detail parses");
        let id = &post.post_group_id;
        let seq = detail_request(&mut state, id);
        let entry = postpost_tui::app::state::DetailEntry::Loaded(detail);
        state.detail.detail_answered(seq, id, entry);
    }
    assert_eq!(state.posts.view_len(), count);
    assert_every_post_renders_clean(&mut state, &[(100, 30), (20, 5), (1, 1), (45, 12)], now);
    assert_stand_ins_in_list_and_detail(&mut state, now);
    // The logs tab with hostile entries.
    let hostile_logs = postpost_tui::api::model::PostLogsPage::from_json(
        serde_json::json!({"logs": [
            {"event": "publish_failed\u{1b}[2J", "platform": "twit\u{202e}ter", "error": "bad\r\n\u{7}thing",
             "httpStatus": 500, "retryCount": 1, "metadata": {"errorCode": "X\u{1b}]0;t\u{7}", "retryable": "yes"},
             "createdAt": "2026-11-01T10:00:00.000Z"},
            {"event": "scheduled", "createdAt": "soon\u{1b}[31m"}
        ]})
        .to_string()
        .as_bytes(),
    )
    .expect("hostile logs parse");
    for post in &posts {
        let id = &post.post_group_id;
        let seq = logs_request(&mut state, id);
        let entry = LogsEntry::Loaded {
            logs: hostile_logs.logs.clone(),
            skipped: 0,
        };
        state.detail.logs_answered(seq, id, entry);
    }
    state.detail.cycle_tab(true);
    assert_eq!(state.detail.tab(), DetailTab::Logs);
    assert_every_post_renders_clean(&mut state, &[(100, 30), (20, 5), (1, 1), (45, 12)], now);
    assert_stand_ins_in_logs(&mut state, now);
    state.detail.cycle_tab(true);
    assert_eq!(state.detail.tab(), DetailTab::Post);
    // The controls are shown, not silently dropped, and odd data reads as unknown.
    let first = state
        .posts
        .view_rows()
        .position(|row| row.post.post_group_id.as_str() == format!("{:024x}", 0))
        .expect("case 0");
    state.posts.set_cursor(first);
    keys(&mut state, &[Action::OpenDetail]);
    let screen = render(&mut state, 100, 30, now);
    assert!(screen.contains("␛]52;c;aGk=␇"), "{screen}");
    let odd = state
        .posts
        .view_rows()
        .position(|row| row.post.post_group_id.as_str().ends_with('a'))
        .expect("case 10");
    state.posts.set_cursor(odd);
    let screen = render(&mut state, 100, 30, now);
    assert!(screen.contains("unknown (yesterday␛[2J)"), "{screen}");
}

/// The reschedule dialog with the clock frozen and times in UTC: every post marked, so the dialog
/// counts the skipped statuses; a past time typed, so it warns.
#[tokio::test]
async fn reschedule_dialog_with_skipped_posts_and_a_past_time() {
    let mut state = seeded_state().await;
    state.set_clock(postpost_tui::api::model::parse_instant("2026-11-29T22:50:10Z").expect("t"));
    state.set_time_zone(TimeZoneChoice::Utc);
    keys(
        &mut state,
        &[
            Action::MarkAll,
            Action::RequestReschedule,
            Action::ClearInput,
        ],
    );
    let typed: Vec<Action> = "2026-11-20 08:00".chars().map(Action::Input).collect();
    keys(&mut state, &typed);
    let screen = render(&mut state, 100, 30, Instant::now());
    assert!(screen.contains("Reschedule "), "{screen}");
    assert!(screen.contains("Skipped "), "{screen}");
    assert!(
        screen.contains("the server will schedule them for now"),
        "{screen}"
    );
    assert!(screen.contains("= 2026-11-20 08:00 UTC"), "{screen}");
    insta::assert_snapshot!(screen);
}

/// The header acting as a managed user whose display name is hostile, on a loopback server
/// that is not the demo (MOCK badge), with the user picker open.
#[tokio::test]
async fn header_and_picker_acting_as_a_managed_user() {
    let mut state = seeded_state().await;
    state.settings.demo = false;
    keys(&mut state, &[Action::OpenUserPicker]);
    let ids = postpost_tui::mock::MockConfig::default().managed_user_ids;
    let users = postpost_tui::mock::managed_users(&ids);
    let seq = state.users_seq();
    apply_settled(
        &mut state,
        WorkerEvent::WorkspaceUsersLoaded {
            seq,
            result: Ok(users),
        },
        Instant::now(),
    );
    // Choose the second managed user, then reopen the picker over the reloaded (empty) list.
    keys(
        &mut state,
        &[Action::PickerDown, Action::PickerDown, Action::Submit],
    );
    assert_eq!(state.acting().user_id.as_deref(), Some(ids[1].as_str()));
    keys(&mut state, &[Action::OpenUserPicker]);
    let seq = state.users_seq();
    apply_settled(
        &mut state,
        WorkerEvent::WorkspaceUsersLoaded {
            seq,
            result: Ok(postpost_tui::mock::managed_users(&ids)),
        },
        Instant::now(),
    );
    let screen = render(&mut state, 100, 30, Instant::now());
    let header = screen.lines().next().unwrap_or_default().to_string();
    assert!(header.contains(" MOCK "), "{header}");
    assert!(header.contains(" as Harbor"), "{header}");
    assert!(
        !screen.contains('\u{1b}') && !screen.contains('\u{202e}'),
        "{screen}"
    );
    insta::assert_snapshot!(screen);
}

/// The logs tab of the failed TikTok post, three timed-out attempts with their retry counts, error
/// code and "worth retrying", in UTC.
#[tokio::test]
async fn logs_tab_of_a_failed_post() {
    let mut state = seeded_state().await;
    state
        .posts
        .set_query_text("status:failed", chrono::Utc::now(), TimeZoneChoice::Utc)
        .expect("query parses");
    let commands: Vec<_> = [Action::NextDetailTab, Action::OpenDetail]
        .iter()
        .flat_map(|action| update(&mut state, *action, Instant::now()))
        .collect();
    assert!(commands.is_empty(), "the log is cached: {commands:?}");
    state.clear_notice();
    assert_eq!(state.detail.tab(), DetailTab::Logs);
    let screen = render(&mut state, 100, 30, Instant::now());
    assert!(screen.contains("publish_failed"), "{screen}");
    assert!(screen.contains("tiktok · retry 2"), "{screen}");
    assert!(screen.contains("TIMEOUT_ERROR"), "{screen}");
    insta::assert_snapshot!(screen);
}

/// Connections as platform-connections might send them: every token status, a plain-string
/// `lastError` (§12 item 7), and hostile text in one account's names.
fn fixed_connections() -> postpost_tui::api::model::PlatformConnectionsPage {
    let body = serde_json::json!({"success": true, "connections": [
        {"platformId": "twitter-1402938475", "username": "@northbeamcoffee", "displayName": "Northbeam Coffee",
         "profileImageUrl": null, "profileUrl": "https://x.com/northbeamcoffee", "accessTokenExpiresAt": null,
         "tokenStatus": "unknown", "tokenExpiresIn": null, "lastSuccessfulPost": "2026-11-28T16:00:41.000Z", "lastError": null},
        {"platformId": "linkedin-Tz9W5i6ZYG", "username": "Northbeam Coffee Roasters", "displayName": "Northbeam Coffee Roasters",
         "profileImageUrl": null, "profileUrl": "https://linkedin.com/company/northbeam-coffee", "accessTokenExpiresAt": "2027-01-26T03:00:00.000Z",
         "tokenStatus": "valid", "tokenExpiresIn": "58d 3h", "lastSuccessfulPost": "2026-11-22T00:30:34.000Z", "lastError": null},
        {"platformId": "instagram-17841405822304914", "username": "northbeam.coffee", "displayName": "Northbeam Coffee ☕",
         "profileImageUrl": null, "profileUrl": null, "accessTokenExpiresAt": "2026-12-02T17:00:00.000Z",
         "tokenStatus": "expiring_soon", "tokenExpiresIn": "3d 5h", "lastSuccessfulPost": "2026-11-27T15:02:10.000Z",
         "lastError": {"message": "Too many requests to the platform", "occurredAt": "2026-11-26T12:00:33.000Z"}},
        {"platformId": "tiktok-7012345678901234567", "username": "@northbeamcoffee", "displayName": null,
         "profileImageUrl": null, "profileUrl": null, "accessTokenExpiresAt": "2026-11-27T12:00:00.000Z",
         "tokenStatus": "expired", "tokenExpiresIn": "expired", "lastSuccessfulPost": null,
         "lastError": "Access token expired; reconnect the account"},
        {"platformId": "mastodon-109876543210", "username": "@northbeam\u{1b}[2J\u{7}@mastodon.social", "displayName": "Northbeam \u{202e}eeffoC\u{202c}\tRoasters",
         "profileImageUrl": null, "profileUrl": "https://mastodon.social/@northbeam\u{1b}]0;x\u{7}", "accessTokenExpiresAt": null,
         "tokenStatus": "unknown", "tokenExpiresIn": null, "lastSuccessfulPost": "2026-11-24T08:00:00.000Z",
         "lastError": {"message": "Instance answered 502\u{1b}]0;owned\u{7}", "occurredAt": "2026-11-23T08:00:02.000Z"}}
    ]});
    postpost_tui::api::model::PlatformConnectionsPage::from_json(body.to_string().as_bytes())
        .expect("fixture parses")
}

/// The seeded state on the connections screen with [`fixed_connections`] loaded.
async fn connections_state() -> AppState {
    let mut state = seeded_state().await;
    keys(&mut state, &[Action::ShowConnections]);
    let seq = state.connections.seq();
    apply_settled(
        &mut state,
        WorkerEvent::ConnectionsLoaded {
            seq,
            result: Ok(fixed_connections()),
        },
        Instant::now(),
    );
    state
}

/// The connections table with token statuses, post counts and last errors, and the cursor's
/// connection in full below it.
#[tokio::test]
async fn connections_screen() {
    let mut state = connections_state().await;
    keys(&mut state, &[Action::CursorDown, Action::CursorDown]);
    let screen = render(&mut state, 100, 30, Instant::now());
    assert!(screen.contains("expiring_soon"), "{screen}");
    assert!(
        screen.contains("Too many requests to the platform"),
        "{screen}"
    );
    insta::assert_snapshot!(screen);
    // Token statuses are coloured: expired red, valid green.
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).expect("terminal");
    terminal
        .draw(|frame| ui::draw(frame, &state, &context(Instant::now())))
        .expect("draw");
    let buffer = terminal.backend().buffer();
    let colour_of = |word: &str| {
        let text = buffer_text(buffer);
        let (y, line) = text
            .lines()
            .enumerate()
            .find(|(_, line)| line.contains(word))
            .expect("word on screen");
        let column = line[..line.find(word).expect("word")].chars().count();
        buffer[(
            u16::try_from(column).expect("fits"),
            u16::try_from(y).expect("fits"),
        )]
            .fg
    };
    assert_eq!(colour_of("expired "), ratatui::style::Color::Red);
    assert_eq!(colour_of("valid "), ratatui::style::Color::Green);
}

/// Asserts no cell of `screen` holds a control or bidi character and no row is wider than
/// `width`.
fn assert_clean(screen: &str, width: u16, what: &str) {
    for (row, line) in screen.lines().enumerate() {
        assert!(
            !line.chars().any(|c| c.is_control()
                || ('\u{202a}'..='\u{202e}').contains(&c)
                || ('\u{2066}'..='\u{2069}').contains(&c)),
            "raw control in {what}, row {row}: {line:?}"
        );
        assert!(
            postpost_tui::text::sanitize::width(line) <= usize::from(width),
            "row {row} of {what} wider than {width}: {line:?}"
        );
    }
}

/// The connections screen (hostile names included) and every post's logs tab render clean and
/// never panic, down to 1x1.
#[tokio::test]
async fn connections_and_logs_render_clean_at_any_size() {
    let mut state = connections_state().await;
    let now = Instant::now();
    for (width, height) in [(100, 30), (45, 12), (40, 8), (20, 5), (1, 1), (160, 50)] {
        for position in 0..state.connections.list().len() {
            state.connections.set_cursor(position);
            assert_eq!(state.connections.cursor(), position);
            let screen = render(&mut state, width, height, now);
            assert_clean(
                &screen,
                width,
                &format!("connection {position} at {width}x{height}"),
            );
        }
    }
    let screen = render(&mut state, 100, 30, now);
    assert!(screen.contains("@northbeam␛[2J␇…"), "{screen}");
    keys(&mut state, &[Action::ShowPosts, Action::NextDetailTab]);
    assert_eq!(state.detail.tab(), DetailTab::Logs);
    assert_every_post_renders_clean(&mut state, &[(100, 30), (45, 12), (20, 5), (1, 1)], now);
}

/// The text inside the dialog whose top border starts with `top`: its rows trimmed and joined
/// by spaces, up to its bottom border.
fn dialog_text(screen: &str, top: &str) -> String {
    let rows: Vec<Vec<char>> = screen.lines().map(|line| line.chars().collect()).collect();
    let Some((first, left)) = rows.iter().enumerate().find_map(|(i, row)| {
        let line: String = row.iter().collect();
        line.find(top).map(|at| (i, line[..at].chars().count()))
    }) else {
        return String::new();
    };
    let mut texts = Vec::new();
    for row in &rows[first + 1..] {
        if row.get(left) != Some(&'│') {
            break;
        }
        let inner: String = row[left + 1..].iter().take_while(|c| **c != '│').collect();
        texts.push(inner.trim().to_string());
    }
    texts.join(" ")
}

/// The reschedule dialog at 120 columns with a time that cannot be read: the whole error
/// wraps inside the dialog, and the key line stays visible below it.
#[tokio::test]
async fn reschedule_dialog_wraps_a_long_error() {
    let mut state = seeded_state().await;
    state.set_clock(postpost_tui::api::model::parse_instant("2026-11-29T22:50:10Z").expect("t"));
    state.set_time_zone(TimeZoneChoice::Utc);
    keys(&mut state, &[Action::RequestReschedule, Action::ClearInput]);
    let typed: Vec<Action> = "2026-02-30 10:00".chars().map(Action::Input).collect();
    keys(&mut state, &typed);
    let screen = render(&mut state, 120, 30, Instant::now());
    let inside = dialog_text(&screen, "┌ Reschedule");
    assert!(
        inside.contains("\"2026-02-30\": use YYYY-MM-DD, e.g. 2026-12-25"),
        "the error wraps whole:\n{screen}"
    );
    assert!(
        inside.contains("use this time"),
        "key line shown:\n{screen}"
    );
}

/// In read-only mode the help overlay says the changing keys (d, t, D, R) are off, as the
/// footer does, and still lists the others as they are.
#[tokio::test]
async fn help_in_read_only_mode_marks_the_changing_keys_off() {
    let mut state = seeded_state().await;
    keys(&mut state, &[Action::ToggleHelp]);
    let screen = render(&mut state, 100, 30, Instant::now());
    assert!(
        screen.contains("delete marked (or cursor) posts"),
        "{screen}"
    );
    assert!(!screen.contains("read-only"), "{screen}");
    state.settings.read_only = true;
    let screen = render(&mut state, 100, 30, Instant::now());
    for entry in [
        " d/Del    read-only: deleting is off",
        " t        read-only: rescheduling is off",
        " D        read-only: moving to draft is off",
    ] {
        assert!(screen.contains(entry), "{entry}:\n{screen}");
    }
    assert!(
        !screen.contains("delete marked (or cursor) posts"),
        "{screen}"
    );
    assert!(screen.contains(" /        "), "other keys stay:\n{screen}");
    keys(&mut state, &[Action::CursorDown; 12]);
    let scrolled = render(&mut state, 100, 30, Instant::now());
    assert!(
        scrolled.contains(" R        read-only: retrying failed posts is off"),
        "{scrolled}"
    );
}

/// Acting as a user given by id whose name is not known (yet): the header shows the whole id.
#[tokio::test]
async fn header_shows_the_whole_id_of_an_unnamed_user() {
    let mut state = seeded_state().await;
    state.act_as(postpost_tui::app::state::ActingAs {
        user_id: Some("6650a1b2c3d4e5f60123ab12".into()),
        name: None,
    });
    let screen = render(&mut state, 100, 30, Instant::now());
    let header = screen.lines().next().unwrap_or_default().to_string();
    assert!(
        header.contains(" as user 6650a1b2c3d4e5f60123ab12 "),
        "{header}"
    );
}

/// The seeded state on the stats screen, "today" fixed inside the seed's scheduled times.
async fn stats_state() -> AppState {
    let mut state = seeded_state().await;
    keys(&mut state, &[Action::ShowStats]);
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).expect("date");
    state.refresh_stats(Instant::now(), today, |ms| TimeZoneChoice::Utc.day_of(ms));
    state
}

/// The stats screen adapts (QA): at 80x24 and 60x15 every status is on screen with its count
/// and, for a non-zero count, a bar; day labels keep both digits; down to 45x12 nothing panics
/// or spills.
#[tokio::test]
async fn stats_screen_adapts_to_small_terminals() {
    let mut state = stats_state().await;
    let stats = state.stats().expect("stats").clone();
    for (width, height) in [(120, 36), (100, 30), (80, 24), (60, 15), (45, 12)] {
        let screen = render(&mut state, width, height, Instant::now());
        assert_clean(&screen, width, &format!("stats at {width}x{height}"));
        if width < 60 {
            continue;
        }
        for (name, count) in &stats.by_status {
            let short = ui::stats::short_name(name);
            let line = screen
                .lines()
                .find(|line| {
                    line.replace('│', " ")
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .windows(2)
                        .any(|pair| {
                            (pair[0] == name.as_str() || pair[0] == short)
                                && pair[1] == count.to_string()
                        })
                })
                .unwrap_or_else(|| panic!("{name} {count} at {width}x{height}:\n{screen}"));
            if *count > 0 {
                assert!(
                    line.contains('█') || line.contains('▏') || line.contains('▌'),
                    "{name} has no bar at {width}x{height}: {line}"
                );
            }
        }
    }
    // 29 and 30 November and 1 and 2 December: whichever labels are drawn keep both digits.
    let screen = render(&mut state, 80, 24, Instant::now());
    let labels = screen
        .lines()
        .rev()
        .find(|line| line.contains("20 "))
        .expect("a label row");
    for word in labels
        .trim_matches(|c| c == '│' || c == ' ')
        .split_whitespace()
    {
        assert_eq!(word.len(), 2, "label {word:?} in {labels}");
    }
    // At 60x15 the days shrink to a sparkline line that still gives the window's numbers.
    let screen = render(&mut state, 60, 15, Instant::now());
    assert!(screen.contains("12 in 4 wks"), "{screen}");
    assert!(screen.contains("+6 more, 56 posts"), "{screen}");
    // At 100x30 every day has its label.
    let screen = render(&mut state, 100, 30, Instant::now());
    assert!(screen.contains("29 30 01 02"), "{screen}");
}

/// QA: at 80 columns the connections table keeps the token status whole (a short word in its
/// colour) and the last post's full time, leaves the display name out, and ends cut names with
/// `…`; at 60 and 45 columns the platform, username and token still show.
#[tokio::test]
async fn connections_table_fits_narrow_terminals() {
    let mut state = connections_state().await;
    let screen = render(&mut state, 80, 24, Instant::now());
    assert_clean(&screen, 80, "connections at 80x24");
    let table: Vec<&str> = screen.lines().skip(2).take(9).collect();
    let table = table.join("\n");
    for word in [
        "valid",
        "expiring ",
        "expired",
        "unknown",
        "2026-11-28 16:00",
    ] {
        assert!(table.contains(word), "{word} in\n{screen}");
    }
    assert!(!table.contains("display name"), "{screen}");
    assert!(table.contains("last error"), "{screen}");
    assert!(table.contains("Northbeam Coffe…"), "{screen}");
    // The colour goes with the short word.
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
    terminal
        .draw(|frame| ui::draw(frame, &state, &context(Instant::now())))
        .expect("draw");
    let buffer = terminal.backend().buffer();
    let (y, line) = screen
        .lines()
        .enumerate()
        .find(|(_, line)| line.contains("expiring "))
        .expect("expiring row");
    let x = line[..line.find("expiring ").expect("word")]
        .chars()
        .count();
    assert_eq!(
        buffer[(
            u16::try_from(x).expect("fits"),
            u16::try_from(y).expect("fits")
        )]
            .fg,
        ratatui::style::Color::Yellow
    );
    for width in [60, 45] {
        let screen = render(&mut state, width, 15, Instant::now());
        assert_clean(&screen, width, "narrow connections");
        for word in [
            "twitter",
            "@northbeamcoffee",
            "valid",
            "expiring",
            "expired",
        ] {
            assert!(screen.contains(word), "{word} at {width}:\n{screen}");
        }
    }
}

/// QA: at 60 columns each managed user in the picker stays on one line (cut with `…`), so
/// "posts left today" never wraps onto a line of its own that reads as another entry.
#[tokio::test]
async fn user_picker_entries_stay_on_one_line_when_narrow() {
    let mut state = seeded_state().await;
    keys(&mut state, &[Action::OpenUserPicker]);
    let ids = postpost_tui::mock::MockConfig::default().managed_user_ids;
    let users = postpost_tui::mock::managed_users(&ids);
    let seq = state.users_seq();
    apply_settled(
        &mut state,
        WorkerEvent::WorkspaceUsersLoaded {
            seq,
            result: Ok(users),
        },
        Instant::now(),
    );
    let entries = match state.overlay() {
        Some(postpost_tui::app::state::Overlay::UserPicker(picker)) => picker.entries.clone(),
        other => panic!("picker not open: {other:?}"),
    };
    assert!(entries.len() > 1, "managed users loaded");
    for width in [60, 100] {
        let screen = render(&mut state, width, 24, Instant::now());
        assert_clean(&screen, width, "user picker");
        let inside: Vec<String> = screen
            .lines()
            .filter(|line| line.contains('│'))
            .map(|line| line.replace('│', " ").trim().to_string())
            .collect();
        for entry in &entries {
            let name = postpost_tui::text::sanitize::truncate_to_width(&entry.name, 10);
            let name = name.trim_end_matches('…');
            assert!(
                inside.iter().any(|line| line.contains(name)),
                "{name} at {width}:\n{screen}"
            );
        }
        assert!(
            !inside.iter().any(|line| line.starts_with("posts left")
                || line.starts_with("today")
                || line
                    .split_whitespace()
                    .next()
                    .is_some_and(|word| word.parse::<u32>().is_ok())),
            "a wrapped tail at {width}:\n{screen}"
        );
    }
}

/// A workspace with more users than the popup has rows: the picker shows a window around the
/// cursor, so the user Enter would pick is always on screen.
#[tokio::test]
async fn a_long_user_picker_keeps_the_cursor_in_sight() {
    let mut state = seeded_state().await;
    keys(&mut state, &[Action::OpenUserPicker]);
    let ids: Vec<String> = (0..40).map(|n| format!("{:024x}", 0xabc000 + n)).collect();
    let users = postpost_tui::mock::managed_users(&ids);
    let last = users.last().expect("users").username.clone();
    let seq = state.users_seq();
    apply_settled(
        &mut state,
        WorkerEvent::WorkspaceUsersLoaded {
            seq,
            result: Ok(users),
        },
        Instant::now(),
    );
    let top = render(&mut state, 100, 30, Instant::now());
    assert!(top.contains("of 41"), "{top}");
    keys(&mut state, &[Action::CursorBottom]);
    for _ in 0..45 {
        keys(&mut state, &[Action::PickerDown]);
    }
    let bottom = render(&mut state, 100, 30, Instant::now());
    let last: String = last.chars().take(20).collect();
    assert!(
        !top.contains(&last),
        "the last user starts below the window: {top}"
    );
    assert!(
        bottom.contains(&last),
        "the cursor's user is shown: {bottom}"
    );
    assert!(bottom.contains("of 41"), "{bottom}");
}

/// A theme from the config file reaches the screen: the README's cursor example paints the cursor
/// row black on orange (not reversed), and the mono preset leaves no colour in any cell while the
/// cursor row stays reversed.
#[tokio::test]
async fn a_configured_theme_reaches_the_cells() {
    use postpost_tui::ui::Theme;
    use ratatui::style::{Color, Modifier};
    let mut state = seeded_state().await;
    let config = postpost_tui::config::parse_str(
        "[theme]\ncursor = { fg = \"black\", bg = \"#ffaf00\", bold = true }\n",
        std::path::Path::new("theme.toml"),
    )
    .expect("theme config parses");
    let draw = |state: &mut AppState, theme: Theme| {
        let mut terminal = Terminal::new(TestBackend::new(100, 30)).expect("terminal");
        let context = DrawContext {
            theme,
            ..context(Instant::now())
        };
        let viewport = ui::measure(ratatui::layout::Rect::new(0, 0, 100, 30), state, &context);
        state.prepare_frame(&viewport);
        terminal
            .draw(|frame| ui::draw(frame, state, &context))
            .expect("draw");
        terminal.backend().buffer().clone()
    };
    // Row 4 of the screen is the list's first row, where the cursor is.
    let orange = draw(
        &mut state,
        Theme::from_config(&config.theme, false).expect("theme"),
    );
    // Column 45 is the content text, which has no style of its own.
    let cell = &orange[(45, 4)];
    assert_eq!(
        (cell.fg, cell.bg),
        (Color::Black, Color::Rgb(255, 175, 0)),
        "cursor cell {cell:?}"
    );
    assert!(cell.modifier.contains(Modifier::BOLD));
    assert!(
        !cell.modifier.contains(Modifier::REVERSED),
        "colours as asked, not swapped"
    );
    let mono = draw(
        &mut state,
        Theme::from_config(&config.theme, true).expect("mono theme"),
    );
    assert!(
        mono.content()
            .iter()
            .all(|cell| matches!(cell.fg, Color::Reset) && matches!(cell.bg, Color::Reset)),
        "NO_COLOR: no colour anywhere"
    );
    assert!(
        mono[(5, 4)].modifier.contains(Modifier::REVERSED),
        "the cursor stays visible"
    );
}

/// The detail pane scrolls exactly to its last line (measured from the drawn pane), not into
/// blank space below it.
#[tokio::test]
async fn the_detail_pane_scrolls_to_its_last_line_and_no_further() {
    let mut state = seeded_state().await;
    // The longest post, so the pane has something to scroll.
    let longest = (0..state.posts.view_len())
        .max_by_key(|&i| {
            state
                .posts
                .view_row(i)
                .expect("shown")
                .post
                .content
                .as_deref()
                .map_or(0, str::len)
        })
        .expect("posts");
    state.posts.set_cursor(longest);
    keys(&mut state, &[Action::OpenDetail]);
    let (width, height) = (100, 30);
    let layout =
        ui::screen_layout(ratatui::layout::Rect::new(0, 0, width, height), &state).expect("layout");
    let pane = layout.detail.expect("detail pane");
    let limit = ui::detail::scroll_limit(pane, &state, &context(Instant::now()));
    assert!(limit > 0, "the longest post is taller than the pane");
    let viewport = ui::measure(
        ratatui::layout::Rect::new(0, 0, width, height),
        &state,
        &context(Instant::now()),
    );
    assert_eq!(
        viewport.panes.and_then(|panes| panes.detail_scroll_max),
        Some(limit),
        "the frame measures the focused pane"
    );
    state.prepare_frame(&viewport);
    for _ in 0..200 {
        keys(&mut state, &[Action::CursorDown]);
    }
    assert_eq!(state.detail.scroll(), limit, "j stops at the measured end");
    let screen = render(&mut state, width, height, Instant::now());
    // The pane's last inner row holds text: the end of the post, not blank space.
    let rows: Vec<&str> = screen.lines().collect();
    let bottom = usize::from(pane.y + pane.height - 2);
    let inner: String = rows[bottom]
        .chars()
        .skip(usize::from(pane.x) + 1)
        .take(usize::from(pane.width) - 2)
        .collect();
    assert!(
        !inner.trim().is_empty(),
        "bottom row of the pane:\n{screen}"
    );
}

/// The cells of `buffer` that are vertical pane borders in a frame of `state` at `area`,
/// with what they must hold: every row of each pane's left and right edge.
fn border_cells(state: &AppState, area: ratatui::layout::Rect) -> Vec<(u16, u16)> {
    let layout = ui::screen_layout(area, state).expect("a layout");
    let mut cells = Vec::new();
    for pane in [layout.list, layout.detail].into_iter().flatten() {
        for y in pane.y..pane.y + pane.height {
            cells.push((pane.x, y));
            cells.push((pane.x + pane.width - 1, y));
        }
    }
    cells
}

/// A wide glyph (CJK, emoji) at every column of each pane's last inner cell: no widget
/// writes over a border, in the list, the detail pane beside it, or the detail pane alone.
#[test]
fn a_wide_glyph_at_every_pane_edge_never_covers_a_border() {
    let glyphs = ["咖", "👍", "👩\u{200d}👩\u{200d}👧", "☺\u{fe0f}", "ｆ"];
    for (width, height, focus_detail) in [(100, 20, false), (100, 20, true), (60, 16, true)] {
        for glyph in glyphs {
            for lead in 0..60usize {
                let content = format!(
                    "{}{glyph}{glyph} {}{glyph}",
                    "a".repeat(lead),
                    "b".repeat(lead % 7)
                );
                let post: postpost_tui::api::model::PostSummary =
                    serde_json::from_value(serde_json::json!({
                        "postGroupId": "0123456789abcdef01234567",
                        "content": format!("{content}\n{content} {content}"),
                        "status": format!("st{}", "a".repeat(lead % 9)),
                        "platforms": [{"platformId": format!("x-{glyph}"), "platform": "twitter", "status": "failed"}],
                    }))
                    .expect("post");
                let mut state = AppState::new(UiSettings::default());
                let now = Instant::now();
                update(&mut state, Action::Reload, now);
                apply_settled(
                    &mut state,
                    WorkerEvent::PageLoaded {
                        seq: LoadSeq(1),
                        posts: vec![post],
                        skipped: 0,
                        pagination: Pagination::default(),
                    },
                    now,
                );
                if focus_detail {
                    update(&mut state, Action::SwitchFocus, now);
                }
                let buffer = draw(&mut state, width, height, &context(now));
                let area = ratatui::layout::Rect::new(0, 0, width, height);
                for (x, y) in border_cells(&state, area) {
                    let symbol = buffer[(x, y)].symbol();
                    assert!(
                        matches!(
                            symbol,
                            "│" | "┌"
                                | "┐"
                                | "└"
                                | "┘"
                                | "─"
                                | "┃"
                                | "┏"
                                | "┓"
                                | "┗"
                                | "┛"
                                | "━"
                        ),
                        "{glyph:?} with {lead} leading cells at {width}x{height} (detail focus {focus_detail}): cell ({x},{y}) holds {symbol:?}\n{}",
                        buffer_text(&buffer)
                    );
                }
            }
        }
    }
}

/// A 100 KB word with no space (ASCII, and wide glyphs) scrolls to its last row and to the
/// "… N more characters" note, in the detail pane beside the list and over it.
#[test]
fn a_long_unbroken_word_scrolls_to_its_end_and_the_truncation_note() {
    for (word, width) in [
        ("x".repeat(100_000), 100),
        ("咖".repeat(50_000), 100),
        ("y".repeat(100_000), 60),
    ] {
        let post: postpost_tui::api::model::PostSummary =
            serde_json::from_value(serde_json::json!({
                "postGroupId": "0123456789abcdef01234567",
                "content": word,
                "status": "draft",
            }))
            .expect("post");
        let mut state = AppState::new(UiSettings::default());
        let now = Instant::now();
        update(&mut state, Action::Reload, now);
        apply_settled(
            &mut state,
            WorkerEvent::PageLoaded {
                seq: LoadSeq(1),
                posts: vec![post],
                skipped: 0,
                pagination: Pagination::default(),
            },
            now,
        );
        keys(&mut state, &[Action::OpenDetail]);
        let height = 30;
        let mut screen = String::new();
        // Each press scrolls one row; measure and draw as the loop does between presses.
        for _ in 0..5_000 {
            screen = render(&mut state, width, height, now);
            if screen.contains("more characters not shown") {
                break;
            }
            let before = state.detail.scroll();
            keys(&mut state, &[Action::PageDown]);
            if state.detail.scroll() == before {
                keys(&mut state, &[Action::CursorDown]);
            }
            assert!(
                state.detail.scroll() > before || screen.contains("more characters"),
                "scrolling stopped at {before} before the end ({width} wide):\n{screen}"
            );
        }
        let note = format!(
            "… {} more characters not shown",
            word.chars().count() - 20_000
        );
        assert!(
            screen.contains(&note),
            "{note:?} is reachable ({width} wide):\n{screen}"
        );
    }
}

/// The connections screen too: a wide glyph at every offset of an account's names and last
/// error never covers the table's or the detail box's left and right borders.
#[tokio::test]
async fn a_wide_glyph_on_the_connections_screen_never_covers_a_border() {
    let mut state = connections_state().await;
    let now = Instant::now();
    for glyph in ["咖", "👍", "ｆ"] {
        for lead in 0..50usize {
            let text = format!(
                "{}{glyph}{glyph} {}{glyph}",
                "a".repeat(lead),
                "b".repeat(lead % 5)
            );
            let body = serde_json::json!({"success": true, "connections": [
                {"platformId": format!("twitter-{text}"), "username": text, "displayName": text,
                 "tokenStatus": "valid", "tokenExpiresIn": text, "lastSuccessfulPost": null,
                 "lastError": {"message": format!("{text} {text} {text}"), "occurredAt": "2026-11-23T08:00:02.000Z"}}
            ]});
            let page = postpost_tui::api::model::PlatformConnectionsPage::from_json(
                body.to_string().as_bytes(),
            )
            .expect("parses");
            let seq = state.connections.seq();
            apply_settled(
                &mut state,
                WorkerEvent::ConnectionsLoaded {
                    seq,
                    result: Ok(page),
                },
                now,
            );
            for (width, height) in [(100u16, 30u16), (61, 20)] {
                let buffer = draw(&mut state, width, height, &context(now));
                let area = ratatui::layout::Rect::new(0, 0, width, height);
                let body = ui::screen_layout(area, &state).expect("layout").body;
                for y in body.y..body.y + body.height {
                    for x in [body.x, body.x + body.width - 1] {
                        let symbol = buffer[(x, y)].symbol();
                        assert!(
                            matches!(symbol, "│" | "┌" | "┐" | "└" | "┘" | "├" | "┤"),
                            "{glyph:?} after {lead} cells at {width}x{height}: ({x},{y}) holds {symbol:?}\n{}",
                            buffer_text(&buffer)
                        );
                    }
                }
            }
        }
    }
}

/// A large batch's typed count keeps its field on screen however small the terminal: the lines
/// above it give way, never the field the user types into.
#[tokio::test]
async fn the_typed_count_stays_on_screen_in_a_small_terminal() {
    let mut state = seeded_state().await;
    keys(&mut state, &[Action::MarkAll, Action::RequestDelete]);
    for (width, height) in [(60, 15), (48, 12), (40, 12)] {
        let screen = render(&mut state, width, height, Instant::now());
        assert!(
            screen.contains("Type ") && screen.contains("cancel"),
            "{width}x{height}:\n{screen}"
        );
    }
}
