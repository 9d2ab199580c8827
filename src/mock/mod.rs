//! An embedded mock of the PostPost API (POSTPOST_API.md §1–§3.6, §5.1, §5.2, §10), for
//! `postpost demo`, `postpost mock-server` and every test that needs real HTTP.
//!
//! Data flow: [`MockServer::start`] builds a [`MockState`] from a [`MockConfig`] (accounts,
//! entitlements, seed and generated posts via `seed`), binds a tokio listener and spawns
//! `axum::serve` on [`router`]. Requests then go `routes` (request log) → `auth` (§1.5 key
//! check) → a handler in `routes`, which checks a request body (`bodies`), takes the one store
//! lock (`store`, list rules in `query`, post logs derived in `logs`) or reads the fixed
//! connections (`connections`), answers with the shared wire types of `api::model`, and never
//! holds the lock across an `.await`. Before the handler, `routes` numbers each `/api/v1`
//! request and applies the fault knobs of `faults` (latency, hangs, 429, 500, delete-then-fail,
//! failing media cleanup). Tests and the demo read the state back and turn the knobs through
//! [`MockServer`] (request log, ids, media deletions, [`MockServer::set_faults`]) or the
//! `/__mock/*` control routes.

mod auth;
mod bodies;
mod connections;
mod faults;
mod limiter;
mod logs;
mod query;
mod routes;
mod seed;
pub mod storage;
mod store;

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

pub use crate::api::model::is_valid_platform_id;
pub use auth::{ActingUser, AuthSettings};
pub use bodies::INVALID_JSON_BODY;
pub use connections::{
    ConnectionRecord, SEED_CONNECTIONS_JSON, TOKEN_EXPIRED_MESSAGE, load_seed_connections,
};
pub use faults::{
    DEFAULT_RETRY_AFTER_SECS, DeleteFailMode, FaultArgs, FaultPlan, Faults, TOO_MANY_REQUESTS,
};
pub use logs::MAX_LOG_ENTRIES;
pub use query::{js_parse_date, js_parse_int, parse_list_query};
pub use routes::{express_not_found, router};
pub use seed::{
    GENERATED_ACCOUNTS, GENERATOR_NOW, SEED_JSON, SeedError, SeedFile, managed_users, parse_seed,
};
pub use store::{
    GroupRecord, ListPage, ListQuery, MediaRecord, PlatformPostRecord, Store, UpdateRefusal,
    UpdateRules,
};

use crate::api::model::{ManagedUser, PostGroupId};

/// The owner's user id used by [`MockConfig::default`].
pub const DEFAULT_OWNER_USER_ID: &str = "6650a1b2c3d4e5f601234567";
/// The first managed user's id used by [`MockConfig::default`] ("Northbeam Kyoto").
pub const DEFAULT_MANAGED_USER_ID: &str = "6650a1b2c3d4e5f60123abcd";
/// The second managed user's id used by [`MockConfig::default`] (a bookshop whose display name
/// holds hostile text).
pub const SECOND_MANAGED_USER_ID: &str = "6650a1b2c3d4e5f60123abce";
/// The owner's API key used by [`MockConfig::default`].
pub const DEFAULT_API_KEY: &str = "sk_demo_key";

/// How long [`MockServer::shutdown`] waits for open connections before aborting the server task.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// What the mock serves and whom it lets in (POSTPOST_API.md §1.5).
#[derive(Debug, Clone, PartialEq)]
pub struct MockConfig {
    /// Where to listen; default `127.0.0.1:0` (a free port; read it back with
    /// [`MockServer::addr`]).
    pub addr: SocketAddr,
    /// The owner's key (any string is accepted as a key); default `"sk_demo_key"`.
    pub api_key: String,
    /// The owner's user id, 24 hex; default [`DEFAULT_OWNER_USER_ID`].
    pub owner_user_id: String,
    /// Users managed by the owner (workspace, §1.5, §8), 24 hex each; default
    /// `[DEFAULT_MANAGED_USER_ID, SECOND_MANAGED_USER_ID]`. Their workspace records
    /// (`GET /workspace/users`) come from `seed::managed_users`.
    pub managed_user_ids: Vec<String>,
    /// The plan has `apiAccess`; `false` → 403 `API access is not enabled for this account`.
    pub api_access: bool,
    /// The plan has `mcpAccess` (checked instead of `api_access` for `x-postpost-client: mcp`);
    /// default `false`.
    pub mcp_access: bool,
    /// The owner has `workspacesEnabled`; default `true`. `false` → 403 `Workspace access is
    /// not enabled for this key` on `GET /workspace/users` and on any `x-postpost-user-id`.
    pub workspaces_enabled: bool,
    /// The plan's scheduling horizon in days (§9.2): update-post with a time further ahead
    /// answers 403 `Schedule horizon reached` (structured LimitExceededError); default `None`
    /// (no horizon, like Pro and Premium).
    pub schedule_horizon_days: Option<u32>,
    /// The limits service's minimum spacing between one user's scheduled posts (§3.4: it "may
    /// move `scheduledTime` to respect minimum spacing"): update-post moves a new time forward
    /// until it is at least this far from every other scheduled post of the user. Default
    /// `None` (no spacing).
    pub min_spacing: Option<Duration>,
    /// A key whose owner record is missing → 401 `Invalid API key owner`; default `None`.
    pub orphan_api_key: Option<String>,
    /// Load the embedded `assets/seed_posts.json`; default `true`.
    pub include_seed: bool,
    /// This many more deterministic generated posts (owned by the owner); default 0.
    pub generated_posts: usize,
    /// Seed of the generator; default 42.
    pub seed: u64,
    /// Fault knobs applied to `/api/v1` requests; default none. Change them later with
    /// [`MockServer::set_faults`] or `PUT /__mock/faults`.
    pub faults: Faults,
}

impl Default for MockConfig {
    fn default() -> Self {
        Self {
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            api_key: DEFAULT_API_KEY.to_string(),
            owner_user_id: DEFAULT_OWNER_USER_ID.to_string(),
            managed_user_ids: vec![
                DEFAULT_MANAGED_USER_ID.to_string(),
                SECOND_MANAGED_USER_ID.to_string(),
            ],
            api_access: true,
            mcp_access: false,
            workspaces_enabled: true,
            schedule_horizon_days: None,
            min_spacing: None,
            orphan_api_key: None,
            include_seed: true,
            generated_posts: 0,
            seed: 42,
            faults: Faults::default(),
        }
    }
}

/// [`RecordedRequest::status`] of a request that got no HTTP answer (hang or dropped connection).
pub const NO_RESPONSE: u16 = 0;

/// One request as the mock saw it. The `x-api-key` value is never recorded.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct RecordedRequest {
    /// HTTP method, e.g. `"GET"`.
    pub method: String,
    /// Path without the query, e.g. `"/api/v1/list-posts"`.
    pub path: String,
    /// Raw query string without `?`, when there was one.
    pub query: Option<String>,
    /// Status of the answer; [`NO_RESPONSE`] (0) when no HTTP answer was sent: a hang fault
    /// (recorded when the hang begins) or a delete-then-fail that dropped the connection.
    pub status: u16,
    /// The `x-postpost-user-id` header exactly as sent, when present.
    pub user_id: Option<String>,
    /// True when the request carried an `x-api-key` header (its value is never kept): media
    /// downloads and uploads to the storage host must not.
    #[serde(default)]
    pub api_key_sent: bool,
}

/// Everything the handlers share: auth settings, the store behind one mutex, the request log and
/// the media-deletion log. Cheap to clone (one `Arc`).
#[derive(Clone)]
pub struct MockState {
    inner: Arc<Inner>,
}

struct Inner {
    auth: AuthSettings,
    /// Every user's connected accounts (§5.1), fixed at start-up.
    connections: Vec<ConnectionRecord>,
    /// Workspace records of the managed users (§8), in `managed_user_ids` order.
    managed_users: Vec<ManagedUser>,
    /// Update-post's limit re-check (§3.4, §9.2).
    update_rules: UpdateRules,
    store: Mutex<Store>,
    requests: Mutex<Vec<RecordedRequest>>,
    media_deletions: Mutex<Vec<String>>,
    /// The storage host: uploaded objects, deleted keys, upload grants.
    storage: storage::Storage,
    /// The `rate_limit` knob's token buckets, one per key.
    limiter: limiter::RateLimiter,
    faults: Mutex<Arc<Faults>>,
    /// `/api/v1` requests seen since the faults were last set (the last request number given).
    api_requests: AtomicU64,
    /// Cancelled when the server stops; hung requests wait for it.
    stopping: CancellationToken,
    created: AtomicU64,
}

/// Locks a mutex, recovering the data if a panicking thread poisoned it (each critical section
/// is a single synchronous step, so the data stays consistent).
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl MockState {
    /// Builds the state for `config`: auth settings (ids lower-cased), then the seed posts (when
    /// `include_seed`; the `"managed"` ones go to the first managed user), then
    /// `generated_posts` generated ones, then the seed connections of
    /// `assets/seed_connections.json` (always: they are the accounts the seed and generated posts
    /// go to), with token expiries counted from now.
    ///
    /// # Errors
    /// [`SeedError`] when the embedded seed file is malformed (a build defect).
    pub fn new(config: &MockConfig) -> Result<Self, SeedError> {
        let owner = config.owner_user_id.to_ascii_lowercase();
        let managed: Vec<String> = config
            .managed_user_ids
            .iter()
            .map(|id| id.to_ascii_lowercase())
            .collect();
        let mut store = Store::new();
        if config.include_seed {
            seed::load_seed(&mut store, &owner, &managed)?;
        }
        seed::generate(&mut store, &owner, config.generated_posts, config.seed);
        let connections = load_seed_connections(&owner, &managed, Utc::now())?;
        let managed_users = seed::managed_users(&managed);
        Ok(Self {
            inner: Arc::new(Inner {
                connections,
                managed_users,
                update_rules: UpdateRules {
                    horizon_days: config.schedule_horizon_days,
                    min_spacing: config
                        .min_spacing
                        .and_then(|spacing| chrono::Duration::from_std(spacing).ok()),
                },
                auth: AuthSettings {
                    api_key: config.api_key.clone(),
                    owner_user_id: owner,
                    managed_user_ids: managed,
                    api_access: config.api_access,
                    mcp_access: config.mcp_access,
                    workspaces_enabled: config.workspaces_enabled,
                    orphan_api_key: config.orphan_api_key.clone(),
                },
                store: Mutex::new(store),
                requests: Mutex::new(Vec::new()),
                media_deletions: Mutex::new(Vec::new()),
                storage: storage::Storage::default(),
                limiter: limiter::RateLimiter::default(),
                faults: Mutex::new(Arc::new(config.faults.clone())),
                api_requests: AtomicU64::new(0),
                stopping: CancellationToken::new(),
                created: AtomicU64::new(0),
            }),
        })
    }

    /// The connected accounts of `user_id` (§5.1), in seed order.
    pub fn connections_of(&self, user_id: &str) -> Vec<ConnectionRecord> {
        self.inner
            .connections
            .iter()
            .filter(|record| record.user_id == user_id)
            .cloned()
            .collect()
    }

    /// The §1.5 settings the key check uses.
    pub fn auth(&self) -> &AuthSettings {
        &self.inner.auth
    }

    /// The workspace records of the managed users (§8), in `MockConfig::managed_user_ids` order.
    pub fn managed_users(&self) -> &[ManagedUser] {
        &self.inner.managed_users
    }

    /// The limit re-check update-post applies (§3.4, §9.2).
    pub fn update_rules(&self) -> &UpdateRules {
        &self.inner.update_rules
    }

    /// Runs `f` with the store locked. `f` is synchronous, so the lock can never be held across
    /// an `.await`.
    pub fn with_store<R>(&self, f: impl FnOnce(&mut Store) -> R) -> R {
        f(&mut lock(&self.inner.store))
    }

    /// Appends to the request log.
    pub fn record(&self, request: RecordedRequest) {
        lock(&self.inner.requests).push(request);
    }

    /// The request log, oldest first.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        lock(&self.inner.requests).clone()
    }

    /// Empties the request log.
    pub fn clear_requests(&self) {
        lock(&self.inner.requests).clear();
    }

    /// Media object URLs deleted after delete-post commits, oldest first (§10).
    pub fn media_deletions(&self) -> Vec<String> {
        lock(&self.inner.media_deletions).clone()
    }

    /// Makes the best-effort media-object deletion after delete-post fail (`true`) or succeed
    /// (`false`, the default): sets [`Faults::media_cleanup_fails`], leaving the other knobs and
    /// the request numbering alone. A failing deletion is only logged with `tracing::warn!` and
    /// not added to [`MockState::media_deletions`]; the delete still answers 200 (§10).
    pub fn set_media_deletions_failing(&self, failing: bool) {
        let mut faults = lock(&self.inner.faults);
        let mut changed = Faults::clone(&faults);
        changed.media_cleanup_fails = failing;
        *faults = Arc::new(changed);
    }

    /// The fault knobs now in force.
    pub fn faults(&self) -> Faults {
        Faults::clone(&lock(&self.inner.faults))
    }

    /// Replaces every fault knob and restarts the request numbering at 1, so that the same
    /// faults and seed replay the same decisions. Requests already past their fault decision
    /// are not affected. Shares are not validated here (see [`Faults::validate`]).
    pub fn set_faults(&self, faults: Faults) {
        let mut current = lock(&self.inner.faults);
        *current = Arc::new(faults);
        self.inner.api_requests.store(0, Ordering::SeqCst);
    }

    /// Numbers an arriving `/api/v1` request (1-based, atomically) and returns the knobs to
    /// apply to it.
    pub(crate) fn next_api_request(&self) -> (u64, Arc<Faults>) {
        let faults = Arc::clone(&lock(&self.inner.faults));
        let number = self.inner.api_requests.fetch_add(1, Ordering::SeqCst) + 1;
        (number, faults)
    }

    /// Completes when the server is stopping (hung requests wait on this).
    pub(crate) async fn stopping(&self) {
        self.inner.stopping.cancelled().await;
    }

    /// Wakes every hung request so that shutdown does not wait for them.
    fn stop(&self) {
        self.inner.stopping.cancel();
    }

    /// The best-effort step after a committed delete (§10): "removes" the objects, i.e. records
    /// their URLs, unless deletions are set to fail.
    pub(crate) fn delete_media_objects(&self, urls: Vec<String>) {
        if urls.is_empty() {
            return;
        }
        if lock(&self.inner.faults).media_cleanup_fails {
            tracing::warn!(
                count = urls.len(),
                "mock: media object deletion failed (fault knob)"
            );
            return;
        }
        self.inner.storage.delete(&urls);
        let shown = urls.iter().map(|url| self.inner.storage.public_url(url));
        lock(&self.inner.media_deletions).extend(shown);
    }

    /// Takes a token for `key` when the `rate_limit` knob is on; `Err(seconds)` to wait.
    pub(crate) fn admit(&self, key: &str, faults: &Faults) -> Result<(), u64> {
        if faults.rate_limit <= 0.0 {
            return Ok(());
        }
        self.inner.limiter.admit(
            key,
            faults.rate_limit,
            faults.burst,
            std::time::Instant::now(),
        )
    }

    /// The storage host's objects (§4.1, §10).
    pub fn storage(&self) -> &storage::Storage {
        &self.inner.storage
    }

    /// A new post group id not yet in `store`: ObjectId-like, 8 hex digits of `now`'s seconds,
    /// then `c0`, then a per-state counter in 14 hex digits.
    pub(crate) fn fresh_group_id(&self, store: &Store, now: DateTime<Utc>) -> PostGroupId {
        let seconds = u32::try_from(now.timestamp()).unwrap_or(u32::MAX);
        loop {
            let n = self.inner.created.fetch_add(1, Ordering::Relaxed);
            let id = PostGroupId::new_unchecked(format!("{seconds:08x}c0{n:014x}"));
            if !store.contains(&id) {
                return id;
            }
        }
    }
}

/// A running mock server on a tokio task. Dropping it without [`MockServer::shutdown`] still
/// signals the server to stop.
pub struct MockServer {
    addr: SocketAddr,
    state: MockState,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl MockServer {
    /// Builds the state, binds `config.addr` and spawns `axum::serve` on [`router`]; returns as
    /// soon as the socket listens. Must be called inside a tokio runtime.
    ///
    /// # Errors
    /// The bind error; `InvalidInput` when `config.faults` has a share outside `0..=1`
    /// ([`Faults::validate`]); `InvalidData` when the embedded seed file is malformed.
    pub async fn start(config: MockConfig) -> std::io::Result<MockServer> {
        config
            .faults
            .validate()
            .map_err(|error| std::io::Error::new(std::io::ErrorKind::InvalidInput, error))?;
        let state = MockState::new(&config)
            .map_err(|error| std::io::Error::new(std::io::ErrorKind::InvalidData, error))?;
        let listener = tokio::net::TcpListener::bind(config.addr).await?;
        let addr = listener.local_addr()?;
        state.storage().set_origin(format!("http://{addr}"));
        let (stop, stopped) = oneshot::channel::<()>();
        let app = router(state.clone());
        let task = tokio::spawn(async move {
            let serving = axum::serve(listener, app).with_graceful_shutdown(async move {
                // Either an explicit stop or the sender being dropped ends the server.
                let _ = stopped.await;
            });
            if let Err(error) = serving.await {
                tracing::error!(%error, "mock server stopped with an error");
            }
        });
        tracing::debug!(%addr, "mock server listening");
        Ok(MockServer {
            addr,
            state,
            stop: Some(stop),
            task: Some(task),
        })
    }

    /// The fault knobs now in force.
    pub fn faults(&self) -> Faults {
        self.state.faults()
    }

    /// Replaces every fault knob at runtime and restarts the request numbering (see
    /// [`MockState::set_faults`]); same effect as `PUT /__mock/faults`.
    pub fn set_faults(&self, faults: Faults) {
        self.state.set_faults(faults);
    }

    /// The bound address (with the real port when `config.addr` used port 0).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The API base URL, `http://127.0.0.1:PORT/api/v1`.
    pub fn base_url(&self) -> String {
        format!("http://{}/api/v1", self.addr)
    }

    /// The shared state (store, logs, fault knobs).
    pub fn state(&self) -> &MockState {
        &self.state
    }

    /// The request log, in order (control routes excluded; never the API key).
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.state.requests()
    }

    /// Empties the request log.
    pub fn clear_requests(&self) {
        self.state.clear_requests();
    }

    /// Ids of every stored post group (all users), sorted.
    pub fn post_ids(&self) -> Vec<PostGroupId> {
        self.state.with_store(|store| store.ids())
    }

    /// True when the group is stored (any user).
    pub fn contains(&self, id: &PostGroupId) -> bool {
        self.state.with_store(|store| store.contains(id))
    }

    /// Media object URLs removed after delete-post commits (§10), oldest first.
    pub fn media_deletions(&self) -> Vec<String> {
        self.state.media_deletions()
    }

    /// Stops accepting connections, lets in-flight requests finish (up to 5 s, then aborts the
    /// task) and waits for the server task to end.
    pub async fn shutdown(mut self) {
        self.state.stop();
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(mut task) = self.task.take()
            && tokio::time::timeout(SHUTDOWN_GRACE, &mut task)
                .await
                .is_err()
        {
            tracing::warn!("mock server did not stop within the grace period; aborting");
            task.abort();
        }
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        self.state.stop();
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}
