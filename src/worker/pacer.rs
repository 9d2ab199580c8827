//! Finding the server's pace (POSTPOST_API.md §9.1): a rate limiter of our own that learns the
//! rate a token-bucket server sustains, so a job runs just under it instead of bursting, being
//! told to wait, and bursting again. Concurrency stays the job's (it hides latency); the pacer
//! only spaces the starts of requests.
//!
//! How it learns: unpaced until the first 429. A 429 means the server's bucket is empty at that
//! instant, so the pacer *probes*: it waits a moment (the bucket refills at the server's rate),
//! then sends one request at a time, back to back, until the next 429 says the bucket is empty
//! again. The requests accepted in between, over the time since the first 429, are the rate
//! the bucket refills at. The pacer then runs at 95 % of it, and raises the pace by 3 % each
//! second without a 429, so a limit that was lifted or raised is found again; a 429 starts a new
//! probe, so a limit that drops is followed within a probe. A `Retry-After` longer than
//! [`LONG_WAIT`] is not a rate but an outage or a global pause: everything waits it out.
//!
//! [`PacerCore`] is the arithmetic with the clock passed in (tested with a simulated bucket);
//! [`Pacer`] wraps it for tasks. One pacer serves an account's jobs, and is shared.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use tokio_util::sync::CancellationToken;

/// A `Retry-After` longer than this pauses everything instead of teaching a rate.
pub const LONG_WAIT: Duration = Duration::from_secs(3);

/// How long a probe lets the server's bucket refill before it starts.
const PROBE_PAUSE: Duration = Duration::from_millis(100);

/// A probe that sees no 429 this long ends: the limit is above what one request at a time
/// reaches.
const PROBE_MAX: Duration = Duration::from_secs(2);

/// The share of the measured rate the pacer runs at.
const HEADROOM: f64 = 0.95;

/// Quiet time (no 429) before the pace is raised, and the raise per second after it.
const RAISE_AFTER: Duration = Duration::from_secs(2);
const RAISE_PER_SECOND: f64 = 1.03;

/// The slowest pace the pacer settles on, in requests per second.
const MIN_RATE: f64 = 0.2;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Mode {
    /// Paced at `rate` (unpaced when `None`).
    Paced,
    /// Measuring: the server's bucket was empty at `empty_at`; requests go one at a time from
    /// `start`; `accepted` of them got through.
    Probe {
        empty_at: Instant,
        start: Instant,
        accepted: u32,
    },
}

/// The pacer's arithmetic; see the module docs.
#[derive(Debug, Clone)]
pub struct PacerCore {
    rate: Option<f64>,
    mode: Mode,
    next_slot: Option<Instant>,
    in_flight: usize,
    last_429: Option<Instant>,
    last_raise: Option<Instant>,
    paused_until: Option<Instant>,
}

impl Default for PacerCore {
    fn default() -> Self {
        Self {
            rate: None,
            mode: Mode::Paced,
            next_slot: None,
            in_flight: 0,
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
    /// Ask again at this instant.
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

    /// May a request start at `now`?
    pub fn try_start(&mut self, now: Instant) -> Start {
        if let Some(until) = self.paused_until.filter(|until| *until > now) {
            return Start::Wait(until);
        }
        match self.mode {
            Mode::Probe { start, .. } if now < start => return Start::Wait(start),
            Mode::Probe { .. } if self.in_flight > 0 => {
                return Start::Wait(now + Duration::from_millis(5));
            }
            Mode::Probe { .. } => {}
            Mode::Paced => {
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
        self.in_flight = self.in_flight.saturating_sub(1);
        match &mut self.mode {
            Mode::Probe {
                empty_at,
                start,
                accepted,
            } => {
                if sent >= *empty_at {
                    *accepted += 1;
                }
                if now.saturating_duration_since(*start) > PROBE_MAX {
                    // One at a time never emptied the bucket: the limit is above that pace.
                    self.rate = None;
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

    /// The request started at `sent` was answered 429 at `now`, with `retry_after` when the
    /// server gave one. Returns how long that request waits before it is tried again (through
    /// [`PacerCore::try_start`], which paces it).
    pub fn rate_limited(
        &mut self,
        sent: Instant,
        retry_after: Option<Duration>,
        now: Instant,
    ) -> Duration {
        self.in_flight = self.in_flight.saturating_sub(1);
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
            } => {
                if sent < start {
                    // Sent before the probe began: it says nothing new.
                    return start.saturating_duration_since(now);
                }
                let elapsed = now.saturating_duration_since(empty_at).as_secs_f64();
                let measured = if elapsed > 0.0 {
                    f64::from(accepted) / elapsed
                } else {
                    MIN_RATE
                };
                let rate = (measured * HEADROOM).max(MIN_RATE);
                self.rate = Some(rate);
                self.mode = Mode::Paced;
                self.last_429 = Some(now);
                self.last_raise = Some(now);
                let gap = Duration::from_secs_f64(1.0 / rate);
                self.next_slot = Some(now + gap);
                gap
            }
            Mode::Paced => {
                if self.last_429.is_some_and(|at| sent < at) {
                    // In flight when the pace was last decided: already accounted for.
                    return self
                        .rate
                        .map_or(PROBE_PAUSE, |rate| Duration::from_secs_f64(1.0 / rate));
                }
                self.last_429 = Some(now);
                self.mode = Mode::Probe {
                    empty_at: now,
                    start: now + PROBE_PAUSE,
                    accepted: 0,
                };
                PROBE_PAUSE
            }
        }
    }
}

/// A [`PacerCore`] shared by tasks.
#[derive(Debug, Default)]
pub struct Pacer {
    core: Mutex<PacerCore>,
}

impl Pacer {
    fn core(&self) -> std::sync::MutexGuard<'_, PacerCore> {
        self.core
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Waits until a request may start; the instant to pass back with its answer, or `None`
    /// when `stop` was cancelled first.
    pub async fn start(&self, stop: &CancellationToken) -> Option<Instant> {
        loop {
            let decision = self.core().try_start(Instant::now());
            match decision {
                Start::Now(sent) => return Some(sent),
                Start::Wait(until) => {
                    tokio::select! {
                        () = stop.cancelled() => return None,
                        () = tokio::time::sleep_until(until.into()) => {}
                    }
                }
            }
        }
    }

    /// The request started at `sent` was answered (not 429).
    pub fn answered(&self, sent: Instant) {
        self.core().answered(sent, Instant::now());
    }

    /// The request started at `sent` got a 429; how long it waits before its retry.
    pub fn rate_limited(&self, sent: Instant, retry_after: Option<Duration>) -> Duration {
        self.core().rate_limited(sent, retry_after, Instant::now())
    }

    /// The pace in requests per second (`None`: unpaced).
    pub fn rate(&self) -> Option<f64> {
        self.core().rate()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

    /// Runs `n` requests through a pacer against `bucket` with `concurrency` in flight and
    /// `latency` each, on a simulated clock; `change` may alter the bucket at a request count.
    /// Returns (accepted, refused, seconds taken).
    fn simulate(
        bucket: &mut Bucket,
        n: usize,
        concurrency: usize,
        latency: Duration,
        mut change: impl FnMut(usize, &mut Bucket),
    ) -> (usize, usize, f64) {
        let start = bucket.at;
        let mut pacer = PacerCore::default();
        let mut now = start;
        let mut done = 0;
        let mut refused = 0;
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
                        let accepted = bucket.take(now);
                        in_flight[i] = Some((now + latency, sent, accepted));
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
        (
            done,
            refused,
            now.saturating_duration_since(start).as_secs_f64(),
        )
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
        let (done, refused, seconds) =
            simulate(&mut server, 300, 8, Duration::from_millis(10), |_, _| {});
        assert_eq!(done, 300);
        let achieved = done as f64 / seconds;
        let ideal = (300.0 - 10.0) / 40.0;
        eprintln!("steady: {achieved:.1}/s, {refused} refused, {seconds:.2}s (ideal {ideal:.2}s)");
        assert!(
            achieved >= 0.9 * 40.0,
            "{achieved:.1}/s in {seconds:.2}s (ideal {ideal:.2}s)"
        );
        assert!(achieved <= 40.0 * 1.05 + 10.0 / seconds, "{achieved:.1}/s");
        assert!(
            refused * 100 <= 4 * (done + refused),
            "{refused} refused of {}",
            done + refused
        );
    }

    #[test]
    fn it_follows_a_limit_that_drops_half_way() {
        let mut server = bucket(40.0, 10.0);
        let (done, refused, seconds) = simulate(
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
        let (done, refused, seconds) =
            simulate(&mut server, 300, 8, Duration::from_millis(10), |_, _| {});
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
