//! Backups of posts before they are deleted, and reading them back for a restore.
//!
//! A job's backups live in one folder named by the job's name (the one its journal lines and
//! its report show): `<root>/<job>/<post id>.json` holds a [`BackupRecord`] (the list-posts
//! summary: content, platforms with their compound ids, status, times, media URLs; and the
//! get-post detail when it was fetched), and `<root>/<job>/<post id>.media<N>` the bytes of
//! each media file, downloaded from the storage host (never with the API key) before the
//! delete. Folders are created 0700 and files 0600: they hold the posts' content. A post whose
//! backup fails, a media download included, is not deleted.
//!
//! Restoring is planned here ([`plan`]), run by `worker::restore`, and remembered in
//! `<root>/<job>/restore.jsonl`, so a second restore creates nothing and an interrupted one
//! resumes where it stopped.

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::api::client::ApiClient;
use crate::api::model::{PostDetail, PostGroupId, PostStatus, PostSummary, is_valid_platform_id};
use crate::api::storage::{MediaFile, StorageClient};

/// The version of the backup files' format.
pub const BACKUP_SCHEMA_VERSION: u32 = 1;

/// What is kept of one post.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupRecord {
    pub schema_version: u32,
    /// The job that deleted it.
    pub job: String,
    /// When the backup was written (UTC).
    pub backed_up_at: String,
    /// The server (host and port) and the acting user it was deleted from.
    #[serde(default)]
    pub account: Option<String>,
    pub post_group_id: PostGroupId,
    /// The post as list-posts listed it (`None` when it could not be found there).
    pub summary: Option<PostSummary>,
    /// The post as get-post answered, when it was fetched.
    pub detail: Option<PostDetail>,
    /// Its media files, in `mediaUrls` order.
    pub media: Vec<BackupMedia>,
}

/// One media file of a backed-up post.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupMedia {
    /// Where it was downloaded from.
    pub url: String,
    /// The file beside the record that holds its bytes.
    pub file: String,
    /// The `Content-Type` it was served with.
    pub content_type: String,
    /// Its size in bytes.
    pub size: u64,
}

/// How a job backs posts up.
#[derive(Debug, Clone)]
pub struct BackupOptions {
    /// Each job's folder is made here, named by the job.
    pub root: PathBuf,
    /// The list-posts summaries of the posts, as the caller knows them (the TUI's rows, a
    /// filter's collection): no request is spent on them.
    pub summaries: std::collections::HashMap<PostGroupId, PostSummary>,
    /// Fetch each post with get-post as well.
    pub fetch_detail: bool,
}

/// Creates `dir` (and its parents) with mode 0700 on Unix.
///
/// # Errors
/// The I/O error, naming the folder.
pub fn create_private_dir(dir: &Path) -> Result<(), String> {
    super::private::create_dir_all(dir).map_err(|error| format!("{}: {error}", dir.display()))
}

/// Writes `bytes` to `path`, created with mode 0600 on Unix (replacing any file there).
///
/// # Errors
/// The I/O error, naming the file.
pub fn write_private(path: &Path, bytes: &[u8]) -> Result<(), String> {
    super::private::write(path, bytes).map_err(|error| format!("{}: {error}", path.display()))
}

/// Backs post `id` up into `dir` (the job's folder): its summary, its detail when asked for,
/// and the bytes of every media file.
///
/// # Errors
/// Why not, in words: get-post failed, a media download failed, a file could not be written.
pub async fn back_up(
    client: &ApiClient,
    storage: &StorageClient,
    options: &BackupOptions,
    job: &str,
    dir: &Path,
    id: &PostGroupId,
) -> Result<(), String> {
    let summary = options.summaries.get(id).cloned();
    let detail = if options.fetch_detail || summary.is_none() {
        Some(get_post_retrying(client, id).await?)
    } else {
        None
    };
    create_private_dir(dir)?;
    let mut media = Vec::new();
    let urls = summary.as_ref().map(|s| &s.media_urls[..]).unwrap_or(&[]);
    for (n, url) in urls.iter().enumerate() {
        let file = storage.download(url).await?;
        let name = format!("{}.media{}", id.as_str(), n + 1);
        write_private(&dir.join(&name), &file.bytes)?;
        media.push(BackupMedia {
            url: url.clone(),
            file: name,
            content_type: file.content_type,
            size: file.bytes.len() as u64,
        });
    }
    let record = BackupRecord {
        schema_version: BACKUP_SCHEMA_VERSION,
        job: job.to_string(),
        backed_up_at: crate::api::model::format_instant(Utc::now()),
        account: Some(account_of(client)),
        post_group_id: id.clone(),
        summary,
        detail,
        media,
    };
    let text = serde_json::to_vec_pretty(&record).map_err(|error| error.to_string())?;
    write_private(&dir.join(format!("{}.json", id.as_str())), &text)
}

/// get-post for a backup, tried again after a 429 (its `Retry-After`, at most 10 s), a 5xx or a
/// lost connection, like the delete that follows it would be.
async fn get_post_retrying(client: &ApiClient, id: &PostGroupId) -> Result<PostDetail, String> {
    use crate::api::retry::{Backoff, RetryAfter, RetryPolicy};
    const POLICY: RetryPolicy = RetryPolicy {
        max_retries: 5,
        backoff: Backoff::Exponential {
            base: std::time::Duration::from_millis(250),
            max: std::time::Duration::from_secs(4),
        },
        retry_after: RetryAfter::Capped {
            cap: std::time::Duration::from_secs(10),
        },
    };
    let mut retries = 0;
    loop {
        match client.get_post(id).await {
            Ok(detail) => return Ok(detail),
            Err(error) => match POLICY.wait(&error, retries) {
                Some(wait) => {
                    retries += 1;
                    tokio::time::sleep(wait.duration()).await;
                }
                None => return Err(format!("get-post: {error}")),
            },
        }
    }
}

/// `host:port` of the client's server, and the managed user it acts as: never a credential.
fn account_of(client: &ApiClient) -> String {
    let host = url::Url::parse(&client.base_url())
        .ok()
        .and_then(|url| {
            let host = url.host_str()?.to_string();
            Some(match url.port() {
                Some(port) => format!("{host}:{port}"),
                None => host,
            })
        })
        .unwrap_or_default();
    match client.user_id() {
        Some(user) => format!("{host} as {user}"),
        None => host,
    }
}

/// Every backup record in a job's folder, by post id; files that do not read are named in the
/// second list.
pub fn read_job(dir: &Path) -> std::io::Result<(Vec<BackupRecord>, Vec<String>)> {
    let mut records = Vec::new();
    let mut bad = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.extension().is_none_or(|ext| ext != "json") {
            continue;
        }
        match std::fs::read(&path)
            .ok()
            .and_then(|bytes| serde_json::from_slice::<BackupRecord>(&bytes).ok())
        {
            Some(record) => records.push(record),
            None => bad.push(path.display().to_string()),
        }
    }
    records.sort_by(|a, b| a.post_group_id.cmp(&b.post_group_id));
    Ok((records, bad))
}

/// How a post comes back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Comeback {
    /// Scheduled at its time, still ahead.
    Scheduled(DateTime<Utc>),
    /// As a draft; never re-published automatically. The reason says why.
    Draft(String),
}

/// One post to re-create: create-post as a draft with the content and platforms, upload each
/// media file, then update-post to scheduled when it comes back scheduled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RestorePlan {
    pub old_id: PostGroupId,
    pub content: String,
    /// Compound platform ids (`twitter-4411`).
    pub platforms: Vec<String>,
    pub comeback: Comeback,
    /// A draft's own time, still ahead: a restored draft keeps it (§3.4 keeps a draft's time).
    pub draft_time: Option<DateTime<Utc>>,
    /// The media files (path beside the record, content type, file name to upload as).
    pub media: Vec<(PathBuf, String, String)>,
}

/// What a backup record comes back as, at `now`: scheduled at its time when it was scheduled
/// and the time is still ahead; otherwise a draft, with why. `Err` when it cannot be restored
/// at all (no content or no platform known).
pub fn plan(record: &BackupRecord, dir: &Path, now: DateTime<Utc>) -> Result<RestorePlan, String> {
    let summary = record.summary.as_ref();
    let detail_posts = record
        .detail
        .as_ref()
        .map(|d| d.posts.as_slice())
        .unwrap_or(&[]);
    let content = summary
        .and_then(|s| s.content.as_deref().map(str::to_owned))
        .or_else(|| detail_posts.iter().find_map(|p| p.content.clone()))
        .filter(|content| !content.trim().is_empty())
        .ok_or("the backup holds no content")?;
    let mut platforms: Vec<String> = match summary {
        Some(summary) => summary
            .platforms
            .iter()
            .map(|p| p.platform_id.clone())
            .collect(),
        None => detail_posts
            .iter()
            .map(|p| format!("{}-{}", p.platform.as_str(), p.platform_id))
            .collect(),
    };
    platforms.retain(|id| !id.is_empty());
    platforms.dedup();
    if platforms.is_empty() {
        return Err("the backup names no platform".into());
    }
    if let Some(refused) = platforms.iter().find(|id| !is_valid_platform_id(id)) {
        return Err(format!(
            "create-post (§3.3) refuses the platform id {refused:?}, so the API cannot re-create this post; its content is in the backup file"
        ));
    }
    let time = summary
        .and_then(|s| s.scheduled_time.as_ref())
        .and_then(|t| t.parsed());
    let status = summary.map(|s| s.status.clone());
    let comeback = match (status, time) {
        (Some(PostStatus::Scheduled), Some(time)) if time > now => Comeback::Scheduled(time),
        (Some(PostStatus::Scheduled), Some(_)) => {
            Comeback::Draft("its time has passed; it comes back as a draft".into())
        }
        (Some(PostStatus::Draft), _) => Comeback::Draft("it was a draft".into()),
        (Some(PostStatus::Failed), _) => {
            Comeback::Draft("it had failed; it is never re-published on its own".into())
        }
        (Some(PostStatus::PartiallyPublished), _) => Comeback::Draft(
            "it was partially published; it is never re-published on its own".into(),
        ),
        (Some(status), _) if !status.as_str().is_empty() => Comeback::Draft(format!(
            "it was {}; it is never re-published on its own",
            status.as_str()
        )),
        _ => Comeback::Draft("its status is not known".into()),
    };
    let media = record
        .media
        .iter()
        .map(|m| {
            let name = m
                .url
                .split('?')
                .next()
                .and_then(|u| u.rsplit('/').next())
                .filter(|n| !n.is_empty())
                .unwrap_or(&m.file)
                .to_string();
            (dir.join(&m.file), m.content_type.clone(), name)
        })
        .collect();
    let draft_time = match (summary.map(|s| &s.status), time) {
        (Some(PostStatus::Draft), Some(time)) if time > now => Some(time),
        _ => None,
    };
    Ok(RestorePlan {
        old_id: record.post_group_id.clone(),
        content,
        platforms,
        comeback,
        draft_time,
        media,
    })
}

/// Reads a media file of a plan back.
///
/// # Errors
/// The I/O error, naming the file.
pub fn read_media(path: &Path, content_type: &str) -> Result<MediaFile, String> {
    let bytes = std::fs::read(path).map_err(|error| format!("{}: {error}", path.display()))?;
    Ok(MediaFile {
        content_type: content_type.to_string(),
        bytes,
    })
}

/// One line of `restore.jsonl`: a step of restoring `old_id` that succeeded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RestoreStep {
    pub time: String,
    pub old_id: PostGroupId,
    /// The re-created post; `None` on a `creating` line (written before create-post is sent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_id: Option<PostGroupId>,
    /// `creating`, `created`, `media` (with `media`, the 1-based file number), `done`.
    pub step: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub media: Option<usize>,
}

/// The file of a job's folder that lists the posts the server confirmed gone, one id a line.
pub fn deleted_list(dir: &Path) -> PathBuf {
    dir.join("deleted.txt")
}

/// Records that the server confirmed `id` gone (one `write` per line, 0600).
///
/// # Errors
/// The I/O error.
pub fn mark_deleted(dir: &Path, id: &PostGroupId) -> Result<(), String> {
    let path = deleted_list(dir);
    super::private::open_append(&path)
        .and_then(|mut file| file.write_all(format!("{id}\n").as_bytes()))
        .map_err(|error| format!("{}: {error}", path.display()))
}

/// The posts of a job's folder the server confirmed gone; `None` for a folder written before
/// the list was kept.
pub fn read_deleted(dir: &Path) -> Option<std::collections::HashSet<PostGroupId>> {
    let text = std::fs::read_to_string(deleted_list(dir)).ok()?;
    Some(
        text.lines()
            .filter_map(|line| PostGroupId::parse(line.trim()).ok())
            .collect(),
    )
}

/// The restore log's file in a job's folder.
pub fn restore_log(dir: &Path) -> PathBuf {
    dir.join("restore.jsonl")
}

/// What the restore log says of each old id: its new id, the media uploaded, and whether it
/// is done.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RestoreProgress {
    /// When create-post was about to be sent, if it was and no answer was recorded: the post
    /// may exist without the log knowing its id.
    pub creating_since: Option<String>,
    pub new_id: Option<PostGroupId>,
    pub media_done: Vec<usize>,
    pub done: bool,
}

/// Reads the restore log of a job's folder (missing: nothing restored yet).
pub fn read_restore_log(dir: &Path) -> std::collections::HashMap<PostGroupId, RestoreProgress> {
    let mut progress: std::collections::HashMap<PostGroupId, RestoreProgress> =
        std::collections::HashMap::new();
    let Ok(text) = std::fs::read_to_string(restore_log(dir)) else {
        return progress;
    };
    for step in text
        .lines()
        .filter_map(|line| serde_json::from_str::<RestoreStep>(line).ok())
    {
        let entry = progress.entry(step.old_id).or_default();
        if step.step == "creating" {
            entry.creating_since = Some(step.time);
            continue;
        }
        if let Some(new_id) = step.new_id {
            entry.new_id = Some(new_id);
        }
        match step.step.as_str() {
            "media" => entry.media_done.extend(step.media),
            "done" => entry.done = true,
            _ => {}
        }
    }
    progress
}

/// Appends one step to the restore log (one `write` per line, 0600).
///
/// # Errors
/// The I/O error.
pub fn log_restore_step(dir: &Path, step: &RestoreStep) -> Result<(), String> {
    let mut line = serde_json::to_vec(step).map_err(|error| error.to_string())?;
    line.push(b'\n');
    let path = restore_log(dir);
    super::private::open_append(&path)
        .and_then(|mut file| file.write_all(&line))
        .map_err(|error| format!("{}: {error}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(status: &str, time: Option<&str>) -> BackupRecord {
        let mut summary = serde_json::json!({
            "postGroupId": "66b0c0ffee00000000000a01",
            "content": "Launch week",
            "status": status,
            "platforms": [{"platformId": "twitter-4411", "platform": "twitter", "status": status}],
            "mediaUrls": ["https://bucket.s3.amazonaws.com/images/1-a.jpg?sig=1"],
        });
        if let Some(time) = time {
            summary["scheduledTime"] = time.into();
        }
        BackupRecord {
            schema_version: 1,
            job: "j".into(),
            backed_up_at: String::new(),
            account: None,
            post_group_id: PostGroupId::new_unchecked("66b0c0ffee00000000000a01"),
            summary: Some(serde_json::from_value(summary).expect("summary")),
            detail: None,
            media: vec![BackupMedia {
                url: "https://bucket.s3.amazonaws.com/images/1-a.jpg?sig=1".into(),
                file: "66b0c0ffee00000000000a01.media1".into(),
                content_type: "image/jpeg".into(),
                size: 3,
            }],
        }
    }

    #[test]
    fn only_a_scheduled_post_with_its_time_ahead_comes_back_scheduled() {
        let now: DateTime<Utc> = "2026-12-07T12:00:00Z".parse().expect("now");
        let dir = Path::new("/b");
        let ahead = plan(
            &record("scheduled", Some("2026-12-08T09:00:00.000Z")),
            dir,
            now,
        )
        .expect("plan");
        assert_eq!(
            ahead.comeback,
            Comeback::Scheduled("2026-12-08T09:00:00Z".parse().expect("time"))
        );
        assert_eq!(ahead.platforms, ["twitter-4411"]);
        assert_eq!(ahead.media[0].2, "1-a.jpg");
        assert_eq!(
            ahead.media[0].0,
            dir.join("66b0c0ffee00000000000a01.media1")
        );
        for (status, time) in [
            ("scheduled", Some("2026-12-01T09:00:00.000Z")),
            ("published", Some("2026-12-08T09:00:00.000Z")),
            ("failed", None),
            ("partially_published", None),
            ("draft", Some("2026-12-08T09:00:00.000Z")),
        ] {
            let comeback = plan(&record(status, time), dir, now)
                .expect("plan")
                .comeback;
            assert!(
                matches!(comeback, Comeback::Draft(_)),
                "{status}: {comeback:?}"
            );
        }
    }

    #[test]
    fn a_platform_id_create_post_refuses_makes_a_post_unrestorable() {
        let mut record = record("scheduled", None);
        if let Some(summary) = &mut record.summary {
            let mut targets = summary.platforms.to_vec();
            targets[0].platform_id = "bluesky-did:plc:abc123".into();
            summary.platforms = targets.into();
        }
        let error = plan(&record, Path::new("/b"), Utc::now()).expect_err("refused");
        assert!(error.contains("bluesky-did:plc:abc123"), "{error}");
    }

    #[test]
    fn files_are_private_and_the_restore_log_reads_back() {
        let dir = tempfile::tempdir().expect("dir");
        let job = dir.path().join("job");
        create_private_dir(&job).expect("dir");
        write_private(&job.join("a.json"), b"{}").expect("write");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| std::fs::metadata(p).expect("meta").permissions().mode() & 0o777;
            assert_eq!(mode(&job), 0o700);
            assert_eq!(mode(&job.join("a.json")), 0o600);
        }
        let old = PostGroupId::new_unchecked("66b0c0ffee00000000000a01");
        let new = PostGroupId::new_unchecked("66b0c0ffee00000000000a09");
        for (step, media) in [("created", None), ("media", Some(1)), ("done", None)] {
            log_restore_step(
                &job,
                &RestoreStep {
                    time: String::new(),
                    old_id: old.clone(),
                    new_id: Some(new.clone()),
                    step: step.into(),
                    media,
                },
            )
            .expect("log");
        }
        let progress = read_restore_log(&job);
        assert_eq!(
            progress.get(&old),
            Some(&RestoreProgress {
                creating_since: None,
                new_id: Some(new),
                media_done: vec![1],
                done: true,
            })
        );
    }
}
