//! Pure tests of the keymap-driven state machine (DESIGN §5 rule 9, first level): marking,
//! range marking, filters, confirm/cancel, cursor clamping after removals, and stale answers.
//! No I/O: actions and worker events are fed to `update`/`apply` directly.

use std::time::Instant;

use chrono::{DateTime, Utc};
use postpost_tui::api::error::ApiError;
use postpost_tui::api::model::{
    ManagedUser, Pagination, PostDetail, PostGroupId, PostStatus, PostSummary, SortField,
    SortOrder, Timestamp, UpdatedGroup, parse_instant,
};
use postpost_tui::app::action::Action;
use postpost_tui::app::keymap::{KeyCode, KeyModifiers, KeyPress, Mode};
use postpost_tui::app::state::{
    ActingAs, AppState, ChangeDialog, ChangeKind, DetailEntry, Overlay, Panes, Sort, UiSettings,
    UserList, Viewport,
};
use postpost_tui::app::update::{apply, look_up_acting_user, settle, settle_events, update};
use postpost_tui::protocol::{
    Command, ConnectionsSeq, DetailSeq, JobId, JobKind, JobSummary, LoadSeq, LogsSeq, Outcome,
    PostChange, UsersSeq, WorkerEvent,
};
use postpost_tui::time::TimeZoneChoice;

use crate::support::{apply_settled, detail_request, logs_request};

fn id(n: usize) -> PostGroupId {
    PostGroupId::parse(&format!("{n:024x}")).expect("valid id")
}

/// Post `n`: created at minute `n`, status and platform cycling.
fn post(n: usize) -> PostSummary {
    let statuses = [
        "draft",
        "scheduled",
        "published",
        "failed",
        "partially_published",
    ];
    let platforms = ["twitter", "linkedin", "instagram"];
    serde_json::from_value(serde_json::json!({
        "postGroupId": id(n).as_str(),
        "content": format!("post number {n}"),
        "status": statuses[n % statuses.len()],
        "createdAt": format!("2026-11-01T10:{:02}:00.000Z", n % 60),
        "updatedAt": "2026-11-01T10:00:00.000Z",
        "platforms": [{"platformId": format!("{}-acct", platforms[n % 3]), "platform": platforms[n % 3], "status": "draft"}],
        "mediaUrls": []
    }))
    .expect("fixture parses")
}

/// A state with posts 0..count loaded (generation 1), sorted created ↓ (post count-1 first).
fn loaded(count: usize) -> AppState {
    let mut state = AppState::new(UiSettings::default());
    state.posts.set_list_height(10);
    let now = Instant::now();
    let first = update(&mut state, Action::Reload, now);
    assert_eq!(first, vec![Command::LoadPosts { seq: LoadSeq(1) }]);
    apply_settled(
        &mut state,
        WorkerEvent::PageLoaded {
            seq: LoadSeq(1),
            posts: (0..count).map(post).collect(),
            skipped: 0,
            pagination: Pagination {
                page: 1,
                limit: 100,
                total_items: count as u64,
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
    state
}

fn press(state: &mut AppState, actions: &[Action]) -> Vec<Command> {
    actions
        .iter()
        .flat_map(|action| update(state, *action, Instant::now()))
        .collect()
}

/// The reason of the refusal dialog that is open, if one is.
fn refusal(state: &AppState) -> Option<&str> {
    match state.overlay() {
        Some(Overlay::Refused(refusal)) => Some(refusal.reason.as_str()),
        _ => None,
    }
}

fn delete_commands(commands: &[Command]) -> Vec<&Vec<PostGroupId>> {
    commands
        .iter()
        .filter_map(|c| match c {
            Command::StartDelete { ids, .. } => Some(ids),
            _ => None,
        })
        .collect()
}

#[test]
fn newest_first_and_space_marks_then_moves_down() {
    let mut state = loaded(5);
    assert_eq!(state.posts.cursor_id(), Some(&id(4)));
    press(&mut state, &[Action::ToggleMark, Action::ToggleMark]);
    assert_eq!(state.posts.cursor(), 2);
    assert!(state.posts.marked().contains(&id(4)) && state.posts.marked().contains(&id(3)));
    press(&mut state, &[Action::CursorUp, Action::ToggleMark]);
    assert!(!state.posts.marked().contains(&id(3)));
    assert_eq!(state.posts.marked().len(), 1);
}

#[test]
fn range_marking_follows_the_cursor_and_ends_on_v() {
    let mut state = loaded(8);
    press(
        &mut state,
        &[
            Action::CursorDown,
            Action::RangeMark,
            Action::CursorDown,
            Action::CursorDown,
        ],
    );
    let expected: std::collections::HashSet<_> = [id(6), id(5), id(4)].into_iter().collect();
    assert_eq!(state.posts.marked().to_set(), expected);
    // Moving back shrinks the range.
    press(&mut state, &[Action::CursorUp]);
    assert_eq!(state.posts.marked().len(), 2);
    press(
        &mut state,
        &[Action::RangeMark, Action::CursorDown, Action::CursorDown],
    );
    assert_eq!(
        state.posts.marked().len(),
        2,
        "marks stay after v ends the range"
    );
}

#[test]
fn mark_all_and_invert_stay_within_the_filter() {
    let mut state = loaded(10);
    state
        .posts
        .set_query_text("status:failed", chrono::Utc::now(), TimeZoneChoice::Utc)
        .expect("query parses");
    press(&mut state, &[Action::MarkAll]);
    // Posts 3 and 8 are failed.
    assert_eq!(
        state.posts.marked().to_set(),
        [id(3), id(8)].into_iter().collect()
    );
    state
        .posts
        .set_query_text("status:draft", chrono::Utc::now(), TimeZoneChoice::Utc)
        .expect("query parses");
    press(&mut state, &[Action::InvertMarks]);
    assert_eq!(
        state.posts.marked().to_set(),
        [id(0), id(3), id(5), id(8)].into_iter().collect()
    );
}

#[test]
fn pickers_show_counts_and_apply() {
    let mut state = loaded(10);
    press(&mut state, &[Action::OpenStatusPicker]);
    assert_eq!(state.mode(), Mode::Picker);
    let Some(Overlay::Picker(picker)) = state.overlay() else {
        panic!("a picker is open")
    };
    let entries = picker.entries.clone();
    assert_eq!(entries[0], ("all".to_string(), 10));
    assert!(entries.contains(&("failed".to_string(), 2)));
    // Move to "failed" (all, draft, scheduled, published, failed) and apply.
    press(
        &mut state,
        &[
            Action::PickerDown,
            Action::PickerDown,
            Action::PickerDown,
            Action::PickerDown,
            Action::Submit,
        ],
    );
    assert_eq!(state.posts.filter().text, "status:failed");
    assert_eq!(state.posts.view_len(), 2);
    press(&mut state, &[Action::OpenPlatformPicker]);
    let Some(Overlay::Picker(picker)) = state.overlay() else {
        panic!("a picker is open")
    };
    let entries = picker.entries.clone();
    // Platform counts respect the status filter: post 3 is twitter, post 8 instagram.
    assert!(entries.contains(&("twitter".to_string(), 1)));
    assert!(entries.contains(&("linkedin".to_string(), 0)));
    press(&mut state, &[Action::Cancel]);
    assert_eq!(
        state.posts.filter().text,
        "status:failed",
        "Esc changes nothing"
    );
}

#[test]
fn text_filter_is_live_and_esc_drops_it() {
    let mut state = loaded(30);
    press(
        &mut state,
        &[Action::StartSearch, Action::Input('2'), Action::Input('1')],
    );
    assert_eq!(state.mode(), Mode::Search);
    assert_eq!(state.posts.view_len(), 1, "only 'post number 21'");
    press(&mut state, &[Action::Cancel]);
    assert_eq!(state.posts.view_len(), 30);
    press(
        &mut state,
        &[Action::StartSearch, Action::Input('1'), Action::Submit],
    );
    assert_eq!(state.mode(), Mode::Browse);
    assert_eq!(state.posts.filter().text, "1");
    // Esc in browse clears the kept text filter first.
    press(&mut state, &[Action::Escape]);
    assert!(state.posts.filter().text.is_empty());
}

#[test]
fn delete_needs_confirmation_and_sends_exactly_the_marked_posts() {
    let mut state = loaded(6);
    press(
        &mut state,
        &[Action::ToggleMark, Action::CursorDown, Action::ToggleMark],
    );
    let commands = press(&mut state, &[Action::RequestDelete]);
    assert!(
        delete_commands(&commands).is_empty(),
        "RequestDelete must only open the dialog"
    );
    assert_eq!(state.mode(), Mode::Confirm);
    let commands = press(&mut state, &[Action::Cancel]);
    assert!(delete_commands(&commands).is_empty());
    assert!(state.overlay().is_none());
    let commands = press(&mut state, &[Action::RequestDelete, Action::Confirm]);
    assert_eq!(delete_commands(&commands), vec![&vec![id(5), id(3)]]);
    assert!(state.jobs.is_running());
}

#[test]
fn confirm_dialog_counts_hidden_and_published_posts() {
    let mut state = loaded(10);
    press(&mut state, &[Action::MarkAll]);
    state
        .posts
        .set_query_text("platform:twitter", chrono::Utc::now(), TimeZoneChoice::Utc)
        .expect("query parses");
    press(&mut state, &[Action::RequestDelete]);
    let Some(Overlay::ConfirmDelete(confirm)) = state.overlay() else {
        panic!("dialog open")
    };
    assert_eq!(confirm.pending.len(), 10);
    // Twitter posts are 0, 3, 6, 9: six marked posts are hidden.
    assert_eq!(confirm.hidden, 6);
    // published (2, 7) and partially_published (4, 9).
    assert_eq!(confirm.published, 4);
    assert_eq!(confirm.platforms.get("twitter"), Some(&4));
    // Every post once per network, whether its target list is shared with others or not.
    let all: Vec<(&str, usize)> = confirm
        .platforms
        .iter()
        .map(|(name, n)| (name.as_str(), *n))
        .collect();
    assert_eq!(all, [("instagram", 3), ("linkedin", 3), ("twitter", 4)]);
}

#[test]
fn large_batches_require_typing_the_count() {
    let mut state = loaded(25);
    state.settings.confirm_typed_threshold = 20;
    press(&mut state, &[Action::MarkAll, Action::RequestDelete]);
    assert_eq!(state.mode(), Mode::ConfirmTyped);
    let commands = press(
        &mut state,
        &[Action::Input('2'), Action::Input('4'), Action::Confirm],
    );
    assert!(delete_commands(&commands).is_empty(), "24 is not 25");
    let commands = press(
        &mut state,
        &[Action::Backspace, Action::Input('5'), Action::Confirm],
    );
    assert_eq!(delete_commands(&commands)[0].len(), 25);
}

#[test]
fn posts_leave_only_when_the_server_confirms_and_the_cursor_clamps() {
    let mut state = loaded(4);
    press(&mut state, &[Action::CursorBottom]);
    assert_eq!(state.posts.cursor_id(), Some(&id(0)));
    let commands = press(
        &mut state,
        &[
            Action::ToggleMark,
            Action::CursorUp,
            Action::ToggleMark,
            Action::RequestDelete,
            Action::Confirm,
        ],
    );
    let job = match &commands
        .iter()
        .find(|c| matches!(c, Command::StartDelete { .. }))
    {
        Some(Command::StartDelete { job, .. }) => *job,
        _ => panic!("no job"),
    };
    let now = Instant::now();
    assert_eq!(
        state.posts.view_len(),
        4,
        "nothing leaves before the server answers"
    );
    apply_settled(
        &mut state,
        WorkerEvent::ItemFinished {
            job,
            id: id(1),
            outcome: Outcome::Failed("HTTP 500".into()),
        },
        now,
    );
    assert_eq!(state.posts.view_len(), 4, "a failed delete keeps the post");
    apply_settled(
        &mut state,
        WorkerEvent::ItemFinished {
            job,
            id: id(0),
            outcome: Outcome::Deleted,
        },
        now,
    );
    assert_eq!(state.posts.view_len(), 3);
    assert!(
        state.posts.cursor() < 3,
        "cursor clamped into the shorter list"
    );
    assert!(!state.posts.marked().contains(&id(0)));
    let summary = JobSummary {
        deleted: 1,
        failed: 1,
        ..JobSummary::default()
    };
    apply_settled(
        &mut state,
        WorkerEvent::JobFinished {
            job,
            summary,
            cancelled: false,
            stopped: None,
            never_attempted: vec![],
        },
        now,
    );
    assert!(!state.jobs.is_running());
    assert_eq!(state.jobs.last_failed(), [id(1)]);
    // R offers exactly the failed post again.
    press(&mut state, &[Action::RetryFailed]);
    let Some(Overlay::ConfirmDelete(confirm)) = state.overlay() else {
        panic!("retry dialog")
    };
    assert_eq!(confirm.pending, vec![id(1)]);
}

/// While a job runs, posts leaving under the cursor fetch no details (each fetch would spend
/// the server's rate limit on a post nobody looked at); a key that moves the cursor does, and
/// so does the job's end.
#[test]
fn a_running_job_fetches_no_details_for_posts_that_pass_under_the_cursor() {
    let fetches = |commands: &[Command]| {
        commands
            .iter()
            .filter_map(|c| match c {
                Command::FetchDetail { id, .. } => Some(id.clone()),
                _ => None,
            })
            .collect::<Vec<_>>()
    };
    let mut state = loaded(6);
    let first = state.posts.cursor_id().cloned().expect("a cursor post");
    let commands = press(
        &mut state,
        &[Action::MarkAll, Action::RequestDelete, Action::Confirm],
    );
    let Some(Command::StartDelete { job, .. }) = commands
        .iter()
        .find(|c| matches!(c, Command::StartDelete { .. }))
    else {
        panic!("no job")
    };
    let job = *job;
    let now = Instant::now();
    apply(
        &mut state,
        WorkerEvent::ItemFinished {
            job,
            id: first.clone(),
            outcome: Outcome::Deleted,
        },
        now,
    );
    let commands = settle_events(&mut state);
    let next = state.posts.cursor_id().cloned().expect("a cursor post");
    assert_ne!(next, first, "the deleted post left the cursor");
    assert_eq!(state.detail.detail(&next), None, "never fetched");
    assert!(state.jobs.is_running());
    assert_eq!(
        fetches(&commands),
        Vec::<PostGroupId>::new(),
        "no fetch mid-job"
    );
    let mut commands = apply(
        &mut state,
        WorkerEvent::JobFinished {
            job,
            summary: JobSummary {
                deleted: 1,
                ..JobSummary::default()
            },
            cancelled: false,
            stopped: None,
            never_attempted: vec![],
        },
        now,
    );
    commands.extend(settle_events(&mut state));
    assert!(!state.jobs.is_running());
    assert_eq!(
        fetches(&commands),
        vec![next],
        "the cursor post's details are fetched once the job ends"
    );
}

#[test]
fn stale_pages_and_details_are_dropped() {
    let mut state = loaded(3);
    let now = Instant::now();
    apply_settled(
        &mut state,
        WorkerEvent::PageLoaded {
            seq: LoadSeq(0),
            posts: vec![post(99)],
            skipped: 0,
            pagination: Pagination::default(),
        },
        now,
    );
    assert_eq!(
        state.posts.rows().len(),
        3,
        "a page of an old generation is ignored"
    );
    let cursor = state.posts.cursor_id().cloned().expect("cursor");
    let slot_seq = state
        .detail
        .detail_request(&cursor)
        .expect("detail requested");
    let detail = |n: usize| PostDetail {
        success: true,
        post_group_id: id(n),
        posts: vec![],
    };
    apply_settled(
        &mut state,
        WorkerEvent::DetailLoaded {
            seq: DetailSeq(slot_seq.0 + 100),
            id: cursor.clone(),
            result: Ok(detail(2)),
        },
        now,
    );
    assert_eq!(
        state.detail.detail(&cursor),
        Some(&DetailEntry::Loading),
        "answer to another request dropped"
    );
    apply_settled(
        &mut state,
        WorkerEvent::DetailLoaded {
            seq: slot_seq,
            id: cursor.clone(),
            result: Err(ApiError::Http {
                status: 500,
                message: "x".into(),
                retry_after: None,
            }
            .into()),
        },
        now,
    );
    assert!(matches!(
        state.detail.detail(&cursor),
        Some(DetailEntry::Failed(_))
    ));
}

#[test]
fn reload_drops_posts_the_server_no_longer_has_but_keeps_marks_of_the_rest() {
    let mut state = loaded(5);
    press(&mut state, &[Action::ToggleMark, Action::ToggleMark]);
    let commands = press(&mut state, &[Action::Reload]);
    assert_eq!(commands, vec![Command::LoadPosts { seq: LoadSeq(2) }]);
    let now = Instant::now();
    apply_settled(
        &mut state,
        WorkerEvent::PageLoaded {
            seq: LoadSeq(2),
            posts: (0..4).map(post).collect(),
            skipped: 0,
            pagination: Pagination::default(),
        },
        now,
    );
    apply_settled(
        &mut state,
        WorkerEvent::LoadFinished { seq: LoadSeq(2) },
        now,
    );
    assert_eq!(state.posts.rows().len(), 4);
    assert_eq!(
        state.posts.marked().to_set(),
        [id(3)].into_iter().collect(),
        "the mark of the vanished post 4 is dropped"
    );
}

#[test]
fn quitting_during_a_job_asks_first() {
    let mut state = loaded(3);
    press(&mut state, &[Action::RequestDelete, Action::Confirm]);
    press(&mut state, &[Action::Quit]);
    assert!(!state.should_quit());
    assert_eq!(state.mode(), Mode::QuitPrompt);
    let commands = press(&mut state, &[Action::Confirm]);
    assert!(
        commands
            .iter()
            .any(|c| matches!(c, Command::CancelJob { .. }))
    );
    // It waits for the answers of the requests in flight, then quits when the job ends.
    assert!(!state.should_quit());
    let deadline = state.quit_deadline().expect("waiting for the job");
    assert!(deadline > Instant::now() + state.settings.request_timeout);
    let job = state.jobs.running().expect("job").id;
    apply_settled(
        &mut state,
        WorkerEvent::JobFinished {
            job,
            summary: JobSummary::default(),
            cancelled: true,
            stopped: None,
            never_attempted: vec![id(0), id(1), id(2)],
        },
        Instant::now(),
    );
    assert!(state.should_quit());
    assert!(
        state.exit_report().is_some_and(|r| r.contains("cancelled")),
        "{:?}",
        state.exit_report()
    );
}

/// A confirmed quit whose job never reports its end quits at the deadline; `Ctrl-c` while it
/// waits quits at once.
#[test]
fn a_confirmed_quit_waits_no_longer_than_the_request_timeout() {
    for force in [false, true] {
        let mut state = loaded(3);
        press(
            &mut state,
            &[
                Action::RequestDelete,
                Action::Confirm,
                Action::Quit,
                Action::Confirm,
            ],
        );
        let deadline = state.quit_deadline().expect("waiting");
        if force {
            press(&mut state, &[Action::ForceQuit]);
            assert!(state.should_quit());
            continue;
        }
        assert_eq!(
            postpost_tui::app::update::next_deadline(&state, Instant::now())
                .map(|at| at <= deadline),
            Some(true)
        );
        postpost_tui::app::update::tick(&mut state, deadline - std::time::Duration::from_millis(1));
        assert!(!state.should_quit());
        postpost_tui::app::update::tick(&mut state, deadline);
        assert!(state.should_quit());
    }
}

#[test]
fn incremental_filtering_matches_a_full_rebuild_at_every_keystroke() {
    let mut state = loaded(300);
    let keystrokes = [
        Action::StartSearch,
        Action::Input('1'),
        Action::Input('2'),
        Action::Backspace,
        Action::Input('0'),
        Action::Input('X'),
        Action::Backspace,
        Action::Backspace,
        Action::Backspace,
        Action::Input('p'),
    ];
    for action in keystrokes {
        press(&mut state, &[action]);
        let needle = state.posts.query_input().unwrap_or_default().to_lowercase();
        let mut expected: Vec<_> = state
            .posts
            .rows()
            .iter()
            .filter(|row| {
                postpost_tui::app::query::search_key(row.post.content.as_deref()).contains(&needle)
                    || row.id().as_str().contains(&needle)
            })
            .map(|row| row.id().clone())
            .collect();
        expected
            .sort_by_key(|id| std::cmp::Reverse(state.posts.row(id).and_then(|r| r.created_ms())));
        let shown: Vec<_> = state
            .posts
            .view_rows()
            .map(|row| row.id().clone())
            .collect();
        let mut shown_sorted = shown.clone();
        shown_sorted.sort();
        let mut expected_sorted = expected.clone();
        expected_sorted.sort();
        assert_eq!(
            shown_sorted, expected_sorted,
            "after {action:?} with {needle:?}"
        );
        let times: Vec<_> = shown
            .iter()
            .map(|id| state.posts.row(id).and_then(|r| r.created_ms()))
            .collect();
        assert!(
            times.windows(2).all(|w| w[0] >= w[1]),
            "view stays sorted newest first"
        );
    }
}

#[test]
fn a_total_that_changes_while_loading_reloads_once_and_says_so() {
    let mut state = AppState::new(UiSettings::default());
    let now = Instant::now();
    update(&mut state, Action::Reload, now);
    let page = |n: usize, total: u64| WorkerEvent::PageLoaded {
        seq: LoadSeq(1),
        posts: vec![post(n)],
        skipped: 0,
        pagination: Pagination {
            total_items: total,
            total_pages: 2,
            ..Pagination::default()
        },
    };
    apply(&mut state, page(1, 200), now);
    apply(&mut state, page(2, 199), now);
    let commands = apply(
        &mut state,
        WorkerEvent::LoadFinished { seq: LoadSeq(1) },
        now,
    );
    assert_eq!(commands, vec![Command::LoadPosts { seq: LoadSeq(2) }]);
    assert!(state.notice().is_some_and(|n| n.text.contains("200 → 199")));
    // The second load changes again: no endless reloading, just the notice.
    let page2 = |n: usize, total: u64| WorkerEvent::PageLoaded {
        seq: LoadSeq(2),
        posts: vec![post(n)],
        skipped: 0,
        pagination: Pagination {
            total_items: total,
            total_pages: 2,
            ..Pagination::default()
        },
    };
    apply(&mut state, page2(1, 199), now);
    apply(&mut state, page2(2, 198), now);
    assert!(
        apply(
            &mut state,
            WorkerEvent::LoadFinished { seq: LoadSeq(2) },
            now
        )
        .is_empty()
    );
    assert!(state.notice().is_some_and(|n| n.text.contains("r reloads")));
}

#[test]
fn a_rate_limit_countdown_survives_other_items_finishing() {
    let mut state = loaded(4);
    let commands = press(
        &mut state,
        &[Action::MarkAll, Action::RequestDelete, Action::Confirm],
    );
    assert_eq!(delete_commands(&commands).len(), 1);
    let job = state.jobs.running().expect("job").id;
    let now = Instant::now();
    apply(
        &mut state,
        WorkerEvent::JobWaiting {
            job,
            resume_in: std::time::Duration::from_secs(2),
        },
        now,
    );
    // Requests already in flight keep finishing during the pause.
    apply(
        &mut state,
        WorkerEvent::ItemFinished {
            job,
            id: id(3),
            outcome: Outcome::Deleted,
        },
        now,
    );
    let until = state
        .jobs
        .running()
        .and_then(|j| j.waiting_until)
        .expect("still waiting");
    assert_eq!(until, now + std::time::Duration::from_secs(2));
    apply(
        &mut state,
        WorkerEvent::ItemFinished {
            job,
            id: id(2),
            outcome: Outcome::Unknown("no answer".into()),
        },
        now,
    );
    settle(&mut state);
    assert!(
        state.posts.row(&id(2)).is_some(),
        "an unknown outcome keeps the post listed"
    );
    assert_eq!(
        state
            .posts
            .row(&id(2))
            .and_then(|r| r.last_error())
            .map(|(reason, _)| reason),
        Some("no answer")
    );
}

#[test]
fn read_only_mode_opens_no_delete_dialog_and_says_why() {
    let mut state = loaded(5);
    // A delete that failed its one post first, so that R has something it could offer.
    let now = Instant::now();
    press(&mut state, &[Action::RequestDelete, Action::Confirm]);
    let job = state.jobs.running().expect("job started");
    let (job, failed) = (
        job.id,
        job.remaining.iter().next().cloned().expect("a post"),
    );
    let outcome = Outcome::Failed("HTTP 500".into());
    let id_failed = failed.clone();
    apply_settled(
        &mut state,
        WorkerEvent::ItemFinished {
            job,
            id: id_failed,
            outcome,
        },
        now,
    );
    let summary = JobSummary {
        failed: 1,
        ..JobSummary::default()
    };
    let never_attempted = vec![];
    let finished = WorkerEvent::JobFinished {
        job,
        summary,
        cancelled: false,
        stopped: None,
        never_attempted,
    };
    apply_settled(&mut state, finished, now);
    assert_eq!(state.jobs.last_failed(), [failed]);
    state.settings.read_only = true;
    let mut commands = press(&mut state, &[Action::ToggleMark, Action::RequestDelete]);
    assert!(refusal(&state).is_some_and(|r| r.contains("read-only")));
    commands.extend(press(&mut state, &[Action::Confirm, Action::Cancel]));
    assert!(delete_commands(&commands).is_empty());
    assert!(state.overlay().is_none());
    press(&mut state, &[Action::RetryFailed]);
    assert!(
        refusal(&state).is_some_and(|r| r.contains("read-only")),
        "R is a delete too"
    );
}

// Mouse: the actions `keymap::mouse_action` makes from `ui::hit_test`.

#[test]
fn a_click_moves_the_cursor_and_a_click_on_the_mark_column_toggles_the_mark() {
    let mut state = loaded(30);
    press(&mut state, &[Action::SwitchFocus, Action::ClickRow(5)]);
    assert_eq!(state.posts.cursor(), 5);
    assert_eq!(state.focus(), postpost_tui::app::state::Focus::List);
    assert!(
        state.posts.marked().is_empty(),
        "a plain click marks nothing"
    );
    press(&mut state, &[Action::ClickRow(99)]);
    assert_eq!(
        state.posts.cursor(),
        5,
        "a click below the last row does nothing"
    );
    press(&mut state, &[Action::ToggleMarkAt(7)]);
    let seventh = state.posts.view_row(7).expect("shown").id().clone();
    assert_eq!(
        state.posts.marked().iter().collect::<Vec<_>>(),
        vec![&seventh]
    );
    assert_eq!(
        state.posts.cursor(),
        7,
        "the cursor follows the click, without moving on"
    );
    press(&mut state, &[Action::ToggleMarkAt(7)]);
    assert!(state.posts.marked().is_empty());
    // During range marking a click marks just that row and ends the range.
    press(
        &mut state,
        &[
            Action::RangeMark,
            Action::CursorDown,
            Action::ToggleMarkAt(20),
        ],
    );
    assert!(state.posts.range().is_none());
    assert_eq!(
        state.posts.marked().len(),
        3,
        "the range so far and the clicked row"
    );
    assert!(
        state
            .posts
            .marked()
            .contains(state.posts.view_row(20).expect("shown").id())
    );
}

#[test]
fn the_wheel_scrolls_the_list_by_three_rows_and_the_detail_pane_when_over_it() {
    let mut state = loaded(30);
    assert_eq!(state.posts.list_height(), 10);
    press(&mut state, &[Action::ScrollDown]);
    assert_eq!((state.posts.list_offset(), state.posts.cursor()), (3, 3));
    press(&mut state, &[Action::ScrollDown, Action::ScrollDown]);
    assert_eq!((state.posts.list_offset(), state.posts.cursor()), (9, 9));
    press(&mut state, &[Action::ScrollUp]);
    assert_eq!((state.posts.list_offset(), state.posts.cursor()), (6, 6));
    for _ in 0..20 {
        press(&mut state, &[Action::ScrollDown]);
    }
    assert_eq!(
        (state.posts.list_offset(), state.posts.cursor()),
        (20, 29),
        "stops at the end"
    );
    for _ in 0..20 {
        press(&mut state, &[Action::ScrollUp]);
    }
    assert_eq!(
        (state.posts.list_offset(), state.posts.cursor()),
        (0, 0),
        "stops at the top"
    );
    press(
        &mut state,
        &[Action::ScrollDetailDown, Action::ScrollDetailDown],
    );
    assert_eq!(state.detail.scroll(), 6);
    assert_eq!(
        state.posts.cursor(),
        0,
        "the detail wheel leaves the list alone"
    );
    press(&mut state, &[Action::ScrollDetailUp]);
    assert_eq!(state.detail.scroll(), 3);
    press(&mut state, &[Action::FocusDetail]);
    assert_eq!(state.focus(), postpost_tui::app::state::Focus::Detail);
}

#[test]
fn mouse_actions_do_nothing_under_a_dialog_a_picker_or_a_search() {
    let mouse = [
        Action::ClickRow(3),
        Action::ToggleMarkAt(3),
        Action::ScrollDown,
        Action::ScrollDetailDown,
        Action::FocusDetail,
    ];
    let mut state = loaded(30);
    press(&mut state, &[Action::RequestDelete]);
    let dialog = state.overlay().cloned();
    assert!(matches!(dialog, Some(Overlay::ConfirmDelete(_))));
    let commands = press(&mut state, &mouse);
    assert!(commands.is_empty(), "{commands:?}");
    assert_eq!(
        state.overlay(),
        dialog.as_ref(),
        "a click never answers the dialog"
    );
    assert_eq!(state.posts.cursor(), 0);
    assert!(state.posts.marked().is_empty());
    assert_eq!(state.detail.scroll(), 0);

    for open in [
        Action::OpenStatusPicker,
        Action::ToggleHelp,
        Action::StartSearch,
    ] {
        let mut state = loaded(30);
        press(&mut state, &[open]);
        let mode = state.mode();
        assert_ne!(mode, Mode::Browse);
        press(&mut state, &mouse);
        assert_eq!(state.mode(), mode, "{open:?}");
        assert_eq!(
            (state.posts.cursor(), state.posts.list_offset()),
            (0, 0),
            "{open:?}"
        );
        assert!(state.posts.marked().is_empty(), "{open:?}");
    }
}

#[test]
fn hit_test_finds_rows_the_mark_column_and_the_detail_pane() {
    use postpost_tui::app::keymap::Hit;
    use postpost_tui::ui::hit_test;
    use ratatui::layout::Rect;
    let mut state = loaded(30);
    let area = Rect::new(0, 0, 100, 30);
    let viewport = postpost_tui::ui::measure(area, &state, &Default::default());
    state.prepare_frame(&viewport);
    press(&mut state, &[Action::ScrollDown]);
    // Header, filter bar, the list's top border, its column header: rows start at y = 4.
    assert_eq!(
        hit_test(area, &state, 1, 4),
        Hit::ListRow {
            position: 3,
            mark: true
        }
    );
    assert_eq!(
        hit_test(area, &state, 2, 6),
        Hit::ListRow {
            position: 5,
            mark: true
        }
    );
    assert_eq!(
        hit_test(area, &state, 20, 6),
        Hit::ListRow {
            position: 5,
            mark: false
        }
    );
    assert_eq!(hit_test(area, &state, 20, 3), Hit::List, "column header");
    assert_eq!(hit_test(area, &state, 0, 6), Hit::List, "left border");
    assert_eq!(hit_test(area, &state, 80, 6), Hit::Detail);
    assert_eq!(hit_test(area, &state, 20, 0), Hit::Nothing, "header");
    assert_eq!(hit_test(area, &state, 20, 29), Hit::Nothing, "footer");
    assert_eq!(
        hit_test(Rect::new(0, 0, 30, 6), &state, 1, 4),
        Hit::Nothing,
        "too small"
    );
    // Narrow: the detail pane, when focused, covers the list.
    let narrow = Rect::new(0, 0, 60, 20);
    assert!(matches!(
        hit_test(narrow, &state, 10, 5),
        Hit::ListRow { .. }
    ));
    press(&mut state, &[Action::FocusDetail]);
    assert_eq!(hit_test(narrow, &state, 10, 5), Hit::Detail);
}

#[test]
fn help_takes_the_movement_keys_to_scroll_itself_and_reopens_at_the_top() {
    let mut state = loaded(10);
    let now = Instant::now();
    update(&mut state, Action::ToggleHelp, now);
    assert_eq!(state.mode(), Mode::Help);
    update(&mut state, Action::CursorDown, now);
    update(&mut state, Action::CursorDown, now);
    update(&mut state, Action::PageDown, now);
    assert_eq!(state.help_scroll(), 12);
    assert_eq!(
        state.posts.cursor(),
        0,
        "the list under the help does not move"
    );
    update(&mut state, Action::CursorUp, now);
    assert_eq!(state.help_scroll(), 11);
    update(&mut state, Action::Cancel, now);
    update(&mut state, Action::ToggleHelp, now);
    assert_eq!(state.mode(), Mode::Help, "the help is open again");
    assert_eq!(state.help_scroll(), 0);
}

#[test]
fn screens_switch_with_their_keys_and_the_list_keys_stay_on_the_posts_screen() {
    use postpost_tui::app::state::Screen;
    let mut state = loaded(10);
    let now = Instant::now();
    update(&mut state, Action::ShowStats, now);
    assert_eq!((state.screen(), state.mode()), (Screen::Stats, Mode::Stats));
    // Delete is not a key of the stats screen; even sent as an action it does nothing there.
    assert!(update(&mut state, Action::RequestDelete, now).is_empty());
    assert!(state.overlay().is_none());
    update(&mut state, Action::ShowConnections, now);
    assert_eq!(state.mode(), Mode::Connections);
    update(&mut state, Action::ShowPosts, now);
    assert_eq!(state.mode(), Mode::Browse);
    update(&mut state, Action::NextDetailTab, now);
    assert_eq!(
        state.detail.tab(),
        postpost_tui::app::state::DetailTab::Logs
    );
    update(&mut state, Action::NextDetailTab, now);
    assert_eq!(
        state.detail.tab(),
        postpost_tui::app::state::DetailTab::Post
    );
    update(&mut state, Action::PrevDetailTab, now);
    assert_eq!(
        state.detail.tab(),
        postpost_tui::app::state::DetailTab::Logs
    );
}

// ---- reschedule, move to draft and the user picker ----

fn at(text: &str) -> DateTime<Utc> {
    parse_instant(text).expect("test instant")
}

/// `loaded(count)` with the clock frozen at 2026-11-29T22:50:10Z, times read in UTC.
fn loaded_at_noonish(count: usize) -> AppState {
    let mut state = loaded(count);
    state.set_clock(at("2026-11-29T22:50:10Z"));
    state.set_time_zone(TimeZoneChoice::Utc);
    state
}

fn change_dialog(state: &AppState) -> &ChangeDialog {
    match state.overlay() {
        Some(Overlay::Change(dialog)) => dialog,
        other => panic!("expected the change dialog, got {other:?}"),
    }
}

fn type_text(state: &mut AppState, text: &str) -> Vec<Command> {
    let actions: Vec<Action> = text.chars().map(Action::Input).collect();
    press(state, &actions)
}

fn updated(n: usize, status: PostStatus, time: Option<&str>) -> Outcome {
    Outcome::Updated {
        group: UpdatedGroup {
            id: id(n),
            status,
            scheduled_time: time.map(Timestamp::from_raw),
        },
        moved: false,
    }
}

#[test]
fn t_opens_the_dialog_with_the_changeable_posts_and_enter_y_sends_exactly_them() {
    let mut state = loaded_at_noonish(10);
    press(&mut state, &[Action::MarkAll]);
    let commands = press(&mut state, &[Action::RequestReschedule]);
    assert!(commands.is_empty(), "opening the dialog sends nothing");
    assert_eq!(state.mode(), Mode::TimeInput);
    let dialog = change_dialog(&state);
    // View order is newest first: 9..0; only draft (n%5==0) and scheduled (n%5==1) can change.
    assert_eq!(dialog.pending, vec![id(6), id(5), id(1), id(0)]);
    let skipped: Vec<(&str, usize)> = dialog
        .skipped
        .iter()
        .map(|(status, n)| (status.as_str(), *n))
        .collect();
    assert_eq!(
        skipped,
        vec![("failed", 2), ("partially_published", 2), ("published", 2)]
    );
    // No scheduled time under the cursor: now + 1 h, rounded up to the quarter hour.
    assert_eq!(dialog.input.value(), "2026-11-30 00:00");
    assert_eq!(dialog.parsed, Ok(at("2026-11-30T00:00:00Z")));

    // Typing an invalid time shows why, and Enter does not go on.
    press(&mut state, &[Action::ClearInput]);
    type_text(&mut state, "2026-13-01 09:30");
    assert!(change_dialog(&state).parsed.is_err());
    let commands = press(&mut state, &[Action::Submit]);
    assert!(commands.is_empty());
    assert_eq!(state.mode(), Mode::TimeInput);
    // Fix it (Backspace edits), then Enter asks y/n, then y sends exactly the pending ids.
    for _ in 0.."13-01 09:30".len() {
        press(&mut state, &[Action::Backspace]);
    }
    type_text(&mut state, "12-01 09:30");
    assert_eq!(change_dialog(&state).parsed, Ok(at("2026-12-01T09:30:00Z")));
    assert!(press(&mut state, &[Action::Submit]).is_empty());
    assert_eq!(state.mode(), Mode::ConfirmChange);
    let commands = press(&mut state, &[Action::Confirm]);
    assert_eq!(
        commands,
        vec![Command::StartUpdate {
            job: JobId(1),
            ids: vec![id(6), id(5), id(1), id(0)],
            change: PostChange::Reschedule(at("2026-12-01T09:30:00Z")),
        }]
    );
    assert!(state.overlay().is_none());
    let job = state.jobs.running().expect("job registered");
    assert_eq!(
        job.kind,
        JobKind::Change(PostChange::Reschedule(at("2026-12-01T09:30:00Z")))
    );
    assert_eq!(job.total, 4);
}

#[test]
fn time_input_accepts_relative_forms_and_warns_about_the_past() {
    let mut state = loaded_at_noonish(3);
    press(
        &mut state,
        &[Action::CursorBottom, Action::RequestReschedule],
    );
    assert_eq!(change_dialog(&state).pending, vec![id(0)]);
    press(&mut state, &[Action::ClearInput]);
    type_text(&mut state, "+2h");
    assert_eq!(change_dialog(&state).parsed, Ok(at("2026-11-30T00:50:00Z")));
    press(&mut state, &[Action::ClearInput]);
    type_text(&mut state, "tomorrow 09:00");
    assert_eq!(change_dialog(&state).parsed, Ok(at("2026-11-30T09:00:00Z")));
    assert!(!change_dialog(&state).is_past());
    press(&mut state, &[Action::ClearInput]);
    type_text(&mut state, "2026-11-01 08:00");
    assert!(change_dialog(&state).is_past(), "a past time is flagged");
    // Esc cancels without a command.
    let commands = press(&mut state, &[Action::Cancel]);
    assert!(commands.is_empty() && state.overlay().is_none() && !state.jobs.is_running());
}

#[test]
fn nothing_changeable_says_so_and_opens_nothing() {
    let mut state = loaded_at_noonish(5);
    // Cursor on post 4 (partially_published), nothing marked.
    assert_eq!(state.posts.cursor_id(), Some(&id(4)));
    press(&mut state, &[Action::RequestReschedule]);
    let reason = refusal(&state).expect("a refusal dialog").to_string();
    assert!(
        reason.contains("the 1 post chosen is partially_published;"),
        "{reason}"
    );
    // Only Esc or Enter close it: the time typed next goes nowhere.
    let commands = press(&mut state, &[Action::Input('+'), Action::Input('1')]);
    assert!(commands.is_empty() && refusal(&state).is_some());
    press(&mut state, &[Action::Cancel, Action::RequestMoveToDraft]);
    assert!(refusal(&state).is_some());
    press(&mut state, &[Action::Submit]);
    assert!(state.overlay().is_none());
}

#[test]
fn move_to_draft_asks_y_n_and_sends_the_draft_change() {
    let mut state = loaded_at_noonish(5);
    press(&mut state, &[Action::MarkAll, Action::RequestMoveToDraft]);
    assert_eq!(state.mode(), Mode::ConfirmChange);
    // Post 0 is a draft already: it is left out and counted, not sent.
    assert_eq!(change_dialog(&state).pending, vec![id(1)]);
    assert_eq!(change_dialog(&state).skipped.get("already draft"), Some(&1));
    // Typing does nothing here; y sends.
    assert!(type_text(&mut state, "2026").is_empty());
    let commands = press(&mut state, &[Action::Confirm]);
    assert_eq!(
        commands,
        vec![Command::StartUpdate {
            job: JobId(1),
            ids: vec![id(1)],
            change: PostChange::MoveToDraft,
        }]
    );
}

#[test]
fn update_outcomes_take_the_servers_answer_and_reorder_the_view() {
    let mut state = loaded_at_noonish(10);
    state.posts.set_sort(Sort {
        field: SortField::ScheduledTime,
        order: SortOrder::Asc,
    });
    state.posts.sync();
    press(
        &mut state,
        &[
            Action::MarkAll,
            Action::RequestReschedule,
            Action::ClearInput,
        ],
    );
    type_text(&mut state, "2026-12-01 09:30");
    press(&mut state, &[Action::Submit, Action::Confirm]);
    let now = Instant::now();
    // The server moved post 6 (spacing) and refused post 1 (published in the meantime).
    apply_settled(
        &mut state,
        WorkerEvent::ItemFinished {
            job: JobId(1),
            id: id(6),
            outcome: Outcome::Updated {
                group: UpdatedGroup {
                    id: id(6),
                    status: PostStatus::Scheduled,
                    scheduled_time: Some(Timestamp::from_raw("2026-12-01T09:40:00.000Z")),
                },
                moved: true,
            },
        },
        now,
    );
    for n in [5, 0] {
        apply_settled(
            &mut state,
            WorkerEvent::ItemFinished {
                job: JobId(1),
                id: id(n),
                outcome: updated(n, PostStatus::Scheduled, Some("2026-12-01T09:30:00.000Z")),
            },
            now,
        );
    }
    apply_settled(
        &mut state,
        WorkerEvent::ItemFinished {
            job: JobId(1),
            id: id(1),
            outcome: Outcome::Failed(
                "HTTP 400: Cannot update post: post is currently in published status".into(),
            ),
        },
        now,
    );
    let row = state.posts.row(&id(6)).expect("row");
    assert_eq!(row.post.status, PostStatus::Scheduled);
    assert_eq!(
        row.post
            .scheduled_time
            .as_ref()
            .map(|t| t.raw().into_owned()),
        Some("2026-12-01T09:40:00.000Z".to_string())
    );
    assert!(
        row.post
            .platforms
            .iter()
            .all(|p| p.status.as_str() == "scheduled")
    );
    let draft_before = state.posts.row(&id(5)).expect("row");
    assert_eq!(
        draft_before.post.status,
        PostStatus::Scheduled,
        "the draft is scheduled now"
    );
    assert!(
        state
            .posts
            .row(&id(1))
            .and_then(|r| r.last_error())
            .is_some()
    );
    // Ascending by scheduled time: 0 and 5 (09:30, by id), then 6 (09:40), then the posts
    // without a time, last.
    let order: Vec<PostGroupId> = state
        .posts
        .view_rows()
        .map(|row| row.id().clone())
        .collect();
    assert_eq!(&order[..3], &[id(0), id(5), id(6)]);
    assert!(order[3..].iter().all(|id| {
        state
            .posts
            .row(id)
            .is_some_and(|row| row.post.scheduled_time.is_none())
    }));
    // Each changed row's `updated` is the time of the change, not the load's.
    assert_eq!(
        state
            .posts
            .row(&id(6))
            .and_then(|row| row.post.updated_at.as_ref())
            .and_then(|t| t.parsed()),
        Some(state.wall_now())
    );
    let summary = JobSummary {
        updated: 3,
        moved: 1,
        failed: 1,
        ..JobSummary::default()
    };
    apply_settled(
        &mut state,
        WorkerEvent::JobFinished {
            job: JobId(1),
            summary,
            cancelled: false,
            stopped: None,
            never_attempted: vec![],
        },
        now,
    );
    let notice = state.notice().expect("notice").text.clone();
    assert!(
        notice.starts_with("job 1: rescheduled 3, moved by the server 1"),
        "{notice}"
    );
    assert!(notice.contains("failed 1"), "{notice}");
    // R retries the reschedule, never a delete: the dialog comes back with the same time.
    press(&mut state, &[Action::RetryFailed]);
    let dialog = change_dialog(&state);
    assert_eq!(dialog.kind, ChangeKind::Reschedule);
    assert_eq!(dialog.pending, vec![id(1)]);
    assert_eq!(dialog.parsed, Ok(at("2026-12-01T09:30:00Z")));
}

fn managed(n: u8, name: &str) -> ManagedUser {
    serde_json::from_value(serde_json::json!({
        "_id": format!("6650a1b2c3d4e5f60123ab{n:02x}"),
        "username": format!("user{n}@example.com"),
        "displayName": name,
        "role": "managed",
        "dailyPostsLeft": 40 + i64::from(n),
        "connectionsPageUrl": null,
        "connectionsPageTokenExpiresAt": null
    }))
    .expect("fixture parses")
}

#[test]
fn u_picks_a_managed_user_switches_and_reloads() {
    let mut state = loaded_at_noonish(5);
    press(&mut state, &[Action::ToggleMark]);
    let commands = press(&mut state, &[Action::OpenUserPicker]);
    assert_eq!(
        commands,
        vec![Command::LoadWorkspaceUsers { seq: UsersSeq(1) }]
    );
    assert_eq!(state.mode(), Mode::Picker);
    // A stale answer is dropped.
    apply_settled(
        &mut state,
        WorkerEvent::WorkspaceUsersLoaded {
            seq: UsersSeq(0),
            result: Ok(vec![managed(1, "stale")]),
        },
        Instant::now(),
    );
    apply_settled(
        &mut state,
        WorkerEvent::WorkspaceUsersLoaded {
            seq: UsersSeq(1),
            result: Ok(vec![
                managed(1, "Kyoto"),
                managed(2, "Evil\u{1b}[31m\u{202e}Name"),
            ]),
        },
        Instant::now(),
    );
    let Some(Overlay::UserPicker(picker)) = state.overlay() else {
        panic!("picker open");
    };
    assert_eq!(picker.entries.len(), 3);
    assert_eq!(picker.entries[0].user_id, None);
    assert_eq!(picker.list, UserList::Loaded);
    assert!(
        picker.entries[2]
            .name
            .chars()
            .all(|c| !c.is_control() && c != '\u{202e}'),
        "{:?}",
        picker.entries[2].name
    );
    let commands = press(
        &mut state,
        &[Action::PickerDown, Action::PickerDown, Action::Submit],
    );
    let chosen = "6650a1b2c3d4e5f60123ab02".to_string();
    assert_eq!(
        commands,
        vec![
            Command::SwitchUser {
                user_id: Some(chosen.clone())
            },
            Command::LoadPosts { seq: LoadSeq(2) },
        ]
    );
    assert_eq!(state.acting().user_id, Some(chosen));
    assert!(state.acting().label().starts_with("Evil"));
    assert!(
        state.posts.rows().is_empty()
            && state.posts.marked().is_empty()
            && state.detail.no_details()
    );
    // Back to the owner.
    press(&mut state, &[Action::OpenUserPicker]);
    let commands = press(&mut state, &[Action::Submit]);
    assert_eq!(
        commands,
        vec![
            Command::SwitchUser { user_id: None },
            Command::LoadPosts { seq: LoadSeq(3) }
        ]
    );
    assert_eq!(state.acting().label(), "owner");
}

#[test]
fn the_picker_explains_a_403_and_is_refused_while_a_job_runs() {
    let mut state = loaded_at_noonish(5);
    press(&mut state, &[Action::OpenUserPicker]);
    apply_settled(
        &mut state,
        WorkerEvent::WorkspaceUsersLoaded {
            seq: UsersSeq(1),
            result: Err(ApiError::Http {
                status: 403,
                message: "Workspace access is not enabled for this key".into(),
                retry_after: None,
            }
            .into()),
        },
        Instant::now(),
    );
    let Some(Overlay::UserPicker(picker)) = state.overlay() else {
        panic!("picker open");
    };
    assert!(
        matches!(&picker.list, UserList::Failed(text) if text.contains("not enabled")),
        "{:?}",
        picker.list
    );
    assert_eq!(picker.entries.len(), 1, "only the owner");
    press(&mut state, &[Action::Cancel]);
    // Start a job (on post 1, scheduled), then u is refused.
    press(
        &mut state,
        &[
            Action::CursorBottom,
            Action::CursorUp,
            Action::RequestMoveToDraft,
            Action::Confirm,
        ],
    );
    assert!(state.jobs.is_running());
    let commands = press(&mut state, &[Action::OpenUserPicker]);
    assert!(commands.is_empty());
    assert!(refusal(&state).is_some_and(|r| r.contains("job is running")));
}

#[test]
fn read_only_refuses_t_and_d_but_not_the_user_picker() {
    let mut state = loaded_at_noonish(5);
    state.settings.read_only = true;
    for action in [Action::RequestReschedule, Action::RequestMoveToDraft] {
        let commands = press(&mut state, &[Action::MarkAll, action]);
        assert!(commands.is_empty());
        assert_eq!(
            refusal(&state),
            Some(postpost_tui::app::update::READ_ONLY_NOTICE),
            "{action:?}"
        );
        press(&mut state, &[Action::Cancel]);
    }
    let commands = press(&mut state, &[Action::OpenUserPicker]);
    assert_eq!(
        commands,
        vec![Command::LoadWorkspaceUsers { seq: UsersSeq(1) }]
    );
}

fn logs_commands(commands: &[Command]) -> Vec<(u64, PostGroupId)> {
    commands
        .iter()
        .filter_map(|c| match c {
            Command::FetchLogs { seq, id } => Some((seq.0, id.clone())),
            _ => None,
        })
        .collect()
}

fn log_page(events: &[&str]) -> postpost_tui::api::model::PostLogsPage {
    let logs = events
        .iter()
        .enumerate()
        .map(|(n, event)| {
            serde_json::from_value(serde_json::json!({
                "_id": format!("{n:024x}"),
                "postGroupId": id(0).as_str(),
                "event": event,
                "createdAt": format!("2026-11-01T10:00:{n:02}.000Z"),
            }))
            .expect("log fixture")
        })
        .collect();
    postpost_tui::api::model::PostLogsPage { logs, skipped: 0 }
}

/// The logs tab asks for the cursor post's log once (numbered), keeps only the answer to the
/// latest request, follows the cursor, and `r` drops the cache.
#[test]
fn logs_tab_fetches_the_cursor_posts_log_once_and_drops_stale_answers() {
    use postpost_tui::app::state::LogsEntry;
    let mut state = loaded(4);
    let now = Instant::now();
    assert!(
        logs_commands(&press(&mut state, &[Action::CursorDown])).is_empty(),
        "no log is fetched on the post tab"
    );
    let first = state.posts.cursor_id().cloned().expect("cursor");
    let commands = press(&mut state, &[Action::NextDetailTab]);
    assert_eq!(logs_commands(&commands), vec![(1, first.clone())]);
    // Other keys while it loads ask nothing more.
    let commands = press(
        &mut state,
        &[Action::SwitchFocus, Action::SwitchFocus, Action::Escape],
    );
    assert!(logs_commands(&commands).is_empty(), "{commands:?}");
    // An answer carrying another number is dropped; the right one is kept.
    apply_settled(
        &mut state,
        WorkerEvent::LogsLoaded {
            seq: LogsSeq(7),
            id: first.clone(),
            result: Ok(log_page(&["scheduled"])),
        },
        now,
    );
    assert_eq!(state.detail.logs(&first), Some(&LogsEntry::Loading));
    apply_settled(
        &mut state,
        WorkerEvent::LogsLoaded {
            seq: LogsSeq(1),
            id: first.clone(),
            result: Ok(log_page(&["scheduled", "processing", "publish_failed"])),
        },
        now,
    );
    assert!(
        matches!(state.detail.logs(&first), Some(LogsEntry::Loaded { logs, .. }) if logs.len() == 3)
    );
    // The next post gets its own request; coming back uses the cache.
    let commands = press(&mut state, &[Action::CursorDown]);
    let second = state.posts.cursor_id().cloned().expect("cursor");
    assert_eq!(logs_commands(&commands), vec![(2, second.clone())]);
    let commands = press(&mut state, &[Action::CursorUp]);
    assert!(logs_commands(&commands).is_empty(), "{commands:?}");
    // A late answer for the second post's superseded request is dropped after a reload.
    let commands = press(&mut state, &[Action::Reload]);
    assert_eq!(
        logs_commands(&commands),
        vec![(3, first.clone())],
        "r drops the cached logs and asks again"
    );
    apply_settled(
        &mut state,
        WorkerEvent::LogsLoaded {
            seq: LogsSeq(2),
            id: second.clone(),
            result: Ok(log_page(&["scheduled"])),
        },
        now,
    );
    assert!(state.detail.logs(&second).is_none());
    // Failures are kept to show; the post tab stops asking.
    apply_settled(
        &mut state,
        WorkerEvent::LogsLoaded {
            seq: LogsSeq(3),
            id: first.clone(),
            result: Err(ApiError::Http {
                status: 404,
                message: "Post group not found".into(),
                retry_after: None,
            }
            .into()),
        },
        now,
    );
    assert!(
        matches!(state.detail.logs(&first), Some(LogsEntry::Failed(text)) if text.contains("404"))
    );
    let commands = press(&mut state, &[Action::PrevDetailTab, Action::CursorDown]);
    assert!(logs_commands(&commands).is_empty());
}

/// Connections for the fixture posts: `twitter-acct` (posts 0, 3, 6, …), `linkedin-acct`,
/// and an account no post uses.
fn connections_page() -> postpost_tui::api::model::PlatformConnectionsPage {
    let connections = ["twitter-acct", "linkedin-acct", "bluesky-did:plc:unused"]
        .iter()
        .map(|platform_id| {
            serde_json::from_value(serde_json::json!({
                "platformId": platform_id,
                "username": format!("@{platform_id}"),
                "tokenStatus": "valid",
            }))
            .expect("connection fixture")
        })
        .collect();
    postpost_tui::api::model::PlatformConnectionsPage {
        connections,
        skipped: 0,
    }
}

fn connection_loads(commands: &[Command]) -> Vec<u64> {
    commands
        .iter()
        .filter_map(|c| match c {
            Command::LoadConnections { seq } => Some(seq.0),
            _ => None,
        })
        .collect()
}

/// The connections screen asks for the connections the first time it is shown and on `r` there,
/// keeps only the latest answer, and counts the loaded posts per account.
#[test]
fn connections_screen_requests_connections_and_counts_posts() {
    use postpost_tui::app::state::{ConnectionsLoad, Screen};
    let mut state = loaded(9);
    let now = Instant::now();
    let commands = press(&mut state, &[Action::ShowConnections]);
    assert_eq!(state.screen(), Screen::Connections);
    assert_eq!(state.mode(), Mode::Connections);
    assert_eq!(connection_loads(&commands), vec![1]);
    let commands = press(&mut state, &[Action::ShowPosts, Action::ShowConnections]);
    assert!(connection_loads(&commands).is_empty(), "asked only once");
    let commands = press(&mut state, &[Action::Reload]);
    assert_eq!(connection_loads(&commands), vec![2]);
    assert!(
        !commands
            .iter()
            .any(|c| matches!(c, Command::LoadPosts { .. })),
        "r on the connections screen reloads the connections, not the posts"
    );
    apply_settled(
        &mut state,
        WorkerEvent::ConnectionsLoaded {
            seq: ConnectionsSeq(1),
            result: Ok(connections_page()),
        },
        now,
    );
    assert!(state.connections.list().is_empty(), "stale answer dropped");
    apply_settled(
        &mut state,
        WorkerEvent::ConnectionsLoaded {
            seq: ConnectionsSeq(2),
            result: Ok(connections_page()),
        },
        now,
    );
    assert_eq!(*state.connections.load(), ConnectionsLoad::Loaded);
    assert_eq!(state.connections.list().len(), 3);
    assert_eq!(state.connections.post_count("twitter-acct"), 3);
    assert_eq!(state.connections.post_count("linkedin-acct"), 3);
    assert_eq!(state.connections.post_count("bluesky-did:plc:unused"), 0);
    // Counts follow the rows: a removed post no longer counts.
    state.posts.confirm_gone(&id(3));
    settle(&mut state);
    assert_eq!(state.connections.post_count("twitter-acct"), 2);
    // The cursor stays inside the list.
    press(&mut state, &[Action::CursorBottom, Action::CursorDown]);
    assert_eq!(state.connections.cursor(), 2);
    press(&mut state, &[Action::CursorTop, Action::CursorUp]);
    assert_eq!(state.connections.cursor(), 0);
    // A failure keeps the error and its hint.
    press(&mut state, &[Action::Reload]);
    apply_settled(
        &mut state,
        WorkerEvent::ConnectionsLoaded {
            seq: ConnectionsSeq(3),
            result: Err(ApiError::Http {
                status: 401,
                message: "Invalid API key".into(),
                retry_after: None,
            }
            .into()),
        },
        now,
    );
    assert!(matches!(
        state.connections.load(),
        ConnectionsLoad::Failed { hint: Some(_), .. }
    ));
}

/// Enter on a connection shows only the posts with a target on it (in the view, the pickers'
/// counts and `Filter::is_empty`), `Esc` clears it after the text filter, and `t` asks
/// test-connection for the account under the cursor.
#[test]
fn enter_filters_by_connection_and_esc_clears_it() {
    use postpost_tui::app::state::{PickerKind, Screen};
    let mut state = loaded(9);
    let now = Instant::now();
    press(&mut state, &[Action::ShowConnections]);
    apply_settled(
        &mut state,
        WorkerEvent::ConnectionsLoaded {
            seq: ConnectionsSeq(1),
            result: Ok(connections_page()),
        },
        now,
    );
    let commands = press(&mut state, &[Action::TestConnection]);
    assert_eq!(
        commands,
        vec![Command::TestConnection {
            platform_id: "twitter-acct".into()
        }]
    );
    press(&mut state, &[Action::FilterByConnection]);
    assert_eq!(state.screen(), Screen::Posts);
    assert_eq!(
        state.posts.filter().connection.as_deref(),
        Some("twitter-acct")
    );
    assert!(!state.posts.filter().is_empty());
    let shown: Vec<PostGroupId> = state
        .posts
        .view_rows()
        .map(|row| row.id().clone())
        .collect();
    assert_eq!(shown, vec![id(6), id(3), id(0)]);
    let statuses = state.posts.picker_entries(PickerKind::Status);
    assert_eq!(statuses[0], ("all".to_string(), 3));
    // Typing narrows within the connection; Esc drops the text first, then the connection.
    press(
        &mut state,
        &[Action::StartSearch, Action::Input('6'), Action::Submit],
    );
    assert_eq!(state.posts.view_len(), 1);
    press(&mut state, &[Action::Escape]);
    assert_eq!(state.posts.view_len(), 3);
    assert!(state.posts.filter().connection.is_some());
    press(&mut state, &[Action::Escape]);
    assert_eq!(state.posts.filter().connection, None);
    assert_eq!(state.posts.view_len(), 9);
    // An account no loaded post uses gives an empty list, not an error.
    press(
        &mut state,
        &[
            Action::ShowConnections,
            Action::CursorBottom,
            Action::FilterByConnection,
        ],
    );
    assert!((state.posts.view_len() == 0));
    assert_eq!(state.screen(), Screen::Posts);
}

/// Connections, the filter by one and the cached logs belong to the acting user: switching
/// users forgets them, the connections are asked for again, and a late answer for the previous
/// user is dropped.
#[test]
fn switching_users_forgets_connections_and_logs() {
    use postpost_tui::app::state::ConnectionsLoad;
    let mut state = loaded(6);
    let now = Instant::now();
    press(&mut state, &[Action::NextDetailTab]);
    assert!(!state.detail.no_logs());
    press(
        &mut state,
        &[Action::PrevDetailTab, Action::ShowConnections],
    );
    apply_settled(
        &mut state,
        WorkerEvent::ConnectionsLoaded {
            seq: ConnectionsSeq(1),
            result: Ok(connections_page()),
        },
        now,
    );
    press(&mut state, &[Action::FilterByConnection]);
    assert!(state.posts.filter().connection.is_some());
    press(&mut state, &[Action::OpenUserPicker]);
    apply_settled(
        &mut state,
        WorkerEvent::WorkspaceUsersLoaded {
            seq: UsersSeq(1),
            result: Ok(vec![managed(1, "Kyoto")]),
        },
        now,
    );
    let commands = press(&mut state, &[Action::PickerDown, Action::Submit]);
    assert!(
        commands
            .iter()
            .any(|c| matches!(c, Command::SwitchUser { .. })),
        "{commands:?}"
    );
    assert!(state.connections.list().is_empty());
    assert_eq!(*state.connections.load(), ConnectionsLoad::NotAsked);
    assert_eq!(state.posts.filter().connection, None);
    assert!(state.detail.no_logs());
    // The previous user's answer arriving before the new user's screen asks is dropped too.
    apply_settled(
        &mut state,
        WorkerEvent::ConnectionsLoaded {
            seq: ConnectionsSeq(1),
            result: Ok(connections_page()),
        },
        now,
    );
    assert!(state.connections.list().is_empty());
    assert_eq!(*state.connections.load(), ConnectionsLoad::NotAsked);
    let commands = press(&mut state, &[Action::ShowConnections]);
    assert_eq!(connection_loads(&commands), vec![3]);
    apply_settled(
        &mut state,
        WorkerEvent::ConnectionsLoaded {
            seq: ConnectionsSeq(1),
            result: Ok(connections_page()),
        },
        now,
    );
    assert!(
        state.connections.list().is_empty(),
        "the previous user's answer is dropped"
    );
}

/// Acting as a user given by id (--user-id, a profile's user_id): the header shows the whole id
/// until a background GET workspace/users names them, then the sanitized display name; a
/// failed look-up leaves the id and opens nothing.
#[test]
fn a_user_given_by_id_is_named_by_a_background_look_up() {
    let mut state = loaded_at_noonish(3);
    assert_eq!(
        look_up_acting_user(&mut state),
        None,
        "the owner needs no name"
    );
    let id = "6650a1b2c3d4e5f60123ab02".to_string();
    state.act_as(ActingAs {
        user_id: Some(id.clone()),
        name: None,
    });
    assert_eq!(state.acting().label(), format!("user {id}"));
    let seq = state.users_seq().next();
    assert_eq!(
        look_up_acting_user(&mut state),
        Some(Command::LoadWorkspaceUsers { seq })
    );
    apply_settled(
        &mut state,
        WorkerEvent::WorkspaceUsersLoaded {
            seq,
            result: Err(ApiError::Http {
                status: 403,
                message: "Workspace access is not enabled for this key".into(),
                retry_after: None,
            }
            .into()),
        },
        Instant::now(),
    );
    assert_eq!(state.acting().label(), format!("user {id}"));
    assert_eq!(state.overlay(), None);
    apply_settled(
        &mut state,
        WorkerEvent::WorkspaceUsersLoaded {
            seq,
            result: Ok(vec![
                managed(1, "Kyoto"),
                managed(2, "Evil\u{1b}[31m\u{202e}Name"),
            ]),
        },
        Instant::now(),
    );
    let label = state.acting().label();
    assert!(label.starts_with("Evil"), "{label}");
    assert!(
        label.chars().all(|c| !c.is_control() && c != '\u{202e}'),
        "{label:?}"
    );
    assert_eq!(state.overlay(), None, "no picker opened");
    assert_eq!(
        look_up_acting_user(&mut state),
        None,
        "named: no second look-up"
    );
}

/// After switching users, the "loading their posts" notice gives way to "reloaded: N posts"
/// when the load finishes.
#[test]
fn the_switch_notice_gives_way_to_the_reload_count() {
    let mut state = loaded_at_noonish(3);
    press(&mut state, &[Action::OpenUserPicker]);
    let seq = state.users_seq();
    apply_settled(
        &mut state,
        WorkerEvent::WorkspaceUsersLoaded {
            seq,
            result: Ok(vec![managed(1, "Kyoto")]),
        },
        Instant::now(),
    );
    press(&mut state, &[Action::PickerDown, Action::Submit]);
    let text = state.notice().map(|n| n.text.clone()).unwrap_or_default();
    assert_eq!(text, "acting as Kyoto; loading their posts");
    let load = state.load.seq();
    apply_settled(
        &mut state,
        WorkerEvent::PageLoaded {
            seq: load,
            posts: vec![post(1), post(2)],
            skipped: 0,
            pagination: Pagination {
                page: 1,
                limit: 100,
                total_items: 2,
                total_pages: 1,
                ..Pagination::default()
            },
        },
        Instant::now(),
    );
    apply_settled(
        &mut state,
        WorkerEvent::LoadFinished { seq: load },
        Instant::now(),
    );
    let text = state.notice().map(|n| n.text.clone()).unwrap_or_default();
    assert_eq!(text, "reloaded: 2 posts");
}

/// `t` on posts that cannot change says so in a sentence: singular for one post, the statuses
/// counted for several.
#[test]
fn nothing_to_change_reads_as_a_sentence() {
    let mut state = loaded_at_noonish(5);
    let at = |state: &AppState, status: &str| {
        state
            .posts
            .view_rows()
            .position(|row| row.post.status.as_str() == status)
            .expect("a post with that status")
    };
    state.posts.set_cursor(at(&state, "published"));
    press(&mut state, &[Action::RequestReschedule]);
    assert_eq!(
        refusal(&state),
        Some(
            "nothing to change: the 1 post chosen is published; only draft and scheduled posts can change"
        )
    );
    press(&mut state, &[Action::Cancel]);
    for status in ["published", "failed", "partially_published"] {
        state.posts.set_cursor(at(&state, status));
        press(&mut state, &[Action::ToggleMark]);
    }
    press(&mut state, &[Action::RequestMoveToDraft]);
    assert_eq!(
        refusal(&state),
        Some(
            "nothing to change: the 3 posts chosen are: failed 1, partially_published 1, published 1; \
             only draft and scheduled posts can change"
        )
    );
}

#[test]
fn the_detail_pane_starts_at_the_top_whenever_another_post_comes_under_the_cursor() {
    let mut state = loaded(30);
    press(&mut state, &[Action::SwitchFocus]);
    press(&mut state, &[Action::CursorDown, Action::CursorDown]);
    assert_eq!(state.detail.scroll(), 2, "in the detail pane, j scrolls it");
    let before = state.posts.cursor_id().cloned();
    // A text filter that drops the cursor post puts another post under the cursor.
    press(&mut state, &[Action::SwitchFocus, Action::StartSearch]);
    let other = state
        .posts
        .view_row(5)
        .expect("shown")
        .id()
        .as_str()
        .to_string();
    type_text(&mut state, &other);
    press(&mut state, &[Action::Submit]);
    assert_ne!(state.posts.cursor_id().cloned(), before);
    assert_eq!(state.detail.scroll(), 0, "a new post is shown from its top");
}

#[test]
fn a_failed_change_is_labelled_with_its_job_and_a_changed_post_forgets_its_cached_answers() {
    let mut state = loaded_at_noonish(10);
    press(&mut state, &[Action::MarkAll, Action::RequestMoveToDraft]);
    press(&mut state, &[Action::Confirm]);
    let job = state.jobs.running().expect("job started").id;
    let now = Instant::now();
    // Cached answers for post 6, as if the detail and logs tabs had shown it.
    let seq = detail_request(&mut state, &id(6));
    state
        .detail
        .detail_answered(seq, &id(6), DetailEntry::Failed("old".into()));
    assert_eq!(
        state.detail.detail(&id(6)),
        Some(&DetailEntry::Failed("old".into()))
    );
    apply_settled(
        &mut state,
        WorkerEvent::ItemFinished {
            job,
            id: id(6),
            outcome: updated(6, PostStatus::Draft, None),
        },
        now,
    );
    assert!(
        state
            .detail
            .detail(&id(6))
            .is_none_or(|entry| *entry == DetailEntry::Loading),
        "the stale answer is gone (a fresh fetch may be pending)"
    );
    apply_settled(
        &mut state,
        WorkerEvent::ItemFinished {
            job,
            id: id(1),
            outcome: Outcome::Failed("HTTP 500".into()),
        },
        now,
    );
    let row = state.posts.row(&id(1)).expect("post 1 stays");
    assert_eq!(
        row.last_error().map(|(reason, job)| (reason, job.name())),
        Some(("HTTP 500", "move to draft"))
    );
}

#[test]
fn a_large_reschedule_asks_to_type_the_count_like_a_large_delete() {
    // 60 posts: 24 are draft or scheduled (n % 5 is 0 or 1), above the threshold of 20.
    let mut state = loaded_at_noonish(60);
    press(&mut state, &[Action::MarkAll, Action::RequestReschedule]);
    let pending = change_dialog(&state).pending.len();
    assert_eq!(pending, 24);
    assert_eq!(
        change_dialog(&state).drafts,
        12,
        "the dialog warns about the drafts"
    );
    press(&mut state, &[Action::Submit]);
    assert_eq!(state.mode(), Mode::ConfirmChangeTyped);
    // `y` is not a digit: it types nothing and sends nothing.
    assert_eq!(
        postpost_tui::app::keymap::action_for(
            Mode::ConfirmChangeTyped,
            KeyPress::new(KeyCode::Char('y'), KeyModifiers::NONE)
        ),
        None
    );
    type_text(&mut state, "23");
    let commands = press(&mut state, &[Action::Confirm]);
    assert!(
        commands.is_empty() && !state.jobs.is_running(),
        "a wrong count sends nothing"
    );
    press(&mut state, &[Action::Backspace]);
    type_text(&mut state, "4");
    let commands = press(&mut state, &[Action::Confirm]);
    let sent: Vec<_> = commands
        .iter()
        .filter_map(|command| match command {
            Command::StartUpdate { ids, .. } => Some(ids.len()),
            _ => None,
        })
        .collect();
    assert_eq!(sent, vec![24]);
}

/// `n` connections `acct-0` … loaded on the connections screen.
fn on_connections_screen(n: usize) -> AppState {
    let mut state = loaded(9);
    press(&mut state, &[Action::ShowConnections]);
    let connections = (0..n)
        .map(|i| {
            serde_json::from_value(serde_json::json!({
                "platformId": format!("twitter-acct-{i}"),
                "username": format!("@acct{i}"),
                "tokenStatus": "valid",
            }))
            .expect("connection fixture")
        })
        .collect();
    let seq = state.connections.seq();
    apply_settled(
        &mut state,
        WorkerEvent::ConnectionsLoaded {
            seq,
            result: Ok(postpost_tui::api::model::PlatformConnectionsPage {
                connections,
                skipped: 0,
            }),
        },
        Instant::now(),
    );
    state
}

/// Applies a frame whose connections table shows `rows` rows, the list keeping its height.
fn show_connection_rows(state: &mut AppState, rows: usize) {
    let list_rows = state.posts.list_height();
    state.prepare_frame(&Viewport {
        list_rows,
        panes: Some(Panes {
            connection_rows: rows,
            detail_scroll_max: None,
        }),
    });
}

/// QA: on the connections screen a click on a row moves the connections cursor there and
/// the wheel scrolls the table (three rows a notch, the cursor with it); the posts list does
/// not move; under a dialog nothing happens.
#[test]
fn connections_screen_takes_clicks_and_the_wheel() {
    let mut state = on_connections_screen(20);
    show_connection_rows(&mut state, 5);
    press(&mut state, &[Action::ClickConnection(3)]);
    assert_eq!(state.connections.cursor(), 3);
    assert_eq!(state.posts.cursor(), 0, "the posts cursor stays");
    press(&mut state, &[Action::ClickConnection(20)]);
    assert_eq!(state.connections.cursor(), 3, "below the last row: nothing");
    press(&mut state, &[Action::ScrollDown]);
    assert_eq!(
        (state.connections.offset(), state.connections.cursor()),
        (3, 6)
    );
    assert_eq!(state.posts.list_offset(), 0, "the posts list stays");
    // A click on the row drawn at the top of the scrolled table does not move the table.
    press(&mut state, &[Action::ClickConnection(3)]);
    assert_eq!(
        (state.connections.offset(), state.connections.cursor()),
        (3, 3)
    );
    for _ in 0..10 {
        press(&mut state, &[Action::ScrollDown]);
    }
    assert_eq!(
        (state.connections.offset(), state.connections.cursor()),
        (15, 19),
        "stops at the end"
    );
    for _ in 0..10 {
        press(&mut state, &[Action::ScrollUp]);
    }
    assert_eq!(
        (state.connections.offset(), state.connections.cursor()),
        (0, 0),
        "stops at the top"
    );
    // Keys keep the cursor in the table's window.
    press(&mut state, &[Action::CursorBottom]);
    assert_eq!(state.connections.offset(), 15);
    // Under the help overlay the mouse is not asked at all; and its actions do nothing.
    press(&mut state, &[Action::ToggleHelp]);
    assert!(!postpost_tui::tui::mouse_mode(state.mode()));
    press(&mut state, &[Action::ClickConnection(2), Action::ScrollUp]);
    assert_eq!(state.connections.cursor(), 19);
    press(&mut state, &[Action::Cancel]);
    assert!(postpost_tui::tui::mouse_mode(state.mode()));
}

/// The connections table's geometry: rows start under the header, one per connection from the
/// table's first row; borders and the header are the table, not a row; the mouse maps to
/// actions that move the connections cursor.
#[test]
fn hit_test_finds_connection_rows() {
    use postpost_tui::app::keymap::Hit;
    use postpost_tui::app::keymap::{MouseKind, mouse_action};
    use postpost_tui::ui::{hit_test, screen_layout};
    use ratatui::layout::Rect;
    let mut state = on_connections_screen(20);
    let area = Rect::new(0, 0, 100, 30);
    let body = screen_layout(area, &state).expect("fits").body;
    // Body 26 rows: the table takes 19 (the detail block 7): 16 rows of connections.
    let rows = postpost_tui::ui::connections::visible_rows(body);
    assert_eq!(rows, 16);
    show_connection_rows(&mut state, rows);
    // Header, filter bar, the table's top border, its column header: rows start at y = 4.
    assert_eq!(hit_test(area, &state, 10, 4), Hit::ConnectionRow(0));
    assert_eq!(hit_test(area, &state, 10, 19), Hit::ConnectionRow(15));
    assert_eq!(
        hit_test(area, &state, 10, 20),
        Hit::Connections,
        "bottom border"
    );
    assert_eq!(
        hit_test(area, &state, 10, 3),
        Hit::Connections,
        "column header"
    );
    assert_eq!(
        hit_test(area, &state, 0, 8),
        Hit::Connections,
        "left border"
    );
    assert_eq!(
        hit_test(area, &state, 10, 23),
        Hit::Nothing,
        "the detail block"
    );
    assert_eq!(hit_test(area, &state, 10, 0), Hit::Nothing, "header");
    press(&mut state, &[Action::CursorBottom]);
    assert_eq!(
        hit_test(area, &state, 10, 4),
        Hit::ConnectionRow(4),
        "scrolled: the first row drawn is the fifth connection"
    );
    let left = MouseKind::LeftDown;
    assert_eq!(
        mouse_action(left, Hit::ConnectionRow(4)),
        Some(Action::ClickConnection(4))
    );
    assert_eq!(mouse_action(left, Hit::Connections), None);
    assert_eq!(
        mouse_action(MouseKind::ScrollDown, Hit::Connections),
        Some(Action::ScrollDown)
    );
    assert_eq!(
        mouse_action(MouseKind::ScrollUp, Hit::ConnectionRow(2)),
        Some(Action::ScrollUp)
    );
    press(&mut state, &[Action::ClickConnection(4)]);
    assert_eq!(state.connections.cursor(), 4);
}

#[test]
fn a_large_move_to_draft_asks_for_the_typed_count_at_once_and_can_be_confirmed() {
    // 100 posts: 20 scheduled (the drafts are drafts already and stay out).
    let mut state = loaded_at_noonish(100);
    press(&mut state, &[Action::MarkAll, Action::RequestMoveToDraft]);
    assert_eq!(change_dialog(&state).pending.len(), 20);
    assert_eq!(state.mode(), Mode::ConfirmChangeTyped);
    type_text(&mut state, "20");
    let commands = press(&mut state, &[Action::Confirm]);
    let sent: Vec<_> = commands
        .iter()
        .filter_map(|command| match command {
            Command::StartUpdate { ids, .. } => Some(ids.len()),
            _ => None,
        })
        .collect();
    assert_eq!(sent, vec![20]);
}

#[test]
fn r_forgets_the_cached_logs_on_every_screen() {
    use postpost_tui::app::state::{LogsEntry, Screen};
    for screen in [Action::ShowPosts, Action::ShowStats] {
        let mut state = loaded(5);
        let seq = logs_request(&mut state, &id(1));
        state
            .detail
            .logs_answered(seq, &id(1), LogsEntry::Failed("old".into()));
        assert!(!state.detail.no_logs());
        press(&mut state, &[screen]);
        let commands = press(&mut state, &[Action::Reload]);
        assert!(
            commands
                .iter()
                .any(|c| matches!(c, Command::LoadPosts { .. }))
        );
        assert!(state.detail.no_logs(), "{:?}", state.screen());
        assert_ne!(state.screen(), Screen::Connections);
    }
}

/// `x` cancels the running job once: the first press sends one `CancelJob` for it, a second
/// sends nothing more, and without a job it only says so.
#[test]
fn x_cancels_the_running_job_once_and_says_when_none_runs() {
    let mut state = loaded(5);
    let commands = press(&mut state, &[Action::CancelJob]);
    assert!(commands.is_empty());
    assert!(
        state
            .notice()
            .is_some_and(|n| n.text.contains("no job is running"))
    );
    press(&mut state, &[Action::RequestDelete, Action::Confirm]);
    let job = state.jobs.running().expect("job started").id;
    let commands = press(&mut state, &[Action::CancelJob]);
    assert_eq!(commands, vec![Command::CancelJob { job }]);
    assert!(state.jobs.running().is_some_and(|j| j.cancelling));
    let commands = press(&mut state, &[Action::CancelJob]);
    assert!(
        commands.is_empty(),
        "a second x sends nothing: {commands:?}"
    );
}

fn typed(state: &mut AppState, text: &str) {
    for c in text.chars() {
        press(state, &[Action::Input(c)]);
    }
}

#[test]
fn a_malformed_query_keeps_the_last_good_filter_and_enter_waits_for_a_good_one() {
    let mut state = loaded(30);
    press(&mut state, &[Action::StartSearch]);
    typed(&mut state, "21 status:");
    assert!(
        state
            .posts
            .query_error()
            .is_some_and(|e| e.to_string().starts_with("status:: status: needs a value")),
        "{:?}",
        state.posts.query_error()
    );
    // The last good query is `21 status` (the key typed as a word): nothing matches it.
    assert_eq!(
        state.posts.view_len(),
        0,
        "still filtered by the last good query"
    );
    assert_eq!(state.posts.filter().text, "21 status");
    press(&mut state, &[Action::Submit]);
    assert_eq!(
        state.mode(),
        Mode::Search,
        "Enter waits for a query that parses"
    );
    typed(&mut state, "failed");
    assert!(state.posts.query_error().is_none());
    assert_eq!(state.posts.view_len(), 0, "post 21 is scheduled");
    press(&mut state, &[Action::Backspace; 6]);
    press(&mut state, &[Action::Backspace; 7]);
    typed(&mut state, "-status:failed");
    assert_eq!(state.posts.view_len(), 1);
    press(&mut state, &[Action::Submit]);
    assert_eq!(state.mode(), Mode::Browse);
    assert_eq!(state.posts.filter().text, "21 -status:failed");
    // Esc while typing goes back to the query from before `/`.
    press(&mut state, &[Action::StartSearch, Action::ClearInput]);
    assert_eq!(state.posts.view_len(), 30);
    press(&mut state, &[Action::Cancel]);
    assert_eq!(state.posts.view_len(), 1);
}

#[test]
fn mark_all_and_unmark_shown_work_while_typing_and_unmarking_spares_hidden_marks() {
    let mut state = loaded(10);
    // Posts 3 and 8 are failed.
    press(&mut state, &[Action::MarkAll]);
    assert_eq!(state.posts.marked().len(), 10);
    press(&mut state, &[Action::StartSearch]);
    typed(&mut state, "status:failed");
    press(&mut state, &[Action::UnmarkShown]);
    assert_eq!(state.mode(), Mode::Search, "the field stays open");
    assert_eq!(state.posts.marked().len(), 8);
    assert!(!state.posts.is_marked(&id(3)) && !state.posts.is_marked(&id(8)));
    press(
        &mut state,
        &[Action::MarkAll, Action::Submit, Action::UnmarkShown],
    );
    assert_eq!(state.posts.marked().len(), 8);
    assert!(
        state.notice().is_some_and(|n| n
            .text
            .contains("8 marked posts the filter hides stay marked")),
        "{:?}",
        state.notice()
    );
}

#[test]
fn the_detail_pane_says_which_term_hides_the_post_the_cursor_was_on() {
    let mut state = loaded(10);
    state.set_time_zone(TimeZoneChoice::Utc);
    let on = state.posts.cursor_id().cloned().expect("cursor");
    press(&mut state, &[Action::StartSearch]);
    typed(&mut state, "-status:");
    let status = state
        .posts
        .row(&on)
        .expect("row")
        .post
        .status
        .as_str()
        .to_string();
    typed(&mut state, &status);
    let shown = state.detail_row().expect("detail").id().clone();
    assert_eq!(shown, on, "the pane keeps the post the query now hides");
    let why = state.why_hidden(state.detail_row().expect("row"));
    assert_eq!(
        why,
        Some(format!("-status:{status}: its status is {status}"))
    );
    press(&mut state, &[Action::Cancel]);
    assert_eq!(state.why_hidden(state.detail_row().expect("row")), None);
}

#[test]
fn pickers_check_several_entries_and_enter_without_space_takes_the_cursor_entry() {
    let mut state = loaded(10);
    // Entries: all, draft, scheduled, published, failed, partially_published.
    press(
        &mut state,
        &[
            Action::OpenStatusPicker,
            Action::PickerDown,
            Action::PickerToggle,
            Action::PickerDown,
            Action::PickerToggle,
            Action::Submit,
        ],
    );
    assert_eq!(state.posts.filter().text, "status:draft,scheduled");
    assert_eq!(state.posts.view_len(), 4);
    // Reopened: the choice is checked; Space on "all" clears it.
    press(&mut state, &[Action::OpenStatusPicker]);
    let Some(Overlay::Picker(picker)) = state.overlay() else {
        panic!("open")
    };
    assert_eq!(picker.checked.len(), 2);
    assert_eq!(picker.cursor, 1);
    press(
        &mut state,
        &[Action::PickerUp, Action::PickerToggle, Action::Submit],
    );
    assert_eq!(state.posts.filter().text, "");
    assert_eq!(state.posts.view_len(), 10);
    // No Space: Enter takes the entry under the cursor, as a single choice.
    press(
        &mut state,
        &[
            Action::OpenPlatformPicker,
            Action::PickerDown,
            Action::Submit,
        ],
    );
    assert_eq!(state.posts.filter().text, "platform:twitter");
}

/// `U` after a delete whose posts include some create-post refuses (a Bluesky `did:plc` id):
/// the dialog offers the others, and the typed count is theirs.
#[test]
fn the_restore_dialog_counts_only_the_posts_that_can_come_back() {
    let mut state = loaded(3);
    let refused: PostSummary = serde_json::from_value(serde_json::json!({
        "postGroupId": id(7).as_str(),
        "content": "on bluesky",
        "status": "draft",
        "createdAt": "2026-11-01T11:00:00.000Z",
        "platforms": [{"platformId": "bluesky-did:plc:abc123", "platform": "bluesky", "status": "draft"}],
    }))
    .expect("fixture parses");
    state.posts.upsert(refused, LoadSeq(1));
    state.settings.confirm_typed_threshold = 1;
    press(&mut state, &[Action::MarkAll, Action::RequestDelete]);
    type_text(&mut state, "4");
    let commands = press(&mut state, &[Action::Confirm]);
    let Some(Command::StartDelete { job, ids, .. }) = commands
        .iter()
        .find(|c| matches!(c, Command::StartDelete { .. }))
    else {
        panic!("no delete job")
    };
    let (job, ids) = (*job, ids.clone());
    let now = Instant::now();
    apply(
        &mut state,
        WorkerEvent::JobStarted {
            job,
            total: ids.len(),
            name: "job-1".into(),
            backup_dir: Some("/backups/job-1".into()),
        },
        now,
    );
    for id in &ids {
        apply(
            &mut state,
            WorkerEvent::ItemFinished {
                job,
                id: id.clone(),
                outcome: Outcome::Deleted,
            },
            now,
        );
    }
    apply(
        &mut state,
        WorkerEvent::JobFinished {
            job,
            summary: JobSummary {
                deleted: ids.len(),
                ..JobSummary::default()
            },
            cancelled: false,
            stopped: None,
            never_attempted: vec![],
        },
        now,
    );
    press(&mut state, &[Action::RestoreLastJob]);
    let Some(Overlay::Restore(dialog)) = state.overlay() else {
        panic!("the restore dialog: {:?}", state.overlay())
    };
    assert_eq!((dialog.ids.len(), dialog.unrestorable), (4, 1));
    assert_eq!(dialog.restorable(), 3);
    // The count of all four is not the one asked for.
    type_text(&mut state, "4");
    let commands = press(&mut state, &[Action::Confirm]);
    assert!(
        !commands
            .iter()
            .any(|c| matches!(c, Command::StartRestore { .. })),
        "4 is not the count of posts that can come back"
    );
    press(&mut state, &[Action::Cancel]);
    press(&mut state, &[Action::RestoreLastJob]);
    type_text(&mut state, "3");
    let commands = press(&mut state, &[Action::Confirm]);
    assert!(
        commands
            .iter()
            .any(|c| matches!(c, Command::StartRestore { .. })),
        "3 starts the restore: {commands:?}"
    );
}

/// A reload's progress is its own: the header counts what this load received, not the posts
/// the list still holds from the last one.
#[test]
fn a_reload_shows_its_own_progress() {
    let mut state = loaded(4);
    let commands = press(&mut state, &[Action::Reload]);
    let Some(Command::LoadPosts { seq }) = commands
        .iter()
        .find(|c| matches!(c, Command::LoadPosts { .. }))
    else {
        panic!("no load: {commands:?}")
    };
    apply_settled(
        &mut state,
        WorkerEvent::PageLoaded {
            seq: *seq,
            posts: (2..4).map(post).collect(),
            skipped: 0,
            pagination: Pagination {
                page: 1,
                limit: 2,
                total_items: 4,
                total_pages: 2,
                ..Pagination::default()
            },
        },
        Instant::now(),
    );
    let screen = crate::render::render(&mut state, 100, 30, Instant::now());
    assert!(screen.contains("2 of 4 loaded"), "{screen}");
    assert!(screen.contains("4 shown / 4 posts"), "{screen}");
}
