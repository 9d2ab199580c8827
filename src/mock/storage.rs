//! The mock's storage host (POSTPOST_API.md §4.1, §10): what S3 is to the real API.
//!
//! - `POST /api/v1/get-upload-url` (key-auth) answers a pre-signed `uploadUrl` (valid one hour)
//!   and the object's `fileUrl`, and attaches a media record with that URL to the group.
//! - `PUT /__storage/<key>?X-Amz-Signature=…` stores the bytes when the signature is one this
//!   mock gave out, unexpired, for that key, and the `Content-Type` equals the one asked for;
//!   anything else is S3's 403. No API key is needed (or looked at): it is a storage host.
//! - `GET /__storage/<key>` serves an uploaded object, 404 (`NoSuchKey`) once its group was
//!   deleted, and for the seed's and the generator's media (never uploaded) a small file made
//!   up from the key, so that demo posts have media to download.
//!
//! Stored media URLs keep the seed bucket's form ([`BUCKET`]); the API routes show them as this
//! server's `/__storage/` URLs ([`Storage::public_url`]), which a client can fetch.

use std::collections::{HashMap, HashSet};
use std::sync::{Mutex, OnceLock};

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};

use super::MockState;
use crate::api::model::{PostGroupId, sanitize_file_name};

/// The bucket every stored media URL names (the seed's); served here under [`PATH`].
pub const BUCKET: &str = "https://northbeam-media.s3.amazonaws.com/";

/// Where this server serves the bucket.
pub const PATH: &str = "/__storage/";

/// How long an upload URL stays valid (§4.1).
const UPLOAD_URL_LIFETIME: chrono::Duration = chrono::Duration::hours(1);

/// Largest object the storage accepts.
pub const MAX_OBJECT_BYTES: usize = 64 * 1024 * 1024;

/// An object uploaded through a pre-signed URL.
#[derive(Debug, Clone)]
struct StoredObject {
    content_type: String,
    bytes: Bytes,
}

/// A pre-signed upload: which key, which content type, until when.
#[derive(Debug, Clone)]
struct UploadGrant {
    key: String,
    content_type: String,
    expires_at: DateTime<Utc>,
}

/// The objects, the keys deleted after a delete-post, and the upload grants.
#[derive(Debug, Default)]
pub struct Storage {
    objects: Mutex<HashMap<String, StoredObject>>,
    deleted: Mutex<HashSet<String>>,
    grants: Mutex<HashMap<String, UploadGrant>>,
    /// `http://127.0.0.1:PORT`, set once the server listens.
    origin: OnceLock<String>,
    next_grant: std::sync::atomic::AtomicU64,
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl Storage {
    /// Records the address the server listens on, for the URLs it hands out.
    pub fn set_origin(&self, origin: String) {
        let _ = self.origin.set(origin);
    }

    /// A stored media URL as clients see it: the bucket's URLs become this server's.
    pub fn public_url(&self, url: &str) -> String {
        match (url.strip_prefix(BUCKET), self.origin.get()) {
            (Some(key), Some(origin)) => format!("{origin}{PATH}{key}"),
            _ => url.to_string(),
        }
    }

    /// The object key of a stored or public media URL.
    fn key_of<'a>(&self, url: &'a str) -> Option<&'a str> {
        url.strip_prefix(BUCKET).or_else(|| {
            let origin = self.origin.get()?;
            url.strip_prefix(origin.as_str())?.strip_prefix(PATH)
        })
    }

    /// The best-effort object deletion after a delete-post commits (§10).
    pub fn delete(&self, urls: &[String]) {
        for url in urls {
            if let Some(key) = self.key_of(url) {
                lock(&self.objects).remove(key);
                lock(&self.deleted).insert(key.to_string());
            }
        }
    }

    /// True when an object was uploaded under `key`.
    pub fn has_upload(&self, key: &str) -> bool {
        lock(&self.objects).contains_key(key)
    }
}

/// The content type the storage answers for a key it made up, from its extension.
fn content_type_of(key: &str) -> &'static str {
    match key
        .rsplit('.')
        .next()
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("png") => "image/png",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        Some("mp4") => "video/mp4",
        Some("mov") => "video/quicktime",
        _ => "application/octet-stream",
    }
}

/// 0.5 to 4 KiB of bytes that depend only on `key`: a seeded object's content.
fn made_up_bytes(key: &str) -> Vec<u8> {
    let mut state = key.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    });
    let len = 512 + usize::try_from(state % 3584).unwrap_or(0);
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state.to_le_bytes()[0]
        })
        .collect()
}

/// S3's XML error answer.
fn s3_error(status: StatusCode, code: &str, message: &str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/xml")],
        format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>{code}</Code><Message>{message}</Message></Error>"),
    )
        .into_response()
}

/// `GET /__storage/{*key}`.
pub async fn get_object(State(state): State<MockState>, Path(key): Path<String>) -> Response {
    let storage = state.storage();
    if let Some(object) = lock(&storage.objects).get(&key).cloned() {
        return ([(header::CONTENT_TYPE, object.content_type)], object.bytes).into_response();
    }
    // Made-up content is for the seed's media only: a key handed out for an upload exists
    // once it is uploaded, as on S3.
    let granted = lock(&storage.grants).values().any(|grant| grant.key == key);
    let seeded = (key.starts_with("images/") || key.starts_with("videos/")) && !granted;
    if !seeded || lock(&storage.deleted).contains(&key) {
        return s3_error(
            StatusCode::NOT_FOUND,
            "NoSuchKey",
            "The specified key does not exist.",
        );
    }
    (
        [(header::CONTENT_TYPE, content_type_of(&key))],
        made_up_bytes(&key),
    )
        .into_response()
}

/// `PUT /__storage/{*key}?X-Amz-Signature=…`: stores the body under a grant from get-upload-url.
pub async fn put_object(
    State(state): State<MockState>,
    Path(key): Path<String>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let storage = state.storage();
    let grant = query
        .get("X-Amz-Signature")
        .and_then(|signature| lock(&storage.grants).get(signature).cloned());
    let Some(grant) = grant.filter(|grant| grant.key == key) else {
        return s3_error(StatusCode::FORBIDDEN, "AccessDenied", "Access Denied");
    };
    if grant.expires_at < Utc::now() {
        return s3_error(StatusCode::FORBIDDEN, "AccessDenied", "Request has expired");
    }
    let sent_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default();
    if sent_type != grant.content_type {
        return s3_error(
            StatusCode::FORBIDDEN,
            "SignatureDoesNotMatch",
            "The request signature we calculated does not match the signature you provided.",
        );
    }
    lock(&storage.deleted).remove(&key);
    lock(&storage.objects).insert(
        key,
        StoredObject {
            content_type: grant.content_type,
            bytes: body,
        },
    );
    StatusCode::OK.into_response()
}

/// `POST /api/v1/get-upload-url` (§4.1): 400 `fileName, contentType, and postGroupId are
/// required` when one is missing or not a non-empty string; 500 `Failed to create upload URL`
/// without a `type` (the S3 step fails); else the grant, with a media record attached to the
/// group when it exists.
pub async fn get_upload_url(State(state): State<MockState>, body: Bytes) -> Response {
    let body: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
    let text = |name: &str| {
        body.get(name)
            .and_then(serde_json::Value::as_str)
            .filter(|value| !value.trim().is_empty())
            .map(str::to_string)
    };
    let (Some(file_name), Some(content_type), Some(group)) =
        (text("fileName"), text("contentType"), text("postGroupId"))
    else {
        return super::routes::error_response(
            StatusCode::BAD_REQUEST,
            "fileName, contentType, and postGroupId are required",
        );
    };
    let Some(kind) = text("type").filter(|kind| kind == "image" || kind == "video") else {
        return super::routes::error_response(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Failed to create upload URL",
        );
    };
    let storage = state.storage();
    let now = Utc::now();
    let key = format!(
        "{kind}s/{}-{}",
        now.timestamp_millis(),
        sanitize_file_name(&file_name)
    );
    let number = storage
        .next_grant
        .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let signature = format!(
        "{:016x}{number:08x}",
        now.timestamp_nanos_opt().unwrap_or(0)
    );
    lock(&storage.grants).insert(
        signature.clone(),
        UploadGrant {
            key: key.clone(),
            content_type: content_type.clone(),
            expires_at: now + UPLOAD_URL_LIFETIME,
        },
    );
    let stored_url = format!("{BUCKET}{key}");
    let media_id = state
        .with_store(|store| {
            store.attach_media(&PostGroupId::new_unchecked(group), stored_url.clone())
        })
        .unwrap_or_else(|| state.with_store(|store| store.next_object_id()));
    let file_url = storage.public_url(&stored_url);
    axum::Json(serde_json::json!({
        "success": true,
        "uploadUrl": format!("{file_url}?X-Amz-Signature={signature}&X-Amz-Expires=3600"),
        "fileUrl": file_url,
        "mediaId": media_id,
    }))
    .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn made_up_objects_depend_on_the_key_only() {
        let a = made_up_bytes("images/1-a.jpg");
        assert_eq!(a, made_up_bytes("images/1-a.jpg"));
        assert_ne!(a, made_up_bytes("images/1-b.jpg"));
        assert!((512..4096).contains(&a.len()));
        assert_eq!(content_type_of("videos/x.MP4"), "video/mp4");
    }

    #[test]
    fn bucket_urls_are_shown_as_this_servers() {
        let storage = Storage::default();
        let url = format!("{BUCKET}images/1-a.jpg");
        assert_eq!(storage.public_url(&url), url, "no origin yet");
        storage.set_origin("http://127.0.0.1:9".into());
        let public = storage.public_url(&url);
        assert_eq!(public, "http://127.0.0.1:9/__storage/images/1-a.jpg");
        assert_eq!(storage.key_of(&public), Some("images/1-a.jpg"));
        assert_eq!(storage.key_of(&url), Some("images/1-a.jpg"));
        assert_eq!(storage.key_of("https://elsewhere/x"), None);
    }
}
