//! The storage host that media files live on (POSTPOST_API.md §4.1: an S3 bucket): downloading a
//! post's `mediaUrls` for a backup, and the PUT of a restored file to a pre-signed `uploadUrl`.
//! It is not the API, so this client never sends the API key or `x-postpost-user-id`; it follows
//! no redirect, speaks HTTPS (plain HTTP only to a loopback host, such as the mock), and bounds
//! every file's size.

use std::time::Duration;

use super::client::is_loopback_url;

/// Largest media file downloaded (the dashboard's own upload limit, §4.2).
pub const MAX_MEDIA_BYTES: u64 = 512 * 1024 * 1024;

/// A media file as the storage host served it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MediaFile {
    /// The `Content-Type` it was served with (`application/octet-stream` when absent).
    pub content_type: String,
    /// The bytes.
    pub bytes: Vec<u8>,
}

/// A client for the storage host, without the API's credentials.
#[derive(Debug, Clone)]
pub struct StorageClient {
    http: reqwest::Client,
}

impl StorageClient {
    /// A client whose requests time out after `timeout`.
    ///
    /// # Errors
    /// reqwest's error text when it cannot build a client.
    pub fn new(timeout: Duration) -> Result<Self, String> {
        let http = reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout.min(Duration::from_secs(10)))
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("postpost-tui/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|error| error.to_string())?;
        Ok(Self { http })
    }

    /// Downloads `url` (at most [`MAX_MEDIA_BYTES`]).
    ///
    /// # Errors
    /// Why not, in words: a URL that is not HTTPS (or loopback HTTP), a transport error, a
    /// status other than 200, or a file over the limit.
    pub async fn download(&self, url: &str) -> Result<MediaFile, String> {
        check_url(url)?;
        let response = self
            .http
            .get(url)
            .send()
            .await
            .map_err(|error| format!("cannot download {}: {error}", shown(url)))?;
        let status = response.status();
        if status != reqwest::StatusCode::OK {
            return Err(format!(
                "the storage host answered HTTP {} for {}",
                status.as_u16(),
                shown(url)
            ));
        }
        if response
            .content_length()
            .is_some_and(|len| len > MAX_MEDIA_BYTES)
        {
            return Err(format!("{} is larger than 512 MB", shown(url)));
        }
        let content_type = response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .unwrap_or("application/octet-stream")
            .chars()
            .filter(|c| c.is_ascii_graphic() || *c == ' ')
            .take(100)
            .collect();
        let mut bytes = Vec::new();
        let mut response = response;
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|error| format!("cannot download {}: {error}", shown(url)))?
        {
            if bytes.len() as u64 + chunk.len() as u64 > MAX_MEDIA_BYTES {
                return Err(format!("{} is larger than 512 MB", shown(url)));
            }
            bytes.extend_from_slice(&chunk);
        }
        Ok(MediaFile {
            content_type,
            bytes,
        })
    }

    /// PUTs `file` to a pre-signed `upload_url` with its content type (§4.1: the PUT's
    /// `Content-Type` must equal the one asked for).
    ///
    /// # Errors
    /// Why not, in words.
    pub async fn upload(&self, upload_url: &str, file: &MediaFile) -> Result<(), String> {
        check_url(upload_url)?;
        let response = self
            .http
            .put(upload_url)
            .header(reqwest::header::CONTENT_TYPE, file.content_type.as_str())
            .body(file.bytes.clone())
            .send()
            .await
            .map_err(|error| format!("cannot upload to {}: {error}", shown(upload_url)))?;
        let status = response.status();
        if status.is_success() {
            Ok(())
        } else {
            Err(format!(
                "the storage host answered HTTP {} to the upload to {}",
                status.as_u16(),
                shown(upload_url)
            ))
        }
    }
}

/// HTTPS, or HTTP to a loopback host; nothing else is fetched.
fn check_url(url: &str) -> Result<(), String> {
    let parsed = url::Url::parse(url).map_err(|_| format!("{} is not a URL", shown(url)))?;
    match parsed.scheme() {
        "https" => Ok(()),
        "http" if is_loopback_url(url) => Ok(()),
        _ => Err(format!(
            "{} is not an https URL; media is only fetched over HTTPS",
            shown(url)
        )),
    }
}

/// A URL as it may be shown: without its query (a pre-signed URL's signature) and at most 120
/// characters.
fn shown(url: &str) -> String {
    let base = url.split('?').next().unwrap_or_default();
    base.chars().take(120).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_https_or_loopback_http_is_fetched() {
        assert!(check_url("https://bucket.s3.amazonaws.com/images/a.jpg").is_ok());
        assert!(check_url("http://127.0.0.1:9/__storage/images/a.jpg").is_ok());
        assert!(check_url("http://example.com/a.jpg").is_err());
        assert!(check_url("file:///etc/passwd").is_err());
        assert!(check_url("not a url").is_err());
        assert_eq!(shown("https://h/p?X-Amz-Signature=secret"), "https://h/p");
    }
}
