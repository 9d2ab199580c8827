//! Fault knobs of the mock server: latency, hangs, 5xx, 429 with `Retry-After`, delete-then-fail
//! and failing media cleanup, so that delete jobs can be tested against a misbehaving server.
//!
//! Data flow: [`Faults`] comes from [`FaultArgs`] (flags on `postpost demo` and
//! `postpost mock-server`) through `MockConfig::faults`, or at runtime from
//! `MockServer::set_faults` and `PUT /__mock/faults`. The request recorder in `mock::routes`
//! numbers every `/api/v1` request (1, 2, 3, … counted atomically on arrival) and asks
//! [`Faults::plan`] what to do with it, then applies the plan in this order: latency, hang, 429,
//! 500, the handler, delete-then-fail. Every decision is a pure function of the seed, the request
//! number and the path, so a sequence of requests replays exactly under the same seed. Control
//! routes (`/__mock/*`) never see a fault.

use std::time::Duration;

use serde::{Deserialize, Serialize};

/// `error` text of a 429 answered by the [`Faults::rate_limit_every`] knob.
pub const TOO_MANY_REQUESTS: &str = "Too many requests";

/// `Retry-After` seconds used when [`Faults::rate_limit_every`] is on and
/// [`Faults::retry_after_secs`] is 0.
pub const DEFAULT_RETRY_AFTER_SECS: u64 = 1;

/// How a delete chosen by [`Faults::delete_then_fail_share`] fails after the group was removed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum DeleteFailMode {
    /// Answer 500 `{"error":"Failed to delete post group"}` (JSON `"status500"`).
    #[default]
    Status500,
    /// Close the connection without sending any response (JSON `"drop-connection"`); the client
    /// sees a transport error.
    DropConnection,
    /// Answer 200 with a body cut off after a few bytes (JSON `"truncated-body"`), as a proxy
    /// that drops the connection mid-answer does.
    TruncatedBody,
}

/// The `error` of a delete refused by [`Faults::refuse_delete_ids`].
pub const POST_BEING_PUBLISHED: &str = "Post is being published";

/// The fault knobs. Every field defaults to "off", so `Faults::default()` is a well-behaved
/// server. In JSON (`GET`/`PUT /__mock/faults`) the field names are the Rust names; missing
/// fields take their default and unknown fields are refused.
///
/// Shares are probabilities in `0.0..=1.0`, drawn per request from [`Faults::seed`]. Values outside
/// that range are refused by [`Faults::validate`] (CLI, control route, `MockServer::start`); if
/// set anyway through `MockServer::set_faults`, a share ≥ 1 means always and ≤ 0 (or NaN) never.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Faults {
    /// Fixed delay before every `/api/v1` answer, in milliseconds.
    pub latency_ms: u64,
    /// Extra delay on top of `latency_ms`, uniform in `0..=latency_jitter_ms` milliseconds.
    pub latency_jitter_ms: u64,
    /// Post group ids (24 hex, any case) whose get-post and delete-post requests never answer:
    /// the connection stays open until the client gives up or the server shuts down. Nothing
    /// is deleted.
    pub hang_ids: Vec<String>,
    /// Share of `/api/v1` requests that never answer (as for `hang_ids`), before any effect.
    pub hang_share: f64,
    /// Post group ids (24 hex, any case) whose delete-post answers 200
    /// `{"success": false, "error": "Post is being published"}` and deletes nothing: a server
    /// that refuses without an error status.
    pub refuse_delete_ids: Vec<String>,
    /// Share of `/api/v1` requests answered 500 `{"error":"Internal server error"}` before any
    /// effect (nothing is created, changed or deleted).
    pub error_share: f64,
    /// Every Nth `/api/v1` request (N, 2N, … by arrival number) is answered 429
    /// `{"error":"Too many requests"}` with `Retry-After`, before any effect; 0 turns it off.
    pub rate_limit_every: u64,
    /// The `Retry-After` value of those 429s, in seconds; 0 means [`DEFAULT_RETRY_AFTER_SECS`].
    pub retry_after_secs: u64,
    /// A token bucket per API key over every `/api/v1` route: this many requests per second
    /// (0 turns it off). A request that finds the bucket empty is answered 429
    /// `{"error":"Too many requests"}` with an honest `Retry-After`: the whole seconds, rounded
    /// up, until a token is back.
    pub rate_limit: f64,
    /// The bucket's size (the burst allowed after a quiet spell); 0 means one second's worth of
    /// `rate_limit` (at least 1).
    pub burst: u32,
    /// Share of successful delete-post calls whose delete IS applied (group, platform posts
    /// and media removed) and whose answer is then replaced as `delete_then_fail_mode` says.
    pub delete_then_fail_share: f64,
    /// How those deletes fail.
    pub delete_then_fail_mode: DeleteFailMode,
    /// The best-effort media-object deletion after a committed delete fails: it is only logged
    /// and not added to `MockServer::media_deletions`; the delete still answers 200 (§10).
    pub media_cleanup_fails: bool,
    /// list-posts ignores its filters (`status`, `platform`, `fromDate`, `toDate`) and answers
    /// every post, as a server or proxy that drops query parameters would: clients must check
    /// each summary against their filter themselves.
    pub ignore_list_filters: bool,
    /// Seconds added to the clock of the API answers' `Date` header (negative: behind), as a
    /// server whose clock is off would send.
    pub clock_skew_secs: i64,
    /// Seed of the per-request draws (shares and jitter). Same seed and same request numbers →
    /// same decisions.
    pub seed: u64,
}

/// What the server does with one `/api/v1` request, decided by [`Faults::plan`] on arrival.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FaultPlan {
    /// Wait this long first.
    pub latency: Duration,
    /// Then never answer.
    pub hang: bool,
    /// Else answer 429 with `Retry-After: <seconds>`.
    pub rate_limited: Option<u64>,
    /// Else answer 500 `Internal server error`.
    pub error: bool,
    /// Else answer 200 `success: false` to this delete-post, deleting nothing.
    pub refuse_delete: bool,
    /// Else run the handler; if this is a delete-post that answered 200, fail it this way.
    pub delete_then_fail: Option<DeleteFailMode>,
}

/// Salts that keep the draws of the different knobs independent.
const SALT_JITTER: u64 = 0x6a09_e667_f3bc_c908;
const SALT_HANG: u64 = 0xbb67_ae85_84ca_a73b;
const SALT_ERROR: u64 = 0x3c6e_f372_fe94_f82b;
const SALT_DELETE: u64 = 0xa54f_f53a_5f1d_36f1;

/// SplitMix64's finaliser: a well-mixed 64-bit value from any input.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// True when `id` is the last path segment of a get-post or delete-post path.
fn targets_id(path: &str, ids: &[String]) -> bool {
    let id = path
        .strip_prefix("/api/v1/get-post/")
        .or_else(|| path.strip_prefix("/api/v1/delete-post/"));
    id.is_some_and(|id| ids.iter().any(|hang| hang.eq_ignore_ascii_case(id)))
}

/// True for a delete-post path.
pub fn is_delete_path(path: &str) -> bool {
    path.starts_with("/api/v1/delete-post/")
}

impl Faults {
    /// A uniform draw in `[0, 1)` for request `number` and knob `salt`.
    fn draw(&self, number: u64, salt: u64) -> f64 {
        let bits = mix(mix(self.seed ^ salt) ^ number);
        // 53 high bits → an exactly representable fraction.
        (bits >> 11) as f64 / (1u64 << 53) as f64
    }

    /// True with probability `share` for request `number` (deterministic per seed).
    fn chance(&self, share: f64, number: u64, salt: u64) -> bool {
        self.draw(number, salt) < share
    }

    /// The `Retry-After` seconds a 429 of this configuration carries.
    pub fn effective_retry_after_secs(&self) -> u64 {
        if self.retry_after_secs == 0 {
            DEFAULT_RETRY_AFTER_SECS
        } else {
            self.retry_after_secs
        }
    }

    /// Decides the fate of `/api/v1` request number `number` (1-based, in arrival order) to
    /// `path` (without query). Pure: same faults, number and path → same plan.
    pub fn plan(&self, number: u64, path: &str) -> FaultPlan {
        let jitter = if self.latency_jitter_ms == 0 {
            0
        } else {
            mix(self.seed ^ SALT_JITTER ^ mix(number)) % (self.latency_jitter_ms + 1)
        };
        let latency = Duration::from_millis(self.latency_ms.saturating_add(jitter));
        let hang =
            targets_id(path, &self.hang_ids) || self.chance(self.hang_share, number, SALT_HANG);
        let rate_limited = (self.rate_limit_every > 0
            && number.is_multiple_of(self.rate_limit_every))
        .then(|| self.effective_retry_after_secs());
        let error = self.chance(self.error_share, number, SALT_ERROR);
        let delete_then_fail = (is_delete_path(path)
            && self.chance(self.delete_then_fail_share, number, SALT_DELETE))
        .then_some(self.delete_then_fail_mode);
        let refuse_delete = is_delete_path(path) && targets_id(path, &self.refuse_delete_ids);
        FaultPlan {
            latency,
            hang,
            rate_limited,
            error,
            refuse_delete,
            delete_then_fail,
        }
    }

    /// Checks that every share is a number in `0.0..=1.0`.
    ///
    /// # Errors
    /// A message naming the first bad field, e.g. `error_share must be between 0 and 1, got 1.5`.
    pub fn validate(&self) -> Result<(), String> {
        if !self.rate_limit.is_finite() || self.rate_limit < 0.0 || self.rate_limit > 1.0e6 {
            return Err(format!(
                "rate_limit must be between 0 and 1000000 requests per second, got {}",
                self.rate_limit
            ));
        }
        for (name, share) in [
            ("hang_share", self.hang_share),
            ("error_share", self.error_share),
            ("delete_then_fail_share", self.delete_then_fail_share),
        ] {
            check_share(share).map_err(|message| format!("{name} {message}"))?;
        }
        Ok(())
    }
}

/// `Ok` for a share in `0.0..=1.0`.
fn check_share(share: f64) -> Result<f64, String> {
    if (0.0..=1.0).contains(&share) {
        Ok(share)
    } else {
        Err(format!("must be between 0 and 1, got {share}"))
    }
}

/// clap value parser for the share flags: a number in `0.0..=1.0`.
fn parse_share(text: &str) -> Result<f64, String> {
    let share: f64 = text
        .trim()
        .parse()
        .map_err(|_| format!("not a number: {text}"))?;
    check_share(share)
}

/// The fault flags of `postpost demo` and `postpost mock-server` (flattened into both). See
/// [`Faults`] for what each knob does.
#[derive(Debug, Clone, clap::Args, Default)]
#[command(next_help_heading = "Fault knobs")]
pub struct FaultArgs {
    /// Delay every API answer by this many milliseconds.
    #[arg(long, value_name = "MS", default_value_t = 0)]
    pub latency_ms: u64,
    /// Add a random 0..=MS milliseconds on top of --latency-ms.
    #[arg(long, value_name = "MS", default_value_t = 0)]
    pub latency_jitter_ms: u64,
    /// Never answer get-post or delete-post for this post group id (repeatable).
    #[arg(long = "hang-id", value_name = "ID")]
    pub hang_ids: Vec<String>,
    /// Share (0..=1) of API requests that never answer.
    #[arg(long, value_name = "SHARE", default_value_t = 0.0, value_parser = parse_share)]
    pub hang_share: f64,
    /// Share (0..=1) of API requests answered 500 before any effect.
    #[arg(long, value_name = "SHARE", default_value_t = 0.0, value_parser = parse_share)]
    pub error_share: f64,
    /// Answer delete-post of this id 200 {"success": false} and keep the post (repeatable).
    #[arg(long = "refuse-delete-id", value_name = "ID")]
    pub refuse_delete_ids: Vec<String>,
    /// Answer every Nth API request 429 with Retry-After (0 = off).
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub rate_limit_every: u64,
    /// Retry-After seconds of those 429s (0 = 1 s).
    #[arg(long, value_name = "SECS", default_value_t = 0)]
    pub retry_after_secs: u64,
    /// A token-bucket rate limit per key over every API route, in requests per second (0 = off).
    #[arg(long, value_name = "R", default_value_t = 0.0)]
    pub rate_limit: f64,
    /// The bucket's size for --rate-limit (0 = one second's worth).
    #[arg(long, value_name = "B", default_value_t = 0)]
    pub burst: u32,
    /// Share (0..=1) of deletes that are applied and then fail (see --delete-then-fail-mode).
    #[arg(long, value_name = "SHARE", default_value_t = 0.0, value_parser = parse_share)]
    pub delete_then_fail_share: f64,
    /// How those deletes fail: answer 500, or close the connection without an answer.
    #[arg(long, value_name = "MODE", value_enum, default_value_t = DeleteFailMode::Status500)]
    pub delete_then_fail_mode: DeleteFailMode,
    /// Make the media-object cleanup after each delete fail (logged only; the delete answers 200).
    #[arg(long)]
    pub media_cleanup_fails: bool,
    /// Make list-posts ignore its filters (status, platform, fromDate, toDate) and list every post.
    #[arg(long)]
    pub ignore_list_filters: bool,
    /// Send API answers with a `Date` header this many seconds off (negative: behind).
    #[arg(
        long,
        value_name = "SECS",
        default_value_t = 0,
        allow_negative_numbers = true
    )]
    pub clock_skew_secs: i64,
}

impl FaultArgs {
    /// The [`Faults`] these flags ask for, drawing from `seed` (the generator seed of the command,
    /// so one `--seed` replays both the data and the faults).
    pub fn to_faults(&self, seed: u64) -> Faults {
        Faults {
            latency_ms: self.latency_ms,
            latency_jitter_ms: self.latency_jitter_ms,
            hang_ids: self.hang_ids.clone(),
            hang_share: self.hang_share,
            refuse_delete_ids: self.refuse_delete_ids.clone(),
            error_share: self.error_share,
            rate_limit_every: self.rate_limit_every,
            retry_after_secs: self.retry_after_secs,
            rate_limit: self.rate_limit,
            burst: self.burst,
            delete_then_fail_share: self.delete_then_fail_share,
            delete_then_fail_mode: self.delete_then_fail_mode,
            media_cleanup_fails: self.media_cleanup_fails,
            ignore_list_filters: self.ignore_list_filters,
            clock_skew_secs: self.clock_skew_secs,
            seed,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_plans_no_fault() {
        let plan = Faults::default().plan(7, "/api/v1/delete-post/abc");
        assert_eq!(
            plan,
            FaultPlan {
                latency: Duration::ZERO,
                hang: false,
                rate_limited: None,
                error: false,
                refuse_delete: false,
                delete_then_fail: None,
            }
        );
    }

    #[test]
    fn shares_are_roughly_honoured_and_deterministic() {
        let faults = Faults {
            error_share: 0.3,
            seed: 9,
            ..Faults::default()
        };
        let errors: Vec<u64> = (1..=10_000)
            .filter(|&n| faults.plan(n, "/api/v1/list-posts").error)
            .collect();
        assert!((2_700..3_300).contains(&errors.len()), "{}", errors.len());
        let again: Vec<u64> = (1..=10_000)
            .filter(|&n| faults.plan(n, "/api/v1/list-posts").error)
            .collect();
        assert_eq!(errors, again);
    }

    #[test]
    fn jitter_stays_within_bounds_and_varies() {
        let faults = Faults {
            latency_ms: 10,
            latency_jitter_ms: 5,
            ..Faults::default()
        };
        let latencies: std::collections::BTreeSet<u128> = (1..=200)
            .map(|n| faults.plan(n, "/x").latency.as_millis())
            .collect();
        assert_eq!(latencies, (10..=15).collect());
    }

    #[test]
    fn hang_ids_only_hit_get_and_delete_of_that_id() {
        let faults = Faults {
            hang_ids: vec!["AAAAAAAAAAAAAAAAAAAAAAAA".into()],
            ..Faults::default()
        };
        assert!(
            faults
                .plan(1, "/api/v1/get-post/aaaaaaaaaaaaaaaaaaaaaaaa")
                .hang
        );
        assert!(
            faults
                .plan(1, "/api/v1/delete-post/aaaaaaaaaaaaaaaaaaaaaaaa")
                .hang
        );
        assert!(
            !faults
                .plan(1, "/api/v1/get-post/bbbbbbbbbbbbbbbbbbbbbbbb")
                .hang
        );
        assert!(!faults.plan(1, "/api/v1/list-posts").hang);
    }

    #[test]
    fn validation_and_flag_parsing_refuse_bad_shares() {
        assert!(parse_share("1.5").is_err());
        assert!(parse_share("-0.1").is_err());
        assert!(parse_share("NaN").is_err());
        assert_eq!(parse_share("0.25"), Ok(0.25));
        let faults = Faults {
            delete_then_fail_share: 2.0,
            ..Faults::default()
        };
        assert_eq!(
            faults.validate(),
            Err("delete_then_fail_share must be between 0 and 1, got 2".into())
        );
        assert_eq!(Faults::default().validate(), Ok(()));
    }

    #[test]
    fn json_uses_kebab_case_modes_and_refuses_unknown_fields() {
        let faults: Faults =
            serde_json::from_str(r#"{"delete_then_fail_mode":"drop-connection","latency_ms":5}"#)
                .expect("valid faults JSON");
        assert_eq!(faults.delete_then_fail_mode, DeleteFailMode::DropConnection);
        assert_eq!(faults.latency_ms, 5);
        assert!(serde_json::from_str::<Faults>(r#"{"error_shar":1}"#).is_err());
    }
}
