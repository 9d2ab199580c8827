//! Whole flows (DESIGN §5 rule 9, third level): the real app loop, the real worker and the mock
//! server on 127.0.0.1:0, driven by injected key presses and read off the drawn screen.

use std::io;
use std::time::Instant;

use crossterm::event::{
    Event, KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use postpost_tui::api::client::ListQuery;
use postpost_tui::api::model::{PostGroupId, PostStatus};
use postpost_tui::app::state::{AppState, UiSettings};
use postpost_tui::mock::{MockServer, SECOND_MANAGED_USER_ID};
use postpost_tui::time::TimeZoneChoice;
use postpost_tui::tui::run_loop;
use postpost_tui::ui::DrawContext;
use postpost_tui::worker::{self, WorkerOptions};
use ratatui::Terminal;
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use crate::support::{
    SharedBackend, WAIT, client_for, deleted_ids, seed_server, stored, wait_until,
};

/// A running TUI: the loop and the worker on tasks, keys in through a channel.
pub(crate) struct Tui {
    pub(crate) keys: mpsc::UnboundedSender<io::Result<Event>>,
    pub(crate) backend: SharedBackend,
    pub(crate) app: tokio::task::JoinHandle<AppState>,
}

impl Tui {
    pub(crate) fn start(server: &MockServer) -> Self {
        Self::start_with(server, DrawContext::default())
    }

    /// The loop with `context` (its keymap above all); the time zone is always UTC.
    fn start_with(server: &MockServer, context: DrawContext) -> Self {
        Self::start_custom(server, context, WorkerOptions::default())
    }

    /// The loop with `context` and the worker with `options`.
    pub(crate) fn start_custom(
        server: &MockServer,
        context: DrawContext,
        options: WorkerOptions,
    ) -> Self {
        let backend = SharedBackend::new(100, 30);
        let mut terminal = Terminal::new(backend.clone()).expect("terminal");
        let (keys, mut key_rx) = mpsc::unbounded_channel::<io::Result<Event>>();
        let input = futures_util::stream::poll_fn(move |cx| key_rx.poll_recv(cx));
        let (command_tx, command_rx) = mpsc::channel(256);
        let (event_tx, event_rx) = mpsc::channel(1024);
        tokio::spawn(worker::run(
            client_for(server),
            options,
            command_rx,
            event_tx,
        ));
        let app = tokio::spawn(async move {
            let mut state = AppState::new(UiSettings {
                confirm_typed_threshold: 20,
                server_label: "mock".into(),
                demo: true,
                ..UiSettings::default()
            });
            let context = DrawContext {
                time_zone: TimeZoneChoice::Utc,
                ..context
            };
            run_loop(
                &mut terminal,
                &mut state,
                context,
                input,
                command_tx,
                event_rx,
                CancellationToken::new(),
            )
            .await
            .expect("loop runs");
            state
        });
        Self { keys, backend, app }
    }

    fn mouse(&self, kind: MouseEventKind, column: u16, row: u16) {
        self.keys
            .send(Ok(Event::Mouse(MouseEvent {
                kind,
                column,
                row,
                modifiers: KeyModifiers::NONE,
            })))
            .expect("loop is listening");
    }

    pub(crate) fn press(&self, code: KeyCode) {
        self.keys
            .send(Ok(Event::Key(KeyEvent::new(code, KeyModifiers::NONE))))
            .expect("loop is listening");
    }

    /// Each character of `text` as a key press, as a person types it.
    pub(crate) fn type_keys(&self, text: &str) {
        for c in text.chars() {
            self.press(KeyCode::Char(c));
        }
    }

    /// `text` pasted into the terminal (a bracketed paste: one event).
    pub(crate) fn paste(&self, text: &str) {
        self.keys
            .send(Ok(Event::Paste(text.to_string())))
            .expect("loop is listening");
    }

    pub(crate) async fn wait_for(&self, text: &str) {
        let backend = self.backend.clone();
        let mut last = String::new();
        let found = tokio::time::timeout(WAIT, async {
            loop {
                last = backend.screen();
                if last.contains(text) {
                    return;
                }
                tokio::time::sleep(std::time::Duration::from_millis(10)).await;
            }
        })
        .await;
        assert!(
            found.is_ok(),
            "screen never showed {text:?}; last screen:\n{}",
            backend.screen()
        );
    }

    pub(crate) async fn quit(self) -> AppState {
        self.press(KeyCode::Char('q'));
        tokio::time::timeout(WAIT, self.app)
            .await
            .expect("loop ends on q")
            .expect("loop task")
    }
}

/// The ids in the order the list shows them: created, newest first, ties by id.
pub(crate) async fn ids_as_listed(server: &MockServer) -> Vec<PostGroupId> {
    let page = client_for(server)
        .list_posts(&ListQuery {
            page: 1,
            limit: 100,
            ..ListQuery::default()
        })
        .await
        .expect("list");
    let mut posts = page.posts;
    posts.sort_by(|a, b| {
        let time = |p: &postpost_tui::api::model::PostSummary| {
            p.created_at.as_ref().and_then(|t| t.parsed())
        };
        time(b)
            .cmp(&time(a))
            .then_with(|| a.post_group_id.cmp(&b.post_group_id))
    });
    posts.into_iter().map(|p| p.post_group_id).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn marking_three_posts_and_confirming_deletes_exactly_those() {
    let server = seed_server().await;
    let listed = ids_as_listed(&server).await;
    let total = listed.len();
    assert!(
        listed.len() >= 10 && listed.len() <= 100,
        "seed fits one page"
    );
    let tui = Tui::start(&server);
    tui.wait_for(&format!("Posts ({total})")).await;
    tui.press(KeyCode::Char(' '));
    tui.press(KeyCode::Char(' '));
    tui.press(KeyCode::Char(' '));
    tui.wait_for("3 marked").await;
    tui.press(KeyCode::Char('d'));
    tui.wait_for("Delete 3 posts").await;
    assert!(
        deleted_ids(&server).is_empty(),
        "nothing is deleted before the confirmation"
    );
    tui.press(KeyCode::Char('y'));
    tui.wait_for("deleted 3").await;
    tui.wait_for(&format!("Posts ({})", total - 3)).await;

    let expected: Vec<String> = listed[..3]
        .iter()
        .map(|id| id.as_str().to_string())
        .collect();
    let mut sent = deleted_ids(&server);
    sent.sort();
    let mut want = expected.clone();
    want.sort();
    assert_eq!(
        sent, want,
        "exactly the three marked posts were deleted, once each"
    );
    for id in &listed[..3] {
        assert!(!server.contains(id), "{id} still on the server");
    }
    for id in &listed[3..] {
        assert!(server.contains(id), "{id} was not marked but is gone");
    }
    let state = tui.quit().await;
    for id in &listed[..3] {
        assert!(state.posts.row(id).is_none(), "{id} still listed");
    }
    assert_eq!(state.posts.view_len(), total - 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancelling_the_dialog_deletes_nothing_and_filters_narrow_the_list() {
    let server = seed_server().await;
    let total = ids_as_listed(&server).await.len();
    let tui = Tui::start(&server);
    tui.wait_for(&format!("Posts ({total})")).await;
    tui.press(KeyCode::Char('d'));
    tui.wait_for("Delete 1 post").await;
    tui.press(KeyCode::Char('n'));
    tui.wait_for("nothing was deleted").await;
    // Status picker: all, draft, scheduled, published, failed → Enter.
    tui.press(KeyCode::Char('s'));
    tui.wait_for(" Status ").await;
    for _ in 0..4 {
        tui.press(KeyCode::Down);
    }
    tui.press(KeyCode::Enter);
    tui.wait_for("status failed").await;
    let started = Instant::now();
    let state = tui.quit().await;
    assert!(started.elapsed() < WAIT);
    assert!(deleted_ids(&server).is_empty());
    assert!(state.posts.view_len() > 0);
    assert!(
        state
            .posts
            .view_rows()
            .all(|row| row.post.status.as_str() == "failed")
    );
    assert!(state.posts.view_len() < total);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keys_do_nothing_but_quit_while_the_terminal_is_too_small() {
    let server = seed_server().await;
    let total = ids_as_listed(&server).await.len();
    let tui = Tui::start(&server);
    tui.wait_for(&format!("Posts ({total})")).await;
    tui.backend.resize(20, 5);
    // A resize event makes the loop redraw at the new size.
    tui.keys
        .send(Ok(Event::Resize(20, 5)))
        .expect("loop is listening");
    tui.wait_for("too small").await;
    for key in ['j', ' ', 'd', 'y'] {
        tui.press(KeyCode::Char(key));
    }
    tui.backend.resize(100, 30);
    tui.keys
        .send(Ok(Event::Resize(100, 30)))
        .expect("loop is listening");
    tui.wait_for(&format!("Posts ({total})")).await;
    let state = tui.quit().await;
    assert!(
        deleted_ids(&server).is_empty(),
        "a key pressed on the too-small screen deleted a post"
    );
    assert!(state.posts.marked().is_empty());
    assert!(state.overlay().is_none());
}

/// With `request_delete` remapped to `X`, `d` does nothing and `X` opens the confirmation; the
/// mock then sees exactly one delete, of the cursor post.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_remapped_delete_key_deletes_and_the_old_one_does_nothing() {
    let server = seed_server().await;
    let listed = ids_as_listed(&server).await;
    let overrides: postpost_tui::config::KeyOverrides =
        toml::from_str("[browse]\nrequest_delete = [\"X\"]\n").expect("overrides");
    let (keymap, clashes) =
        postpost_tui::app::keymap::Keymap::with_overrides(&overrides).expect("valid");
    assert!(clashes.is_empty());
    let tui = Tui::start_with(
        &server,
        DrawContext {
            keymap,
            ..DrawContext::default()
        },
    );
    tui.wait_for(&format!("Posts ({})", listed.len())).await;
    // Had `d` opened the dialog, `j` and `X` would do nothing and `y` would delete listed[0].
    tui.press(KeyCode::Char('d'));
    tui.press(KeyCode::Char('j'));
    tui.keys
        .send(Ok(Event::Key(KeyEvent::new(
            KeyCode::Char('X'),
            KeyModifiers::SHIFT,
        ))))
        .expect("loop is listening");
    tui.wait_for("Delete 1 post").await;
    assert!(deleted_ids(&server).is_empty());
    tui.press(KeyCode::Char('y'));
    tui.wait_for("deleted 1").await;
    tui.quit().await;
    assert_eq!(deleted_ids(&server), vec![listed[1].as_str().to_string()]);
}

/// Mouse events through the real loop. A click moves the cursor, a click on the mark column marks
/// that row, the wheel scrolls by 3, and a click under the confirm dialog neither answers it nor
/// marks anything.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mouse_clicks_move_the_cursor_and_mark_rows_but_never_answer_a_dialog() {
    let server = seed_server().await;
    let listed = ids_as_listed(&server).await;
    let total = listed.len();
    let tui = Tui::start(&server);
    tui.wait_for(&format!("Posts ({total})")).await;
    // 100x30: header, filter bar, the list's border and column header; rows from y = 4.
    let left = MouseEventKind::Down(MouseButton::Left);
    tui.mouse(left, 30, 4 + 2);
    tui.wait_for(&format!(" 3/{total} ")).await;
    tui.mouse(left, 1, 4 + 5);
    tui.wait_for("1 marked").await;
    tui.wait_for(&format!(" 6/{total} ")).await;
    tui.mouse(MouseEventKind::ScrollDown, 30, 10);
    tui.wait_for(&format!(" 9/{total} ")).await;
    tui.press(KeyCode::Char('d'));
    tui.wait_for("Delete 1 post").await;
    tui.mouse(left, 1, 4);
    tui.mouse(left, 30, 12);
    tui.mouse(MouseEventKind::ScrollDown, 30, 10);
    tui.press(KeyCode::Char('n'));
    tui.wait_for("nothing was deleted").await;
    let state = tui.quit().await;
    assert!(deleted_ids(&server).is_empty());
    assert_eq!(
        state.posts.marked().iter().collect::<Vec<_>>(),
        vec![&listed[5]],
        "exactly the clicked row is marked"
    );
    assert_eq!(
        state.posts.cursor(),
        8,
        "clicks under the dialog did not move the cursor"
    );
}

#[tokio::test]
async fn the_stats_screen_counts_the_loaded_posts_and_keys_switch_screens() {
    let server = seed_server().await;
    let tui = Tui::start(&server);
    tui.wait_for("56 shown / 56 posts").await;
    tui.press(KeyCode::Char('3'));
    tui.wait_for("Posts per status: all 56 loaded").await;
    tui.wait_for("stats count every loaded post").await;
    tui.wait_for("Scheduled per day from").await;
    // `d` means nothing on the stats screen: no dialog may open there.
    tui.press(KeyCode::Char('d'));
    tui.press(KeyCode::Char('1'));
    tui.wait_for("56 shown / 56 posts").await;
    let state = tui.quit().await;
    assert!(state.overlay().is_none());
    assert_eq!(state.screen(), postpost_tui::app::state::Screen::Posts);
    assert!(deleted_ids(&server).is_empty());
    server.shutdown().await;
}

impl Tui {
    fn press_ctrl(&self, c: char) {
        self.keys
            .send(Ok(Event::Key(KeyEvent::new(
                KeyCode::Char(c),
                KeyModifiers::CONTROL,
            ))))
            .expect("loop is listening");
    }

    fn type_text(&self, text: &str) {
        for c in text.chars() {
            self.press(KeyCode::Char(c));
        }
    }
}

/// Rescheduling end to end: filter to scheduled posts, mark three, `t`, type a time, Enter, `y`:
/// exactly those three are rescheduled on the server, once each, and the list shows the server's
/// time.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn marking_three_scheduled_posts_and_rescheduling_moves_exactly_those() {
    let server = seed_server().await;
    let total = ids_as_listed(&server).await.len();
    let before = stored(&server);
    let tui = Tui::start(&server);
    tui.wait_for(&format!("Posts ({total})")).await;
    // Status picker: all, draft, scheduled → Enter.
    tui.press(KeyCode::Char('s'));
    tui.wait_for(" Status ").await;
    tui.press(KeyCode::Down);
    tui.press(KeyCode::Down);
    tui.press(KeyCode::Enter);
    tui.wait_for("status scheduled").await;
    for _ in 0..3 {
        tui.press(KeyCode::Char(' '));
    }
    tui.wait_for("3 marked").await;
    tui.press(KeyCode::Char('t'));
    tui.wait_for("Reschedule 3 posts").await;
    tui.press_ctrl('u');
    tui.type_text("2027-01-15 10:00");
    tui.wait_for("= 2027-01-15 10:00 UTC").await;
    tui.press(KeyCode::Enter);
    tui.wait_for("Reschedule 3 posts to 2027-01-15 10:00").await;
    assert!(
        server.requests().iter().all(|r| r.method != "PUT"),
        "nothing is sent before y"
    );
    tui.press(KeyCode::Char('y'));
    tui.wait_for("rescheduled 3").await;

    let puts: Vec<PostGroupId> = server
        .requests()
        .into_iter()
        .filter(|r| r.method == "PUT" && r.path.starts_with("/api/v1/update-post/"))
        .map(|r| PostGroupId::new_unchecked(r.path.rsplit('/').next().unwrap_or_default()))
        .collect();
    assert_eq!(puts.len(), 3, "{puts:?}");
    let after = stored(&server);
    let wanted = postpost_tui::api::model::parse_instant("2027-01-15T10:00:00Z");
    for (id, old) in &before {
        if puts.contains(id) {
            assert_eq!(old.0, PostStatus::Scheduled, "{id} was a scheduled post");
            assert_eq!(after[id], (PostStatus::Scheduled, wanted), "{id}");
        } else {
            assert_eq!(&after[id], old, "{id} was not marked but changed");
        }
    }
    let state = tui.quit().await;
    for id in &puts {
        let row = state.posts.row(id).expect("still listed");
        assert_eq!(
            row.post.scheduled_time.as_ref().and_then(|t| t.parsed()),
            wanted
        );
    }
}

/// Switching users end to end: `u`, pick the second managed user → the header names them, the list
/// shows their posts, and every request after the switch carries their id.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn picking_a_managed_user_shows_their_posts_and_sends_their_header() {
    let server = seed_server().await;
    let total = ids_as_listed(&server).await.len();
    let tui = Tui::start(&server);
    tui.wait_for(&format!("Posts ({total})")).await;
    tui.wait_for(" as owner ").await;
    // The cursor post's get-post goes out as the owner once the cursor rests (debounced):
    // let it reach the log before the log is cleared, or it would be counted below.
    wait_until("the owner's get-post for the cursor post", || {
        server
            .requests()
            .iter()
            .any(|r| r.path.starts_with("/api/v1/get-post/"))
    })
    .await;
    tui.press(KeyCode::Char('u'));
    tui.wait_for("hello@harborbooks.example").await;
    server.clear_requests();
    tui.press(KeyCode::Down);
    tui.press(KeyCode::Down);
    tui.press(KeyCode::Enter);
    tui.wait_for("Posts (3)").await;
    tui.wait_for(" as Harbor").await;
    let screen = tui.backend.screen();
    assert!(screen.contains("Harbor Books staff picks"), "{screen}");
    assert!(
        !screen.contains("Ethiopia Guji"),
        "the owner's posts are gone:\n{screen}"
    );
    let state = tui.quit().await;
    assert_eq!(
        state.acting().user_id.as_deref(),
        Some(SECOND_MANAGED_USER_ID)
    );
    let log = server.requests();
    assert!(!log.is_empty());
    assert!(
        log.iter()
            .all(|r| r.user_id.as_deref() == Some(SECOND_MANAGED_USER_ID)),
        "{log:?}"
    );
    assert!(log.iter().any(|r| r.path == "/api/v1/list-posts"));
}

/// The logs tab through the real loop, worker and mock: `]` shows the logs tab, the worker fetches
/// post-logs for the cursor post, and its entries arrive on screen.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn logs_tab_shows_the_cursor_posts_log_from_the_server() {
    let server = seed_server().await;
    let listed = ids_as_listed(&server).await;
    let total = listed.len();
    let tui = Tui::start(&server);
    tui.wait_for(&format!("Posts ({total})")).await;
    // Move to a failed post, so the log has failures to show.
    tui.press(KeyCode::Char('s'));
    tui.wait_for(" Status ").await;
    for _ in 0..4 {
        tui.press(KeyCode::Down);
    }
    tui.press(KeyCode::Enter);
    tui.wait_for("status failed").await;
    tui.press(KeyCode::Char(']'));
    tui.wait_for("Log (").await;
    tui.wait_for("publish_failed").await;
    let state = tui.quit().await;
    let cursor = state.posts.cursor_id().cloned().expect("a cursor post");
    let expected = client_for(&server)
        .post_logs(&cursor)
        .await
        .expect("logs from the mock");
    match state.detail.logs(&cursor).expect("logs asked for") {
        postpost_tui::app::state::LogsEntry::Loaded { logs, .. } => {
            assert_eq!(logs, &expected.logs, "the screen holds the server's log")
        }
        other => panic!("logs not loaded: {other:?}"),
    }
    let asked: Vec<String> = server
        .requests()
        .into_iter()
        .filter(|r| r.path.starts_with("/api/v1/post-logs/"))
        .map(|r| r.path)
        .collect();
    assert!(
        asked.contains(&format!("/api/v1/post-logs/{cursor}")),
        "{asked:?}"
    );
    assert!(deleted_ids(&server).is_empty());
}

/// The connections screen through the real loop, worker and mock: `2` shows the connections with
/// their token statuses, Enter on one filters the list to its posts, Esc clears the filter.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connections_screen_lists_accounts_and_enter_filters_the_posts() {
    let server = seed_server().await;
    let total = ids_as_listed(&server).await.len();
    let linkedin = "linkedin-Tz9W5i6ZYG";
    let on_linkedin = client_for(&server)
        .list_posts(&ListQuery {
            page: 1,
            limit: 100,
            platform: Some("linkedin".into()),
            ..ListQuery::default()
        })
        .await
        .expect("list")
        .posts
        .iter()
        .filter(|p| p.platforms.iter().any(|t| t.platform_id == linkedin))
        .count();
    assert!(on_linkedin > 0 && on_linkedin < total);
    let tui = Tui::start(&server);
    tui.wait_for(&format!("Posts ({total})")).await;
    tui.press(KeyCode::Char('2'));
    tui.wait_for("Connections (11)").await;
    // The table names the token status in one short word (`expiring` for expiring_soon).
    tui.wait_for("expiring ").await;
    tui.wait_for("expired").await;
    // The seed file lists twitter first, then linkedin.
    tui.press(KeyCode::Char('j'));
    tui.wait_for(&format!("account    {linkedin}")).await;
    tui.press(KeyCode::Enter);
    tui.wait_for("connection linkedin Northbeam Coffee Roasters")
        .await;
    tui.wait_for(&format!("Posts ({on_linkedin})")).await;
    tui.press(KeyCode::Esc);
    tui.wait_for(&format!("Posts ({total})")).await;
    tui.press(KeyCode::Char('2'));
    tui.wait_for("Connections (11)").await;
    // The cursor kept its place; g goes back to twitter.
    tui.wait_for(&format!("account    {linkedin}")).await;
    tui.press(KeyCode::Char('g'));
    tui.wait_for("account    twitter-1402938475").await;
    tui.press(KeyCode::Enter);
    tui.wait_for("connection twitter @northbeamcoffee").await;
    let state = tui.quit().await;
    assert_eq!(
        state.posts.filter().connection.as_deref(),
        Some("twitter-1402938475")
    );
    assert!(state.posts.view_len() > 0);
    assert!(
        state
            .posts
            .view_rows()
            .all(|row| row.has_platform_id("twitter-1402938475"))
    );
    let connection_requests = server
        .requests()
        .iter()
        .filter(|r| r.path == "/api/v1/platform-connections")
        .count();
    assert_eq!(connection_requests, 1, "fetched once, on first show");
}

impl Tui {
    fn ctrl(&self, c: char) {
        self.keys
            .send(Ok(Event::Key(KeyEvent::new(
                KeyCode::Char(c),
                KeyModifiers::CONTROL,
            ))))
            .expect("loop is listening");
    }
}

/// Every post of the seed account (one page), for computing what a query should choose.
async fn seed_posts(server: &MockServer) -> Vec<postpost_tui::api::model::PostSummary> {
    client_for(server)
        .list_posts(&ListQuery {
            page: 1,
            limit: 100,
            ..ListQuery::default()
        })
        .await
        .expect("list")
        .posts
}

/// The cleanup task of the query language: "failed twitter posts, except those mentioning a
/// sale" typed as one query; an incomplete negation shows its error under the field while the
/// list keeps the last good query; Ctrl-a marks from inside the field; the delete sends exactly
/// the posts an independent computation over the server's data picks.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_query_with_a_negation_chooses_and_deletes_exactly_its_posts() {
    let server = seed_server().await;
    let posts = seed_posts(&server).await;
    let expected: std::collections::BTreeSet<String> = posts
        .iter()
        .filter(|p| p.status == PostStatus::Failed)
        .filter(|p| p.platforms.iter().any(|t| t.platform.as_str() == "twitter"))
        .filter(|p| {
            !p.content
                .as_deref()
                .unwrap_or("")
                .to_lowercase()
                .contains("sale")
        })
        .map(|p| p.post_group_id.as_str().to_string())
        .collect();
    assert!((2..20).contains(&expected.len()), "{expected:?}");
    let tui = Tui::start(&server);
    tui.wait_for(&format!("Posts ({})", posts.len())).await;
    tui.press(KeyCode::Char('/'));
    tui.type_text("status:failed platform:twitter -");
    tui.wait_for("✗ -: a - must be followed by").await;
    tui.type_text("sale");
    tui.wait_for(&format!("Posts ({})", expected.len())).await;
    // Ctrl-a works while the field is open.
    tui.ctrl('a');
    tui.wait_for(&format!("{} marked", expected.len())).await;
    tui.press(KeyCode::Enter);
    tui.wait_for("query status failed · platform twitter · not \"sale\"")
        .await;
    tui.press(KeyCode::Char('d'));
    tui.wait_for(&format!("Delete {} posts", expected.len()))
        .await;
    tui.press(KeyCode::Char('y'));
    tui.wait_for(&format!("deleted {}", expected.len())).await;
    let sent: std::collections::BTreeSet<String> = deleted_ids(&server).into_iter().collect();
    assert_eq!(sent, expected);
    tui.quit().await;
}

/// The status and platform pickers take several choices (Space checks, Enter applies) and write
/// them into the query; `V` unmarks every post the filter shows.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn multi_choice_pickers_write_the_query_and_v_unmarks_what_is_shown() {
    let server = seed_server().await;
    let posts = seed_posts(&server).await;
    let count = |statuses: &[&str], platforms: &[&str]| {
        posts
            .iter()
            .filter(|p| statuses.contains(&p.status.as_str()))
            .filter(|p| {
                platforms.is_empty()
                    || p.platforms
                        .iter()
                        .any(|t| platforms.contains(&t.platform.as_str()))
            })
            .count()
    };
    let tui = Tui::start(&server);
    tui.wait_for(&format!("Posts ({})", posts.len())).await;
    // Entries: all, draft, scheduled, published, failed, partially_published.
    tui.press(KeyCode::Char('s'));
    tui.wait_for("Status (Space: several)").await;
    for key in ['j', ' ', 'j', 'j', 'j', ' '] {
        tui.press(KeyCode::Char(key));
    }
    tui.wait_for("[x] failed").await;
    tui.press(KeyCode::Enter);
    tui.wait_for("query status draft,failed").await;
    let shown = count(&["draft", "failed"], &[]);
    tui.wait_for(&format!("Posts ({shown})")).await;
    // Entries: all, twitter, linkedin, …
    tui.press(KeyCode::Char('p'));
    tui.wait_for("Platform (Space: several)").await;
    for key in ['j', ' ', 'j', ' '] {
        tui.press(KeyCode::Char(key));
    }
    tui.press(KeyCode::Enter);
    tui.wait_for("status draft,failed · platform twitter,linkedin")
        .await;
    let shown = count(&["draft", "failed"], &["twitter", "linkedin"]);
    assert!(shown > 0);
    tui.wait_for(&format!("Posts ({shown})")).await;
    tui.ctrl('a');
    tui.wait_for(&format!("{shown} marked")).await;
    tui.press(KeyCode::Char('V'));
    tui.wait_for(&format!("unmarked {shown} posts shown")).await;
    let state = tui.quit().await;
    assert!(state.posts.marked().is_empty());
    assert_eq!(
        state.posts.filter().text,
        "status:draft,failed platform:twitter,linkedin"
    );
}
