//! Criterion benches of the TUI's per-frame and per-keystroke costs:
//! one frame at 100 and at 100k posts, one query keystroke at 100k posts (a word, five terms,
//! a 10,000-character query), and folding 10k
//! `ItemFinished` events into state, and counting and drawing the stats screen at 100k posts.
//! Inputs are built and dropped outside the measurement.
//! Run: `cargo bench --bench tui`.

mod common;

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use postpost_tui::app::action::Action;
use postpost_tui::app::state::AppState;
use postpost_tui::app::update::{apply, settle, update};
use postpost_tui::protocol::{Outcome, WorkerEvent};
use postpost_tui::time::TimeZoneChoice;
use postpost_tui::ui::{self, DrawContext};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;

/// A loaded state prepared for a 100x30 terminal, as the loop prepares each frame.
fn loaded(count: usize) -> AppState {
    let mut state = common::loaded(count);
    let viewport = ui::measure(Rect::new(0, 0, 100, 30), &state, &DrawContext::default());
    state.prepare_frame(&viewport);
    state
}

fn frames(c: &mut Criterion) {
    let context = DrawContext {
        time_zone: TimeZoneChoice::Utc,
        ..DrawContext::default()
    };
    for count in [100, 100_000] {
        let mut state = loaded(count);
        // Put the cursor in the middle so the visible rows are not the cheap first ones.
        state.posts.set_cursor(count / 2);
        let mut terminal = Terminal::new(TestBackend::new(100, 30)).expect("terminal");
        c.bench_function(&format!("frame/{count}_posts"), |b| {
            b.iter(|| {
                terminal
                    .draw(|frame| ui::draw(frame, black_box(&state), &context))
                    .expect("draw");
            });
        });
    }
}

/// The bench's fixed "now" (the bench posts are spread over 2026).
fn bench_now() -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp(1_796_083_200, 0).expect("2026-12-01")
}

/// `base` with the query field open on `from`, the view built: the state before a keystroke.
fn typing(base: &AppState, from: &str) -> AppState {
    let mut state = base.clone();
    state.set_clock(bench_now());
    state.set_time_zone(TimeZoneChoice::Utc);
    update(&mut state, Action::StartSearch, Instant::now());
    state
        .posts
        .edit_query(from.to_string(), bench_now(), TimeZoneChoice::Utc);
    state.posts.sync();
    state
}

/// Five terms: two structural, a time, a negated word and the word being typed.
const FIVE_TERMS: &str =
    "status:failed,scheduled platform:twitter,linkedin created:<30d -launch roas";

fn filter_keystroke(c: &mut Criterion) {
    let base = loaded(100_000);
    let mut group = c.benchmark_group("filter_keystroke/100k_posts");
    // One keystroke through `update`, as the loop runs it: a text that does not narrow is a
    // full pass; one more character narrows (only the current view is searched); the same for
    // a five-term query; and a 10,000-character query of 64 long words.
    let long_query: String = (0..64)
        .map(|n| format!("{n:02}{}", "x".repeat(150)))
        .collect::<Vec<_>>()
        .join(" ");
    let cases: [(&str, String, char); 5] = [
        ("full_pass", "roas".to_string(), 'x'),
        ("narrowing", "ro".to_string(), 'a'),
        ("five_terms_narrowing", FIVE_TERMS.to_string(), 't'),
        (
            "five_terms_full_pass",
            FIVE_TERMS.replace("-launch roas", "-launch roas "),
            'w',
        ),
        ("query_of_10000_chars", long_query, 'y'),
    ];
    for (name, from, key) in cases {
        group.bench_function(name, |b| {
            b.iter_batched_ref(
                || typing(&base, &from),
                |state| {
                    update(state, Action::Input(key), Instant::now());
                    black_box(state.posts.view_len())
                },
                BatchSize::LargeInput,
            );
        });
    }
    group.finish();
}

fn sort_cycle(c: &mut Criterion) {
    let mut state = loaded(100_000);
    // First pass computes each field's order once; later `o` presses reuse it.
    for _ in 0..6 {
        update(&mut state, Action::CycleSort, Instant::now());
    }
    c.bench_function("sort_keystroke/100k_posts", |b| {
        b.iter(|| {
            update(&mut state, Action::CycleSort, Instant::now());
            black_box(state.posts.view_len())
        });
    });
    c.bench_function("sort_first_time/100k_posts", |b| {
        b.iter_batched_ref(
            || {
                let mut state = state.clone();
                // A page arrived: the rows changed, so every cached order is dropped.
                touch_a_row(&mut state);
                state
            },
            |state| {
                state.posts.sync();
                black_box(state.posts.view_len())
            },
            BatchSize::LargeInput,
        );
    });
}

fn item_finished(c: &mut Criterion) {
    let base = loaded(10_000);
    c.bench_function("apply/10k_item_finished", |b| {
        b.iter_batched_ref(
            || {
                let mut state = base.clone();
                let now = Instant::now();
                update(&mut state, Action::MarkAll, now);
                update(&mut state, Action::RequestDelete, now);
                let count = state.posts.marked().len().to_string();
                for digit in count.chars() {
                    update(&mut state, Action::Input(digit), now);
                }
                update(&mut state, Action::Confirm, now);
                let job = state.jobs.running().expect("job").id;
                let ids: Vec<_> = state.posts.rows().iter().map(|r| r.id().clone()).collect();
                (state, job, ids)
            },
            |(state, job, ids)| {
                let now = Instant::now();
                for id in ids.drain(..) {
                    apply(
                        state,
                        WorkerEvent::ItemFinished {
                            job: *job,
                            id,
                            outcome: Outcome::Deleted,
                        },
                        now,
                    );
                }
                settle(state);
                black_box(state.posts.view_len())
            },
            BatchSize::LargeInput,
        );
    });
}

/// The stats screen: counting 100k posts when the rows changed, and a frame
/// of the screen once counted (which must not count again).
fn stats(c: &mut Criterion) {
    let mut state = loaded(100_000);
    let today = chrono::NaiveDate::from_ymd_opt(2026, 6, 1).expect("date");
    let zone = TimeZoneChoice::Utc;
    c.bench_function("stats_count/100k_posts", |b| {
        b.iter(|| {
            touch_a_row(&mut state);
            state.refresh_stats(Instant::now(), black_box(today), |ms| zone.day_of(ms));
        });
    });
    state.show_screen(postpost_tui::app::state::Screen::Stats);
    let context = DrawContext {
        time_zone: zone,
        ..DrawContext::default()
    };
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).expect("terminal");
    c.bench_function("frame/stats_screen_100k_posts", |b| {
        b.iter(|| {
            state.refresh_stats(Instant::now(), today, |ms| zone.day_of(ms));
            terminal
                .draw(|frame| ui::draw(frame, black_box(&state), &context))
                .expect("draw");
        });
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20).measurement_time(Duration::from_secs(4)).warm_up_time(Duration::from_secs(1));
    targets = frames, filter_keystroke, sort_cycle, item_finished, stats
}
criterion_main!(benches);

/// Stores the first post again, as a page that carries it would: the rows changed, so the
/// orders and the stats are computed afresh.
fn touch_a_row(state: &mut postpost_tui::app::state::AppState) {
    let row = state.posts.rows()[0].clone();
    state.posts.upsert(row.post, row.seen_in_load);
}
