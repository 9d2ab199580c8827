//! The API key as a value that cannot leak by accident. `config` resolves it (environment, key
//! command or file) into an [`ApiKey`], the API client reads it once per request through
//! [`ApiKey::expose`], and everything that might echo it back (error bodies, logs, notices in the
//! UI) goes through [`redact`] first (DESIGN §5 rule 6; POSTPOST_API.md, authentication).
//!
//! There is no `Display`, `Debug` prints `ApiKey(<redacted>)`, and serde can only read it.

use std::fmt;

use serde::{Deserialize, Deserializer};

/// The text [`redact`] and `Debug` put in place of a key.
pub const REDACTED: &str = "<redacted>";

/// A PostPost API key (sent as the `x-api-key` header).
///
/// Built from any string; surrounding whitespace, including the trailing newline a key command
/// prints, is trimmed. The key can only be read with [`ApiKey::expose`]. Deserializes from a TOML or
/// JSON string so the config file can hold one.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey(String);

impl ApiKey {
    /// Wraps `key`, trimming surrounding whitespace. An all-whitespace input gives an empty key;
    /// callers that need a usable key check [`ApiKey::is_empty`].
    pub fn new(key: impl Into<String>) -> Self {
        let key = key.into();
        let trimmed = key.trim();
        if trimmed.len() == key.len() {
            Self(key)
        } else {
            Self(trimmed.to_owned())
        }
    }

    /// The key itself. The only way to read it: call this where the header is built, nowhere else.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// True when the key is empty after trimming.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ApiKey({REDACTED})")
    }
}

impl<'de> Deserialize<'de> for ApiKey {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(ApiKey::new)
    }
}

/// Returns `text` with every occurrence of `key` replaced by `<redacted>`.
///
/// For error messages, response bodies and command output that might echo the key. An empty key
/// leaves `text` unchanged (there is nothing to hide, and replacing "" would interleave markers).
pub fn redact(text: &str, key: &ApiKey) -> String {
    if key.is_empty() {
        return text.to_owned();
    }
    text.replace(key.expose(), REDACTED)
}

/// Secrets shorter than this are not searched for: a one-letter test key would otherwise
/// blank every such letter of every message, and a real key is never this short.
const MIN_SECRET_LEN: usize = 4;

/// Base64 runs shorter than this are not searched for (too likely to occur by chance).
const MIN_ENCODED_LEN: usize = 8;

/// The one redaction step every server-supplied text passes before any sink (DESIGN §7
/// invariant 5): built once per client from the API key and the base URL, it replaces the
/// key, the key percent-encoded (upper and lower hex, reserved bytes only or every byte), the
/// key's bytes in hex, the key in base64 (standard and URL-safe alphabets, at each of the three byte alignments, so it
/// is found inside a longer encoded blob such as `Basic dXNlcjprZXk=`), and the base URL's
/// credentials (`user:password@`, the password alone and the user name alone, as written and
/// percent-decoded) by [`REDACTED`].
///
/// Cheap to clone; `Debug` shows only how many patterns it holds.
#[derive(Clone, Default)]
pub struct Redactor {
    /// Longest first, so a pattern that contains another is replaced whole.
    patterns: std::sync::Arc<Vec<String>>,
}

impl fmt::Debug for Redactor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Redactor({} patterns)", self.patterns.len())
    }
}

impl Redactor {
    /// The redactor for `key` and the credentials of `base_url` (none when it has none or
    /// does not parse).
    pub fn new(key: &ApiKey, base_url: &str) -> Self {
        let mut patterns = Vec::new();
        let key = key.expose();
        if key.len() >= MIN_SECRET_LEN {
            patterns.push(key.to_owned());
            patterns.extend(percent_forms(key));
            patterns.extend(base64_forms(key.as_bytes()));
            let hex: String = key.bytes().map(|b| format!("{b:02x}")).collect();
            patterns.push(hex.to_ascii_uppercase());
            patterns.push(hex);
        }
        if let Ok(url) = url::Url::parse(base_url) {
            let user = url.username();
            let password = url.password().unwrap_or_default();
            if !user.is_empty() || !password.is_empty() {
                patterns.push(format!("{user}:{password}@"));
                patterns.push(format!("{user}@"));
            }
            for part in [user, password] {
                let decoded = percent_encoding::percent_decode_str(part)
                    .decode_utf8_lossy()
                    .into_owned();
                for form in [part.to_owned(), decoded] {
                    if form.len() >= MIN_SECRET_LEN {
                        patterns.push(form);
                    }
                }
            }
        }
        patterns.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
        patterns.dedup();
        Self {
            patterns: std::sync::Arc::new(patterns),
        }
    }

    /// True when there is nothing to hide.
    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }

    /// `text` with every secret replaced by [`REDACTED`]; borrowed when there is none.
    pub fn redact<'a>(&self, text: &'a str) -> std::borrow::Cow<'a, str> {
        let mut out = std::borrow::Cow::Borrowed(text);
        for pattern in self.patterns.iter() {
            if out.contains(pattern.as_str()) {
                out = std::borrow::Cow::Owned(out.replace(pattern.as_str(), REDACTED));
            }
        }
        out
    }

    /// Redacts `text` in place.
    pub fn redact_in_place(&self, text: &mut String) {
        if let std::borrow::Cow::Owned(redacted) = self.redact(text) {
            *text = redacted;
        }
    }

    /// True when `bytes` hold any secret as is.
    pub fn finds_in(&self, bytes: &[u8]) -> bool {
        self.patterns
            .iter()
            .any(|pattern| memchr::memmem::find(bytes, pattern.as_bytes()).is_some())
    }

    /// `url` as it may be shown: without its `user:password@` part, the rest redacted too.
    pub fn url_for_display(&self, url: &str) -> String {
        self.redact(&url_without_credentials(url)).into_owned()
    }
}

/// `url` without its `user:password@` part, for messages about a URL the user gave (a URL
/// that does not parse is returned with everything up to its last `@` before the host cut).
pub fn url_without_credentials(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut parsed) if !parsed.username().is_empty() || parsed.password().is_some() => {
            let _ = parsed.set_username("");
            let _ = parsed.set_password(None);
            let text = parsed.to_string();
            // `Url` adds a `/` to an empty path; keep the caller's form.
            if url.ends_with('/') {
                text
            } else {
                text.trim_end_matches('/').to_owned()
            }
        }
        Ok(_) => url.to_owned(),
        Err(_) => {
            let (scheme, rest) = url.split_once("://").unwrap_or(("", url));
            let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
            match rest[..authority_end].rfind('@') {
                Some(at) if scheme.is_empty() => rest[at + 1..].to_owned(),
                Some(at) => format!("{scheme}://{}", &rest[at + 1..]),
                None => url.to_owned(),
            }
        }
    }
}

/// The key percent-encoded as a URL or form might carry it: reserved bytes only, and every
/// byte, each in upper and lower hex; forms equal to the key itself are left out.
fn percent_forms(key: &str) -> Vec<String> {
    use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
    let reserved = utf8_percent_encode(key, NON_ALPHANUMERIC).to_string();
    let every: String = key.bytes().map(|b| format!("%{b:02X}")).collect();
    [lower_hex(&reserved), reserved, lower_hex(&every), every]
        .into_iter()
        .filter(|form| form != key)
        .collect()
}

/// `text` with the two hex digits after each `%` in lower case.
fn lower_hex(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut hex_left = 0;
    for c in text.chars() {
        if hex_left > 0 {
            out.push(c.to_ascii_lowercase());
            hex_left -= 1;
        } else {
            if c == '%' {
                hex_left = 2;
            }
            out.push(c);
        }
    }
    out
}

/// The base64 characters that depend on `key` alone, for each of the three positions the key
/// can start at within a longer encoded text, in the standard and URL-safe alphabets.
fn base64_forms(key: &[u8]) -> Vec<String> {
    use base64::Engine as _;
    use base64::engine::general_purpose::{STANDARD_NO_PAD, URL_SAFE_NO_PAD};
    let mut forms = Vec::new();
    for offset in 0..3usize {
        let mut input = vec![0u8; offset];
        input.extend_from_slice(key);
        input.extend_from_slice(&[0, 0]);
        // Char i covers bits [6i, 6i + 6); the key covers bits [8 offset, 8 (offset + len)).
        let first = (8 * offset).div_ceil(6);
        let end = (8 * (offset + key.len())) / 6;
        if end <= first || end - first < MIN_ENCODED_LEN {
            continue;
        }
        for engine in [&STANDARD_NO_PAD, &URL_SAFE_NO_PAD] {
            let encoded = engine.encode(&input);
            if let Some(core) = encoded.get(first..end) {
                forms.push(core.to_owned());
            }
        }
    }
    forms
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_trims_surrounding_whitespace() {
        assert_eq!(ApiKey::new("  abc123\n").expose(), "abc123");
        assert_eq!(ApiKey::new("abc123\r\n").expose(), "abc123");
        assert_eq!(ApiKey::new(String::from("a b")).expose(), "a b");
        assert!(ApiKey::new(" \n").is_empty());
    }

    #[test]
    fn debug_never_shows_the_key() {
        let key = ApiKey::new("sk_live_secret");
        let shown = format!("{key:?}");
        assert_eq!(shown, "ApiKey(<redacted>)");
        let nested = format!("{:?}", Some(key));
        assert!(!nested.contains("sk_live_secret"), "{nested}");
    }

    #[test]
    fn clone_and_eq_compare_the_key() {
        let key = ApiKey::new("k1");
        assert_eq!(key.clone(), key);
        assert_ne!(key, ApiKey::new("k2"));
        assert_eq!(ApiKey::new("k1\n"), key);
    }

    #[test]
    fn deserializes_from_a_string_and_trims() {
        #[derive(Deserialize)]
        struct Holder {
            key: ApiKey,
        }
        let holder: Holder = toml::from_str("key = \" abc \\n\"").expect("valid toml");
        assert_eq!(holder.key.expose(), "abc");
        let wrong: Result<Holder, _> = toml::from_str("key = 5");
        assert!(wrong.is_err());
    }

    #[test]
    fn redact_replaces_every_occurrence() {
        let key = ApiKey::new("s3cret");
        assert_eq!(
            redact("bad key s3cret (s3cret)", &key),
            "bad key <redacted> (<redacted>)"
        );
        assert_eq!(redact("nothing here", &key), "nothing here");
    }

    #[test]
    fn the_redactor_hides_the_key_its_encodings_and_url_credentials() {
        use base64::Engine as _;
        use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
        let key = "sk_live/K3y+with?odd=chars";
        let redactor = Redactor::new(
            &ApiKey::new(key),
            "https://alice:p%40ss-w0rd@api.example/api/v1",
        );
        let encoded = |text: &str| {
            percent_encoding::utf8_percent_encode(text, percent_encoding::NON_ALPHANUMERIC)
                .to_string()
        };
        let texts = [
            format!("Invalid API key {key}"),
            format!("<html><b>{key}</b></html>"),
            format!("?key={}", encoded(key)),
            format!("?key={}", lower_hex(&encoded(key))),
            key.bytes().map(|b| format!("%{b:02x}")).collect::<String>(),
            format!(
                "Authorization: Basic {}",
                STANDARD.encode(format!("user:{key}"))
            ),
            format!("token {}", URL_SAFE_NO_PAD.encode(key)),
            format!(
                "hex {}",
                key.bytes().map(|b| format!("{b:02X}")).collect::<String>()
            ),
            format!("x{}y", STANDARD.encode(format!("ab{key}cd"))),
            "GET https://alice:p%40ss-w0rd@api.example/api/v1 failed".to_owned(),
            "password was p@ss-w0rd".to_owned(),
        ];
        for text in texts {
            let shown = redactor.redact(&text);
            assert!(shown.contains(REDACTED), "{text} -> {shown}");
            assert!(!shown.contains(key), "{shown}");
            assert!(!shown.contains("w0rd"), "{shown}");
            assert!(
                !shown.contains("%2Fk3y") && !shown.contains("%2FK3y"),
                "{shown}"
            );
        }
        assert_eq!(redactor.redact("nothing secret"), "nothing secret");
        assert_eq!(
            redactor.url_for_display("https://alice:p%40ss-w0rd@api.example/api/v1"),
            "https://api.example/api/v1"
        );
        assert_eq!(
            url_without_credentials("http://u:p@127.0.0.1:9/api/v1"),
            "http://127.0.0.1:9/api/v1"
        );
        assert_eq!(
            url_without_credentials("http://u:p@ bad/x"),
            "http:// bad/x"
        );
        assert!(!format!("{redactor:?}").contains(key));
    }

    #[test]
    fn a_short_key_is_not_searched_for() {
        let redactor = Redactor::new(&ApiKey::new("k"), "http://127.0.0.1:1/api/v1");
        assert!(redactor.is_empty());
        assert_eq!(redactor.redact("keep the k"), "keep the k");
    }

    #[test]
    fn redact_with_empty_key_is_identity() {
        assert_eq!(redact("abc", &ApiKey::new("")), "abc");
    }
}
