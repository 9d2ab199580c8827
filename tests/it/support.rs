//! Shared test helpers: a client for a mock server, a terminal backend whose screen the test
//! can read while the real app loop owns it, and bounded waits.

#![allow(dead_code)]

use std::io;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use postpost_tui::api::client::{ApiClient, ClientOptions};
use postpost_tui::mock::{MockConfig, MockServer};
use postpost_tui::secret::ApiKey;
use ratatui::backend::{Backend, ClearType, TestBackend, WindowSize};
use ratatui::buffer::{Buffer, Cell};
use ratatui::layout::{Position, Size};

/// Every wait in these tests gives up after this long.
pub const WAIT: Duration = Duration::from_secs(10);

/// A client for `server` with the default demo key and short timeouts.
pub fn client_for(server: &MockServer) -> ApiClient {
    client_with_key(&server.base_url(), &MockConfig::default().api_key)
}

/// A client for `base_url` with `key`.
pub fn client_with_key(base_url: &str, key: &str) -> ApiClient {
    ApiClient::new(&ClientOptions {
        base_url: base_url.to_string(),
        api_key: ApiKey::new(key),
        user_id: None,
        connect_timeout: Duration::from_secs(2),
        request_timeout: Duration::from_secs(5),
        read_only: false,
    })
    .expect("client builds")
}

/// A mock with only the seed posts.
pub async fn seed_server() -> MockServer {
    MockServer::start(MockConfig::default())
        .await
        .expect("mock starts")
}

/// A `TestBackend` shared between the app loop (which draws) and the test (which reads).
#[derive(Clone)]
pub struct SharedBackend(pub Arc<Mutex<TestBackend>>);

impl SharedBackend {
    /// A backend of `width` x `height` cells.
    pub fn new(width: u16, height: u16) -> Self {
        Self(Arc::new(Mutex::new(TestBackend::new(width, height))))
    }

    fn inner(&self) -> MutexGuard<'_, TestBackend> {
        self.0.lock().expect("backend lock")
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
    let area = buffer.area;
    let mut text = String::new();
    for y in 0..area.height {
        // The cells a wide character covers after its first hold nothing the terminal shows.
        let mut skip = 0;
        for x in 0..area.width {
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
        self.inner().draw(content).map_err(io::Error::other)
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

/// Polls `check` every few milliseconds until it holds or [`WAIT`] runs out.
pub async fn wait_until(what: &str, mut check: impl FnMut() -> bool) {
    let result = tokio::time::timeout(WAIT, async {
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
