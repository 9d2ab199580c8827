//! When a failed request is tried again, and after how long: the one retry policy of the
//! client's callers. The job engine (`worker::job`, its numbers in `JobOptions`) and the page
//! walker ([`super::pages`], [`RetryPolicy::PAGES`]) differ only in the numbers and in how a
//! server-given `Retry-After` is honoured (POSTPOST_API.md §9.1: sample clients retry 429 using it).
//! Retryable are timeouts, refused or broken connections, 5xx and 429
//! ([`ApiError::is_retryable`]); an authentication error never is.

use std::time::Duration;

use super::error::ApiError;

/// How many times, and after which waits, a request is tried again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt.
    pub max_retries: u32,
    /// The wait before each retry, when the server does not set one.
    pub backoff: Backoff,
    /// When the server's `Retry-After` (or a rate-limit pause) replaces the backoff.
    pub retry_after: RetryAfter,
}

/// The wait before retry `n` (1-based).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backoff {
    /// `base × 2^(n−1)`, at most `max`, plus up to 50 % random jitter so that concurrent
    /// requests do not retry in step.
    Exponential {
        /// Wait before the first retry, before jitter.
        base: Duration,
        /// Longest wait before jitter.
        max: Duration,
    },
    /// `step × n`, no jitter.
    Linear {
        /// Wait before the first retry.
        step: Duration,
    },
}

/// How a server-given wait is honoured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryAfter {
    /// Every 429 is a rate limit: wait its `Retry-After` in full, or `default` when it gives
    /// none. Other statuses back off, even when they carry a `Retry-After`.
    RateLimit {
        /// Wait after a 429 without `Retry-After`.
        default: Duration,
    },
    /// Any error answer carrying `Retry-After` (429, 503) waits that long, at most `cap`;
    /// everything else, a 429 without it included, backs off.
    Capped {
        /// Longest wait taken from the server.
        cap: Duration,
    },
}

/// What to do before the next attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryWait {
    /// The server asked for this pause (429 or `Retry-After`).
    RateLimited(Duration),
    /// The policy's own backoff.
    Backoff(Duration),
}

impl RetryWait {
    /// How long to wait, whichever kind.
    pub fn duration(self) -> Duration {
        match self {
            Self::RateLimited(wait) | Self::Backoff(wait) => wait,
        }
    }
}

impl RetryPolicy {
    /// One list-posts page of the TUI's loader: three attempts in all, 250 ms then 500 ms, and
    /// a `Retry-After` honoured up to 10 s, so one lost request does not fail a whole load.
    pub const PAGES: Self = Self {
        max_retries: 2,
        backoff: Backoff::Linear {
            step: Duration::from_millis(250),
        },
        retry_after: RetryAfter::Capped {
            cap: Duration::from_secs(10),
        },
    };

    /// Never retry: the first error stands.
    pub const NEVER: Self = Self {
        max_retries: 0,
        backoff: Backoff::Linear {
            step: Duration::ZERO,
        },
        retry_after: RetryAfter::Capped {
            cap: Duration::ZERO,
        },
    };

    /// The wait before trying again after `error`, when `retries_done` retries were made
    /// already; `None` when the error is not retryable or the retries are used up.
    pub fn wait(&self, error: &ApiError, retries_done: u32) -> Option<RetryWait> {
        if !error.is_retryable() || retries_done >= self.max_retries {
            return None;
        }
        let retry = retries_done + 1;
        let server_wait = match self.retry_after {
            RetryAfter::RateLimit { default } if error.status() == Some(429) => {
                Some(retry_after(error).unwrap_or(default))
            }
            RetryAfter::RateLimit { .. } => None,
            RetryAfter::Capped { cap } => retry_after(error).map(|after| after.min(cap)),
        };
        Some(match server_wait {
            Some(wait) => RetryWait::RateLimited(wait),
            None => RetryWait::Backoff(self.backoff.before_retry(retry)),
        })
    }
}

impl Backoff {
    /// The wait before retry `retry` (1-based), jitter included.
    pub fn before_retry(self, retry: u32) -> Duration {
        match self {
            Self::Exponential { base, max } => {
                let exponent = retry.saturating_sub(1).min(16);
                let backoff = base.saturating_mul(1 << exponent).min(max);
                backoff + backoff.mul_f64(fastrand::f64() * 0.5)
            }
            Self::Linear { step } => step.saturating_mul(retry),
        }
    }
}

/// The `Retry-After` an error answer carried, if any.
pub fn retry_after(error: &ApiError) -> Option<Duration> {
    match error {
        ApiError::Http { retry_after, .. } => *retry_after,
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn http(status: u16, retry_after: Option<u64>) -> ApiError {
        ApiError::Http {
            status,
            message: "x".into(),
            retry_after: retry_after.map(Duration::from_secs),
        }
    }

    fn timeout() -> ApiError {
        ApiError::Timeout {
            url: "u".into(),
            after: Duration::from_secs(1),
        }
    }

    #[test]
    fn pages_back_off_linearly_and_cap_the_servers_wait() {
        let pages = RetryPolicy::PAGES;
        let ms = Duration::from_millis;
        assert_eq!(pages.wait(&timeout(), 0), Some(RetryWait::Backoff(ms(250))));
        assert_eq!(pages.wait(&timeout(), 1), Some(RetryWait::Backoff(ms(500))));
        assert_eq!(pages.wait(&timeout(), 2), None);
        assert_eq!(
            pages.wait(&http(503, Some(60)), 0),
            Some(RetryWait::RateLimited(Duration::from_secs(10)))
        );
        assert_eq!(
            pages.wait(&http(429, None), 1),
            Some(RetryWait::Backoff(ms(500)))
        );
        assert_eq!(pages.wait(&http(401, None), 0), None);
    }

    #[test]
    fn jobs_pause_for_every_429_and_back_off_exponentially_otherwise() {
        let jobs = RetryPolicy {
            max_retries: 3,
            backoff: Backoff::Exponential {
                base: Duration::from_millis(250),
                max: Duration::from_secs(8),
            },
            retry_after: RetryAfter::RateLimit {
                default: Duration::from_secs(5),
            },
        };
        assert_eq!(
            jobs.wait(&http(429, None), 0),
            Some(RetryWait::RateLimited(Duration::from_secs(5)))
        );
        assert_eq!(
            jobs.wait(&http(429, Some(30)), 2),
            Some(RetryWait::RateLimited(Duration::from_secs(30)))
        );
        assert_eq!(jobs.wait(&http(500, None), 3), None);
        for (retries_done, base) in [(0, 250), (1, 500), (2, 1000)] {
            let Some(RetryWait::Backoff(wait)) = jobs.wait(&http(503, Some(1)), retries_done)
            else {
                panic!("a 503 backs off");
            };
            let base = Duration::from_millis(base);
            assert!(wait >= base && wait <= base.mul_f64(1.5), "{wait:?}");
        }
        let capped = Backoff::Exponential {
            base: Duration::from_secs(1),
            max: Duration::from_secs(8),
        };
        assert!(capped.before_retry(40) <= Duration::from_secs(12));
        assert_eq!(RetryPolicy::NEVER.wait(&timeout(), 0), None);
    }
}
