//! Background work (DESIGN §2): the worker task owns the [`ApiClient`], takes [`Command`]s from
//! the app loop and answers with [`WorkerEvent`]s over bounded channels. Page loading, detail
//! and log fetches (debounced), connection requests and jobs each run on their own tokio task,
//! so the screen never waits for the network. The job engine ([`job::run_job`],
//! [`job::run_update_job`]) is shared with the headless commands. The worker's client carries
//! the acting user (`x-postpost-user-id`); `Command::SwitchUser` replaces it for every later
//! request, the detail and log fetches included.

pub mod backup;
pub mod job;
pub mod journal;
pub mod load;
pub mod private;
pub mod restore;

use std::collections::HashMap;
use std::time::Duration;

use tokio::sync::{mpsc, watch};
use tokio_util::sync::CancellationToken;

use crate::api::client::ApiClient;
use crate::api::error::ApiError;
use crate::api::model::PostGroupId;
use crate::protocol::{Command, DetailSeq, JobId, LogsSeq, RequestError, WorkerEvent};

pub use job::JobOptions;

/// How the worker loads pages and runs jobs.
#[derive(Debug, Clone)]
pub struct WorkerOptions {
    /// Posts per list-posts page (1..=100).
    pub page_size: u32,
    /// list-posts requests in flight at once after the first page.
    pub page_concurrency: usize,
    /// How delete and update jobs behave.
    pub jobs: JobOptions,
    /// A cursor that rests this long gets its detail fetched; faster moves are skipped.
    pub detail_debounce: Duration,
    /// Backups asked for in the confirm dialog go to `<backup_root>/<job id>/<post id>.json`.
    pub backup_root: Option<std::path::PathBuf>,
}

impl Default for WorkerOptions {
    fn default() -> Self {
        Self {
            page_size: 100,
            page_concurrency: 4,
            jobs: JobOptions::default(),
            detail_debounce: Duration::from_millis(60),
            backup_root: None,
        }
    }
}

/// Runs until the command channel closes (the app loop dropped its sender), then cancels
/// whatever still runs.
pub async fn run(
    mut client: ApiClient,
    options: WorkerOptions,
    mut commands: mpsc::Receiver<Command>,
    events: mpsc::Sender<WorkerEvent>,
) {
    let shutdown = CancellationToken::new();
    let mut load_cancel = shutdown.child_token();
    let mut jobs: HashMap<JobId, CancellationToken> = HashMap::new();
    let (detail_tx, detail_rx) = watch::channel::<Option<(DetailSeq, PostGroupId)>>(None);
    let (client_tx, client_rx) = watch::channel(client.clone());
    tokio::spawn(debounced_fetches(
        options.detail_debounce,
        detail_rx,
        shutdown.child_token(),
        fetch_detail(client_rx.clone(), events.clone()),
    ));
    let (logs_tx, logs_rx) = watch::channel::<Option<(LogsSeq, PostGroupId)>>(None);
    tokio::spawn(debounced_fetches(
        options.detail_debounce,
        logs_rx,
        shutdown.child_token(),
        fetch_logs(client_rx, events.clone()),
    ));
    while let Some(command) = commands.recv().await {
        match command {
            Command::LoadPosts { seq } => {
                load_cancel.cancel();
                load_cancel = shutdown.child_token();
                tokio::spawn(load::load_all(
                    client.clone(),
                    options.page_size,
                    options.page_concurrency,
                    seq,
                    events.clone(),
                    load_cancel.clone(),
                ));
            }
            Command::FetchDetail { seq, id } => {
                // Only fails when the detail loop ended, i.e. at shutdown.
                let _ = detail_tx.send(Some((seq, id)));
            }
            Command::FetchLogs { seq, id } => {
                let _ = logs_tx.send(Some((seq, id)));
            }
            Command::LoadConnections { seq } => {
                let client = client.clone();
                reply(&events, async move {
                    let result = client.platform_connections().await;
                    WorkerEvent::ConnectionsLoaded {
                        seq,
                        result: result.map_err(RequestError::from),
                    }
                });
            }
            Command::TestConnection { platform_id } => {
                let client = client.clone();
                reply(&events, async move {
                    let result = client.test_connection(&platform_id).await;
                    WorkerEvent::ConnectionTested {
                        platform_id,
                        result: result.map_err(RequestError::from),
                    }
                });
            }
            Command::StartDelete { job, ids, backup } => {
                let client = client.clone();
                let mut job_options = options.jobs.clone();
                // The TUI knows each post's summary already: a backup costs no API request
                // (only the media downloads).
                job_options.backup = backup.map(|summaries| backup::BackupOptions {
                    root: options
                        .backup_root
                        .clone()
                        .unwrap_or_else(std::env::temp_dir),
                    summaries: summaries
                        .into_iter()
                        .map(|post| (post.post_group_id.clone(), post))
                        .collect(),
                    fetch_detail: false,
                });
                spawn_job(
                    job,
                    &mut jobs,
                    &shutdown,
                    &events,
                    move |cancel, tx| async move {
                        job::run_job(&client, job, ids, &job_options, cancel, tx).await;
                    },
                );
            }
            Command::StartUpdate { job, ids, change } => {
                let client = client.clone();
                let job_options = options.jobs.clone();
                spawn_job(
                    job,
                    &mut jobs,
                    &shutdown,
                    &events,
                    move |cancel, tx| async move {
                        job::run_update_job(&client, job, ids, change, &job_options, cancel, tx)
                            .await;
                    },
                );
            }
            Command::StartRestore { job, dir, only } => {
                let client = client.clone();
                let job_options = options.jobs.clone();
                spawn_job(
                    job,
                    &mut jobs,
                    &shutdown,
                    &events,
                    move |cancel, tx| async move {
                        let set = restore::read_set(&dir, &only, chrono::Utc::now());
                        let storage = crate::api::storage::StorageClient::new(
                            std::time::Duration::from_secs(120),
                        );
                        match (set, storage) {
                            (Ok(set), Ok(storage)) => {
                                restore::run_restore(
                                    &client,
                                    &storage,
                                    job,
                                    &dir,
                                    set,
                                    &job_options,
                                    cancel,
                                    tx,
                                )
                                .await;
                            }
                            (set, storage) => {
                                let reason = match (set, storage) {
                                    (Err(error), _) => format!("{}: {error}", dir.display()),
                                    (_, Err(error)) => error,
                                    _ => String::new(),
                                };
                                let _ = tx
                                    .send(WorkerEvent::JobFinished {
                                        job,
                                        summary: crate::protocol::JobSummary::default(),
                                        cancelled: false,
                                        stopped: Some(format!("cannot restore: {reason}")),
                                        never_attempted: Vec::new(),
                                    })
                                    .await;
                            }
                        }
                    },
                );
            }
            Command::SwitchUser { user_id } => match client.with_user_id(user_id.as_deref()) {
                Ok(switched) => {
                    // Pages still arriving for the old user are not wanted.
                    load_cancel.cancel();
                    load_cancel = shutdown.child_token();
                    client = switched;
                    let _ = client_tx.send(client.clone());
                    tracing::info!(user = ?client.user_id(), "acting user switched");
                }
                Err(error) => {
                    let _ = events
                        .send(WorkerEvent::UserSwitchFailed {
                            user_id,
                            reason: error.to_string(),
                        })
                        .await;
                }
            },
            Command::LoadWorkspaceUsers { seq } => {
                let client = client.clone();
                reply(&events, async move {
                    let result = client.workspace_users().await;
                    WorkerEvent::WorkspaceUsersLoaded {
                        seq,
                        result: result.map_err(RequestError::from),
                    }
                });
            }
            Command::CancelJob { job } => {
                if let Some(token) = jobs.get(&job) {
                    token.cancel();
                }
            }
            // The app loop carries these out itself; nothing to do here.
            Command::Clipboard { .. } | Command::OpenUrl { .. } => {}
        }
    }
    shutdown.cancel();
}

/// Runs one request on its own task and sends the event `request` makes of its answer.
fn reply(
    events: &mpsc::Sender<WorkerEvent>,
    request: impl Future<Output = WorkerEvent> + Send + 'static,
) {
    let events = events.clone();
    tokio::spawn(async move {
        let _ = events.send(request.await).await;
    });
}

/// Starts job `job` on its own task: registers its cancel token (a child of `shutdown`, so
/// the worker's end cancels it), runs `run(cancel, tx)` and forwards everything it sends on
/// `tx` to the app loop until it ends.
fn spawn_job<F, Fut>(
    job: JobId,
    jobs: &mut HashMap<JobId, CancellationToken>,
    shutdown: &CancellationToken,
    events: &mpsc::Sender<WorkerEvent>,
    run: F,
) where
    F: FnOnce(CancellationToken, mpsc::Sender<WorkerEvent>) -> Fut + Send + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    jobs.retain(|_, token| !token.is_cancelled());
    let cancel = shutdown.child_token();
    jobs.insert(job, cancel.clone());
    let events = events.clone();
    tokio::spawn(async move {
        let (tx, mut rx) = mpsc::channel(256);
        let forward = async {
            while let Some(event) = rx.recv().await {
                if events.send(event).await.is_err() {
                    break;
                }
            }
        };
        tokio::join!(run(cancel.clone(), tx), forward);
        cancel.cancel();
    });
}

/// The screen's side of a client error: its text, its hint, and whether it is the 403 of a
/// key without workspaces.
impl From<ApiError> for RequestError {
    fn from(error: ApiError) -> Self {
        RequestError::new(
            error.to_string(),
            error.hint(),
            error.is_workspace_not_enabled(),
        )
    }
}

/// A fetch for one post, answered with a `WorkerEvent` carrying the request number.
type PostFetch<S> = Box<dyn Fn(S, PostGroupId) + Send + Sync>;

/// get-post (§3.2) for the detail pane with the client of the moment (the acting user may have
/// changed), answered with `WorkerEvent::DetailLoaded`.
fn fetch_detail(
    client: watch::Receiver<ApiClient>,
    events: mpsc::Sender<WorkerEvent>,
) -> PostFetch<DetailSeq> {
    Box::new(move |seq, id| {
        let client = client.borrow().clone();
        let events = events.clone();
        tokio::spawn(async move {
            let result = client.get_post(&id).await;
            let _ = events
                .send(WorkerEvent::DetailLoaded {
                    seq,
                    id,
                    result: result.map_err(RequestError::from),
                })
                .await;
        });
    })
}

/// post-logs (§3.6) for the logs tab with the client of the moment, answered with
/// `WorkerEvent::LogsLoaded`.
fn fetch_logs(
    client: watch::Receiver<ApiClient>,
    events: mpsc::Sender<WorkerEvent>,
) -> PostFetch<LogsSeq> {
    Box::new(move |seq, id| {
        let client = client.borrow().clone();
        let events = events.clone();
        tokio::spawn(async move {
            let result = client.post_logs(&id).await;
            let _ = events
                .send(WorkerEvent::LogsLoaded {
                    seq,
                    id,
                    result: result.map_err(RequestError::from),
                })
                .await;
        });
    })
}

/// Starts `fetch` for the post the cursor rests on. Requests that are replaced within
/// `debounce` are skipped; the state asks again when the cursor returns to them.
async fn debounced_fetches<S: Clone>(
    debounce: Duration,
    mut wanted: watch::Receiver<Option<(S, PostGroupId)>>,
    shutdown: CancellationToken,
    fetch: PostFetch<S>,
) {
    loop {
        tokio::select! {
            () = shutdown.cancelled() => return,
            changed = wanted.changed() => if changed.is_err() { return },
        }
        // Wait for the cursor to rest.
        loop {
            match tokio::time::timeout(debounce, wanted.changed()).await {
                Ok(Ok(())) => continue,
                Ok(Err(_)) => return,
                Err(_elapsed) => break,
            }
        }
        let Some((seq, id)) = wanted.borrow_and_update().clone() else {
            continue;
        };
        fetch(seq, id);
    }
}
