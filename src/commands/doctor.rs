//! `postpost doctor [--json]`: one screen that tells a new user what is wrong and how to fix
//! it. Where the config, data, journal, backups and log are; where the key comes from (never
//! the key); whether the base URL looks like the API root (`/api/v1`, POSTPOST_API.md §1.1);
//! a real authenticated request (list-posts, §3.1; a 401/403 is explained with the fix, §1.5);
//! the server's clock against ours from its `Date` header (it matters for `+2h` and for past
//! times, which the server sets to now, §3.4); workspace access (§8); and the connections
//! whose token has expired or expires before posts scheduled on them (§5.1).
//!
//! Exit 0 when healthy, 1 with warnings or a failed check, 2 for a config error, 3 when the key
//! or the acting user is refused (or there is none).

use std::collections::BTreeMap;
use std::process::ExitCode;

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::exit::{Exit, classify};
use super::filter::collect_all;
use super::output::{self, outln};
use super::setup;
use crate::api::client::{ApiClient, ListQuery};
use crate::api::model::{PlatformConnection, PostStatus, PostSummary, format_instant};
use crate::cli::Cli;
use crate::config::{Config, Paths};
use crate::text::sanitize::sanitize_line;
use crate::text::wording;
use crate::time::TimeZoneChoice;

/// A clock further off than this gets a warning (the `Date` header has whole seconds).
const CLOCK_TOLERANCE_SECS: i64 = 60;

/// How a check came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Ok,
    Info,
    Warning,
    Error,
}

/// One line of the doctor's findings.
#[derive(Debug, Clone, Serialize)]
pub struct Check {
    /// `config`, `key`, `base_url`, `auth`, `clock`, `workspace`, `connections`.
    pub name: &'static str,
    pub level: Level,
    pub message: String,
    /// What to do about it.
    pub hint: Option<String>,
}

/// A connection whose token has expired or expires before posts scheduled on it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ConnectionAtRisk {
    pub platform_id: String,
    pub platform: String,
    pub username: String,
    /// When the token expires(d), RFC 3339.
    pub token_expires_at: String,
    /// The token has already expired.
    pub expired: bool,
    /// Scheduled posts on this connection at or after the expiry.
    pub scheduled_after_expiry: usize,
}

/// The `--json` object of `doctor`.
#[derive(Debug, Serialize)]
struct DoctorReport {
    /// `healthy`, `warnings`, `errors` or `auth`.
    status: &'static str,
    paths: BTreeMap<&'static str, String>,
    config_file_exists: bool,
    /// Where the key comes from; never the key.
    key_source: Option<String>,
    base_url: Option<String>,
    /// The server's clock minus ours, in seconds.
    clock_skew_secs: Option<i64>,
    connections_at_risk: Vec<ConnectionAtRisk>,
    checks: Vec<Check>,
}

impl DoctorReport {
    fn add(&mut self, name: &'static str, level: Level, message: String, hint: Option<String>) {
        self.checks.push(Check {
            name,
            level,
            message,
            hint,
        });
    }
}

/// Where the key comes from, in the order `config::resolve_api_key` reads them.
fn key_source(config: &Config, config_path: &std::path::Path) -> Option<String> {
    if std::env::var("POSTPOST_API_KEY").is_ok_and(|key| !key.is_empty()) {
        Some("the environment (POSTPOST_API_KEY)".into())
    } else if config.api_key_command.is_some() {
        Some(format!("api_key_command in {}", config_path.display()))
    } else if config.api_key.as_ref().is_some_and(|key| !key.is_empty()) {
        Some(format!("api_key in {}", config_path.display()))
    } else {
        None
    }
}

/// `Some(hint)` when `base_url` does not look like the API root (the hint never shows the
/// URL's credentials).
pub fn base_url_problem(base_url: &str) -> Option<String> {
    let base_url = &crate::secret::url_without_credentials(base_url);
    let Ok(url) = url::Url::parse(base_url) else {
        return Some(format!(
            "{base_url:?} is not a URL; give the API root, e.g. https://api.postpost.dev/api/v1"
        ));
    };
    let path = url.path().trim_end_matches('/');
    (!path.ends_with("/api/v1")).then(|| {
        let mut fixed = url.clone();
        fixed.set_path(&format!("{path}/api/v1"));
        format!(
            "the base URL has no /api/v1 at its end: every path of the API is below it (try {})",
            fixed.as_str().trim_end_matches('/')
        )
    })
}

/// The connections whose token has expired (at `now`) or expires before posts of `scheduled`
/// that target them; a connection whose token never expires or outlives its posts is fine.
pub fn connections_at_risk(
    connections: &[PlatformConnection],
    scheduled: &[PostSummary],
    now: DateTime<Utc>,
) -> Vec<ConnectionAtRisk> {
    let mut risks = Vec::new();
    for connection in connections {
        let Some(expires) = connection
            .access_token_expires_at
            .as_ref()
            .and_then(|time| time.parsed())
        else {
            continue;
        };
        let after = scheduled
            .iter()
            .filter(|post| {
                post.platforms
                    .iter()
                    .any(|target| target.platform_id == connection.platform_id)
                    && post
                        .scheduled_time
                        .as_ref()
                        .and_then(|time| time.parsed())
                        .is_some_and(|at| at >= expires)
            })
            .count();
        let expired = expires <= now;
        if expired || after > 0 {
            risks.push(ConnectionAtRisk {
                platform_id: sanitize_line(&connection.platform_id),
                platform: sanitize_line(connection.platform().as_str()),
                username: sanitize_line(&connection.username),
                token_expires_at: format_instant(expires),
                expired,
                scheduled_after_expiry: after,
            });
        }
    }
    risks
}

/// The sentence about one connection at risk.
fn risk_message(risk: &ConnectionAtRisk, zone: TimeZoneChoice) -> String {
    let when = risk.token_expires_at.parse::<DateTime<Utc>>().map_or_else(
        |_| risk.token_expires_at.clone(),
        |at| crate::time::format_time(at, zone),
    );
    let posts = |count: usize| {
        format!(
            "{count} scheduled {}",
            wording::noun(count, "post", "posts")
        )
    };
    match (risk.expired, risk.scheduled_after_expiry) {
        (true, 0) => format!(
            "{} {}: the token expired on {when}",
            risk.platform, risk.username
        ),
        (true, count) => format!(
            "{} on {} {} will fail: its token expired on {when}",
            posts(count),
            risk.platform,
            risk.username
        ),
        (false, count) => format!(
            "{} on {} {} {} after its token expires on {when}",
            posts(count),
            risk.platform,
            risk.username,
            if count == 1 { "falls" } else { "fall" }
        ),
    }
}

/// `postpost doctor`: see the module docs.
pub async fn doctor(
    cli: &Cli,
    paths: &Paths,
    config_path: &std::path::Path,
    json: bool,
) -> ExitCode {
    let mut report = DoctorReport {
        status: "healthy",
        paths: BTreeMap::from([
            ("config_file", config_path.display().to_string()),
            ("data_dir", paths.data_dir.display().to_string()),
            ("journal", paths.journal_file.display().to_string()),
            (
                "backups",
                super::demo::backups_root(paths, false)
                    .display()
                    .to_string(),
            ),
            ("log_file", paths.log_file.display().to_string()),
        ]),
        config_file_exists: config_path.is_file(),
        key_source: None,
        base_url: None,
        clock_skew_secs: None,
        connections_at_risk: Vec::new(),
        checks: Vec::new(),
    };
    let mut exit = Exit::Done;
    let client = match prepare(cli, config_path, &mut report, &mut exit) {
        Some(client) => client,
        None => return finish(report, exit, json),
    };
    probe(&client, &mut report, &mut exit).await;
    finish(report, exit, json)
}

/// The config, key and client; `None` (with the finding recorded) when one of them fails.
fn prepare(
    cli: &Cli,
    config_path: &std::path::Path,
    report: &mut DoctorReport,
    exit: &mut Exit,
) -> Option<ApiClient> {
    let config = match setup::load_config(config_path, cli.global.config.is_some(), &cli.global) {
        Ok(config) => config,
        Err(error) => {
            report.add(
                "config",
                Level::Error,
                error.to_string(),
                Some("postpost config check shows every problem of the file".into()),
            );
            *exit = error.exit_code();
            return None;
        }
    };
    if report.config_file_exists {
        report.add(
            "config",
            Level::Ok,
            format!("{} reads fine", config_path.display()),
            None,
        );
    } else {
        report.add(
            "config",
            Level::Info,
            "no config file; defaults in use".into(),
            Some("postpost config init writes one".into()),
        );
    }
    // Shown without its credentials, like everywhere else (DESIGN §7 invariant 5).
    let shown_url = crate::secret::url_without_credentials(&config.base_url);
    report.base_url = Some(shown_url.clone());
    if let Some(hint) = base_url_problem(&config.base_url) {
        report.add(
            "base_url",
            Level::Warning,
            format!("base URL {}", sanitize_line(&shown_url)),
            Some(hint),
        );
    } else {
        report.add(
            "base_url",
            Level::Ok,
            format!("base URL {}", sanitize_line(&shown_url)),
            None,
        );
    }
    report.key_source = key_source(&config, config_path);
    let key = match setup::api_key(&config, config_path) {
        Ok(key) => key,
        Err(error) => {
            report.add(
                "key",
                Level::Error,
                error.to_string(),
                Some(
                    "export POSTPOST_API_KEY=sk_…, or set api_key_command in the config file"
                        .into(),
                ),
            );
            *exit = error.exit_code();
            return None;
        }
    };
    report.add(
        "key",
        Level::Ok,
        format!("key from {}", report.key_source.as_deref().unwrap_or("?")),
        None,
    );
    match setup::client(&config, key) {
        Ok(client) => Some(client),
        Err(error) => {
            report.add("key", Level::Error, error.to_string(), None);
            *exit = error.exit_code();
            None
        }
    }
}

/// The checks that talk to the server.
async fn probe(client: &ApiClient, report: &mut DoctorReport, exit: &mut Exit) {
    let first = client
        .list_posts(&ListQuery {
            page: 1,
            limit: 1,
            ..ListQuery::default()
        })
        .await;
    match first {
        Ok(page) => report.add(
            "auth",
            Level::Ok,
            format!(
                "authenticated{}: list-posts answered ({} posts)",
                client
                    .user_id()
                    .map(|id| format!(" as user {id}"))
                    .unwrap_or_default(),
                page.pagination.total_items
            ),
            None,
        ),
        Err(error) => {
            let (code, _) = classify(&error);
            let hint = error
                .hint()
                .map(str::to_owned)
                .or_else(|| report.base_url.as_deref().and_then(base_url_problem));
            let message = sanitize_line(&error.to_string());
            report.add("auth", Level::Error, message, hint);
            *exit = if code == Exit::Auth {
                Exit::Auth
            } else {
                Exit::Failed
            };
            clock(client, report);
            return;
        }
    }
    clock(client, report);
    match client.workspace_users().await {
        Ok(users) => report.add(
            "workspace",
            Level::Ok,
            format!(
                "workspace access: {} managed {} (--user-id acts as one)",
                users.len(),
                wording::noun(users.len(), "user", "users")
            ),
            None,
        ),
        Err(error) if error.is_workspace_not_enabled() => report.add(
            "workspace",
            Level::Info,
            "workspace access is not enabled for this key: only the key's owner can be acted as"
                .into(),
            None,
        ),
        Err(error) => report.add(
            "workspace",
            Level::Warning,
            format!(
                "cannot list the workspace users: {}",
                sanitize_line(&error.to_string())
            ),
            error.hint().map(str::to_owned),
        ),
    }
    connections(client, report).await;
}

/// The clock check, from the `Date` of the answers so far.
fn clock(client: &ApiClient, report: &mut DoctorReport) {
    let Some(skew) = client.clock_skew() else {
        report.add(
            "clock",
            Level::Info,
            "the server sent no Date header; clock not checked".into(),
            None,
        );
        return;
    };
    let seconds = skew.num_seconds();
    report.clock_skew_secs = Some(seconds);
    if seconds.abs() <= CLOCK_TOLERANCE_SECS {
        report.add(
            "clock",
            Level::Ok,
            format!("clocks agree (within {}s)", seconds.abs().max(1)),
            None,
        );
        return;
    }
    let minutes = seconds.abs() / 60;
    let amount = if minutes >= 1 {
        format!("{minutes} min")
    } else {
        format!("{}s", seconds.abs())
    };
    report.add(
        "clock",
        Level::Warning,
        format!(
            "the server's clock is {amount} {} ours",
            if seconds > 0 { "ahead of" } else { "behind" }
        ),
        Some("times like +2h are counted from this machine's clock, and the server sets a past time to now: sync the clock (e.g. timedatectl set-ntp true)".into()),
    );
}

/// The connections check: expired tokens, and tokens that expire before posts scheduled on
/// them.
async fn connections(client: &ApiClient, report: &mut DoctorReport) {
    let connections = match client.platform_connections().await {
        Ok(page) => page.connections,
        Err(error) => {
            report.add(
                "connections",
                Level::Warning,
                format!(
                    "cannot list the connections: {}",
                    sanitize_line(&error.to_string())
                ),
                None,
            );
            return;
        }
    };
    let scheduled = match collect_all(
        client,
        &ListQuery {
            page: 1,
            limit: 100,
            status: Some(PostStatus::Scheduled),
            ..ListQuery::default()
        },
    )
    .await
    {
        Ok(posts) => posts,
        Err(error) => {
            report.add(
                "connections",
                Level::Warning,
                format!(
                    "cannot list the scheduled posts: {}",
                    sanitize_line(&error.to_string())
                ),
                None,
            );
            return;
        }
    };
    let risks = connections_at_risk(&connections, &scheduled, Utc::now());
    if risks.is_empty() {
        report.add(
            "connections",
            Level::Ok,
            format!(
                "{} {}; no token expires before the posts scheduled on it",
                connections.len(),
                wording::noun(connections.len(), "connection", "connections")
            ),
            None,
        );
    }
    for risk in &risks {
        report.add(
            "connections",
            Level::Warning,
            risk_message(risk, TimeZoneChoice::configured()),
            Some("reconnect the account in the PostPost dashboard (or move the posts to draft: postpost draft --platform …)".into()),
        );
    }
    report.connections_at_risk = risks;
}

/// Prints the report and gives the exit code: the worst finding decides.
fn finish(mut report: DoctorReport, exit: Exit, json: bool) -> ExitCode {
    let worst = report
        .checks
        .iter()
        .map(|check| check.level)
        .max()
        .unwrap_or(Level::Ok);
    let exit = match (exit, worst) {
        (Exit::Done, Level::Warning | Level::Error) => Exit::Failed,
        (exit, _) => exit,
    };
    report.status = match exit {
        Exit::Done => "healthy",
        Exit::Auth => "auth",
        Exit::Failed if worst == Level::Warning => "warnings",
        Exit::Failed | Exit::Usage => "errors",
    };
    if json {
        output::print_json(&report);
        return exit.into();
    }
    for name in ["config_file", "data_dir", "journal", "backups", "log_file"] {
        if let Some(path) = report.paths.get(name) {
            outln!("{:<12} {path}", name.replace('_', " "));
        }
    }
    outln!(
        "{:<12} {}",
        "key",
        report
            .key_source
            .as_deref()
            .map_or("none found".to_string(), |source| format!("from {source}"))
    );
    outln!();
    for check in &report.checks {
        let label = match check.level {
            Level::Ok => "ok",
            Level::Info => "note",
            Level::Warning => "warning",
            Level::Error => "error",
        };
        outln!("{label:<8} {}", check.message);
        if let Some(hint) = &check.hint {
            outln!("{:<8} → {hint}", "");
        }
    }
    outln!();
    outln!(
        "{}",
        match report.status {
            "healthy" => "all good",
            "warnings" => "works, with warnings above",
            "auth" => "the key or the acting user is refused: see above",
            _ => "something is wrong: see above",
        }
    );
    exit.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_base_url_without_the_api_prefix_is_named_with_the_fix() {
        assert_eq!(base_url_problem("https://api.postpost.dev/api/v1"), None);
        assert_eq!(base_url_problem("http://127.0.0.1:8787/api/v1/"), None);
        let hint = base_url_problem("http://127.0.0.1:8787").expect("a problem");
        assert!(hint.contains("try http://127.0.0.1:8787/api/v1"), "{hint}");
        assert!(base_url_problem("not a url").is_some());
        let hint = base_url_problem("http://ann:hunter2@127.0.0.1:8787").expect("a problem");
        assert!(!hint.contains("hunter2") && !hint.contains("ann"), "{hint}");
    }

    fn connection(id: &str, expires: Option<&str>) -> PlatformConnection {
        serde_json::from_value(serde_json::json!({
            "platformId": id, "username": "@shop", "accessTokenExpiresAt": expires,
        }))
        .expect("connection")
    }

    fn scheduled(n: usize, platform_id: &str, at: &str) -> PostSummary {
        serde_json::from_value(serde_json::json!({
            "postGroupId": format!("6650a1b2c3d4e5f60123{n:04x}"),
            "status": "scheduled", "scheduledTime": at,
            "platforms": [{"platformId": platform_id, "platform": "instagram", "status": "scheduled"}],
        }))
        .expect("summary")
    }

    #[test]
    fn tokens_that_expire_before_scheduled_posts_are_found_and_counted() {
        let now: DateTime<Utc> = "2026-12-07T08:00:00Z".parse().expect("now");
        let connections = [
            connection("instagram-1", Some("2026-12-10T00:00:00Z")),
            connection("tiktok-2", Some("2026-12-01T00:00:00Z")),
            connection("twitter-3", None),
            connection("facebook-4", Some("2027-01-01T00:00:00Z")),
        ];
        let posts = [
            scheduled(1, "instagram-1", "2026-12-09T00:00:00Z"),
            scheduled(2, "instagram-1", "2026-12-11T00:00:00Z"),
            scheduled(3, "instagram-1", "2026-12-12T00:00:00Z"),
            scheduled(4, "twitter-3", "2030-01-01T00:00:00Z"),
            scheduled(5, "facebook-4", "2026-12-20T00:00:00Z"),
        ];
        let risks = connections_at_risk(&connections, &posts, now);
        let summary: Vec<(&str, bool, usize)> = risks
            .iter()
            .map(|r| (r.platform_id.as_str(), r.expired, r.scheduled_after_expiry))
            .collect();
        assert_eq!(summary, [("instagram-1", false, 2), ("tiktok-2", true, 0)]);
        let text = risk_message(&risks[0], TimeZoneChoice::Utc);
        assert_eq!(
            text,
            "2 scheduled posts on instagram @shop fall after its token expires on 2026-12-10 00:00"
        );
    }
}
