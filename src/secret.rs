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
    fn redact_with_empty_key_is_identity() {
        assert_eq!(redact("abc", &ApiKey::new("")), "abc");
    }
}
