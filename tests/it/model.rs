//! The model-based test of DESIGN §7 rules 1–4: random sequences of key presses (through the
//! default keymap, in whatever mode the state is in, so text typed into every dialog and into
//! places where no dialog opened), reloads whose answers add, remove and reorder posts, user
//! switches, and job answers from a lying server (refusals, 404s, unknowns), driven through
//! the real `update`/`apply`, checked after every step against a small reference of what the
//! user selected:
//!
//! - every delete or update `Command` carries exactly the ids the open confirm dialog showed,
//!   and the step's action confirmed that dialog;
//! - a confirm dialog opens only from `d`/`Delete`/`R` (delete) or `t`/`D`/`R` (change), and it
//!   holds exactly the marked posts (or the cursor post when none is marked);
//! - the marks change only on a key that marks, unmarks or undoes (the reference follows
//!   `Space`, `Ctrl-a`, `Ctrl-r` and `z` exactly), on a user switch (cleared), and when the
//!   server confirms a marked post gone; a reload, a sort or a filter never changes them;
//! - a post leaves the list only on a server-confirmed outcome;
//! - a refusal dialog swallows every key but the ones that close it.

use std::collections::{BTreeMap, HashSet};
use std::time::Instant;

use postpost_tui::api::model::{ManagedUser, Pagination, PostGroupId, PostSummary};
use postpost_tui::app::action::Action;
use postpost_tui::app::keymap::{self, KeyCode, KeyModifiers, KeyPress, Mode};
use postpost_tui::app::state::{AppState, Overlay, UiSettings};
use postpost_tui::app::update::{apply, settle, update};
use postpost_tui::protocol::{Command, JobId, LoadSeq, Outcome, UsersSeq, WorkerEvent};
use proptest::prelude::*;

/// Posts the fake server may hold: ids 1..=UNIVERSE.
const UNIVERSE: u8 = 14;

const STATUSES: [&str; 4] = ["draft", "scheduled", "published", "failed"];

/// One step of a case.
#[derive(Debug, Clone)]
enum Op {
    /// A key press, read through the default keymap in the state's current mode.
    Key(KeyPress),
    /// Another client adds (or re-times) post `id` with this status and time.
    ServerPut { id: u8, status: u8, minute: u8 },
    /// Another client deletes post `id`.
    ServerDelete(u8),
    /// The answer to the last list request arrives: every post the server holds, in an order
    /// drawn from `shuffle`.
    DeliverLoad { shuffle: u64 },
    /// The running job answers for its `index`-th id (modulo its size).
    JobItem { index: u8, outcome: u8 },
    /// The running job ends.
    JobFinish,
    /// The workspace users arrive for the open user picker.
    UsersArrive,
    /// A reschedule (even `kind`) or a move to draft typed as a whole, `text` being the time.
    Flow { kind: u8, text: String },
}

fn key(code: KeyCode) -> KeyPress {
    KeyPress::new(code, KeyModifiers::NONE)
}

fn ctrl(c: char) -> KeyPress {
    KeyPress::new(KeyCode::Char(c), KeyModifiers::CONTROL)
}

/// The keys a user might press, weighted towards the ones that mark, choose and confirm.
fn keys() -> Vec<KeyPress> {
    let mut keys: Vec<KeyPress> = "jjkkgGvv  zdDtyynn/oorRsupx+1d:09-"
        .chars()
        .map(|c| key(KeyCode::Char(c)))
        .collect();
    keys.extend([
        key(KeyCode::Enter),
        key(KeyCode::Enter),
        key(KeyCode::Esc),
        key(KeyCode::Esc),
        key(KeyCode::Backspace),
        key(KeyCode::Down),
        key(KeyCode::Delete),
        key(KeyCode::Tab),
        ctrl('a'),
        ctrl('r'),
        ctrl('u'),
        KeyPress::new(KeyCode::Char('R'), KeyModifiers::SHIFT),
        KeyPress::new(KeyCode::Char('U'), KeyModifiers::SHIFT),
        KeyPress::new(KeyCode::Char('V'), KeyModifiers::SHIFT),
        ctrl('v'),
        KeyPress::new(KeyCode::Char('D'), KeyModifiers::SHIFT),
        KeyPress::new(KeyCode::Char('G'), KeyModifiers::SHIFT),
    ]);
    keys
}

fn op() -> impl Strategy<Value = Op> {
    let keys = keys();
    prop_oneof![
        12 => proptest::sample::select(keys).prop_map(Op::Key),
        1 => (1..=UNIVERSE, 0..4u8, 0..60u8)
            .prop_map(|(id, status, minute)| Op::ServerPut { id, status, minute }),
        1 => (1..=UNIVERSE).prop_map(Op::ServerDelete),
        2 => any::<u64>().prop_map(|shuffle| Op::DeliverLoad { shuffle }),
        2 => (any::<u8>(), 0..6u8).prop_map(|(index, outcome)| Op::JobItem { index, outcome }),
        1 => Just(Op::JobFinish),
        1 => Just(Op::UsersArrive),
        2 => (any::<u8>(), proptest::sample::select(vec!["+1d", "tomorrow 09:00", "2027-01-02 10:00", "dd", "+2h", ""]))
            .prop_map(|(kind, text)| Op::Flow { kind, text: text.to_string() }),
    ]
}

fn id(n: u8) -> PostGroupId {
    PostGroupId::parse(&format!("{n:024x}")).expect("id")
}

fn summary(n: u8, status: u8, minute: u8) -> PostSummary {
    serde_json::from_value(serde_json::json!({
        "postGroupId": id(n).as_str(),
        "content": format!("post {n} dy +1d"),
        "status": STATUSES[usize::from(status) % STATUSES.len()],
        "createdAt": format!("2026-11-01T10:{:02}:00.000Z", minute % 60),
        "scheduledTime": format!("2027-01-01T{:02}:00:00.000Z", (n + minute) % 24),
        "updatedAt": "2026-11-01T10:00:00.000Z",
        "platforms": [{"platformId": "twitter-acct", "platform": "twitter", "status": "draft"}],
    }))
    .expect("summary")
}

/// The fake server and what the test knows of the conversation.
struct World {
    state: AppState,
    server: BTreeMap<u8, (u8, u8)>,
    /// The last list request the app asked for, and not yet answered.
    pending_load: Option<LoadSeq>,
    /// The running job's ids not answered yet (the worker answers each once), from the
    /// command that started it.
    job: Option<(JobId, Vec<PostGroupId>)>,
    /// The open user picker's request.
    users_seq: Option<UsersSeq>,
    /// The reference: marks before each bulk change (what `z` restores).
    history: Vec<HashSet<PostGroupId>>,
}

impl World {
    fn new() -> Self {
        let mut state = AppState::new(UiSettings {
            confirm_typed_threshold: 4,
            ..UiSettings::default()
        });
        state.posts.set_list_height(5);
        let server = (1..=8).map(|n| (n, (n % 4, n * 7 % 60))).collect();
        let mut world = Self {
            state,
            server,
            pending_load: None,
            job: None,
            users_seq: None,
            history: Vec::new(),
        };
        let commands = update(&mut world.state, Action::Reload, Instant::now());
        world.follow(&commands);
        world.deliver_load(0);
        world
    }

    /// Notes the commands the worker would run.
    fn follow(&mut self, commands: &[Command]) {
        for command in commands {
            match command {
                Command::LoadPosts { seq } => self.pending_load = Some(*seq),
                Command::StartDelete { job, ids, .. } | Command::StartUpdate { job, ids, .. } => {
                    self.job = Some((*job, ids.clone()));
                }
                Command::LoadWorkspaceUsers { seq } => self.users_seq = Some(*seq),
                _ => {}
            }
        }
    }

    fn deliver_load(&mut self, shuffle: u64) {
        let Some(seq) = self.pending_load.take() else {
            return;
        };
        let mut posts: Vec<PostSummary> = self
            .server
            .iter()
            .map(|(&n, &(status, minute))| summary(n, status, minute))
            .collect();
        let mut rng = fastrand::Rng::with_seed(shuffle);
        rng.shuffle(&mut posts);
        let total = posts.len() as u64;
        let now = Instant::now();
        let mut commands = apply(
            &mut self.state,
            WorkerEvent::PageLoaded {
                seq,
                posts,
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
        commands.extend(apply(
            &mut self.state,
            WorkerEvent::LoadFinished { seq },
            now,
        ));
        commands.extend(settle(&mut self.state));
        self.follow(&commands);
    }
}

/// The ids the list holds.
fn loaded(state: &AppState) -> HashSet<PostGroupId> {
    state
        .posts
        .rows()
        .iter()
        .filter(|row| !row.gone)
        .map(|row| row.id().clone())
        .collect()
}

/// What a bulk action applies to: the marked posts still listed, else the cursor post.
fn chosen(state: &AppState) -> HashSet<PostGroupId> {
    let marked: HashSet<PostGroupId> = state
        .posts
        .marked()
        .iter()
        .filter(|id| state.posts.row(id).is_some())
        .cloned()
        .collect();
    if marked.is_empty() {
        state.posts.cursor_id().cloned().into_iter().collect()
    } else {
        marked
    }
}

fn pending_of(overlay: Option<&Overlay>) -> Option<(bool, Vec<PostGroupId>)> {
    match overlay {
        Some(Overlay::ConfirmDelete(confirm)) => Some((true, confirm.pending.clone())),
        Some(Overlay::Change(change)) => Some((false, change.pending.clone())),
        _ => None,
    }
}

fn sorted(ids: &[PostGroupId]) -> Vec<PostGroupId> {
    let mut ids = ids.to_vec();
    ids.sort();
    ids
}

/// Runs one case; `Err` says which rule broke at which step.
fn run(ops: &[Op]) -> Result<(), String> {
    let mut world = World::new();
    for (n, op) in ops.iter().enumerate() {
        if world.state.should_quit() {
            break;
        }
        match op {
            Op::Flow { kind, text } => flow(&mut world, n, *kind, text)?,
            op => {
                step(&mut world, n, op)?;
            }
        }
    }
    Ok(())
}

/// The keys of a reschedule (`t`, a time, `Enter`, `y`) or a move to draft (`D`, `y`) as a
/// user types them, whether or not the dialog opens: they may reschedule or move the chosen
/// posts, and nothing else — no delete, no mark, no reload, no sort or filter change.
fn flow(world: &mut World, n: usize, kind: u8, text: &str) -> Result<(), String> {
    let marks = world.state.posts.marked().to_set();
    let sort = world.state.posts.sort();
    let filter = world.state.posts.filter().clone();
    let keys = match kind % 2 {
        0 => format!("t{text}\ny"),
        _ => format!("D{text}y"),
    };
    // Typed elsewhere (the search line, a dialog), the keys are text or answers there.
    let browsing = world.state.mode() == Mode::Browse;
    for c in keys.chars() {
        let press = match c {
            '\n' => key(KeyCode::Enter),
            'D' => KeyPress::new(KeyCode::Char('D'), KeyModifiers::SHIFT),
            c => key(KeyCode::Char(c)),
        };
        let commands = step(world, n, &Op::Key(press))?;
        if !browsing {
            continue;
        }
        let fail = |what: &str| Err(format!("step {n} (typing {keys:?}): {what}"));
        if commands.iter().any(|c| {
            matches!(
                c,
                Command::StartDelete { .. }
                    | Command::LoadPosts { .. }
                    | Command::SwitchUser { .. }
            )
        }) {
            return fail(&format!("{commands:?} came of it"));
        }
        if world.state.posts.marked().to_set() != marks {
            return fail("the marks changed");
        }
        if world.state.posts.sort() != sort || world.state.posts.filter() != &filter {
            return fail("the sort or the filter changed");
        }
        if matches!(world.state.overlay(), Some(Overlay::ConfirmDelete(_))) {
            return fail("a delete dialog opened");
        }
    }
    // Whatever is still open (a dialog asking for a typed count) is closed.
    step(world, n, &Op::Key(key(KeyCode::Esc)))?;
    Ok(())
}

/// One step, checked; gives the commands it produced.
fn step(world: &mut World, step: usize, op: &Op) -> Result<Vec<Command>, String> {
    let skip = Ok(Vec::new());
    {
        let fail = |what: String| Err(format!("step {step} ({op:?}): {what}"));
        world.state.posts.sync();
        let marks_before = world.state.posts.marked().to_set();
        let loaded_before = loaded(&world.state);
        let mode_before = world.state.mode();
        let overlay_before = world.state.overlay().cloned();
        let ranging = world.state.posts.range().is_some();
        let chosen_before = chosen(&world.state);
        let cursor_before = world.state.posts.cursor_id().cloned();
        let shown_before: Vec<PostGroupId> = world
            .state
            .posts
            .view_rows()
            .map(|row| row.id().clone())
            .collect();
        let now = Instant::now();
        // What the server confirmed gone in this step; what may leave the list.
        let mut confirmed_gone: HashSet<PostGroupId> = HashSet::new();
        let mut reload_done = false;
        let mut action_taken = None;
        let commands = match op {
            Op::Key(press) => {
                let Some(action) = keymap::action_for(mode_before, *press) else {
                    return skip;
                };
                action_taken = Some(action);
                update(&mut world.state, action, now)
            }
            Op::ServerPut { id, status, minute } => {
                world.server.insert(*id, (*status, *minute));
                return skip;
            }
            Op::ServerDelete(n) => {
                world.server.remove(n);
                return skip;
            }
            Op::Flow { .. } => return skip,
            Op::DeliverLoad { shuffle } => {
                if world.pending_load.is_none() {
                    return skip;
                }
                reload_done = true;
                world.deliver_load(*shuffle);
                Vec::new()
            }
            Op::JobItem { index, outcome } => {
                let Some((job, ids)) = world.job.as_mut() else {
                    return skip;
                };
                if ids.is_empty() {
                    return skip;
                }
                let job = *job;
                let target = ids.remove(usize::from(*index) % ids.len());
                let is_delete = world
                    .state
                    .jobs
                    .running()
                    .is_some_and(|job| job.kind == postpost_tui::protocol::JobKind::Delete);
                let outcome = match (outcome, is_delete) {
                    (0, _) => Outcome::Failed("Post is being published".into()),
                    (1, _) => Outcome::Unknown("no answer".into()),
                    (2, true) => Outcome::Deleted,
                    (3, true) => Outcome::AlreadyGone,
                    (4, _) => Outcome::NotFound,
                    _ => Outcome::Failed("the server did not confirm it".into()),
                };
                if outcome.is_gone() {
                    confirmed_gone.insert(target.clone());
                    world.server.retain(|n, _| id(*n) != target);
                }
                let mut commands = apply(
                    &mut world.state,
                    WorkerEvent::ItemFinished {
                        job,
                        id: target,
                        outcome,
                    },
                    now,
                );
                commands.extend(settle(&mut world.state));
                commands
            }
            Op::JobFinish => {
                let Some((job, ids)) = world.job.take() else {
                    return skip;
                };
                let mut commands = apply(
                    &mut world.state,
                    WorkerEvent::JobFinished {
                        job,
                        summary: Default::default(),
                        cancelled: false,
                        stopped: None,
                        never_attempted: ids,
                    },
                    now,
                );
                commands.extend(settle(&mut world.state));
                commands
            }
            Op::UsersArrive => {
                let Some(seq) = world.users_seq.take() else {
                    return skip;
                };
                let user: ManagedUser = serde_json::from_value(serde_json::json!({
                    "_id": "66b0c0ffee0000000000beef",
                    "username": "managed@example.com",
                }))
                .expect("user");
                let mut commands = apply(
                    &mut world.state,
                    WorkerEvent::WorkspaceUsersLoaded {
                        seq,
                        result: Ok(vec![user]),
                    },
                    now,
                );
                commands.extend(settle(&mut world.state));
                commands
            }
        };
        world.follow(&commands);
        world.state.posts.sync();
        let marks_after = world.state.posts.marked().to_set();
        let loaded_after = loaded(&world.state);
        let switched = commands
            .iter()
            .any(|c| matches!(c, Command::SwitchUser { .. }));

        // Rule 1: a delete or update command carries exactly the confirmed dialog's ids.
        for command in &commands {
            let (is_delete, ids) = match command {
                Command::StartDelete { ids, .. } => (true, ids),
                Command::StartUpdate { ids, .. } => (false, ids),
                _ => continue,
            };
            let Some((dialog_is_delete, pending)) = pending_of(overlay_before.as_ref()) else {
                return fail(format!("a job of {ids:?} started with no dialog open"));
            };
            if dialog_is_delete != is_delete {
                return fail("a job of the other kind than the dialog's started".into());
            }
            if *ids != pending {
                return fail(format!("sent {ids:?}, the dialog showed {pending:?}"));
            }
            if action_taken != Some(Action::Confirm) {
                return fail(format!("started by {action_taken:?}, not a confirmation"));
            }
        }
        // A confirm dialog opens only from its keys, holding exactly what was chosen.
        let opened = pending_of(world.state.overlay());
        if let Some((is_delete, pending)) = &opened
            && pending_of(overlay_before.as_ref()).is_none()
        {
            let allowed: &[Action] = if *is_delete {
                &[Action::RequestDelete, Action::RetryFailed]
            } else {
                &[
                    Action::RequestReschedule,
                    Action::RequestMoveToDraft,
                    Action::RetryFailed,
                ]
            };
            if !action_taken.is_some_and(|a| allowed.contains(&a)) {
                return fail(format!("a confirm dialog opened on {action_taken:?}"));
            }
            let held: HashSet<PostGroupId> = pending.iter().cloned().collect();
            if action_taken != Some(Action::RetryFailed)
                && (*is_delete && held != chosen_before
                    || !*is_delete && !held.is_subset(&chosen_before))
            {
                return fail(format!(
                    "the dialog holds {:?}, the user chose {:?}",
                    sorted(pending),
                    chosen_before
                ));
            }
        }
        // A refusal takes every key; only closing it changes anything.
        if mode_before == Mode::Refused && action_taken.is_some() {
            if !commands.is_empty() && action_taken != Some(Action::ForceQuit) {
                return fail(format!("a refusal let {commands:?} through"));
            }
            if marks_after != marks_before {
                return fail("a key typed into a refusal changed the marks".into());
            }
            let closed = world.state.overlay().is_none();
            if !closed && world.state.overlay() != overlay_before.as_ref() {
                return fail("a refusal turned into another dialog".into());
            }
        }

        // Rule 2: the marks change only by a marking key, a switch, or a confirmed gone.
        let expected: Option<HashSet<PostGroupId>> = match action_taken {
            _ if switched => Some(HashSet::new()),
            Some(Action::ToggleMark) if mode_before == Mode::Browse => {
                let mut marks = marks_before.clone();
                if let Some(id) = &cursor_before
                    && !marks.remove(id)
                {
                    marks.insert(id.clone());
                }
                Some(marks)
            }
            Some(Action::MarkAll) if matches!(mode_before, Mode::Browse | Mode::Search) => {
                world.history.push(marks_before.clone());
                Some(marks_before.iter().chain(&shown_before).cloned().collect())
            }
            Some(Action::InvertMarks) if matches!(mode_before, Mode::Browse | Mode::Search) => {
                world.history.push(marks_before.clone());
                let shown: HashSet<_> = shown_before.iter().cloned().collect();
                Some(marks_before.symmetric_difference(&shown).cloned().collect())
            }
            Some(Action::UnmarkShown) if matches!(mode_before, Mode::Browse | Mode::Search) => {
                world.history.push(marks_before.clone());
                let shown: HashSet<_> = shown_before.iter().cloned().collect();
                Some(marks_before.difference(&shown).cloned().collect())
            }
            Some(Action::UndoMarks) if mode_before == Mode::Browse => {
                Some(match world.history.pop() {
                    Some(previous) => previous
                        .into_iter()
                        .filter(|id| loaded_after.contains(id))
                        .collect(),
                    None => marks_before.clone(),
                })
            }
            // Escape may clear the marks (after ending a range, leaving the detail pane,
            // clearing the filters); a range follows the cursor keys: checked below only for
            // what they may touch.
            Some(Action::Escape | Action::RangeMark) if mode_before == Mode::Browse => None,
            Some(
                Action::CursorDown
                | Action::CursorUp
                | Action::CursorTop
                | Action::CursorBottom
                | Action::PageDown
                | Action::PageUp,
            ) if mode_before == Mode::Browse && ranging => None,
            _ => Some(
                marks_before
                    .iter()
                    .filter(|id| !confirmed_gone.contains(*id))
                    .filter(|id| !reload_done || loaded_after.contains(*id))
                    .cloned()
                    .collect(),
            ),
        };
        match (&expected, action_taken) {
            (Some(expected), _) if *expected != marks_after => {
                return fail(format!(
                    "marks {:?} → {:?}, expected {:?}",
                    marks_before, marks_after, expected
                ));
            }
            (None, Some(Action::Escape)) => {
                if marks_after != marks_before && !marks_after.is_empty() {
                    return fail("Esc changed the marks without clearing them".into());
                }
                if marks_after != marks_before {
                    world.history.push(marks_before.clone());
                }
            }
            (None, Some(Action::RangeMark)) if !ranging && cursor_before.is_some() => {
                world.history.push(marks_before.clone());
                let mut expected = marks_before.clone();
                expected.extend(cursor_before.clone());
                if marks_after != expected {
                    return fail("v did not mark exactly the cursor row".into());
                }
            }
            (None, Some(Action::RangeMark)) if marks_after != marks_before => {
                return fail("ending a range changed the marks".into());
            }
            (None, Some(_)) if ranging => {
                // Only rows of the view the user walked can join; none can leave but by
                // the range shrinking back over rows it added.
                let shown: HashSet<_> = shown_before.iter().collect();
                if let Some(stray) = marks_after
                    .symmetric_difference(&marks_before)
                    .find(|id| !shown.contains(id))
                {
                    return fail(format!("range marking touched {stray:?}, not on screen"));
                }
            }
            _ => {}
        }
        if switched {
            world.history.clear();
        }
        if world.history.len() > 20 {
            world.history.remove(0);
        }

        // Rule 3: a post leaves the list only on a server-confirmed outcome.
        for gone in loaded_before.difference(&loaded_after) {
            if !(switched || confirmed_gone.contains(gone) || reload_done) {
                return fail(format!("{gone:?} left the list unconfirmed"));
            }
            if reload_done && !switched && world.server.keys().any(|n| id(*n) == *gone) {
                return fail(format!("{gone:?} left on a reload that listed it"));
            }
        }
        Ok(commands)
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 3000,
        max_shrink_iters: 4000,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn only_what_the_user_chose_is_ever_sent(ops in proptest::collection::vec(op(), 1..100)) {
        if let Err(broken) = run(&ops) {
            prop_assert!(false, "{}", broken);
        }
    }
}

fn keys_of(text: &str) -> Vec<Op> {
    text.chars()
        .map(|c| match c {
            '⏎' => Op::Key(key(KeyCode::Enter)),
            '⎋' => Op::Key(key(KeyCode::Esc)),
            c if c.is_ascii_uppercase() => {
                Op::Key(KeyPress::new(KeyCode::Char(c), KeyModifiers::SHIFT))
            }
            c => Op::Key(key(KeyCode::Char(c))),
        })
        .collect()
}

/// The paths that once deleted or marked posts nobody chose, as fixed cases.
#[test]
fn the_paths_that_once_went_wrong_stay_right() {
    let cases: Vec<(&str, Vec<Op>)> = vec![
        // A refused reschedule, then its time and y.
        ("refused t", keys_of("Gkt+1d⏎ytomorrow 09:00⏎y")),
        ("refused D", keys_of("GkDdy⏎y")),
        (
            "flows on published posts",
            [
                keys_of("Gk "),
                vec![
                    Op::Flow {
                        kind: 0,
                        text: "+1d".into(),
                    },
                    Op::Flow {
                        kind: 0,
                        text: "tomorrow 09:00".into(),
                    },
                    Op::Flow {
                        kind: 1,
                        text: "dd".into(),
                    },
                ],
            ]
            .concat(),
        ),
        // A sort change during range marking.
        ("sort in range", keys_of("gvjjjoodyy")),
        // A reload adding posts inside a range.
        (
            "reload in range",
            [
                keys_of("ooogvjjjj"),
                vec![
                    Op::ServerPut {
                        id: 12,
                        status: 1,
                        minute: 3,
                    },
                    Op::ServerPut {
                        id: 13,
                        status: 1,
                        minute: 3,
                    },
                ],
                keys_of("r"),
                vec![Op::DeliverLoad { shuffle: 7 }],
                keys_of("dy"),
            ]
            .concat(),
        ),
        // A refusal answered 200 keeps the post; a reload then still lists it.
        (
            "success false",
            [
                keys_of(" dy"),
                vec![Op::JobItem {
                    index: 0,
                    outcome: 0,
                }],
                vec![Op::JobFinish],
                keys_of("r"),
                vec![Op::DeliverLoad { shuffle: 1 }],
            ]
            .concat(),
        ),
        // Esc one time too many, then z.
        ("esc then z", keys_of("  ⎋z⎋⎋zdy")),
    ];
    for (name, ops) in cases {
        if let Err(broken) = run(&ops) {
            panic!("{name}: {broken}");
        }
    }
}
