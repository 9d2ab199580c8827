//! The command line (DESIGN §4), defined with clap. Global flags work before or after the
//! subcommand. Precedence is config file < environment < flags: clap reads the `POSTPOST_*`
//! variables into the same fields as the flags, and `main` lays the result over the file.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::mock::FaultArgs;

/// `postpost`: see and clean up your PostPost posts from the terminal.
#[derive(Debug, Parser)]
#[command(name = "postpost", version, about, long_about = None)]
pub struct Cli {
    /// Flags for every command.
    #[command(flatten)]
    pub global: GlobalArgs,
    /// No mouse in the TUI (the terminal keeps its own selection and scrolling).
    #[arg(long, help_heading = "TUI options")]
    pub no_mouse: bool,
    /// What to do; none starts the TUI against the configured account.
    #[command(subcommand)]
    pub command: Option<CommandLine>,
}

/// Flags for every command, shown under their own heading in every `--help`.
#[derive(Debug, Args)]
#[command(next_help_heading = "Global options")]
pub struct GlobalArgs {
    /// API root including the version prefix, e.g. http://127.0.0.1:8787/api/v1.
    #[arg(long, global = true, env = "POSTPOST_BASE_URL", value_name = "URL")]
    pub base_url: Option<String>,
    /// Config file to read instead of the default (`postpost config path`).
    #[arg(long, global = true, env = "POSTPOST_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Act as this managed workspace user (x-postpost-user-id, 24 hex characters).
    #[arg(long, global = true, env = "POSTPOST_USER_ID", value_name = "ID")]
    pub user_id: Option<String>,
    /// Use the account of this [profiles.NAME] table of the config file.
    #[arg(long, global = true, env = "POSTPOST_PROFILE", value_name = "NAME")]
    pub profile: Option<String>,
    /// Show and read times in this IANA time zone (e.g. America/New_York, UTC); the config's
    /// `timezone`, else the machine's zone, by default.
    #[arg(long, global = true, env = "POSTPOST_TIMEZONE", value_name = "ZONE")]
    pub timezone: Option<String>,
    /// No mouse in the TUI: `--no-mouse` of `postpost` or `postpost demo`, the only commands
    /// with a TUI (set after parsing; not a flag of the other commands).
    #[arg(skip)]
    pub no_mouse: bool,
    /// Allow plain http:// to a host that is not loopback (the key would travel unencrypted).
    #[arg(long, global = true)]
    pub allow_insecure_http: bool,
    /// Look, never change: deleting is disabled and no changing request can be sent.
    #[arg(long, global = true)]
    pub read_only: bool,
    /// More detail in the log file (-v info, -vv debug); `mock-server` logs requests to stderr.
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
    /// Print nothing but errors, JSON when asked, and the data a read command was asked for
    /// (no notes, progress or reports).
    #[arg(short, long, global = true)]
    pub quiet: bool,
}

#[derive(Debug, Subcommand)]
pub enum CommandLine {
    /// Start the embedded mock server with demo data on 127.0.0.1 and open the TUI on it.
    Demo {
        /// Generated posts on top of the demo set.
        #[arg(long, default_value_t = 240)]
        posts: usize,
        /// Seed of the generator and of the fault knobs' random draws.
        #[arg(long, default_value_t = 42)]
        seed: u64,
        /// Fault knobs of the demo server.
        #[command(flatten)]
        faults: FaultArgs,
        /// No mouse in the TUI (the terminal keeps its own selection and scrolling).
        #[arg(long)]
        no_mouse: bool,
    },
    /// Run the mock PostPost server in the foreground (for trying scripts and other clients).
    MockServer {
        /// Address to listen on; loopback only.
        #[arg(long, default_value = "127.0.0.1:8787")]
        addr: SocketAddr,
        /// The key clients must send as x-api-key.
        #[arg(long, default_value = "sk_demo_key")]
        api_key: String,
        /// Generated posts on top of the demo set.
        #[arg(long, default_value_t = 0)]
        posts: usize,
        /// Seed of the generator and of the fault knobs' random draws.
        #[arg(long, default_value_t = 42)]
        seed: u64,
        /// Leave out the demo set (only generated posts).
        #[arg(long)]
        no_seed_posts: bool,
        /// Fault knobs (also settable at runtime: PUT /__mock/faults).
        #[command(flatten)]
        faults: FaultArgs,
    },
    /// List posts (every page), as a table, JSON, JSON lines or ids.
    List {
        /// Which posts.
        #[command(flatten)]
        filter: FilterArgs,
        /// One JSON object: {"schema_version":1,"posts":[…]} (list-posts entries).
        #[arg(long, conflicts_with_all = ["jsonl", "ids", "table"])]
        json: bool,
        /// One list-posts entry per line, as JSON (for large accounts).
        #[arg(long, conflicts_with_all = ["ids", "table"])]
        jsonl: bool,
        /// One id per line.
        #[arg(long, conflicts_with = "table")]
        ids: bool,
        /// Padded columns even when stdout is not a terminal (else tab-separated there).
        #[arg(long)]
        table: bool,
    },
    /// Show posts with their platforms, statuses and errors.
    Show {
        /// Post group ids (24 hex characters), or - to read them from stdin.
        #[arg(required = true, value_name = "ID|-")]
        ids: Vec<String>,
        /// One JSON object: {"schema_version":1,"posts":[…]} (get-post answers).
        #[arg(long)]
        json: bool,
    },
    /// Delete posts by id or by filter, with confirmation, progress, journal and a report.
    Delete(DeleteArgs),
    /// Reschedule posts by id or by filter (draft and scheduled posts only), on the job
    /// engine: confirmation, progress, journal and a report as `delete`.
    Reschedule(RescheduleArgs),
    /// Move posts back to draft by id or by filter (scheduled posts stop being published).
    Draft(ChangeArgs),
    /// Delete what a saved view matches, for cron or a systemd timer: backs every post up first,
    /// journals, reports, and exits as `delete` does.
    Prune(PruneArgs),
    /// The backed-up delete jobs (`postpost restore JOB` brings one back), or remove old ones.
    Backups(BackupsArgs),
    /// Re-create the posts of a backed-up delete job, media included (new ids; drafts where
    /// they must not be published again).
    Restore(RestoreArgs),
    /// Recent jobs (delete, reschedule, draft, restore) from the journal, with what became of
    /// their posts.
    Journal {
        /// How many jobs, newest last.
        #[arg(long, default_value_t = 10)]
        jobs: usize,
        /// Read the journal of `postpost demo` instead.
        #[arg(long)]
        demo: bool,
        /// JSON output.
        #[arg(long)]
        json: bool,
    },
    /// Check the set-up: config, key source, server, authentication, clock, workspace, and
    /// connections whose token expires before posts scheduled on them.
    Doctor {
        /// One JSON object with every check.
        #[arg(long)]
        json: bool,
    },
    /// Print a completion script for SHELL (see the README for where it goes).
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff; `postpost man | man -l -`).
    Man,
    /// Where the config file is, and writing an example one.
    Config {
        /// What to do.
        #[command(subcommand)]
        action: ConfigAction,
    },
}

/// `postpost config ...`
#[derive(Debug, Subcommand)]
pub enum ConfigAction {
    /// Print the config file, data and log paths.
    Path,
    /// Write the documented example config to the config path (never overwrites).
    Init,
    /// Read the config file and report problems (syntax, values, permissions).
    Check,
}

/// Filters shared by `list`, `delete` and `prune`: one query (DESIGN §8), written out, named
/// as a saved view, or built from the sugar flags; all of them given together must all hold.
/// Status and platform go to the server where list-posts can filter (POSTPOST_API.md §3.1);
/// every post is checked against the whole query locally.
#[derive(Debug, Clone, Default, Args)]
pub struct FilterArgs {
    /// Query: words, -word, "phrase", status:a,b, -status:a, platform:a,b, created:<30d,
    /// scheduled:>2026-11-01, updated:<+7d, has:media (see the README). A query may start
    /// with `-` (`--query '-status:draft'`).
    #[arg(long, value_name = "Q", allow_hyphen_values = true)]
    pub query: Option<String>,
    /// The query of the config's [views.NAME].
    #[arg(long, value_name = "NAME")]
    pub view: Option<String>,
    /// Any of these statuses.
    #[arg(long, value_name = "S[,S]", value_delimiter = ',', value_parser = statuses(), ignore_case = true)]
    pub status: Vec<String>,
    /// A target on any of these platforms.
    #[arg(long, value_name = "P[,P]", value_delimiter = ',', value_parser = platforms(), ignore_case = true)]
    pub platform: Vec<String>,
    /// Created more than AGE ago (30d, 12h, 2w; created:<AGE).
    #[arg(long, value_name = "AGE")]
    pub older_than: Option<String>,
    /// Content or id contains TEXT (case-insensitive; repeatable, all must hold).
    #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
    pub contains: Vec<String>,
    /// Content or id does not contain TEXT (repeatable).
    #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
    pub exclude: Vec<String>,
    /// Created before TIME (a date is its local midnight; or "YYYY-MM-DD HH:MM", an age, RFC 3339).
    #[arg(long, value_name = "TIME")]
    pub created_before: Option<String>,
    /// Created at or after TIME.
    #[arg(long, value_name = "TIME")]
    pub created_after: Option<String>,
    /// Scheduled before TIME.
    #[arg(long, value_name = "TIME")]
    pub scheduled_before: Option<String>,
    /// Scheduled at or after TIME.
    #[arg(long, value_name = "TIME")]
    pub scheduled_after: Option<String>,
    /// Scheduled at or after TIME (a date: from its local midnight). Excludes drafts without a time.
    #[arg(long, value_name = "TIME")]
    pub from: Option<String>,
    /// Scheduled at or before TIME (a date: through the end of that local day).
    #[arg(long, value_name = "TIME")]
    pub to: Option<String>,
}

/// `postpost delete` arguments.
#[derive(Debug, Clone, Default, Args)]
pub struct DeleteArgs {
    /// Post group ids (24 hex characters each).
    pub ids: Vec<String>,
    /// Delete every post matching these filters (collected first, then deleted by id).
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Print the exact set that would be deleted, and delete nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Do not ask; required when stdin is not a terminal.
    #[arg(long)]
    pub yes: bool,
    /// Print a JSON report on stdout.
    #[arg(long)]
    pub json: bool,
    /// Back each post up before deleting it (its summary, get-post detail and media files) into
    /// DIR/<job>/, by default the data folder's backups/; a post whose backup fails is not
    /// deleted. Costs one get-post per post, plus list-posts pages to find ids given by hand.
    #[arg(long, value_name = "DIR", num_args = 0..=1)]
    pub backup: Option<Option<PathBuf>>,
    /// Delete requests in flight at once (default: config `concurrency`; at least 1).
    #[arg(long, value_parser = at_least_one())]
    pub concurrency: Option<usize>,
}

/// `postpost reschedule` arguments.
#[derive(Debug, Clone, Args)]
pub struct RescheduleArgs {
    /// The new time, in the local zone: "2026-12-01 09:30", 09:30 (its next occurrence),
    /// "tomorrow 09:00", +2h, +1d2h, now. A past time is refused.
    #[arg(long, value_name = "TIME")]
    pub at: String,
    /// Which posts.
    #[command(flatten)]
    pub change: ChangeArgs,
}

/// The posts of `reschedule` and `draft`, and how the job runs.
#[derive(Debug, Clone, Default, Args)]
pub struct ChangeArgs {
    /// Post group ids (24 hex characters each), or - to read them from stdin.
    #[arg(value_name = "IDS|-")]
    pub ids: Vec<String>,
    /// Change every draft or scheduled post matching these filters (collected first).
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Print the exact set that would change, and send nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Do not ask; required when stdin is not a terminal.
    #[arg(long)]
    pub yes: bool,
    /// Print a JSON report on stdout.
    #[arg(long)]
    pub json: bool,
    /// Update requests in flight at once (default: config `concurrency`; at least 1).
    #[arg(long, value_parser = at_least_one())]
    pub concurrency: Option<usize>,
}

/// The statuses `--status` takes (POSTPOST_API.md §2.1), for checking and completions.
fn statuses() -> clap::builder::PossibleValuesParser {
    crate::api::model::PostStatus::KNOWN
        .iter()
        .map(|status| clap::builder::PossibleValue::new(status.as_str()))
        .collect::<Vec<_>>()
        .into()
}

/// The platforms `--platform` takes (POSTPOST_API.md §1.6).
fn platforms() -> clap::builder::PossibleValuesParser {
    crate::api::model::Platform::KNOWN
        .iter()
        .map(|platform| clap::builder::PossibleValue::new(platform.as_str()))
        .collect::<Vec<_>>()
        .into()
}

/// A count of requests: 1 or more.
fn at_least_one() -> clap::builder::RangedU64ValueParser<usize> {
    clap::builder::RangedU64ValueParser::<usize>::new().range(1..)
}

/// `postpost prune` arguments.
#[derive(Debug, Clone, Default, Args)]
pub struct PruneArgs {
    /// The saved view (`[views.NAME]` of the config, or of the profile) whose posts to delete.
    #[arg(long, value_name = "NAME")]
    pub view: String,
    /// Print the exact set that would be deleted, and delete nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Do not ask; required when stdin is not a terminal (cron, systemd).
    #[arg(long)]
    pub yes: bool,
    /// Print a JSON report on stdout.
    #[arg(long)]
    pub json: bool,
    /// Where the backups go (default: the data dir's backups/<time>-prune-<view>).
    #[arg(long, value_name = "DIR")]
    pub backup: Option<PathBuf>,
    /// Delete requests in flight at once (default: config `concurrency`; at least 1).
    #[arg(long, value_parser = at_least_one())]
    pub concurrency: Option<usize>,
}

/// `postpost backups`.
#[derive(Debug, Args)]
pub struct BackupsArgs {
    /// `prune` removes old backups; nothing lists them.
    #[command(subcommand)]
    pub action: Option<BackupsAction>,
    /// JSON output.
    #[arg(long)]
    pub json: bool,
    /// The backups of `postpost demo` instead.
    #[arg(long)]
    pub demo: bool,
}

/// What `postpost backups` does besides listing.
#[derive(Debug, Subcommand)]
pub enum BackupsAction {
    /// Remove the backups of jobs older than AGE (30d, 12h, 2w, 90m).
    Prune {
        /// How old a job's backup must be to go.
        #[arg(long, value_name = "AGE")]
        older_than: String,
        /// Say what would be removed, and remove nothing.
        #[arg(long)]
        dry_run: bool,
        /// Do not ask; required when stdin is not a terminal (a backup is the only way back).
        #[arg(long)]
        yes: bool,
        /// JSON output.
        #[arg(long)]
        json: bool,
    },
}

/// `postpost restore`.
#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// A job name as `postpost backups` lists it, or a backup folder; default: the newest job.
    #[arg(value_name = "JOB|DIR")]
    pub target: Option<String>,
    /// Only these posts (their old ids; repeatable).
    #[arg(long, value_name = "ID")]
    pub only: Vec<String>,
    /// Say what would come back and how, and send nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Do not ask; required when stdin is not a terminal.
    #[arg(long)]
    pub yes: bool,
    /// Print a JSON report on stdout.
    #[arg(long)]
    pub json: bool,
    /// Restore a backup of `postpost demo` (into a running demo server given by --base-url).
    #[arg(long)]
    pub demo: bool,
}
