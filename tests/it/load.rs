//! Page loading against the mock and against a server that omits the pagination object: every post
//! arrives exactly once, then `LoadFinished`.

use std::collections::HashSet;

use axum::Router;
use axum::extract::Query;
use axum::routing::get;
use postpost_tui::mock::{MockConfig, MockServer};
use postpost_tui::protocol::{LoadSeq, WorkerEvent};
use postpost_tui::worker::load::load_all;
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use crate::support::{WAIT, client_for, client_with_key};

async fn collect(client: postpost_tui::api::client::ApiClient) -> (Vec<String>, bool) {
    let (tx, mut rx) = mpsc::channel(64);
    tokio::spawn(load_all(
        client,
        100,
        4,
        LoadSeq(7),
        tx,
        CancellationToken::new(),
    ));
    let mut ids = Vec::new();
    let finished = tokio::time::timeout(WAIT, async {
        while let Some(event) = rx.recv().await {
            match event {
                WorkerEvent::PageLoaded { seq, posts, .. } => {
                    assert_eq!(seq, LoadSeq(7));
                    ids.extend(
                        posts
                            .into_iter()
                            .map(|p| p.post_group_id.as_str().to_string()),
                    );
                }
                WorkerEvent::LoadFinished { seq } => return seq == LoadSeq(7),
                other => panic!("unexpected {other:?}"),
            }
        }
        false
    })
    .await
    .expect("load finishes");
    (ids, finished)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_of_the_mock_arrives_once() {
    let server = MockServer::start(MockConfig {
        include_seed: false,
        generated_posts: 1234,
        ..MockConfig::default()
    })
    .await
    .expect("mock");
    let (ids, finished) = collect(client_for(&server)).await;
    assert!(finished);
    assert_eq!(ids.len(), 1234);
    assert_eq!(
        ids.iter().collect::<HashSet<_>>().len(),
        1234,
        "no duplicates"
    );
    let lists = server
        .requests()
        .iter()
        .filter(|r| r.path.ends_with("/list-posts"))
        .count();
    assert_eq!(lists, 13, "ceil(1234 / 100) pages, each asked once");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_without_pagination_is_paged_until_a_short_page() {
    #[derive(serde::Deserialize)]
    struct Page {
        page: usize,
        limit: usize,
    }
    let app = Router::new().route(
        "/api/v1/list-posts",
        get(|Query(q): Query<Page>| async move {
            let start = (q.page - 1) * q.limit;
            let posts: Vec<_> = (start..(start + q.limit).min(250))
                .map(|n| serde_json::json!({"postGroupId": format!("{n:024x}"), "status": "draft", "content": "x"}))
                .collect();
            axum::Json(serde_json::json!({ "success": true, "posts": posts }))
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let base = format!("http://{}/api/v1", listener.local_addr().expect("addr"));
    tokio::spawn(async move { axum::serve(listener, app).await });
    let (ids, finished) = collect(client_with_key(&base, "k")).await;
    assert!(finished);
    assert_eq!(ids.len(), 250);
    assert_eq!(ids.iter().collect::<HashSet<_>>().len(), 250);
}
