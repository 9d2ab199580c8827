//! Deletes exactly what was chosen (DESIGN §7 rules 1–3), as a user meets it: the paths that
//! once deleted or marked posts nobody chose, reproduced through the real loop, the worker and
//! the mock, each checked against the mock's request log.

use crossterm::event::KeyCode;
use postpost_tui::api::model::{CreatePostRequest, PostGroupId, PostStatus, format_instant};
use postpost_tui::mock::{Faults, MockServer};
use postpost_tui::ui::DrawContext;
use postpost_tui::worker::WorkerOptions;

use crate::flow::{Tui, ids_as_listed};
use crate::headless::Run;
use crate::support::{KEY, client_for, deleted_ids, seed_server, stored, text, wait_until};

/// The requests that change posts (delete-post, update-post) the mock received.
fn changing_requests(server: &MockServer) -> Vec<String> {
    server
        .requests()
        .into_iter()
        .filter(|r| r.method == "DELETE" || r.method == "PUT")
        .map(|r| format!("{} {}", r.method, r.path))
        .collect()
}

/// `t` and `D` on posts that cannot change open a dialog saying why; the time the user goes on
/// typing, and the `y` a reschedule ends with, reach neither the list nor a delete dialog.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keys_typed_after_a_refused_reschedule_go_nowhere() {
    let server = seed_server().await;
    let total = ids_as_listed(&server).await.len();
    let tui = Tui::start(&server);
    tui.wait_for(&format!("Posts ({total})")).await;
    // Only the published posts: all, draft, scheduled, published.
    tui.press(KeyCode::Char('s'));
    tui.wait_for(" Status ").await;
    for _ in 0..3 {
        tui.press(KeyCode::Down);
    }
    tui.press(KeyCode::Enter);
    tui.wait_for("status published").await;
    tui.type_keys("   ");
    tui.wait_for("3 marked").await;
    for (key, typed) in [
        ('t', "+1d"),
        ('t', "tomorrow 09:00"),
        ('D', "dy dd"),
        ('t', "2026-12-24 10:00"),
    ] {
        tui.press(KeyCode::Char(key));
        tui.wait_for("not done").await;
        tui.type_keys(typed);
        tui.press(KeyCode::Enter);
        tui.type_keys("y");
    }
    // The marks, the filter and the sort are as they were; nothing was sent.
    tui.wait_for("3 marked").await;
    let state = tui.quit().await;
    assert_eq!(changing_requests(&server), Vec::<String>::new());
    assert_eq!(state.posts.marked().len(), 3);
    assert!(state.overlay().is_none());
    // The picker wrote the query; no typed key reached `/`.
    assert_eq!(
        state.posts.filter().text,
        "status:published",
        "no key reached /"
    );
    assert!(
        state
            .posts
            .view_rows()
            .all(|row| row.post.status == PostStatus::Published)
    );
}

/// `g v j j j` walks over 4 posts; two sort changes later, `d y` deletes exactly those 4.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sort_change_during_range_marking_keeps_the_rows_walked_over() {
    let server = seed_server().await;
    let listed = ids_as_listed(&server).await;
    let tui = Tui::start(&server);
    tui.wait_for(&format!("Posts ({})", listed.len())).await;
    tui.type_keys("gvjjj");
    tui.wait_for("4 marked").await;
    for _ in 0..3 {
        tui.press(KeyCode::Char('o'));
    }
    tui.wait_for("sorted by scheduled ↑").await;
    tui.type_keys("jjk");
    tui.press(KeyCode::Char('d'));
    tui.wait_for("Delete 4 posts").await;
    tui.press(KeyCode::Char('y'));
    tui.wait_for("deleted 4").await;
    tui.quit().await;
    let mut sent = deleted_ids(&server);
    sent.sort();
    let mut walked: Vec<String> = listed[..4].iter().map(ToString::to_string).collect();
    walked.sort();
    assert_eq!(sent, walked);
}

/// A range over 5 posts, sorted by time; another client adds 3 posts whose times fall inside
/// it; a reload shows them, and the marks stay the 5 walked over.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn posts_arriving_inside_a_range_on_reload_are_not_marked() {
    let server = seed_server().await;
    // The order `scheduled ↑` shows: by time, ties by id, posts without a time last.
    let mut posts = client_for(&server)
        .list_posts(&postpost_tui::api::client::ListQuery {
            page: 1,
            limit: 100,
            ..Default::default()
        })
        .await
        .expect("list")
        .posts;
    let key = |p: &postpost_tui::api::model::PostSummary| {
        p.scheduled_time.as_ref().and_then(|t| t.parsed())
    };
    posts.sort_by(|a, b| {
        (key(a).is_none(), key(a))
            .cmp(&(key(b).is_none(), key(b)))
            .then_with(|| a.post_group_id.cmp(&b.post_group_id))
    });
    let now = chrono::Utc::now();
    let start = (0..posts.len() - 5)
        .find(|&i| {
            posts[i..i + 5]
                .windows(2)
                .all(|w| key(&w[0]).is_some_and(|t| t > now) && key(&w[0]) < key(&w[1]))
        })
        .expect("five future posts with distinct times in the seed");
    let walked: Vec<PostGroupId> = posts[start..start + 5]
        .iter()
        .map(|p| p.post_group_id.clone())
        .collect();
    let (first, second) = (
        key(&posts[start]).expect("time"),
        key(&posts[start + 1]).expect("time"),
    );
    let inside = first + (second - first) / 2;

    let tui = Tui::start(&server);
    tui.wait_for(&format!("Posts ({})", posts.len())).await;
    for _ in 0..3 {
        tui.press(KeyCode::Char('o'));
    }
    tui.wait_for("sorted by scheduled ↑").await;
    tui.press(KeyCode::Char('g'));
    tui.type_keys(&"j".repeat(start));
    tui.type_keys("vjjjj");
    tui.wait_for("5 marked").await;
    let platform = posts[start].platforms[0].platform_id.clone();
    for n in 0..3 {
        client_for(&server)
            .create_post(&CreatePostRequest {
                content: format!("created by another client {n}"),
                platforms: vec![platform.clone()],
                scheduled_time: Some(format_instant(inside)),
                platform_settings: None,
            })
            .await
            .expect("create");
    }
    tui.press(KeyCode::Char('r'));
    tui.wait_for(&format!("Posts ({})", posts.len() + 3)).await;
    tui.type_keys("d");
    tui.wait_for("Delete 5 posts").await;
    tui.press(KeyCode::Char('y'));
    tui.wait_for("deleted 5").await;
    tui.quit().await;
    let mut sent = deleted_ids(&server);
    sent.sort();
    let mut want: Vec<String> = walked.iter().map(ToString::to_string).collect();
    want.sort();
    assert_eq!(sent, want, "only the 5 posts walked over were deleted");
}

/// A delete answered `200 {"success": false}` is a failure: the post stays listed, the notice
/// says so, and a reload finds as many posts as the server holds.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refusal_with_status_200_is_not_counted_as_deleted() {
    let server = seed_server().await;
    let listed = ids_as_listed(&server).await;
    let refused = listed[0].clone();
    server.set_faults(Faults {
        refuse_delete_ids: vec![refused.to_string().to_uppercase()],
        ..Faults::default()
    });
    let tui = Tui::start(&server);
    tui.wait_for(&format!("Posts ({})", listed.len())).await;
    tui.type_keys("  ");
    tui.press(KeyCode::Char('d'));
    tui.wait_for("Delete 2 posts").await;
    tui.press(KeyCode::Char('y'));
    tui.wait_for("deleted 1").await;
    tui.wait_for("failed 1").await;
    tui.wait_for(&format!("Posts ({})", listed.len() - 1)).await;
    tui.press(KeyCode::Char('r'));
    wait_until("the reload's list request", || {
        server
            .requests()
            .iter()
            .filter(|r| r.path.ends_with("/list-posts") && r.status == 200)
            .count()
            >= 2
    })
    .await;
    tui.wait_for(&format!("{} posts", listed.len() - 1)).await;
    let state = tui.quit().await;
    assert_eq!(state.posts.loaded(), stored(&server).len());
    assert!(server.contains(&refused));
    let row = state
        .posts
        .row(&refused)
        .expect("the refused post is listed");
    assert!(
        row.last_error()
            .is_some_and(|(e, _)| e.contains("Post is being published")),
        "{:?}",
        row.last_error()
    );
    assert!(state.posts.row(&listed[1]).is_none());
}

/// A paste is text: `dy` pasted while browsing deletes nothing; pasted into the search it
/// filters.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_paste_is_never_read_as_keys() {
    let server = seed_server().await;
    let listed = ids_as_listed(&server).await;
    let tui = Tui::start(&server);
    tui.wait_for(&format!("Posts ({})", listed.len())).await;
    tui.paste("dy");
    tui.wait_for("paste ignored").await;
    tui.paste(" jjdy\r\ny");
    let needle = &listed[3].as_str()[..20];
    tui.press(KeyCode::Char('/'));
    tui.paste(&format!("{needle}\n"));
    tui.wait_for("Posts (1)").await;
    tui.press(KeyCode::Enter);
    let state = tui.quit().await;
    assert_eq!(changing_requests(&server), Vec::<String>::new());
    assert!(state.posts.marked().is_empty());
    assert_eq!(state.posts.filter().text, needle);
}

/// Quitting during a job waits for the requests in flight, as the dialog says: every post
/// the server deleted is journalled with its outcome, none is left unresolved.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn quitting_during_a_job_journals_every_request_in_flight() {
    let server = crate::support::start_with(
        60,
        Faults {
            latency_ms: 150,
            ..Faults::default()
        },
    )
    .await;
    let dir = tempfile::tempdir().expect("temp dir");
    let journal_path = dir.path().join("journal.jsonl");
    let journal = postpost_tui::worker::journal::Journal::open(&journal_path).expect("journal");
    let mut options = WorkerOptions::default();
    options.jobs.journal = Some(std::sync::Arc::new(journal));
    let tui = Tui::start_custom(&server, DrawContext::default(), options);
    tui.wait_for("Posts (60)").await;
    tui.keys
        .send(Ok(crossterm::event::Event::Key(
            crossterm::event::KeyEvent::new(
                KeyCode::Char('a'),
                crossterm::event::KeyModifiers::CONTROL,
            ),
        )))
        .expect("loop is listening");
    tui.wait_for("60 marked").await;
    tui.press(KeyCode::Char('d'));
    tui.wait_for("Type 60").await;
    tui.type_keys("60");
    tui.press(KeyCode::Enter);
    wait_until("a few deletes answered", || {
        server
            .requests()
            .iter()
            .filter(|r| r.method == "DELETE")
            .count()
            >= 8
    })
    .await;
    tui.press(KeyCode::Char('q'));
    tui.wait_for("Quit?").await;
    tui.press(KeyCode::Char('y'));
    let state = tokio::time::timeout(crate::support::WAIT, tui.app)
        .await
        .expect("the loop ends once the requests in flight are answered")
        .expect("loop task");
    assert!(
        state.exit_report().is_some_and(|r| r.contains("cancelled")),
        "{:?}",
        state.exit_report()
    );
    let (entries, _) = postpost_tui::worker::journal::read(&journal_path).expect("journal");
    let records = postpost_tui::worker::journal::summarize(&entries);
    assert_eq!(records.len(), 1);
    assert!(records[0].finished, "the job's end is journalled");
    assert_eq!(records[0].unresolved, Vec::<String>::new());
    let deleted_on_server = 60 - server.post_ids().len();
    assert_eq!(records[0].summary().deleted, deleted_on_server);
    assert!(deleted_on_server > 0 && deleted_on_server < 60);
}

/// Headless: a refusal with status 200 is a failure (exit 1, the server's words in the report
/// and the journal); an id given twice in different cases is one post, deleted once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn headless_deletes_count_only_confirmed_successes_and_each_id_once() {
    let server = seed_server().await;
    let listed = ids_as_listed(&server).await;
    let (refused, deleted) = (listed[0].to_string(), listed[1].to_string());
    server.set_faults(Faults {
        refuse_delete_ids: vec![refused.clone()],
        ..Faults::default()
    });
    let run = Run::new();
    let upper = deleted.to_uppercase();
    let output = run
        .postpost(
            &server,
            &[
                "delete", &deleted, &upper, &refused, &deleted, "--yes", "--json",
            ],
            KEY,
        )
        .await;
    let stdout = text(&output.stdout);
    assert_eq!(
        output.status.code(),
        Some(1),
        "{stdout}\n{}",
        text(&output.stderr)
    );
    let mut sent = deleted_ids(&server);
    sent.sort();
    let mut want = vec![deleted.clone(), refused.clone()];
    want.sort();
    assert_eq!(sent, want, "each post once, whatever the case of its id");
    assert!(server.contains(&listed[0]));
    assert!(!server.contains(&listed[1]));
    let report: serde_json::Value = serde_json::from_str(&stdout).expect("JSON report");
    let report_text = report.to_string();
    assert!(
        report_text.contains("Post is being published"),
        "{report_text}"
    );
    let journal = walk_for(run.home.path(), "journal.jsonl").expect("a journal");
    let journal = std::fs::read_to_string(journal).expect("journal reads");
    let refused_lines: Vec<&str> = journal
        .lines()
        .filter(|line| line.contains(&refused) && !line.contains("\"attempt\""))
        .collect();
    assert_eq!(refused_lines.len(), 1, "{journal}");
    assert!(refused_lines[0].contains("failed"), "{}", refused_lines[0]);
}

/// A delete applied by the server whose answer is cut off mid-body is checked with get-post:
/// the post is gone, so it counts as gone, not as failed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_delete_whose_answer_is_cut_off_is_settled_with_get_post() {
    let server = seed_server().await;
    let listed = ids_as_listed(&server).await;
    server.set_faults(Faults {
        delete_then_fail_share: 1.0,
        delete_then_fail_mode: postpost_tui::mock::DeleteFailMode::TruncatedBody,
        ..Faults::default()
    });
    let run = Run::new();
    let id = listed[2].to_string();
    let output = run.postpost(&server, &["delete", &id, "--yes"], KEY).await;
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}\n{}",
        text(&output.stdout),
        text(&output.stderr)
    );
    assert!(!server.contains(&listed[2]));
    assert_eq!(
        deleted_ids(&server),
        vec![id.clone()],
        "sent once, not retried"
    );
    assert!(
        server
            .requests()
            .iter()
            .any(|r| r.method == "GET" && r.path.ends_with(&format!("/get-post/{id}"))),
        "checked with get-post"
    );
}

/// The first file called `name` under `dir`.
fn walk_for(dir: &std::path::Path, name: &str) -> Option<std::path::PathBuf> {
    for entry in std::fs::read_dir(dir).ok()?.flatten() {
        let path = entry.path();
        if path.is_dir() {
            if let Some(found) = walk_for(&path, name) {
                return Some(found);
            }
        } else if path.file_name().is_some_and(|n| n == name) {
            return Some(path);
        }
    }
    None
}
