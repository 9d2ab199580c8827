//! The mock's request rate limit (`--rate-limit R --burst B`, or `rate_limit`/`burst` through
//! `PUT /__mock/faults`): a token bucket per API key over every `/api/v1` route, as a gateway in
//! front of PostPost would keep (POSTPOST_API.md §9.1 documents limiting as planned). A request
//! that finds its bucket empty is refused with 429 and an honest `Retry-After`: the whole
//! seconds, rounded up, until the bucket holds a token again.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Instant;

/// One key's bucket.
#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

/// Every key's bucket.
#[derive(Debug, Default)]
pub struct RateLimiter {
    buckets: Mutex<HashMap<String, Bucket>>,
}

impl RateLimiter {
    /// Takes a token from `key`'s bucket at `now` (`rate` per second, at most `burst`, full
    /// at first); `Err(seconds)` to wait when it is empty.
    pub fn admit(&self, key: &str, rate: f64, burst: u32, now: Instant) -> Result<(), u64> {
        let burst = if burst == 0 {
            rate.ceil().max(1.0)
        } else {
            f64::from(burst)
        };
        let mut buckets = self
            .buckets
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let bucket = buckets.entry(key.to_string()).or_insert(Bucket {
            tokens: burst,
            at: now,
        });
        let elapsed = now.saturating_duration_since(bucket.at).as_secs_f64();
        bucket.tokens = (bucket.tokens + elapsed * rate).min(burst);
        bucket.at = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            let seconds = ((1.0 - bucket.tokens) / rate).ceil();
            // Bounded: the validated rate is at least a millionth of a request per second.
            Err(seconds.clamp(1.0, 1.0e6) as u64)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn a_bucket_allows_its_burst_then_its_rate_and_says_when_to_return() {
        let limiter = RateLimiter::default();
        let start = Instant::now();
        for _ in 0..10 {
            assert_eq!(limiter.admit("k", 40.0, 10, start), Ok(()));
        }
        assert_eq!(limiter.admit("k", 40.0, 10, start), Err(1));
        // Other keys have their own bucket.
        assert_eq!(limiter.admit("other", 40.0, 10, start), Ok(()));
        // 25 ms later one token is back; 1 s later at most the burst.
        assert_eq!(
            limiter.admit("k", 40.0, 10, start + Duration::from_millis(26)),
            Ok(())
        );
        let later = start + Duration::from_secs(5);
        let allowed = (0..20)
            .filter(|_| limiter.admit("k", 40.0, 10, later).is_ok())
            .count();
        assert_eq!(allowed, 10);
        // A slow limit's Retry-After is the honest wait, rounded up.
        let slow = RateLimiter::default();
        assert_eq!(slow.admit("k", 0.25, 1, start), Ok(()));
        assert_eq!(slow.admit("k", 0.25, 1, start), Err(4));
        assert_eq!(
            slow.admit("k", 0.25, 1, start + Duration::from_secs(1)),
            Err(3)
        );
    }
}
