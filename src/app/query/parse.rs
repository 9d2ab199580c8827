//! Reading query text: splitting it into words (quotes, escapes, a leading `-`, `key:value`),
//! then each word into a [`Term`]. Every error names the word and says what is allowed.

use chrono::{DateTime, Utc};

use super::Term;
use super::term::{TextTerm, TimeField, TimeOp};
use super::time::time_term;
use crate::api::model::{Platform, PostStatus};
use crate::time::TimeZoneChoice;

/// Most terms one query may hold; more is an error (each word is a pass over the posts).
pub const MAX_TERMS: usize = 64;

/// A malformed query: the term as written and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{term}: {message}")]
pub struct QueryError {
    /// The offending term as written (may be the whole query for a quote left open).
    pub term: String,
    /// What is wrong and what is allowed.
    pub message: String,
}

impl QueryError {
    fn new(term: &str, message: impl Into<String>) -> Self {
        // A term can be as long as the query; the message names its start.
        let mut shown: String = term.chars().take(60).collect();
        if shown.len() < term.len() {
            shown.push('…');
        }
        Self {
            term: shown,
            message: message.into(),
        }
    }
}

/// One whitespace-separated word of the query, quotes resolved.
#[derive(Debug, Clone)]
struct Word {
    /// As written, for errors.
    raw: String,
    /// A `-` stood before it (outside quotes).
    negated: bool,
    /// `key` of `key:value` (letters only, outside quotes), lower-cased.
    key: Option<String>,
    /// The rest (the value of `key:value`), quotes removed.
    value: String,
    /// Any part of the value was quoted.
    quoted: bool,
}

const KEYS: &str = "status:, platform:, created:, scheduled:, updated:, has:";

/// Reads `text` into terms (duplicates dropped, order kept).
pub(super) fn parse(
    text: &str,
    now: DateTime<Utc>,
    zone: TimeZoneChoice,
) -> Result<Vec<Term>, QueryError> {
    let words = join_clock_times(words(text)?);
    let mut terms: Vec<Term> = Vec::new();
    for word in &words {
        let term = term(word, now, zone)?;
        if !terms.contains(&term) {
            if terms.len() == MAX_TERMS {
                return Err(QueryError::new(
                    &word.raw,
                    format!("too many terms: a query holds at most {MAX_TERMS}"),
                ));
            }
            terms.push(term);
        }
    }
    Ok(terms)
}

fn words(text: &str) -> Result<Vec<Word>, QueryError> {
    let mut words = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some(&(start, _)) = chars.peek() {
        if chars.next_if(|(_, c)| c.is_whitespace()).is_some() {
            continue;
        }
        let mut value = String::new();
        let mut negated = false;
        let mut quoted = false;
        let mut colon: Option<usize> = None;
        let mut end = text.len();
        while let Some(&(at, c)) = chars.peek() {
            if c.is_whitespace() {
                end = at;
                break;
            }
            chars.next();
            if c.is_control() {
                return Err(QueryError::new(
                    &text[start..at],
                    "contains a control character",
                ));
            }
            if c == '"' {
                quoted = true;
                let mut closed = false;
                while let Some((at, c)) = chars.next() {
                    match c {
                        '"' => {
                            closed = true;
                            break;
                        }
                        '\\' => match chars.next() {
                            Some((_, escaped @ ('"' | '\\'))) => value.push(escaped),
                            _ => {
                                return Err(QueryError::new(
                                    &text[start..],
                                    format!(
                                        "a backslash in quotes escapes only \" or \\ (at character {})",
                                        text[..at].chars().count() + 1
                                    ),
                                ));
                            }
                        },
                        c if c.is_control() && !c.is_whitespace() => {
                            return Err(QueryError::new(
                                &text[start..],
                                "contains a control character",
                            ));
                        }
                        c => value.push(c),
                    }
                }
                if !closed {
                    return Err(QueryError::new(
                        &text[start..],
                        "the quote is not closed: add a closing \"",
                    ));
                }
                continue;
            }
            if c == '-' && value.is_empty() && !negated && !quoted && colon.is_none() {
                negated = true;
                continue;
            }
            if c == ':' && colon.is_none() && !quoted {
                colon = Some(value.len());
            }
            value.push(c);
        }
        let raw = text[start..end].to_string();
        let key = colon
            .filter(|&at| at > 0 && value[..at].chars().all(|c| c.is_ascii_alphabetic()))
            .map(|at| {
                let key = value[..at].to_ascii_lowercase();
                value.drain(..=at);
                key
            });
        words.push(Word {
            raw,
            negated,
            key,
            value,
            quoted,
        });
    }
    Ok(words)
}

/// `created:<2026-11-01 09:30` written without quotes: the clock time is the next word; joins
/// it to the date.
fn join_clock_times(words: Vec<Word>) -> Vec<Word> {
    let mut joined: Vec<Word> = Vec::with_capacity(words.len());
    for word in words {
        let is_clock =
            !word.negated && word.key.is_none() && !word.quoted && is_clock_time(&word.value);
        if is_clock
            && let Some(previous) = joined.last_mut()
            && previous
                .key
                .as_deref()
                .is_some_and(|key| matches!(key, "created" | "scheduled" | "updated"))
            && is_date(previous.value.trim_start_matches(['<', '>']))
        {
            previous.value.push(' ');
            previous.value.push_str(&word.value);
            previous.raw.push(' ');
            previous.raw.push_str(&word.raw);
            continue;
        }
        joined.push(word);
    }
    joined
}

fn is_clock_time(text: &str) -> bool {
    let bytes = text.as_bytes();
    matches!(bytes.len(), 4 | 5)
        && bytes[bytes.len() - 3] == b':'
        && text.bytes().filter(u8::is_ascii_digit).count() == bytes.len() - 1
}

fn is_date(text: &str) -> bool {
    text.len() == 10 && chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok()
}

fn term(word: &Word, now: DateTime<Utc>, zone: TimeZoneChoice) -> Result<Term, QueryError> {
    let Some(key) = word.key.as_deref() else {
        if word.value.is_empty() {
            let message = if word.quoted {
                "an empty phrase matches every post; write a word or remove it"
            } else {
                "a - must be followed by a word, a \"phrase\" or a filter such as status:draft"
            };
            return Err(QueryError::new(&word.raw, message));
        }
        return Ok(Term::Text(TextTerm {
            negated: word.negated,
            needle: word.value.to_lowercase(),
            text: word.value.clone(),
        }));
    };
    let value = word.value.as_str();
    match key {
        "status" => {
            let values = list(word, value, "status", |v| v.parse::<PostStatus>())?;
            Ok(Term::Status {
                negated: word.negated,
                values,
            })
        }
        "platform" => {
            let values = list(word, value, "platform", |v| v.parse::<Platform>())?;
            Ok(Term::Platform {
                negated: word.negated,
                values,
            })
        }
        "has" => {
            if value.eq_ignore_ascii_case("media") {
                Ok(Term::HasMedia {
                    negated: word.negated,
                })
            } else {
                Err(QueryError::new(
                    &word.raw,
                    "has: allows only media (has:media, -has:media)",
                ))
            }
        }
        "created" | "scheduled" | "updated" => {
            let field = match key {
                "created" => TimeField::Created,
                "scheduled" => TimeField::Scheduled,
                _ => TimeField::Updated,
            };
            if word.negated {
                let flipped = if value.starts_with('<') { '>' } else { '<' };
                return Err(QueryError::new(
                    &word.raw,
                    format!(
                        "a time term cannot be negated; turn its comparison around instead ({key}:{flipped}…)"
                    ),
                ));
            }
            let (op, spec) = if let Some(rest) = value.strip_prefix('<') {
                (TimeOp::Before, rest)
            } else if let Some(rest) = value.strip_prefix('>') {
                (TimeOp::After, rest)
            } else {
                (TimeOp::On, value)
            };
            time_term(field, op, spec.trim(), now, zone)
                .map(Term::Time)
                .map_err(|message| QueryError::new(&word.raw, message))
        }
        other => Err(QueryError::new(
            &word.raw,
            format!(
                "unknown filter {other}:; the filters are {KEYS} (to search for the text, quote it: \"{}\")",
                word.raw.trim_start_matches('-')
            ),
        )),
    }
}

/// The comma-separated values of `status:` or `platform:`, each read by `read`, deduplicated.
fn list<T: PartialEq>(
    word: &Word,
    value: &str,
    key: &str,
    read: impl Fn(&str) -> Result<T, String>,
) -> Result<Vec<T>, QueryError> {
    let mut values = Vec::new();
    for part in value.split(',') {
        let part = part.trim();
        if part.is_empty() {
            return Err(QueryError::new(
                &word.raw,
                format!("{key}: needs a value, or several separated by commas ({key}:a,b)"),
            ));
        }
        let parsed = read(part).map_err(|message| QueryError::new(&word.raw, message))?;
        if !values.contains(&parsed) {
            values.push(parsed);
        }
    }
    Ok(values)
}
