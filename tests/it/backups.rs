//! Backups and restore (POSTPOST_API.md §3.3, §3.4, §4.1, §10) as users run them: the built
//! binary against the mock, deleting a mix of posts with backups and restoring them; and the
//! TUI's `U` through the real loop.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;
use std::time::Duration;

use crossterm::event::KeyCode;
use postpost_tui::api::client::ListQuery;
use postpost_tui::api::model::{PostGroupId, PostStatus, PostSummary};
use postpost_tui::mock::MockServer;
use postpost_tui::ui::DrawContext;
use postpost_tui::worker::WorkerOptions;

use crate::flow::Tui;
use crate::headless::Run;
use crate::support::{KEY, client_for, http_client, seed_server, text};

/// Every post of the owner, by id.
async fn posts(server: &MockServer) -> HashMap<PostGroupId, PostSummary> {
    let mut all = HashMap::new();
    for page in 1.. {
        let answer = client_for(server)
            .list_posts(&ListQuery {
                page,
                limit: 100,
                ..ListQuery::default()
            })
            .await
            .expect("list");
        let last = !answer.pagination.has_next_page;
        all.extend(
            answer
                .posts
                .into_iter()
                .map(|p| (p.post_group_id.clone(), p)),
        );
        if last {
            break;
        }
    }
    all
}

async fn bytes_of(url: &str) -> Vec<u8> {
    let response = http_client().get(url).send().await.expect("media answers");
    assert_eq!(response.status(), 200, "{url}");
    response.bytes().await.expect("media body").to_vec()
}

/// True when create-post accepts every platform id of `post` (§3.3), so a restore can
/// re-create it.
fn restorable(post: &PostSummary) -> bool {
    post.platforms
        .iter()
        .all(|target| postpost_tui::api::model::is_valid_platform_id(&target.platform_id))
}

/// One post of each kind the restore rules tell apart, media included.
fn a_mix(all: &HashMap<PostGroupId, PostSummary>) -> Vec<PostGroupId> {
    let now = chrono::Utc::now();
    let time = |p: &PostSummary| p.scheduled_time.as_ref().and_then(|t| t.parsed());
    let mut sorted: Vec<&PostSummary> = all.values().collect();
    sorted.sort_by(|a, b| a.post_group_id.cmp(&b.post_group_id));
    let pick = |test: &dyn Fn(&PostSummary) -> bool| {
        sorted
            .iter()
            .find(|p| restorable(p) && test(p))
            .map(|p| p.post_group_id.clone())
    };
    let mut mix = vec![
        pick(&|p| {
            p.status == PostStatus::Scheduled
                && time(p).is_some_and(|t| t > now)
                && !p.media_urls.is_empty()
        })
        .expect("a future scheduled post with media"),
        pick(&|p| p.status == PostStatus::Draft).expect("a draft"),
        pick(&|p| p.status == PostStatus::Published && !p.media_urls.is_empty())
            .expect("a published post with media"),
        pick(&|p| p.status == PostStatus::Failed).expect("a failed post"),
    ];
    mix.extend(pick(&|p| {
        p.status == PostStatus::Scheduled && time(p).is_some_and(|t| t <= now)
    }));
    mix.sort();
    mix.dedup();
    mix
}

/// The first `count` posts (by id) a restore can re-create, without media when `plain`.
fn restorable_ids(
    before: &HashMap<PostGroupId, PostSummary>,
    count: usize,
    plain: bool,
) -> Vec<PostGroupId> {
    let mut ids: Vec<PostGroupId> = before
        .values()
        .filter(|p| restorable(p) && (!plain || p.media_urls.is_empty()))
        .map(|p| p.post_group_id.clone())
        .collect();
    ids.sort();
    ids.truncate(count);
    ids
}

/// `postpost delete IDS --yes --json --backup <home>/backups`: the exit code, the report and
/// the job's backup folder.
async fn delete_backed_up(
    run: &Run,
    server: &MockServer,
    ids: &[PostGroupId],
) -> (Option<i32>, serde_json::Value, std::path::PathBuf) {
    let root = run.home.path().join("backups");
    let mut args = vec!["delete".to_string()];
    args.extend(ids.iter().map(ToString::to_string));
    args.extend(["--yes", "--json", "--backup"].map(String::from));
    args.push(root.to_str().expect("utf-8").to_string());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let output = run.postpost(server, &args, KEY).await;
    let report: serde_json::Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|_| panic!("a JSON report; stderr: {}", text(&output.stderr)));
    let dir = root.join(report["job"].as_str().expect("the job's name"));
    (output.status.code(), report, dir)
}

/// Waits (bounded) until the mock's request log has stopped growing for 400 ms.
async fn settle(server: &MockServer) {
    let quiet = Duration::from_millis(400);
    tokio::time::timeout(crate::support::WAIT, async {
        let mut seen = server.requests().len();
        loop {
            tokio::time::sleep(quiet).await;
            let now = server.requests().len();
            if now == seen {
                return;
            }
            seen = now;
        }
    })
    .await
    .expect("the server settles");
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path)
        .expect("metadata")
        .permissions()
        .mode()
        & 0o777
}

/// Delete a mix with backups, restore it, and compare the server's new posts field by field
/// with the originals; restore again and nothing is created; no media request carries the key.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deleted_mix_comes_back_with_its_media_and_only_once() {
    let server = seed_server().await;
    let before = posts(&server).await;
    let mix = a_mix(&before);
    let mut media: HashMap<String, Vec<u8>> = HashMap::new();
    for id in &mix {
        for url in &before[id].media_urls {
            media.insert(url.clone(), bytes_of(url).await);
        }
    }
    assert!(media.len() >= 2, "the mix has media");
    let run = Run::new();
    let root = run.home.path().join("backups");
    let mut args = vec!["delete".to_string()];
    args.extend(mix.iter().map(ToString::to_string));
    args.extend(["--yes", "--json", "--backup"].map(String::from));
    args.push(root.to_str().expect("utf-8").to_string());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let output = run.postpost(&server, &args, KEY).await;
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("report");
    let job = report["job"].as_str().expect("job name").to_string();
    let dir = root.join(&job);
    #[cfg(unix)]
    {
        assert_eq!(mode(&dir), 0o700);
        for entry in std::fs::read_dir(&dir).expect("folder") {
            let path = entry.expect("entry").path();
            assert_eq!(mode(&path), 0o600, "{}", path.display());
        }
    }
    for id in &mix {
        assert!(!server.contains(id), "{id} was deleted");
    }

    server.clear_requests();
    let dir_arg = dir.to_str().expect("utf-8");
    let output = run
        .postpost(&server, &["restore", dir_arg, "--yes", "--json"], KEY)
        .await;
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}\n{}",
        text(&output.stdout),
        text(&output.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("report");
    let restored = report["restored"].as_array().expect("restored");
    assert_eq!(restored.len(), mix.len(), "{report}");
    let after = posts(&server).await;
    let now = chrono::Utc::now();
    for item in restored {
        let old = PostGroupId::parse(item["old_id"].as_str().expect("old")).expect("id");
        let new = PostGroupId::parse(item["new_id"].as_str().expect("new")).expect("id");
        assert_ne!(old, new);
        let (was, now_is) = (&before[&old], &after[&new]);
        assert_eq!(now_is.content, was.content);
        let platforms = |p: &PostSummary| -> BTreeSet<String> {
            p.platforms.iter().map(|t| t.platform_id.clone()).collect()
        };
        assert_eq!(platforms(now_is), platforms(was));
        let time = |p: &PostSummary| p.scheduled_time.as_ref().and_then(|t| t.parsed());
        let comes_back_scheduled =
            was.status == PostStatus::Scheduled && time(was).is_some_and(|t| t > now);
        if comes_back_scheduled {
            assert_eq!(now_is.status, PostStatus::Scheduled, "{old}");
            assert_eq!(time(now_is), time(was));
            assert_eq!(item["as"], "scheduled");
        } else {
            assert_eq!(now_is.status, PostStatus::Draft, "{old} was {}", was.status);
            assert_eq!(item["as"], "draft");
            assert!(item["why"].as_str().is_some_and(|why| !why.is_empty()));
        }
        assert_eq!(now_is.media_urls.len(), was.media_urls.len(), "{old}");
        for (new_url, old_url) in now_is.media_urls.iter().zip(&was.media_urls) {
            assert_ne!(new_url, old_url, "a new upload");
            assert_eq!(
                bytes_of(new_url).await,
                media[old_url],
                "media bytes of {old}"
            );
        }
    }
    let storage: Vec<_> = server
        .requests()
        .into_iter()
        .filter(|r| r.path.starts_with("/__storage/"))
        .collect();
    assert!(
        storage.iter().any(|r| r.method == "PUT"),
        "media was uploaded"
    );
    assert!(
        storage.iter().all(|r| !r.api_key_sent),
        "a storage request carried the API key: {storage:?}"
    );

    // Again: nothing is created.
    server.clear_requests();
    let output = run
        .postpost(&server, &["restore", dir_arg, "--yes", "--json"], KEY)
        .await;
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("report");
    assert!(
        report["restored"]
            .as_array()
            .is_some_and(|items| items.iter().all(|i| i["earlier"] == true)),
        "{report}"
    );
    assert!(
        !server
            .requests()
            .iter()
            .any(|r| r.method == "POST" || r.method == "PUT"),
        "a second restore sent {:?}",
        server.requests()
    );
    assert_eq!(posts(&server).await.len(), after.len());
}

/// A restore killed half-way, run again, brings every post back exactly once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restore_killed_half_way_resumes_and_creates_each_post_once() {
    let server = seed_server().await;
    let before = posts(&server).await;
    let ids = restorable_ids(&before, 12, false);
    let run = Run::new();
    let (code, _, dir) = delete_backed_up(&run, &server, &ids).await;
    assert_eq!(code, Some(0));
    let dir_arg = dir.to_str().expect("utf-8").to_string();

    // Slow the server down, start the restore, and kill it after a few posts were created.
    server.set_faults(postpost_tui::mock::Faults {
        latency_ms: 120,
        ..Default::default()
    });
    server.clear_requests();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_postpost"))
        .args([
            "restore",
            &dir_arg,
            "--yes",
            "--base-url",
            &server.base_url(),
        ])
        .env_clear()
        .env("HOME", run.home.path())
        .env("XDG_DATA_HOME", run.home.path().join("data"))
        .env("XDG_STATE_HOME", run.home.path().join("state"))
        .env("XDG_CONFIG_HOME", run.home.path().join("config"))
        .env("POSTPOST_API_KEY", KEY)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("restore starts");
    crate::support::wait_until("two posts created", || {
        server
            .requests()
            .iter()
            .filter(|r| r.path.ends_with("/create-post") && r.status == 200)
            .count()
            >= 2
    })
    .await;
    child.kill().expect("kill");
    let _ = child.wait();
    // Requests the killed process had sent still land on the server (it does not notice the
    // client is gone until it answers); the rerun begins once they have, as a person's would.
    settle(&server).await;
    let created_first = server
        .requests()
        .iter()
        .filter(|r| r.path.ends_with("/create-post"))
        .count();
    assert!(created_first < ids.len(), "killed before the end");

    server.set_faults(postpost_tui::mock::Faults::default());
    let output = run
        .postpost(&server, &["restore", &dir_arg, "--yes", "--json"], KEY)
        .await;
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let after = posts(&server).await;
    for id in &ids {
        let content = &before[id].content;
        let copies = after.values().filter(|p| &p.content == content).count();
        assert_eq!(
            copies, 1,
            "{id}: {content:?} is on the server {copies} times"
        );
    }
}

/// A post whose media cannot be downloaded is not deleted, and the report says why.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_media_download_keeps_the_post() {
    let server = seed_server().await;
    let before = posts(&server).await;
    let (id, url) = before
        .values()
        .find_map(|p| {
            p.media_urls
                .first()
                .map(|u| (p.post_group_id.clone(), u.clone()))
        })
        .expect("a post with media");
    server.state().storage().delete(std::slice::from_ref(&url));
    let run = Run::new();
    let root = run.home.path().join("backups");
    let output = run
        .postpost(
            &server,
            &[
                "delete",
                id.as_str(),
                "--yes",
                "--json",
                "--backup",
                root.to_str().expect("utf-8"),
            ],
            KEY,
        )
        .await;
    assert_eq!(output.status.code(), Some(1), "{}", text(&output.stderr));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("report");
    let reason = report["failed"][0]["reason"].as_str().unwrap_or_default();
    assert!(
        reason.contains("backup failed") && reason.contains("404"),
        "{report}"
    );
    assert!(server.contains(&id));
    assert!(!server.requests().iter().any(|r| r.method == "DELETE"));
}

/// The TUI: mark two posts with media, delete (backed up by default), `U`, `y`: they are back.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn u_brings_back_the_last_delete_job() {
    let server = seed_server().await;
    let before = posts(&server).await;
    let total = before.len();
    let listed = crate::flow::ids_as_listed(&server).await;
    let dir = tempfile::tempdir().expect("dir");
    let options = WorkerOptions {
        backup_root: Some(dir.path().to_path_buf()),
        ..WorkerOptions::default()
    };
    // The first two posts listed that a restore can re-create.
    let chosen: Vec<usize> = (0..listed.len())
        .filter(|&i| restorable(&before[&listed[i]]))
        .take(2)
        .collect();
    let tui = Tui::start_custom(&server, DrawContext::default(), options);
    tui.wait_for(&format!("Posts ({total})")).await;
    tui.type_keys(&"j".repeat(chosen[0]));
    tui.type_keys(" ");
    tui.type_keys(&"j".repeat(chosen[1] - chosen[0] - 1));
    tui.type_keys(" ");
    tui.press(KeyCode::Char('d'));
    tui.wait_for("backup: on").await;
    tui.press(KeyCode::Char('y'));
    tui.wait_for("U restores them").await;
    tui.wait_for(&format!("Posts ({})", total - 2)).await;
    tui.type_keys("U");
    tui.wait_for("Restore 2 posts").await;
    tui.press(KeyCode::Char('y'));
    tui.wait_for("restored 2").await;
    tui.wait_for(&format!("Posts ({total})")).await;
    let state = tui.quit().await;
    let after = posts(&server).await;
    assert_eq!(after.len(), total);
    for id in chosen.iter().map(|&i| &listed[i]) {
        assert!(!after.contains_key(id), "the old id is gone");
        let was = &before[id];
        let back = after
            .values()
            .find(|p| p.content == was.content)
            .expect("restored with the same content");
        assert_eq!(back.media_urls.len(), was.media_urls.len());
        assert!(
            state.posts.row(&back.post_group_id).is_some(),
            "listed again"
        );
    }
}

/// A restore stopped between create-post and the line recording it: the next restore finds
/// the post it created and adopts it instead of creating a second one.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_post_created_just_before_a_crash_is_adopted_not_created_again() {
    let server = seed_server().await;
    let before = posts(&server).await;
    let ids = restorable_ids(&before, 2, true);
    let run = Run::new();
    let (code, _, dir) = delete_backed_up(&run, &server, &ids).await;
    assert_eq!(code, Some(0));
    // What the crashed restore did: said it was creating, and created.
    let was = &before[&ids[0]];
    let orphan = client_for(&server)
        .create_post(&postpost_tui::api::model::CreatePostRequest {
            content: was.content.as_deref().expect("content").to_owned(),
            platforms: was
                .platforms
                .iter()
                .map(|p| p.platform_id.clone())
                .collect(),
            scheduled_time: None,
            platform_settings: None,
        })
        .await
        .expect("create");
    let line = serde_json::json!({
        "time": postpost_tui::api::model::format_instant(chrono::Utc::now()),
        "old_id": ids[0].as_str(),
        "step": "creating",
    });
    std::fs::write(dir.join("restore.jsonl"), format!("{line}\n")).expect("log");

    let output = run
        .postpost(
            &server,
            &["restore", dir.to_str().expect("utf-8"), "--yes", "--json"],
            KEY,
        )
        .await;
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("report");
    let adopted = report["restored"]
        .as_array()
        .and_then(|items| items.iter().find(|i| i["old_id"] == ids[0].as_str()))
        .expect("restored");
    assert_eq!(adopted["new_id"], orphan.as_str(), "{report}");
    let after = posts(&server).await;
    for id in &ids {
        let copies = after
            .values()
            .filter(|p| p.content == before[id].content)
            .count();
        assert_eq!(copies, 1, "{id}");
    }
}

/// A post whose delete the server refused is backed up but never restored (it is still there);
/// `--only` with an id not in the backup is a usage error; pruning backups without a terminal
/// needs `--yes`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_posts_the_job_deleted_come_back() {
    let server = seed_server().await;
    let before = posts(&server).await;
    let ids = restorable_ids(&before, 2, true);
    server.set_faults(postpost_tui::mock::Faults {
        refuse_delete_ids: vec![ids[0].to_string()],
        ..Default::default()
    });
    let run = Run::new();
    let (code, _, dir) = delete_backed_up(&run, &server, &ids).await;
    assert_eq!(code, Some(1), "the refused delete fails");
    let dir_arg = dir.to_str().expect("utf-8");
    server.set_faults(postpost_tui::mock::Faults::default());

    let output = run
        .postpost(
            &server,
            &[
                "restore",
                dir_arg,
                "--only",
                "ffffffffffffffffffffffff",
                "--yes",
            ],
            KEY,
        )
        .await;
    assert_eq!(output.status.code(), Some(2), "{}", text(&output.stderr));
    assert!(text(&output.stderr).contains("ffffffffffffffffffffffff"));

    server.clear_requests();
    let output = run
        .postpost(&server, &["restore", dir_arg, "--yes", "--json"], KEY)
        .await;
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("report");
    assert_eq!(
        report["not_deleted"],
        serde_json::json!([ids[0].as_str()]),
        "{report}"
    );
    let restored = report["restored"].as_array().expect("restored");
    assert_eq!(restored.len(), 1, "{report}");
    assert_eq!(restored[0]["old_id"], ids[1].as_str());
    let after = posts(&server).await;
    let copies = after
        .values()
        .filter(|p| p.content == before[&ids[0]].content)
        .count();
    assert_eq!(copies, 1, "the post whose delete was refused exists once");

    // An old job folder in the default place: pruning it without a terminal needs --yes.
    let listing = run.postpost(&server, &["backups", "--json"], KEY).await;
    let listing: serde_json::Value = serde_json::from_slice(&listing.stdout).expect("JSON");
    let default_root = std::path::PathBuf::from(listing["root"].as_str().expect("root"));
    let old = default_root.join("20200101T000000Z-1-1");
    std::fs::create_dir_all(&old).expect("old job folder");
    let output = run
        .postpost(&server, &["backups", "prune", "--older-than", "30d"], KEY)
        .await;
    assert_eq!(output.status.code(), Some(2), "{}", text(&output.stderr));
    assert!(old.exists(), "nothing removed without --yes");
    let output = run
        .postpost(
            &server,
            &["backups", "prune", "--older-than", "30d", "--yes"],
            KEY,
        )
        .await;
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert!(!old.exists(), "removed with --yes");
}

/// A restore against a rate-limited server waits its 429s out at the server's pace instead of
/// failing posts: every one comes back.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restore_under_a_rate_limit_brings_every_post_back() {
    let server = seed_server().await;
    let before = posts(&server).await;
    let ids = restorable_ids(&before, 8, true);
    let run = Run::new();
    let (code, _, dir) = delete_backed_up(&run, &server, &ids).await;
    assert_eq!(code, Some(0));
    server.set_faults(postpost_tui::mock::Faults {
        rate_limit: 20.0,
        burst: 2,
        ..Default::default()
    });
    server.clear_requests();
    let output = run
        .postpost(
            &server,
            &["restore", dir.to_str().expect("utf-8"), "--yes", "--json"],
            KEY,
        )
        .await;
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stdout));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("report");
    assert_eq!(
        report["restored"].as_array().map(Vec::len),
        Some(ids.len()),
        "{report}"
    );
    assert!(
        server.requests().iter().any(|r| r.status == 429),
        "the limit was met"
    );
}
