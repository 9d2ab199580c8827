//! What the suites share: mock servers on 127.0.0.1:0, API and plain HTTP clients for them,
//! a terminal backend whose screen a test reads while the real app loop owns it, and bounded
//! waits.

use std::collections::HashMap;
use std::future::Future;
use std::io;
use std::ops::Range;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use postpost_tui::api::client::{ApiClient, ClientOptions};
use postpost_tui::api::model::{PostGroupId, PostStatus};
use postpost_tui::app::state::AppState;
use postpost_tui::app::update::{apply, settle_events};
use postpost_tui::mock::{DEFAULT_OWNER_USER_ID, Faults, MockConfig, MockServer};
use postpost_tui::protocol::{DetailSeq, LogsSeq, WorkerEvent};
use postpost_tui::secret::ApiKey;
use ratatui::backend::{Backend, ClearType, TestBackend, WindowSize};
use ratatui::buffer::{Buffer, Cell};
use ratatui::layout::{Position, Size};
use reqwest::{Client, Method, RequestBuilder, Response};
use serde_json::Value;
use tokio::time::timeout;

/// Every wait in these tests gives up after this long.
pub const WAIT: Duration = Duration::from_secs(10);

/// The mock's default API key, as the README gives it.
pub const KEY: &str = "sk_demo_key";

/// Runs `future` with the common bound of [`WAIT`].
pub async fn bounded<T>(what: &str, future: impl Future<Output = T>) -> T {
    timeout(WAIT, future)
        .await
        .unwrap_or_else(|_| panic!("{what} did not finish within {WAIT:?}"))
}

/// Polls `check` every few milliseconds until it holds or [`WAIT`] runs out.
pub async fn wait_until(what: &str, mut check: impl FnMut() -> bool) {
    let result = timeout(WAIT, async {
        let mut tick = tokio::time::interval(Duration::from_millis(10));
        loop {
            tick.tick().await;
            if check() {
                return;
            }
        }
    })
    .await;
    assert!(result.is_ok(), "timed out waiting for {what}");
}

/// A mock server for `config`, started within [`WAIT`].
pub async fn start(config: MockConfig) -> MockServer {
    bounded("mock start", MockServer::start(config))
        .await
        .expect("mock binds")
}

/// A mock with only the seed posts.
pub async fn seed_server() -> MockServer {
    start(MockConfig::default()).await
}

/// A mock with `count` generated posts (no seed posts) and `faults`.
pub async fn start_with(count: usize, faults: Faults) -> MockServer {
    start(MockConfig {
        include_seed: false,
        generated_posts: count,
        faults,
        ..MockConfig::default()
    })
    .await
}

/// Client options for `base_url` with the demo key and short timeouts.
pub fn client_options(base_url: &str) -> ClientOptions {
    ClientOptions {
        base_url: base_url.to_string(),
        api_key: ApiKey::new(KEY),
        user_id: None,
        connect_timeout: Duration::from_secs(2),
        request_timeout: Duration::from_secs(5),
        read_only: false,
    }
}

/// A client for `server` with the demo key and short timeouts.
pub fn client_for(server: &MockServer) -> ApiClient {
    client_with_key(&server.base_url(), KEY)
}

/// A client for `base_url` with `key`.
pub fn client_with_key(base_url: &str, key: &str) -> ApiClient {
    ApiClient::new(&ClientOptions {
        api_key: ApiKey::new(key),
        ..client_options(base_url)
    })
    .expect("client builds")
}

/// A client for `server` with the demo key that gives up on a request after `request_timeout`.
pub fn client_with_timeout(server: &MockServer, request_timeout: Duration) -> ApiClient {
    ApiClient::new(&ClientOptions {
        request_timeout,
        ..client_options(&server.base_url())
    })
    .expect("client builds")
}

/// How long [`impatient_api`] waits for a hung request before giving up.
pub const CLIENT_TIMEOUT: Duration = Duration::from_millis(300);

/// A reqwest client that ignores proxy variables and waits as long as the server takes.
pub fn http_client() -> Client {
    Client::builder()
        .no_proxy()
        .build()
        .expect("reqwest client builds")
}

/// A reqwest client that ignores proxy variables and gives up on a request after `timeout`.
pub fn http_client_with_timeout(timeout: Duration) -> Client {
    Client::builder()
        .no_proxy()
        .timeout(timeout)
        .build()
        .expect("reqwest client builds")
}

/// `method path` on the mock's API with the demo key, from an [`http_client`].
pub fn api(server: &MockServer, method: Method, path: &str) -> RequestBuilder {
    http_client()
        .request(method, format!("{}{path}", server.base_url()))
        .header("x-api-key", KEY)
}

/// [`api`] from a client that gives up after [`CLIENT_TIMEOUT`].
pub fn impatient_api(server: &MockServer, method: Method, path: &str) -> RequestBuilder {
    http_client_with_timeout(CLIENT_TIMEOUT)
        .request(method, format!("{}{path}", server.base_url()))
        .header("x-api-key", KEY)
}

/// Sends and returns (status, content-type, body text).
pub async fn send_raw(request: RequestBuilder) -> (u16, String, String) {
    let response = timeout(WAIT, request.send())
        .await
        .expect("answer in time")
        .expect("request succeeds");
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let body = timeout(WAIT, response.text())
        .await
        .expect("body in time")
        .expect("body reads");
    (status, content_type, body)
}

/// Sends and returns (status, JSON body); the answer must say it is JSON.
pub async fn send_json(request: RequestBuilder) -> (u16, Value) {
    let (status, content_type, body) = send_raw(request).await;
    assert!(
        content_type.starts_with("application/json"),
        "expected JSON, got {content_type}: {body}"
    );
    (status, serde_json::from_str(&body).expect("body is JSON"))
}

/// Sends; the outer timeout only guards the test (a client's own timeout is shorter).
pub async fn try_send(request: RequestBuilder) -> reqwest::Result<Response> {
    timeout(WAIT, request.send())
        .await
        .expect("the client gives up within its own timeout")
}

/// Sends and returns (status, JSON body) whatever content type the answer declares; panics on
/// a transport error.
pub async fn send_lenient_json(request: RequestBuilder) -> (u16, Value) {
    let response = try_send(request).await.expect("request gets an answer");
    let status = response.status().as_u16();
    let body = timeout(WAIT, response.json::<Value>())
        .await
        .expect("body in time")
        .expect("body is JSON");
    (status, body)
}

/// The ids of the DELETE requests the mock received, in order.
pub fn deleted_ids(server: &MockServer) -> Vec<String> {
    server
        .requests()
        .into_iter()
        .filter(|r| r.method == "DELETE")
        .map(|r| r.path.rsplit('/').next().unwrap_or_default().to_string())
        .collect()
}

/// How many DELETE requests the mock received.
pub fn delete_count(server: &MockServer) -> usize {
    server
        .requests()
        .iter()
        .filter(|r| r.method == "DELETE")
        .count()
}

/// Status and time of every stored group of the owner.
pub fn stored(server: &MockServer) -> HashMap<PostGroupId, (PostStatus, Option<DateTime<Utc>>)> {
    server.state().with_store(|store| {
        store
            .ids()
            .into_iter()
            .filter_map(|id| {
                let group = store.group_of(DEFAULT_OWNER_USER_ID, &id)?;
                Some((id, (group.status.clone(), group.scheduled_time)))
            })
            .collect()
    })
}

/// Applies a worker event and settles derived state, as the loop does once per batch.
pub fn apply_settled(state: &mut AppState, event: WorkerEvent, now: Instant) {
    apply(state, event, now);
    settle_events(state);
}

/// The get-post request number `id`'s cache slot waits for, asking for one when nothing is
/// cached: what a `DetailLoaded` for `id` must carry to be kept.
pub fn detail_request(state: &mut AppState, id: &PostGroupId) -> DetailSeq {
    state
        .detail
        .want_detail(id)
        .or_else(|| state.detail.detail_request(id))
        .expect("a get-post slot")
}

/// The post-logs request number `id`'s cache slot waits for, asking for one when nothing is
/// cached.
pub fn logs_request(state: &mut AppState, id: &PostGroupId) -> LogsSeq {
    state
        .detail
        .want_logs(id)
        .or_else(|| state.detail.logs_request(id))
        .expect("a post-logs slot")
}

/// A child's output as text.
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A `TestBackend` shared between the app loop (which draws) and the test (which reads).
#[derive(Clone)]
pub struct SharedBackend(pub Arc<Mutex<TestBackend>>);

impl SharedBackend {
    /// A backend of `width` x `height` cells.
    pub fn new(width: u16, height: u16) -> Self {
        Self(Arc::new(Mutex::new(TestBackend::new(width, height))))
    }

    /// The backend, even after a panic while it was held: the panic is the failure to report,
    /// and a second one in a destructor (the terminal's drop) would abort the whole test binary.
    fn inner(&self) -> MutexGuard<'_, TestBackend> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The screen as text, one line per row.
    pub fn screen(&self) -> String {
        buffer_text(self.inner().buffer())
    }

    /// Changes the terminal size (as a resize would).
    pub fn resize(&self, width: u16, height: u16) {
        self.inner().resize(width, height);
    }
}

/// The text of a buffer, one line per row, trailing spaces kept.
pub fn buffer_text(buffer: &Buffer) -> String {
    columns_text(buffer, 0..buffer.area.width)
}

/// The text of `columns` of a buffer, one line per row, trailing spaces kept.
pub fn columns_text(buffer: &Buffer, columns: Range<u16>) -> String {
    let mut text = String::new();
    for y in 0..buffer.area.height {
        // The cells a wide character covers after its first hold nothing the terminal shows.
        let mut skip = 0;
        for x in columns.clone() {
            let symbol = buffer[(x, y)].symbol();
            if skip > 0 {
                skip -= 1;
                continue;
            }
            skip = unicode_width::UnicodeWidthStr::width(symbol).saturating_sub(1);
            text.push_str(symbol);
        }
        text.push('\n');
    }
    text
}

impl Backend for SharedBackend {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        // The test may shrink the backend between the loop's size check and this flush; a real
        // terminal drops what falls outside it, where `TestBackend` would panic.
        let mut backend = self.inner();
        let area = backend.buffer().area;
        let inside = content.filter(|&(x, y, _)| x < area.width && y < area.height);
        backend.draw(inside).map_err(io::Error::other)
    }
    fn hide_cursor(&mut self) -> io::Result<()> {
        self.inner().hide_cursor().map_err(io::Error::other)
    }
    fn show_cursor(&mut self) -> io::Result<()> {
        self.inner().show_cursor().map_err(io::Error::other)
    }
    fn get_cursor_position(&mut self) -> io::Result<Position> {
        self.inner().get_cursor_position().map_err(io::Error::other)
    }
    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        self.inner()
            .set_cursor_position(position)
            .map_err(io::Error::other)
    }
    fn clear(&mut self) -> io::Result<()> {
        self.inner().clear().map_err(io::Error::other)
    }
    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        self.inner()
            .clear_region(clear_type)
            .map_err(io::Error::other)
    }
    fn size(&self) -> io::Result<Size> {
        self.inner().size().map_err(io::Error::other)
    }
    fn window_size(&mut self) -> io::Result<WindowSize> {
        self.inner().window_size().map_err(io::Error::other)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner().flush().map_err(io::Error::other)
    }
}
