//! get-upload-url (POSTPOST_API.md §4.1): the request body and the success body. The upload
//! itself is a PUT of the file's bytes to `uploadUrl` (a storage host, not the API: it never
//! carries the API key) with the same `Content-Type`.

use serde::{Deserialize, Serialize};

/// The get-upload-url request body (§4.1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GetUploadUrlRequest {
    /// File name; the server sanitises it (spaces to `_`, odd characters dropped).
    pub file_name: String,
    /// MIME type; the PUT must send exactly this `Content-Type`.
    pub content_type: String,
    /// The post group the media is attached to.
    pub post_group_id: String,
    /// `image` or `video` (picks the storage prefix; effectively required).
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
}

/// The get-upload-url success body (§4.1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GetUploadUrlResponse {
    /// Always `true`.
    #[serde(default)]
    pub success: bool,
    /// Pre-signed PUT URL, valid one hour.
    pub upload_url: String,
    /// The object's public URL once uploaded; what list-posts shows in `mediaUrls`.
    pub file_url: String,
    /// The new media record's ObjectId.
    #[serde(default)]
    pub media_id: String,
}

/// `image` or `video` for a MIME type (§4.1's `type`): video for `video/*`, else image.
pub fn media_kind(content_type: &str) -> &'static str {
    if content_type
        .trim()
        .to_ascii_lowercase()
        .starts_with("video/")
    {
        "video"
    } else {
        "image"
    }
}

/// The file name §4.1 stores: trimmed, spaces to `_`, anything but ASCII letters, digits, `_`,
/// `.` and `-` removed (`Q3 report (final).png` → `Q3_report_final.png`).
pub fn sanitize_file_name(name: &str) -> String {
    name.trim()
        .chars()
        .map(|c| if c == ' ' { '_' } else { c })
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_sanitised_as_documented() {
        assert_eq!(
            sanitize_file_name(" Q3 report (final).png "),
            "Q3_report_final.png"
        );
        assert_eq!(sanitize_file_name("../../etc/passwd"), "....etcpasswd");
        assert_eq!(media_kind("video/mp4"), "video");
        assert_eq!(media_kind("image/png"), "image");
        assert_eq!(media_kind(""), "image");
    }
}
