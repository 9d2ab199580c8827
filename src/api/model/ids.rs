//! Post group ids (POSTPOST_API.md §1.2): MongoDB ObjectIds, 24 hex characters. Hex digits are
//! kept in lower case wherever an id enters (a server's answer, the command line, stdin, the
//! journal), so `66B0…` and `66b0…` are one post: marks, de-duplication and the journal never
//! count it twice. Checked when typed by a person or put into a request path.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A post group id: a MongoDB ObjectId, 24 hex characters (POSTPOST_API.md §1.2).
///
/// Ids read from a server are kept as sent but for the case of their ASCII letters (serde does not
/// validate, so a sloppy server cannot fail a page); ids typed by a person go through [`PostGroupId::parse`],
/// and the client refuses to send a request for an id that is not well formed (§3.2 and §3.5 say
/// the real server answers such ids with a 500, not a 400).
///
/// A well-formed id is held inline, without an allocation: a million loaded posts hold a
/// million ids, and the chosen ids of a job are copies of them; copying one is 32 bytes.
#[derive(Clone)]
pub struct PostGroupId(IdText);

/// The text of an id: a well-formed one inline, anything else (only ever shown and refused) boxed.
/// Every constructor goes through [`PostGroupId::new_unchecked`], so one text has one form and
/// comparing texts compares ids.
#[derive(Clone)]
enum IdText {
    Object([u8; 24]),
    Other(Box<str>),
}

impl Default for PostGroupId {
    fn default() -> Self {
        Self(IdText::Other(Box::default()))
    }
}

impl PartialEq for PostGroupId {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for PostGroupId {}

impl std::hash::Hash for PostGroupId {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl PartialOrd for PostGroupId {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for PostGroupId {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl Serialize for PostGroupId {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for PostGroupId {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Self::new_unchecked)
    }
}

/// Returned by [`PostGroupId::parse`] for anything that is not 24 hex characters.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid post group id {0:?}: expected 24 hexadecimal characters (a MongoDB ObjectId)")]
pub struct InvalidPostGroupId(pub String);

impl PostGroupId {
    /// Checks `text` is 24 ASCII hex digits (either case) and wraps it in lower case.
    ///
    /// # Errors
    /// [`InvalidPostGroupId`] naming the rejected text.
    pub fn parse(text: &str) -> Result<Self, InvalidPostGroupId> {
        let id = Self::new_unchecked(text);
        if id.is_well_formed() {
            Ok(id)
        } else {
            Err(InvalidPostGroupId(text.to_string()))
        }
    }

    /// Wraps server-provided text without checking it; ASCII letters go to lower case.
    pub fn new_unchecked(text: impl Into<String>) -> Self {
        let mut text = text.into();
        text.make_ascii_lowercase();
        match <[u8; 24]>::try_from(text.as_bytes()) {
            Ok(bytes) if is_object_id(&text) => Self(IdText::Object(bytes)),
            _ => Self(IdText::Other(text.into_boxed_str())),
        }
    }

    /// True when the id is 24 ASCII hex digits.
    pub fn is_well_formed(&self) -> bool {
        matches!(self.0, IdText::Object(_))
    }

    /// The id as sent on the wire.
    pub fn as_str(&self) -> &str {
        match &self.0 {
            // Only ASCII hex digits are ever stored inline.
            IdText::Object(bytes) => std::str::from_utf8(bytes).unwrap_or_default(),
            IdText::Other(text) => text,
        }
    }
}

impl fmt::Display for PostGroupId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for PostGroupId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PostGroupId({})", self.as_str())
    }
}

impl FromStr for PostGroupId {
    type Err = InvalidPostGroupId;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

/// True when `text` is a MongoDB ObjectId: exactly 24 ASCII hex digits (§1.2).
pub fn is_object_id(text: &str) -> bool {
    text.len() == 24 && text.bytes().all(|b| b.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn post_group_id_accepts_only_24_hex() {
        assert!(PostGroupId::parse("66b0c0ffee00000000000a01").is_ok());
        assert!(PostGroupId::parse("66B0C0FFEE00000000000A01").is_ok());
        assert_eq!(
            PostGroupId::parse("66B0C0FFEE00000000000A01").map(|id| id.to_string()),
            Ok("66b0c0ffee00000000000a01".to_string())
        );
        let read: PostGroupId =
            serde_json::from_str("\"66B0c0ffee00000000000A01\"").expect("an id reads");
        assert_eq!(
            read,
            PostGroupId::parse("66b0c0ffee00000000000a01").expect("id")
        );
        assert!(PostGroupId::parse("66b0c0ffee00000000000a0").is_err());
        assert!(PostGroupId::parse("66b0c0ffee00000000000a0g").is_err());
        assert!(PostGroupId::parse("pg_abc123xyz").is_err());
        assert!(PostGroupId::parse("").is_err());
    }

    #[test]
    fn one_text_is_one_id_whatever_its_form() {
        let inline = PostGroupId::new_unchecked("66B0C0FFEE00000000000A01");
        assert!(inline.is_well_formed());
        assert_eq!(inline.as_str(), "66b0c0ffee00000000000a01");
        assert_eq!(
            inline,
            PostGroupId::parse("66b0c0ffee00000000000a01").expect("id")
        );
        let odd = PostGroupId::new_unchecked("PG_abc");
        assert!(!odd.is_well_formed());
        assert_eq!(odd.as_str(), "pg_abc");
        assert_eq!(odd, PostGroupId::new_unchecked("pg_ABC"));
        assert_ne!(odd, inline);
        // Ordered as their texts, whichever form each has.
        let mut ids = [odd.clone(), inline.clone(), PostGroupId::default()];
        ids.sort();
        let texts: Vec<&str> = ids.iter().map(PostGroupId::as_str).collect();
        assert_eq!(texts, ["", "66b0c0ffee00000000000a01", "pg_abc"]);
        assert_eq!(
            serde_json::to_string(&inline).expect("serializes"),
            "\"66b0c0ffee00000000000a01\""
        );
        assert!(std::mem::size_of::<PostGroupId>() <= 32);
    }
}
