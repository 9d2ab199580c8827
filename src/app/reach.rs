//! Reaching a post outside the app: `y` copies its id, `Y` its content (OSC 52, written by the
//! loop, never by `app`), `O` opens it, published, on its network. Pure: what to copy and which
//! URL to open are decided here from sanitized values; the loop only carries them out.

use crate::api::model::{Platform, PlatformPost};

/// Longest text copied, in bytes: terminals cap OSC 52 payloads (xterm at about 100 kB of
/// base64), and a post is far shorter.
pub const MAX_COPY_BYTES: usize = 64 * 1024;

/// `text` as it may go to the clipboard: control characters (escape sequences above all)
/// dropped, line breaks and tabs kept, at most [`MAX_COPY_BYTES`].
pub fn clipboard_text(text: &str) -> String {
    let mut out = String::new();
    for c in text
        .chars()
        .filter(|c| matches!(c, '\n' | '\t') || !(c.is_control() || is_bidi_control(*c)))
    {
        if out.len() + c.len_utf8() > MAX_COPY_BYTES {
            break;
        }
        out.push(c);
    }
    out
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}')
}

/// The live URL of a published platform post, when its network's URL can be built from its
/// `postedId` alone; else why not. Only https URLs on the network's own host are built, from
/// ids of the characters such ids hold, so a server cannot make `O` open anything else.
///
/// # Errors
/// Why no URL: not published yet, an id of an unexpected shape, or a network whose post URLs
/// need more than the id (the account name, a server, a short code).
pub fn post_url(post: &PlatformPost) -> Result<String, String> {
    let name = post.platform.as_str();
    let Some(id) = post.posted_id.as_deref().map(str::trim) else {
        return Err(format!("{name}: not published (no postedId)"));
    };
    let safe = |id: &str| {
        !id.is_empty()
            && id.len() <= 200
            && id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | ':' | '.'))
    };
    let digits =
        |id: &str| !id.is_empty() && id.len() <= 40 && id.chars().all(|c| c.is_ascii_digit());
    let url = match &post.platform {
        Platform::Twitter if digits(id) => format!("https://x.com/i/web/status/{id}"),
        Platform::Bluesky => {
            // at://did:plc:…/app.bsky.feed.post/<rkey>
            let rest = id.strip_prefix("at://").unwrap_or(id);
            match rest.split('/').collect::<Vec<_>>().as_slice() {
                [did, "app.bsky.feed.post", rkey] if safe(did) && safe(rkey) => {
                    format!("https://bsky.app/profile/{did}/post/{rkey}")
                }
                _ => return Err(format!("{name}: the postedId is not an at:// post URI")),
            }
        }
        Platform::Linkedin if id.starts_with("urn:li:") && safe(id) => {
            format!("https://www.linkedin.com/feed/update/{id}/")
        }
        Platform::Facebook if safe(id) && !id.contains(':') => {
            format!("https://www.facebook.com/{id}")
        }
        Platform::Youtube if safe(id) && !id.contains(':') => {
            format!("https://www.youtube.com/watch?v={id}")
        }
        Platform::Pinterest if digits(id) => format!("https://www.pinterest.com/pin/{id}/"),
        Platform::Twitter
        | Platform::Linkedin
        | Platform::Facebook
        | Platform::Youtube
        | Platform::Pinterest => {
            return Err(format!("{name}: the postedId has an unexpected shape"));
        }
        Platform::Instagram | Platform::Threads => {
            return Err(format!(
                "{name}: its post URLs use a short code the API does not give"
            ));
        }
        Platform::Mastodon => {
            return Err(format!("{name}: the id does not say which server it is on"));
        }
        Platform::Tiktok | Platform::Telegram => {
            return Err(format!("{name}: its post URLs need the account name"));
        }
        Platform::Other(_) => return Err(format!("{name}: an unknown network")),
    };
    // Belt and braces: what is opened is an https URL that parses.
    match url::Url::parse(&url) {
        Ok(parsed) if parsed.scheme() == "https" => Ok(url),
        _ => Err(format!("{name}: no safe URL")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::model::PlatformStatus;

    fn posted(platform: &str, id: &str) -> PlatformPost {
        PlatformPost {
            id: String::new(),
            platform: Platform::from_wire(platform),
            platform_id: String::new(),
            content: None,
            status: PlatformStatus::from_wire("published"),
            posted_id: Some(id.to_owned()),
            error: None,
        }
    }

    #[test]
    fn urls_are_built_only_from_ids_of_the_expected_shape() {
        let cases = [
            (
                "twitter",
                "1790000000000000001",
                Ok("https://x.com/i/web/status/1790000000000000001"),
            ),
            (
                "bluesky",
                "at://did:plc:abc123/app.bsky.feed.post/3kq2xyz",
                Ok("https://bsky.app/profile/did:plc:abc123/post/3kq2xyz"),
            ),
            (
                "linkedin",
                "urn:li:share:7123",
                Ok("https://www.linkedin.com/feed/update/urn:li:share:7123/"),
            ),
            (
                "youtube",
                "dQw4w9WgXcQ",
                Ok("https://www.youtube.com/watch?v=dQw4w9WgXcQ"),
            ),
            ("twitter", "17900/../../evil", Err("unexpected shape")),
            ("twitter", "javascript:alert(1)", Err("unexpected shape")),
            ("facebook", "1 2", Err("unexpected shape")),
            (
                "bluesky",
                "at://did:plc:x/app.bsky.feed.post/a?b",
                Err("at:// post URI"),
            ),
            ("instagram", "17841405822304914", Err("short code")),
            ("mastodon", "1234", Err("which server")),
        ];
        for (platform, id, want) in cases {
            match (post_url(&posted(platform, id)), want) {
                (Ok(url), Ok(want)) => assert_eq!(url, want),
                (Err(why), Err(part)) => assert!(why.contains(part), "{platform} {id}: {why}"),
                (got, want) => panic!("{platform} {id}: got {got:?}, want {want:?}"),
            }
        }
        let mut draft = posted("twitter", "1");
        draft.posted_id = None;
        assert!(post_url(&draft).is_err_and(|why| why.contains("not published")));
    }

    #[test]
    fn copied_text_has_no_control_characters() {
        assert_eq!(
            clipboard_text("a\u{1b}]52;c;x\u{7}b\nc\td\u{202e}e"),
            "a]52;c;xb\nc\tde"
        );
        assert!(clipboard_text(&"é".repeat(MAX_COPY_BYTES)).len() <= MAX_COPY_BYTES);
    }
}
