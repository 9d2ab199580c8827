//! Finding the server's pace (POSTPOST_API.md §9.1): a rate limiter of our own that learns the
//! rate a token-bucket server sustains, so a job or a load runs just under it instead of
//! bursting, being told to wait, and bursting again. Concurrency stays the caller's (it hides
//! latency); the pacer only spaces the starts of requests.
//!
//! How it learns: a fresh pacer does not know whether there is a limit, so, like TCP's slow
//! start, it first allows [`FIRST_WINDOW`] requests in flight and one more per answer (the
//! window doubles each round trip) until the first 429 or [`OPEN_WINDOW`]: a small bucket is
//! then found with a few requests in flight rather than the caller's whole concurrency, and
//! every one of them in flight when the bucket empties is answered 429. Without a limit this
//! costs about `log2(concurrency / FIRST_WINDOW)` round trips, once per process.
//!
//! A 429 means the server's bucket is empty at that instant, so the pacer *probes*: it waits a
//! moment (the bucket refills at the server's rate), then sends one request at a time, back to
//! back (after as long as that moment, one more in flight per round trip, so a limit above one
//! request per round trip is reached too), until the next 429 says the bucket is empty again. The requests let through in
//! between, over the time since the first 429, are the rate the bucket refills at (a probe
//! that let none through measures nothing and starts again with a longer pause). The
//! pacer then runs at 95 % of it, never above 95 % of a pace that just met a 429, and raises the
//! pace by 3 % each second without a 429, so a limit that was lifted or raised is found again;
//! a 429 starts a new probe, so a limit that drops is followed within a probe. 429s to requests
//! sent before the pace was last decided were expected and teach nothing. A `Retry-After`
//! longer than [`LONG_WAIT`] is not a rate but an outage or a global pause: everything waits it
//! out.
//!
//! [`PacerCore`] is the arithmetic with the clock passed in (tested with a simulated bucket);
//! [`Pacer`] wraps it for tasks, and each request it lets start is a [`Flight`] that must be
//! answered (a dropped one, e.g. of a cancelled load, is forgotten). The server limits per API
//! key (§9.1 plans "per-request API rate limiting"; the mock and gateways count by the
//! `x-api-key` header), so one pacer serves every request of a key: it travels with the
//! [`ApiClient`](super::client::ApiClient), and a switch of acting user keeps it.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;

/// A `Retry-After` longer than this pauses everything instead of teaching a rate.
pub const LONG_WAIT: Duration = Duration::from_secs(3);

/// 429s one request takes before its caller gives it up (each is waited out; none uses a
/// retry).
pub const MAX_REFUSALS: u32 = 100;

/// Requests a fresh pacer lets be in flight at first; each answer allows one more.
pub const FIRST_WINDOW: usize = 4;

/// The window at which a fresh pacer stops limiting requests in flight: no caller runs more.
pub const OPEN_WINDOW: usize = 64;

/// How long a probe lets the server's bucket refill before it starts.
const PROBE_PAUSE: Duration = Duration::from_millis(100);

/// The longest refill a probe waits for, when its first request finds the bucket still empty.
const MAX_PROBE_PAUSE: Duration = Duration::from_secs(10);

/// A probe that sees no 429 this long ends: the limit is above what the callers send.
const PROBE_MAX: Duration = Duration::from_secs(2);

/// The share of the measured rate the pacer runs at.
const HEADROOM: f64 = 0.95;

/// Quiet time (no 429) before the pace is raised, and the raise per second after it.
const RAISE_AFTER: Duration = Duration::from_secs(2);
const RAISE_PER_SECOND: f64 = 1.03;

/// The slowest pace the pacer settles on, in requests per second.
const MIN_RATE: f64 = 0.2;

/// How long a request waiting for another's answer sleeps before it looks again (answers wake
/// it sooner).
const RECHECK: Duration = Duration::from_millis(5);

#[derive(Debug, Clone, Copy, PartialEq)]
enum Mode {
    /// Paced at `rate` (unpaced when `None`).
    Paced,
    /// Measuring: the server's bucket was empty at `empty_at`; from `start` requests go
    /// `width` at a time, one at first and one more per answer; `accepted` of them got
    /// through.
    Probe {
        empty_at: Instant,
        start: Instant,
        accepted: u32,
        width: f64,
        /// How long the bucket was let refill before `start`.
        pause: Duration,
    },
}

/// The pacer's arithmetic; see the module docs.
#[derive(Debug, Clone)]
pub struct PacerCore {
    rate: Option<f64>,
    mode: Mode,
    /// Requests allowed in flight while starting slowly; `None` once open.
    window: Option<usize>,
    next_slot: Option<Instant>,
    in_flight: usize,
    /// When each probe request still in flight was sent.
    probe_pending: Vec<Instant>,
    /// The pace that met the 429 the probe under way began with.
    refused_rate: Option<f64>,
    last_429: Option<Instant>,
    last_raise: Option<Instant>,
    paused_until: Option<Instant>,
}

impl Default for PacerCore {
    fn default() -> Self {
        Self {
            rate: None,
            mode: Mode::Paced,
            window: Some(FIRST_WINDOW),
            next_slot: None,
            in_flight: 0,
            probe_pending: Vec::new(),
            refused_rate: None,
            last_429: None,
            last_raise: None,
            paused_until: None,
        }
    }
}

/// What [`PacerCore::try_start`] says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Start {
    /// Send now; pass this instant back with the answer.
    Now(Instant),
    /// Ask again at this instant (or when an answer comes, whichever is first).
    Wait(Instant),
}

impl PacerCore {
    /// The pace in requests per second; `None` while unpaced.
    pub fn rate(&self) -> Option<f64> {
        self.rate
    }

    /// True while measuring the server's rate.
    pub fn probing(&self) -> bool {
        matches!(self.mode, Mode::Probe { .. })
    }

    /// Requests allowed in flight while starting slowly; `None` once open.
    pub fn window(&self) -> Option<usize> {
        self.window
    }

    /// The request sent at `sent` is no longer in flight.
    fn landed(&mut self, sent: Instant) {
        self.in_flight = self.in_flight.saturating_sub(1);
        if let Some(at) = self.probe_pending.iter().position(|at| *at == sent) {
            self.probe_pending.swap_remove(at);
        }
    }

    /// May a request start at `now`?
    pub fn try_start(&mut self, now: Instant) -> Start {
        if let Some(until) = self.paused_until.filter(|until| *until > now) {
            return Start::Wait(until);
        }
        match self.mode {
            Mode::Probe { start, .. } if now < start => return Start::Wait(start),
            Mode::Probe { width, .. } if self.in_flight as f64 >= width.floor() => {
                return Start::Wait(now + RECHECK);
            }
            Mode::Probe { .. } => self.probe_pending.push(now),
            Mode::Paced => {
                if self.window.is_some_and(|window| self.in_flight >= window) {
                    return Start::Wait(now + RECHECK);
                }
                if let Some(rate) = self.rate {
                    let slot = self.next_slot.unwrap_or(now);
                    if slot > now {
                        return Start::Wait(slot);
                    }
                    self.next_slot = Some(slot.max(now) + Duration::from_secs_f64(1.0 / rate));
                }
            }
        }
        self.in_flight += 1;
        Start::Now(now)
    }

    /// The request started at `sent` was answered (anything but a 429) at `now`.
    pub fn answered(&mut self, sent: Instant, now: Instant) {
        self.landed(sent);
        if let Some(window) = self.window.as_mut() {
            *window += 1;
            if *window >= OPEN_WINDOW {
                self.window = None;
            }
        }
        match &mut self.mode {
            Mode::Probe {
                empty_at,
                start,
                accepted,
                width,
                pause,
            } => {
                if sent >= *empty_at {
                    *accepted += 1;
                }
                // One request at a time drains what the pause refilled within the pause when it
                // is at least twice the limit; still going after that long, it is too slow to
                // empty the bucket soon: widen by about one request per round trip. Widening
                // sooner leaves requests in flight to be refused when the bucket empties.
                if sent >= *start && now.saturating_duration_since(*start) >= *pause {
                    *width += 1.0 / *width;
                }
                if now.saturating_duration_since(*start) > PROBE_MAX {
                    // The probe never emptied the bucket: the limit is above what the callers
                    // send.
                    self.probe_pending.clear();
                    self.rate = None;
                    self.refused_rate = None;
                    self.mode = Mode::Paced;
                    self.next_slot = None;
                }
            }
            Mode::Paced => {
                let quiet = self
                    .last_429
                    .is_none_or(|at| now.saturating_duration_since(at) >= RAISE_AFTER);
                let due = self
                    .last_raise
                    .is_none_or(|at| now.saturating_duration_since(at) >= Duration::from_secs(1));
                if let Some(rate) = self.rate.as_mut()
                    && quiet
                    && due
                {
                    *rate *= RAISE_PER_SECOND;
                    self.last_raise = Some(now);
                }
            }
        }
    }

    /// The request started at `sent` was dropped unanswered (its caller was cancelled): it
    /// no longer counts as in flight, and teaches nothing.
    pub fn abandoned(&mut self, sent: Instant) {
        self.landed(sent);
    }

    /// The request started at `sent` was answered 429 at `now`, with `retry_after` when the
    /// server gave one. Returns how long that request waits before it is tried again (through
    /// [`PacerCore::try_start`], which paces it).
    pub fn rate_limited(
        &mut self,
        sent: Instant,
        retry_after: Option<Duration>,
        now: Instant,
    ) -> Duration {
        self.landed(sent);
        // A limit is there: from now on the pace, not the window, keeps the rate.
        self.window = None;
        if let Some(wait) = retry_after.filter(|wait| *wait > LONG_WAIT) {
            // Bounded: a server's number never overflows the clock.
            let wait = wait.min(Duration::from_secs(365 * 24 * 60 * 60));
            let until = now.checked_add(wait).unwrap_or(now);
            self.paused_until = Some(self.paused_until.map_or(until, |at| at.max(until)));
            return wait;
        }
        match self.mode {
            Mode::Probe {
                empty_at,
                start,
                accepted,
                pause,
                ..
            } => {
                if sent < start {
                    // Sent before the probe began: it says nothing new.
                    return start.saturating_duration_since(now);
                }
                // The bucket was empty at `empty_at` and again when this request reached it;
                // in between it let through what was accepted, and the probe requests sent
                // before this one and still in flight (a refusal comes back first).
                let pending = self.probe_pending.iter().filter(|at| **at < sent).count();
                let through = f64::from(accepted) + pending as f64;
                if through < 1.0 {
                    // Nothing to measure (the pause refilled less than one request's worth): a
                    // slow limit. Probe again with a longer pause.
                    let pause = (pause * 2).min(MAX_PROBE_PAUSE);
                    self.probe_pending.clear();
                    self.last_429 = Some(now);
                    self.mode = Mode::Probe {
                        empty_at: now,
                        start: now + pause,
                        accepted: 0,
                        width: 1.0,
                        pause,
                    };
                    return pause;
                }
                self.probe_pending.clear();
                // "Empty" is anything under one token, so the count is off by up to one either
                // way. A pace that met a 429 was too fast whatever the count says: the new
                // one is below it.
                let elapsed = sent.saturating_duration_since(empty_at).as_secs_f64();
                let measured = if elapsed > 0.0 {
                    through / elapsed
                } else {
                    MIN_RATE
                };
                let mut rate = measured * HEADROOM;
                if let Some(refused) = self.refused_rate.take() {
                    rate = rate.min(refused * HEADROOM);
                }
                let rate = rate.max(MIN_RATE);
                self.rate = Some(rate);
                self.mode = Mode::Paced;
                self.last_429 = Some(now);
                self.last_raise = Some(now);
                let gap = Duration::from_secs_f64(1.0 / rate);
                self.next_slot = Some(now + gap);
                gap
            }
            Mode::Paced => {
                if self.last_429.is_some_and(|at| sent <= at) {
                    // Sent before the answer that last decided the pace came: expected.
                    return self
                        .rate
                        .map_or(PROBE_PAUSE, |rate| Duration::from_secs_f64(1.0 / rate));
                }
                self.last_429 = Some(now);
                self.refused_rate = self.rate;
                self.mode = Mode::Probe {
                    empty_at: now,
                    start: now + PROBE_PAUSE,
                    accepted: 0,
                    width: 1.0,
                    pause: PROBE_PAUSE,
                };
                PROBE_PAUSE
            }
        }
    }
}

/// A [`PacerCore`] shared by tasks: one per API key.
#[derive(Debug, Default)]
pub struct Pacer {
    core: Mutex<PacerCore>,
    /// Woken at every answer: a request waiting for room in flight looks again.
    answers: Notify,
}

impl Pacer {
    fn core(&self) -> std::sync::MutexGuard<'_, PacerCore> {
        self.core
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Waits until a request may start; the request in flight, to be answered through the
    /// [`Flight`], or `None` when `stop` was cancelled first.
    pub async fn start(&self, stop: &CancellationToken) -> Option<Flight<'_>> {
        loop {
            // Registered before looking, so an answer in between is not missed.
            let answer = self.answers.notified();
            tokio::pin!(answer);
            answer.as_mut().enable();
            let decision = self.core().try_start(Instant::now());
            match decision {
                Start::Now(sent) => {
                    return Some(Flight {
                        pacer: self,
                        sent,
                        open: true,
                    });
                }
                Start::Wait(until) => {
                    tokio::select! {
                        () = stop.cancelled() => return None,
                        () = tokio::time::sleep_until(until.into()) => {}
                        () = answer => {}
                    }
                }
            }
        }
    }

    /// The pace in requests per second (`None`: unpaced).
    pub fn rate(&self) -> Option<f64> {
        self.core().rate()
    }

    fn settle(&self, settle: impl FnOnce(&mut PacerCore)) {
        settle(&mut self.core());
        self.answers.notify_waiters();
    }
}

/// A request the [`Pacer`] let start. Say how it was answered with [`Flight::answered`] or
/// [`Flight::rate_limited`]; dropped without either (a cancelled caller), it is forgotten.
#[derive(Debug)]
#[must_use = "a request in flight is answered or dropped"]
pub struct Flight<'a> {
    pacer: &'a Pacer,
    sent: Instant,
    open: bool,
}

impl Flight<'_> {
    /// The request was answered, anything but a 429 (an error, a timeout included).
    pub fn answered(mut self) {
        self.open = false;
        let sent = self.sent;
        self.pacer
            .settle(|core| core.answered(sent, Instant::now()));
    }

    /// The request got a 429 with `retry_after` when the server gave one; how long it waits
    /// before it starts again (through [`Pacer::start`]).
    pub fn rate_limited(mut self, retry_after: Option<Duration>) -> Duration {
        self.open = false;
        let sent = self.sent;
        let mut wait = Duration::ZERO;
        self.pacer.settle(|core| {
            wait = core.rate_limited(sent, retry_after, Instant::now());
        });
        wait
    }
}

impl Drop for Flight<'_> {
    fn drop(&mut self) {
        if self.open {
            let sent = self.sent;
            self.pacer.settle(|core| core.abandoned(sent));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// How long a 429 takes to come back in the simulations.
    const REJECT_LATENCY: Duration = Duration::from_millis(1);

    /// A token bucket like the server's: `rate` per second, at most `burst`.
    struct Bucket {
        rate: f64,
        burst: f64,
        tokens: f64,
        at: Instant,
    }

    impl Bucket {
        fn take(&mut self, now: Instant) -> bool {
            let elapsed = now.saturating_duration_since(self.at).as_secs_f64();
            self.tokens = (self.tokens + elapsed * self.rate).min(self.burst);
            self.at = now;
            if self.tokens >= 1.0 {
                self.tokens -= 1.0;
                true
            } else {
                false
            }
        }
    }

    /// What a simulated run did.
    struct Run {
        /// Requests accepted (all `n` of them).
        done: usize,
        /// Requests answered 429.
        refused: usize,
        /// Seconds from the first request to the last answer.
        seconds: f64,
        /// When each request was sent, in seconds from the start, in order.
        sends: Vec<f64>,
    }

    impl Run {
        /// Requests sent from `from` to before `to` seconds.
        fn sent_between(&self, from: f64, to: f64) -> usize {
            self.sends
                .iter()
                .filter(|t| (from..to).contains(*t))
                .count()
        }

        /// The most requests sent in any `window` seconds starting at or after `from`.
        fn most_sent_in(&self, window: f64, from: f64) -> usize {
            let sends: Vec<f64> = self.sends.iter().copied().filter(|t| *t >= from).collect();
            (0..sends.len())
                .map(|i| {
                    sends[i..]
                        .iter()
                        .take_while(|t| **t < sends[i] + window)
                        .count()
                })
                .max()
                .unwrap_or(0)
        }
    }

    /// Runs `n` requests through a pacer against `bucket` with `concurrency` in flight and
    /// `latency` each (a 429 comes back after [`REJECT_LATENCY`]), on a simulated clock;
    /// `change` may alter the bucket at a request count.
    fn simulate(
        bucket: &mut Bucket,
        n: usize,
        concurrency: usize,
        latency: Duration,
        mut change: impl FnMut(usize, &mut Bucket),
    ) -> Run {
        let start = bucket.at;
        let mut pacer = PacerCore::default();
        let mut now = start;
        let mut done = 0;
        let mut refused = 0;
        let mut sends = Vec::new();
        // (answer time, sent, ready again at) per slot; each slot is one worker.
        let mut slots: Vec<Instant> = vec![start; concurrency];
        let mut in_flight: Vec<Option<(Instant, Instant, bool)>> = vec![None; concurrency];
        let mut steps = 0;
        while done < n {
            steps += 1;
            assert!(steps < 10_000_000, "the simulation does not end");
            // The earliest event: an answer, or a worker ready to start.
            let (i, at) = (0..concurrency)
                .map(|i| match in_flight[i] {
                    Some((answer, _, _)) => (i, answer),
                    None => (i, slots[i]),
                })
                .min_by_key(|(_, at)| *at)
                .expect("a worker");
            now = now.max(at);
            match in_flight[i].take() {
                Some((_, sent, true)) => {
                    pacer.answered(sent, now);
                    done += 1;
                    change(done, bucket);
                    slots[i] = now;
                }
                Some((_, sent, false)) => {
                    refused += 1;
                    let wait = pacer.rate_limited(sent, Some(Duration::from_secs(1)), now);
                    slots[i] = now + wait;
                }
                None => match pacer.try_start(now) {
                    Start::Now(sent) => {
                        sends.push(now.saturating_duration_since(start).as_secs_f64());
                        // A refusal comes back at once, as from the mock or a gateway: the
                        // bucket is checked before any work.
                        let accepted = bucket.take(now);
                        let answer = if accepted { latency } else { REJECT_LATENCY };
                        in_flight[i] = Some((now + answer, sent, accepted));
                    }
                    Start::Wait(until) => slots[i] = until,
                },
            }
            if done + in_flight.iter().flatten().count() >= n {
                // Workers with nothing left to send stay idle.
                for (slot, flight) in slots.iter_mut().zip(&in_flight) {
                    if flight.is_none() {
                        *slot = now + Duration::from_secs(3600);
                    }
                }
            }
        }
        Run {
            done,
            refused,
            seconds: now.saturating_duration_since(start).as_secs_f64(),
            sends,
        }
    }

    fn bucket(rate: f64, burst: f64) -> Bucket {
        Bucket {
            rate,
            burst,
            tokens: burst,
            at: Instant::now(),
        }
    }

    #[test]
    fn it_settles_just_under_a_token_bucket_with_few_refusals() {
        let mut server = bucket(40.0, 10.0);
        let Run {
            done,
            refused,
            seconds,
            ..
        } = simulate(&mut server, 300, 8, Duration::from_millis(10), |_, _| {});
        assert_eq!(done, 300);
        let achieved = done as f64 / seconds;
        let ideal = (300.0 - 10.0) / 40.0;
        eprintln!("steady: {achieved:.1}/s, {refused} refused, {seconds:.2}s (ideal {ideal:.2}s)");
        assert!(
            achieved >= 0.9 * 40.0,
            "{achieved:.1}/s in {seconds:.2}s (ideal {ideal:.2}s)"
        );
        assert!(achieved <= 40.0 * 1.05 + 10.0 / seconds, "{achieved:.1}/s");
        // The first refusals are those in flight when the bucket first empties: the slow
        // start keeps them few.
        assert!(
            refused * 100 <= 2 * (done + refused),
            "{refused} refused of {}",
            done + refused
        );
    }

    /// Once the first probe is over, no second of sending holds more than the server's rate
    /// plus its burst (and a few 429s), whatever the limit, the concurrency and the latency; and the pace
    /// reaches most of what the limit and the latency allow. Known limits, left out here: a
    /// bucket that holds less than a probe's pause of refill (a tenth of a second of the rate)
    /// plus a few requests, or a rate under 30/s (the pause refills under three requests), leaves
    /// the probe too little to count, so the pace starts up to half low and climbs 3 % a second.
    #[test]
    fn it_converges_and_never_sends_more_than_the_limit_plus_the_burst() {
        use proptest::prelude::*;
        let cases = ProptestConfig {
            cases: 48,
            failure_persistence: None,
            ..ProptestConfig::default()
        };
        proptest!(cases, |(
            rate in 30.0f64..120.0,
            extra in 0u32..30,
            concurrency in 1usize..16,
            latency_ms in 1u64..60,
        )| {
            let burst = (rate / 10.0).ceil() as u32 + 4 + extra;
            let mut server = bucket(rate, f64::from(burst));
            let latency = Duration::from_millis(latency_ms);
            let n = (rate * 12.0) as usize;
            let run = simulate(&mut server, n, concurrency, latency, |_, _| {});
            prop_assert_eq!(run.done, n);
            let most = run.most_sent_in(1.0, 2.0);
            // Beyond what the bucket lets through, only 429s: those in flight when a raise
            // finds the bucket empty, and the probe's.
            prop_assert!(
                most as f64 <= rate + f64::from(burst) + concurrency as f64 + 1.0,
                "{} sent in a second, limit {:.1}/s burst {}", most, rate, burst
            );
            // What the latency allows: `concurrency` requests per round trip.
            let reachable = rate.min(concurrency as f64 / latency.as_secs_f64());
            let achieved = n as f64 / run.seconds;
            prop_assert!(
                achieved >= 0.75 * reachable,
                "{:.1}/s of {:.1}/s reachable ({} refused)", achieved, reachable, run.refused
            );
        });
    }

    /// A limit that is raised is found again: the pace climbs once refusals stop.
    #[test]
    fn it_recovers_when_the_limit_is_raised() {
        let mut server = bucket(10.0, 5.0);
        let run = simulate(
            &mut server,
            1200,
            8,
            Duration::from_millis(10),
            |done, bucket| {
                if done == 100 {
                    bucket.rate = 40.0;
                }
            },
        );
        let last = run.sends.last().copied().unwrap_or_default();
        let early = run.sent_between(3.0, 5.0) as f64 / 2.0;
        let late = run.sent_between(last - 2.0, last + 1.0) as f64 / 2.0;
        eprintln!(
            "raised: {early}/s early, {late}/s late, {} refused, {:.1}s",
            run.refused, run.seconds
        );
        assert!(early <= 11.0, "{early}/s before the raise");
        assert!(late >= 25.0, "{late}/s at the end");
        assert!(run.refused * 100 <= 3 * run.done, "{} refused", run.refused);
    }

    /// A fresh pacer lets [`FIRST_WINDOW`] requests fly, one more per answer, and stops
    /// counting at [`OPEN_WINDOW`] or at the first 429.
    #[test]
    fn a_fresh_pacer_starts_with_a_small_window() {
        let now = Instant::now();
        let mut pacer = PacerCore::default();
        for _ in 0..FIRST_WINDOW {
            assert!(matches!(pacer.try_start(now), Start::Now(_)));
        }
        assert!(matches!(pacer.try_start(now), Start::Wait(_)));
        pacer.answered(now, now);
        // One answer frees a place and adds one.
        assert!(matches!(pacer.try_start(now), Start::Now(_)));
        assert!(matches!(pacer.try_start(now), Start::Now(_)));
        assert!(matches!(pacer.try_start(now), Start::Wait(_)));
        while pacer.window().is_some() {
            pacer.answered(now, now);
            let _ = pacer.try_start(now);
        }
        for _ in 0..OPEN_WINDOW * 2 {
            assert!(matches!(pacer.try_start(now), Start::Now(_)));
        }
        let mut limited = PacerCore::default();
        let Start::Now(sent) = limited.try_start(now) else {
            panic!("a first request starts");
        };
        let _ = limited.rate_limited(sent, None, now);
        assert_eq!(limited.window(), None);
    }

    /// A request whose caller was dropped mid-flight does not hold up the others: a probe,
    /// which sends one at a time, goes on.
    #[tokio::test]
    async fn a_dropped_flight_is_forgotten() {
        let pacer = Pacer::default();
        let stop = CancellationToken::new();
        let first = pacer.start(&stop).await.expect("starts");
        let _ = first.rate_limited(None);
        assert!(pacer.core().probing());
        let probe = pacer.start(&stop).await.expect("the probe starts");
        drop(probe);
        let next = tokio::time::timeout(Duration::from_secs(1), pacer.start(&stop)).await;
        assert!(next.is_ok(), "the next request waits for a dropped one");
    }

    #[test]
    fn it_follows_a_limit_that_drops_half_way() {
        let mut server = bucket(40.0, 10.0);
        let Run {
            done,
            refused,
            seconds,
            ..
        } = simulate(
            &mut server,
            300,
            8,
            Duration::from_millis(10),
            |done, bucket| {
                if done == 150 {
                    bucket.rate = 10.0;
                }
            },
        );
        assert_eq!(done, 300);
        // 150 at 40/s and 150 at 10/s: about 3.75 s + 15 s.
        let ideal = 140.0 / 40.0 + 150.0 / 10.0;
        eprintln!("drop: {refused} refused, {seconds:.2}s (ideal {ideal:.2}s)");
        assert!(seconds <= ideal * 1.15, "{seconds:.2}s, ideal {ideal:.2}s");
        assert!(refused * 100 <= 5 * (done + refused), "{refused} refused");
    }

    #[test]
    fn without_a_limit_it_never_paces() {
        let mut server = bucket(1.0e9, 1.0e9);
        let Run {
            done,
            refused,
            seconds,
            ..
        } = simulate(&mut server, 300, 8, Duration::from_millis(10), |_, _| {});
        assert_eq!((done, refused), (300, 0));
        // The latency bound: 300 × 10 ms / 8.
        assert!(seconds <= 0.375 * 1.15, "{seconds:.3}s");
    }

    #[test]
    fn a_long_retry_after_pauses_everything_and_teaches_no_rate() {
        let mut pacer = PacerCore::default();
        let now = Instant::now();
        let Start::Now(sent) = pacer.try_start(now) else {
            panic!("unpaced at first");
        };
        let wait = pacer.rate_limited(sent, Some(Duration::from_secs(30)), now);
        assert_eq!(wait, Duration::from_secs(30));
        assert_eq!(
            pacer.try_start(now),
            Start::Wait(now + Duration::from_secs(30))
        );
        assert_eq!(pacer.rate(), None);
        assert!(!pacer.probing());
    }

    #[test]
    fn the_pace_recovers_when_refusals_stop() {
        let mut pacer = PacerCore {
            rate: Some(10.0),
            last_429: Some(Instant::now()),
            ..PacerCore::default()
        };
        let start = Instant::now();
        for second in 1..=20 {
            let now = start + Duration::from_secs(second);
            pacer.answered(now, now);
        }
        let rate = pacer.rate().expect("paced");
        assert!(rate > 10.0 * 1.3, "{rate}");
    }
}
