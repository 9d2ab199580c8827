//! A server that lies, echoes, stalls or floods (DESIGN §7 invariants 5 and 6): an axum server
//! on 127.0.0.1:0, written here and independent of the mock, whose every text is chosen by the
//! test. The built binary runs the headless commands against it (HOME in a temp dir, a base URL
//! with `user:password@`), and the client feeds the TUI's state and render; every captured byte
//! (stdout, stderr, the journal, the log, backups, terminal cells) is checked for raw control
//! characters and for the secrets.

use std::process::Output;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get};
use base64::Engine as _;
use postpost_tui::api::client::{ApiClient, ClientOptions, ListQuery};
use postpost_tui::api::model::Pagination;
use postpost_tui::app::action::Action;
use postpost_tui::app::state::{AppState, DetailEntry, UiSettings};
use postpost_tui::app::update::update;
use postpost_tui::protocol::{LoadSeq, RequestError, WorkerEvent};
use postpost_tui::secret::ApiKey;
use postpost_tui::ui::{self, DrawContext};
use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use serde_json::{Value, json};

use crate::support::{WAIT, apply_settled, detail_request};

/// The key the binary is given; the server echoes it back in every way it can.
const SECRET_KEY: &str = "sk_live_Hostile+Key/42=x";
/// The password of the base URL.
const PASSWORD: &str = "pa55-w0rd-secret";
const USER: &str = "carol";

/// How the delete route answers.
#[derive(Debug, Clone)]
enum DeleteAnswer {
    /// 200 `{"success": true}`.
    Ok,
    /// 400 with a JSON error holding `text`.
    JsonError,
    /// 400 with an HTML page holding `text`.
    HtmlError,
    /// 429 with this `Retry-After`.
    RateLimited(String),
}

/// How the list route paginates `posts` posts.
#[derive(Debug, Clone, Copy)]
enum Paging {
    Honest,
    Null,
    HugeTotalPages,
}

/// What the hostile server says.
#[derive(Debug, Clone)]
struct Script {
    /// Put in every text field the server sends.
    text: String,
    posts: u32,
    paging: Paging,
    delete: DeleteAnswer,
    /// Extra entry with this `postGroupId`.
    bad_id: Option<String>,
    /// get-post answers a body this many bytes long (a flood).
    flood: Option<usize>,
}

#[derive(Clone)]
struct Served {
    script: Arc<Mutex<Script>>,
    list_requests: Arc<AtomicUsize>,
    delete_requests: Arc<AtomicUsize>,
}

fn id(n: u32) -> String {
    format!("{n:024x}")
}

/// Every way the server echoes the key and the URL credentials, with `text` around them.
fn echo(text: &str) -> String {
    let encoded: String =
        percent_encoding::utf8_percent_encode(SECRET_KEY, percent_encoding::NON_ALPHANUMERIC)
            .to_string();
    let basic = base64::engine::general_purpose::STANDARD.encode(format!("x:{SECRET_KEY}"));
    format!(
        "{text} Invalid API key {SECRET_KEY} ({encoded}; Basic {basic}) for http://{USER}:{PASSWORD}@host {text}"
    )
}

#[derive(serde::Deserialize)]
struct Asked {
    page: Option<u32>,
    limit: Option<u32>,
}

async fn list_posts(State(served): State<Served>, Query(asked): Query<Asked>) -> Response {
    served.list_requests.fetch_add(1, Ordering::SeqCst);
    let script = served.script.lock().expect("script").clone();
    let page = asked.page.unwrap_or(1).max(1);
    let limit = asked.limit.unwrap_or(20).clamp(1, 100);
    let start = (page - 1).saturating_mul(limit);
    let end = start.saturating_add(limit).min(script.posts);
    let mut posts: Vec<Value> = (start..end.max(start))
        .map(|n| {
            json!({
                "postGroupId": id(n),
                "content": echo(&script.text),
                "status": "draft",
                "createdAt": "2026-11-01T10:00:00.000Z",
                "platforms": [{"platformId": format!("twitter-{}", script.text), "platform": "twitter", "status": "draft"}],
                // No media: a backup downloads them, and that is not what is tested here.
                "mediaUrls": [],
            })
        })
        .collect();
    if let (Some(bad), 1) = (&script.bad_id, page) {
        posts.push(json!({"postGroupId": bad, "status": "draft", "content": "x"}));
    }
    let total = u64::from(script.posts);
    let pagination = match script.paging {
        Paging::Honest => json!({"page": page, "limit": limit, "totalItems": total,
            "totalPages": total.div_ceil(u64::from(limit)), "hasNextPage": u64::from(end) < total}),
        Paging::Null => Value::Null,
        Paging::HugeTotalPages => json!({"page": page, "limit": limit, "totalItems": total,
            "totalPages": u32::MAX, "hasNextPage": true}),
    };
    axum::Json(json!({"success": true, "posts": posts, "pagination": pagination})).into_response()
}

async fn get_post(State(served): State<Served>, Path(post): Path<String>) -> Response {
    let script = served.script.lock().expect("script").clone();
    if let Some(bytes) = script.flood {
        // No Content-Length: the client must count while it reads.
        let chunk = axum::body::Bytes::from(vec![b' '; 1024 * 1024]);
        let chunks = bytes.div_ceil(chunk.len());
        let stream = futures_util::stream::iter(
            (0..chunks).map(move |_| Ok::<_, std::io::Error>(chunk.clone())),
        );
        return axum::body::Body::from_stream(stream).into_response();
    }
    axum::Json(json!({
        "success": true,
        "postGroupId": post,
        "posts": [{"_id": "p1", "platform": "twitter", "platformId": format!("twitter-{}", script.text),
            "content": echo(&script.text), "status": "failed",
            "error": {"code": script.text, "message": echo(&script.text), "platformError": echo(&script.text)}}]
    }))
    .into_response()
}

async fn delete_post(State(served): State<Served>) -> Response {
    served.delete_requests.fetch_add(1, Ordering::SeqCst);
    let script = served.script.lock().expect("script").clone();
    match script.delete {
        DeleteAnswer::Ok => axum::Json(json!({"success": true})).into_response(),
        DeleteAnswer::JsonError => (
            StatusCode::BAD_REQUEST,
            axum::Json(json!({"error": echo(&script.text)})),
        )
            .into_response(),
        DeleteAnswer::HtmlError => {
            let mut headers = HeaderMap::new();
            headers.insert(
                header::CONTENT_TYPE,
                "text/html; charset=utf-8".parse().expect("header"),
            );
            (
                StatusCode::BAD_REQUEST,
                headers,
                format!(
                    "<html><body><pre>{}</pre></body></html>",
                    echo(&script.text)
                ),
            )
                .into_response()
        }
        DeleteAnswer::RateLimited(after) => {
            let mut headers = HeaderMap::new();
            headers.insert(header::RETRY_AFTER, after.parse().expect("header"));
            (
                StatusCode::TOO_MANY_REQUESTS,
                headers,
                axum::Json(json!({"error": echo(&script.text)})),
            )
                .into_response()
        }
    }
}

/// The hostile server, its base URL with `USER:PASSWORD@`, and its counters.
async fn hostile_server(script: Script) -> (String, Served) {
    let served = Served {
        script: Arc::new(Mutex::new(script)),
        list_requests: Arc::new(AtomicUsize::new(0)),
        delete_requests: Arc::new(AtomicUsize::new(0)),
    };
    let app = Router::new()
        .route("/api/v1/list-posts", get(list_posts))
        .route("/api/v1/get-post/{id}", get(get_post))
        .route("/api/v1/delete-post/{id}", delete(delete_post))
        .with_state(served.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let address = listener.local_addr().expect("address");
    tokio::spawn(async move { axum::serve(listener, app).await });
    (format!("http://{USER}:{PASSWORD}@{address}/api/v1"), served)
}

/// The binary's runs in one temp home.
struct Home {
    dir: tempfile::TempDir,
}

impl Home {
    fn new() -> Self {
        Self {
            dir: tempfile::tempdir().expect("tempdir"),
        }
    }

    /// `postpost ARGS --base-url BASE` with the secret key, stdin not a terminal.
    async fn run(&self, base_url: &str, args: &[&str]) -> Output {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_postpost"));
        command
            .args(args)
            .args(["--base-url", base_url])
            .env_clear()
            .env("HOME", self.dir.path())
            .env("XDG_CONFIG_HOME", self.dir.path().join("config"))
            .env("XDG_DATA_HOME", self.dir.path().join("data"))
            .env("XDG_STATE_HOME", self.dir.path().join("state"))
            .env("POSTPOST_API_KEY", SECRET_KEY)
            .stdin(std::process::Stdio::null());
        let run = tokio::task::spawn_blocking(move || command.output().expect("binary runs"));
        tokio::time::timeout(WAIT, run)
            .await
            .expect("command finishes")
            .expect("join")
    }

    /// Every file the runs wrote (journal, log, backups), with its path.
    fn files(&self) -> Vec<(String, Vec<u8>)> {
        let mut files = Vec::new();
        let mut stack = vec![self.dir.path().to_path_buf()];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).expect("read dir").flatten() {
                let path = entry.path();
                if path.is_dir() {
                    stack.push(path);
                } else {
                    files.push((
                        path.display().to_string(),
                        std::fs::read(&path).expect("read"),
                    ));
                }
            }
        }
        files
    }
}

/// What must never appear: the key (and its encodings) and the password.
fn secrets() -> Vec<String> {
    vec![
        SECRET_KEY.to_owned(),
        PASSWORD.to_owned(),
        percent_encoding::utf8_percent_encode(SECRET_KEY, percent_encoding::NON_ALPHANUMERIC)
            .to_string(),
        // The key's base64 core (it sits after `x:` in the echoed Basic credentials).
        base64::engine::general_purpose::STANDARD.encode(format!("x:{SECRET_KEY}"))[4..24]
            .to_owned(),
    ]
}

/// No raw control byte (C0 but newline, DEL, C1, bidi or invisible format character) and no
/// secret in `bytes`.
fn assert_inert_and_secret_free(what: &str, bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    for c in text.chars() {
        let control = (c.is_control() && c != '\n')
            || matches!(c, '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}' | '\u{200b}' | '\u{feff}');
        assert!(!control, "{what}: raw {c:?} in {text:?}");
    }
    for secret in secrets() {
        assert!(!text.contains(&secret), "{what}: {secret:?} in {text:?}");
    }
}

/// Random server text: printable words, the terminal's active characters, and the secrets.
fn hostile_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "[a-z ]{1,6}",
        Just("\u{1b}]0;title\u{7}".to_owned()),
        Just("\u{1b}]52;c;aGk=\u{7}".to_owned()),
        Just("\u{1b}[2J\u{1b}[?1049l".to_owned()),
        Just("\u{9b}31m\u{9d}8;;x\u{9c}".to_owned()),
        Just("\u{202e}\u{2066}\u{200f}".to_owned()),
        Just("\u{0}\u{7f}\u{8}\r\t".to_owned()),
        Just("\u{2028}\u{feff}\u{200b}".to_owned()),
        Just("咖啡👍".to_owned()),
        Just(SECRET_KEY.to_owned()),
        Just(format!("{USER}:{PASSWORD}@")),
        Just(PASSWORD.to_owned()),
    ];
    proptest::collection::vec(piece, 1..8).prop_map(|pieces| pieces.concat())
}

fn script(text: &str) -> Script {
    Script {
        text: text.to_owned(),
        posts: 3,
        paging: Paging::Honest,
        delete: DeleteAnswer::JsonError,
        bad_id: None,
        flood: None,
    }
}

/// Every headless output path with one server string: list (table, JSON, ids), show (text,
/// JSON), a delete whose posts are backed up and whose delete fails (JSON error, then HTML),
/// the journal; then every file written.
async fn headless_paths_stay_clean(text: String) {
    let (base_url, served) = hostile_server(script(&text)).await;
    let home = Home::new();
    let backups = home.dir.path().join("backups");
    let backup_dir = backups.display().to_string();
    let mut outputs = Vec::new();
    for args in [
        vec!["list"],
        vec!["list", "--json"],
        vec!["list", "--ids"],
        vec!["list", "--table"],
        vec!["list", "--jsonl"],
        vec!["show", "000000000000000000000001"],
        vec!["show", "000000000000000000000001", "--json"],
        vec![
            "delete",
            "--yes",
            "--backup",
            &backup_dir,
            "000000000000000000000001",
        ],
    ] {
        outputs.push((args.join(" "), home.run(&base_url, &args).await));
    }
    served.script.lock().expect("script").delete = DeleteAnswer::HtmlError;
    for args in [
        vec!["delete", "--yes", "--json", "000000000000000000000002"],
        vec!["journal"],
        vec!["journal", "--json"],
    ] {
        outputs.push((args.join(" "), home.run(&base_url, &args).await));
    }
    for (what, output) in &outputs {
        if what == "list" {
            // Off a terminal the table is tab-separated: exactly four separators a line, so
            // no tab came from the server.
            let stdout = String::from_utf8_lossy(&output.stdout);
            for line in stdout.lines() {
                assert_eq!(line.matches('\t').count(), 4, "{line:?}");
            }
            let cells = stdout.replace('\t', " ");
            assert_inert_and_secret_free("stdout of list", cells.as_bytes());
            assert_inert_and_secret_free("stderr of list", &output.stderr);
            continue;
        }
        assert_inert_and_secret_free(&format!("stdout of {what}"), &output.stdout);
        assert_inert_and_secret_free(&format!("stderr of {what}"), &output.stderr);
    }
    let list = &outputs[0].1;
    assert_eq!(
        list.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&list.stderr)
    );
    let failed = &outputs[7].1;
    assert_eq!(failed.status.code(), Some(1), "a refused delete exits 1");
    let files = home.files();
    assert!(
        files
            .iter()
            .any(|(path, _)| path.ends_with("journal.jsonl")),
        "a journal was written: {files:?}"
    );
    assert!(
        files.iter().any(|(path, _)| path.contains("backups")),
        "a backup was written"
    );
    for (path, bytes) in &files {
        // The journal, log and backups are JSON or text lines: every control char escaped.
        for secret in secrets() {
            assert!(
                !String::from_utf8_lossy(bytes).contains(&secret),
                "{path} holds {secret:?}"
            );
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = std::fs::metadata(path)
                .expect("metadata")
                .permissions()
                .mode();
            assert_eq!(mode & 0o077, 0, "{path} is readable by others ({mode:o})");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    /// Random server strings through every headless output path and file.
    #[test]
    fn no_raw_control_byte_or_secret_reaches_a_headless_sink(text in hostile_text()) {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime")
            .block_on(headless_paths_stay_clean(text));
    }

    /// Random server strings, read by the client as the TUI's worker reads them, through the
    /// TUI's render at several sizes: no cell holds a control character or a secret.
    #[test]
    fn no_raw_control_character_or_secret_reaches_a_terminal_cell(text in hostile_text()) {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime")
            .block_on(tui_cells_stay_clean(text));
    }
}

fn client(base_url: &str) -> ApiClient {
    ApiClient::new(&ClientOptions {
        base_url: base_url.to_owned(),
        api_key: ApiKey::new(SECRET_KEY),
        user_id: None,
        connect_timeout: std::time::Duration::from_secs(2),
        request_timeout: std::time::Duration::from_secs(5),
        read_only: false,
    })
    .expect("client")
}

async fn tui_cells_stay_clean(text: String) {
    let (base_url, _) = hostile_server(script(&text)).await;
    let client = client(&base_url);
    let page = client
        .list_posts(&ListQuery {
            page: 1,
            limit: 100,
            ..ListQuery::default()
        })
        .await
        .expect("a page");
    let mut state = AppState::new(UiSettings::default());
    let now = Instant::now();
    update(&mut state, Action::Reload, now);
    let ids: Vec<_> = page.posts.iter().map(|p| p.post_group_id.clone()).collect();
    apply_settled(
        &mut state,
        WorkerEvent::PageLoaded {
            seq: LoadSeq(1),
            posts: page.posts,
            skipped: 0,
            pagination: Pagination::default(),
        },
        now,
    );
    for id in &ids {
        let result = client.get_post(id).await.map_err(RequestError::from);
        let seq = detail_request(&mut state, id);
        state
            .detail
            .detail_answered(seq, id, DetailEntry::Loaded(result.expect("detail")));
    }
    // A failed delete's reason as a notice, and a failed load in the header and the list.
    let refused = client
        .delete_post(&ids[0])
        .await
        .expect_err("the server refuses");
    state.notify(
        postpost_tui::app::state::NoticeLevel::Error,
        format!("delete failed: {refused}"),
        now,
    );
    let context = DrawContext::default();
    for (width, height) in [(120, 30), (60, 20), (40, 8)] {
        for focus in [false, true] {
            if focus {
                update(&mut state, Action::SwitchFocus, now);
            }
            let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
            let viewport = ui::measure(
                ratatui::layout::Rect::new(0, 0, width, height),
                &state,
                &context,
            );
            state.prepare_frame(&viewport);
            terminal
                .draw(|frame| ui::draw(frame, &state, &context))
                .expect("draw");
            let cells = crate::support::buffer_text(terminal.backend().buffer());
            assert_inert_and_secret_free(&format!("cells at {width}x{height}"), cells.as_bytes());
            if focus {
                update(&mut state, Action::SwitchFocus, now);
            }
        }
    }
    apply_settled(
        &mut state,
        WorkerEvent::LoadFailed {
            seq: LoadSeq(1),
            error: RequestError::from(refused),
        },
        now,
    );
    let mut terminal = Terminal::new(TestBackend::new(100, 20)).expect("terminal");
    terminal
        .draw(|frame| ui::draw(frame, &state, &context))
        .expect("draw");
    let cells = crate::support::buffer_text(terminal.backend().buffer());
    assert_inert_and_secret_free("cells after a failed load", cells.as_bytes());
}

/// `Retry-After` as a huge number, a number of days, and a date in year 9999: the headless
/// delete stops at once (no panic), prints its report naming the wait, and exits 1.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_huge_retry_after_stops_the_job_with_a_report() {
    for (after, words) in [
        ("18446744073709551615", "584942417355 years"),
        ("999999", "11 days"),
        ("Fri, 31 Dec 9999 23:59:59 GMT", "years"),
    ] {
        let (base_url, served) = hostile_server(Script {
            delete: DeleteAnswer::RateLimited(after.to_owned()),
            ..script("slow down")
        })
        .await;
        let home = Home::new();
        let started = Instant::now();
        let output = home
            .run(
                &base_url,
                &["delete", "--yes", &id(1), &id(2), &id(3), &id(4)],
            )
            .await;
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{after}: {stdout}{stderr}");
        assert!(
            stdout.contains("stopped: the server asks to wait") && stdout.contains(words),
            "{after}: the report names the wait: {stdout}"
        );
        assert!(stdout.contains("not attempted"), "{after}: {stdout}");
        assert!(!stderr.contains("panicked"), "{after}: {stderr}");
        assert!(
            started.elapsed() < std::time::Duration::from_secs(5),
            "{after}: took {:?}",
            started.elapsed()
        );
        assert!(served.delete_requests.load(Ordering::SeqCst) <= 4);
        assert_inert_and_secret_free("stdout", &output.stdout);
        assert_inert_and_secret_free("stderr", &output.stderr);
    }
}

/// A `Retry-After` within `max_rate_limit_wait_secs` is waited out and the job goes on.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_short_retry_after_is_waited_out() {
    let (base_url, served) = hostile_server(Script {
        delete: DeleteAnswer::RateLimited("1".to_owned()),
        ..script("slow down")
    })
    .await;
    let home = Home::new();
    let waiting = tokio::spawn({
        let served = served.clone();
        async move {
            // Let the first attempt be refused, then let every later one through.
            while served.delete_requests.load(Ordering::SeqCst) == 0 {
                tokio::time::sleep(std::time::Duration::from_millis(5)).await;
            }
            served.script.lock().expect("script").delete = DeleteAnswer::Ok;
        }
    });
    let output = home.run(&base_url, &["delete", "--yes", &id(1)]).await;
    waiting.await.expect("join");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("deleted 1"), "{stdout}");
}

/// `list` reads every page whether the pagination is honest, `null`, or claims 4294967295
/// pages, and never asks for more than `ceil(totalItems / limit) + 1` pages.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn list_reads_every_post_whatever_the_pagination_says() {
    for paging in [Paging::Honest, Paging::Null, Paging::HugeTotalPages] {
        let (base_url, served) = hostile_server(Script {
            posts: 250,
            paging,
            ..script("plain")
        })
        .await;
        let home = Home::new();
        let output = home.run(&base_url, &["list", "--ids"]).await;
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert_eq!(output.status.code(), Some(0), "{paging:?}");
        assert_eq!(stdout.lines().count(), 250, "{paging:?}");
        let requests = served.list_requests.load(Ordering::SeqCst);
        assert!(requests <= 4, "{paging:?}: {requests} list requests");
    }
}

/// A listed id that is not 24 hex characters is a server error, named sanitized: `list`
/// prints nothing raw and exits 1, and a filter delete deletes nothing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_invalid_post_id_from_the_server_is_refused() {
    let (base_url, served) = hostile_server(Script {
        bad_id: Some("\u{1b}]0;pwned\u{7}\u{1b}]52;c;aGk=\u{7}".to_owned()),
        delete: DeleteAnswer::Ok,
        ..script("plain")
    })
    .await;
    let home = Home::new();
    for args in [
        vec!["list", "--ids"],
        vec!["list"],
        vec!["delete", "--yes", "--status", "draft"],
        vec!["delete", "--dry-run", "--status", "draft"],
    ] {
        let output = home.run(&base_url, &args).await;
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(
            stderr.contains("the server sent an invalid post id") && stderr.contains("␛]0;pwned␇"),
            "{args:?}: {stderr}"
        );
        assert_inert_and_secret_free("stdout", &output.stdout);
        assert_inert_and_secret_free("stderr", &output.stderr);
    }
    assert_eq!(served.delete_requests.load(Ordering::SeqCst), 0);
}

/// A server that floods (a 200 MB answer without a length) is cut off at the client's limit:
/// `show` says so and exits 1, without reading it all.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flooding_answer_is_cut_off() {
    let (base_url, _) = hostile_server(Script {
        flood: Some(200 * 1024 * 1024),
        ..script("plain")
    })
    .await;
    let home = Home::new();
    let output = home.run(&base_url, &["show", &id(1)]).await;
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("larger than 64 MB"), "{stderr}");
}
